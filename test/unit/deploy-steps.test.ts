/** The deploy steps' own time, "not approved" as an outcome, the waiting notice, and the texts around them. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { columnsOr80, knownColumns } from '../../src/core/terminal-width.js';
import { typedApproval } from '../../src/deploy/approve-text.js';
import { DEPLOY_STEPS, NotApprovedError, newDeployState, runStep, type DeployState, type StepIO } from '../../src/deploy/deploy-pipeline.js';
import { formatElapsed, StepClock } from '../../src/deploy/step-clock.js';
import { waitingNotice } from '../../src/deploy/wait-notice.js';
import { columns } from '../../src/ui/text-width.js';
import { alignedRows } from '../../src/ui/text-table.js';
import { repoEnvs } from '../helpers/fixtures.js';

function prodState(): DeployState {
  const state = newDeployState({
    root: '/nowhere',
    pipeline: 'etl',
    env: 'prod',
    envs: repoEnvs(),
    cli: { executable: 'databricks', env: {} },
    yes: false,
    allowDeletes: false,
    forceLock: false,
    dryRun: false,
    run: false,
    params: {},
    interactive: true,
    signal: new AbortController().signal,
  });
  // A CLI without `bundle plan`: the plan step asks without calling anything.
  state.version = { version: '0.250.0', hasPlan: false };
  return state;
}

const planStep = DEPLOY_STEPS.find((s) => s.name === 'plan')!;

describe("a step's time is its own", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the minute a person takes to approve is not counted in the plan step', async () => {
    const state = prodState();
    const io: StepIO = {
      output: () => vi.advanceTimersByTime(300),
      approve: async () => {
        vi.advanceTimersByTime(60_000);
        return true;
      },
    };
    await runStep(planStep, state, io);
    expect(state.steps).toEqual([expect.objectContaining({ name: 'plan', status: 'ok', duration_ms: 300 })]);
  });

  it('the clock stands still while paused', () => {
    const clock = new StepClock();
    vi.advanceTimersByTime(1500);
    clock.pause();
    vi.advanceTimersByTime(10_000);
    expect(clock.elapsedMs()).toBe(1500);
    clock.resume();
    vi.advanceTimersByTime(500);
    expect(clock.elapsedMs()).toBe(2000);
  });
});

describe('not approved is an outcome of its own', () => {
  it('answering no: the plan step is recorded "not-approved" (not "failed"), with a NotApprovedError (exit 2)', async () => {
    const state = prodState();
    const error = await runStep(planStep, state, { output: () => undefined, approve: async () => false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotApprovedError);
    expect((error as NotApprovedError).exitCode).toBe(2);
    expect((error as Error).message).toBe('etl was not approved for prod: nothing was deployed');
    expect(state.steps).toEqual([expect.objectContaining({ name: 'plan', status: 'not-approved' })]);
  });

  it('typing the name: three tries; an empty answer is not one of them', () => {
    const check = typedApproval('etl');
    expect(check.validate('')).toMatch(/type etl/);
    expect(check.validate(' elt ')).toBe('"elt" is not etl: 2 tries left (Ctrl-C stops)');
    expect(check.validate('ETL')).toBe('"ETL" is not etl: 1 try left (Ctrl-C stops)');
    // The third wrong answer ends the prompt; the answer decides.
    expect(check.validate('orders')).toBe(true);
    expect(check.approved('orders')).toBe(false);
    expect(typedApproval('etl').approved(' etl ')).toBe(true);
  });

  it('what was typed is shown escaped and cut', () => {
    const message = typedApproval('etl').validate(`\u001b[31m${'x'.repeat(200)}`);
    expect(message).not.toContain('\u001b');
    expect(String(message).length).toBeLessThan(100);
  });
});

describe('the waiting notice says what is waited for and what Ctrl-C does, truthfully', () => {
  it.each([
    ['validate', 'databricks bundle validate', 'Ctrl-C stops it safely: nothing has been deployed'],
    ['plan', 'databricks bundle plan', 'Ctrl-C stops it safely: nothing has been deployed'],
    ['deploy', 'databricks bundle deploy', 'Ctrl-C stops it, but the job may be left partly updated'],
    ['summary', 'databricks bundle summary', 'the deploy has finished'],
    ['run', 'databricks bundle run', 'the run may already have started'],
    ['bind', 'databricks bundle deployment bind', 'the job may already be adopted'],
  ] as const)('%s', (name, command, ctrlC) => {
    const [what, onCtrlC] = waitingNotice(name, 65_000)!;
    expect(what).toContain(`waiting for ${command} (1m 05s so far): `);
    expect(onCtrlC).toContain(ctrlC);
    // Where a clock ticks in the title, the notice leaves the time to it.
    expect(waitingNotice(name)![0]).toMatch(new RegExp(`^waiting for ${command}: `));
  });

  it('steps that run no command have none', () => {
    expect(waitingNotice('detect', 65_000)).toBeUndefined();
    expect(waitingNotice('generate', 65_000)).toBeUndefined();
  });

  it('elapsed time reads as seconds, then minutes', () => {
    expect([0, 999, 1000, 59_999, 60_000, 65_000, 3_600_000].map(formatElapsed)).toEqual(['0s', '0s', '1s', '59s', '1m 00s', '1m 05s', '60m 00s']);
  });
});

describe('terminal width: 0 columns is unknown', () => {
  it('0 and undefined are unknown; 80 stands in where a width is needed', () => {
    expect([0, undefined, Number.NaN, -3, 120].map(knownColumns)).toEqual([undefined, undefined, undefined, undefined, 120]);
    expect([0, undefined, 120].map(columnsOr80)).toEqual([80, 80, 120]);
  });
});

describe('aligned rows', () => {
  const rows = [
    ['dev', 'https://loyalty-dev.cloud.databricks.com', '✓ this env'],
    ['日本語プロファイル', 'https://adb-1234567890123456.7.azuredatabricks.net/a/very/long/path', 'another workspace'],
    ['a-very-long-profile-name-for-the-shared-dev-workspace', 'https://loyalty-dev.cloud.databricks.com', '✓ this env'],
  ];

  it('columns start at the same display column, wide characters counted as two', () => {
    const lines = alignedRows(rows, 200);
    const starts = lines.map((l) => columns(l.slice(0, l.indexOf('https://'))));
    expect(new Set(starts).size).toBe(1);
    expect(lines[2]).toContain('a-very-long-profile-name-for-the-shared-dev-workspace');
  });

  it('too wide: long values are cut with … to fit, the last column kept whole', () => {
    const lines = alignedRows(rows, 70);
    for (const l of lines) expect(columns(l)).toBeLessThanOrEqual(70);
    expect(lines[1]).toMatch(/…/);
    expect(lines[2]).toMatch(/^a-very-.*…/);
    for (const [i, l] of lines.entries()) expect(l.endsWith(rows[i]![2]!)).toBe(true);
    const statusStarts = lines.map((l) => columns(l.slice(0, l.length - rows[lines.indexOf(l)]![2]!.length)));
    expect(new Set(statusStarts).size).toBe(1);
  });
});
