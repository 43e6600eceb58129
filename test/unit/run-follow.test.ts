import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/core/job-runs.js';
import { jobTaskGraph, MAX_POLL_MS, pollDelayMs, runExitCode, runIdFromUrl, tasksInOrder, upstreamOf } from '../../src/core/run-follow.js';

describe('following a run', () => {
  it('reads the run id from the run page URL the CLI prints', () => {
    expect(runIdFromUrl('https://h.cloud.databricks.com/jobs/12/runs/345678?o=4242')).toBe(345678);
    expect(runIdFromUrl('https://h/jobs/12/runs/9')).toBe(9);
    expect(runIdFromUrl('https://h/jobs/12/runs/9/x')).toBe(9);
    expect(runIdFromUrl('https://h/jobs/12')).toBeUndefined();
    expect(runIdFromUrl('https://h/jobs/12/runs/99999999999999999999')).toBeUndefined();
    expect(runIdFromUrl(`https://h/${'/runs/'.repeat(50_000)}`)).toBeUndefined();
  });

  it('polls quickly at first, then every 15 s at most', () => {
    const delays = Array.from({ length: 20 }, (_, i) => pollDelayMs(i));
    expect(delays[0]).toBe(1000);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(Math.max(...delays)).toBe(MAX_POLL_MS);
  });

  it('lists tasks in the pipeline order, pending until reported, then tasks the bundle does not name', () => {
    const run = readRun({ run_id: 1, tasks: [{ task_key: 'gold', state: { life_cycle_state: 'RUNNING' } }, { task_key: 'extra' }, { task_key: 'bronze', state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' } }] })!;
    expect(tasksInOrder(run, ['bronze', 'silver', 'gold']).map((t) => `${t.key}:${t.outcome}`)).toEqual(['bronze:success', 'silver:pending', 'gold:running', 'extra:pending']);
  });

  it('a task that never ran because an upstream task failed is skipped, not failed', () => {
    const ended = (result: string) => ({ state: { life_cycle_state: 'TERMINATED', result_state: result } });
    const run = readRun({ run_id: 1, tasks: [{ task_key: 'clean', ...ended('FAILED') }, { task_key: 'summary', ...ended('SUCCESS') }, { task_key: 'gold', ...ended('UPSTREAM_FAILED') }] })!;
    expect(run.tasks.map((t) => `${t.key}:${t.outcome}`)).toEqual(['clean:failed', 'summary:success', 'gold:skipped']);
  });

  it('exits 0 only for success', () => {
    expect(['success', 'failed', 'timedout', 'canceled', 'skipped'].map((outcome) => runExitCode({ outcome: outcome as 'success' }))).toEqual([0, 1, 1, 1, 1]);
  });
});

describe('the stages upstream of a task', () => {
  it('are the tasks it depends on, directly or through others, in the pipeline order; not those beside it', () => {
    const dag = jobTaskGraph([
      { task_key: 'setup' },
      { task_key: 'clean', depends_on: [{ task_key: 'setup' }] },
      { task_key: 'summary', depends_on: [{ task_key: 'setup' }] },
      { task_key: 'gold', depends_on: [{ task_key: 'summary' }, { task_key: 'clean' }] },
    ]);
    expect(dag.order).toEqual(['setup', 'clean', 'summary', 'gold']);
    expect(upstreamOf('summary', dag)).toEqual(['setup']);
    expect(upstreamOf('gold', dag)).toEqual(['setup', 'clean', 'summary']);
    expect(upstreamOf('setup', dag)).toEqual([]);
    expect(upstreamOf('unknown', dag)).toEqual([]);
  });

  it('a cycle does not loop', () => {
    const dag = jobTaskGraph([
      { task_key: 'a', depends_on: [{ task_key: 'b' }] },
      { task_key: 'b', depends_on: [{ task_key: 'a' }] },
    ]);
    expect(upstreamOf('a', dag)).toEqual(['b']);
  });
});
