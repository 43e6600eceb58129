/**
 * A terminal without cursor addressing (TERM=dumb, or no TERM): line prompts and
 * plain output, checked on the raw bytes a pseudo-terminal receives.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli, tempProject } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject } from '../helpers/mini-project.js';
import { CURSOR_OR_SCREEN, PtyRun, ptyAvailable } from '../helpers/pty.js';
import { snapshotTree } from '../helpers/tree.js';

if (!ptyAvailable) console.warn('script(1) not found: plain-terminal tests skipped');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project(): string {
  const p = tempProject(['config', 'templates']);
  mkdirSync(join(p.dir, 'pipelines'));
  cleanups.push(p.cleanup);
  return p.dir;
}

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-home-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The binary on a pseudo-terminal; `term` undefined removes TERM. Colour is left to the terminal type. */
function start(args: string, cwd: string, env: Record<string, string | undefined>, term: string | undefined = 'dumb'): PtyRun {
  const run = new PtyRun(`${process.execPath} ${BIN} ${args}`, {
    cwd,
    env: { ...process.env, ...env, TERM: term, CI: undefined, CONTINUOUS_INTEGRATION: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined },
  });
  cleanups.push(() => run.kill());
  return run;
}

/** Answer each prompt once it is shown, in order. */
async function answer(run: PtyRun, steps: readonly [prompt: string | RegExp, reply: string][]): Promise<void> {
  let seen = 0;
  for (const [prompt, reply] of steps) {
    seen = await run.waitFor(prompt, seen);
    run.line(reply);
  }
}

function expectNoEscapes(raw: string): void {
  expect(raw).not.toContain('\u001b[?1049h');
  expect(raw.match(CURSOR_OR_SCREEN)?.[0]).toBeUndefined();
  // TERM=dumb: no colour either.
  expect(raw).not.toContain('\u001b');
}

describe.skipIf(!ptyAvailable)('TERM=dumb', () => {
  it('new asks line by line and writes exactly what new --yes writes with the same answers', async () => {
    const dir = project();
    const run = start('new', dir, { HOME: home() });
    await answer(run, [
      ['Which kind of pipeline?', 'batch_sql'],
      ['Pipeline name', 'orders_plain'],
      ['Display name', 'Orders Plain'],
      ['Description', ''],
      ['Schedule (Quartz cron)', 'every day'],
      ['a Quartz cron expression', '0 30 6 ? * MON-FRI'],
      ['Time zone of the schedule', 'Europe/Amsterdam'],
      ['Bronze table the silver step reads', ''],
      ['More job parameters', 'lookback_days=7, region=eu'],
      ['Steps', ''],
      ['Also email someone specific', 'y'],
      ['Email address', 'orders@example.com'],
      ['Which environment is this for?', ''],
      ['Databricks profile for dev', ''],
      ['Write these files?', ''],
    ]);
    expect(await run.exited).toBe(0);
    const raw = run.output();
    expectNoEscapes(raw);
    expect(raw).toContain('created pipelines/orders_plain/ from template batch_sql');
    // The review names each answer by its question's label, not its internal key, and wraps at words.
    const review = raw.slice(raw.lastIndexOf('Review'), raw.indexOf('Write these files?'));
    expect(review).toMatch(/Email address[^\n]*: orders@example\.com/);
    expect(review).not.toContain('notification_email');
    for (const line of review.split(/\r?\n/)) expect(line.length, line).toBeLessThanOrEqual(80);

    const other = project();
    const sets = ['display_name=Orders Plain', 'schedule_cron=0 30 6 ? * MON-FRI', 'schedule_timezone=Europe/Amsterdam', 'extra_parameters=lookback_days=7, region=eu', 'add_notification_email=yes', 'notification_email=orders@example.com'];
    const yes = runCli(['new', '--template', 'batch_sql', '--name', 'orders_plain', ...sets.flatMap((s) => ['--set', s]), '--yes'], { cwd: other });
    expect(yes.code, yes.stderr).toBe(0);
    const written = snapshotTree(join(dir, 'pipelines', 'orders_plain'));
    expect(Object.keys(written)).toContain('README.md');
    expect(written).toEqual(snapshotTree(join(other, 'pipelines', 'orders_plain')));
  });

  it('new: the name check and the steps question as lines; < goes back; Ctrl-D cancels with nothing written', async () => {
    const dir = project();
    const run = start('new --template batch_sql', dir, { HOME: home() });
    await answer(run, [
      ['Pipeline name', 'Bad-Name'],
      ['lowercase letter', 'orders_plain'],
      ['Display name', '<'],
      ['Pipeline name', 'orders_again'],
      ['Display name', ''],
      ['Description', ''],
      ['Schedule (Quartz cron)', ''],
      ['Time zone of the schedule', ''],
      ['Bronze table the silver step reads', ''],
      ['More job parameters', ''],
      ['Steps', '0:setup_schemas 1:orders_clean 2:orders_daily>missing'],
      ['"missing"', '0:setup_schemas 1:orders_clean 2:orders_daily>orders_clean'],
      ['Also email someone specific', '\u0004'],
    ]);
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('cancelled: nothing was written');
    expect(existsSync(join(dir, 'pipelines', 'orders_again'))).toBe(false);
    expectNoEscapes(run.output());
  });

  it('new: Ctrl-C exits 130, says nothing was written, and sends no escape to restore the terminal', async () => {
    const dir = project();
    const run = start('new', dir, { HOME: home() });
    await run.waitFor('Template [1]: ');
    run.line('\u0003');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('cancelled: nothing was written');
    expectNoEscapes(run.output());
  });

  it('the home menu is a numbered choice', async () => {
    const p = miniProject();
    cleanups.push(p.cleanup);
    const run = start('', p.dir, { HOME: home() });
    await answer(run, [['3) List pipelines', '3']]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/etl\s+batch_sql/);
    expectNoEscapes(run.output());
  });

  it('deploy asks with line prompts and lists its steps without redrawing', async () => {
    const p = miniProject();
    cleanups.push(p.cleanup);
    writeProfiles(p.dir);
    const run = start('deploy', p.dir, fakeCliEnv(p.dir));
    await answer(run, [
      ['Pipeline to deploy', 'etl'],
      ['Environment', ''],
      ['Databricks profile for dev', ''],
    ]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('etl deployed to dev');
    expect(fakeCalls(p.dir).some((c) => c.argv[0] === 'bundle' && c.argv[1] === 'deploy')).toBe(true);
    expectNoEscapes(run.output());
  });

  it('deploy to prod: the approval is a line where the pipeline name is typed', async () => {
    const p = miniProject();
    cleanups.push(p.cleanup);
    writeProfiles(p.dir);
    const run = start('deploy etl --env prod --profile prod', p.dir, fakeCliEnv(p.dir));
    await answer(run, [['Type the pipeline name to confirm: ', 'etl']]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('etl deployed to prod');
    expectNoEscapes(run.output());
  });
});

describe.skipIf(!ptyAvailable)('no TERM at all', () => {
  it('is treated as a terminal without cursor addressing', async () => {
    const p = miniProject();
    cleanups.push(p.cleanup);
    const run = start('', p.dir, { HOME: home() }, undefined);
    await answer(run, [['3) List pipelines', 'q']]);
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toMatch(CURSOR_OR_SCREEN);
  });
});
