import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RUNS, readRun, readRunList, type JobRun } from '../../src/core/job-runs.js';
import { percentile, runHealth, runStats } from '../../src/core/run-health.js';

/** A run as `jobs list-runs -o json` prints it. */
function apiRun(id: number, life: string, result?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    run_id: id,
    job_id: 7,
    start_time: 1_700_000_000_000 + id,
    run_duration: 60_000 * id,
    state: { life_cycle_state: life, ...(result ? { result_state: result } : {}), state_message: '' },
    run_page_url: `https://h/jobs/7/runs/${id}`,
    ...extra,
  };
}
const runs = (...docs: Record<string, unknown>[]): JobRun[] => readRunList(docs)!;

describe('reading runs from the CLI', () => {
  it.each([
    ['TERMINATED', 'SUCCESS', 'success'],
    ['TERMINATED', 'FAILED', 'failed'],
    ['TERMINATED', 'SUCCESS_WITH_FAILURES', 'failed'],
    ['TERMINATED', 'TIMEDOUT', 'timedout'],
    ['TERMINATED', 'CANCELED', 'canceled'],
    ['TERMINATED', 'SOMETHING_NEW', 'failed'],
    ['RUNNING', undefined, 'running'],
    ['TERMINATING', undefined, 'running'],
    ['PENDING', undefined, 'pending'],
    ['QUEUED', undefined, 'pending'],
    ['SKIPPED', undefined, 'skipped'],
    ['INTERNAL_ERROR', undefined, 'failed'],
  ])('%s / %s is %s', (life, result, outcome) => {
    expect(readRun(apiRun(1, life, result))?.outcome).toBe(outcome);
  });

  it('reads the newer status field when the older state is missing', () => {
    const run = readRun({ run_id: 3, status: { state: 'TERMINATED', termination_details: { code: 'USER_CANCELED', message: 'stopped by a.b' } } });
    expect(run).toMatchObject({ runId: 3, outcome: 'canceled', message: 'stopped by a.b' });
  });

  it('takes the duration from run_duration, else the three parts, else end − start', () => {
    expect(readRun({ run_id: 1, run_duration: 5 })?.durationMs).toBe(5);
    expect(readRun({ run_id: 1, setup_duration: 1, execution_duration: 2, cleanup_duration: 3 })?.durationMs).toBe(6);
    expect(readRun({ run_id: 1, start_time: 10, end_time: 25 })?.durationMs).toBe(15);
    expect(readRun({ run_id: 1, start_time: 10, end_time: 0 })?.durationMs).toBeUndefined();
  });

  it('reads tasks with their keys and messages, and names a task without a key by its place', () => {
    const run = readRun(apiRun(2, 'TERMINATED', 'FAILED', { tasks: [{ task_key: 'bronze', state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' } }, { state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'boom' } }] }));
    expect(run?.tasks).toEqual([
      { key: 'bronze', outcome: 'success', message: '' },
      { key: 'task 2', outcome: 'failed', message: 'boom' },
    ]);
  });

  it('accepts an array or {"runs": [...]}, skips entries without a run_id, refuses anything else', () => {
    expect(readRunList([apiRun(1, 'RUNNING'), { job_id: 2 }, null, 'x'])?.map((r) => r.runId)).toEqual([1]);
    expect(readRunList({ runs: [apiRun(4, 'RUNNING')] })?.map((r) => r.runId)).toEqual([4]);
    expect(readRunList({})).toBeUndefined();
    expect(readRunList(null)).toBeUndefined();
    expect(readRunList('[]')).toBeUndefined();
  });

  it('keeps at most MAX_RUNS runs and cuts long messages', () => {
    const many = Array.from({ length: MAX_RUNS + 50 }, (_, i) => apiRun(i + 1, 'RUNNING'));
    expect(readRunList(many)).toHaveLength(MAX_RUNS);
    expect(readRun({ run_id: 1, state: { state_message: 'x'.repeat(100_000) } })!.message.length).toBeLessThanOrEqual(2000);
  });

  it('never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        const list = readRunList(Array.isArray(doc) ? doc : [doc]);
        expect(Array.isArray(list)).toBe(true);
      }),
    );
  });
});

describe('statistics over recent runs', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([4], 95)).toBe(4);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1 }), fc.integer({ min: 0, max: 100 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const v = percentile(sorted, p)!;
        expect(sorted).toContain(v);
        expect(sorted.filter((x) => x <= v).length / sorted.length).toBeGreaterThanOrEqual(p / 100);
      }),
    );
  });

  it('success rate counts successes, failures and timeouts only; durations are those of successes', () => {
    const s = runStats(runs(apiRun(5, 'RUNNING'), apiRun(4, 'TERMINATED', 'SUCCESS'), apiRun(3, 'TERMINATED', 'CANCELED'), apiRun(2, 'TERMINATED', 'FAILED'), apiRun(1, 'TERMINATED', 'SUCCESS')));
    expect(s).toMatchObject({ runs: 5, counted: 3, p50Ms: 60_000, p95Ms: 240_000 });
    expect(s.successRate).toBeCloseTo(2 / 3);
    expect(s.lastRun?.runId).toBe(4);
    expect(s.activeRun?.runId).toBe(5);
    expect(s.lastFailure).toMatchObject({ message: 'the run failed' });
    expect(s.lastFailure?.run.runId).toBe(2);
  });

  it('the last failure names the failing task and its message', () => {
    const failed = apiRun(1, 'TERMINATED', 'FAILED', { tasks: [{ task_key: 'silver', state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'Table not found' } }] });
    expect(runStats(runs(failed)).lastFailure).toMatchObject({ task: 'silver', message: 'Table not found' });
  });

  it('no runs: nothing to say and nothing missed', () => {
    const s = runStats([]);
    expect(s).toEqual({ runs: 0, counted: 0 });
    expect(runHealth(s, { continuous: false, paused: false }).problems).toEqual([]);
  });
});

