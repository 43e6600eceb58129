# Databricks notebook source
# MAGIC %md
# MAGIC # Kafka → Lakebase Postgres ingestion
# MAGIC
# MAGIC Reads the configured Kafka topics with Structured Streaming and writes every record into the
# MAGIC Lakebase table `<postgres_schema>.<postgres_table>`, one row per Kafka record.
# MAGIC
# MAGIC Each micro-batch is written in three steps (`foreachBatch`):
# MAGIC 1. `sql/postgres/reset_staging.sql` empties the staging table `<postgres_table>_staging`;
# MAGIC 2. Spark appends the micro-batch to the staging table over JDBC (in parallel);
# MAGIC 3. `sql/postgres/upsert_from_staging.sql` merges staging into the target in one transaction,
# MAGIC    keyed on (topic, partition, offset), and empties staging.
# MAGIC
# MAGIC Spark re-runs a micro-batch after a failure or restart (at-least-once); the keyed upsert makes
# MAGIC that harmless: replays, re-reads and duplicate offsets never add rows, and an older or equal
# MAGIC version of a stored record never overwrites it. See the pipeline README for the exact rules.
# MAGIC
# MAGIC **Where the code runs.** Everything that needs `dbutils` or the notebook's files — task
# MAGIC parameters, secrets, the SQL files of `../sql/postgres` — is read and rendered on the driver before
# MAGIC the stream starts. The micro-batch function only receives plain values (`MicroBatchPlan`: SQL text,
# MAGIC connection settings, numbers): on standard-access clusters Spark runs it in a separate Python
# MAGIC process where `dbutils`, widgets and files next to the notebook are not available.
# MAGIC
# MAGIC **Python packages**: `psycopg` and `databricks-sdk` come from the task's `libraries` in
# MAGIC `config.json` (installed by the job before the notebook starts); the notebook installs nothing.
# MAGIC
# MAGIC **Parameters** (set by the generated job): `kafka_topics`, `kafka_starting_offsets`,
# MAGIC `kafka_security_protocol`, `kafka_bootstrap_servers_secret`, `kafka_sasl_username_secret`,
# MAGIC `kafka_sasl_password_secret`, `kafka_max_offsets_per_trigger`, `checkpoint_location`,
# MAGIC `postgres_instance`, `postgres_database`, `postgres_schema`, `postgres_table`,
# MAGIC `postgres_user_secret`, `postgres_password_secret`, `streaming_mode` (`continuous` → a
# MAGIC micro-batch every `trigger_interval`; `triggered` → `availableNow`, then stop). Optional task
# MAGIC parameters: `trigger_mode` (`processing_time` or `available_now`, overrides `streaming_mode`),
# MAGIC `trigger_interval`, `kafka_sasl_mechanism` (`PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`),
# MAGIC `kafka_fail_on_data_loss`, `jdbc_batch_size`, `jdbc_num_partitions`, `postgres_staging_table`.

# COMMAND ----------

# MAGIC %run ./lakebase_common

# COMMAND ----------

import functools
from dataclasses import dataclass

from pyspark.sql import functions as F
from pyspark.sql.types import DecimalType, IntegerType, StringType, StructField, StructType, TimestampType

declare_widgets(
    [
        "pipeline", "environment", "checkpoint_location", "streaming_mode",
        "kafka_topics", "kafka_starting_offsets", "kafka_security_protocol",
        "kafka_bootstrap_servers_secret", "kafka_sasl_username_secret", "kafka_sasl_password_secret",
        "kafka_max_offsets_per_trigger", "target_type",
        "postgres_instance", "postgres_database", "postgres_schema", "postgres_table",
        "postgres_user_secret", "postgres_password_secret",
        "trigger_mode", "trigger_interval", "kafka_sasl_mechanism", "kafka_fail_on_data_loss",
        "jdbc_batch_size", "jdbc_num_partitions",
    ]
)

pipeline_name = get_param("pipeline", "kafka_to_lakebase")
environment = get_param("environment", "dev")
checkpoint_location = get_param("checkpoint_location")

