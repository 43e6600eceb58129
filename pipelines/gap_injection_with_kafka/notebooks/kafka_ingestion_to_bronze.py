# Databricks notebook source
# MAGIC %md
# MAGIC # Kafka → Delta bronze
# MAGIC
# MAGIC Streams the configured Kafka topics into the Delta table given by the `target_table` task
# MAGIC parameter (`<catalog>.kafka_bronze.kafka_data_bronze`), one row per Kafka record, unchanged:
# MAGIC
# MAGIC | column | content |
# MAGIC | --- | --- |
# MAGIC | `message_key`, `message_value` | key and value decoded as UTF-8 text (invalid bytes become U+FFFD) |
# MAGIC | `message_key_raw`, `message_value_raw` | key and value exactly as received, as BINARY |
# MAGIC | `kafka_topic`, `kafka_partition`, `kafka_offset` | where the record came from; unique per record |
# MAGIC | `kafka_timestamp`, `kafka_timestamp_type` | the record's Kafka timestamp (0 = CreateTime, 1 = LogAppendTime) |
# MAGIC | `kafka_headers` | record headers (key, BINARY value) |
# MAGIC | `ingestion_timestamp`, `ingestion_date` | when this pipeline wrote the row |
# MAGIC
# MAGIC The schema and table are created when missing. The Delta sink and the checkpoint at
# MAGIC `checkpoint_location` make the append exactly-once across restarts; if the checkpoint is ever
# MAGIC lost, re-read records are recognisable by (topic, partition, offset), which is how the silver
# MAGIC step of `kafka_traffic_pipeline` deduplicates.
# MAGIC
# MAGIC **Trigger**: follows the job's `streaming_mode` parameter. `continuous` (a continuous job) →
# MAGIC `processing_time`, a micro-batch every `trigger_interval`; `triggered` (`"continuous": false`
# MAGIC with a schedule) → `available_now`, read everything available, then stop. The task parameter
# MAGIC `trigger_mode` (`processing_time` or `available_now`) overrides it.

# COMMAND ----------

import os
import re

from pyspark.sql import functions as F

PARAMS = [
    "pipeline", "environment", "catalog", "bronze_schema", "checkpoint_location", "streaming_mode",
    "kafka_topics", "kafka_starting_offsets", "kafka_security_protocol",
    "kafka_bootstrap_servers_secret", "kafka_sasl_username_secret", "kafka_sasl_password_secret",
    "kafka_max_offsets_per_trigger", "target_type", "target_table",
    "trigger_mode", "trigger_interval", "kafka_sasl_mechanism", "kafka_fail_on_data_loss",
]
for name in PARAMS:
    try:
        dbutils.widgets.get(name)
    except Exception:
        dbutils.widgets.text(name, "")


def get_param(name, default=None):
    """A task parameter; `default` when absent or empty, an error when required."""
    try:
        value = (dbutils.widgets.get(name) or "").strip()
    except Exception:
        value = ""
    if value:
        return value
    if default is None:
        raise ValueError(f"task parameter '{name}' is missing: the generated job passes it; fill in the widget when running by hand")
    return default


def resolve_secret(env_var, ref_param):
    """The cluster env var (set from {{secrets/scope/key}}), else dbutils.secrets.get from 'scope/key'."""
    value = os.environ.get(env_var, "")
    if value and not value.startswith("{{secrets/"):
        return value
    ref = get_param(ref_param)
    scope, sep, key = ref.partition("/")
    if not sep or not scope or not key or "/" in key:
        raise ValueError(f"task parameter '{ref_param}' must be 'scope/key', got '{ref}'")
    return dbutils.secrets.get(scope=scope, key=key)


pipeline_name = get_param("pipeline", "gap_injection_with_kafka")
environment = get_param("environment", "dev")
checkpoint_location = get_param("checkpoint_location")
target_type = get_param("target_type", "delta")
target_table = get_param("target_table")

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
trigger_interval = get_param("trigger_interval", "1 minute")

if target_type != "delta":
    raise ValueError(f"this notebook writes to Delta, but target_type is '{target_type}'")
# catalog.schema.table; in dev the schema is the developer's own (dev_<short user name>_kafka_bronze),
# and a short user name may hold any letter, so each part is quoted with backticks below.
table_parts = target_table.split(".")
if len(table_parts) != 3 or not all(re.fullmatch(r"[^`\x00-\x1f\x7f]{1,255}", part) for part in table_parts):
    raise ValueError(f"target_table must be catalog.schema.table (no backticks or control characters), got '{target_table}'")
