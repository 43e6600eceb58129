import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJobList } from '../../src/core/workspace-jobs.js';
import { readRunList } from '../../src/core/job-runs.js';
import { deployedRow, statusSummary, STATUS_VERSION, undeployedRow, unreadableRow, type StatusDocument } from '../../src/core/status-report.js';
import { lastRunCell, problemLines, shortDuration, statusCells, summaryLine } from '../../src/core/status-text.js';
import { jobNameInTarget } from '../../src/core/resolve-target.js';
import { REPO } from '../helpers/fixtures.js';

const NOW = 1_700_000_000_000;
const HOST = 'https://loyalty-dev.cloud.databricks.com/';
const job = readJobList([{ job_id: 42, created_time: 1, settings: { name: 'Orders', tags: {}, schedule: { quartz_cron_expression: '0 0 2 * * ?', pause_status: 'UNPAUSED' } } }])![0]!;
const run = (id: number, result: string, extra: Record<string, unknown> = {}) => ({
  run_id: id,
  start_time: NOW - id * 3_600_000,
  run_duration: 12 * 60_000,
  state: { life_cycle_state: 'TERMINATED', result_state: result },
  run_page_url: `${HOST}jobs/42/runs/${id}`,
  ...extra,
});

describe('status rows', () => {
  const failing = deployedRow('orders', HOST, { job, matches: 1 }, readRunList([
    run(1, 'FAILED', { tasks: [{ task_key: 'silver', state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'Table not found\nat line 3' } }] }),
    run(2, 'SUCCESS'),
  ])!);

  it('a deployed job: its link, schedule, runs and what misses a target', () => {
    expect(failing.job).toEqual({ id: 42, name: 'Orders', url: 'https://loyalty-dev.cloud.databricks.com/jobs/42', matches: 1, deployed_commit: null, deployed_content: null });
    expect(failing.schedule).toEqual({ cron: '0 0 2 * * ?', timezone: null, paused: false });
    expect(failing.healthy).toBe(false);
    expect(failing.problems.map((p) => p.code)).toEqual(['last-run-failed', 'success-rate']);
    expect(statusCells(failing, NOW)).toEqual(['orders', 'scheduled', '✖ failed 1h ago · 12m', '50.0% of 2', '12m / 12m', 'failed <99%']);
    expect(problemLines(failing)).toEqual([
      'orders: the last run failed',
      'orders: success rate 50.0 % over 2 runs is below the 99 % target',
      '  task silver: Table not found',
      `  ${HOST}jobs/42/runs/1`,
    ]);
  });

  it('not deployed and unreadable rows', () => {
    expect(statusCells(undeployedRow('a'), NOW)).toEqual(['a', '—', '—', '—', '—', 'not deployed']);
    const bad = unreadableRow('b', { message: 'databricks jobs list failed (exit 1): not logged in', hint: 'databricks auth login' });
    expect(bad).toMatchObject({ deployed: null, healthy: false });
    expect(problemLines(bad)).toEqual(['b: databricks jobs list failed (exit 1): not logged in', '  hint: databricks auth login']);
    expect(statusSummary([failing, undeployedRow('a'), bad])).toEqual({ pipelines: 3, deployed: 1, unhealthy: 1, unreadable: 1 });
    expect(summaryLine({ env: 'dev', summary: statusSummary([failing, undeployedRow('a'), bad]) })).toBe('3 pipelines in dev · 1 deployed · 1 missing a target · 1 could not be read');
  });

  it('a running run shows as running, without a duration', () => {
    const running = deployedRow('c', HOST, { job, matches: 1 }, readRunList([{ run_id: 5, start_time: NOW - 30_000, state: { life_cycle_state: 'RUNNING' } }])!);
    expect(lastRunCell(running, NOW)).toBe('▶ running just now');
  });

  it('short durations', () => {
    expect([0, 45_000, 90_000, 12 * 60_000 + 5000, 65 * 60_000, 26 * 3_600_000, 48 * 3_600_000].map(shortDuration)).toEqual(['0s', '45s', '1m 30s', '12m', '1h 5m', '1d 2h', '2d']);
  });

  it('the job name each env deploys: the prefix with the env, and development mode’s copy', () => {
    expect(jobNameInTarget('Orders ETL', 'staging')).toBe('[Loyalty2.0] [staging] Orders ETL');
    expect(jobNameInTarget('Orders ETL', 'dev', 'a_b')).toBe('[dev a_b] [Loyalty2.0] [dev] Orders ETL');
  });

  it('a document with every kind of row matches schemas/status.schema.json', () => {
    const rows = [failing, undeployedRow('a'), unreadableRow('b', { message: 'x' })];
    const doc: StatusDocument = { status_version: STATUS_VERSION, env: 'dev', profile: null, host: HOST, runs_per_pipeline: 25, ok: false, summary: statusSummary(rows), pipelines: rows };
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'status.schema.json'), 'utf8')) as object);
    expect(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, status_version: 2 })).toBe(false);
  });
});
