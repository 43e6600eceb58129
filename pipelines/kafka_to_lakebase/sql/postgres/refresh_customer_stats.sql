-- Recompute customer statistics from the target table and write only what changed.
-- Placeholders: schema, table, stats_table (see the pipeline README).
--
-- Counting rules (tested in test/postgres):
--   * One event per event_id and customer: a producer retry can publish the same
--     event at two offsets; the first delivery (oldest kafka_timestamp, then
--     lowest partition and offset) counts. A record without event_id counts once,
--     identified by its topic, partition and offset.
--   * Records without customer_id (unparsable values) are not counted.
--   * Late events (an event_time older than ones already seen) count like any
--     other; last_event_at and last_channel follow event_time, not arrival order.
--   * Rows whose values did not change keep their updated_at; customers that no
--     longer have any record are removed.

WITH events AS (
    SELECT DISTINCT ON (customer_id, event_key)
           customer_id, event_type, event_time, channel, amount, points,
           kafka_timestamp, kafka_topic, kafka_partition, kafka_offset
    FROM (
        SELECT k.*,
               coalesce(k.event_id, k.kafka_topic || '/' || k.kafka_partition || '/' || k.kafka_offset) AS event_key
        FROM {schema}.{table} AS k
        WHERE k.customer_id IS NOT NULL
    ) AS keyed
    ORDER BY customer_id, event_key, kafka_timestamp, kafka_topic, kafka_partition, kafka_offset
),
latest AS (
    SELECT DISTINCT ON (customer_id) customer_id, channel AS last_channel
    FROM events
    WHERE event_time IS NOT NULL
    ORDER BY customer_id, event_time DESC, kafka_timestamp DESC, kafka_topic DESC, kafka_partition DESC, kafka_offset DESC
),
stats AS (
    SELECT customer_id,
           count(*)                                                        AS event_count,
           count(*) FILTER (WHERE event_type = 'purchase')                 AS purchase_count,
           coalesce(sum(amount) FILTER (WHERE event_type = 'purchase'), 0) AS total_purchase_amount,
           round(avg(amount) FILTER (WHERE event_type = 'purchase'), 2)    AS avg_purchase_amount,
           coalesce(sum(points), 0)                                        AS net_points,
           count(DISTINCT (event_time AT TIME ZONE 'UTC')::date)           AS active_days,
           min(event_time)                                                 AS first_event_at,
           max(event_time)                                                 AS last_event_at
    FROM events
    GROUP BY customer_id
)
INSERT INTO {schema}.{stats_table} AS s (
    customer_id, event_count, purchase_count, total_purchase_amount, avg_purchase_amount,
    net_points, active_days, first_event_at, last_event_at, last_channel, updated_at
)
SELECT st.customer_id, st.event_count, st.purchase_count, st.total_purchase_amount, st.avg_purchase_amount,
       st.net_points, st.active_days, st.first_event_at, st.last_event_at, l.last_channel, now()
FROM stats AS st
LEFT JOIN latest AS l USING (customer_id)
ON CONFLICT (customer_id) DO UPDATE
SET event_count           = excluded.event_count,
    purchase_count        = excluded.purchase_count,
    total_purchase_amount = excluded.total_purchase_amount,
    avg_purchase_amount   = excluded.avg_purchase_amount,
    net_points            = excluded.net_points,
    active_days           = excluded.active_days,
    first_event_at        = excluded.first_event_at,
    last_event_at         = excluded.last_event_at,
    last_channel          = excluded.last_channel,
    updated_at            = excluded.updated_at
WHERE (s.event_count, s.purchase_count, s.total_purchase_amount, s.avg_purchase_amount, s.net_points,
       s.active_days, s.first_event_at, s.last_event_at, s.last_channel)
      IS DISTINCT FROM
      (excluded.event_count, excluded.purchase_count, excluded.total_purchase_amount, excluded.avg_purchase_amount,
       excluded.net_points, excluded.active_days, excluded.first_event_at, excluded.last_event_at, excluded.last_channel);

DELETE FROM {schema}.{stats_table} AS s
WHERE NOT EXISTS (
    SELECT 1 FROM {schema}.{table} AS k WHERE k.customer_id = s.customer_id
);
