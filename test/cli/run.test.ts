/** `run` against the fake CLI, without a terminal: start, follow, report, receipt, history, exit codes. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli.js';
import { FAKE_BIN_DIR, fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';

let p: MiniProject;
beforeEach(() => {
  p = miniProject();
  writeProfiles(p.dir);
});
afterEach(() => p.cleanup());

// Polls come quickly here: the fake moves a run on by one step per poll.
const env = (extra: Record<string, string> = {}) => fakeCliEnv(p.dir, { LOYALTY_RUN_POLL_SECONDS: '0.05', ...extra });
const cli = (args: string[], extra: Record<string, string> = {}) => runCliInProcess(args, { cwd: p.dir, env: env(extra) });
const run = (args: string[], extra: Record<string, string> = {}) => cli(['run', ...args], extra);
/** `run` as the built binary, for the test whose subject includes the process. */
const runSpawned = (args: string[]) => runCli(['run', ...args], { cwd: p.dir, env: env() });
async function deployEtl(): Promise<void> {
  const r = await cli(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--yes']);
  expect(r.code, r.stderr).toBe(0);
}
const calls = (sub: string) => fakeCalls(p.dir).filter((c) => `${c.argv[0]} ${c.argv[1]}` === sub);
const history = () =>
  readFileSync(join(p.dir, '.loyalty-wizard/history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.kind === 'run');
const ORDER = ['setup', 'clean', 'summary', 'gold'];
const TABLE_MISSING = '[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`bronze`.`orders` cannot be found. SQLSTATE: 42P01';
/** The run as the fake's `jobs get-run` prints it now. */
function getRun(runId: number): { run_duration: number; tasks: { task_key: string; run_duration: number }[] } {
  const r = spawnSync(join(FAKE_BIN_DIR, 'databricks'), ['jobs', 'get-run', String(runId), '-p', 'dev', '-o', 'json'], { cwd: p.dir, env: { ...process.env, ...env() }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof getRun>;
}

interface Receipt {
  run_id: number;
  url: string;
  outcome: string;
  ok: boolean;
  duration_ms: number;
  tasks: { key: string; outcome: string; duration_ms: number | null }[];
  error: { task: string | null; message: string; fix: string } | null;
}

describe('run: following a run to its end', () => {
  it('starts the job from the pipeline folder with --no-wait, follows it task by task in pipeline order, ends with the URL; exit 0', async () => {
    await deployEtl();
    const r = runSpawned(['etl', '--env', 'dev', '--profile', 'dev']);
    expect(r.code, r.stderr).toBe(0);
    const [start] = calls('bundle run');
    expect(start!.argv).toEqual(['bundle', 'run', '-t', 'dev', '-p', 'dev', 'etl', '--no-wait']);
    expect(start!.cwd).toBe(join(p.dir, 'pipelines', 'etl'));
    const polls = calls('jobs get-run');
    expect(polls.length).toBeGreaterThan(1);
    const runId = /\/runs\/(\d+)/.exec(r.stdout)![1]!;
    for (const c of polls) {
      expect(c.argv).toEqual(['jobs', 'get-run', runId, '-p', 'dev', '-o', 'json']);
      expect(c.cwd).toBe(p.dir);
    }
    const done = r.stderr.split('\n').filter((l) => l.startsWith('✔')).map((l) => l.split(' ')[1]);
    expect(done).toEqual(ORDER);
    expect(r.stderr).toContain('setup running');
    expect(r.stdout).toMatch(/✔ etl ran in dev in \d/);
    expect(r.stdout).toMatch(/Run {4}https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+\/runs\/\d+/);
    expect(history()).toMatchObject([{ kind: 'run', pipeline: 'etl', env: 'dev', ok: true, result: 'success' }]);
  });

  it('a failed task: its error from get-run-output and a fix naming the stages upstream of it; tasks after it skipped; exit 1', async () => {
    await deployEtl();
    // etl's DAG: setup → clean, setup → summary, clean + summary → gold.
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_RUN_RESULT: 'failed:summary', FAKE_DATABRICKS_RUN_ERROR: TABLE_MISSING });
    expect(r.code, r.stderr).toBe(1);
    const rows = r.stderr.split('\n').filter((l) => /^[✔✖↓] /.test(l));
    // Plain lines come as tasks end: summary's failure and gold's skip come from the same poll, in either order.
    expect(rows.map((l) => l.split(' ').slice(0, 2).join(' ')).sort()).toEqual(['✔ setup', '✔ clean', '✖ summary', '↓ gold'].sort());
    expect(r.stdout).toMatch(/✖ etl run failed in dev after .+ \(task summary\)/);
    expect(r.stdout).toContain('Error  [TABLE_OR_VIEW_NOT_FOUND]');
    expect(r.stdout).toContain('Fix    main.bronze.orders does not exist in dev: run the stage that creates it first (upstream of summary: setup)');
    expect(calls('jobs get-run-output')).toHaveLength(1);
    expect(history()).toMatchObject([{ ok: false, result: 'failed', message: `summary: ${TABLE_MISSING}` }]);
  });

  it('a permission error says who needs what', async () => {
    await deployEtl();
    const error = "PERMISSION_DENIED: User does not have SELECT on Table 'main.bronze.orders'.";
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_RUN_RESULT: 'failed:setup', FAKE_DATABRICKS_RUN_ERROR: error });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Fix    the job's run-as identity (run_as in config/dev.yml, else whoever deployed it) needs SELECT on table main.bronze.orders");
  });

  it('an error we know nothing of: open the run page', async () => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev'], { FAKE_DATABRICKS_RUN_RESULT: 'failed:gold', FAKE_DATABRICKS_RUN_ERROR: 'ZeroDivisionError: division by zero' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Fix    open the run page for the task's full output");
  });

  it('--json: one receipt on stdout with the tasks in order; rows on stderr', async () => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Receipt;
    expect(doc).toMatchObject({ outcome: 'success', ok: true, error: null });
    expect(doc.url).toContain(`/runs/${doc.run_id}`);
    // The times are Databricks': the run's run_duration and each task's, as get-run reports the ended run.
    const ended = getRun(doc.run_id);
    expect(doc.duration_ms).toBe(ended.run_duration);
    expect(doc.tasks).toEqual(ORDER.map((key) => ({ key, outcome: 'success', duration_ms: ended.tasks.find((t) => t.task_key === key)!.run_duration })));
    expect(r.stderr).toMatch(/✔ gold/);
  });

  it('--json of a failed run carries the task, its error and the fix; exit 1', async () => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--json'], { FAKE_DATABRICKS_RUN_RESULT: 'failed:clean', FAKE_DATABRICKS_RUN_ERROR: TABLE_MISSING });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Receipt;
    expect(doc.outcome).toBe('failed');
    expect(doc.error).toMatchObject({ task: 'clean', message: TABLE_MISSING, fix: expect.stringContaining('(upstream of clean: setup)') });
    // summary does not depend on clean: it runs; gold, after both, never does (UPSTREAM_FAILED).
    expect(doc.tasks.map((t) => [t.key, t.outcome])).toEqual([['setup', 'success'], ['clean', 'failed'], ['summary', 'success'], ['gold', 'skipped']]);
  });

  it.each([
    ['timedout', 'timedout'],
    ['canceled', 'canceled'],
  ])('a run that ends %s exits 1', async (result, outcome) => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--json'], { FAKE_DATABRICKS_RUN_RESULT: result });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Receipt).outcome).toBe(outcome);
  });
});

