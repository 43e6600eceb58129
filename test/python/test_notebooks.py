"""Runtime tests of the Lakebase notebooks, run without Spark (see notebook_harness.py).

Run by test/python/notebooks.test.ts and test/postgres/streaming-template-writer.test.ts, one test
at a time:  cd test/python && python3 -m unittest -v test_notebooks.<Class>.<test>

The classes marked "needs Postgres" use psycopg (Debian: python3-psycopg) and the database in
LOYALTY_TEST_PG_URL (bash scripts/ci-postgres.sh); they skip when either is missing.
"""

import contextlib
import io
import os
import secrets
import unittest
from unittest import mock
from urllib.parse import unquote, urlparse

from notebook_harness import (
    SEED_NOTEBOOKS,
    TEMPLATE_NOTEBOOKS,
    FakeDbutils,
    cell_defining,
    cell_importing,
    load_definitions,
    module_missing,
    psycopg_available,
    psycopg_or_stand_in,
    run_cell,
    run_notebook,
    working_directory,
)

SEED_COMMON = SEED_NOTEBOOKS / "lakebase_common.py"
SEED_STATS = SEED_NOTEBOOKS / "customer_stats_generator.py"
TEMPLATE = TEMPLATE_NOTEBOOKS / "kafka_to_postgres.py"

MISSING_PSYCOPG_HINT = "install it as a task library: add it to the task's libraries in config.json"
PG_URL = os.environ.get("LOYALTY_TEST_PG_URL", "")


def require_database(test):
    if not PG_URL:
        test.skipTest("LOYALTY_TEST_PG_URL is not set")
    if not psycopg_available():
        test.skipTest("psycopg is not installed for this python3 (Debian: apt-get install python3-psycopg)")


def server():
    url = urlparse(PG_URL)
    return {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "dbname": url.path.lstrip("/"),
        "user": unquote(url.username or ""),
        "password": unquote(url.password or ""),
    }


# -- no database needed -----------------------------------------------------------------------


class MissingPsycopgTests(unittest.TestCase):
    """Without psycopg the notebooks stop at once and say how to install it (no %pip any more)."""

    def assert_hint(self, notebook):
        cell = cell_importing(notebook, "psycopg")
        with module_missing("psycopg"), self.assertRaises(ImportError) as raised:
            run_cell(cell, {"__name__": "__notebook__"}, notebook)
        self.assertIn(MISSING_PSYCOPG_HINT, str(raised.exception))
        self.assertIn("psycopg[binary]==3.2.9", str(raised.exception))

    def test_seed_lakebase_common(self):
        self.assert_hint(SEED_COMMON)

    def test_template_notebook(self):
        self.assert_hint(TEMPLATE)


# Per-developer schemas are dev_<short user name>_<schema>, and a short user name can hold any letter.
ACCEPTED_NAMES = [
    "gold_db",
    "dev_zoë_gold_db",
    "dev_Łukasz_gold_db",
    "dev_李雷_gold_db",
    "dev_o'brien-x_gold_db",
    'dev_"quoted"_gold_db',
    "dev_50%_gold_db",
    "é" * 31 + "x",  # 63 bytes in UTF-8: the longest Postgres keeps
    "x" * 63,
]
REJECTED_NAMES = [
    "",
    "dev_\x00_gold_db",
    "é" * 32,  # only 32 characters, but 64 bytes: Postgres would cut it
    "x" * 64,
]


