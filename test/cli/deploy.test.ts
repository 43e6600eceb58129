import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCliInProcess } from '../helpers/cli.js';
import { fakeCliEnv, fakeDeployProject, processAlive } from '../helpers/fake-cli.js';
import { waitFor } from '../ui/helpers/wait-for.js';

// Behaviour runs the CLI in this process; the happy path and Ctrl-C run the built binary.
const { p, deploy, deploySpawned, bundleCalls, subcommands } = fakeDeployProject();

describe('deploy: the happy path in CI', () => {
  it('validate → plan → deploy → summary, from the pipeline folder, with target and profile; ends with the job URL (the built binary)', () => {
    const r = deploySpawned(['etl', '--env', 'dev', '--profile', 'dev', '--yes']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(subcommands()).toEqual(['validate', 'plan', 'deploy', 'summary']);
    for (const c of bundleCalls()) {
      expect(c.cwd).toBe(join(p.dir, 'pipelines', 'etl'));
      expect(c.argv).toEqual(expect.arrayContaining(['-t', 'dev', '-p', 'dev']));
    }
    // The deploy record (decision record 012) goes with validate, plan and deploy: outside git, commit "none".
    const record = ['--var', 'deployed_commit=none', '--var', expect.stringMatching(/^deployed_content=[0-9a-f]{24}$/)];
    expect(bundleCalls()[0]!.argv).toEqual(['bundle', 'validate', '-t', 'dev', '-p', 'dev', '-o', 'json', ...record]);
    expect(bundleCalls()[2]!.argv).toEqual(['bundle', 'deploy', '-t', 'dev', '-p', 'dev', ...record]);
    expect(r.stdout).toMatch(/✔ etl deployed to dev in \d+\.\ds/);
    expect(r.stdout).toMatch(/URL {6}https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+/);
    expect(r.stdout).toContain('Redeploy from CI:\n    npx loyalty-wizard deploy etl --env dev --profile dev --yes\n');
    expect(readFileSync(join(p.dir, 'pipelines/etl/databricks.yml'), 'utf8')).toMatch(/^# Generated/);
  });

  it('--json prints one document on stdout carrying the job URL; progress goes to stderr', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { pipeline: string; env: string; profile: string; ok: boolean; job: { url: string; id: string }; steps: { name: string; status: string; duration_ms: number }[] };
    expect(doc).toMatchObject({ pipeline: 'etl', env: 'dev', profile: 'dev', ok: true });
    expect(doc.job.url).toMatch(/^https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+/);
    expect(doc.steps.map((s) => [s.name, s.status])).toEqual([
      ['detect', 'ok'],
      ['generate', 'ok'],
      ['validate', 'ok'],
      ['plan', 'ok'],
      ['deploy', 'ok'],
      ['summary', 'ok'],
    ]);
    expect(r.stderr).toMatch(/Validate/);
  });

  it('--run --no-wait starts the job and prints the run URL', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--run', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(subcommands()).toEqual(['validate', 'plan', 'deploy', 'summary', 'run']);
    expect(bundleCalls()[4]!.argv.slice(0, 3)).toEqual(['bundle', 'run', '-t']);
    expect(bundleCalls()[4]!.argv).toContain('etl');
    const url = /Run {6}(https:\/\/\S+\/runs\/(\d+)\S*)/.exec(r.stdout);
    expect(url, r.stdout).not.toBeNull();
    expect(r.stderr).toContain(`Run the job: run ${url![2]} started`);
  });

  it('--show-commands prints each command before it runs; no colour with NO_COLOR', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--show-commands']);
    expect(r.stderr).toContain('$ databricks bundle validate -t dev -p dev -o json');
    expect(r.stderr + r.stdout).not.toContain('\u001b[');
  });

  it('--dry-run runs validate and plan, prints the commands it would run, deploys nothing', async () => {
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'prod', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(subcommands()).toEqual(['validate', 'plan']);
    expect(r.stdout).toContain('nothing was deployed');
    expect(r.stdout).toContain('databricks bundle deploy -t prod -p prod');
  });
});

