import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPipelineJob, readJobList, type WorkspaceJob } from '../../src/core/workspace-jobs.js';

function apiJob(id: number, name: string, tags: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { job_id: id, created_time: 1000 + id, creator_user_name: 'a.b@example.com', settings: { name, tags, ...extra } };
}
const STAGING = '[Loyalty2.0] [staging] Orders ETL';
const PROD = '[Loyalty2.0] [prod] Orders ETL';
const tags = (more: Record<string, string> = {}) => ({ project: 'loyalty2.0', pipeline: 'orders_etl', pipeline_type: 'batch', ...more });

describe('reading `jobs list -o json`', () => {
  it('reads id, name, tags, schedule and continuous with their pause state', () => {
    const [scheduled, continuous] = readJobList([
      apiJob(1, 'a', { x: 'y', n: 3 }, { schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'PAUSED' } }),
      apiJob(2, 'b', {}, { continuous: { pause_status: 'UNPAUSED' } }),
    ])!;
    expect(scheduled).toEqual({ id: 1, name: 'a', tags: { x: 'y' }, createdMs: 1001, creator: 'a.b@example.com', schedule: { cron: '0 0 2 * * ?', timezone: 'UTC', paused: true } });
    expect(continuous?.continuous).toEqual({ paused: false });
  });

  it('accepts an array or {"jobs": [...]}, skips entries without a job_id, refuses other documents', () => {
    expect(readJobList([{ job_id: 'x' }, apiJob(3, 'c', {}), 7])?.map((j) => j.id)).toEqual([3]);
    expect(readJobList({ jobs: [apiJob(4, 'd', {})] })?.map((j) => j.id)).toEqual([4]);
    expect(readJobList({ jobs: 'no' })).toBeUndefined();
    expect(readJobList(undefined)).toBeUndefined();
  });

  it('never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (doc) => void expect(Array.isArray(readJobList([doc]))).toBe(true)));
  });
});

describe("finding a pipeline's job", () => {
  const jobs = (docs: Record<string, unknown>[]): WorkspaceJob[] => readJobList(docs)!;

  it('by its tags; in development only the caller’s copy, otherwise none of the dev copies', () => {
    const list = jobs([
      apiJob(1, '[dev a_b] Orders ETL', tags({ dev: 'a_b' })),
      apiJob(2, '[dev c_d] Orders ETL', tags({ dev: 'c_d' })),
      apiJob(3, STAGING, tags()),
      apiJob(4, 'Other', { ...tags(), pipeline: 'other' }),
      apiJob(5, STAGING, { pipeline: 'orders_etl' }),
    ]);
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: '[dev a_b] x', devShortName: 'a_b' })).toMatchObject({ job: { id: 1 }, matches: 1 });
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: STAGING })).toMatchObject({ job: { id: 3 }, matches: 1 });
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: 'x', devShortName: 'e_f' })).toEqual({ matches: 0 });
  });

  it('staging and prod on one workspace: the env’s job name decides, then the newest', () => {
    const list = jobs([apiJob(9, PROD, tags()), apiJob(3, STAGING, tags()), apiJob(5, STAGING, tags())]);
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: STAGING })).toMatchObject({ job: { id: 5 }, matches: 3 });
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: PROD })).toMatchObject({ job: { id: 9 } });
    expect(findPipelineJob(list, { pipeline: 'orders_etl', expectedName: 'renamed' })).toMatchObject({ job: { id: 9 } });
  });
});
