-- kafka_traffic_pipeline, stage 1 (traffic_data_clean):
-- bronze <bronze schema>.kafka_data_bronze → silver traffic_data_cleaned (+ traffic_data_quarantine).
--
-- Job parameters, filled in where this file says {{name}} (as quoted strings): {{catalog}},
-- {{bronze_schema}}, {{bronze_table}}, {{silver_schema}}, {{pipeline}}, {{environment}}, and
-- this step's {{step}}.
--
-- What a run does:
--   1. creates its tables when missing,
--   2. parses and validates the bronze records of this run window into
--      traffic_events_parsed_batch (replaced every run, kept for inspection). The window is
--      every bronze record ingested since the newest one already in silver, minus a one-day
--      lookback, so late bronze commits and a failed previous run are picked up again,
--   3. logs the clean rate to data_quality_results and FAILS the step (raise_error) when
--      fewer than 95 % of the window records are valid: nothing is published then,
--   4. keeps invalid records in traffic_data_quarantine with the reason,
--   5. MERGEs valid records into traffic_data_cleaned on the composite key event_key, so
--      re-running, replayed Kafka offsets and producer retries never add duplicates,
--   6. checks that event_key is unique in the dates it touched.
--
-- Validity (a record failing any of these is quarantined):
--   * a parsable JSON object with a customer_id
--   * event_type one of page_view, search, add_to_cart, purchase, refund, login,
--     reward_earned, reward_redeemed
--   * event_time a timestamp between 2000-01-01 and one day after the Kafka timestamp
--   * purchases and refunds have a non-negative amount
--   * amount and points, when present, are numbers
--
-- data_quality_score (valid records, 0-100): 50 for passing validation, plus 10 each for
-- event_id, session_id, a known channel (web, app, store, call_center), an ISO country code
-- and valid coordinates.
--
-- event_key: sha2 of customer_id | event_type | event_time (µs) | event_id, or, without
-- event_id, the Kafka record (topic/partition/offset). The first delivery of an event
-- (oldest Kafka timestamp, then partition, offset) is the one kept.
--
-- customer_engagement_summary.sql parses the same bronze records with the same rules:
-- change both together.

CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned') (
    event_key                   STRING         NOT NULL COMMENT 'Composite key, see traffic_data_cleaned.sql',
    event_id                    STRING,
    customer_id                 STRING         NOT NULL,
    event_type                  STRING         NOT NULL,
    event_time                  TIMESTAMP      NOT NULL,
    event_date                  DATE           NOT NULL,
    session_id                  STRING,
    channel                     STRING,
    page_url                    STRING,
    device_type                 STRING,
    amount                      DECIMAL(18, 2),
    currency                    STRING,
    points                      INT,
    city                        STRING,
    region                      STRING,
    country                     STRING,
    latitude                    DOUBLE,
    longitude                   DOUBLE,
    data_quality_score          INT            NOT NULL COMMENT '0-100, see traffic_data_cleaned.sql',
    kafka_topic                 STRING         NOT NULL,
    kafka_partition             INT            NOT NULL,
    kafka_offset                BIGINT         NOT NULL,
    kafka_timestamp             TIMESTAMP,
    bronze_ingestion_timestamp  TIMESTAMP      NOT NULL,
    silver_processed_at         TIMESTAMP      NOT NULL
)
USING DELTA
CLUSTER BY (event_date, customer_id)
COMMENT 'Loyalty traffic events parsed from Kafka, validated, scored and deduplicated (one row per event_key)';

CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_quarantine') (
    record_key                  STRING         NOT NULL COMMENT 'topic/partition/offset of the Kafka record',
    kafka_topic                 STRING         NOT NULL,
    kafka_partition             INT            NOT NULL,
    kafka_offset                BIGINT         NOT NULL,
    kafka_timestamp             TIMESTAMP,
    bronze_ingestion_timestamp  TIMESTAMP      NOT NULL,
    message_value               STRING,
    rejection_reason            STRING         NOT NULL,
    quarantined_at              TIMESTAMP      NOT NULL
)
USING DELTA
COMMENT 'Bronze Kafka records that failed validation, with the reason; one row per record';

