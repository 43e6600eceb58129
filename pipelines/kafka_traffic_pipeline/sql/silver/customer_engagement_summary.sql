-- kafka_traffic_pipeline, stage 1 (user_engagement_summary), in parallel with traffic_data_clean:
-- bronze <bronze schema>.kafka_data_bronze → silver customer_engagement_summary.
--
-- Job parameters, filled in where this file says {{name}} (as quoted strings): {{catalog}},
-- {{bronze_schema}}, {{bronze_table}}, {{silver_schema}}, {{pipeline}}, {{environment}}, and
-- this step's {{step}}.
--
-- A snapshot per customer over the trailing 90 days (by event_time, as of the run date in
-- UTC), rewritten completely every run (INSERT OVERWRITE), so re-running gives the same
-- table. It reads bronze itself because it runs at the same time as traffic_data_clean.
-- Parsing, validity rules and the event_key are the same as in traffic_data_cleaned.sql
-- (change both together), and an event counts once however often it was delivered.
--
-- engagement_score (0-100) = recency + frequency + monetary:
--   recency   40 if the last event is at most 7 days old, 25 if at most 30, 10 if at most 60, else 0
--   frequency active days in the window, at most 30
--   monetary  one point per 20 of net spend (purchases minus refunds), at most 30
-- customer_segment, first rule that matches:
--   vip         5+ purchases and net spend of 500 or more
--   at_risk     has purchased, but nothing for more than 30 days
--   loyal       2+ purchases
--   new_buyer   exactly 1 purchase
--   browser     no purchase, active in the last 30 days
--   dormant     no purchase and nothing for more than 30 days

CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.customer_engagement_summary') (
    customer_id            STRING         NOT NULL,
    as_of_date             DATE           NOT NULL COMMENT 'Run date (UTC). The window is the 90 days up to it',
    window_start_date      DATE           NOT NULL,
    total_events           BIGINT         NOT NULL,
    sessions               BIGINT         NOT NULL,
    page_views             BIGINT         NOT NULL,
    searches               BIGINT         NOT NULL,
    add_to_cart_events     BIGINT         NOT NULL,
    purchases              BIGINT         NOT NULL,
    refunds                BIGINT         NOT NULL,
    net_spend              DECIMAL(18, 2) NOT NULL COMMENT 'Purchase amounts minus refund amounts',
    avg_order_value        DECIMAL(18, 2)          COMMENT 'NULL without purchases',
    cart_conversion_rate   DECIMAL(7, 4)           COMMENT 'purchases / add_to_cart_events, NULL without add-to-cart',
    points_earned          BIGINT         NOT NULL,
    points_redeemed        BIGINT         NOT NULL,
    active_days            INT            NOT NULL,
    channels_used          INT            NOT NULL,
    preferred_channel      STRING                  COMMENT 'Channel with the most events, ties go to the alphabetically first',
    first_event_at         TIMESTAMP      NOT NULL,
    last_event_at          TIMESTAMP      NOT NULL,
    days_since_last_event  INT            NOT NULL,
    engagement_score       INT            NOT NULL,
    customer_segment       STRING         NOT NULL
)
USING DELTA
CLUSTER BY (customer_id)
COMMENT 'Per-customer engagement over the trailing 90 days, with an engagement score and segment';