topics = [t.strip() for t in get_param("kafka_topics").split(",") if t.strip()]
starting_offsets = get_param("kafka_starting_offsets", "latest")
security_protocol = get_param("kafka_security_protocol", "SASL_SSL")
sasl_mechanism = get_param("kafka_sasl_mechanism", "PLAIN").upper()
max_offsets_per_trigger = get_param("kafka_max_offsets_per_trigger", "")
fail_on_data_loss = get_param("kafka_fail_on_data_loss", "true").lower()

# The job passes streaming_mode: "continuous" (a continuous job: keep running, a micro-batch every
# trigger_interval) or "triggered" (a scheduled job: read what is available, then stop).
streaming_mode = get_param("streaming_mode", "continuous")
trigger_mode = get_param("trigger_mode", "available_now" if streaming_mode == "triggered" else "processing_time")
trigger_interval = get_param("trigger_interval", "30 seconds")
jdbc_batch_size = int(get_param("jdbc_batch_size", "5000"))
jdbc_num_partitions = int(get_param("jdbc_num_partitions", "8"))

if not topics:
    raise ValueError("kafka_topics is empty")
if trigger_mode not in ("processing_time", "available_now"):
    raise ValueError(f"trigger_mode must be 'processing_time' or 'available_now', got '{trigger_mode}'")
if fail_on_data_loss not in ("true", "false"):
    raise ValueError(f"kafka_fail_on_data_loss must be 'true' or 'false', got '{fail_on_data_loss}'")

target = postgres_target()
print(
    f"[{pipeline_name}/{environment}] topics={topics} → {target.instance}/{target.database}."
    f"{target.schema}.{target.table} (host {target.host}), checkpoint {checkpoint_location}"
)

# COMMAND ----------

# MAGIC %md ## Kafka source

# COMMAND ----------

SASL_LOGIN_MODULES = {
    "PLAIN": "kafkashaded.org.apache.kafka.common.security.plain.PlainLoginModule",
    "SCRAM-SHA-256": "kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule",
    "SCRAM-SHA-512": "kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule",
}


