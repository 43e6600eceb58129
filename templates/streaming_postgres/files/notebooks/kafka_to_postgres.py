# Databricks notebook source
# MAGIC %md
# MAGIC ## Kafka → Lakebase Postgres
# MAGIC
# MAGIC Reads the pipeline's Kafka topics with Structured Streaming and upserts every record into a
# MAGIC Postgres table on a Lakebase instance.
# MAGIC
# MAGIC * **Parameters**: all settings arrive as task parameters generated from `config.json` (listed in
# MAGIC   the parameters cell); nothing in this notebook is specific to an environment.
# MAGIC * **Credentials** come from environment variables that the job cluster fills from Databricks
# MAGIC   secrets (`LOYALTY_KAFKA_*`, `LOYALTY_POSTGRES_USER`, `LOYALTY_POSTGRES_PASSWORD`). When the
# MAGIC   notebook runs on another cluster, it reads the secret named by the matching `*_secret`
# MAGIC   parameter (`scope/key`) instead.
# MAGIC * **Python packages**: `psycopg` is installed by the job as a task library, from the task's
# MAGIC   `libraries` in `config.json`. The notebook installs nothing itself.
# MAGIC * **Driver and executors**: parameters, secrets and the SQL files of `../sql/postgres` are read on
# MAGIC   the driver, before the stream starts. The micro-batch function and the partition writer only
# MAGIC   receive plain values (`PostgresSettings`): Spark runs them in other Python processes (on
# MAGIC   standard-access clusters even the micro-batch function), where `dbutils`, widgets and the
# MAGIC   notebook's files are not available.
# MAGIC * **Writes** happen on the executors: each Spark partition of a micro-batch opens one connection and
# MAGIC   upserts its records in chunks, in one transaction. No record passes through the driver.
# MAGIC * **Idempotent**: rows are keyed on Kafka topic, partition and offset, so a micro-batch that Spark
# MAGIC   replays after a failure updates the same rows (or changes nothing) instead of adding new ones.
# MAGIC * **Any payload**: the Kafka value is stored byte for byte as `bytea`; the key is stored as text,
# MAGIC   decoded as UTF-8 (invalid bytes become U+FFFD) and without NUL characters, which text cannot hold.
# MAGIC * **Continuous or scheduled**: `streaming_mode` `continuous` runs a micro-batch every
# MAGIC   `trigger_interval` until the job is stopped; `triggered` (a scheduled job) reads everything new,
# MAGIC   then stops.

# COMMAND ----------

import functools
import itertools
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

try:
    import psycopg
    from psycopg import sql
except ImportError as error:
    raise ImportError(
        "psycopg is not installed on this cluster. It is not part of Databricks Runtime: install it as a task "
        "library: add it to the task's libraries in config.json (\"psycopg[binary]==3.2.9\"), then redeploy."
    ) from error

# COMMAND ----------

