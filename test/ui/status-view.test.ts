import { cleanup, render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRunList } from '../../src/core/job-runs.js';
import { deployedRow, undeployedRow, unreadableRow, withQuality } from '../../src/core/status-report.js';
import { readJobList } from '../../src/core/workspace-jobs.js';
import { fitSegments, lineText } from '../../src/ui/lines.js';
import { columns } from '../../src/ui/text-width.js';
import { statusLines } from '../../src/ui/status/status-lines.js';
import { initialStatusState, statusReducer, type StatusAction, type StatusViewState } from '../../src/ui/status/status-state.js';
import { StatusView, type StatusFeed } from '../../src/ui/status/status-view.js';
import { runStatusView } from '../../src/ui/run-status.js';
import { fakeTerminalContext, stripAnsi } from './helpers/fake-terminal.js';
import { KEY } from './helpers/keys.js';
import { waitFor, waitForText } from './helpers/wait-for.js';

afterEach(() => cleanup());

const NOW = 1_700_000_000_000;
const job = readJobList([{ job_id: 7, settings: { name: '[dev a] Orders', tags: {} } }])![0]!;
const runs = readRunList([
  { run_id: 3, start_time: NOW - 60_000, run_duration: 600_000, state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'boom '.repeat(40) } },
  { run_id: 2, start_time: NOW - 7_200_000, run_duration: 300_000, state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' } },
])!;
const key = (name: string, text = ''): StatusAction => ({ type: 'key', key: { name: name as 'text', text } });
const run = (s: StatusViewState, ...actions: StatusAction[]) => actions.reduce(statusReducer, s);

function loaded(n = 3): StatusViewState {
  const names = Array.from({ length: n }, (_, i) => `pipeline_${i}`);
  const rows = names.map((name, i) => (i === 0 ? deployedRow(name, 'https://h', { job, matches: 1 }, runs) : i === 1 ? undeployedRow(name) : unreadableRow(name, { message: 'not logged in', hint: 'log in' })));
  return run(initialStatusState(names), ...rows.map((row, index): StatusAction => ({ type: 'row', index, row })), { type: 'refreshed', at: NOW });
}

/** The screen as drawn: each line cut to the width, as LineView does. */
const text = (s: StatusViewState, w = 80, h = 24) => statusLines(s, 'dev', w, h, NOW).map((l) => lineText(fitSegments(l, w)));

