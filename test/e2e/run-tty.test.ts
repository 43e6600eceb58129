/** `run` in a real terminal at 80x24: following a run to success and to failure, Ctrl-C while following, and `r` on the status screen. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

if (!tmuxAvailable) console.warn('tmux not found: terminal tests of run skipped');

let p: MiniProject;
let t: TmuxSession | undefined;
beforeEach(() => {
  p = miniProject();
  writeProfiles(p.dir);
  const r = runCli(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--yes'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
  expect(r.code, r.stderr).toBe(0);
});
afterEach(() => {
  t?.kill();
  p.cleanup();
});

/** `run etl` in an 80x24 terminal; `poll` seconds between polls (the fake moves the run on one step per poll). */
function start(opts: { env?: Record<string, string | undefined>; poll?: string; args?: string } = {}): TmuxSession {
  const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color', LOYALTY_RUN_POLL_SECONDS: opts.poll ?? '0.2', ...opts.env };
  t = new TmuxSession(`${process.execPath} ${BIN} ${opts.args ?? 'run etl'} --env dev --profile dev`, { cwd: p.dir, env, width: 80, height: 24 });
  return t;
}
/** The screen's lines joined as they were before wrapping at 80 columns (a full line goes on without a break). */
const unwrapped = (screen: string) => screen.split('\n').map((l) => (l.length === 80 ? l : `${l}\n`)).join('');
const cancelCalls = () => fakeCalls(p.dir).filter((c) => c.argv[0] === 'jobs' && c.argv[1] === 'cancel-run');

describe.skipIf(!tmuxAvailable)('run in a terminal', () => {
  it('follows a run to success: one row per task in order, each with its time; then the URL', async () => {
    const s = start();
    expect(await s.exitCode()).toBe(0);
    const screen = s.screen();
    const rows = screen.split('\n').filter((l) => /^✔ \S+ \[\d+s\]$/.test(l.trimEnd()));
    expect(rows.map((l) => l.split(' ')[1])).toEqual(['setup', 'clean', 'summary', 'gold']);
    expect(screen).toMatch(/✔ etl ran in dev in \d/);
    expect(screen.replace(/\s+/g, ' ')).toMatch(/Run https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+\/runs\/\d+/);
    expect(s.cursorVisible()).toBe(true);
  });

  it('follows a run to failure: the failed row, the skipped rows, the error and the fix', async () => {
    const error = '[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`bronze`.`orders` cannot be found. SQLSTATE: 42P01';
    const s = start({ env: { FAKE_DATABRICKS_RUN_RESULT: 'failed:clean', FAKE_DATABRICKS_RUN_ERROR: error } });
    expect(await s.exitCode()).toBe(1);
    const screen = s.screen();
    expect(screen).toMatch(/✖ clean: failed \[\d+s\]/);
    expect(screen).toMatch(/✔ summary \[\d+s\]/);
    expect(screen).toMatch(/↓ gold: skipped/);
    expect(screen).toMatch(/✖ etl run failed in dev after .+ \(task clean\)/);
    expect(screen).toContain('Error  [TABLE_OR_VIEW_NOT_FOUND]');
    expect(screen.replace(/\s+/g, ' ')).toContain('Fix main.bronze.orders does not exist in dev: run the stage that creates it first (upstream of clean: setup)');
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('Ctrl-C asks whether to cancel the run; yes cancels it on Databricks (exit 130)', async () => {
    const s = start({ poll: '2' });
    await s.waitFor('setup running');
    s.keys('C-c');
    await s.waitFor('Cancel run');
    s.type('y');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(130);
    expect(s.screen()).toContain('asked Databricks to cancel the run');
    expect(cancelCalls()).toHaveLength(1);
  });

  it('Ctrl-C, then no: the run is left running, its URL shown (exit 130)', async () => {
    const s = start({ poll: '2' });
    await s.waitFor('setup running');
    s.keys('C-c');
    await s.waitFor('Cancel run');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(130);
    expect(unwrapped(s.screen())).toMatch(/stopped following; the run goes on in Databricks: https:\/\/\S+\/runs\/\d+/);
    expect(cancelCalls()).toHaveLength(0);
  });

  it('Ctrl-C in CI: nothing is asked, the run is left running and its URL shown (exit 130)', async () => {
    const s = start({ poll: '2', env: { CI: 'true' } });
    await s.waitFor('setup running');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    const screen = s.screen();
    expect(screen).not.toContain('Cancel run');
    expect(unwrapped(screen)).toMatch(/stopped following; the run goes on in Databricks \(no terminal to ask whether to cancel it\): https:\/\/\S+\/runs\/\d+/);
    expect(cancelCalls()).toHaveLength(0);
  });

  it('r on the status screen runs the selected pipeline as run does, in the same env with the same profile; run decides the exit code', async () => {
    const s = start({ args: 'status', env: { FAKE_DATABRICKS_RUN_RESULT: 'failed:gold' } });
    await s.waitFor('updated just now');
    await s.waitFor('› etl');
    s.type('r');
    expect(await s.exitCode()).toBe(1);
    const starts = fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle' && c.argv[1] === 'run');
    expect(starts.map((c) => c.argv)).toEqual([['bundle', 'run', '-t', 'dev', '-p', 'dev', 'etl', '--no-wait']]);
    expect(s.screen()).toMatch(/✖ etl run failed in dev after .+ \(task gold\)/);
  });
});