def jaas_quote(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kafka_options():
    options = {
        "kafka.bootstrap.servers": resolve_secret("LOYALTY_KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers_secret"),
        "subscribe": ",".join(topics),
        "startingOffsets": starting_offsets,
        "failOnDataLoss": fail_on_data_loss,
        "kafka.security.protocol": security_protocol,
    }
    if max_offsets_per_trigger:
        options["maxOffsetsPerTrigger"] = str(int(max_offsets_per_trigger))
    if security_protocol.startswith("SASL"):
        if sasl_mechanism not in SASL_LOGIN_MODULES:
            raise ValueError(f"kafka_sasl_mechanism must be one of {sorted(SASL_LOGIN_MODULES)}, got '{sasl_mechanism}'")
        username = resolve_secret("LOYALTY_KAFKA_SASL_USERNAME", "kafka_sasl_username_secret")
        password = resolve_secret("LOYALTY_KAFKA_SASL_PASSWORD", "kafka_sasl_password_secret")
        options["kafka.sasl.mechanism"] = sasl_mechanism
        options["kafka.sasl.jaas.config"] = (
            f"{SASL_LOGIN_MODULES[sasl_mechanism]} required "
            f"username={jaas_quote(username)} password={jaas_quote(password)};"
        )
    return options


raw = spark.readStream.format("kafka").options(**kafka_options()).load()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Records
# MAGIC The raw value is kept byte for byte (`message_value`, bytea). The JSON event fields are parsed
# MAGIC for querying in Postgres; a value that is not valid JSON leaves them NULL. Postgres `text`
# MAGIC cannot hold NUL characters, so they are removed from the text columns.

# COMMAND ----------

EVENT_SCHEMA = StructType(
    [
        StructField("event_id", StringType()),
        StructField("customer_id", StringType()),
        StructField("event_type", StringType()),
        StructField("event_time", TimestampType()),
        StructField("channel", StringType()),
        StructField("amount", DecimalType(18, 2)),
        StructField("points", IntegerType()),
    ]
)


def pg_text(column):
    return F.regexp_replace(column, "\\x00", "")


event = F.from_json(F.col("value").cast("string"), EVENT_SCHEMA, {"mode": "PERMISSIVE"})

records = raw.select(
    F.col("topic").alias("kafka_topic"),
    F.col("partition").alias("kafka_partition"),
    F.col("offset").alias("kafka_offset"),
    F.col("timestamp").alias("kafka_timestamp"),
    pg_text(F.col("key").cast("string")).alias("message_key"),
    F.col("value").alias("message_value"),
    event.alias("event"),
).select(
    "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "message_key", "message_value",
    pg_text(F.col("event.event_id")).alias("event_id"),
    pg_text(F.col("event.customer_id")).alias("customer_id"),
    pg_text(F.col("event.event_type")).alias("event_type"),
    F.col("event.event_time").alias("event_time"),
    pg_text(F.col("event.channel")).alias("channel"),
    F.col("event.amount").alias("amount"),
    F.col("event.points").alias("points"),
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Postgres tables and the micro-batch writer
# MAGIC The tables are created here, and the two SQL files every micro-batch runs are rendered here, on
# MAGIC the driver. `write_micro_batch` gets them as finished strings in a `MicroBatchPlan`.

# COMMAND ----------


@dataclass(frozen=True)
class MicroBatchPlan:
    """Everything write_micro_batch needs, prepared on the driver: plain strings and numbers only."""

    target: PostgresTarget
    reset_staging_sql: str  # sql/postgres/reset_staging.sql, rendered
    upsert_sql: str  # sql/postgres/upsert_from_staging.sql, rendered
    jdbc_url: str
    staging_dbtable: str  # "schema"."staging_table", quoted for Spark's JDBC writer
    jdbc_batch_size: int
    jdbc_num_partitions: int


def write_micro_batch(batch_df, batch_id, plan):
    """foreachBatch: reset staging, append the micro-batch to it over JDBC, upsert into the target.

    Runs outside the notebook's process on standard-access clusters, so it uses nothing but its
    arguments: no dbutils, no widgets, no files."""
    batch_df.persist()
    try:
        count = batch_df.count()
        if count == 0:
            return
        conn = plan.target.connect()
        try:
            run_sql(conn, plan.reset_staging_sql)
            (
                batch_df.write.format("jdbc")
                .option("url", plan.jdbc_url)
                .option("dbtable", plan.staging_dbtable)
                .option("user", plan.target.user)
                .option("password", plan.target.password)
                .option("driver", "org.postgresql.Driver")
                .option("batchsize", plan.jdbc_batch_size)
                .option("numPartitions", plan.jdbc_num_partitions)
                .mode("append")
                .save()
            )
            run_sql(conn, plan.upsert_sql)
        finally:
            conn.close()
        print(f"micro-batch {batch_id}: {count} Kafka records merged into {plan.target.schema}.{plan.target.table}")
    finally:
        batch_df.unpersist()


identifiers = target.identifiers()
setup_conn = target.connect()
try:
    run_sql_file(setup_conn, "create_kafka_tables.sql", identifiers)
    plan = MicroBatchPlan(
        target=target,
        reset_staging_sql=render_sql(setup_conn, "reset_staging.sql", identifiers),
        upsert_sql=render_sql(setup_conn, "upsert_from_staging.sql", identifiers),
        jdbc_url=target.jdbc_url(),
        staging_dbtable=target.qualified(target.staging_table),
        jdbc_batch_size=jdbc_batch_size,
        jdbc_num_partitions=jdbc_num_partitions,
    )
finally:
    setup_conn.close()


# COMMAND ----------

# MAGIC %md ## Start the stream

# COMMAND ----------

writer = (
    records.writeStream.queryName(f"{pipeline_name}_kafka_to_postgres")
    .option("checkpointLocation", checkpoint_location)
    .foreachBatch(functools.partial(write_micro_batch, plan=plan))
)
if trigger_mode == "available_now":
    writer = writer.trigger(availableNow=True)
else:
    writer = writer.trigger(processingTime=trigger_interval)

query = writer.start()
query.awaitTermination()
