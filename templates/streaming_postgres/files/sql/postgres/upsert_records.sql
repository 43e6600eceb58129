-- Writes one Kafka record. The notebook runs it with executemany for the records
-- of one Spark partition of a micro-batch, in chunks, inside one transaction per
-- partition (on the executors).
--
-- Idempotent: Spark replays a micro-batch after a failure, and a replayed record
-- has the same (topic, partition, offset) key, so it updates its own row instead
-- of adding a second one. The WHERE clause skips the update when nothing changed,
-- which keeps replays from rewriting rows (and updated_at) needlessly; a record
-- that did change (a newer version at the same offset) replaces the row.
--
-- {schema} and {table} become quoted identifiers; the named parameters are bound
-- by psycopg as values, never pasted into the text. message_value is bound as
-- bytes (bytea), byte for byte. This file runs with bound parameters, so a
-- literal percent sign must be written twice here, even in comments.
INSERT INTO {schema}.{table} AS t
    (kafka_topic, kafka_partition, kafka_offset, kafka_timestamp, message_key, message_value)
VALUES
    (%(kafka_topic)s, %(kafka_partition)s, %(kafka_offset)s, %(kafka_timestamp)s::timestamptz,
     %(message_key)s, %(message_value)s::bytea)
ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO UPDATE
SET kafka_timestamp = EXCLUDED.kafka_timestamp,
    message_key     = EXCLUDED.message_key,
    message_value   = EXCLUDED.message_value,
    updated_at      = now()
WHERE (t.kafka_timestamp, t.message_key, t.message_value)
      IS DISTINCT FROM (EXCLUDED.kafka_timestamp, EXCLUDED.message_key, EXCLUDED.message_value)
