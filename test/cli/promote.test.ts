import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess, type CliResult } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, fakeDeployProject, seedRuns as seedRunsIn } from '../helpers/fake-cli.js';
import { parseJson } from '../helpers/json.js';

/**
 * `promote` against the fake `databricks` CLI: the two gates (what the source
 * env runs is this folder; its last runs succeeded), the override, usage
 * errors, and --all.
 */

const { p, deployed } = fakeDeployProject();

const seedRuns = (runs: Record<string, unknown[]>) => seedRunsIn(p.dir, runs);


const promote = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCliInProcess(['promote', ...args], { cwd: p.dir, env: fakeCliEnv(p.dir, env) });
const toStaging = ['--from', 'dev', '--to', 'staging', '--profile-from', 'dev', '--profile-to', 'staging'];
const stagingDeploys = () => fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle' && c.argv[1] === 'deploy' && c.argv.includes('staging'));
const history = () =>
  readFileSync(join(p.dir, '.loyalty-wizard/history.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('promote: the gates', () => {
  it('dev → staging after a dev deploy and a successful run: both gates shown, then the deploy with the job URL', async () => {
    await deployed('etl', 'dev');
    const r = await promote(['etl', ...toStaging, '--yes'], seedRuns({ etl: ['success'] }));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/✔ content +dev runs this folder/);
    expect(r.stdout).toMatch(/✔ runs +the last finished run in dev succeeded/);
    expect(r.stdout).toMatch(/etl deployed to staging/);
    expect(r.stdout).toMatch(/URL +https:\/\/loyalty-staging\.cloud\.databricks\.com\/jobs\/\d+/);
    expect(stagingDeploys()).toHaveLength(1);
    // The deploy records the same content on the staging job as on the dev job.
    const deploy = stagingDeploys()[0]!.argv;
    expect(deploy).toContain('--var');
    expect(deploy.find((a) => a.startsWith('deployed_content='))).toMatch(/^deployed_content=[0-9a-f]{24}$/);
    expect(history().at(-1)).toMatchObject({ kind: 'promote', pipeline: 'etl', env: 'staging', from: 'dev', to: 'staging', ok: true, result: 'promoted', forced: false });
  });

  it('refused when a file changed after the dev deploy: what differs and the fix; nothing deployed (exit 1)', async () => {
    await deployed('etl', 'dev');
    p.write('pipelines/etl/sql/clean.sql', 'SELECT 2;\n');
    const r = await promote(['etl', ...toStaging, '--yes'], seedRuns({ etl: ['success'] }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ content +dev runs commit none, content [0-9a-f]{12}\n +this folder is commit none, content [0-9a-f]{12}\n/);
    expect(r.stderr).toContain('deploy this folder to dev first (loyalty-wizard deploy etl --env dev)');
    expect(stagingDeploys()).toHaveLength(0);
    expect(history().at(-1)).toMatchObject({ kind: 'promote', result: 'refused', ok: false });
  });

  it('refused when the last run failed: the run, its URL and the fix (exit 1)', async () => {
    await deployed('etl', 'dev');
    const r = await promote(['etl', ...toStaging, '--yes'], seedRuns({ etl: ['failed', 'success'] }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ runs +the last finished run in dev: run \d+ failed/);
    expect(r.stdout).toMatch(/^ +https:\/\/loyalty-dev\.cloud\.databricks\.com\/\S*run\/\d+$/m);
    expect(r.stderr).toContain('loyalty-wizard run etl --env dev');
    expect(r.stderr).toContain('--force --reason');
    expect(stagingDeploys()).toHaveLength(0);
  });

  it('--runs 2 looks at the last two finished runs', async () => {
    await deployed('etl', 'dev');
    const r = await promote(['etl', ...toStaging, '--yes', '--runs', '2'], seedRuns({ etl: ['success', 'failed'] }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the last 2 finished runs in dev: run \d+ failed/);
  });

  it('--force --reason overrides a failed gate; the reason is in the history and in --json', async () => {
    await deployed('etl', 'dev');
    const reason = 'hotfix approved by the release manager';
    const r = await promote(['etl', ...toStaging, '--yes', '--force', '--reason', reason, '--json'], seedRuns({ etl: ['failed'] }));
    expect(r.code, r.stderr).toBe(0);
    const doc = parseJson(r.stdout) as { ok: boolean; forced: boolean; reason: string; pipelines: { pipeline: string; result: string; gates: { name: string; ok: boolean }[]; deploy: { ok: boolean; job: { url: string } } }[] };
    expect(doc).toMatchObject({ ok: true, forced: true, reason, from: 'dev', to: 'staging' });
    expect(doc.pipelines[0]).toMatchObject({ pipeline: 'etl', result: 'promoted', gates: [{ name: 'content', ok: true }, { name: 'runs', ok: false }], deploy: { ok: true } });
    expect(doc.pipelines[0]!.deploy.job.url).toMatch(/^https:\/\/loyalty-staging/);
    expect(stagingDeploys()).toHaveLength(1);
    expect(history().at(-1)).toMatchObject({ kind: 'promote', result: 'promoted', forced: true, reason, gates: { content: true, runs: false } });
  });
});

describe('promote: usage errors (exit 2)', () => {
  it.each([
    [['etl', '--from', 'dev', '--to', 'dev', '--yes'], /--from and --to must be different/],
    [['etl', '--from', 'prod', '--to', 'staging', '--yes'], /prod → staging goes down/],
    [['etl', ...toStaging, '--yes', '--force'], /--force needs --reason/],
    [['etl', ...toStaging, '--yes', '--reason', 'because'], /--reason goes with --force/],
    [['etl', ...toStaging], /needs approval.*--yes/s],
    [['etl', '--all', ...toStaging, '--yes'], /name one pipeline or pass --all/],
  ])('%j', async (args, message) => {
    const r = await promote(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fakeCalls(p.dir)).toHaveLength(0);
  });

  it('without a terminal, missing flags are named with a command that would work', async () => {
    const r = await promote(['etl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing --from <dev\|staging\|prod>, --to <dev\|staging\|prod>/);
    expect(r.stderr).toContain('loyalty-wizard promote etl --from dev --to staging');
  });
});

describe('promote --all', () => {
  it('promotes only the pipelines whose source env is ahead of the target', async () => {
    await deployed('etl', 'dev');
    await deployed('orders', 'dev');
    await deployed('orders', 'staging');
    const r = await promote(['--all', ...toStaging, '--yes', '--json'], seedRuns({ etl: ['success'], orders: ['success'] }));
    expect(r.code, r.stderr).toBe(0);
    const doc = parseJson(r.stdout) as { pipelines: { pipeline: string; result: string }[] };
    expect(doc.pipelines.map((x) => [x.pipeline, x.result])).toEqual([['etl', 'promoted']]);
    expect(stagingDeploys().map((c) => c.cwd.split('/').at(-1))).toEqual(['orders', 'etl']);
  });
});
