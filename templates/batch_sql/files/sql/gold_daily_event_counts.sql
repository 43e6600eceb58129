-- Step gold_daily_event_counts (stage 2): events per topic and day, for dashboards.
--
-- Rebuilt from silver on every run (INSERT OVERWRITE), so it is always consistent with
-- silver and a rerun gives the same result. For very large silver tables, switch to
-- recomputing only recent days (INSERT INTO ... REPLACE WHERE event_date >= ...).

CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.daily_event_counts') (
  event_date       DATE      NOT NULL COMMENT 'Day the events happened (Kafka timestamp)',
  kafka_topic      STRING    NOT NULL COMMENT 'Topic the events were read from',
  event_count      BIGINT    NOT NULL COMMENT 'Number of events',
  distinct_keys    BIGINT    NOT NULL COMMENT 'Number of different message keys',
  first_event_time TIMESTAMP          COMMENT 'Earliest event of the day',
  last_event_time  TIMESTAMP          COMMENT 'Latest event of the day',
  refreshed_at     TIMESTAMP NOT NULL COMMENT 'When this row was computed'
)
COMMENT 'Daily event counts per Kafka topic, rebuilt from silver on every run';

INSERT OVERWRITE IDENTIFIER({{catalog}} || '.' || {{gold_schema}} || '.daily_event_counts')
SELECT
  event_date,
  kafka_topic,
  count(*)                  AS event_count,
  count(DISTINCT event_key) AS distinct_keys,
  min(event_time)           AS first_event_time,
  max(event_time)           AS last_event_time,
  current_timestamp()       AS refreshed_at
FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.events_clean')
WHERE event_date IS NOT NULL
GROUP BY event_date, kafka_topic;
