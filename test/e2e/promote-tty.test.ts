/** `promote` to prod in a real terminal at 80x24: the summary with both gates, the typed approval, the deploy ending with the job URL. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

if (!tmuxAvailable) console.warn('tmux not found: terminal tests of promote skipped');

let p: MiniProject;
let t: TmuxSession | undefined;
beforeEach(() => {
  p = miniProject();
  writeProfiles(p.dir);
  const r = runCli(['deploy', 'etl', '--env', 'staging', '--profile', 'staging', '--yes'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(join(p.dir, 'runs.json'), JSON.stringify({ etl: ['success', 'success'] }));
});
afterEach(() => {
  t?.kill();
  p.cleanup();
});

/** The screen's lines joined as they were before wrapping at 80 columns. */
const unwrapped = (screen: string) => screen.split('\n').map((l) => (l.length === 80 ? l : `${l}\n`)).join('');
const prodDeploys = () => fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle' && c.argv[1] === 'deploy' && c.argv.includes('prod'));

describe.skipIf(!tmuxAvailable)('promote in a terminal', () => {
  it('staging → prod: both gates, then type the pipeline name; the deploy ends with the job URL', async () => {
    const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color', FAKE_DATABRICKS_RUNS: join(p.dir, 'runs.json') };
    t = new TmuxSession(`${process.execPath} ${BIN} promote etl --from staging --to prod --profile-from staging --profile-to prod --runs 2`, { cwd: p.dir, env, width: 80, height: 24 });
    const asking = await t.waitFor('Type the pipeline name');
    expect(asking).toContain('Promote etl: staging → prod');
    expect(asking).toMatch(/✔ content +staging runs this folder\n +commit none, content [0-9a-f]{12}\n/);
    expect(asking).toMatch(/✔ runs +the last 2 finished runs in staging succeeded/);
    expect(prodDeploys()).toHaveLength(0);
    t.type('etl');
    t.keys('Enter');
    expect(await t.exitCode(30_000)).toBe(0);
    const screen = unwrapped(t.screen());
    expect(screen).toMatch(/✔ etl deployed to prod in/);
    expect(screen).toMatch(/URL +https:\/\/loyalty-prod\.cloud\.databricks\.com\/jobs\/\d+/);
    expect(prodDeploys()).toHaveLength(1);
    for (const line of t.screen().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('a failed gate at 80 columns: its lines wrap under their column, never at the terminal edge', async () => {
    writeFileSync(join(p.dir, 'runs.json'), JSON.stringify({ etl: ['failed'] }));
    const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color', FAKE_DATABRICKS_RUNS: join(p.dir, 'runs.json') };
    t = new TmuxSession(`${process.execPath} ${BIN} promote etl --from staging --to prod --profile-from staging --profile-to prod`, { cwd: p.dir, env, width: 80, height: 24 });
    expect(await t.exitCode(30_000)).toBe(1);
    const screen = t.screen();
    const gate = screen.split('\n');
    const start = gate.findIndex((l) => /✖ runs /.test(l));
    expect(start, screen).toBeGreaterThan(-1);
    const block = gate.slice(start + 1, gate.findIndex((l, i) => i > start && !l.startsWith(' '.repeat(13))));
    expect(block.length, screen).toBeGreaterThan(0);
    // A URL is one word: never broken by us (it stays one link), so only the text around it is checked.
    const text = [gate[start]!, ...block].filter((l) => !l.trimStart().startsWith('https://'));
    expect(text.length, screen).toBeGreaterThan(2);
    for (const line of text) expect(line.length, screen).toBeLessThan(80);
    expect(prodDeploys()).toHaveLength(0);
  });

  it('without --from and --to, each is asked by its own question', async () => {
    const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color', FAKE_DATABRICKS_RUNS: join(p.dir, 'runs.json') };
    t = new TmuxSession(`${process.execPath} ${BIN} promote etl --profile-from staging --profile-to prod`, { cwd: p.dir, env, width: 80, height: 24 });
    expect(await t.waitFor('Promote from (environment)')).not.toContain('Promote to');
    t.keys('Down');
    t.keys('Enter');
    expect(await t.waitFor('Promote to (environment)')).toMatch(/Promote from \(environment\).*staging/);
    t.keys('C-c');
    expect(await t.exitCode(10_000)).toBe(130);
    expect(prodDeploys()).toHaveLength(0);
  });
});