describe('health against the design targets', () => {
  const batch = { continuous: false, paused: false };
  it('a failed last run and a success rate below 99 % stand out', () => {
    const h = runHealth(runStats(runs(apiRun(2, 'TERMINATED', 'FAILED'), apiRun(1, 'TERMINATED', 'SUCCESS'))), batch);
    expect(h.problems).toEqual(['last-run-failed', 'success-rate']);
    expect(h.messages[1]).toBe('success rate 50.0 % over 2 runs is below the 99 % target');
  });

  it('99 successes and one failure long ago: 99.0 % is on target; 98 of 99 is not', () => {
    const ok = Array.from({ length: 99 }, (_, i) => apiRun(200 - i, 'TERMINATED', 'SUCCESS', { run_duration: 1 }));
    expect(runHealth(runStats(runs(...ok, apiRun(1, 'TERMINATED', 'FAILED'))), batch).problems).toEqual([]);
    expect(runHealth(runStats(runs(...ok.slice(1), apiRun(1, 'TERMINATED', 'FAILED'))), batch).problems).toEqual(['success-rate']);
  });

  it('a batch job whose typical run is over 30 minutes is slow; a continuous one never is', () => {
    const long = runs(apiRun(1, 'TERMINATED', 'SUCCESS', { run_duration: 31 * 60_000 }));
    expect(runHealth(runStats(long), batch).messages).toEqual(['a typical run takes 31 min, over the 30 min target']);
    expect(runHealth(runStats([...runs(apiRun(9, 'RUNNING')), ...long]), { continuous: true, paused: false }).problems).toEqual([]);
  });

  it('a continuous job with no active run stands out unless it is paused', () => {
    const ended = runStats(runs(apiRun(1, 'TERMINATED', 'SUCCESS')));
    expect(runHealth(ended, { continuous: true, paused: false }).problems).toEqual(['not-running']);
    expect(runHealth(ended, { continuous: true, paused: true }).problems).toEqual([]);
  });

  it('a cancelled last run is not a failure', () => {
    expect(runHealth(runStats(runs(apiRun(2, 'TERMINATED', 'CANCELED'), apiRun(1, 'TERMINATED', 'SUCCESS'))), batch).problems).toEqual([]);
  });
});
