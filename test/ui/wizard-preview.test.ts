import { describe, expect, it } from 'vitest';
import { preparePipeline } from '../../src/core/assemble-pipeline.js';
import { resolveAnswers } from '../../src/core/scaffold.js';
import type { Answers } from '../../src/core/template-manifest.js';
import { changedLines } from '../../src/ui/wizard/line-diff.js';
import { createPreviewer, previewModel, preparePreview, targetBlock, type PreviewRequest } from '../../src/ui/wizard/preview.js';
import { indexPlaceholders, questionKeyForIssue } from '../../src/ui/wizard/problem-keys.js';
import { repoEnvs } from '../helpers/fixtures.js';
import { fixtureTemplate } from './helpers/wizard-fixtures.js';

const envs = repoEnvs();
const template = fixtureTemplate();
const request = (given: Answers = {}, more: Partial<PreviewRequest> = {}): PreviewRequest => ({ template, name: 'orders_etl', given, env: 'dev', ...more });
const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ step: `step_${i + 1}`, stage: i }));

describe('changedLines (O(n) line diff)', () => {
  it('reports nothing for equal files and the edited line for an in-place edit', () => {
    expect(changedLines(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(changedLines(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual([1]);
  });

  it('reports separate edits of a same-length file one by one, not the span between them', () => {
    expect(changedLines(['a', 'b', 'c', 'd', 'e'], ['A', 'b', 'c', 'd', 'E'])).toEqual([0, 4]);
  });

  it('reports inserted lines, and nothing for removed ones', () => {
    expect(changedLines(['a', 'b', 'c'], ['a', 'x', 'y', 'b', 'c'])).toEqual([1, 2]);
    expect(changedLines(['a', 'x', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
  });

  it('in a region that changed length, counts a line as changed only when the old region had no copy left', () => {
    expect(changedLines(['a', 'x', 'k', 'y', 'z'], ['a', 'k', 'q', 'z'])).toEqual([2]);
  });

  it('stays linear on a large file', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => `line ${i % 1000}`);
    const edited = [...big.slice(0, 1000), 'new', ...big.slice(1000)];
    expect(changedLines(big, edited)).toEqual([1000]);
  });
});

describe('preview model', () => {
  it('is the exact databricks.yml preparePipeline writes, defaults filling unanswered questions', () => {
    const model = createPreviewer(envs).model(request({ display_name: 'Orders' }));
    const answers = resolveAnswers(template.manifest, 'orders_etl', { display_name: 'Orders' }, true).answers;
    const bytes = preparePipeline(template, 'orders_etl', answers, envs).files.get('databricks.yml');
    expect(`${model.yamlLines.join('\n')}\n`).toBe(bytes);
    expect(model.stale).toBe(false);
    expect(model.problemsByKey).toEqual({});
    expect(model.files).toEqual(['databricks.yml', 'config.json', 'sql/clean.sql', 'sql/load.sql', '.template-answers.yml']);
  });

  it('says per env what the CLI will deploy: development mode renames and pauses, staging and prod run', () => {
    const model = createPreviewer(envs).model(request({ display_name: 'Orders' }));
    expect(model.deployments).toEqual({
      dev: 'dev: "[dev <you>] [Loyalty2.0] [dev] Orders" · schedule paused · your schemas dev_<you>_* · runs as you',
      staging: `staging: "[Loyalty2.0] [staging] Orders" · on schedule · runs as ${envs.staging!.run_as!.service_principal_name}`,
      prod: `prod: "[Loyalty2.0] [prod] Orders" · on schedule · runs as ${envs.prod!.run_as!.service_principal_name}`,
    });
  });

  it('marks the lines the last edit changed', () => {
    const previewer = createPreviewer(envs);
    const before = previewer.model(request());
    const after = previewer.model(request({ schedule_cron: '0 30 6 ? * MON-FRI' }), before);
    expect(after.changedLines.map((i) => after.yamlLines[i])).toEqual([expect.stringContaining('0 30 6 ? * MON-FRI')]);
  });

  it('puts a problem next to the question that causes it, and keeps the last good file (stale)', () => {
    const previewer = createPreviewer(envs);
    const good = previewer.model(request());
    const cycle = [
      { step: 'a', stage: 0, depends_on: ['b'] },
      { step: 'b', stage: 1, depends_on: ['a'] },
    ];
    const bad = previewer.model(request({ steps: cycle }), good);
    expect(bad.stale).toBe(true);
    expect(bad.yamlLines).toBe(good.yamlLines);
    expect(bad.changedLines).toEqual([]);
    expect(bad.problemsByKey.steps?.[0]).toMatch(/dependency cycle: a → b → a/);
  });

  it("maps a rule broken by an answer to that answer's question", () => {
    const p = preparePreview(request({ schedule_cron: 'every day' }), envs);
    expect(Object.keys(p.problemsByKey)).toEqual(['schedule_cron']);
    expect(preparePreview(request({ steps: [{ step: 'a', stage: 0, depends_on: ['nope'] }] }), envs).problemsByKey.steps?.[0]).toMatch(/unknown step "nope"/);
    expect(preparePreview(request({}, { name: 'Bad Name' }), envs).problemsByKey.name?.[0]).toMatch(/not a valid pipeline name/);
  });

  it('finds the target block of the env and the line of the current answer', () => {
    const model = createPreviewer(envs).model(request({ display_name: 'Orders Daily' }, { env: 'staging', focus: 'Orders Daily' }));
    expect(model.yamlLines[model.target!.start]).toBe('  staging:');
    expect(model.yamlLines[model.target!.end]).toBe('  prod:');
    expect(model.yamlLines[model.focusLine!]).toContain('Orders Daily');
    const onTarget = previewModel(createPreviewer(envs).prepare(request()), request({}, { env: 'prod', focusTarget: true }));
    expect(onTarget.focusLine).toBe(onTarget.target!.start);
    expect(targetBlock(['a:', 'targets:', '  dev:', '    x: 1', '  prod:', '    x: 2'], 'prod')).toEqual({ start: 4, end: 6 });
    expect(targetBlock(['targets:', '  dev:'], 'prod')).toBeUndefined();
  });

  it('memoizes preparePipeline per answers snapshot', () => {
    const previewer = createPreviewer(envs);
    const a = previewer.prepare(request({ steps: steps(30) }));
    expect(previewer.prepare(request({ steps: steps(30) }))).toBe(a);
    expect(previewer.prepare(request({ steps: steps(29) }))).not.toBe(a);
  });
});

describe('problem keys', () => {
  const index = indexPlaceholders(JSON.stringify({ a: { b: '{{x}}', c: 'pre-{{y}}-{{z}}' }, list: '{{items}}', s: { t: '{{t1}}', u: '{{u1}}' } }));
  const ctx = { index, dir: 'pipelines/p', asked: new Set(['x', 'y', 'z', 'items', 't1', 'u1']), stepsKey: 'steps' };
  const issue = (path: string, file = 'pipelines/p/config.json') => questionKeyForIssue(ctx, { file, path, message: 'm' });

  it('indexes placeholders by JSON path, several per string', () => {
    expect(index.get('a.c')).toEqual(['y', 'z']);
    expect(index.get('list')).toEqual(['items']);
  });

  it('gives an issue to the placeholder at or above its path, else the first below it', () => {
    expect(issue('a.b')).toBe('x');
    expect(issue('list[3]')).toBe('items');
    expect(issue('s')).toBe('t1');
    expect(issue('nothing.here')).toBe('');
  });

  it('gives folder issues to the name and task or SQL file issues to the steps', () => {
    expect(issue('', 'pipelines/p')).toBe('name');
    expect(issue('resources.jobs.p.tasks[2].sql_task.file.path', 'pipelines/p/databricks.yml')).toBe('steps');
    expect(issue('', 'pipelines/p/sql/x.sql')).toBe('steps');
    expect(issue('targets.dev.mode', 'pipelines/p/databricks.yml')).toBe('');
  });
});