describe('run: starting only, parameters, and errors', () => {
  it('--no-wait prints the run URL and returns 0 without polling', async () => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Run {4}https:\/\/\S+\/runs\/\d+/);
    expect(calls('jobs get-run')).toHaveLength(0);
    expect(history()).toMatchObject([{ ok: true, result: 'started' }]);
  });

  it('--params are passed as job parameters', async () => {
    await deployEtl();
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--no-wait', '--params', 'catalog=other,gold_schema=g2']);
    expect(r.code, r.stderr).toBe(0);
    expect(calls('bundle run')[0]!.argv).toEqual(['bundle', 'run', '-t', 'dev', '-p', 'dev', 'etl', '--no-wait', '--params', 'catalog=other', '--params', 'gold_schema=g2']);
  });

  it('--params naming no parameter of the job is a usage error before anything runs (exit 2)', async () => {
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev', '--params', 'nope=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: run: --params nope: not a parameter of etl's job/);
    expect(r.stderr).toContain('its parameters: pipeline, environment, catalog');
    expect(fakeCalls(p.dir)).toHaveLength(0);
  });

  it('without a terminal, missing --env and --profile are named with a command that would work (exit 2)', async () => {
    const r = runCli(['run', 'etl'], { cwd: p.dir, env: { ...env(), DATABRICKS_CONFIG_PROFILE: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: run: missing --env <dev|staging|prod>, --profile <name>');
    expect(r.stderr).toContain('e.g. loyalty-wizard run etl --env dev --profile dev');
    expect(fakeCalls(p.dir)).toHaveLength(0);
  });

  it('without a pipeline name: exit 2 naming it', async () => {
    const r = await run(['--env', 'dev', '--profile', 'dev']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: run: missing <pipeline>');
  });

  it('an unknown pipeline or a second name is a usage error', async () => {
    expect((await run(['nope', '--env', 'dev', '--profile', 'dev'])).code).toBe(2);
    expect((await run(['etl', 'orders', '--env', 'dev', '--profile', 'dev'])).code).toBe(2);
  });

  it('a pipeline never generated: exit 1 saying to deploy it, before any databricks call', async () => {
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: pipelines/etl/databricks.yml does not exist: etl has not been deployed from here');
    expect(r.stderr).toContain('hint: deploy it first: loyalty-wizard deploy etl --env dev');
    expect(fakeCalls(p.dir)).toHaveLength(0);
  });

  it("a pipeline generated but never deployed: the CLI's error, exit 1, nothing followed", async () => {
    expect((await cli(['generate', 'etl'])).code).toBe(0);
    const r = await run(['etl', '--env', 'dev', '--profile', 'dev']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not yet deployed');
    expect(calls('jobs get-run')).toHaveLength(0);
  });
});

describe('deploy --run follows the run it starts', () => {
  it('deploys, then follows the run to its end; the run decides the exit code', async () => {
    const r = await cli(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--run'], { FAKE_DATABRICKS_RUN_RESULT: 'failed:gold' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/✔ etl deployed to dev/);
    expect(r.stdout).toMatch(/✖ etl run failed in dev .+\(task gold\)/);
    expect(calls('jobs get-run').length).toBeGreaterThan(1);
    expect(history()).toMatchObject([{ result: 'failed' }]);
  });

  it('--run --no-wait only starts it; --no-wait alone is a usage error', async () => {
    const r = await cli(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--run', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(calls('jobs get-run')).toHaveLength(0);
    expect(r.stdout).toMatch(/Run {6}https:\/\/\S+\/runs\/\d+/);
    expect((await cli(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--no-wait'])).code).toBe(2);
  });
});
