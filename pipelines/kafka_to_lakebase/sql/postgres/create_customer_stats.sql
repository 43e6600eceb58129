-- Customer statistics table, filled by refresh_customer_stats.sql.
-- Placeholders: schema, stats_table (see the pipeline README). Safe to run any
-- number of times, also concurrently (same advisory lock as create_kafka_tables.sql).

SELECT pg_advisory_xact_lock(4826117301);

CREATE SCHEMA IF NOT EXISTS {schema};

CREATE TABLE IF NOT EXISTS {schema}.{stats_table} (
    customer_id            text           PRIMARY KEY,
    event_count            bigint         NOT NULL,  -- distinct events (by event_id)
    purchase_count         bigint         NOT NULL,  -- events with event_type 'purchase'
    total_purchase_amount  numeric(18, 2) NOT NULL,  -- sum of purchase amounts, 0 when none
    avg_purchase_amount    numeric(18, 2),           -- NULL when no purchase has an amount
    net_points             bigint         NOT NULL,  -- earned minus redeemed loyalty points
    active_days            integer        NOT NULL,  -- distinct UTC dates with an event
    first_event_at         timestamptz,
    last_event_at          timestamptz,
    last_channel           text,                     -- channel of the latest event by event_time
    updated_at             timestamptz    NOT NULL DEFAULT now()  -- last time a value changed
);