-- 2. The window of this run, parsed and validated.
CREATE OR REPLACE TABLE IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch')
COMMENT 'Work table of traffic_data_clean: the bronze records of the latest run, parsed and validated'
AS
WITH bronze_window AS (
    SELECT b.*
    FROM IDENTIFIER({{catalog}} || '.' || {{bronze_schema}} || '.' || {{bronze_table}}) AS b
    WHERE b.ingestion_timestamp >= (
        SELECT coalesce(max(s.bronze_ingestion_timestamp) - INTERVAL 1 DAY, TIMESTAMP '1970-01-01 00:00:00')
        FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned') AS s
    )
),
parsed AS (
    SELECT
        w.kafka_topic,
        w.kafka_partition,
        w.kafka_offset,
        w.kafka_timestamp,
        w.ingestion_timestamp AS bronze_ingestion_timestamp,
        w.message_value,
        from_json(
            w.message_value,
            'event_id STRING, customer_id STRING, event_type STRING, event_time STRING, session_id STRING, channel STRING, page_url STRING, device_type STRING, amount STRING, currency STRING, points STRING, location STRUCT<city: STRING, region: STRING, country: STRING, latitude: STRING, longitude: STRING>'
        ) AS e
    FROM bronze_window AS w
),
typed AS (
    SELECT
        concat_ws('/', kafka_topic, CAST(kafka_partition AS STRING), CAST(kafka_offset AS STRING)) AS record_key,
        kafka_topic,
        kafka_partition,
        kafka_offset,
        kafka_timestamp,
        bronze_ingestion_timestamp,
        message_value,
        e IS NULL                                          AS unparsable,
        nullif(trim(e.event_id), '')                       AS event_id,
        nullif(trim(e.customer_id), '')                    AS customer_id,
        lower(trim(e.event_type))                          AS event_type,
        try_cast(e.event_time AS TIMESTAMP)                AS event_time,
        nullif(trim(e.session_id), '')                     AS session_id,
        lower(trim(e.channel))                             AS channel,
        nullif(trim(e.page_url), '')                       AS page_url,
        lower(trim(e.device_type))                         AS device_type,
        nullif(trim(e.amount), '')                         AS amount_text,
        try_cast(e.amount AS DECIMAL(18, 2))               AS amount,
        upper(trim(e.currency))                            AS currency,
        nullif(trim(e.points), '')                         AS points_text,
        try_cast(e.points AS INT)                          AS points,
        initcap(trim(e.location.city))                     AS city,
        nullif(trim(e.location.region), '')                AS region,
        upper(trim(e.location.country))                    AS country,
        try_cast(e.location.latitude AS DOUBLE)            AS latitude,
        try_cast(e.location.longitude AS DOUBLE)           AS longitude
    FROM parsed
),
checked AS (
    SELECT
        *,
        CASE
            WHEN unparsable OR message_value IS NULL                       THEN 'unparsable_json'
            WHEN customer_id IS NULL                                       THEN 'missing_customer_id'
            WHEN event_type IS NULL OR event_type NOT IN (
                'page_view', 'search', 'add_to_cart', 'purchase', 'refund',
                'login', 'reward_earned', 'reward_redeemed')                THEN 'unknown_event_type'
            WHEN event_time IS NULL                                        THEN 'invalid_event_time'
            WHEN event_time < TIMESTAMP '2000-01-01 00:00:00'
              OR event_time > kafka_timestamp + INTERVAL 1 DAY             THEN 'event_time_out_of_range'
            WHEN amount_text IS NOT NULL AND amount IS NULL                THEN 'invalid_amount'
            WHEN event_type IN ('purchase', 'refund') AND (amount IS NULL OR amount < 0)
                                                                           THEN 'invalid_amount'
            WHEN points_text IS NOT NULL AND points IS NULL                THEN 'invalid_points'
        END AS rejection_reason
    FROM typed
),
keyed AS (
    SELECT
        *,
        CASE WHEN rejection_reason IS NULL THEN
            sha2(concat_ws('|', customer_id, event_type, CAST(unix_micros(event_time) AS STRING), coalesce(event_id, record_key)), 256)
        END AS event_key,
        CASE WHEN rejection_reason IS NULL THEN
            50
            + CASE WHEN event_id IS NOT NULL THEN 10 ELSE 0 END
            + CASE WHEN session_id IS NOT NULL THEN 10 ELSE 0 END
            + CASE WHEN channel IN ('web', 'app', 'store', 'call_center') THEN 10 ELSE 0 END
            + CASE WHEN country RLIKE '^[A-Z]{2}$' THEN 10 ELSE 0 END
            + CASE WHEN latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180 THEN 10 ELSE 0 END
        ELSE 0 END AS data_quality_score
    FROM checked
)
SELECT
    *,
    row_number() OVER (
        PARTITION BY coalesce(event_key, record_key)
        ORDER BY kafka_timestamp, kafka_partition, kafka_offset
    ) AS delivery_rank
