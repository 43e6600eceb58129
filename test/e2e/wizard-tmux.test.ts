/**
 * The built binary in a real terminal: tmux at 80x24, `loyalty-wizard new`
 * from launch to written files by pressing Enter on every default, then
 * `validate` on the result; Ctrl-C mid-wizard (nothing written, exit 130,
 * terminal restored); and the side-by-side layout at 160x48. Skipped, with
 * the reason printed, when tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { FAKE_BIN_DIR } from '../helpers/fake-cli.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';
import { wizardTerminals } from '../helpers/wizard-terminal.js';

if (!tmuxAvailable) console.warn('wizard-tmux: skipped: tmux is not installed');

const { sessions, project } = wizardTerminals('loyalty-wizard-e2e');

/** `loyalty-wizard <args>` in tmux; the terminal's modes after it exits are kept in a file (raw mode must be off again). */
function launch(args: string, p: { dir: string; home: string }, size = { width: 80, height: 24 }) {
  const stty = join(p.dir, '.stty-after');
  const command = `node '${BIN}' ${args}; code=$?; stty -a > '${stty}'; (exit $code)`;
  const session = new TmuxSession(command, {
    cwd: p.dir,
    // The fake Databricks CLI first on PATH: the wizard offers to deploy only when it finds one.
    env: { HOME: p.home, PATH: `${FAKE_BIN_DIR}:${process.env.PATH ?? ''}`, TERM: 'xterm-256color', CI: undefined, CONTINUOUS_INTEGRATION: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined },
    ...size,
  });
  sessions.push(session);
  return { session, sttyAfter: () => readFileSync(stty, 'utf8') };
}

function expectFits(screen: string, columns: number, rows: number): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(columns);
}

const rawModeOff = (stty: string) => /(^|\s)icanon(\s|$)/m.test(stty) && /(^|\s)echo(\s|$)/m.test(stty);

