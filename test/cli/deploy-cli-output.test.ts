import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCliInProcess } from '../helpers/cli.js';
import { FAKE_BIN_DIR, fakeCalls, fakeCliEnv, fakeDeployProject } from '../helpers/fake-cli.js';

/**
 * Issue 9: what the plan says decides the approval, whatever
 * the CLI prints is read within bounds and shown safely, a CLI that crashes or
 * cannot run is explained, Ctrl-C stops what the CLI started, and no secret
 * gets out — all against the fake CLI's faults (Ctrl-C and SIGTERM with the
 * built binary, the rest in this process).
 */

// Behaviour runs the CLI in this process; Ctrl-C and SIGTERM run the built binary.
const { p, deploy, bundleCalls, subcommands } = fakeDeployProject();
const deployArgv = () => bundleCalls().find((c) => c.argv[1] === 'deploy')?.argv;
const DEV = ['etl', '--env', 'dev', '--profile', 'dev'];
/** The deploy record validate, plan and deploy pass (decision record 012), as a regular expression. */
const RECORD = '--var deployed_commit=none --var deployed_content=[0-9a-f]{24}';

/** Nothing a terminal would act on: ESC, BEL, C1 controls, bidi overrides. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('deploy: the plan decides by action', () => {
  it.each(['skip', 'resize', 'update', 'create'])('%s passes with --yes in CI, without --auto-approve', async (action) => {
    const r = await deploy([...DEV, '--yes'], { FAKE_DATABRICKS_FAIL: `plan:action:${action}` });
    expect(r.code, r.stderr).toBe(0);
    expect(deployArgv()).not.toContain('--auto-approve');
  });

  it.each([
    ['update_id', 'update_id jobs.etl (gets a new id)'],
    ['recreate', 'recreate jobs.etl'],
    ['delete', 'delete jobs.etl'],
    ['frobnicate', 'frobnicate jobs.etl (an action loyalty-wizard does not know)'],
  ])('%s needs --allow-deletes on top of --yes in CI, even in dev; then --auto-approve is passed', async (action, named) => {
    const refused = await deploy([...DEV, '--yes'], { FAKE_DATABRICKS_FAIL: `plan:action:${action}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: the plan for etl in dev needs explicit approval (${named}); nothing was deployed\n`);
    expect(refused.stderr).toMatch(/hint: .*then pass --yes --allow-deletes\n/);
    expect(subcommands()).toEqual(['validate', 'plan']);
    const ok = await deploy([...DEV, '--yes', '--allow-deletes'], { FAKE_DATABRICKS_FAIL: `plan:action:${action}` });
    expect(ok.code, ok.stderr).toBe(0);
    expect(deployArgv()).toContain('--auto-approve');
  });

  it('prod with --yes: a harmless plan deploys, an unknown action is refused', async () => {
    expect((await deploy(['etl', '--env', 'prod', '--profile', 'prod', '--yes'], { FAKE_DATABRICKS_FAIL: 'plan:action:update' })).code).toBe(0);
    const r = await deploy(['etl', '--env', 'prod', '--profile', 'prod', '--yes', '--json'], { FAKE_DATABRICKS_FAIL: 'plan:action:frobnicate' });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { message: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.message).toContain('needs explicit approval (frobnicate jobs.etl');
  });

  const MALFORMED: [string, string][] = [
    ['null', 'it is null, not an object'],
    ['array', 'it is an array, not an object'],
    ['string', 'it is a string, not an object'],
    ['no-plan', 'it has no "plan"'],
    ['plan-array', 'its "plan" is an array, not an object'],
    ['entry-null', 'its entry "resources.jobs.etl" is null, not an object'],
    ['no-action', 'its entry "resources.jobs.etl" has no action'],
    ['action-number', 'its entry "resources.jobs.etl" has no action'],
  ];
  it.each(MALFORMED)('plan:malformed:%s stops the deploy with one line saying what was wrong, and the fix', async (kind, problem) => {
    const r = await deploy([...DEV, '--yes', '--allow-deletes'], { FAKE_DATABRICKS_FAIL: `plan:malformed:${kind}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`\nerror: databricks bundle plan -o json printed something that is not a plan (${problem}); nothing was deployed\n`);
    expect(r.stderr).toMatch(/ {2}hint: run it yourself to see what it prints \(in \S+pipelines\/etl: databricks bundle plan -t dev -p dev -o json --var deployed_commit=none --var deployed_content=[0-9a-f]{24}\); loyalty-wizard reads the plans of Databricks CLI 0\.270 or newer\n/);
    expect(subcommands()).toEqual(['validate', 'plan']);
  });

  it.each(['truncated', 'text'])('plan:malformed:%s (not JSON at all) stops the deploy too', async (kind) => {
    const r = await deploy([...DEV, '--yes'], { FAKE_DATABRICKS_FAIL: `plan:malformed:${kind}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: databricks bundle plan -o json printed something that is not JSON');
    expect(subcommands()).not.toContain('deploy');
  });
});

describe('deploy: huge and hostile CLI output', () => {
  const MB = 1024 * 1024;

  it('20 MB of escapes without spaces on stderr: the deploy goes on, none of it reaches the terminal', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: `validate:flood:${20 * MB},deploy:flood:${20 * MB}` });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(subcommands()).toEqual(['validate', 'plan', 'deploy', 'summary']);
    expect(r.stderr + r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr.length + r.stdout.length).toBeLessThan(20_000);
  });

  it('the error after 20 MB of flood is the one explained; the flood line is not shown', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: `validate:flood:${20 * MB},validate:error` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`✖ databricks bundle validate -t dev -p dev -o json ${RECORD} failed \\(exit 1\\):\n    Error: something went wrong\n  cause: the Databricks CLI reported an error\n`));
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toContain('deploy_lock_acquired');
  });

  it('JSON stdout beyond 8 MB is refused with one line, and the CLI is stopped', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: `validate:flood:${200 * MB}:stdout` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`error: databricks bundle validate -t dev -p dev -o json ${RECORD} printed more than 8 MB on stdout, which is not the JSON loyalty-wizard reads; it was stopped\n  hint: run that command yourself`),
    );
    expect(subcommands()).toEqual(['validate']);
  });

  it('stdout that is not JSON (deploy, run) may be as large as it likes: only its end is kept', async () => {
    const r = await deploy([...DEV, '--run', '--no-wait'], { FAKE_DATABRICKS_FAIL: `deploy:flood:${30 * MB}:stdout,run:flood:${30 * MB}:stdout` });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toMatch(/Run {6}https:\/\/\S+\/runs\/\d+/);
  });

  it('control characters in an error line are shown escaped', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: 'validate:leak:\u001b[2J\u001b]8;;https://evil\u0007click\u202e' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('    Error: 403 Forbidden: token \\x1b[2J\\x1b]8;;https://evil\\x07click\\u202e is not valid for this workspace\n');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('--show-commands prints an executable path with control characters escaped, and never as a secret', async () => {
    // A long run of capitals is one of the shapes a secret in the CLI's output may have; a path is no secret.
    const dir = join(p.dir, 'TOOLSBINFORCLIVERSIONS');
    mkdirSync(dir);
    const odd = join(dir, 'data\u001b[31mbricks');
    symlinkSync(join(FAKE_BIN_DIR, 'databricks'), odd);
    const r = await deploy([...DEV, '--show-commands'], { LOYALTY_DATABRICKS_CLI: odd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`\\$ '${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/data\\\\x1b\\[31mbricks' bundle validate -t dev -p dev -o json ${RECORD}\n`));
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('deploy: a CLI that crashes or cannot be run', () => {
  it('killed by SIGSEGV: said so in one line, exit 1, and in --json', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: 'deploy:signal:SIGSEGV' });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/ --var \S+/g, '')).toContain('✖ databricks bundle deploy -t dev -p dev was killed by SIGSEGV:\n  cause: the Databricks CLI was killed by SIGSEGV (it crashed)\n');
    const json = await deploy([...DEV, '--json'], { FAKE_DATABRICKS_FAIL: 'plan:signal:SIGKILL' });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as { error: { message: string; kind: string } };
    expect({ ...doc.error, message: doc.error.message.replace(/ --var \S+/g, '') }).toMatchObject({ kind: 'killed', message: 'databricks bundle plan -t dev -p dev -o json was killed by SIGKILL: the Databricks CLI was killed by SIGKILL (out of memory, or stopped by someone)' });
  });

  it('--databricks-cli naming a directory: explained with the fix', async () => {
    const r = await deploy([...DEV, '--databricks-cli', FAKE_BIN_DIR]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the Databricks CLI path ${FAKE_BIN_DIR} is a directory, not the databricks program\n`);
    expect(r.stderr).toContain(`hint: point --databricks-cli (or LOYALTY_DATABRICKS_CLI) at the databricks program itself, e.g. ${FAKE_BIN_DIR}/databricks\n`);
    expect(bundleCalls()).toEqual([]);
  });

  it('LOYALTY_DATABRICKS_CLI naming a file that is not executable: explained with the fix', async () => {
    const file = join(p.dir, 'databricks');
    writeFileSync(file, readFileSync(join(FAKE_BIN_DIR, 'databricks')));
    chmodSync(file, 0o644);
    const r = await deploy(DEV, { LOYALTY_DATABRICKS_CLI: file });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the Databricks CLI at ${file} is not executable\n  hint: chmod +x ${file}, or point --databricks-cli (or LOYALTY_DATABRICKS_CLI) at the databricks program itself\n`);
  });
});

/** Alive and not a zombie: a killed process whose parent is gone may linger as one until init reaps it. */
function alive(pid: number): boolean {
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The fake's FAKE_DATABRICKS_EVENTS file: `<what> <subcommand> <pid>` per process-level fault in effect. */
const eventsFile = () => join(p.dir, 'fake-events');
const fakeEvent = (what: string) => () => existsSync(eventsFile()) && readFileSync(eventsFile(), 'utf8').split('\n').some((l) => l.startsWith(`${what} `));

/**
 * Start a deploy, wait until the fake reports `ready` (e.g. `hang deploy`: hanging, with its signal handlers
 * and children in place), send `signals` (Ctrl-C by default) 100 ms apart; resolves once it exits.
 */
async function interrupt(fail: string, ready: string, extra: Record<string, string> = {}, signals: NodeJS.Signals[] = ['SIGINT']): Promise<Stopped> {
  const env = { ...process.env, ...fakeCliEnv(p.dir, { FAKE_DATABRICKS_FAIL: fail, FAKE_DATABRICKS_EVENTS: eventsFile(), ...extra }), NO_COLOR: '1' };
  const child = spawn(process.execPath, [BIN, 'deploy', ...DEV], { cwd: p.dir, env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await until(fakeEvent(ready), `the fake CLI to report "${ready}" (${fail})`);
  for (const signal of signals) {
    child.kill(signal);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ...(await exited), stderr };
}

/** The pid of the fake CLI that ran `bundle <sub>` (from its log). */
const fakePid = (sub: string) => (fakeCalls(p.dir).find((c) => c.argv[1] === sub) as unknown as { pid: number } | undefined)?.pid ?? 0;

describe('deploy: Ctrl-C', () => {
  // A test that fails must not leave a hanging fake behind (a stubborn one ignores everything but SIGKILL).
  afterEach(() => {
    for (const c of fakeCalls(p.dir) as unknown as { pid?: number }[]) if (c.pid && alive(c.pid)) process.kill(c.pid, 'SIGKILL');
  });

  it('stops what the CLI started too (its process group), keeps the message and exit 130', async () => {
    const pids = join(p.dir, 'grandchildren.pids');
    const { code, stderr } = await interrupt('deploy:grandchild:120,deploy:hang', 'hang deploy', { FAKE_DATABRICKS_GRANDCHILD_PIDS: pids });
    const pid = Number(readFileSync(pids, 'utf8').trim());
    try {
      expect(code).toBe(130);
      expect(stderr).toMatch(/interrupted during deploy: etl in dev may be partly updated\. Run again: npx loyalty-wizard deploy etl --env dev --profile dev --yes/);
      await until(() => !alive(pid), `grandchild ${pid} to be gone`, 5000);
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('a CLI that ignores SIGTERM is killed, with its group, after the grace period', async () => {
    const { code, stderr } = await interrupt('deploy:stubborn,deploy:hang', 'hang deploy');
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted during deploy');
    await until(() => !alive(fakePid('deploy')), 'the stubborn CLI to be gone', 5000);
  });

  it('a second Ctrl-C exits at once, and the CLI does not outlive loyalty-wizard', async () => {
    const { code } = await interrupt('deploy:stubborn,deploy:hang', 'hang deploy', {}, ['SIGINT', 'SIGINT']);
    expect(code).toBe(130);
    await until(() => !alive(fakePid('deploy')), 'the stubborn CLI to be gone', 5000);
  });

  it('SIGTERM to loyalty-wizard (a cancelled CI job) takes the CLI and what it started with it', async () => {
    const pids = join(p.dir, 'grandchildren.pids');
    const { signal } = await interrupt('deploy:grandchild:120,deploy:hang', 'hang deploy', { FAKE_DATABRICKS_GRANDCHILD_PIDS: pids }, ['SIGTERM']);
    const grandchild = Number(readFileSync(pids, 'utf8').trim());
    try {
      expect(signal).toBe('SIGTERM');
      await until(() => !alive(fakePid('deploy')) && !alive(grandchild), 'the CLI and its child to be gone', 5000);
    } finally {
      if (alive(grandchild)) process.kill(grandchild, 'SIGKILL');
    }
  });

  it('is honoured while the CLI floods its output', async () => {
    const { code, stderr } = await interrupt(`validate:flood:${100 * 1024 * 1024 * 1024}`, 'flood validate');
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted before deploy: nothing was deployed.');
  });
});

describe('deploy: secrets the CLI prints never get out', () => {
  const PAT = 'dapi0123456789abcdef0123456789abcdef';

  it('DATABRICKS_TOKEN printed in stderr: *** on the terminal and in --json', async () => {
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: 'validate:leak', DATABRICKS_TOKEN: PAT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('    Error: 403 Forbidden: token *** is not valid for this workspace\n');
    expect(r.stderr).not.toContain(PAT);
    const json = await deploy([...DEV, '--json'], { FAKE_DATABRICKS_FAIL: 'plan:leak', DATABRICKS_TOKEN: PAT });
    expect(json.code).toBe(1);
    expect(json.stdout + json.stderr).not.toContain(PAT);
    expect((JSON.parse(json.stdout) as { error: { cli_stderr: string[] } }).error.cli_stderr).toContain('Error: 403 Forbidden: token *** is not valid for this workspace');
  });

  it('a client secret that does not look like one is redacted because it is in DATABRICKS_CLIENT_SECRET', async () => {
    const secret = 'correct-horse-battery-staple';
    const r = await deploy(DEV, { FAKE_DATABRICKS_FAIL: `validate:leak:${secret}`, DATABRICKS_CLIENT_SECRET: secret });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).toContain('token *** is not valid');
  });

  it('a secret inside the job URL and the run URL is redacted on screen and in --json', async () => {
    const secret = '31415926535897932';
    // The run is followed too (its URL from jobs get-run): polls come quickly.
    const env = { FAKE_DATABRICKS_WORKSPACE_ID: secret, DATABRICKS_TOKEN: secret, LOYALTY_RUN_POLL_SECONDS: '0.05' };
    const r = await deploy([...DEV, '--run'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/URL {6}https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+\?w=\*\*\*\n/);
    expect(r.stdout).toMatch(/Run {6}https:\/\/\S+\/runs\/\d+\?o=\*\*\*\n/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    const json = await deploy([...DEV, '--run', '--json'], env);
    expect(json.stdout).not.toContain(secret);
    expect((JSON.parse(json.stdout) as { run_url: string }).run_url).toMatch(/\?o=\*\*\*$/);
  });
});

describe('doctor: what it prints from the CLI is escaped and redacted too', () => {
  const doctor = (args: string[], env: Record<string, string> = {}) => runCliInProcess(['doctor', ...args], { cwd: p.dir, env: fakeCliEnv(p.dir, env) });

  it('a warehouse name with escapes and a secret in it', async () => {
    const secret = 'super-secret-client-value';
    const warehouses = JSON.stringify({ '0123456789abcdef': { name: `\u001b[2J\u001b]8;;https://evil\u0007wh-${secret}`, warehouse_type: 'CLASSIC', enable_serverless_compute: false } });
    const r = await doctor([], { FAKE_DATABRICKS_WAREHOUSES: warehouses, DATABRICKS_CLIENT_SECRET: secret });
    expect(r.stdout).toContain('✖ dev SQL warehouse "\\x1b[2J\\x1b]8;;https://evil\\x07wh-***" (0123456789abcdef), Classic: SQL file tasks need a Pro or Serverless warehouse\n');
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('--databricks-cli naming a directory: the reason and the fix', async () => {
    const r = await doctor(['--json', '--databricks-cli', FAKE_BIN_DIR]);
    const check = (JSON.parse(r.stdout) as { checks: { name: string; status: string; message: string; fix?: string }[] }).checks.find((c) => c.name === 'databricks-cli');
    expect(check).toEqual({
      name: 'databricks-cli',
      status: 'fail',
      message: `the Databricks CLI path ${FAKE_BIN_DIR} is a directory, not the databricks program`,
      fix: `point --databricks-cli (or LOYALTY_DATABRICKS_CLI) at the databricks program itself, e.g. ${FAKE_BIN_DIR}/databricks`,
    });
  });
});
