# Databricks notebook source
# MAGIC %md
# MAGIC # Lakebase helpers (shared by this pipeline's notebooks)
# MAGIC
# MAGIC Included with `%run ./lakebase_common` after `psycopg` and `databricks-sdk` are installed.
# MAGIC It is not a job task of its own. It provides:
# MAGIC
# MAGIC * `get_param` / `declare_widgets`: task parameters (notebook widgets) set by the generated job;
# MAGIC * `resolve_secret`: a credential from its environment variable (`{{secrets/scope/key}}` on the
# MAGIC   job cluster), falling back to `dbutils.secrets.get` with the `scope/key` task parameter;
# MAGIC * `postgres_target`: where to write, with the Lakebase host looked up from the instance name;
# MAGIC * `load_sql` / `run_sql_file`: the SQL files of `../sql/postgres`, with their identifier
# MAGIC   placeholders (`{schema}`, `{table}`, `{staging_table}`, `{stats_table}`) replaced by quoted
# MAGIC   identifiers through `psycopg.sql.Identifier`. No value is ever pasted into SQL text.

# COMMAND ----------

import os
from dataclasses import dataclass
from pathlib import Path

try:  # psycopg 3 (installed by the calling notebook)
    import psycopg as pg_driver
    from psycopg import sql
except ImportError:  # psycopg2 offers the same sql module and connect() keywords
    import psycopg2 as pg_driver
    from psycopg2 import sql

# The placeholder names the files in ../sql/postgres may use. The TypeScript renderer in
# test/postgres/sql-template.ts declares the same names, and a test checks the two agree.
IDENTIFIER_PLACEHOLDERS = ("schema", "table", "staging_table", "stats_table")

# Postgres silently truncates longer identifiers, which could make two names collide.
MAX_IDENTIFIER_BYTES = 63
POSTGRES_PORT = 5432
APPLICATION_NAME = "loyalty-wizard"

# COMMAND ----------


def declare_widgets(names):
    """Declare text widgets so the notebook can also be run by hand; job parameters fill them."""
    for name in names:
        try:
            dbutils.widgets.get(name)
        except Exception:
            dbutils.widgets.text(name, "")


def get_param(name, default=None):
    """A task parameter. `default` when it is absent or empty; an error when it is required."""
    try:
        value = (dbutils.widgets.get(name) or "").strip()
    except Exception:
        value = ""
    if value:
        return value
    if default is None:
        raise ValueError(
            f"task parameter '{name}' is missing: the generated job passes it; "
            "when running this notebook by hand, fill in the widget"
        )
    return default


def _secret_from_ref(ref, param_name):
    scope, sep, key = ref.partition("/")
    if not sep or not scope or not key or "/" in key:
        raise ValueError(f"task parameter '{param_name}' must be 'scope/key', got '{ref}'")
    return dbutils.secrets.get(scope=scope, key=key)


def resolve_secret(env_var, ref_param, required=True):
    """The value of a secret: the cluster env var first, else dbutils.secrets.get(scope, key)."""
    value = os.environ.get(env_var, "")
    if value and not value.startswith("{{secrets/"):
        return value
    ref = get_param(ref_param, None if required else "")
    if not ref:
        return None
    return _secret_from_ref(ref, ref_param)


def check_identifier(name, what):
    if not name:
        raise ValueError(f"{what} must not be empty")
    if "\x00" in name:
        raise ValueError(f"{what} must not contain a NUL character")
    if len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise ValueError(f"{what} '{name}' is longer than {MAX_IDENTIFIER_BYTES} bytes; Postgres would truncate it")
    return name


def quote_identifier(name):
    """The same quoting as sql.Identifier, for the places that take a plain string (Spark JDBC dbtable)."""
    return '"' + check_identifier(name, "identifier").replace('"', '""') + '"'


# COMMAND ----------


