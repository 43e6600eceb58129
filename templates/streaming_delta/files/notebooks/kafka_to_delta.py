# Databricks notebook source
# MAGIC %md
# MAGIC ## Kafka → Delta bronze
# MAGIC
# MAGIC Reads the pipeline's Kafka topics with Structured Streaming and appends every record to a
# MAGIC Delta table, together with its topic, partition, offset and Kafka timestamp.
# MAGIC
# MAGIC * All settings arrive as task parameters generated from `config.json`; nothing in this
# MAGIC   notebook is specific to an environment.
# MAGIC * Credentials come from environment variables that the job cluster fills from Databricks
# MAGIC   secrets. When the notebook runs on another cluster, it reads the secret named by the
# MAGIC   matching `*_secret` parameter (`scope/key`) instead.
# MAGIC * With a `trigger_interval` the stream runs until stopped (continuous job); without one it
# MAGIC   reads everything new, then stops (scheduled job).
# MAGIC * The checkpoint gives exactly-once appends: a restarted run continues where the last
# MAGIC   committed micro-batch ended.

# COMMAND ----------

import os
import re

from pyspark.sql import functions as F

# COMMAND ----------

# Every parameter the job passes. The defaults only matter when the notebook is run by hand.
PARAMETERS = {
    "pipeline": "",
    "environment": "",
    "checkpoint_location": "",
    "kafka_topics": "",
    "kafka_starting_offsets": "latest",
    "kafka_security_protocol": "SASL_SSL",
    "kafka_bootstrap_servers_secret": "",
    "kafka_sasl_username_secret": "",
    "kafka_sasl_password_secret": "",
    "kafka_sasl_mechanism": "PLAIN",
    "kafka_max_offsets_per_trigger": "",
    "target_table": "",
    "trigger_interval": "",
}
for _name, _default in PARAMETERS.items():
    dbutils.widgets.text(_name, _default)


def param(name, required=False):
    """A task parameter, stripped; raises when a required one is empty."""
    value = dbutils.widgets.get(name).strip()
    if required and not value:
        raise ValueError(f"Task parameter '{name}' is empty: set it in the pipeline's config.json and redeploy.")
    return value


def secret(env_var, secret_param):
    """A credential: the job cluster's environment variable (filled from a Databricks secret),
    else the secret named "scope/key" by the given task parameter. None when neither is set."""
    value = os.environ.get(env_var, "")
    if value and not value.startswith("{{secrets/"):
        return value
    reference = param(secret_param)
    if not reference:
        return None
    scope, _, key = reference.partition("/")
    if not scope or not key:
        raise ValueError(f"Task parameter '{secret_param}' must look like 'scope/key', got '{reference}'.")
    return dbutils.secrets.get(scope=scope, key=key)


# COMMAND ----------

# Databricks ships the Kafka client shaded, hence the "kafkashaded." prefix of the login modules.
SASL_LOGIN_MODULES = {
    "PLAIN": "kafkashaded.org.apache.kafka.common.security.plain.PlainLoginModule",
    "SCRAM-SHA-256": "kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule",
    "SCRAM-SHA-512": "kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule",
}


def jaas_string(value):
    """Quote a value for a JAAS configuration line."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kafka_options():
    """Options for the Kafka source, built from the task parameters and the cluster's secrets."""
    bootstrap_servers = secret("LOYALTY_KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers_secret")
    if not bootstrap_servers:
        raise ValueError("No Kafka bootstrap servers: set kafka_source.bootstrap_servers in config.json.")
    topics = [t.strip() for t in param("kafka_topics", required=True).split(",") if t.strip()]
    protocol = param("kafka_security_protocol") or "SASL_SSL"
    options = {
        "kafka.bootstrap.servers": bootstrap_servers,
        "subscribe": ",".join(topics),
        "startingOffsets": param("kafka_starting_offsets") or "latest",
        "kafka.security.protocol": protocol,
    }
    if protocol.startswith("SASL_"):
        mechanism = param("kafka_sasl_mechanism") or "PLAIN"
        if mechanism not in SASL_LOGIN_MODULES:
            raise ValueError(f"Unsupported SASL mechanism '{mechanism}'; use one of {', '.join(SASL_LOGIN_MODULES)}.")
        username = secret("LOYALTY_KAFKA_SASL_USERNAME", "kafka_sasl_username_secret")
        password = secret("LOYALTY_KAFKA_SASL_PASSWORD", "kafka_sasl_password_secret")
        if not username or not password:
            raise ValueError(f"{protocol} needs kafka_source.sasl_username and sasl_password in config.json.")
        options["kafka.sasl.mechanism"] = mechanism
        options["kafka.sasl.jaas.config"] = (
            f"{SASL_LOGIN_MODULES[mechanism]} required username={jaas_string(username)} password={jaas_string(password)};"
        )
    max_offsets = param("kafka_max_offsets_per_trigger")
    if max_offsets:
        options["maxOffsetsPerTrigger"] = max_offsets
    return options


