import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/core/job-runs.js';
import { MAX_POLL_MS, pollDelayMs, runExitCode, runIdFromUrl, tasksInOrder } from '../../src/core/run-follow.js';

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

  it('exits 0 only for success', () => {
    expect(['success', 'failed', 'timedout', 'canceled', 'skipped'].map((outcome) => runExitCode({ outcome: outcome as 'success' }))).toEqual([0, 1, 1, 1, 1]);
  });
});
