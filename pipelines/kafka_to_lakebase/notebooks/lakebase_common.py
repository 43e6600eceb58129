# Databricks notebook source
# MAGIC %md
# MAGIC # Lakebase helpers (shared by this pipeline's notebooks)
# MAGIC
# MAGIC Included with `%run ./lakebase_common`; it is not a job task of its own. `psycopg` and
# MAGIC `databricks-sdk` are not part of Databricks Runtime: the job installs them as task libraries,
# MAGIC from the `libraries` of each task in `config.json`. The notebooks install nothing themselves.
# MAGIC
# MAGIC **Driver only** (they use `dbutils` or read files, which only the notebook's own process can):
# MAGIC
# MAGIC * `get_param` / `declare_widgets`: task parameters (notebook widgets) set by the generated job;
# MAGIC * `resolve_secret`: a credential from its environment variable (`{{secrets/scope/key}}` on the
# MAGIC   job cluster), falling back to `dbutils.secrets.get` with the `scope/key` task parameter;
# MAGIC * `postgres_target`: where to write, with the Lakebase host looked up from the instance name;
# MAGIC * `render_sql` / `run_sql_file`: the SQL files of `../sql/postgres`, with their identifier
# MAGIC   placeholders (`{schema}`, `{table}`, `{staging_table}`, `{stats_table}`) replaced by quoted
# MAGIC   identifiers through `psycopg.sql.Identifier`. No value is ever pasted into SQL text.
# MAGIC
# MAGIC **Safe anywhere**, including inside a `foreachBatch` function (on standard-access clusters it runs
# MAGIC in a separate Python process without `dbutils`, widgets or the notebook's files):
# MAGIC `PostgresTarget` (plain strings only, captured on the driver), `run_sql` (runs SQL text that
# MAGIC was rendered on the driver), `check_identifier`, `quote_identifier`.

# COMMAND ----------

import os
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psycopg
    from psycopg import sql
except ImportError as error:
    raise ImportError(
        "psycopg is not installed on this cluster. It is not part of Databricks Runtime: install it as a task "
        "library: add it to the task's libraries in config.json (\"psycopg[binary]==3.2.9\"), then redeploy."
    ) from error

# The placeholder names the files in ../sql/postgres may use. The TypeScript renderer in
# test/postgres/sql-template.ts declares the same names, and a test checks the two agree.
IDENTIFIER_PLACEHOLDERS = ("schema", "table", "staging_table", "stats_table")

# Postgres silently truncates longer identifiers, which could make two names collide.
MAX_IDENTIFIER_BYTES = 63
POSTGRES_PORT = 5432
APPLICATION_NAME = "loyalty-wizard"

# COMMAND ----------

# MAGIC %md ## Safe anywhere: plain values and SQL text

# COMMAND ----------


def check_identifier(name, what):
    """A schema or table name: anything but NUL, at most 63 bytes in UTF-8.

    Names are always quoted (sql.Identifier), so a per-developer schema such as dev_zoë_gold_db
    is fine; only what Postgres itself cannot store or would truncate is refused."""
    if not name:
        raise ValueError(f"{what} must not be empty")
    if "\x00" in name:
        raise ValueError(f"{what} must not contain a NUL character")
    size = len(name.encode("utf-8"))
    if size > MAX_IDENTIFIER_BYTES:
        raise ValueError(
            f"{what} '{name}' is {size} bytes in UTF-8, longer than {MAX_IDENTIFIER_BYTES}; Postgres would truncate it"
        )
    return name


def quote_identifier(name):
    """The same quoting as sql.Identifier, for the places that take a plain string (Spark JDBC dbtable)."""
    return '"' + check_identifier(name, "identifier").replace('"', '""') + '"'


@dataclass(frozen=True)
class PostgresTarget:
    """Where to write. Only plain strings: it is captured on the driver and handed to the micro-batch
    function, which may run in another Python process."""

    instance: str
    host: str
    database: str
    schema: str
    table: str
    staging_table: str
    user: str
    password: str = field(repr=False)  # kept out of printed values and error messages
    application_name: str = APPLICATION_NAME

    def identifiers(self, **extra):
        ids = {"schema": self.schema, "table": self.table, "staging_table": self.staging_table}
        ids.update(extra)
        return ids

    def jdbc_url(self):
        return f"jdbc:postgresql://{self.host}:{POSTGRES_PORT}/{self.database}?sslmode=require"

    def qualified(self, table):
        return f"{quote_identifier(self.schema)}.{quote_identifier(table)}"

    def connect(self):
        return psycopg.connect(
            host=self.host,
            port=POSTGRES_PORT,
            dbname=self.database,
            user=self.user,
            password=self.password,
            sslmode="require",
            connect_timeout=30,
            application_name=self.application_name,
        )


def run_sql(conn, statement):
    """Run SQL text (rendered on the driver) as one transaction: all of its statements commit
    together or not at all."""
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
        conn.commit()
    except Exception:
        conn.rollback()
        raise


# COMMAND ----------

# MAGIC %md ## Driver only: parameters, secrets, SQL files

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


def render_sql(conn, file_name, identifiers):
    """../sql/postgres/<file_name> as SQL text, its {placeholders} replaced by quoted identifiers.

    Rendered here on the driver, so code that runs elsewhere only receives the finished string."""
    unknown = sorted(set(identifiers) - set(IDENTIFIER_PLACEHOLDERS))
    if unknown:
        raise ValueError(f"unknown placeholder names {unknown}; known: {list(IDENTIFIER_PLACEHOLDERS)}")
    text = (sql_dir() / file_name).read_text(encoding="utf-8")
    quoted = {name: sql.Identifier(check_identifier(value, name)) for name, value in identifiers.items()}
    # Raises KeyError for a placeholder the file uses but the caller did not give.
    return sql.SQL(text).format(**quoted).as_string(conn)


def run_sql_file(conn, file_name, identifiers):
    """Render one SQL file and run it as one transaction (driver only: it reads the file)."""
    run_sql(conn, render_sql(conn, file_name, identifiers))


def lakebase_host(instance):
    """The read-write DNS name of a Lakebase database instance, from the Databricks SDK."""
    from importlib.metadata import version

    from databricks.sdk import WorkspaceClient

    client = WorkspaceClient()
    if not hasattr(client, "database"):
        # Databricks Runtime bundles an older databricks-sdk than the Lakebase API needs.
        raise RuntimeError(
            f"databricks-sdk {version('databricks-sdk')} has no Lakebase (database) API. Install a newer one as a task "
            "library: add it to the task's libraries in config.json (\"databricks-sdk==0.57.0\"), then redeploy."
        )
    info = client.database.get_database_instance(name=instance)
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
        database=check_identifier(get_param("postgres_database"), "postgres_database"),
        schema=check_identifier(get_param("postgres_schema"), "postgres_schema"),
        table=table,
        staging_table=check_identifier(get_param("postgres_staging_table", f"{table}_staging"), "postgres_staging_table"),
        user=resolve_secret("LOYALTY_POSTGRES_USER", "postgres_user_secret"),
        password=resolve_secret("LOYALTY_POSTGRES_PASSWORD", "postgres_password_secret"),
        application_name=f"{APPLICATION_NAME}-{get_param('pipeline', 'kafka_to_lakebase')}",
    )