describe('status screen', () => {
  it('rows fill in as they arrive; a row not yet answered says so', () => {
    const s = run(initialStatusState(['a', 'b']), { type: 'row', index: 1, row: undeployedRow('b') });
    const screen = text(s);
    expect(screen.find((l) => /^[› ] a /.test(l))).toMatch(/asking/);
    expect(screen.find((l) => /^[› ] b /.test(l))).toMatch(/not deployed/);
  });

  it('Enter on a pipeline not deployed in the env says so, not "no runs yet"', () => {
    const screen = text(run(loaded(), key('down'), key('enter')));
    expect(screen).toContain('  not deployed in dev: deploy it first');
    expect(screen.join('\n')).not.toContain('no runs yet');
  });

  it('Enter: with --quality, the run detail view shows each latest check, or why there are none, within 80x24', () => {
    const check = { step: 'clean', check: 'clean_rate', checked_at: new Date(NOW - 3_600_000).toISOString(), rows_checked: 200, rows_failed: 12, pass_rate: 0.94, threshold: 0.95, passed: false, null_pct: 1.5, duplicates: null };
    const base = loaded();
    const withChecks = run(base, { type: 'row', index: 0, row: withQuality(base.rows[0]!, { table: 't', checks: [check], error: null }) }, key('enter'));
    const screen = text(withChecks);
    expect(screen).toContain('  ✖ clean_rate 94% passed · nulls 1.5% · duplicates — · 1h ago');
    expect(screen.join('\n')).toContain('pipeline_0: data-quality check clean/clean_rate failed (94% passed');
    expect(screen.length).toBeLessThanOrEqual(24);
    const missing = run(base, { type: 'row', index: 0, row: withQuality(base.rows[0]!, { table: 't', checks: [], error: { message: 'table t not found', hint: 'run setup' } }) }, key('enter'));
    expect(text(missing)).toContain('  data quality: table t not found: run setup');
  });

  it('↑↓ select, Enter shows the runs as bars, longest run longest bar, Esc goes back', () => {
    const s = run(loaded(), key('enter'));
    expect(s.view).toBe('runs');
    const bars = text(s).filter((l) => l.includes('█'));
    expect(bars).toHaveLength(2);
    expect(bars[0]!.split('█').length).toBeGreaterThan(bars[1]!.split('█').length);
    expect(text(s).join('\n')).toContain('the last run failed');
    expect(run(s, key('escape')).view).toBe('table');
    expect(run(loaded(), key('down'), key('down'), key('down')).selected).toBe(2);
    expect(run(loaded(), key('up')).selected).toBe(0);
  });

  it('Enter: the run view says which commit is deployed, from the job\'s deploy record', () => {
    const tagged = (tags: Record<string, string>) => readJobList([{ job_id: 7, settings: { name: '[dev a] Orders', tags } }])![0]!;
    const shown = (tags: Record<string, string>) => {
      const base = loaded();
      return text(run(base, { type: 'row', index: 0, row: deployedRow('pipeline_0', 'https://h', { job: tagged(tags), matches: 1 }, runs) }, key('enter')));
    };
    expect(shown({ deployed_commit: '0123456789ab', deployed_content: 'f'.repeat(24) })).toContain('  deployed from 0123456789ab');
    expect(shown({ deployed_commit: '0123456789ab-dirty' })).toContain('  deployed from 0123456789ab with uncommitted changes');
    expect(shown({ deployed_commit: 'none' })).toContain('  deployed from outside git');
    expect(shown({ deployed_commit: 'unrecorded' })).toContain('  deployed without a record (not by loyalty-wizard)');
    expect(shown({}).length).toBeLessThanOrEqual(24);
  });

  it('o shows the job URL; r runs a deployed pipeline and refuses one that is not', () => {
    expect(run(loaded(), key('text', 'o')).notice).toBe('job: https://h/jobs/7');
    expect(run(loaded(), key('text', 'r')).done).toEqual({ kind: 'run', pipeline: 'pipeline_0' });
    const refused = run(loaded(), key('down'), key('text', 'r'));
    expect(refused.done).toBeUndefined();
    expect(refused.notice).toMatch(/not deployed in this env: deploy it first/);
    expect(run(loaded(), key('text', 'q')).done).toEqual({ kind: 'quit' });
    expect(run(loaded(), key('quit')).done).toEqual({ kind: 'quit' });
  });

  it('the selected row’s problem shows under the table', () => {
    expect(text(run(loaded(), key('down'), key('down'))).join('\n')).toContain('pipeline_2: not logged in');
  });

  it('50 pipelines at 80x24: the frame fits and the selected row stays on screen', () => {
    let s = loaded(50);
    for (let i = 0; i < 40; i++) s = statusReducer(s, key('down'));
    for (const [w, h] of [[80, 24], [60, 16], [160, 48]] as const) {
      const screen = text(s, w, h);
      expect(screen.length).toBeLessThanOrEqual(h);
      for (const l of screen) expect(columns(l)).toBeLessThanOrEqual(w);
      expect(screen.some((l) => l.startsWith('› pipeline_40'))).toBe(true);
    }
  });
});

describe('status screen on a terminal: r asks to run the selected pipeline', () => {
  const rows = [undeployedRow('orders'), deployedRow('etl', 'https://h', { job, matches: 1 }, runs)];
  const feed: StatusFeed = {
    subscribe(dispatch) {
      rows.forEach((row, index) => dispatch({ type: 'row', index, row }));
      dispatch({ type: 'refreshed', at: Date.now() });
      return () => undefined;
    },
  };

  it('r on a deployed pipeline ends the screen with a run request; on one not deployed it says why and stays', async () => {
    const onDone = vi.fn();
    const app = render(createElement(StatusView, { env: 'dev', pipelines: ['orders', 'etl'], feed, onDone }));
    const frame = () => stripAnsi(app.lastFrame() ?? '');
    await waitForText(frame, 'r run it');
    await waitForText(frame, 'etl');
    app.stdin.write('r');
    await waitForText(frame, 'orders is not deployed in this env: deploy it first');
    expect(onDone).not.toHaveBeenCalled();
    app.stdin.write(KEY.down);
    await waitForText(frame, '› etl');
    app.stdin.write('r');
    await waitFor(() => onDone.mock.calls.length > 0, 'the run request');
    expect(onDone).toHaveBeenCalledWith({ kind: 'run', pipeline: 'etl' });
  });

  it('runStatusView resolves to the run request once the screen is gone', async () => {
    const term = fakeTerminalContext('/tmp', {});
    const done = runStatusView(term.ctx, {
      env: 'dev',
      pipelines: ['orders', 'etl'],
      collect: (onRow) => Promise.resolve(rows.forEach((row, i) => onRow(row, i))),
    });
    await waitForText(() => term.output.screen(), 'r run it');
    term.input.type(KEY.down);
    await waitForText(() => term.output.screen(), '› etl');
    term.input.type('r');
    expect(await done).toEqual({ kind: 'run', pipeline: 'etl' });
    expect(term.input.isRaw).toBe(false);
  });
});
