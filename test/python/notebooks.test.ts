/**
 * The Lakebase notebooks (pipelines/kafka_to_lakebase and the streaming_postgres template),
 * checked without Spark, Databricks or a database:
 *   - they install no packages themselves, and say how to get psycopg when it is missing;
 *   - Postgres names are checked by UTF-8 byte length and NUL only;
 *   - the code handed to foreachBatch (and on to the executors) uses no dbutils, widgets, files or
 *     driver variables: test/python/foreach_batch_check.py parses it with Python's ast module.
 * The tests against a real Postgres are in test/postgres/streaming-template-notebook.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PY_DIR, REPO_DIR, findPython, outcome, runUnittest } from './python-runner.js';

const SEED_NOTEBOOKS = join(REPO_DIR, 'pipelines', 'kafka_to_lakebase', 'notebooks');
const TEMPLATE_NOTEBOOKS = join(REPO_DIR, 'templates', 'streaming_postgres', 'files', 'notebooks');
const SEED_INGESTION = join(SEED_NOTEBOOKS, 'kafka_to_postgres_ingestion.py');
const TEMPLATE_NOTEBOOK = join(TEMPLATE_NOTEBOOKS, 'kafka_to_postgres.py');
const LAKEBASE_NOTEBOOKS = [SEED_NOTEBOOKS, TEMPLATE_NOTEBOOKS].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => join(dir, f)),
);

const python = findPython() ?? 'python3';

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function expectPythonTest(name: string): void {
  const result = runUnittest(python, name);
  expect(outcome(result), result.output).toBe('ok');
  expect(result.status, result.output).toBe(0);
}

describe('Lakebase notebooks: Python packages', () => {
  it.each(LAKEBASE_NOTEBOOKS.map((f) => relative(REPO_DIR, f)))('%s installs nothing itself (no %pip, no restartPython)', (file) => {
    const source = readFileSync(join(REPO_DIR, file), 'utf8');
    expect(source).not.toMatch(/^# MAGIC\s+%pip\b/m);
    expect(source).not.toMatch(/%pip install/);
    expect(source).not.toMatch(/restartPython/);
  });

  it.each(['test_notebooks.MissingPsycopgTests.test_seed_lakebase_common', 'test_notebooks.MissingPsycopgTests.test_template_notebook'])(
    'without psycopg, the notebook says to add it to the task libraries (%s)',
    (name) => expectPythonTest(name),
  );

  it.each([
    ['pipelines/kafka_to_lakebase/README.md'],
    ['templates/streaming_postgres/files/README.md'],
  ])('%s says the packages come from the task libraries in config.json', (file) => {
    const text = readFileSync(join(REPO_DIR, file), 'utf8');
    expect(text).toMatch(/`libraries`/);
    expect(text).toMatch(/psycopg\[binary\]==3\.2\.9/);
    expect(text).not.toMatch(/with `%pip`|installs `psycopg` with `%pip`/);
  });
});

describe('Lakebase notebooks: Postgres names', () => {
  it.each(['test_notebooks.IdentifierTests.test_seed_check_identifier', 'test_notebooks.IdentifierTests.test_template_postgres_identifier'])(
    'accept any letters up to 63 UTF-8 bytes and refuse NUL, empty and longer names (%s)',
    (name) => expectPythonTest(name),
  );

  it('the template no longer limits names to [a-z0-9_]', () => {
    const source = readFileSync(TEMPLATE_NOTEBOOK, 'utf8');
    expect(source).not.toMatch(/\[a-z_\]\[a-z0-9_\]/);
    expect(source).toMatch(/sql\.Identifier\(name\)/);
  });
});

interface Violation {
  where: string;
  file: string;
  line: number;
  what: string;
}
interface Report {
  path: string;
  foreach_batch_calls: number;
  roots: string[];
  checked: string[];
  violations: Violation[];
}

function checkForeachBatch(paths: readonly string[]): Report[] {
  const r = spawnSync(python, [join(PY_DIR, 'foreach_batch_check.py'), ...paths], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Report[];
}

const scratch = mkdtempSync(join(tmpdir(), 'lw-foreach-batch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fixtureCount = 0;

/** Write small notebooks (each with the files it %run-includes) and check them all with one Python process. */
function checkFixtures(fixtures: readonly Record<string, string>[]): Report[] {
  const mains = fixtures.map((files) => {
    const dir = join(scratch, String(fixtureCount++));
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), `# Databricks notebook source\n${text}`);
    return join(dir, 'main.py');
  });
  const reports = checkForeachBatch(mains);
  expect(reports.map((r) => r.path)).toEqual(mains);
  return reports;
}