INSERT OVERWRITE IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.customer_engagement_summary')
WITH parsed AS (
    SELECT
        b.kafka_topic,
        b.kafka_partition,
        b.kafka_offset,
        b.kafka_timestamp,
        from_json(
            b.message_value,
            'event_id STRING, customer_id STRING, event_type STRING, event_time STRING, session_id STRING, channel STRING, page_url STRING, device_type STRING, amount STRING, currency STRING, points STRING, location STRUCT<city: STRING, region: STRING, country: STRING, latitude: STRING, longitude: STRING>'
        ) AS e
    FROM IDENTIFIER({{catalog}} || '.' || {{bronze_schema}} || '.' || {{bronze_table}}) AS b
    -- An event is ingested after it happens, so this prunes bronze to the window.
    WHERE b.ingestion_date >= date_sub(current_date(), 90)
),
typed AS (
    SELECT
        concat_ws('/', kafka_topic, CAST(kafka_partition AS STRING), CAST(kafka_offset AS STRING)) AS record_key,
        kafka_topic,
        kafka_partition,
        kafka_offset,
        kafka_timestamp,
        nullif(trim(e.event_id), '')              AS event_id,
        nullif(trim(e.customer_id), '')           AS customer_id,
        lower(trim(e.event_type))                 AS event_type,
        try_cast(e.event_time AS TIMESTAMP)       AS event_time,
        nullif(trim(e.session_id), '')            AS session_id,
        lower(trim(e.channel))                    AS channel,
        nullif(trim(e.amount), '')                AS amount_text,
        try_cast(e.amount AS DECIMAL(18, 2))      AS amount,
        nullif(trim(e.points), '')                AS points_text,
        try_cast(e.points AS INT)                 AS points
    FROM parsed
),
valid AS (
    -- The validity rules of traffic_data_cleaned.sql.
    SELECT *
    FROM typed
    WHERE customer_id IS NOT NULL
      AND event_type IN ('page_view', 'search', 'add_to_cart', 'purchase', 'refund',
                         'login', 'reward_earned', 'reward_redeemed')
      AND event_time IS NOT NULL
      AND event_time >= TIMESTAMP '2000-01-01 00:00:00'
      AND event_time <= kafka_timestamp + INTERVAL 1 DAY
      AND NOT (amount_text IS NOT NULL AND amount IS NULL)
      AND NOT (event_type IN ('purchase', 'refund') AND (amount IS NULL OR amount < 0))
      AND NOT (points_text IS NOT NULL AND points IS NULL)
      AND to_date(event_time) >= date_sub(current_date(), 90)
),
events AS (
    -- Each event once: the first delivery of its event_key.
    SELECT *
    FROM (
        SELECT
            v.*,
            row_number() OVER (
                PARTITION BY sha2(concat_ws('|', v.customer_id, v.event_type, CAST(unix_micros(v.event_time) AS STRING),
                                            coalesce(v.event_id, v.record_key)), 256)
                ORDER BY v.kafka_timestamp, v.kafka_partition, v.kafka_offset
            ) AS delivery_rank
        FROM valid AS v
    ) AS ranked
    WHERE delivery_rank = 1
),
per_customer AS (
    SELECT
        customer_id,
        count(*)                                                   AS total_events,
        count(DISTINCT session_id)                                 AS sessions,
        count_if(event_type = 'page_view')                         AS page_views,
        count_if(event_type = 'search')                            AS searches,
        count_if(event_type = 'add_to_cart')                       AS add_to_cart_events,
        count_if(event_type = 'purchase')                          AS purchases,
        count_if(event_type = 'refund')                            AS refunds,
        CAST(coalesce(sum(CASE WHEN event_type = 'purchase' THEN amount
                               WHEN event_type = 'refund' THEN -amount END), 0) AS DECIMAL(18, 2)) AS net_spend,
        CAST(avg(CASE WHEN event_type = 'purchase' THEN amount END) AS DECIMAL(18, 2))          AS avg_order_value,
        coalesce(sum(CASE WHEN points > 0 THEN points END), 0)     AS points_earned,
        coalesce(sum(CASE WHEN points < 0 THEN -points END), 0)    AS points_redeemed,
        CAST(count(DISTINCT to_date(event_time)) AS INT)           AS active_days,
        CAST(count(DISTINCT channel) AS INT)                       AS channels_used,
        min(event_time)                                            AS first_event_at,
        max(event_time)                                            AS last_event_at,
        datediff(current_date(), to_date(max(event_time)))         AS days_since_last_event
    FROM events
    GROUP BY customer_id
),
preferred_channel AS (
    SELECT customer_id, channel
    FROM (
        SELECT
            customer_id,
            channel,
            row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC, channel) AS channel_rank
        FROM events
        WHERE channel IS NOT NULL
        GROUP BY customer_id, channel
    ) AS ranked_channels
    WHERE channel_rank = 1
)
SELECT
    a.customer_id,
    current_date()                                         AS as_of_date,
    date_sub(current_date(), 90)                           AS window_start_date,
    a.total_events,
    a.sessions,
    a.page_views,
    a.searches,
    a.add_to_cart_events,
    a.purchases,
    a.refunds,
    a.net_spend,
    a.avg_order_value,
    CAST(a.purchases / nullif(a.add_to_cart_events, 0) AS DECIMAL(7, 4)) AS cart_conversion_rate,
    a.points_earned,
    a.points_redeemed,
    a.active_days,
    a.channels_used,
    pc.channel                                             AS preferred_channel,
    a.first_event_at,
    a.last_event_at,
    a.days_since_last_event,
    CAST(
        CASE
            WHEN a.days_since_last_event <= 7 THEN 40
            WHEN a.days_since_last_event <= 30 THEN 25
            WHEN a.days_since_last_event <= 60 THEN 10
            ELSE 0
        END
        + least(a.active_days, 30)
        + least(greatest(floor(a.net_spend / 20), 0), 30)
    AS INT)                                                AS engagement_score,
    CASE
        WHEN a.purchases >= 5 AND a.net_spend >= 500           THEN 'vip'
        WHEN a.purchases >= 1 AND a.days_since_last_event > 30 THEN 'at_risk'
        WHEN a.purchases >= 2                                  THEN 'loyal'
        WHEN a.purchases = 1                                   THEN 'new_buyer'
        WHEN a.days_since_last_event <= 30                     THEN 'browser'
        ELSE 'dormant'
    END                                                    AS customer_segment
FROM per_customer AS a
LEFT JOIN preferred_channel AS pc
    ON pc.customer_id = a.customer_id;

-- Data-quality checks: one row per customer, and every engagement score within 0-100.
INSERT INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.data_quality_results')
    (pipeline, environment, step, check_name, checked_at, rows_checked, rows_passed, rows_failed,
     pass_rate, threshold, passed, details)
SELECT
    {{pipeline}},
    {{environment}},
    {{step}},
    'summary_consistency',
    current_timestamp(),
    total,
    total - (duplicates + out_of_range),
    duplicates + out_of_range,
    CAST(1 - (duplicates + out_of_range) / nullif(total, 0) AS DECIMAL(7, 4)),
    CAST(1 AS DECIMAL(7, 4)),
    duplicates + out_of_range = 0,
    format_string('{"duplicate_customers":%d,"scores_out_of_range":%d}', duplicates, out_of_range)
FROM (
    SELECT
        count(*)                                              AS total,
        count(*) - count(DISTINCT customer_id)                AS duplicates,
        count_if(engagement_score NOT BETWEEN 0 AND 100)      AS out_of_range
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.customer_engagement_summary')
) AS summary_check;

SELECT
    CASE WHEN duplicates + out_of_range > 0 THEN
        raise_error(format_string(
            'data quality check failed in %s: %d duplicate customers and %d engagement scores outside 0-100 in customer_engagement_summary',
            {{step}}, duplicates, out_of_range))
    END AS summary_consistency_check
FROM (
    SELECT
        count(*) - count(DISTINCT customer_id)                AS duplicates,
        count_if(engagement_score NOT BETWEEN 0 AND 100)      AS out_of_range
    FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.customer_engagement_summary')
) AS summary_check;