# COMMAND ----------

# Each part of catalog.schema.table, quoted with backticks wherever it is used. In dev the schema is
# the developer's own (dev_<short user name>_<schema>), and a short user name may hold any letter.
NAME_PART = re.compile(r"^[^`'\x00-\x1f\x7f]{1,255}$")

target_table = param("target_table", required=True)
table_parts = target_table.split(".")
if len(table_parts) != 3 or not all(NAME_PART.match(part) for part in table_parts):
    raise ValueError(f"target_table must be catalog.schema.table (no quotes or control characters), got '{target_table}'.")
catalog, schema, table = table_parts
quoted_schema = f"`{catalog}`.`{schema}`"
quoted_table = f"{quoted_schema}.`{table}`"
checkpoint_location = param("checkpoint_location", required=True)
pipeline = param("pipeline") or "adhoc"

# Create the schema only when it is missing, so a run needs no CREATE SCHEMA right once it exists.
if spark.sql(f"SHOW SCHEMAS IN `{catalog}` LIKE '{schema}'").count() == 0:
    spark.sql(f"CREATE SCHEMA IF NOT EXISTS {quoted_schema}")

spark.sql(
    f"""
    CREATE TABLE IF NOT EXISTS {quoted_table} (
      kafka_topic     STRING    NOT NULL COMMENT 'Topic the record was read from',
      kafka_partition INT       NOT NULL COMMENT 'Kafka partition of the record',
      kafka_offset    BIGINT    NOT NULL COMMENT 'Offset of the record in its partition',
      kafka_timestamp TIMESTAMP          COMMENT 'Timestamp Kafka stored with the record',
      message_key     STRING             COMMENT 'Record key, decoded as UTF-8',
      message_value   STRING             COMMENT 'Record value, decoded as UTF-8',
      ingested_at     TIMESTAMP NOT NULL COMMENT 'When the micro-batch that wrote the row started'
    )
    COMMENT 'Raw Kafka records written by the {pipeline} pipeline; one row per topic, partition and offset'
    """
)

# COMMAND ----------

records = (
    spark.readStream.format("kafka")
    .options(**kafka_options())
    .load()
    .select(
        F.col("topic").alias("kafka_topic"),
        F.col("partition").alias("kafka_partition"),
        F.col("offset").alias("kafka_offset"),
        F.col("timestamp").alias("kafka_timestamp"),
        # Decoded as text for readability. For Avro or Protobuf payloads keep the bytes instead
        # (drop the casts and make the columns BINARY) and decode them in silver.
        F.col("key").cast("string").alias("message_key"),
        F.col("value").cast("string").alias("message_value"),
        F.current_timestamp().alias("ingested_at"),
    )
)

writer = (
    records.writeStream.format("delta")
    .outputMode("append")
    .option("checkpointLocation", checkpoint_location)
    .queryName(f"{pipeline}_kafka_to_delta")
)
trigger_interval = param("trigger_interval")
if trigger_interval:
    writer = writer.trigger(processingTime=trigger_interval)
else:
    writer = writer.trigger(availableNow=True)

query = writer.toTable(quoted_table)
print(f"Streaming {param('kafka_topics')} into {catalog}.{schema}.{table} (checkpoint {checkpoint_location})")
query.awaitTermination()