describe.skipIf(!tmuxAvailable)('loyalty-wizard new in tmux (built binary)', { timeout: 120_000 }, () => {
  it('80x24: Enter on every default writes a pipeline that validates', async () => {
    const p = project();
    const { session: t, sttyAfter } = launch('new', p);
    expectFits(await t.waitFor('How the pieces fit'), 80, 24);
    t.keys('Enter');
    expectFits(await t.waitFor('Which kind of pipeline?'), 80, 24);
    t.keys('Enter');
    let screen = await t.waitFor(/Pipeline name[\s\S]*── databricks\.yml · target dev/);
    // Enter through every question to the review. The write after it draws more than one frame,
    // so from there wait for the deploy question instead of pressing on at every change.
    // The header line holds the question counter: wait for it to move, not for any redraw
    // (the preview redraws on its own, and a blank frame between two is no new question).
    const header = (text: string) => text.split('\n')[0] ?? '';
    for (let i = 0; i < 40 && !screen.includes('Review —'); i++) {
      expectFits(screen, 80, 24);
      const before = header(screen);
      t.keys('Enter');
      screen = await t.waitFor((now) => now.includes('Review —') || (header(now) !== before && header(now).startsWith('New pipeline')));
    }
    expect(screen).toMatch(/pipelines\/[a-z0-9_]+\/databricks\.yml/);
    t.keys('Enter');
    screen = await t.waitFor('Validate and deploy to dev now (profile loyalty-dev)?');
    expectFits(screen, 80, 24);
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    const created = /created pipelines\/([a-z0-9_]+)\//.exec(t.screen())![1]!;
    expect(existsSync(join(p.dir, 'pipelines', created, 'databricks.yml'))).toBe(true);
    expect(t.cursorVisible()).toBe(true);
    expect(rawModeOff(sttyAfter())).toBe(true);
    const validate = spawnSync(process.execPath, [BIN, 'validate', created], { cwd: p.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(validate.status, validate.stderr + validate.stdout).toBe(0);
  });

  it('80x24: Ctrl-C mid-wizard writes nothing, exits 130 and restores the terminal', async () => {
    const p = project();
    const before = readdirSync(join(p.dir, 'pipelines')).sort();
    const { session: t, sttyAfter } = launch('new --template batch_sql --name ctrl_c_test', p);
    expect(await t.waitFor('Display name')).toContain('› Ctrl C Test');
    t.type(' typed');
    await t.waitFor('Ctrl C Test typed');
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(readdirSync(join(p.dir, 'pipelines')).sort()).toEqual(before);
    const after = t.screen();
    expect(after).toContain('cancelled');
    expect(after).not.toContain('Display name'); // the wizard's screen is gone with the alternate screen
    expect(t.cursorVisible()).toBe(true);
    expect(rawModeOff(sttyAfter())).toBe(true);
  });

  it('160x48: questions beside the preview, the job named from the flags', async () => {
    const p = project();
    const { session: t } = launch('new --template batch_sql --name wide_view', p, { width: 160, height: 48 });
    await t.waitFor(/Display name +│── databricks\.yml/);
    expectFits(await t.waitFor(/name: "\[Loyalty2\.0\] \[\$\{bundle\.target\}\] Wide View"/), 160, 48);
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
  });
});

/** Lines of a screen, and which of them carries the prompt's pointer. */
const pointerLine = (screen: string, pointer: string) => screen.split('\n').findIndex((l) => l.trimStart().startsWith(pointer));

describe.skipIf(!tmuxAvailable)('loyalty-wizard with no command: the home menu hands the terminal to the next prompt', { timeout: 120_000 }, () => {
  for (const keys of [['2'], ['Down', 'Enter']]) {
    it(`Deploy by ${keys.join(', ')}: the pipeline picker waits for its own keys`, async () => {
      const p = project();
      const { session: t, sttyAfter } = launch('', p);
      await t.waitFor('↑↓ choose · ↵ open');
      t.keys(...keys);
      const picker = await t.waitFor('Pipeline to deploy');
      expect(picker).not.toContain('cancelled');
      const first = pointerLine(picker, '❯');
      t.keys('Down');
      const moved = await t.waitFor((s) => pointerLine(s, '❯') === first + 1);
      expect(moved).not.toContain('cancelled');
      t.keys('Enter');
      expect(await t.waitFor('Environment')).not.toContain('cancelled');
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      expect(rawModeOff(sttyAfter())).toBe(true);
    });
  }

  for (const keys of [['1'], ['Enter']]) {
    it(`New pipeline by ${keys.join(', ')}: the wizard opens and takes its keys`, async () => {
      const p = project();
      const { session: t } = launch('', p);
      await t.waitFor('↑↓ choose · ↵ open');
      t.keys(...keys);
      await t.waitFor('How the pieces fit');
      t.keys('Enter');
      await t.waitFor('Which kind of pipeline?');
      t.keys('C-c');
      expect(await t.exitCode()).toBe(130);
      expect(t.screen()).toContain('cancelled: nothing was written');
    });
  }
});

describe.skipIf(!tmuxAvailable)('loyalty-wizard new: keys typed before the first frame', { timeout: 120_000 }, () => {
  it('two Enters sent with the launch (before the intro is drawn) take the wizard to the name question', async () => {
    const p = project();
    const { session: t } = launch('new', p);
    t.keys('Enter');
    t.keys('Enter');
    const screen = await t.waitFor('Pipeline name');
    expectFits(screen, 80, 24);
    expect(screen.split('\n')[0]).toMatch(/^New pipeline · batch_sql/);
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
  });
});

describe.skipIf(!tmuxAvailable)('loyalty-wizard new in a terminal too small for it', { timeout: 120_000 }, () => {
  it('40x10 says the size it needs instead of a broken screen, and recovers when the terminal grows back', async () => {
    const p = project();
    const { session: t } = launch('new --template batch_sql --name tiny_view', p);
    expect(await t.waitFor('› Tiny View')).toContain('Display name');
    t.resize(40, 10);
    const small = await t.waitFor(/needs at least \d+x\d+/);
    expect(small.replace(/\s+/g, ' ')).toMatch(/loyalty-wizard needs at least \d+x\d+; this terminal is 40x10 — enlarge it or press Ctrl-C/);
    expect(small).not.toContain('›');
    expectFits(small, 40, 10);
    t.resize(80, 24);
    const back = await t.waitFor('› Tiny View');
    expectFits(back, 80, 24);
    expect(back).toMatch(/↵ next · esc back · \^G help/);
    expect(back).not.toContain('needs at least');
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
  });
});
