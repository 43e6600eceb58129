import { describe, expect, it } from 'vitest';
import { fixForTaskError } from '../../src/core/run-fix.js';
import { runHistoryEntry, runReceipt, type RunResult } from '../../src/core/run-receipt.js';
import { readHistory } from '../../src/core/history.js';

const at = { pipeline: 'etl', env: 'staging', task: 'gold', upstream: ['setup', 'clean'] };

describe('fixForTaskError', () => {
  it('a missing table: the table, the upstream stages, and where the catalog is set', () => {
    const fix = fixForTaskError('[TABLE_OR_VIEW_NOT_FOUND] The table or view `loyalty`.`silver`.`orders` cannot be found.', at);
    expect(fix).toBe('loyalty.silver.orders does not exist in staging: run the stage that creates it first (upstream of gold: setup, clean), or check the catalog and schema in config/staging.yml and pipelines/etl/config.json');
  });

  it('a missing table in a first task: create it first', () => {
    expect(fixForTaskError('AnalysisException: Table or view not found: orders', { ...at, upstream: [] })).toMatch(/^a table does not exist in staging: create it first/);
  });

  it('a missing privilege: who needs what', () => {
    const fix = fixForTaskError("PERMISSION_DENIED: User does not have USE SCHEMA on Schema 'loyalty.gold'.", at);
    expect(fix).toBe("the job's run-as identity (run_as in config/staging.yml, else whoever deployed it) needs USE SCHEMA on schema loyalty.gold: ask an admin of that catalog or workspace to grant it");
    expect(fixForTaskError('PERMISSION_DENIED: nope', at)).toContain('needs access to what the task reads and writes');
  });

  it('anything else: the run page', () => {
    expect(fixForTaskError('ZeroDivisionError: division by zero', at)).toBe("open the run page for the task's full output");
  });
});

describe('run receipt and history line', () => {
  const result: RunResult = {
    pipeline: 'etl',
    env: 'dev',
    runId: 7,
    url: 'https://x/jobs/1/runs/7',
    end: 'failed',
    tasks: [{ key: 'setup', outcome: 'success', message: '', durationMs: 1000 }, { key: 'gold', outcome: 'failed', message: 'boom' }],
    durationMs: 2500.4,
    failure: { task: 'gold', message: 'boom', fix: 'open the run page' },
  };

  it('the receipt names the run, each task and the error', () => {
    expect(runReceipt(result, 'dev')).toEqual({
      receipt_version: 1,
      pipeline: 'etl',
      env: 'dev',
      profile: 'dev',
      run_id: 7,
      url: 'https://x/jobs/1/runs/7',
      outcome: 'failed',
      ok: false,
      duration_ms: 2500,
      tasks: [
        { key: 'setup', outcome: 'success', duration_ms: 1000 },
        { key: 'gold', outcome: 'failed', duration_ms: null },
      ],
      error: { task: 'gold', message: 'boom', fix: 'open the run page' },
    });
  });

  it('the history line is a run entry the history reader accepts', () => {
    const line = runHistoryEntry(result, new Date('2026-12-01T10:00:00Z'));
    expect(readHistory(`${JSON.stringify(line)}\n`)).toEqual([{ v: 1, kind: 'run', at: '2026-12-01T10:00:00.000Z', pipeline: 'etl', env: 'dev', ok: false, result: 'failed', duration_ms: 2500, message: 'gold: boom' }]);
  });
});
