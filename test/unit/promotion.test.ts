import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineRecord } from '../../src/databricks/git-commit.js';
import { contentHash, deployRecordOf, deployRecordVars, DEPLOY_RECORD_TAGS, UNRECORDED } from '../../src/core/deploy-record.js';
import { checkPromotionOrder, isAhead, promotionGates, type GateInput } from '../../src/core/promotion.js';
import type { JobRun } from '../../src/core/job-runs.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const files = [
  { path: 'config.json', bytes: bytes('{"pipeline_name":"Orders"}') },
  { path: 'notebooks/clean.py', bytes: bytes('print(1)') },
  { path: 'sql/gold.sql', bytes: bytes('select 1') },
];

describe('content hash of a pipeline folder', () => {
  it('is the same whatever order the files are listed in, and whatever the path separator', () => {
    const reversed = [...files].reverse().map((f) => ({ ...f, path: f.path.replace('/', '\\') }));
    expect(contentHash(reversed)).toBe(contentHash(files));
    expect(contentHash(files)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('changes when a file changes, is renamed, or is added', () => {
    const base = contentHash(files);
    expect(contentHash([files[0]!, { ...files[1]!, bytes: bytes('print(2)') }, files[2]!])).not.toBe(base);
    expect(contentHash([files[0]!, { ...files[1]!, path: 'notebooks/clean2.py' }, files[2]!])).not.toBe(base);
    expect(contentHash([...files, { path: 'sql/extra.sql', bytes: bytes('') }])).not.toBe(base);
    // Moving bytes from one file to the next is a change too (lengths are part of the hash).
    expect(contentHash([{ path: 'a', bytes: bytes('xy') }, { path: 'b', bytes: bytes('z') }])).not.toBe(contentHash([{ path: 'a', bytes: bytes('x') }, { path: 'b', bytes: bytes('yz') }]));
  });

  it('leaves out the generated databricks.yml and the CLI state folder', () => {
    const base = contentHash(files);
    expect(contentHash([...files, { path: 'databricks.yml', bytes: bytes('bundle: {}') }])).toBe(base);
    expect(contentHash([...files, { path: '.databricks/bundle/dev/state.json', bytes: bytes('{}') }])).toBe(base);
  });
});

describe('the deploy record on a job', () => {
  it('is passed as bundle variables and read back from the job tags', () => {
    expect(deployRecordVars({ commit: 'abc1234def56', content: 'f'.repeat(24) })).toEqual([`deployed_commit=abc1234def56`, `deployed_content=${'f'.repeat(24)}`]);
    expect(deployRecordOf({ [DEPLOY_RECORD_TAGS.commit]: 'abc-dirty', [DEPLOY_RECORD_TAGS.content]: 'aa' })).toEqual({ commit: 'abc-dirty', content: 'aa' });
    expect(deployRecordOf({ [DEPLOY_RECORD_TAGS.content]: UNRECORDED })).toEqual({});
  });
});

const run = (outcome: JobRun['outcome'], runId: number): JobRun => ({ runId, outcome, message: outcome === 'failed' ? 'boom' : '', url: `https://h/jobs/1/runs/${runId}`, tasks: [] });
const input = (over: Partial<GateInput> = {}): GateInput => ({
  pipeline: 'orders',
  from: 'dev',
  to: 'staging',
  local: { commit: 'abc', content: 'c1' },
  source: { job: { id: 1, record: { commit: 'abc', content: 'c1' } }, runs: [run('success', 3)] },
  runsNeeded: 1,
  ...over,
});

describe('promotion gates', () => {
  it('pass when the source job holds the local content and its last run succeeded', () => {
    const g = promotionGates(input());
    expect(g.passed).toBe(true);
    expect(g.gates.map((x) => [x.name, x.ok])).toEqual([['content', true], ['runs', true]]);
  });

  it('fail on content that differs, naming both sides and the fix', () => {
    const g = promotionGates(input({ local: { commit: 'def-dirty', content: 'c2' } }));
    expect(g.passed).toBe(false);
    const content = g.gates[0]!;
    expect(content.ok).toBe(false);
    expect(content.detail).toContain('abc');
    expect(content.detail).toContain('def-dirty');
    expect(content.fix).toContain('loyalty-wizard deploy orders --env dev');
  });

  it('fail when the source env has no job, or a job deployed without a record', () => {
    expect(promotionGates(input({ source: { runs: [] } })).gates[0]!.detail).toMatch(/not deployed to dev/);
    const unrecorded = promotionGates(input({ source: { job: { id: 1, record: {} }, runs: [run('success', 1)] } }));
    expect(unrecorded.gates[0]!.ok).toBe(false);
    expect(unrecorded.gates[0]!.detail).toMatch(/no record/);
  });

  it('look at the last N finished runs: a run under way does not count, a failure names its run', () => {
    const runs = [{ ...run('running', 9) }, run('success', 8), run('failed', 7), run('success', 6)];
    expect(promotionGates(input({ source: { job: { id: 1, record: { commit: 'abc', content: 'c1' } }, runs } })).gates[1]!.ok).toBe(true);
    const two = promotionGates(input({ runsNeeded: 2, source: { job: { id: 1, record: { commit: 'abc', content: 'c1' } }, runs } })).gates[1]!;
    expect(two.ok).toBe(false);
    expect(two.detail).toContain('run 7 failed');
    expect(two.url).toBe('https://h/jobs/1/runs/7');
    expect(two.fix).toContain('loyalty-wizard run orders --env dev');
  });

  it('fail when there are fewer finished runs than asked for', () => {
    const g = promotionGates(input({ runsNeeded: 3 }));
    expect(g.gates[1]!.ok).toBe(false);
    expect(g.gates[1]!.detail).toMatch(/1 finished run/);
  });
});

describe('promotion order', () => {
  it('goes up dev → staging → prod, never to the same env or down', () => {
    expect(checkPromotionOrder('dev', 'staging')).toBeUndefined();
    expect(checkPromotionOrder('dev', 'prod')).toBeUndefined();
    expect(checkPromotionOrder('staging', 'staging')).toMatch(/different/);
    expect(checkPromotionOrder('prod', 'staging')).toMatch(/down/);
  });

  it('a pipeline is ahead when its source content is recorded and differs from the target', () => {
    expect(isAhead({ content: 'a' }, { content: 'b' })).toBe(true);
    expect(isAhead({ content: 'a' }, undefined)).toBe(true);
    expect(isAhead({ content: 'a' }, { content: 'a' })).toBe(false);
    expect(isAhead(undefined, { content: 'a' })).toBe(false);
    expect(isAhead({}, {})).toBe(false);
  });
});

describe('the pipeline folder on disk (src/project)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  it('hashes the folder without its databricks.yml; the commit is none outside git, <sha> when clean, <sha>-dirty after a change', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-content-'));
    write('pipelines/etl/config.json', '{}');
    write('pipelines/etl/sql/a.sql', 'select 1');
    const before = await pipelineRecord(dir, 'etl');
    expect(before.commit).toBe('none');
    write('pipelines/etl/databricks.yml', 'bundle: {}');
    expect((await pipelineRecord(dir, 'etl')).content).toBe(before.content);

    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'first');
    const clean = await pipelineRecord(dir, 'etl');
    expect(clean.commit).toMatch(/^[0-9a-f]{12}$/);
    write('pipelines/etl/databricks.yml', 'bundle: {changed: true}');
    write('pipelines/other/config.json', '{}');
    expect((await pipelineRecord(dir, 'etl')).commit).toBe(clean.commit);
    write('pipelines/etl/sql/a.sql', 'select 2');
    const dirty = await pipelineRecord(dir, 'etl');
    expect(dirty.commit).toBe(`${clean.commit}-dirty`);
    expect(dirty.content).not.toBe(clean.content);
  });
});