describe('foreachBatch code runs without dbutils, widgets or files', () => {
  const all = [...pythonFiles(join(REPO_DIR, 'pipelines')), ...pythonFiles(join(REPO_DIR, 'templates'))];
  const reports = checkForeachBatch(all);
  const usingForeachBatch = reports.filter((r) => r.foreach_batch_calls > 0);

  it('finds every notebook that uses foreachBatch, the seed pipeline and the template among them', () => {
    expect(usingForeachBatch.map((r) => r.path)).toEqual(expect.arrayContaining([SEED_INGESTION, TEMPLATE_NOTEBOOK]));
  });

  it.each(usingForeachBatch.map((r) => [relative(REPO_DIR, r.path), r] as const))('%s: the micro-batch code uses only captured plain values', (_file, report) => {
    expect(report.roots.length).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
  });

  it('follows the writers into what they call: the seed through lakebase_common, the template to the executors', () => {
    const seed = reports.find((r) => r.path === SEED_INGESTION)!;
    expect(seed.roots).toEqual(['write_micro_batch']);
    expect(seed.checked).toEqual(expect.arrayContaining(['write_micro_batch', 'MicroBatchPlan', 'PostgresTarget', 'run_sql']));
    const template = reports.find((r) => r.path === TEMPLATE_NOTEBOOK)!;
    expect(template.roots).toEqual(['write_micro_batch']);
    expect(template.checked).toEqual(
      expect.arrayContaining(['write_micro_batch', 'write_partition_frames', 'write_partition', 'upsert_parameters', 'key_text', 'PostgresSettings']),
    );
  });

  // Each of these would fail on a standard-access cluster; the check must say so.
  const broken: [string, Record<string, string>, RegExp][] = [
    [
      'a writer that reads its SQL file through get_param and sql_dir (the old seed notebook)',
      {
        'main.py': `from pathlib import Path
def get_param(name):
    return dbutils.widgets.get(name)
def sql_dir():
    return Path(get_param("sql_dir"))
def load_sql(name):
    return (sql_dir() / name).read_text()
def write(batch_df, batch_id):
    execute(load_sql("upsert.sql"))
stream.writeStream.foreachBatch(write).start()
`,
      },
      /load_sql: uses 'sql_dir'|sql_dir: uses 'Path'|get_param: uses 'dbutils'/,
    ],
    [
      'a method of a captured dataclass that reads a widget (defined in a %run include)',
      {
        'common.py': `from dataclasses import dataclass
@dataclass(frozen=True)
class Target:
    host: str
    def connect(self):
        return driver.connect(self.host, application_name=get_param("pipeline"))
`,
        'main.py': `# MAGIC %run ./common
import functools
target = Target(host=get_param("host"))
def write(batch_df, batch_id, target):
    target.connect()
stream.writeStream.foreachBatch(functools.partial(write, target=target)).start()
`,
      },
      /Target\.connect: uses 'get_param'/,
    ],
    [
      'a notebook variable that holds dbutils',
      { 'main.py': `w = dbutils.widgets\ndef write(df, i):\n    return w.get("table")\nq = s.writeStream.foreachBatch(write)\n` },
      /write: uses the notebook variable 'w'/,
    ],
    ['a writer that opens a file', { 'main.py': `def write(df, i):\n    return open("/Workspace/q.sql").read()\ns.writeStream.foreachBatch(write)\n` }, /write: uses 'open'/],
    [
      'a driver variable read instead of a captured value',
      { 'main.py': `table = get_param("table")\ndef write(df, i):\n    df.write.saveAsTable(table)\ns.writeStream.foreachBatch(write)\n` },
      /uses the notebook variable 'table'/,
    ],
    [
      'a captured object that is not a frozen dataclass',
      {
        'main.py': `from functools import partial
class Settings:
    def __init__(self):
        self.sql = "x"
settings = Settings()
def write(df, i, settings):
    pass
s.writeStream.foreachBatch(partial(write, settings=settings))
`,
      },
      /captured class Settings is not a @dataclass\(frozen=True\)/,
    ],
    [
      'a captured connection',
      { 'main.py': `import functools\nconn = psycopg.connect()\ndef write(df, i, conn):\n    pass\ns.writeStream.foreachBatch(functools.partial(write, conn=conn))\n` },
      /captures 'psycopg\.connect\(\)'/,
    ],
    [
      'a writer that pulls the micro-batch to the driver',
      { 'main.py': `def write(df, i):\n    for row in df.toLocalIterator():\n        pass\ns.writeStream.foreachBatch(write)\n` },
      /pulls rows to the driver with '\.toLocalIterator\(\)'/,
    ],
    ['a lambda that uses the global spark session', { 'main.py': `s.writeStream.foreachBatch(lambda df, i: spark.sql("select 1"))\n` }, /<lambda at line \d+>: uses 'spark'/],
    [
      'an executor-side function that reads a secret',
      {
        'main.py': `def per_partition(rows):
    password = dbutils.secrets.get("scope", "key")
def write(df, i):
    df.foreachPartition(per_partition)
s.writeStream.foreachBatch(write)
`,
      },
      /per_partition: uses 'dbutils'/,
    ],
  ];

  // A writer that gets everything as captured plain values.
  const accepted: Record<string, string> = {
    'main.py': `import functools
from dataclasses import dataclass, field, replace
CHUNK = 1000
@dataclass(frozen=True)
class Login:
    user: str
    password: str = field(repr=False)
@dataclass(frozen=True)
class Settings:
    login: Login
    upsert_sql: str
    chunk: int = CHUNK
def per_partition(rows, settings):
    batch = []
    for row in rows:
        batch.append(row)
    return len(batch) // settings.chunk
def write(batch_df, batch_id, settings):
    batch_df.mapInPandas(functools.partial(per_partition, settings=settings), schema="n long").count()
settings = Settings(login=Login(get_param("user"), get_param("password")), upsert_sql="")
settings = replace(settings, upsert_sql=load_sql("upsert.sql"))
records = spark.readStream.load()
records.writeStream.foreachBatch(functools.partial(write, settings=settings)).start()
`,
  };
  // The broken notebooks and the accepted one, checked by one Python process.
  const fixtureReports = checkFixtures([...broken.map(([, files]) => files), accepted]);

  it.each(broken.map(([what, , expected], i) => [what, fixtureReports[i]!, expected] as const))('flags %s', (_what, report, expected) => {
    expect(report.violations.length).toBeGreaterThan(0);
    expect(report.violations.map((v) => `${v.where}: ${v.what}`).join('\n')).toMatch(expected);
  });

  it('accepts a writer that gets everything as captured plain values', () => {
    const report = fixtureReports.at(-1)!;
    expect(report.roots).toEqual(['write']);
    expect(report.checked).toEqual(['Login', 'Settings', 'per_partition', 'write']);
    expect(report.violations).toEqual([]);
  });
});
