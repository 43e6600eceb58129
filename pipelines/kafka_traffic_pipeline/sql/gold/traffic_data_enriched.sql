-- kafka_traffic_pipeline, stage 2 (traffic_data_enriched), after both stage-1 steps:
-- silver traffic_data_cleaned + customer_engagement_summary → gold customer_locations
-- (dimension) and gold traffic_data_enriched (business-ready events).
--
-- Job parameters, filled in where this file says {{name}} (as quoted strings): {{catalog}},
-- {{silver_schema}}, {{gold_schema}}, {{pipeline}}, {{environment}}, and this step's {{step}}.
--
-- customer_locations: one row per customer with a known location. SCD type 1, MERGEd: a
-- row is only rewritten when one of its values changed.
--   home_*    the location (city, region, country) with the most events, ties to the latest
--   latest_*  the location of the customer latest located event
-- traffic_data_enriched: one row per silver event, rebuilt completely every run (INSERT
-- OVERWRITE), so segment and home location are those of the latest run. No Kafka or
-- processing columns: event_key is the key of the row (see traffic_data_cleaned.sql).

-- 1. Dimension: customer_locations.
CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.customer_locations') (
    customer_id            STRING     NOT NULL,
    home_city              STRING,
    home_region            STRING,
    home_country           STRING,
    latest_city            STRING,
    latest_region          STRING,
    latest_country         STRING,
    latest_latitude        DOUBLE,
    latest_longitude       DOUBLE,
    latest_location_at     TIMESTAMP  NOT NULL COMMENT 'event_time of the latest event with a location',
    located_events         BIGINT     NOT NULL,
    distinct_cities        INT        NOT NULL,
    distinct_countries     INT        NOT NULL,
    first_seen_at          TIMESTAMP  NOT NULL,
    last_seen_at           TIMESTAMP  NOT NULL,
    updated_at             TIMESTAMP  NOT NULL COMMENT 'When a value of this row last changed'
)
USING DELTA
CLUSTER BY (customer_id)
COMMENT 'Customer location dimension (SCD type 1): home and latest known location per customer';

MERGE INTO IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.customer_locations') AS t
USING (
    WITH located AS (
        SELECT customer_id, city, region, country, latitude, longitude, event_time
        FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned')
        WHERE city IS NOT NULL OR country IS NOT NULL
    ),
    per_location AS (
        SELECT customer_id, city, region, country, count(*) AS events, max(event_time) AS last_at
        FROM located
        GROUP BY customer_id, city, region, country
    ),
    home AS (
        SELECT customer_id, city, region, country
        FROM (
            SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY events DESC, last_at DESC, city, region, country) AS rn
            FROM per_location
        ) AS ranked
        WHERE rn = 1
    ),
    latest AS (
        SELECT customer_id, city, region, country, latitude, longitude, event_time
        FROM (
            SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY event_time DESC, city, region, country) AS rn
            FROM located
        ) AS ranked
        WHERE rn = 1
    ),
    totals AS (
        SELECT
            customer_id,
            count(*)                              AS located_events,
            CAST(count(DISTINCT city) AS INT)     AS distinct_cities,
            CAST(count(DISTINCT country) AS INT)  AS distinct_countries,
            min(event_time)                       AS first_seen_at,
            max(event_time)                       AS last_seen_at
        FROM located
        GROUP BY customer_id
    )
    SELECT
        tt.customer_id,
        h.city        AS home_city,
        h.region      AS home_region,
        h.country     AS home_country,
        l.city        AS latest_city,
        l.region      AS latest_region,
        l.country     AS latest_country,
        l.latitude    AS latest_latitude,
        l.longitude   AS latest_longitude,
        l.event_time  AS latest_location_at,
        tt.located_events,
        tt.distinct_cities,
        tt.distinct_countries,
        tt.first_seen_at,
        tt.last_seen_at
    FROM totals AS tt
    JOIN home AS h ON h.customer_id = tt.customer_id
    JOIN latest AS l ON l.customer_id = tt.customer_id
) AS s
ON t.customer_id = s.customer_id
WHEN MATCHED AND NOT (
        t.home_city <=> s.home_city AND t.home_region <=> s.home_region AND t.home_country <=> s.home_country
        AND t.latest_city <=> s.latest_city AND t.latest_region <=> s.latest_region AND t.latest_country <=> s.latest_country
        AND t.latest_latitude <=> s.latest_latitude AND t.latest_longitude <=> s.latest_longitude
        AND t.latest_location_at <=> s.latest_location_at AND t.located_events <=> s.located_events
        AND t.distinct_cities <=> s.distinct_cities AND t.distinct_countries <=> s.distinct_countries
        AND t.first_seen_at <=> s.first_seen_at AND t.last_seen_at <=> s.last_seen_at
    ) THEN UPDATE SET
        home_city = s.home_city, home_region = s.home_region, home_country = s.home_country,
        latest_city = s.latest_city, latest_region = s.latest_region, latest_country = s.latest_country,
        latest_latitude = s.latest_latitude, latest_longitude = s.latest_longitude,
        latest_location_at = s.latest_location_at, located_events = s.located_events,
        distinct_cities = s.distinct_cities, distinct_countries = s.distinct_countries,
        first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at,
        updated_at = current_timestamp()
WHEN NOT MATCHED THEN INSERT (
        customer_id, home_city, home_region, home_country, latest_city, latest_region, latest_country,
        latest_latitude, latest_longitude, latest_location_at, located_events, distinct_cities,
        distinct_countries, first_seen_at, last_seen_at, updated_at
    ) VALUES (
        s.customer_id, s.home_city, s.home_region, s.home_country, s.latest_city, s.latest_region, s.latest_country,
        s.latest_latitude, s.latest_longitude, s.latest_location_at, s.located_events, s.distinct_cities,
        s.distinct_countries, s.first_seen_at, s.last_seen_at, current_timestamp()
    )