class IdentifierTests(unittest.TestCase):
    """Names are checked by UTF-8 byte length and NUL only, never by a [a-z0-9_] pattern."""

    def seed_check(self):
        namespace = {"__name__": "__notebook__"}
        with psycopg_or_stand_in():
            run_cell(cell_importing(SEED_COMMON, "psycopg"), namespace, SEED_COMMON)
            run_cell(cell_defining(SEED_COMMON, "check_identifier"), namespace, SEED_COMMON)
        return lambda name: namespace["check_identifier"](name, "postgres_schema")

    def template_check(self):
        namespace = {"__name__": "__notebook__"}
        with psycopg_or_stand_in():
            run_cell(cell_importing(TEMPLATE, "psycopg"), namespace, TEMPLATE)
            run_cell(cell_defining(TEMPLATE, "postgres_identifier"), namespace, TEMPLATE)
        return lambda name: namespace["postgres_identifier"](name, "postgres_schema")

    def assert_rules(self, check):
        for name in ACCEPTED_NAMES:
            with self.subTest(accepted=name):
                self.assertEqual(check(name), name)
        for name in REJECTED_NAMES:
            with self.subTest(rejected=name), self.assertRaises(ValueError):
                check(name)

    def test_seed_check_identifier(self):
        self.assert_rules(self.seed_check())

    def test_template_postgres_identifier(self):
        self.assert_rules(self.template_check())


# -- needs Postgres ---------------------------------------------------------------------------


class StopLoop(Exception):
    """Raised by the patched time.sleep: the notebook was about to wait for its next round."""


class CustomerStatsGeneratorTests(unittest.TestCase):
    """customer_stats_generator.py, run whole against the test database (needs Postgres)."""

    def setUp(self):
        require_database(self)
        import psycopg

        self.psycopg = psycopg
        self.schema = f"lw_stats_{secrets.token_hex(4)}_zoë"
        self.server = server()

    def tearDown(self):
        with self.psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(
                self.psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(self.psycopg.sql.Identifier(self.schema))
            )

    def run_generator(self, streaming_mode, refresh_interval_seconds):
        """Run the notebook; returns (printed output, how often it tried to sleep, StopLoop raised?)."""
        widgets = {
            "pipeline": "kafka_to_lakebase",
            "environment": "test",
            "streaming_mode": streaming_mode,
            "target_type": "postgres",
            "postgres_instance": "test-instance",
            # Bypasses the Lakebase look-up through the Databricks SDK.
            "postgres_host": self.server["host"],
            "postgres_database": self.server["dbname"],
            "postgres_schema": self.schema,
            "postgres_table": "kafka_data",
            "postgres_user_secret": "test-scope/user",
            "postgres_password_secret": "test-scope/password",
            "stats_table": "customer_stats",
            "refresh_interval_seconds": str(refresh_interval_seconds),
        }
        dbutils = FakeDbutils(
            widgets,
            {"test-scope/user": self.server["user"], "test-scope/password": self.server["password"]},
        )
        real_connect = self.psycopg.connect

        def connect_to_test_server(**kwargs):
            # The notebook insists on TLS and port 5432 (Lakebase); the local test server may differ.
            return real_connect(**{**kwargs, "port": self.server["port"], "sslmode": "prefer"})

        output = io.StringIO()
        sleep = mock.Mock(side_effect=StopLoop)
        stopped = False
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LOYALTY_POSTGRES_")}
        with (
            mock.patch.dict(os.environ, environment, clear=True),
            mock.patch.object(self.psycopg, "connect", connect_to_test_server),
            mock.patch("time.sleep", sleep),
            working_directory(SEED_NOTEBOOKS),
            contextlib.redirect_stdout(output),
        ):
            try:
                run_notebook(SEED_STATS, {"__name__": "__notebook__", "dbutils": dbutils})
            except StopLoop:
                stopped = True
        return output.getvalue(), sleep.call_count, stopped

    def refreshes(self, output):
        return output.count("customer stats refreshed")

    def test_triggered_job_refreshes_once_and_ends(self):
        output, sleeps, stopped = self.run_generator("triggered", 300)
        self.assertFalse(stopped, output)
        self.assertEqual(sleeps, 0)
        self.assertEqual(self.refreshes(output), 1, output)
        self.assertIn("once, then stop", output)

    def test_zero_interval_refreshes_once_and_ends(self):
        output, sleeps, stopped = self.run_generator("continuous", 0)
        self.assertFalse(stopped, output)
        self.assertEqual(sleeps, 0)
        self.assertEqual(self.refreshes(output), 1, output)

    def test_continuous_job_keeps_refreshing(self):
        output, sleeps, stopped = self.run_generator("continuous", 300)
        # It refreshed, then went to wait for the next round (where the test stops it).
        self.assertTrue(stopped, output)
        self.assertEqual(sleeps, 1)
        self.assertEqual(self.refreshes(output), 1, output)
        self.assertIn("every 300 s", output)


