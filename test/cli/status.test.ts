import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCliInProcess, type CliResult } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, fakeDeployProject, seedRuns as seedRunsIn } from '../helpers/fake-cli.js';
import { REPO, batchConfig } from '../helpers/fixtures.js';
import { dig, parseJson } from '../helpers/json.js';
import type { StatusDocument, StatusRow } from '../../src/core/status-report.js';

/**
 * `status` as a user runs it, against the fake `databricks` CLI: which job is a
 * pipeline's in each env, what its runs say, and how failures of the CLI show.
 */

const { p, deployed } = fakeDeployProject();
const validateStatus = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'status.schema.json'), 'utf8')) as object);

const status = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCliInProcess(['status', ...args], { cwd: p.dir, env: fakeCliEnv(p.dir, env) });

/** `status --json`: the document, checked against schemas/status.schema.json. */
async function statusJson(args: string[], env: Record<string, string> = {}): Promise<{ r: CliResult; doc: StatusDocument; row: (name: string) => StatusRow }> {
  const r = await status([...args, '--json'], env);
  const doc = parseJson(r.stdout) as StatusDocument;
  expect(validateStatus(doc), JSON.stringify(validateStatus.errors)).toBe(true);
  const row = (name: string) => doc.pipelines.find((x) => x.pipeline === name)!;
  return { r, doc, row };
}


const seedRuns = (runs: Record<string, unknown[]>) => seedRunsIn(p.dir, runs);

describe('status: which job is the pipeline’s', () => {
  it('a pipeline deployed with the product is found, one not deployed says so; exit 0', async () => {
    await deployed('etl', 'dev');
    const { r, doc, row } = await statusJson(['--env', 'dev', '--profile', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(doc).toMatchObject({ env: 'dev', profile: 'dev', host: 'https://loyalty-dev.cloud.databricks.com', ok: true, summary: { pipelines: 2, deployed: 1, unhealthy: 0, unreadable: 0 } });
    expect(row('etl')).toMatchObject({ deployed: true, healthy: true, job: { name: '[dev someone] [Loyalty2.0] [dev] Orders ETL', matches: 1 }, schedule: { cron: '0 0 2 * * ?', paused: true } });
    expect(row('etl').job!.url).toMatch(/^https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+$/);
    // The deploy record the deploy left on the job (decision 012): which folder content and commit is live.
    expect(row('etl').job!.deployed_content).toMatch(/^[0-9a-f]{24}$/);
    expect(row('etl').job!.deployed_commit).toMatch(/^(none|[0-9a-f]{12}(-dirty)?)$/);
    expect(row('orders')).toMatchObject({ deployed: false, job: null, error: null });

    const text = await status(['--env', 'dev', '--profile', 'dev']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^etl +schedule paused +no runs yet/m);
    expect(text.stdout).toMatch(/^orders +— .*not deployed$/m);
    expect(text.stdout).toContain('2 pipelines in dev · 1 deployed · 0 missing a target');
  });

  it('dev: only the caller’s own copy counts, never another developer’s', async () => {
    await deployed('etl', 'dev');
    await deployed('etl', 'dev', { FAKE_DATABRICKS_USER: 'Other.Dev@example.com' });
    const mine = (await statusJson(['--env', 'dev', '--profile', 'dev'])).row('etl');
    expect(mine.job).toMatchObject({ name: '[dev someone] [Loyalty2.0] [dev] Orders ETL', matches: 1 });
    const theirs = (await statusJson(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_USER: 'Other.Dev@example.com' })).row('etl');
    expect(theirs.job).toMatchObject({ name: '[dev other_dev] [Loyalty2.0] [dev] Orders ETL', matches: 1 });
    expect(theirs.job!.id).not.toBe(mine.job!.id);
    expect((await statusJson(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_USER: 'third@example.com' })).row('etl').deployed).toBe(false);
    const me = fakeCalls(p.dir).filter((c) => c.argv.join(' ') === 'current-user me -p dev -o json');
    expect(me.length).toBeGreaterThan(0);
  });

  it('staging and prod: each env’s job, by its resolved name before a leftover with the same tags', async () => {
    await deployed('etl', 'staging');
    await deployed('etl', 'prod');
    const leftover = { FAKE_DATABRICKS_JOBS: JSON.stringify({ '999': { name: 'Orders ETL (old bundle)', tags: { project: 'loyalty2.0', pipeline: 'etl' } } }) };
    const staging = (await statusJson(['--env', 'staging', '--profile', 'staging'], leftover)).row('etl');
    expect(staging.job).toMatchObject({ name: '[Loyalty2.0] [staging] Orders ETL', matches: 2 });
    expect(staging.job!.url).toMatch(/^https:\/\/loyalty-staging\.cloud\.databricks\.com\/jobs\/\d+$/);
    const prod = (await statusJson(['--env', 'prod', '--profile', 'prod'])).row('etl');
    expect(prod.job).toMatchObject({ name: '[Loyalty2.0] [prod] Orders ETL', matches: 1 });
    expect(prod.schedule).toMatchObject({ paused: false });
    expect((await statusJson(['--env', 'dev', '--profile', 'dev'])).row('etl').deployed).toBe(false);
  });
});