WHEN NOT MATCHED BY SOURCE THEN DELETE;

-- 2. Fact: traffic_data_enriched.
CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.traffic_data_enriched') (
    event_key                  STRING         NOT NULL COMMENT 'Unique key of the event',
    event_id                   STRING,
    customer_id                STRING         NOT NULL,
    event_type                 STRING         NOT NULL,
    event_category             STRING         NOT NULL COMMENT 'browsing, transaction, loyalty or account',
    event_time                 TIMESTAMP      NOT NULL,
    event_date                 DATE           NOT NULL,
    event_hour                 INT            NOT NULL,
    day_of_week                STRING         NOT NULL,
    is_weekend                 BOOLEAN        NOT NULL,
    session_id                 STRING,
    channel                    STRING,
    device_type                STRING,
    page_url                   STRING,
    amount                     DECIMAL(18, 2),
    currency                   STRING,
    net_revenue                DECIMAL(18, 2) NOT NULL COMMENT 'amount for purchases, minus amount for refunds, else 0',
    points_earned              INT            NOT NULL,
    points_redeemed            INT            NOT NULL,
    city                       STRING,
    region                     STRING,
    country                    STRING,
    is_home_country            BOOLEAN                 COMMENT 'NULL when either country is unknown',
    home_city                  STRING,
    home_country               STRING,
    customer_segment           STRING         NOT NULL COMMENT 'From customer_engagement_summary, unclassified outside its 90-day window',
    customer_engagement_score  INT
)
USING DELTA
CLUSTER BY (event_date, customer_id)
COMMENT 'Loyalty traffic events ready for analytics: categorised, with revenue, points, location and customer segment';

INSERT OVERWRITE IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.traffic_data_enriched')
SELECT
    c.event_key,
    c.event_id,
    c.customer_id,
    c.event_type,
    CASE
        WHEN c.event_type IN ('purchase', 'refund')               THEN 'transaction'
        WHEN c.event_type IN ('reward_earned', 'reward_redeemed') THEN 'loyalty'
        WHEN c.event_type = 'login'                               THEN 'account'
        ELSE 'browsing'
    END                                                              AS event_category,
    c.event_time,
    c.event_date,
    hour(c.event_time)                                               AS event_hour,
    date_format(c.event_time, 'EEEE')                                AS day_of_week,
    dayofweek(c.event_time) IN (1, 7)                                AS is_weekend,
    c.session_id,
    c.channel,
    c.device_type,
    c.page_url,
    c.amount,
    c.currency,
    CAST(CASE
        WHEN c.event_type = 'purchase' THEN coalesce(c.amount, 0)
        WHEN c.event_type = 'refund' THEN -coalesce(c.amount, 0)
        ELSE 0
    END AS DECIMAL(18, 2))                                           AS net_revenue,
    greatest(coalesce(c.points, 0), 0)                               AS points_earned,
    greatest(-coalesce(c.points, 0), 0)                              AS points_redeemed,
    c.city,
    c.region,
    c.country,
    CASE WHEN c.country IS NOT NULL AND l.home_country IS NOT NULL THEN c.country = l.home_country END AS is_home_country,
    l.home_city,
    l.home_country,
    coalesce(s.customer_segment, 'unclassified')                     AS customer_segment,
    s.engagement_score                                               AS customer_engagement_score
FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned') AS c
LEFT JOIN IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.customer_engagement_summary') AS s
    ON s.customer_id = c.customer_id
LEFT JOIN IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.customer_locations') AS l
    ON l.customer_id = c.customer_id;

-- 3. Data-quality checks: the joins must not add or lose events, and the dimension has one
--    row per customer.
INSERT INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.data_quality_results')
    (pipeline, environment, step, check_name, checked_at, rows_checked, rows_passed, rows_failed,
     pass_rate, threshold, passed, details)
SELECT
    {{pipeline}},
    {{environment}},
    {{step}},
    'gold_consistency',
    current_timestamp(),
    silver_events,
    least(gold_events, silver_events),
    abs(gold_events - silver_events) + duplicate_locations,
    CAST(least(gold_events, silver_events) / nullif(silver_events, 0) AS DECIMAL(7, 4)),
    CAST(1 AS DECIMAL(7, 4)),
    gold_events = silver_events AND duplicate_locations = 0,
    format_string('{"silver_events":%d,"gold_events":%d,"duplicate_location_rows":%d}',
                  silver_events, gold_events, duplicate_locations)
FROM (
    SELECT
        (SELECT count(*) FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned')) AS silver_events,
        (SELECT count(*) FROM IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.traffic_data_enriched'))  AS gold_events,
        (SELECT count(*) - count(DISTINCT customer_id)
         FROM IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.customer_locations'))                   AS duplicate_locations
) AS counts;

SELECT
    CASE WHEN gold_events <> silver_events OR duplicate_locations > 0 THEN
        raise_error(format_string(
            'data quality check failed in %s: traffic_data_enriched has %d rows for %d silver events, customer_locations has %d duplicate rows',
            {{step}}, gold_events, silver_events, duplicate_locations))
    END AS gold_consistency_check
FROM (
    SELECT
        (SELECT count(*) FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.traffic_data_cleaned')) AS silver_events,
        (SELECT count(*) FROM IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.traffic_data_enriched'))  AS gold_events,
        (SELECT count(*) - count(DISTINCT customer_id)
         FROM IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.customer_locations'))                   AS duplicate_locations
) AS counts;
