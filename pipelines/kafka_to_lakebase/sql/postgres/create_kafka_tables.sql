-- Target and staging tables of the kafka_to_lakebase pipeline.
--
-- Identifier placeholders (schema, table, staging_table) in curly braces are
-- replaced with quoted Postgres identifiers before this file runs; see the
-- pipeline README, section "SQL files and placeholders". Values are never
-- substituted into SQL text.
--
-- Safe to run any number of times, and from several sessions at once: the
-- transaction-scoped advisory lock serialises concurrent runs, because two
-- concurrent CREATE ... IF NOT EXISTS of the same object can otherwise fail
-- with a unique violation in the system catalogs.

SELECT pg_advisory_xact_lock(4826117301);

CREATE SCHEMA IF NOT EXISTS {schema};

-- One row per Kafka record. A record is identified by (kafka_topic,
-- kafka_partition, kafka_offset); re-deliveries of a record never add rows.
CREATE TABLE IF NOT EXISTS {schema}.{table} (
    kafka_topic      text           NOT NULL,
    kafka_partition  integer        NOT NULL,
    kafka_offset     bigint         NOT NULL,
    kafka_timestamp  timestamptz    NOT NULL,
    message_key      text,
    message_value    bytea,                    -- the raw Kafka value, byte for byte
    event_id         text,                     -- fields parsed from the JSON value;
    customer_id      text,                     -- NULL when the value is not valid JSON
    event_type       text,
    event_time       timestamptz,
    channel          text,
    amount           numeric(18, 2),
    points           integer,
    ingested_at      timestamptz    NOT NULL DEFAULT now(),  -- first written
    updated_at       timestamptz    NOT NULL DEFAULT now(),  -- last replaced by a newer version
    PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset)
);

-- Receives each micro-batch (Spark JDBC append) before the upsert merges it.
-- No key: a batch may hold the same record more than once (replays). UNLOGGED
-- because its content is transient and re-derivable from Kafka.
CREATE UNLOGGED TABLE IF NOT EXISTS {schema}.{staging_table} (
    kafka_topic      text           NOT NULL,
    kafka_partition  integer        NOT NULL,
    kafka_offset     bigint         NOT NULL,
    kafka_timestamp  timestamptz    NOT NULL,
    message_key      text,
    message_value    bytea,
    event_id         text,
    customer_id      text,
    event_type       text,
    event_time       timestamptz,
    channel          text,
    amount           numeric(18, 2),
    points           integer
);