describe('status: a config with a mistake', () => {
  it('in another env’s file: this env’s status is read; in this env’s: one line naming the file', async () => {
    await deployed('etl', 'dev');
    p.write('config/staging.yml', 'environment: staging\nworkspace: [not, a, mapping]\n');
    const dev = await statusJson(['--env', 'dev', '--profile', 'dev']);
    expect(dev.r.code, dev.r.stderr).toBe(0);
    expect(dev.row('etl').deployed).toBe(true);
    const staging = await status(['--env', 'staging', '--profile', 'staging']);
    expect(staging.code).not.toBe(0);
    expect(staging.stdout).toBe('');
    expect(staging.stderr).toContain('error: config/staging.yml:2:12: workspace: expected object, got an array\n');
    expect(staging.stderr).not.toMatch(/\n\s+at /);
  });

  it('elsewhere than pipeline_name: the deployed job’s row is still there; a bad pipeline_name: that row is unreadable and says to validate (exit 1)', async () => {
    await deployed('etl', 'dev');
    const config = JSON.parse(readFileSync(join(p.dir, 'pipelines/etl/config.json'), 'utf8')) as Record<string, unknown>;
    p.write('pipelines/etl/config.json', JSON.stringify({ ...config, execution_sequence: 'not a list' }));
    const edited = await statusJson(['--env', 'dev', '--profile', 'dev']);
    expect(edited.r.code, edited.r.stderr).toBe(0);
    expect(edited.row('etl')).toMatchObject({ deployed: true, error: null, job: { name: '[dev someone] [Loyalty2.0] [dev] Orders ETL' } });

    // The first problem, as validate says it: file, line and column, field, what is wrong and the fix.
    const broken = [
      [JSON.stringify({ ...config, pipeline_name: 'Orders ${var.x}' }), /^pipelines\/etl\/config\.json:1:\d+: pipeline_name: must not contain "\$\{": .*use another character$/],
      ['{"pipeline_name": ', /^pipelines\/etl\/config\.json:1:\d+: is not valid JSON: .* — fix the syntax at that line/],
    ] as const;
    for (const [text, message] of broken) {
      p.write('pipelines/etl/config.json', text);
      const { r, row } = await statusJson(['--env', 'dev', '--profile', 'dev']);
      expect(r.code, r.stderr).toBe(1);
      expect(row('etl')).toMatchObject({ deployed: null, error: { message: expect.stringMatching(message), hint: 'see: loyalty-wizard validate etl' } });
      expect(row('orders')).toMatchObject({ deployed: false, error: null });
    }
  });
});