quoted_schema = ".".join(f"`{part}`" for part in table_parts[:2])
quoted_table = ".".join(f"`{part}`" for part in table_parts)
if not topics:
    raise ValueError("kafka_topics is empty")
if trigger_mode not in ("processing_time", "available_now"):
    raise ValueError(f"trigger_mode must be 'processing_time' or 'available_now', got '{trigger_mode}'")
if fail_on_data_loss not in ("true", "false"):
    raise ValueError(f"kafka_fail_on_data_loss must be 'true' or 'false', got '{fail_on_data_loss}'")

print(f"[{pipeline_name}/{environment}] topics={topics} → {target_table}, checkpoint {checkpoint_location}, trigger {trigger_mode}")

# COMMAND ----------

# MAGIC %md ## Bronze table (created when missing)

# COMMAND ----------

# CREATE SCHEMA does not take IDENTIFIER(...) for the schema it creates (only tables, views and
# functions do), so the checked, backtick-quoted name is written into the statement.
spark.sql(f"CREATE SCHEMA IF NOT EXISTS {quoted_schema}")
spark.sql(
    """
    CREATE TABLE IF NOT EXISTS IDENTIFIER(:table) (
        message_key          STRING    COMMENT 'Kafka key as UTF-8 text',
        message_key_raw      BINARY    COMMENT 'Kafka key, bytes as received',
        message_value        STRING    COMMENT 'Kafka value as UTF-8 text (invalid bytes become U+FFFD)',
        message_value_raw    BINARY    COMMENT 'Kafka value, bytes as received',
        kafka_topic          STRING    NOT NULL,
        kafka_partition      INT       NOT NULL,
        kafka_offset         BIGINT    NOT NULL,
        kafka_timestamp      TIMESTAMP,
        kafka_timestamp_type INT       COMMENT '0 = CreateTime, 1 = LogAppendTime',
        kafka_headers        ARRAY<STRUCT<key: STRING, value: BINARY>>,
        ingestion_timestamp  TIMESTAMP NOT NULL COMMENT 'When this pipeline wrote the row',
        ingestion_date       DATE      NOT NULL
    )
    USING DELTA
    CLUSTER BY (ingestion_date, kafka_topic)
    COMMENT 'Raw Kafka records of the loyalty traffic topics, one row per record (bronze)'
    """,
    args={"table": quoted_table},
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


options = {
    "kafka.bootstrap.servers": resolve_secret("LOYALTY_KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers_secret"),
    "subscribe": ",".join(topics),
    "startingOffsets": starting_offsets,
    "failOnDataLoss": fail_on_data_loss,
    "includeHeaders": "true",
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
        f"{SASL_LOGIN_MODULES[sasl_mechanism]} required username={jaas_quote(username)} password={jaas_quote(password)};"
    )

raw = spark.readStream.format("kafka").options(**options).load()

bronze = raw.select(
    F.col("key").cast("string").alias("message_key"),
    F.col("key").alias("message_key_raw"),
    F.col("value").cast("string").alias("message_value"),
    F.col("value").alias("message_value_raw"),
    F.col("topic").alias("kafka_topic"),
    F.col("partition").alias("kafka_partition"),
    F.col("offset").alias("kafka_offset"),
    F.col("timestamp").alias("kafka_timestamp"),
    F.col("timestampType").alias("kafka_timestamp_type"),
    F.col("headers").alias("kafka_headers"),
    F.current_timestamp().alias("ingestion_timestamp"),
    F.current_date().alias("ingestion_date"),
)

# COMMAND ----------

# MAGIC %md ## Start the stream

# COMMAND ----------

writer = (
    bronze.writeStream.format("delta")
    .queryName(f"{pipeline_name}_kafka_to_bronze")
    .outputMode("append")
    .option("checkpointLocation", checkpoint_location)
)
if trigger_mode == "available_now":
    writer = writer.trigger(availableNow=True)
else:
    writer = writer.trigger(processingTime=trigger_interval)

query = writer.toTable(quoted_table)
query.awaitTermination()
print(f"stream stopped; last progress: {query.lastProgress}")