describe('deploy: a slow CLI without a terminal', () => {
  it('says once what it waits for and what Ctrl-C does there; no ticking clock', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--yes'], { FAKE_DATABRICKS_FAIL: 'validate:slow:3000', LOYALTY_WAIT_NOTICE_SECONDS: '0.5' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('waiting for databricks bundle validate').length - 1, r.stderr).toBe(1);
    expect(r.stderr).toContain('Ctrl-C stops it safely: nothing has been deployed');
    expect(r.stderr).not.toMatch(/Validate \[\d+s\]/);
  });

  it('LOYALTY_WAIT_NOTICE_SECONDS that is not a number of seconds: exit 2 naming it, before any databricks call', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--yes'], { LOYALTY_WAIT_NOTICE_SECONDS: 'soon' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: LOYALTY_WAIT_NOTICE_SECONDS: "soon" is not a number of seconds/);
    expect(bundleCalls()).toEqual([]);
  });
});

describe('deploy: approval', () => {
  it('prod without --yes and without a terminal: refused, exit 2, nothing deployed', async () => {
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deploying to prod needs approval and there is no terminal to ask; nothing was deployed/);
    expect(subcommands()).not.toContain('deploy');
  });
  it('staging without --yes: refused too', async () => {
    expect((await deploy(['etl', '--env', 'staging', '--profile', 'staging'])).code).toBe(2);
    expect(subcommands()).not.toContain('deploy');
  });
  it('prod with --yes deploys', async () => {
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'prod', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(subcommands()).toContain('deploy');
  });
  it('a plan that deletes needs --allow-deletes on top of --yes, and then passes --auto-approve', async () => {
    const refused = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--yes'], { FAKE_DATABRICKS_FAIL: 'plan:destructive' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the plan for etl in dev needs explicit approval \(recreate jobs\.etl\); nothing was deployed/);
    expect(refused.stderr).toContain('--yes --allow-deletes');
    expect(subcommands()).not.toContain('deploy');
    const ok = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--yes', '--allow-deletes'], { FAKE_DATABRICKS_FAIL: 'plan:destructive' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(bundleCalls().find((c) => c.argv[1] === 'deploy')!.argv).toContain('--auto-approve');
  });
});

