/**
 * The notebooks' own Python, run against the Postgres in LOYALTY_TEST_PG_URL without Spark
 * (test/python/test_notebooks.py, one unittest per vitest test):
 *   - the streaming_postgres template's executor-side writer (write_partition), exec'd from the
 *     notebook's cells with the SQL rendered by the notebook's load_sql: poison values, NUL in keys,
 *     replays, newer versions, one transaction per partition;
 *   - the seed pipeline's customer_stats_generator, run whole: once and done in a scheduled
 *     (triggered) job or with refresh_interval_seconds 0, a loop in a continuous job.
 * Needs psycopg for Python (Debian: python3-psycopg, installed by .ci/run); skipped with a printed
 * reason when it or the database is missing.
 */
import { describe, expect, it } from 'vitest';
import { findPython, outcome, runUnittest } from '../python/python-runner.js';
import { missing } from '../helpers/prerequisites.js';
import { PG_HOW, PG_URL } from './harness.js';

const python = PG_URL ? findPython(['psycopg']) : undefined;
const skip =
  missing('Postgres', !!PG_URL, PG_HOW) ||
  missing('python3 with psycopg (tried LOYALTY_TEST_PYTHON, python3, /usr/bin/python3)', !!python, 'apt-get install python3-psycopg');

/** Python tests that may skip themselves (and why). */
const OPTIONAL: Record<string, string> = {
  test_mapinpandas_adapter_writes_and_counts: 'pandas is not installed for this python3',
};

function expectPythonTest(name: string): void {
  const result = runUnittest(python!, name, { LOYALTY_TEST_PG_URL: PG_URL });
  const got = outcome(result);
  const method = name.split('.').pop()!;
  if (got.startsWith('skipped') && OPTIONAL[method] && got.includes(OPTIONAL[method])) {
    if (missing(`${name}: ${got}`, false, 'apt-get install python3-pandas')) return;
  }
  expect(got, result.output).toBe('ok');
  expect(result.status, result.output).toBe(0);
}

describe.skipIf(skip)('the template notebook writer against Postgres', () => {
  it.each([
    'test_record_columns_match_the_upsert_parameters',
    'test_poison_values_round_trip_and_keys_lose_nul',
    'test_replayed_partition_changes_no_row',
    'test_newer_version_of_a_record_updates_it',
    'test_partition_is_one_transaction',
    'test_empty_partition_opens_no_connection',
    'test_schema_name_is_kept_exactly',
    'test_mapinpandas_adapter_writes_and_counts',
  ])('%s', (method) => expectPythonTest(`test_notebooks.TemplateWriterTests.${method}`));
});

describe.skipIf(skip)('customer_stats_generator against Postgres', () => {
  it.each(['test_triggered_job_refreshes_once_and_ends', 'test_zero_interval_refreshes_once_and_ends', 'test_continuous_job_keeps_refreshing'])(
    '%s',
    (method) => expectPythonTest(`test_notebooks.CustomerStatsGeneratorTests.${method}`),
  );
});
