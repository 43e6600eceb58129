-- Step silver_events_clean (stage 1): copies new Kafka records from bronze into a
-- cleaned silver table, exactly once per record.
--
-- It reads the bronze table named by the {{bronze_table}} job parameter ("parameters"
-- in config.json): raw Kafka records as a streaming_delta pipeline writes them (columns
-- kafka_topic, kafka_partition, kafka_offset, kafka_timestamp, message_key,
-- message_value, ingested_at).
--
-- Table names are built from the job's parameters, filled in where the file says
-- {{name}} (as quoted strings), with IDENTIFIER(...), so the same file reads and writes
-- the right catalog and schemas in dev (schemas of your own), staging and prod.

CREATE TABLE IF NOT EXISTS IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.events_clean') (
  kafka_topic     STRING    NOT NULL COMMENT 'Topic the event was read from',
  kafka_partition INT       NOT NULL COMMENT 'Kafka partition of the event',
  kafka_offset    BIGINT    NOT NULL COMMENT 'Offset of the event in its partition',
  event_time      TIMESTAMP          COMMENT 'Timestamp Kafka stored with the event',
  event_date      DATE               COMMENT 'Day of event_time',
  event_key       STRING             COMMENT 'Message key, trimmed; NULL when empty',
  payload         STRING    NOT NULL COMMENT 'Message value, trimmed',
  ingested_at     TIMESTAMP NOT NULL COMMENT 'When the event landed in bronze',
  processed_at    TIMESTAMP NOT NULL COMMENT 'When this step copied the event'
)
COMMENT 'Kafka events with empty messages removed; one row per topic, partition and offset';

-- Reads only what arrived since the last run, minus a day of overlap for records that
-- other writers committed late. The overlap is harmless: records already in silver
-- match on (topic, partition, offset) and are skipped, so a rerun changes nothing.
MERGE INTO IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.events_clean') AS target
USING (
  SELECT
    kafka_topic,
    kafka_partition,
    kafka_offset,
    kafka_timestamp                 AS event_time,
    CAST(kafka_timestamp AS DATE)   AS event_date,
    NULLIF(TRIM(message_key), '')   AS event_key,
    TRIM(message_value)             AS payload,
    ingested_at,
    current_timestamp()             AS processed_at
  FROM IDENTIFIER({{catalog}} || '.' || {{bronze_schema}} || '.' || {{bronze_table}})
  WHERE NULLIF(TRIM(message_value), '') IS NOT NULL
    AND ingested_at >= (
      SELECT coalesce(max(ingested_at), TIMESTAMP '1970-01-02 00:00:00') - INTERVAL 1 DAY
      FROM IDENTIFIER({{catalog}} || '.' || {{silver_schema}} || '.events_clean')
    )
  QUALIFY row_number() OVER (
    PARTITION BY kafka_topic, kafka_partition, kafka_offset
    ORDER BY ingested_at DESC
  ) = 1
) AS source
ON  target.kafka_topic     = source.kafka_topic
AND target.kafka_partition = source.kafka_partition
AND target.kafka_offset    = source.kafka_offset
WHEN NOT MATCHED THEN INSERT *;
