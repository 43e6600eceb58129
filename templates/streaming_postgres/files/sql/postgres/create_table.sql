-- The target table: one row per Kafka record, identified by where the record sits
-- in Kafka (topic, partition, offset). That key is what makes replays harmless:
-- see upsert_records.sql. {schema} and {table} are replaced with quoted
-- identifiers (psycopg sql.Identifier) before this runs.
--
-- message_value is bytea: a Kafka value is arbitrary bytes (NUL bytes, invalid
-- UTF-8, binary formats), which text cannot hold, and one such record would
-- otherwise stop the stream. message_key stays text; the notebook decodes it as
-- UTF-8 and removes NUL characters before writing it.
CREATE TABLE IF NOT EXISTS {schema}.{table} (
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    kafka_timestamp timestamptz,
    message_key     text,
    message_value   bytea,
    ingested_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
)
