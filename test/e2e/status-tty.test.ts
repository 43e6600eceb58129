/** `status` in a real terminal: the live screen at 80x24, keys, resize, quitting. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCliInProcess } from '../helpers/cli.js';
import { fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

let p: MiniProject;
let t: TmuxSession | undefined;
let env: Record<string, string>;
beforeEach(async () => {
  p = miniProject();
  writeProfiles(p.dir);
  const runs = join(p.dir, 'runs.json');
  writeFileSync(runs, JSON.stringify({ etl: [{ state: 'failed', task: 'clean', message: 'Table not found: silver.orders' }, { state: 'success', duration_minutes: 12 }, 'success'] }));
  env = fakeCliEnv(p.dir, { FAKE_DATABRICKS_RUNS: runs });
  const r = await runCliInProcess(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--yes'], { cwd: p.dir, env });
  expect(r.code, r.stderr).toBe(0);
});
afterEach(() => {
  t?.kill();
  p.cleanup();
});

function start(args: string): TmuxSession {
  t = new TmuxSession(`${process.execPath} ${BIN} ${args}`, { cwd: p.dir, env: { ...env, CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color' }, width: 80, height: 24 });
  return t;
}

describe.skipIf(!tmuxAvailable)('status in a terminal', () => {
  it('fills in, ↑↓ select, Enter shows the runs as bars, Esc back, o the URL, q quits leaving the terminal as it was', async () => {
    const s = start('status --env dev --profile dev');
    await s.waitFor(/updated just now|the last run failed/);
    const table = s.screen();
    expect(table).toMatch(/› etl\s/);
    expect(table).toMatch(/orders\s+—.*not deployed/);
    for (const l of table.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    s.keys('Enter');
    await s.waitFor('█');
    expect(s.screen()).toContain('task clean: Table not found: silver.orders');
    s.keys('Escape');
    await s.waitFor('↵ runs');
    s.keys('o');
    await s.waitFor(/job: https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+/);
    s.keys('Down');
    await s.waitFor(/› orders/);
    s.resize(60, 16);
    await s.waitFor((screen) => /› orders/.test(screen) && screen.split('\n').every((l) => [...l].length <= 60));
    s.keys('q');
    expect(await s.exitCode()).toBe(0);
    expect(s.cursorVisible()).toBe(true);
  });

  it('Ctrl-C quits too; --watch without a terminal is a usage error', async () => {
    const s = start('status --env dev --profile dev --watch --interval 5');
    await s.waitFor('↵ runs');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(0);
    const piped = await runCliInProcess(['status', '--env', 'dev', '--profile', 'dev', '--watch'], { cwd: p.dir, env });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toMatch(/--watch redraws in a terminal/);
  });
});