describe('status: what the runs say', () => {
  it('a healthy job, and one whose last run failed: task, message and link, success rate below target', async () => {
    await deployed('etl', 'staging');
    await deployed('orders', 'staging');
    const env = seedRuns({
      etl: [{ state: 'failed', task: 'clean', message: 'Table not found: silver.orders' }, 'success', 'success', 'canceled', 'skipped'],
      orders: [{ state: 'running' }, 'success'],
    });
    const { r, doc, row } = await statusJson(['--env', 'staging', '--profile', 'staging'], env);
    expect(r.code).toBe(0);
    expect(doc.summary).toEqual({ pipelines: 2, deployed: 2, unhealthy: 1, unreadable: 0 });
    const etl = row('etl');
    expect(etl.problems.map((x) => x.code)).toEqual(['last-run-failed', 'success-rate']);
    expect(etl.runs).toMatchObject({ read: 5, counted: 3, last: { outcome: 'failed' }, last_failure: { task: 'clean', message: 'Table not found: silver.orders' } });
    expect(etl.runs.success_rate).toBeCloseTo(2 / 3);
    expect(row('orders')).toMatchObject({ healthy: true, continuous: { paused: false, active: true }, runs: { active: { outcome: 'running' } } });

    const text = await status(['--env', 'staging', '--profile', 'staging'], env);
    expect(text.stdout).toContain('etl: the last run failed\n');
    expect(text.stdout).toContain('etl: success rate 66.6 % over 3 runs is below the 99 % target\n');
    expect(text.stdout).toContain('  task clean: Table not found: silver.orders\n');
    expect(text.stdout).toMatch(/^ {2}https:\/\/loyalty-staging\.cloud\.databricks\.com\/\?o=\d+#job\/\d+\/run\/\d+$/m);
    expect(text.stdout).toContain('2 pipelines in staging · 2 deployed · 1 missing a target');
  });

  it('a slow batch job and a continuous job with no run going miss their targets; --fail-on-unhealthy exits 1', async () => {
    await deployed('etl', 'staging');
    await deployed('orders', 'staging');
    const env = seedRuns({ etl: [{ state: 'success', duration_minutes: 45 }, { state: 'success', duration_minutes: 50 }], orders: ['success'] });
    const { row } = await statusJson(['--env', 'staging', '--profile', 'staging'], env);
    expect(row('etl').problems).toEqual([{ code: 'slow', message: 'a typical run takes 45 min, over the 30 min target' }]);
    expect(row('orders').problems.map((x) => x.code)).toEqual(['not-running']);
    expect((await status(['--env', 'staging', '--profile', 'staging'], env)).code).toBe(0);
    expect((await status(['--env', 'staging', '--profile', 'staging', '--fail-on-unhealthy'], env)).code).toBe(1);
    const healthy = seedRuns({ etl: ['success'], orders: ['running'] });
    expect((await status(['--env', 'staging', '--profile', 'staging', '--fail-on-unhealthy'], healthy)).code).toBe(0);
  });

  it('--runs is what list-runs is asked for, as its total', async () => {
    await deployed('etl', 'dev');
    await statusJson(['--env', 'dev', '--profile', 'dev', '--runs', '7']);
    const listRuns = fakeCalls(p.dir).filter((c) => c.argv[1] === 'list-runs');
    expect(listRuns).toHaveLength(1);
    expect(listRuns[0]!.argv).toEqual(['jobs', 'list-runs', '--job-id', expect.stringMatching(/^\d+$/), '--limit', '7', '--expand-tasks', '-p', 'dev', '-o', 'json']);
  });
});

describe('status: exit codes and failures of the CLI', () => {
  it('usage errors exit 2: no --env without a terminal, a bad --runs or --concurrency', async () => {
    const noEnv = await status(['--profile', 'dev']);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toMatch(/^error: status: missing --env <dev\|staging\|prod>/);
    expect(noEnv.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect((await status(['--env', 'dev', '--profile', 'dev', '--runs', '0'])).code).toBe(2);
    expect((await status(['--env', 'dev', '--profile', 'dev', '--concurrency', '33'])).code).toBe(2);
    expect(fakeCalls(p.dir).filter((c) => c.argv[0] === 'jobs')).toEqual([]);
  });

  it('an auth failure is every row’s error, explained once per row; exit 1', async () => {
    await deployed('etl', 'dev');
    const env = { FAKE_DATABRICKS_FAIL: 'list:auth' };
    const { r, doc } = await statusJson(['--env', 'dev', '--profile', 'dev'], env);
    expect(r.code).toBe(1);
    expect(doc.ok).toBe(false);
    expect(doc.summary.unreadable).toBe(2);
    for (const row of doc.pipelines) expect(row).toMatchObject({ deployed: null, healthy: false, error: { message: expect.any(String) as string } });
    const text = await status(['--env', 'dev', '--profile', 'dev'], env);
    expect(text.code).toBe(1);
    const first = doc.pipelines[0]!.error!.message.split('\n')[0]!;
    expect(text.stdout.split(first).length - 1).toBe(2);
    expect(text.stdout).toContain('2 could not be read');
    expect(text.stdout).not.toContain('no runs yet');
    expect(fakeCalls(p.dir).filter((c) => c.argv[1] === 'list-runs')).toEqual([]);
  });

  it('list-runs failing for one pipeline is that row’s error only', async () => {
    await deployed('etl', 'dev');
    await deployed('orders', 'dev');
    const { r, row, doc } = await statusJson(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_FAIL: 'list-runs:error:etl' });
    expect(r.code).toBe(1);
    // The CLI's own words, when loyalty-wizard has no explanation of its own.
    expect(row('etl').error!.message).toMatch(/^databricks jobs list-runs --job-id \d+ .*failed \(exit 1\): something went wrong$/);
    expect(row('etl')).toMatchObject({ deployed: true, schedule: { paused: true }, job: { name: '[dev someone] [Loyalty2.0] [dev] Orders ETL' } });
    expect(row('orders')).toMatchObject({ deployed: true, healthy: true, error: null });
    expect(doc.summary).toMatchObject({ deployed: 2, unreadable: 1 });
    // Runs that could not be read are not "no runs yet"; the job's schedule is still known.
    const text = await status(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_FAIL: 'list-runs:error:etl' });
    expect(text.stdout).toMatch(/^etl +schedule paused +\? +\? +\? +unreadable$/m);
    expect(text.stdout).toMatch(/^orders +continuous, paused +no runs yet/m);
  });

  it('garbage from the CLI is reported as unreadable, never as a crash or as "not deployed"', async () => {
    await deployed('etl', 'dev');
    for (const fail of ['list:malformed:truncated', 'list:malformed:object', 'me:malformed:null', 'list-runs:malformed:text']) {
      const { r, row } = await statusJson(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_FAIL: fail });
      expect(r.code, fail).toBe(1);
      expect(row('etl').error?.message, fail).toMatch(/printed something loyalty-wizard cannot read/);
      expect(r.stderr, fail).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    const entries = await statusJson(['--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_FAIL: 'list-runs:malformed:entries' });
    expect(entries.row('etl')).toMatchObject({ deployed: true, runs: { read: 0 } });
  });
});

describe('status: many pipelines', () => {
  /** `n` copies of the batch pipeline, each with a job in dev seeded through FAKE_DATABRICKS_JOBS. */
  function manyPipelines(n: number): Record<string, string> {
    const jobs: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const name = `batch${i}`;
      p.write(`pipelines/${name}/config.json`, JSON.stringify(batchConfig({ pipeline_name: `Batch ${i}` })));
      for (const f of ['setup', 'clean', 'summary', 'gold']) p.write(`pipelines/${name}/sql/${f}.sql`, 'SELECT 1;\n');
      jobs[String(1000 + i)] = { name: `[dev someone] [Loyalty2.0] [dev] Batch ${i}`, tags: { project: 'loyalty2.0', pipeline: name, dev: 'someone' } };
    }
    return { FAKE_DATABRICKS_JOBS: JSON.stringify(jobs) };
  }

  /** The most calls that were running at one moment, from the fake's spans. */
  function mostAtOnce(spansFile: string, filter: (argv: string[]) => boolean): number {
    const spans = readFileSync(spansFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => parseJson(l))
      .filter((s) => filter(dig(s, 'argv') as string[]));
    const edges = spans.flatMap((s) => [[dig(s, 'start') as number, 1] as const, [dig(s, 'end') as number, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of edges) most = Math.max(most, (now += d));
    return most;
  }

  it('--concurrency bounds the CLI calls running at once, jobs list and current-user me included', async () => {
    const env = { ...manyPipelines(6), FAKE_DATABRICKS_DELAY_MS: '300', FAKE_DATABRICKS_SPANS: join(p.dir, 'spans.jsonl') };
    const two = await statusJson(['--env', 'dev', '--profile', 'dev', '--concurrency', '2'], env);
    expect(two.r.code, two.r.stderr).toBe(0);
    expect(two.doc.summary.deployed).toBe(6);
    expect(mostAtOnce(env.FAKE_DATABRICKS_SPANS, (a) => a[1] === 'list-runs')).toBe(2);

    const spans1 = join(p.dir, 'spans1.jsonl');
    const one = await statusJson(['--env', 'dev', '--profile', 'dev', '--concurrency', '1'], { ...env, FAKE_DATABRICKS_SPANS: spans1 });
    expect(one.doc.summary.deployed).toBe(6);
    expect(mostAtOnce(spans1, () => true)).toBe(1);
  });
});

describe('status: the jobs found last time', () => {
  type Span = { argv: string[]; start: number; end: number };
  const spansOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => parseJson(l) as Span);
  const jobIdOf = (s: Span) => s.argv[s.argv.indexOf('--job-id') + 1];
  const hintsFile = () => join(p.dir, '.loyalty-wizard', 'job-ids.json');

  it('are asked for while the jobs are listed; a job that is no longer the pipeline’s costs a call, never a wrong row', async () => {
    await deployed('etl', 'dev');
    const env = (file: string) => ({ FAKE_DATABRICKS_DELAY_MS: '300', FAKE_DATABRICKS_SPANS: join(p.dir, file) });
    const first = await statusJson(['--env', 'dev', '--profile', 'dev'], env('first.jsonl'));
    const id = first.row('etl').job!.id;
    const listed = (file: string) => spansOf(join(p.dir, file)).find((s) => s.argv[1] === 'list')!;
    const runsCalls = (file: string) => spansOf(join(p.dir, file)).filter((s) => s.argv[1] === 'list-runs');
    // Nothing known yet: the runs are asked for once the list is in.
    expect(runsCalls('first.jsonl').map((s) => s.start >= listed('first.jsonl').end)).toEqual([true]);
    expect(readFileSync(hintsFile(), 'utf8')).toContain(`"etl": ${id}`);

    const second = await statusJson(['--env', 'dev', '--profile', 'dev'], env('second.jsonl'));
    expect(second.row('etl')).toEqual(first.row('etl'));
    expect(runsCalls('second.jsonl').map((s) => [jobIdOf(s), s.start < listed('second.jsonl').end])).toEqual([[String(id), true]]);

    // A remembered job that is not the pipeline's (deleted, or replaced by a destroy and a deploy): it is asked about
    // (the workspace says there is no such job), then the listed one, whose runs are the row's.
    writeFileSync(hintsFile(), readFileSync(hintsFile(), 'utf8').replace(`"etl": ${id}`, '"etl": 424242'));
    const third = await statusJson(['--env', 'dev', '--profile', 'dev'], env('third.jsonl'));
    expect(third.r.code, third.r.stderr).toBe(0);
    expect(third.row('etl')).toEqual(first.row('etl'));
    expect(runsCalls('third.jsonl').map(jobIdOf)).toEqual(['424242', String(id)]);
    expect(readFileSync(hintsFile(), 'utf8')).toContain(`"etl": ${id}`);
  });

  it('a file that is not one is no hint: status is the same, and the file is written anew', async () => {
    await deployed('etl', 'dev');
    p.write('.loyalty-wizard/job-ids.json', '{"version": 1, "targets": ');
    const { r, row } = await statusJson(['--env', 'dev', '--profile', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    expect(row('etl').deployed).toBe(true);
    expect(JSON.parse(readFileSync(hintsFile(), 'utf8'))).toMatchObject({ version: 1 });
  });
});

describe('status --history', () => {
  it('before any deploy: says so, exit 0; in a terminal 80 columns wide the line is wrapped by words', async () => {
    const piped = await runCliInProcess(['status', '--history'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
    expect([piped.code, piped.stderr]).toEqual([0, 'no deploys recorded yet in .loyalty-wizard/history.jsonl; each deploy adds a line\n']);
    const terminal = await runCliInProcess(['status', '--history'], { cwd: p.dir, env: fakeCliEnv(p.dir), columns: 80 });
    expect(terminal.stderr).toBe('no deploys recorded yet in .loyalty-wizard/history.jsonl; each deploy adds a\nline\n');
  });

  it('after real deploys: per env, the deploys and how many succeeded', async () => {
    await deployed('etl', 'dev');
    await deployed('orders', 'dev');
    await deployed('etl', 'staging');
    const r = await runCliInProcess(['status', '--history', '--json'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
    expect(r.code, r.stderr).toBe(0);
    const doc = parseJson(r.stdout);
    const envs = dig(doc, 'envs') as unknown[];
    expect(envs.map((e) => [dig(e, 'env'), dig(e, 'deploys'), dig(e, 'succeeded'), dig(e, 'success_rate')])).toEqual(
      expect.arrayContaining([
        ['dev', 2, 2, 1],
        ['staging', 1, 1, 1],
      ]),
    );
    const text = await runCliInProcess(['status', '--history'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
    expect(text.stdout).toMatch(/^ENV +DEPLOYS +SUCCESS +MEDIAN TIME/);
    expect(text.stdout).toMatch(/^dev +2 +100\.0%/m);
    expect(fakeCalls(p.dir).filter((c) => c.argv[0] === 'jobs')).toEqual([]);
  });
});

describe('status: secrets in what the workspace says', () => {
  it('a token inside run URLs and messages is redacted, in the table and in --json', async () => {
    const secret = '27182818284590452';
    await deployed('etl', 'dev');
    const env = { ...seedRuns({ etl: [{ state: 'failed', task: 'clean', message: `token ${secret} is not valid` }, 'success'] }), FAKE_DATABRICKS_WORKSPACE_ID: secret, DATABRICKS_TOKEN: secret };
    const { doc, row } = await statusJson(['--env', 'dev', '--profile', 'dev'], env);
    expect(row('etl').runs.last_failure?.url).toMatch(/\*\*\*/);
    expect(JSON.stringify(doc)).not.toContain(secret);
    const text = await status(['--env', 'dev', '--profile', 'dev'], env);
    expect(text.stdout).toContain('token *** is not valid');
    expect(text.stdout + text.stderr).not.toContain(secret);
  });
});

describe('status --quality: the latest data-quality checks, from the env’s table on its warehouse', () => {
  const DEV_TABLE = 'loyalty_dev.dev_someone_silver_db.data_quality_results';
  const check = (over: Record<string, unknown>) => ({ pipeline: 'etl', environment: 'dev', step: 'clean', check_name: 'clean_rate', rows_checked: 200, rows_passed: 194, rows_failed: 6, pass_rate: '0.9700', threshold: '0.9500', passed: true, details: '{"missing_customer_id":2,"invalid_amount":4}', ...over });
  /** FAKE_DATABRICKS_QUALITY: rows of the named tables (only those exist). */
  function seedQuality(tables: Record<string, unknown[]>): Record<string, string> {
    const file = join(p.dir, 'quality.json');
    writeFileSync(file, JSON.stringify(tables));
    return { FAKE_DATABRICKS_QUALITY: file };
  }
  const apiCalls = () => fakeCalls(p.dir).filter((c) => c.argv[0] === 'api');
  const body = (argv: string[]) => JSON.parse(argv[argv.indexOf('--json') + 1]!) as { warehouse_id: string; statement: string; parameters: { name: string; value: string }[] };

  it('one statement for every pipeline, values as parameters; the latest of each check per pipeline, in the table and in --json', async () => {
    await deployed('etl', 'dev');
    const env = seedQuality({
      [DEV_TABLE]: [
        check({ minutes_ago: 30, step: 'gold', check_name: 'gold_consistency', pass_rate: '0.9000', threshold: '1.0000', passed: false, rows_failed: 20, details: '{"duplicate_location_rows":20}' }),
        check({ minutes_ago: 40 }),
        check({ minutes_ago: 2000, passed: false, pass_rate: '0.5000' }),
        check({ environment: 'prod', minutes_ago: 5, check_name: 'prod_only' }),
        check({ pipeline: 'someone_elses', minutes_ago: 5, check_name: 'not_ours' }),
      ],
    });
    const { r, row, doc } = await statusJson(['--env', 'dev', '--profile', 'dev', '--quality'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(row('etl').quality).toMatchObject({ table: DEV_TABLE, error: null });
    expect(row('etl').quality!.checks.map((c) => [c.step, c.check, c.passed, c.pass_rate, c.null_pct, c.duplicates])).toEqual([
      ['clean', 'clean_rate', true, 0.97, 1, null],
      ['gold', 'gold_consistency', false, 0.9, null, 20],
    ]);
    expect(row('orders').quality).toEqual({ table: DEV_TABLE, checks: [], error: null });
    expect(row('etl').problems).toEqual([{ code: 'quality-failed', message: 'data-quality check gold/gold_consistency failed (90% passed, 100% needed)' }]);
    expect(doc.summary.unhealthy).toBe(1);

    const calls = apiCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.argv.slice(0, 3)).toEqual(['api', 'post', '/api/2.0/sql/statements']);
    const b = body(calls[0]!.argv);
    expect(b.warehouse_id).toBe('0123456789abcdef');
    expect(b.parameters.map((x) => [x.name, x.value])).toEqual([['environment', 'dev'], ['pipeline_0', 'etl'], ['pipeline_1', 'orders']]);
    expect(b.statement).toContain('`loyalty_dev`.`dev_someone_silver_db`.`data_quality_results`');
    expect(b.statement).not.toMatch(/'(etl|orders|dev)'/);

    const text = await status(['--env', 'dev', '--profile', 'dev', '--quality'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}CHECK +PASSED +NULLS +DUPS +RESULT +CHECKED\netl\n {2}clean_rate +97% +1% +— +✔ pass +40m ago\n {2}gold_consistency +90% +— +20 +✖ fail +30m ago\n/m);
    expect(text.stdout).toContain(`no data-quality checks recorded yet for orders in ${DEV_TABLE}\n`);
    expect(text.stdout).toContain('etl: data-quality check gold/gold_consistency failed (90% passed, 100% needed)\n');
    expect(text.stdout).toMatch(/^etl +.* quality$/m);
    expect((await status(['--env', 'dev', '--profile', 'dev', '--quality', '--fail-on-unhealthy'], env)).code).toBe(1);
  });

  it('without --quality no statement runs and rows have no quality', async () => {
    await deployed('etl', 'staging');
    const { row } = await statusJson(['--env', 'staging', '--profile', 'staging']);
    expect(row('etl').quality).toBeUndefined();
    expect(apiCalls()).toEqual([]);
  });

  it('shared envs read <catalog>.<silver schema>.data_quality_results', async () => {
    const env = seedQuality({ 'loyalty_staging.silver_db.data_quality_results': [check({ environment: 'staging' })] });
    const { row } = await statusJson(['--env', 'staging', '--profile', 'staging', '--quality'], env);
    expect(row('etl').quality?.checks).toHaveLength(1);
  });

  const failures: [string, Record<string, string>, string][] = [
    ['a missing table', { FAKE_DATABRICKS_FAIL: 'post:missing' }, 'data quality: table loyalty_staging.silver_db.data_quality_results not found: run a pipeline\'s setup step (sql/setup/setup_databases.sql creates it) in staging, or deploy and run the pipeline'],
    ['no SELECT on it', { FAKE_DATABRICKS_FAIL: 'post:denied' }, 'data quality: permission denied on loyalty_staging.silver_db.data_quality_results: ask for SELECT on it (and USE CATALOG, USE SCHEMA on its catalog and schema)'],
    ['no such warehouse', { FAKE_DATABRICKS_WAREHOUSES: '{"ffffffffffffffff":{}}' }, 'data quality: SQL warehouse 1123456789abcdef of config/staging.yml not found in the workspace: set sql_warehouse_id in config/staging.yml to a warehouse of this workspace (SQL Warehouses → the warehouse → Connection details)'],
    ['no use of the warehouse', { FAKE_DATABRICKS_FAIL: 'post:denied:warehouse' }, 'data quality: permission denied on SQL warehouse 1123456789abcdef: ask for CAN USE on it, or set sql_warehouse_id to one you may use'],
    ['a statement cancelled at its time limit', { FAKE_DATABRICKS_FAIL: 'post:canceled' }, 'data quality: the data-quality query did not finish within 30s on SQL warehouse 1123456789abcdef (canceled): the warehouse may be starting: try again in a minute'],
    ['garbage', { FAKE_DATABRICKS_FAIL: 'post:malformed:text' }, 'data quality: the answer to the data-quality query could not be read'],
  ];
  for (const [what, env, line] of failures) {
    it(`${what}: one line with the fix; the job rows still show and status exits 0`, async () => {
      await deployed('etl', 'staging');
      const text = await status(['--env', 'staging', '--profile', 'staging', '--quality', '--fail-on-unhealthy'], env);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout.split('\n').filter((l) => l.startsWith('data quality:'))).toEqual([expect.stringContaining(line) as string]);
      expect(text.stdout).toMatch(/^etl +scheduled +no runs yet/m);
      expect(text.stderr).not.toMatch(/at .*\.js:\d+/);
      const { row } = await statusJson(['--env', 'staging', '--profile', 'staging', '--quality'], env);
      expect(row('etl')).toMatchObject({ deployed: true, error: null, healthy: true, quality: { checks: [], error: { message: expect.any(String) as string } } });
    });
  }
});