def notebook_dir():
    """The workspace folder of the running notebook (a %run-included notebook reports its caller's path)."""
    try:
        context = dbutils.notebook.entry_point.getDbutils().notebook().getContext()
        path = context.notebookPath().get()
        if not path.startswith("/Workspace/"):
            path = "/Workspace" + path
        folder = Path(path).parent
        if folder.is_dir():
            return folder
    except Exception:
        pass
    # Databricks Runtime 14+ starts notebooks in their own folder.
    return Path(os.getcwd())


def sql_dir():
    override = get_param("sql_dir", "")
    folder = Path(override) if override else (notebook_dir() / ".." / "sql" / "postgres").resolve()
    if not (folder / "create_kafka_tables.sql").is_file():
        raise FileNotFoundError(
            f"the pipeline's SQL files are not in {folder}; deploy the whole pipeline folder "
            "or pass the folder as the 'sql_dir' task parameter"
        )
    return folder


def load_sql(file_name, identifiers):
    """Read ../sql/postgres/<file_name> and replace its {placeholders} with quoted identifiers."""
    unknown = sorted(set(identifiers) - set(IDENTIFIER_PLACEHOLDERS))
    if unknown:
        raise ValueError(f"unknown placeholder names {unknown}; known: {list(IDENTIFIER_PLACEHOLDERS)}")
    text = (sql_dir() / file_name).read_text(encoding="utf-8")
    quoted = {name: sql.Identifier(check_identifier(value, name)) for name, value in identifiers.items()}
    # Raises KeyError for a placeholder the file uses but the caller did not give.
    return sql.SQL(text).format(**quoted)


def run_sql_file(conn, file_name, identifiers):
    """Run one SQL file as one transaction: all of its statements commit together or not at all."""
    statement = load_sql(file_name, identifiers)
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
        conn.commit()
    except Exception:
        conn.rollback()
        raise


# COMMAND ----------


@dataclass(frozen=True)
class PostgresTarget:
    instance: str
    host: str
    database: str
    schema: str
    table: str
    staging_table: str
    user: str
    password: str

    def identifiers(self, **extra):
        ids = {"schema": self.schema, "table": self.table, "staging_table": self.staging_table}
        ids.update(extra)
        return ids

    def jdbc_url(self):
        return f"jdbc:postgresql://{self.host}:{POSTGRES_PORT}/{self.database}?sslmode=require"

    def qualified(self, table):
        return f"{quote_identifier(self.schema)}.{quote_identifier(table)}"

    def connect(self):
        return pg_driver.connect(
            host=self.host,
            port=POSTGRES_PORT,
            dbname=self.database,
            user=self.user,
            password=self.password,
            sslmode="require",
            connect_timeout=30,
            application_name=f"{APPLICATION_NAME}-{get_param('pipeline', 'kafka_to_lakebase')}",
        )


def lakebase_host(instance):
    """The read-write DNS name of a Lakebase database instance, from the Databricks SDK."""
    from databricks.sdk import WorkspaceClient

    info = WorkspaceClient().database.get_database_instance(name=instance)
    if not info.read_write_dns:
        raise RuntimeError(
            f"Lakebase instance '{instance}' has no read-write endpoint (state: {info.state}); "
            "start the instance or check its name"
        )
    return info.read_write_dns


def postgres_target():
    target_type = get_param("target_type", "postgres")
    if target_type != "postgres":
        raise ValueError(f"this notebook writes to Postgres, but target_type is '{target_type}'")
    instance = get_param("postgres_instance")
    table = check_identifier(get_param("postgres_table"), "postgres_table")
    return PostgresTarget(
        instance=instance,
        # postgres_host is an optional override, e.g. to try the notebook against another server.
        host=get_param("postgres_host", "") or lakebase_host(instance),
        database=get_param("postgres_database"),
        schema=check_identifier(get_param("postgres_schema"), "postgres_schema"),
        table=table,
        staging_table=check_identifier(get_param("postgres_staging_table", f"{table}_staging"), "postgres_staging_table"),
        user=resolve_secret("LOYALTY_POSTGRES_USER", "postgres_user_secret"),
        password=resolve_secret("LOYALTY_POSTGRES_PASSWORD", "postgres_password_secret"),
    )