# Every parameter the job passes. The defaults only matter when the notebook is run by hand.
# postgres_host is not set by the job: add it to the task's "parameters" in config.json only
# to bypass the instance look-up (e.g. to point at another Postgres while testing).
PARAMETERS = {
    "pipeline": "",
    "environment": "",
    "checkpoint_location": "",
    "streaming_mode": "",
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

# MAGIC %md
# MAGIC ### Postgres names and SQL files
# MAGIC Names are checked only for what Postgres cannot take (NUL, more than 63 bytes), and always reach
# MAGIC SQL quoted by `sql.Identifier`, so a per-developer schema such as `dev_zoë_gold_db` works.

# COMMAND ----------

# Postgres silently truncates longer names, which could make two different names collide.
MAX_IDENTIFIER_BYTES = 63
# Lakebase instance names are lowercase letters, digits and "-"; the name goes into an API path.
INSTANCE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


def postgres_identifier(value, what):
    """A database, schema or table name: any characters except NUL, at most 63 bytes in UTF-8."""
    if not value:
        raise ValueError(f"Task parameter '{what}' is empty: set it in the pipeline's config.json and redeploy.")
    if "\x00" in value:
        raise ValueError(f"Task parameter '{what}' contains a NUL character, which Postgres names cannot hold.")
    size = len(value.encode("utf-8"))
    if size > MAX_IDENTIFIER_BYTES:
        raise ValueError(
            f"Task parameter '{what}' is {size} bytes in UTF-8: '{value}'. Postgres names are at most "
            f"{MAX_IDENTIFIER_BYTES} bytes (longer ones are silently cut), so use a shorter name."
        )
    return value


def sql_folder():
    """sql/postgres of this pipeline. Notebooks run with their own folder as working directory."""
    here = Path.cwd()
    for candidate in (here.parent / "sql" / "postgres", here / "sql" / "postgres"):
        if (candidate / "upsert_records.sql").is_file():
            return candidate
    raise FileNotFoundError(f"sql/postgres not found next to {here}; deploy the whole pipeline folder.")


def load_sql(conn, file_name, schema, table, bound_parameters=False):
    """A statement from sql/postgres as text, {schema} and {table} filled in as quoted identifiers.

    With bound_parameters (the statement runs with %(name)s values), a "%" inside a name is doubled,
    because psycopg reads every "%" in the text as the start of a parameter."""
    text = (sql_folder() / file_name).read_text(encoding="utf-8")
    names = {}
    for placeholder, name in (("schema", schema), ("table", table)):
        quoted = sql.Identifier(name).as_string(conn)
        names[placeholder] = sql.SQL(quoted.replace("%", "%%") if bound_parameters else quoted)
    return sql.SQL(text).format(**names).as_string(conn)


# COMMAND ----------

# MAGIC %md
# MAGIC ### The writer (runs on the executors)
# MAGIC Nothing in this cell may use `dbutils`, `spark`, widgets or files: it runs in other Python
# MAGIC processes and gets everything it needs in `PostgresSettings`, captured on the driver.

# COMMAND ----------

# The columns handed to the writer, in this order.
RECORD_COLUMNS = ("kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp", "message_key", "message_value")
# Records per executemany call; memory stays bounded however large a partition is.
UPSERT_CHUNK_ROWS = 1000


@dataclass(frozen=True)
class PostgresSettings:
    """What the writers need, prepared on the driver: plain strings and numbers only."""

    host: str
    port: int
    dbname: str
    user: str
    password: str = field(repr=False)  # kept out of printed values and error messages
    application_name: str = "loyalty"
    sslmode: str = "require"
    upsert_sql: str = ""  # upsert_records.sql, rendered on the driver once the table exists
    chunk_rows: int = UPSERT_CHUNK_ROWS

    def connect(self):
        return psycopg.connect(
            host=self.host,
            port=self.port,
            dbname=self.dbname,
            user=self.user,
            password=self.password,
            sslmode=self.sslmode,
            connect_timeout=30,
            application_name=self.application_name,
        )


def key_text(raw_key):
    """A Kafka key as Postgres text: UTF-8 (invalid bytes become U+FFFD), NUL characters removed."""
    if raw_key is None:
        return None
    return bytes(raw_key).decode("utf-8", errors="replace").replace("\x00", "")


def upsert_parameters(record):
    """The values of one record (a tuple in RECORD_COLUMNS order) for upsert_records.sql."""
    topic, partition, offset, timestamp, key, value = record
    return {
        "kafka_topic": str(topic),
        "kafka_partition": int(partition),
        "kafka_offset": int(offset),
        "kafka_timestamp": timestamp,
        "message_key": key_text(key),
        # bytea keeps every byte: NUL, invalid UTF-8 and binary formats are stored as they came.
        "message_value": None if value is None else bytes(value),
    }


def write_partition(records, settings):
    """Upsert the records of one Spark partition; returns how many were written.

    One connection and one transaction per partition: either all of its records land or none do,
    and Spark's retry of the task (or a replay of the micro-batch) writes the same rows again,
    which changes nothing. Kafka gives each (topic, partition, offset) to exactly one Spark
    partition of a micro-batch, so concurrent partitions never touch the same row."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return 0  # an empty partition opens no connection
    written = 0
    # The connection's context manager commits when the block succeeds and rolls back otherwise.
    with settings.connect() as conn:
        with conn.cursor() as cur:
            chunk = []
            for record in itertools.chain([first], records):
                chunk.append(upsert_parameters(record))
                if len(chunk) >= settings.chunk_rows:
                    cur.executemany(settings.upsert_sql, chunk)
                    written += len(chunk)
                    chunk = []
            if chunk:
                cur.executemany(settings.upsert_sql, chunk)
                written += len(chunk)
    return written


def write_partition_frames(frames, settings):
    """mapInPandas adapter: the pandas chunks Spark hands one partition, written by write_partition;
    yields one row with the number of records written."""
    import pandas as pd

    records = (record for frame in frames for record in frame.itertuples(index=False, name=None))
    yield pd.DataFrame({"records_written": [write_partition(records, settings)]})


def write_micro_batch(batch_df, batch_id, settings):
    """foreachBatch: every Spark partition of the micro-batch is written on its executor.

    mapInPandas runs write_partition_frames once per partition (it works on standard-access
    clusters, where RDD-based foreachPartition may not); only one count per partition comes back."""
    total = (
        batch_df.select(*RECORD_COLUMNS)
        .mapInPandas(functools.partial(write_partition_frames, settings=settings), schema="records_written long")
        .groupBy()
        .sum("records_written")
        .first()[0]
    )
    print(f"micro-batch {batch_id}: upserted {total or 0} records")


# COMMAND ----------

# MAGIC %md
# MAGIC ### Connect, create the table, prepare the writer (driver)

# COMMAND ----------

instance = param("postgres_instance", required=True)
if not INSTANCE_NAME.match(instance):
    raise ValueError(f"Task parameter 'postgres_instance' is not a Lakebase instance name: '{instance}'.")
database = postgres_identifier(param("postgres_database"), "postgres_database")
schema = postgres_identifier(param("postgres_schema"), "postgres_schema")
table = postgres_identifier(param("postgres_table"), "postgres_table")
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

settings = PostgresSettings(
    host=lakebase_host(instance),
    port=5432,
    dbname=database,
    user=user,
    password=password,
    application_name=f"loyalty-{pipeline}",
)
with settings.connect() as conn:
    with conn.cursor() as cur:
        cur.execute(load_sql(conn, "schema_exists.sql", schema, table), {"schema_name": schema})
        if cur.fetchone() is None:
            cur.execute(load_sql(conn, "create_schema.sql", schema, table))
        cur.execute(load_sql(conn, "create_table.sql", schema, table))
    # Rendered once, here: the writers get the finished statement as a plain string.
    settings = replace(settings, upsert_sql=load_sql(conn, "upsert_records.sql", schema, table, bound_parameters=True))

print(f"Writing to {settings.host}/{database}: {schema}.{table}")

# COMMAND ----------

# MAGIC %md
# MAGIC ### The stream

# COMMAND ----------

from pyspark.sql import functions as F

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
        # Key and value stay bytes here; the writer decodes the key and stores the value as bytea.
        F.col("key").alias("message_key"),
        F.col("value").alias("message_value"),
    )
)

writer = (
    records.writeStream.foreachBatch(functools.partial(write_micro_batch, settings=settings))
    .option("checkpointLocation", checkpoint_location)
    .queryName(f"{pipeline}_kafka_to_postgres")
)
# The job passes streaming_mode; when the notebook runs by hand without it, an empty
# trigger_interval means "read what is there, then stop".
streaming_mode = param("streaming_mode") or ("continuous" if param("trigger_interval") else "triggered")
if streaming_mode == "triggered":
    writer = writer.trigger(availableNow=True)
elif streaming_mode == "continuous":
    writer = writer.trigger(processingTime=param("trigger_interval") or "30 seconds")
else:
    raise ValueError(f"Task parameter 'streaming_mode' must be 'continuous' or 'triggered', got '{streaming_mode}'.")

query = writer.start()
print(f"Streaming {param('kafka_topics')} into Lakebase {instance} ({streaming_mode}, checkpoint {checkpoint_location})")
query.awaitTermination()