FROM keyed;

-- 3. Data-quality gate: log the clean rate, then fail the step when it is below 95 %.
INSERT INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.data_quality_results')
    (pipeline, environment, step, check_name, checked_at, rows_checked, rows_passed, rows_failed,
     pass_rate, threshold, passed, details)
SELECT
    {{pipeline}},
    {{environment}},
    {{step}},
    'clean_rate',
    current_timestamp(),
    coalesce(sum(n), 0),
    coalesce(sum(CASE WHEN rejection_reason IS NULL THEN n END), 0),
    coalesce(sum(CASE WHEN rejection_reason IS NOT NULL THEN n END), 0),
    CAST(sum(CASE WHEN rejection_reason IS NULL THEN n ELSE 0 END) / nullif(sum(n), 0) AS DECIMAL(7, 4)),
    CAST(0.95 AS DECIMAL(7, 4)),
    coalesce(sum(CASE WHEN rejection_reason IS NULL THEN n ELSE 0 END) / nullif(sum(n), 0) >= 0.95, true),
    -- e.g. {"missing_customer_id":3,"invalid_amount":1}
    to_json(map_from_entries(collect_list(CASE WHEN rejection_reason IS NOT NULL THEN struct(rejection_reason, n) END)))
FROM (
    SELECT rejection_reason, count(*) AS n
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch')
    GROUP BY rejection_reason
) AS reasons;

SELECT
    CASE WHEN count(*) > 0 AND count_if(rejection_reason IS NULL) / count(*) < 0.95 THEN
        raise_error(format_string(
            'data quality check failed in %s: clean rate %.2f%% is below 95%% (%d of %d bronze records valid). '
            || 'Nothing was published. See the rejection reasons in traffic_events_parsed_batch.',
            {{step}}, CAST(100.0 * count_if(rejection_reason IS NULL) / count(*) AS DOUBLE), count_if(rejection_reason IS NULL), count(*)))
    END AS clean_rate_check
FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch');

-- 4. Invalid records, once each.
MERGE INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_quarantine') AS t
USING (
    SELECT record_key, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp,
           bronze_ingestion_timestamp, message_value, rejection_reason
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch')
    WHERE rejection_reason IS NOT NULL AND delivery_rank = 1
) AS s
ON t.record_key = s.record_key
WHEN NOT MATCHED THEN INSERT (
    record_key, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp,
    bronze_ingestion_timestamp, message_value, rejection_reason, quarantined_at
) VALUES (
    s.record_key, s.kafka_topic, s.kafka_partition, s.kafka_offset, s.kafka_timestamp,
    s.bronze_ingestion_timestamp, s.message_value, s.rejection_reason, current_timestamp()
);

-- 5. Valid records: one row per event_key. An earlier delivery of an event replaces a later one.
MERGE INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned') AS t
USING (
    SELECT
        event_key, event_id, customer_id, event_type, event_time, to_date(event_time) AS event_date,
        session_id, channel, page_url, device_type, amount, currency, points,
        city, region, country, latitude, longitude, data_quality_score,
        kafka_topic, kafka_partition, kafka_offset, kafka_timestamp, bronze_ingestion_timestamp,
        current_timestamp() AS silver_processed_at
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch')
    WHERE rejection_reason IS NULL AND delivery_rank = 1
) AS s
ON t.event_key = s.event_key
WHEN MATCHED AND (
        s.kafka_timestamp < t.kafka_timestamp
        OR (s.kafka_timestamp = t.kafka_timestamp AND s.kafka_partition < t.kafka_partition)
        OR (s.kafka_timestamp = t.kafka_timestamp AND s.kafka_partition = t.kafka_partition AND s.kafka_offset < t.kafka_offset)
    ) THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *;

-- 6. event_key must be unique (guards against concurrent runs writing the same events).
SELECT
    CASE WHEN count(*) > 0 THEN
        raise_error(format_string('data quality check failed in %s: %d event_key values occur more than once in traffic_data_cleaned', {{step}}, count(*)))
    END AS unique_event_key_check
FROM (
    SELECT c.event_key
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned') AS c
    WHERE c.event_date IN (
        SELECT DISTINCT to_date(event_time)
        FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_events_parsed_batch')
        WHERE rejection_reason IS NULL
    )
    GROUP BY c.event_key
    HAVING count(*) > 1
) AS duplicates;