class TemplateWriterTests(unittest.TestCase):
    """The template notebook's executor-side writer, exec'd from the notebook and run against the
    test database with the SQL rendered by the notebook's own load_sql (needs Postgres)."""

    TOPIC = "loyalty.events"

    @classmethod
    def setUpClass(cls):
        if not PG_URL or not psycopg_available():
            return
        import psycopg

        cls.psycopg = psycopg
        cls.nb = {"__name__": "__notebook__"}
        run_cell(cell_importing(TEMPLATE, "psycopg"), cls.nb, TEMPLATE)
        # Only these cells: no dbutils and no spark exist here, as on an executor.
        load_definitions(TEMPLATE, ["load_sql", "PostgresSettings", "write_partition"], cls.nb)

    def setUp(self):
        require_database(self)
        sql = self.psycopg.sql
        # A per-developer style name: a non-ASCII letter and a "%" (which psycopg would otherwise
        # read as a parameter marker in the upsert).
        self.schema = f"dev_{secrets.token_hex(4)}_zoë%_gold_db"
        self.table = "kafka_events"
        self.conn = self.psycopg.connect(PG_URL)
        load_sql = self.nb["load_sql"]
        with working_directory(TEMPLATE_NOTEBOOKS):
            # What the notebook does on the driver before the stream starts.
            with self.conn.cursor() as cur:
                cur.execute(load_sql(self.conn, "schema_exists.sql", self.schema, self.table), {"schema_name": self.schema})
                if cur.fetchone() is None:
                    cur.execute(load_sql(self.conn, "create_schema.sql", self.schema, self.table))
                cur.execute(load_sql(self.conn, "create_table.sql", self.schema, self.table))
            self.conn.commit()
            upsert_sql = load_sql(self.conn, "upsert_records.sql", self.schema, self.table, bound_parameters=True)
        self.assertIsInstance(upsert_sql, str)
        s = server()
        self.settings = self.nb["PostgresSettings"](
            host=s["host"],
            port=s["port"],
            dbname=s["dbname"],
            user=s["user"],
            password=s["password"],
            application_name="loyalty-test",
            sslmode="prefer",
            upsert_sql=upsert_sql,
            chunk_rows=2,  # small, so a few records already span several chunks
        )
        self.qualified = sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(self.table))

    def tearDown(self):
        self.conn.rollback()
        self.conn.execute(
            self.psycopg.sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(self.psycopg.sql.Identifier(self.schema))
        )
        self.conn.commit()
        self.conn.close()

    def record(self, offset, key=b"k", value=b"v", timestamp="2025-03-01 10:00:00.000000+00:00", partition=0):
        """One row as Spark hands it to the writer, in RECORD_COLUMNS order."""
        return (self.TOPIC, partition, offset, timestamp, key, value)

    def write(self, records):
        return self.nb["write_partition"](iter(records), self.settings)

    def rows(self):
        query = self.psycopg.sql.SQL(
            "SELECT kafka_offset, message_key, message_value, kafka_timestamp, ingested_at, updated_at, xmin::text"
            " FROM {} ORDER BY kafka_topic, kafka_partition, kafka_offset"
        ).format(self.qualified)
        rows = self.conn.execute(query).fetchall()
        self.conn.commit()
        return rows

    def test_record_columns_match_the_upsert_parameters(self):
        columns = self.nb["RECORD_COLUMNS"]
        parameters = self.nb["upsert_parameters"](self.record(0))
        self.assertEqual(tuple(parameters), columns)

    def test_poison_values_round_trip_and_keys_lose_nul(self):
        poison = b"\x00{\"id\": 1}\x00\xff\xfe\xc3\x28 tail"  # NUL bytes and invalid UTF-8
        written = self.write(
            [
                self.record(0, key=b"cust\x00-1", value=poison),
                self.record(1, key=None, value=None),
                self.record(2, key=b"bad\xffkey\x00", value=b""),
            ]
        )
        self.assertEqual(written, 3)
        stored = {row[0]: row for row in self.rows()}
        self.assertEqual(bytes(stored[0][2]), poison)
        self.assertEqual(stored[0][1], "cust-1")
        self.assertEqual((stored[1][1], stored[1][2]), (None, None))
        self.assertEqual(stored[2][1], "bad\ufffdkey")
        self.assertEqual(bytes(stored[2][2]), b"")

    def test_replayed_partition_changes_no_row(self):
        batch = [self.record(offset, value=f"event {offset}".encode()) for offset in range(5)]
        self.assertEqual(self.write(batch), 5)
        before = self.rows()
        self.assertEqual(self.write(batch), 5)  # Spark replays the micro-batch after a failure
        after = self.rows()
        self.assertEqual(len(after), 5)
        # Same values, same updated_at, and not even rewritten (same xmin).
        self.assertEqual(after, before)

    def test_newer_version_of_a_record_updates_it(self):
        self.write([self.record(7, value=b"first")])
        [(_, _, _, _, ingested_before, updated_before, _)] = self.rows()
        self.write([self.record(7, key=b"k2", value=b"second", timestamp="2025-06-01 08:00:00.000000+00:00")])
        [(offset, key, value, timestamp, ingested_after, updated_after, _)] = self.rows()
        self.assertEqual((offset, key, bytes(value)), (7, "k2", b"second"))
        self.assertEqual(timestamp.isoformat(), "2025-06-01T08:00:00+00:00")
        self.assertEqual(ingested_after, ingested_before)
        self.assertGreater(updated_after, updated_before)

    def test_partition_is_one_transaction(self):
        # The fifth record fails in Postgres, after two chunks were already sent: nothing stays.
        batch = [self.record(offset) for offset in range(4)] + [self.record(4, timestamp="not a time")]
        with self.assertRaises(self.psycopg.Error):
            self.write(batch)
        self.assertEqual(self.rows(), [])

    def test_empty_partition_opens_no_connection(self):
        nowhere = self.nb["PostgresSettings"](host="nowhere.invalid", port=1, dbname="x", user="x", password="x")
        self.assertEqual(self.nb["write_partition"](iter([]), nowhere), 0)

    def test_schema_name_is_kept_exactly(self):
        found = self.conn.execute("SELECT nspname FROM pg_namespace WHERE nspname = %s", [self.schema]).fetchall()
        self.conn.commit()
        self.assertEqual(found, [(self.schema,)])

    def test_mapinpandas_adapter_writes_and_counts(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas is not installed for this python3")
        columns = list(self.nb["RECORD_COLUMNS"])
        frames = [
            pd.DataFrame([self.record(0, value=b"\x00a"), self.record(1, value=None)], columns=columns),
            pd.DataFrame([self.record(2, key=b"\x00")], columns=columns),
        ]
        [counts] = list(self.nb["write_partition_frames"](iter(frames), self.settings))
        self.assertEqual(counts["records_written"].tolist(), [3])
        self.assertEqual([(r[0], r[1], None if r[2] is None else bytes(r[2])) for r in self.rows()], [
            (0, "k", b"\x00a"),
            (1, "k", None),
            (2, "", b"v"),
        ])


if __name__ == "__main__":
    unittest.main()
