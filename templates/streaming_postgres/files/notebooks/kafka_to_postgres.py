# Databricks notebook source
# MAGIC %md
# MAGIC ## Kafka → Lakebase Postgres
# MAGIC
# MAGIC Reads the pipeline's Kafka topics with Structured Streaming and upserts every record into a
# MAGIC Postgres table on a Lakebase instance, one transaction per micro-batch.
# MAGIC
# MAGIC * All settings arrive as task parameters generated from `config.json`; nothing in this
# MAGIC   notebook is specific to an environment.
# MAGIC * Credentials come from environment variables that the job cluster fills from Databricks
# MAGIC   secrets. When the notebook runs on another cluster, it reads the secret named by the
# MAGIC   matching `*_secret` parameter (`scope/key`) instead.
# MAGIC * The Postgres statements live in `../sql/postgres/*.sql`, read at run time, with `{schema}`
# MAGIC   and `{table}` replaced by quoted identifiers.
# MAGIC * Writes are idempotent: rows are keyed on Kafka topic, partition and offset, so a
# MAGIC   micro-batch that Spark replays after a failure updates the same rows instead of adding new ones.
# MAGIC * With a `trigger_interval` the stream runs until stopped (continuous job); without one it
# MAGIC   reads everything new, then stops (scheduled job).

# COMMAND ----------

# MAGIC %pip install --quiet "psycopg[binary]>=3.1,<4"

# COMMAND ----------

import os
import re
from pathlib import Path

import psycopg
from psycopg import sql
from pyspark.sql import functions as F

# COMMAND ----------

# Every parameter the job passes. The defaults only matter when the notebook is run by hand.
# postgres_host is not set by the job: add it to the task's "parameters" in config.json only
# to bypass the instance look-up (e.g. to point at another Postgres while testing).
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
    "postgres_instance": "",
    "postgres_database": "databricks_postgres",
    "postgres_schema": "",
    "postgres_table": "",
    "postgres_user_secret": "",
    "postgres_password_secret": "",
    "postgres_host": "",
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

# Postgres identifiers are checked before use, and only ever reach SQL as quoted identifiers.
PG_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
INSTANCE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


def checked(name, pattern):
    value = param(name, required=True)
    if not pattern.match(value):
        raise ValueError(f"Task parameter '{name}' is not a valid name: '{value}'.")
    return value


instance = checked("postgres_instance", INSTANCE_NAME)
database = checked("postgres_database", PG_IDENTIFIER)
schema = checked("postgres_schema", PG_IDENTIFIER)
table = checked("postgres_table", PG_IDENTIFIER)
checkpoint_location = param("checkpoint_location", required=True)
pipeline = param("pipeline") or "adhoc"


def lakebase_host(instance_name):
    """The read-write host name of a Lakebase instance, from the workspace's Database API."""
    override = param("postgres_host")
    if override:
        return override
    from databricks.sdk import WorkspaceClient

    details = WorkspaceClient().api_client.do("GET", f"/api/2.0/database/instances/{instance_name}") or {}
    host = details.get("read_write_dns")
    if not host:
        raise RuntimeError(
            f"Lakebase instance '{instance_name}' has no read-write endpoint (state: {details.get('state', 'unknown')}). "
            "Check target.instance in config.json and that the instance is running."
        )
    return host


user = secret("LOYALTY_POSTGRES_USER", "postgres_user_secret")
password = secret("LOYALTY_POSTGRES_PASSWORD", "postgres_password_secret")
if not user or not password:
    raise ValueError("No Postgres login: set target.user and target.password in config.json.")

CONNECTION = {
    "host": lakebase_host(instance),
    "port": 5432,
    "dbname": database,
    "user": user,
    "password": password,
    "sslmode": "require",
    "connect_timeout": 30,
    "application_name": f"loyalty-{pipeline}",
}

# COMMAND ----------


def sql_folder():
    """sql/postgres of this pipeline. Notebooks run with their own folder as working directory."""
    here = Path.cwd()
    for candidate in (here.parent / "sql" / "postgres", here / "sql" / "postgres"):
        if (candidate / "upsert_records.sql").is_file():
            return candidate
    raise FileNotFoundError(f"sql/postgres not found next to {here}; deploy the whole pipeline folder.")


SQL_FOLDER = sql_folder()


def load_sql(file_name, conn):
    """A statement from sql/postgres with {schema} and {table} filled in as quoted identifiers."""
    text = (SQL_FOLDER / file_name).read_text(encoding="utf-8")
    return sql.SQL(text).format(schema=sql.Identifier(schema), table=sql.Identifier(table)).as_string(conn)


with psycopg.connect(**CONNECTION) as conn:
    with conn.cursor() as cur:
        cur.execute(load_sql("schema_exists.sql", conn), {"schema_name": schema})
        if cur.fetchone() is None:
            cur.execute(load_sql("create_schema.sql", conn))
        cur.execute(load_sql("create_table.sql", conn))
    # Rendered once here; the micro-batch function below only needs plain strings.
    UPSERT_SQL = load_sql("upsert_records.sql", conn)

print(f"Writing to {CONNECTION['host']}/{database}: {schema}.{table}")

# COMMAND ----------

# Rows per executemany call. A micro-batch is bounded by kafka_max_offsets_per_trigger.
UPSERT_CHUNK_ROWS = 1000
KAFKA_KEY = ["kafka_topic", "kafka_partition", "kafka_offset"]


def upsert_micro_batch(batch_df, batch_id):
    """Write one micro-batch in one Postgres transaction; a replay of the same batch changes nothing."""
    written = 0
    chunk = []
    # The connection's context manager commits when the block succeeds and rolls back otherwise.
    with psycopg.connect(**CONNECTION) as conn:
        with conn.cursor() as cur:
            for row in batch_df.dropDuplicates(KAFKA_KEY).toLocalIterator():
                chunk.append(row.asDict())
                if len(chunk) >= UPSERT_CHUNK_ROWS:
                    cur.executemany(UPSERT_SQL, chunk)
                    written += len(chunk)
                    chunk = []
            if chunk:
                cur.executemany(UPSERT_SQL, chunk)
                written += len(chunk)
    print(f"micro-batch {batch_id}: upserted {written} records into {schema}.{table}")


# COMMAND ----------

records = (
    spark.readStream.format("kafka")
    .options(**kafka_options())
    .load()
    .select(
        F.col("topic").alias("kafka_topic"),
        F.col("partition").alias("kafka_partition"),
        F.col("offset").alias("kafka_offset"),
        # Sent as ISO 8601 text with its UTC offset, so no time zone is lost on the way.
        F.date_format("timestamp", "yyyy-MM-dd HH:mm:ss.SSSSSSxxx").alias("kafka_timestamp"),
        F.col("key").cast("string").alias("message_key"),
        F.col("value").cast("string").alias("message_value"),
    )
)

writer = (
    records.writeStream.foreachBatch(upsert_micro_batch)
    .option("checkpointLocation", checkpoint_location)
    .queryName(f"{pipeline}_kafka_to_postgres")
)
trigger_interval = param("trigger_interval")
if trigger_interval:
    writer = writer.trigger(processingTime=trigger_interval)
else:
    writer = writer.trigger(availableNow=True)

query = writer.start()
print(f"Streaming {param('kafka_topics')} into Lakebase {instance} (checkpoint {checkpoint_location})")
query.awaitTermination()
