# Databricks notebook source
# MAGIC %md
# MAGIC # Customer statistics in Lakebase
# MAGIC
# MAGIC Keeps `<postgres_schema>.<stats_table>` (default `customer_stats`) up to date from the records the
# MAGIC ingestion task writes to `<postgres_schema>.<postgres_table>`: per customer the number of events,
# MAGIC purchases, purchase total and average, net loyalty points, active days, first and last event
# MAGIC time and the channel of the latest event.
# MAGIC
# MAGIC The computation lives in `sql/postgres/refresh_customer_stats.sql` and runs inside Postgres, one
# MAGIC transaction per refresh. It recomputes from the deduplicated records, so replays never inflate
# MAGIC the numbers, a producer retry of the same `event_id` counts once, and late events land where
# MAGIC their `event_time` puts them. Rows are only written when a value changed.
# MAGIC
# MAGIC **Continuous jobs only loop.** In a continuous job (`streaming_mode` = `continuous`) the task
# MAGIC refreshes every `refresh_interval_seconds` until the job is stopped. It refreshes **exactly once and
# MAGIC ends** when the job passes `streaming_mode` = `triggered` (a scheduled job, whose run must finish)
# MAGIC or when `refresh_interval_seconds` is `0`.
# MAGIC
# MAGIC **Task parameters**: `stats_table` (default `customer_stats`), `refresh_interval_seconds`
# MAGIC (default `300`; `0` refreshes once and ends), `max_consecutive_failures` (default `5`), and
# MAGIC `streaming_mode` from the job. The Postgres target parameters are the same as the ingestion task's.
# MAGIC
# MAGIC **Python packages**: `psycopg` and `databricks-sdk` come from the task's `libraries` in
# MAGIC `config.json` (installed by the job before the notebook starts); the notebook installs nothing.

# COMMAND ----------

# MAGIC %run ./lakebase_common

# COMMAND ----------

import time

declare_widgets(
    [
        "pipeline", "environment", "streaming_mode", "target_type",
        "postgres_instance", "postgres_database", "postgres_schema", "postgres_table",
        "postgres_user_secret", "postgres_password_secret",
        "stats_table", "refresh_interval_seconds", "max_consecutive_failures",
    ]
)

pipeline_name = get_param("pipeline", "kafka_to_lakebase")
environment = get_param("environment", "dev")
stats_table = check_identifier(get_param("stats_table", "customer_stats"), "stats_table")
refresh_interval_seconds = int(get_param("refresh_interval_seconds", "300"))
max_consecutive_failures = int(get_param("max_consecutive_failures", "5"))
if refresh_interval_seconds < 0:
    raise ValueError("refresh_interval_seconds must be 0 (refresh once) or more")
# The job passes "continuous" (keep the task running) or "triggered" (a scheduled run that must end).
streaming_mode = get_param("streaming_mode", "continuous")
if streaming_mode not in ("continuous", "triggered"):
    raise ValueError(f"streaming_mode must be 'continuous' or 'triggered', got '{streaming_mode}'")
# A scheduled run that looped would never finish (and block the next run), so it refreshes once.
refresh_once_and_stop = streaming_mode == "triggered" or refresh_interval_seconds == 0

target = postgres_target()
identifiers = target.identifiers(stats_table=stats_table)
print(
    f"[{pipeline_name}/{environment}] {target.schema}.{target.table} → {target.schema}.{stats_table} "
    f"on {target.instance}/{target.database}, "
    + ("once, then stop" if refresh_once_and_stop else f"every {refresh_interval_seconds} s until the job stops")
)

# COMMAND ----------

# MAGIC %md ## Tables
# MAGIC Both tasks of the job start together, so this task also creates the record tables (idempotent,
# MAGIC and serialised by an advisory lock when both tasks do it at the same moment).

# COMMAND ----------

conn = target.connect()
try:
    run_sql_file(conn, "create_kafka_tables.sql", identifiers)
    run_sql_file(conn, "create_customer_stats.sql", identifiers)
finally:
    conn.close()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Refresh
# MAGIC Once and stop (scheduled job, or `refresh_interval_seconds` = 0), else every
# MAGIC `refresh_interval_seconds` until the continuous job is stopped.

# COMMAND ----------


def refresh_stats():
    conn = target.connect()
    try:
        run_sql_file(conn, "refresh_customer_stats.sql", identifiers)
        count_query = sql.SQL("SELECT count(*), max(updated_at) FROM {schema}.{stats_table}").format(
            schema=sql.Identifier(target.schema), stats_table=sql.Identifier(stats_table)
        )
        with conn.cursor() as cur:
            cur.execute(count_query)
            customers, last_change = cur.fetchone()
        conn.commit()
        return customers, last_change
    finally:
        conn.close()


failures = 0
while True:
    started = time.monotonic()
    try:
        customers, last_change = refresh_stats()
        failures = 0
        print(f"customer stats refreshed in {time.monotonic() - started:.1f} s: {customers} customers, last change {last_change}")
    except psycopg.OperationalError as error:
        # Connection-level trouble (instance restarting, network): try again next round.
        failures += 1
        print(f"refresh failed ({failures}/{max_consecutive_failures}): {error}")
        if failures >= max_consecutive_failures or refresh_once_and_stop:
            raise
    if refresh_once_and_stop:
        break
    time.sleep(max(0.0, refresh_interval_seconds - (time.monotonic() - started)))
