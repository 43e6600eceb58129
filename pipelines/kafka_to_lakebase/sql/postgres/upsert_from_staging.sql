-- Merge the staged micro-batch into the target table, then empty the staging table.
-- Runs in one transaction: either the whole batch is merged and staging is
-- emptied, or nothing changes.
--
-- Rules (tested in test/postgres):
--   * Identity: a Kafka record is (kafka_topic, kafka_partition, kafka_offset).
--     Replays, retries and re-reads of the same record never add a row.
--   * Within one batch the same record may appear more than once; the version
--     with the newest kafka_timestamp is kept (ties broken by the value and key
--     bytes, so the outcome does not depend on row order).
--   * Late version: a version whose kafka_timestamp is not newer than the stored
--     one (older or equal). It is ignored: the stored row, ingested_at and
--     updated_at stay exactly as they are. So replaying a batch changes nothing.
--   * Newer version: a strictly newer kafka_timestamp for a stored identity (the
--     offset was reused, e.g. the topic was deleted and recreated). It replaces
--     the stored row and sets updated_at; ingested_at keeps the first write.
--   * Offsets arriving out of order (a lower offset after higher ones) are simply
--     inserted when they are not stored yet; arrival order does not matter.

WITH batch AS (
    SELECT DISTINCT ON (kafka_topic, kafka_partition, kafka_offset)
           kafka_topic, kafka_partition, kafka_offset, kafka_timestamp,
           message_key, message_value,
           event_id, customer_id, event_type, event_time, channel, amount, points
    FROM {schema}.{staging_table}
    ORDER BY kafka_topic, kafka_partition, kafka_offset,
             kafka_timestamp DESC,
             message_value DESC NULLS LAST,
             message_key DESC NULLS LAST
)
INSERT INTO {schema}.{table} AS t (
    kafka_topic, kafka_partition, kafka_offset, kafka_timestamp,
    message_key, message_value,
    event_id, customer_id, event_type, event_time, channel, amount, points
)
SELECT kafka_topic, kafka_partition, kafka_offset, kafka_timestamp,
       message_key, message_value,
       event_id, customer_id, event_type, event_time, channel, amount, points
FROM batch
ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO UPDATE
SET kafka_timestamp = excluded.kafka_timestamp,
    message_key     = excluded.message_key,
    message_value   = excluded.message_value,
    event_id        = excluded.event_id,
    customer_id     = excluded.customer_id,
    event_type      = excluded.event_type,
    event_time      = excluded.event_time,
    channel         = excluded.channel,
    amount          = excluded.amount,
    points          = excluded.points,
    updated_at      = now()
WHERE excluded.kafka_timestamp > t.kafka_timestamp;

DELETE FROM {schema}.{staging_table};