describe('deploy: failures explain cause and fix', () => {
  const cases: [string, string, string[], RegExp, RegExp][] = [
    ['not authenticated', 'validate:auth', ['etl', '--env', 'dev', '--profile', 'dev'], /cause: not logged in to https:\/\/loyalty-dev\.cloud\.databricks\.com with profile "dev"/, /fix: +databricks auth login --host https:\/\/loyalty-dev\.cloud\.databricks\.com --profile dev/],
    ['deploy lock held', 'deploy:lock', ['etl', '--env', 'prod', '--profile', 'prod', '--yes'], /cause: another deploy holds the lock: \S+ since /, /fix: +.*--force-lock/],
    ['no such target', 'validate:target', ['etl', '--env', 'dev', '--profile', 'dev'], /cause: the bundle has no target/, /fix: +regenerate it: npx loyalty-wizard generate etl/],
    ['invalid YAML', 'validate:yaml', ['etl', '--env', 'dev', '--profile', 'dev'], /cause: the bundle YAML could not be read/, /fix: +regenerate it/],
  ];
  for (const [name, fail, args, cause, fix] of cases) {
    it(name, async () => {
      const r = await deploy(args, { FAKE_DATABRICKS_FAIL: fail });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ {4}Error: /);
      expect(r.stderr).toMatch(cause);
      expect(r.stderr).toMatch(fix);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      const step = fail.split(':')[0]!;
      const order = ['validate', 'plan', 'deploy', 'summary'];
      expect(subcommands()).toEqual(order.slice(0, order.indexOf(step) + 1));
    });
  }

  it('a profile that is not in the config file: named, with the login command', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: profile "nope" is not in .*databrickscfg/);
    expect(r.stderr).toContain('databricks auth login --host https://loyalty-dev.cloud.databricks.com --profile nope');
    expect(bundleCalls()).toEqual([]);
  });

  it('the same in a terminal 80 columns wide: the error stays one line, the login command in the hint goes on with " \\"', async () => {
    const r = await runCliInProcess(['deploy', 'etl', '--env', 'dev', '--profile', 'nope'], { cwd: p.dir, env: fakeCliEnv(p.dir), columns: 80 });
    expect(r.code).toBe(1);
    const [error, ...hint] = r.stderr.trimEnd().split('\n');
    expect(error).toMatch(/^error: profile "nope" is not in .*databrickscfg/);
    expect(hint).toEqual(['  hint: databricks auth login --host https://loyalty-dev.cloud.databricks.com \\', '          --profile nope', '        (existing: dev, staging, prod)']);
  });

  it('a profile for another workspace: an error in CI, naming the profile that matches', async () => {
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'dev', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: profile "dev" points at https:\/\/loyalty-dev\.cloud\.databricks\.com, but config\/prod\.yml deploys to https:\/\/loyalty-prod/);
    expect(r.stderr).toContain('use --profile prod');
    expect(bundleCalls()).toEqual([]);
  });

  it('a profile for another workspace and none for this one: the login is under a new name, never the profile given', async () => {
    p.write('databrickscfg', '[loyalty-dev]\nhost = https://loyalty-dev.cloud.databricks.com\ntoken = x\n[loyalty-prod]\nhost = https://loyalty-dev.cloud.databricks.com\ntoken = y\n');
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'loyalty-dev', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: profile "loyalty-dev" points at https:\/\/loyalty-dev\.cloud\.databricks\.com, but config\/prod\.yml deploys to https:\/\/loyalty-prod/);
    expect(r.stderr).toContain('databricks auth login --host https://loyalty-prod.cloud.databricks.com --profile loyalty-prod-2');
    expect(r.stderr).not.toMatch(/auth login [^\n]*--profile loyalty-(dev|prod)(?![\w-])/);
    expect(bundleCalls()).toEqual([]);
  });

  it('no --profile without a terminal: the hint names the profile for that env and the pipeline given', async () => {
    const r = await runCliInProcess(['deploy', 'etl', '--env', 'prod'], { cwd: p.dir, env: { ...fakeCliEnv(p.dir), DATABRICKS_CONFIG_PROFILE: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: deploy: missing --profile <name>/);
    expect(r.stderr).toContain('hint: e.g. loyalty-wizard deploy etl --env prod --profile prod --yes');
  });

  it('no --profile and no profile for that env: the hint is a login under a new name', async () => {
    p.write('databrickscfg', '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\ntoken = x\n');
    const r = await runCliInProcess(['deploy', 'etl', '--env', 'prod'], { cwd: p.dir, env: { ...fakeCliEnv(p.dir), DATABRICKS_CONFIG_PROFILE: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('databricks auth login --host https://loyalty-prod.cloud.databricks.com --profile loyalty-prod');
    expect(r.stderr).not.toMatch(/--profile dev\b/);
  });

  it('the Databricks CLI is not installed', async () => {
    const r = await runCliInProcess(['deploy', 'etl', '--env', 'dev', '--profile', 'dev'], {
      cwd: p.dir,
      env: { ...fakeCliEnv(p.dir), PATH: '/usr/bin:/bin', LOYALTY_DATABRICKS_CLI: 'databricks-not-here' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the Databricks CLI \("databricks-not-here"\) was not found/);
    expect(r.stderr).toMatch(/install it/);
  });

  it('missing pipeline, env and profile without a terminal: exit 2 naming every flag', async () => {
    const r = await runCliInProcess(['deploy'], { cwd: p.dir, env: { ...fakeCliEnv(p.dir), DATABRICKS_CONFIG_PROFILE: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: deploy: missing <pipeline> \(or --all\), --env <dev\|staging\|prod>, --profile <name>/);
    expect(r.stderr).toContain('hint: e.g. loyalty-wizard deploy etl --env dev --profile dev --yes');
    expect(r.stderr).not.toContain('dapi-');
  });

  it('a bad config stops before any databricks call', async () => {
    p.write('pipelines/etl/config.json', '{"pipeline_name": "x"}');
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pipelines\/etl\/config\.json:1:1: has neither "tasks" nor "execution_sequence"/);
    expect(bundleCalls()).toEqual([]);
  });
});

describe('deploy --all', () => {
  it('deploys every pipeline; one failure does not hide the others; a table at the end; exit 1', async () => {
    p.write('pipelines/broken/config.json', '{"pipeline_name": "x", "tasks": [], "execution_sequence": []}');
    const r = await deploy(['--all', '--env', 'dev', '--profile', 'dev', '--concurrency', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PIPELINE\s+RESULT\s+TIME\s+JOB URL \/ ERROR$/m);
    expect(r.stdout).toMatch(/^broken\s+failed\s+/m);
    expect(r.stdout).toMatch(/^etl\s+ok\s+\S+\s+https:\/\/\S+\/jobs\/\d+/m);
    expect(r.stdout).toMatch(/^orders\s+ok\s+/m);
    expect(r.stdout).toContain('1 of 3 failed');
    const deployed = bundleCalls().filter((c) => c.argv[1] === 'deploy').map((c) => c.cwd.split('/').at(-1));
    expect(deployed.sort()).toEqual(['etl', 'orders']);
  });
  it('--json carries every result', async () => {
    const r = await deploy(['--all', '--env', 'dev', '--profile', 'dev', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; results: { pipeline: string; job: { url: string } }[] };
    expect(doc.ok).toBe(true);
    expect(doc.results.map((x) => x.pipeline)).toEqual(['etl', 'orders']);
    for (const x of doc.results) expect(x.job.url).toMatch(/\/jobs\/\d+/);
  });
});

describe('deploy: Ctrl-C', () => {
  it('stops the running databricks child, says what state the deploy is in, exits 130', async () => {
    const env = { ...process.env, ...fakeCliEnv(p.dir, { FAKE_DATABRICKS_FAIL: 'deploy:hang' }), NO_COLOR: '1' };
    const child = spawn(process.execPath, [BIN, 'deploy', 'etl', '--env', 'dev', '--profile', 'dev'], { cwd: p.dir, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // The fake logs its own pid as it starts: track that process, not whatever else the machine runs.
    const fake = await waitFor(() => bundleCalls().find((c) => c.argv[1] === 'deploy'), () => `the fake's bundle deploy to start; stderr:\n${stderr}`, 20_000);
    expect(processAlive(fake.pid), 'the fake deploy is running (it hangs until stopped)').toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted during deploy: etl in dev may be partly updated\. Run again: npx loyalty-wizard deploy etl --env dev --profile dev --yes/);
    await waitFor(() => !processAlive(fake.pid), `the fake deploy (pid ${fake.pid}) to end after the wizard exited`, 10_000);
  });
});

describe('deploy: job parameters, job keys, adopting a job, the prod branch', () => {
  const state = (pipeline: string, target: string) =>
    JSON.parse(readFileSync(join(p.dir, 'fake-state', `loyalty_${pipeline}`, target, 'state.json'), 'utf8')) as {
      jobs: Record<string, { id: string }>;
      run_history?: { job_key: string; job_parameters?: { name: string; value?: string; default?: string }[] }[];
    };
  const setConfig = (pipeline: string, change: (c: Record<string, unknown>) => void) => {
    const file = join(p.dir, 'pipelines', pipeline, 'config.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(config);
    p.write(`pipelines/${pipeline}/config.json`, JSON.stringify(config, null, 2));
  };

  it('--run --params overrides job parameters for that run; the CLI receives them as it reads them', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--run', '--no-wait', '--params', 'catalog=scratch', '--params', 'environment=dev-test']);
    expect(r.code, r.stderr).toBe(0);
    const run = bundleCalls().find((c) => c.argv[1] === 'run')!;
    expect(run.argv).toEqual(['bundle', 'run', '-t', 'dev', '-p', 'dev', 'etl', '--no-wait', '--params', 'catalog=scratch', '--params', 'environment=dev-test']);
    const values = Object.fromEntries(state('etl', 'dev').run_history![0]!.job_parameters!.map((p) => [p.name, p.value ?? p.default]));
    expect(values).toMatchObject({ catalog: 'scratch', environment: 'dev-test', pipeline: 'etl', silver_schema: 'dev_someone_silver_db' });
  });

  it('--params naming no parameter of the job: exit 2 listing its parameters, before any databricks call', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--run', '--params', 'catalgo=x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: deploy: --params catalgo: not a parameter of etl's job$/m);
    expect(r.stderr).toContain('its parameters: pipeline, environment, catalog, bronze_schema, silver_schema, gold_schema');
    expect(bundleCalls()).toEqual([]);
    expect((await deploy(['etl', '--env', 'dev', '--params', 'oops'])).stderr).toMatch(/^error: deploy: --params: "oops" is not name=value/);
  });

  it('without --run, the printed run command carries the --params given', async () => {
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--params', 'catalog=scratch']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('    databricks bundle run -t dev -p dev etl --params catalog=scratch\n');
  });

  it('a pipeline with its own job_key: summary and run use that key', async () => {
    setConfig('etl', (c) => (c.job_key = 'traffic_data_etl_pipeline'));
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--run', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(bundleCalls().find((c) => c.argv[1] === 'run')!.argv).toContain('traffic_data_etl_pipeline');
    expect(Object.keys(state('etl', 'dev').jobs)).toEqual(['traffic_data_etl_pipeline']);
  });

  it('--bind adopts an existing job: bind, then the deploy updates that job instead of creating one', async () => {
    const jobs = JSON.stringify({ '123456789': { name: '[Loyalty2.0] [dev] Traffic Data ETL Pipeline', tasks: [] } });
    const r = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--bind', '123456789', '--json'], { FAKE_DATABRICKS_JOBS: jobs });
    expect(r.code, r.stderr).toBe(0);
    expect(subcommands()).toEqual(['validate', 'deployment', 'plan', 'deploy', 'summary']);
    expect(bundleCalls()[1]!.argv).toEqual(['bundle', 'deployment', 'bind', '-t', 'dev', '-p', 'dev', 'etl', '123456789', '--auto-approve']);
    const doc = JSON.parse(r.stdout) as { job: { id: string }; plan: { entries: { resource: string; action: string }[] }; steps: { name: string; detail?: string }[] };
    expect(doc.job.id).toBe('123456789');
    expect(doc.plan.entries).toContainEqual({ resource: 'resources.jobs.etl', action: 'update' });
    expect(doc.steps.find((s) => s.name === 'bind')!.detail).toBe('job 123456789 is now etl: the deploy updates it');
  });

  it('--bind asks like a deploy: staging in CI needs --yes; a job that does not exist is explained', async () => {
    const jobs = JSON.stringify({ '42': { name: 'old', tasks: [] } });
    const refused = await deploy(['etl', '--env', 'staging', '--profile', 'staging', '--bind', '42'], { FAKE_DATABRICKS_JOBS: jobs });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: adopting job 42 in staging needs approval and there is no terminal to ask; nothing was changed/m);
    expect(subcommands()).toEqual(['validate']);
    const missing = await deploy(['etl', '--env', 'dev', '--profile', 'dev', '--bind', '999'], { FAKE_DATABRICKS_JOBS: jobs });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error: failed to fetch the resource, err: Job 999 does not exist.');
    expect(missing.stderr).toMatch(/cause: the workspace https:\/\/loyalty-dev\.cloud\.databricks\.com has no such resource/);
    expect((await deploy(['--all', '--env', 'dev', '--bind', '42'])).stderr).toMatch(/^error: deploy: --bind adopts one existing job: name one pipeline, not --all/);
    expect((await deploy(['etl', '--env', 'dev', '--bind', 'abc'])).stderr).toMatch(/^error: deploy: --bind: a job id/);
  });

  it('prod deploys only from its git.branch: another branch is stopped by the CLI, and the fix names the branch', async () => {
    spawnSync('git', ['init', '-q', '-b', 'feature/x'], { cwd: p.dir });
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'prod', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: not on the right Git branch:');
    expect(r.stderr).toMatch(/cause: config\/prod\.yml deploys only from branch main, and this checkout is on feature\/x/);
    expect(r.stderr).toMatch(/fix: +deploy prod from main \(git checkout main\)/);
    expect(subcommands()).not.toContain('deploy');
  });
});
