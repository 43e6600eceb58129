import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWERS_FILE, parseAnswersRecord } from '../../src/core/answers-record.js';
import { BUNDLE_FILE, preparePipeline } from '../../src/core/assemble-pipeline.js';
import { editPrefill, planEdit, removeAt, resolveEditAnswers, setAt, type EditSource } from '../../src/core/edit-pipeline.js';
import { ConfigError } from '../../src/core/errors.js';
import { resolveAnswers, type TemplateSource } from '../../src/core/scaffold.js';
import type { Answers } from '../../src/core/template-manifest.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';
import { REPO, repoEnvs } from '../helpers/fixtures.js';

const envs = repoEnvs();
const templates = listTemplateIds(REPO).map((id) => loadTemplate(REPO, id));
const template = (id: string) => templates.find((t) => t.id === id)!;
/** How `edit` picks the template of a pipeline without an answers record. */
const templateForPipelineType = (type: string) => templates.find((t) => t.manifest.pipeline_type === type);

/** A pipeline made by `new` with these answers, as files in memory. */
function made(t: TemplateSource, name: string, given: Answers = {}): Map<string, string> {
  const { answers } = resolveAnswers(t.manifest, name, given, true);
  return preparePipeline(t, name, answers, envs).files;
}

function sourceOf(t: TemplateSource, name: string, files: ReadonlyMap<string, string>): EditSource {
  const recordText = files.get(ANSWERS_FILE);
  return {
    name,
    template: t,
    configText: files.get('config.json')!,
    ...(recordText ? { record: parseAnswersRecord(recordText, ANSWERS_FILE) } : {}),
    readFile: (rel) => files.get(rel),
  };
}

/** Prefill, apply `given` over it, plan. */
function edit(source: EditSource, given: Answers) {
  const before = editPrefill(source, JSON.parse(source.configText));
  const resolved = resolveEditAnswers(source.template, source.name, before, given);
  expect(resolved.invalid).toEqual([]);
  const answers = Object.fromEntries(source.template.manifest.questions.filter((q) => q.key in resolved.answers).map((q) => [q.key, resolved.answers[q.key]!]));
  return { before, plan: planEdit(source, before, answers, envs) };
}

/** The seed pipeline's files on disk, read into memory. */
function seed(name: string): Map<string, string> {
  const dir = join(REPO, 'pipelines', name);
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${e}` : e;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return files;
}

describe('edit: the answers a pipeline holds', () => {
  it('a pipeline made by new reads back the answers it was made with', () => {
    const given = { schedule_cron: '0 30 6 ? * MON-FRI', add_notification_email: true, notification_email: 'ops@example.com' };
    const files = made(template('batch_sql'), 'orders_etl', given);
    const before = editPrefill(sourceOf(template('batch_sql'), 'orders_etl', files), JSON.parse(files.get('config.json')!));
    expect(before).toMatchObject(given);
    expect(before.display_name).toBe('Orders ETL');
  });

  it('the config wins over the answers record, and the record fills what the config does not hold', () => {
    const files = made(template('batch_sql'), 'orders_etl', { bronze_table: 'orders_bronze' });
    const config = JSON.parse(files.get('config.json')!);
    config.description = 'Edited by hand';
    delete config.parameters;
    const before = editPrefill(sourceOf(template('batch_sql'), 'orders_etl', files), config);
    expect(before.description).toBe('Edited by hand');
    expect(before.bronze_table).toBe('orders_bronze');
  });

  it('a seed pipeline without a record is read with the template of its pipeline_type', () => {
    const files = seed('gap_injection_with_kafka');
    const t = templateForPipelineType(JSON.parse(files.get('config.json')!).pipeline_type)!;
    expect(t.id).toBe('streaming_delta');
    const before = editPrefill(sourceOf(t, 'gap_injection_with_kafka', files), JSON.parse(files.get('config.json')!));
    expect(before).toMatchObject({ continuous: true, trigger_interval: '1 minute', kafka_max_offsets_per_trigger: 100000, override_target_schema: false });
    expect(before).not.toHaveProperty('schedule_cron');
  });
});

describe('edit: what an edit writes', () => {
  it('an edit that changes nothing writes nothing', () => {
    const files = made(template('batch_sql'), 'orders_etl');
    const { plan } = edit(sourceOf(template('batch_sql'), 'orders_etl', files), {});
    expect(plan.changes).toEqual([]);
    expect(plan.files.size).toBe(0);
  });

  it('a config edited by hand and an edit that changes no answer: nothing is written, not even the record', () => {
    const files = made(template('batch_sql'), 'orders_etl');
    const config = JSON.parse(files.get('config.json')!);
    config.description = 'Edited by hand';
    const source = sourceOf(template('batch_sql'), 'orders_etl', files);
    const edited = { ...source, configText: `${JSON.stringify(config, null, 2)}\n` };
    const { plan } = edit({ ...edited, readFile: (rel) => (rel === 'config.json' ? edited.configText : source.readFile(rel)) }, {});
    expect(plan.changes.map((c) => c.path)).toEqual([BUNDLE_FILE]);
    const { plan: changed } = edit({ ...edited, readFile: (rel) => (rel === 'config.json' ? edited.configText : source.readFile(rel)) }, { bronze_table: 'other_bronze' });
    expect(parseAnswersRecord(changed.files.get(ANSWERS_FILE)!, ANSWERS_FILE).answers.description).toBe('Edited by hand');
  });

  it('a seed pipeline edited with no change writes nothing either', () => {
    for (const name of ['gap_injection_with_kafka', 'kafka_to_lakebase', 'kafka_traffic_pipeline']) {
      const files = seed(name);
      const t = templateForPipelineType(JSON.parse(files.get('config.json')!).pipeline_type)!;
      expect(edit(sourceOf(t, name, files), {}).plan.changes, name).toEqual([]);
    }
  });

  it('a changed answer lands at its path; hand edits and the key order survive; bundle and record follow', () => {
    const files = made(template('batch_sql'), 'orders_etl');
    const config = JSON.parse(files.get('config.json')!);
    config.max_concurrent_runs = 3;
    config.parameters.extra_param = 'kept';
    files.set('config.json', `${JSON.stringify({ job_key: 'orders_custom', ...config }, null, 2)}\n`);
    const { plan } = edit(sourceOf(template('batch_sql'), 'orders_etl', files), { schedule_cron: '0 0 3 * * ?' });
    const written = JSON.parse(plan.files.get('config.json')!);
    expect(written.schedule.quartz_cron_expression).toBe('0 0 3 * * ?');
    expect(written.max_concurrent_runs).toBe(3);
    expect(written.parameters.extra_param).toBe('kept');
    expect(Object.keys(written)[0]).toBe('job_key');
    expect(plan.files.get(BUNDLE_FILE)).toContain('0 0 3 * * ?');
    expect(parseAnswersRecord(plan.files.get(ANSWERS_FILE)!, ANSWERS_FILE).answers.schedule_cron).toBe('0 0 3 * * ?');
    expect(plan.changes.map((c) => c.path)).toEqual([BUNDLE_FILE, 'config.json', ANSWERS_FILE]);
  });

  it('the same answers give the same config as new when nothing was edited by hand', () => {
    const given = { schedule_cron: '0 0 3 * * ?', add_notification_email: true, notification_email: 'ops@example.com' };
    const files = made(template('batch_sql'), 'orders_etl');
    const { plan } = edit(sourceOf(template('batch_sql'), 'orders_etl', files), given);
    const fresh = made(template('batch_sql'), 'orders_etl', given);
    for (const [path, text] of plan.files) expect(text, path).toBe(fresh.get(path));
  });

  it('a question no longer asked removes its key, and an object it empties', () => {
    const files = seed('gap_injection_with_kafka');
    const t = template('streaming_delta');
    const { plan } = edit(sourceOf(t, 'gap_injection_with_kafka', files), { continuous: false });
    const written = JSON.parse(plan.files.get('config.json')!);
    expect(written.continuous).toBe(false);
    expect(written.tasks[0]).not.toHaveProperty('parameters');
    expect(written.schedule).toEqual({ quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC' });
    // The new schedule goes where the template puts it: after "continuous".
    const keys = Object.keys(written);
    expect(keys.indexOf('schedule')).toBe(keys.indexOf('continuous') + 1);
    expect(written.job_key).toBe('kafka_ingestion_to_bronze_pipeline');
    expect(written.kafka_source.$comment).toHaveLength(2);
    expect(plan.files.has(ANSWERS_FILE)).toBe(false);
  });

  it("a removed step's file is listed, not deleted; an added step gets a stub; existing SQL is never written", () => {
    const files = seed('kafka_traffic_pipeline');
    const t = template('batch_sql');
    const source = sourceOf(t, 'kafka_traffic_pipeline', files);
    const before = editPrefill(source, JSON.parse(source.configText));
    const steps = (before.steps as unknown as { step: string; stage: number }[]).filter((s) => s.step !== 'user_engagement_summary');
    const { plan } = edit(source, { steps: [...steps, { step: 'gold_extra', stage: 3 }] as never });
    expect(plan.unused).toEqual(['sql/silver/customer_engagement_summary.sql']);
    expect(plan.files.has('sql/silver/customer_engagement_summary.sql')).toBe(false);
    expect(plan.files.get('sql/gold_extra.sql')).toContain('gold_extra');
    expect(plan.changes).toContainEqual({ path: 'sql/gold_extra.sql', status: 'added' });
    for (const path of plan.files.keys()) expect(path === 'sql/gold_extra.sql' || !path.startsWith('sql/'), path).toBe(true);
    const written = JSON.parse(plan.files.get('config.json')!);
    expect(written.execution_sequence.at(-1)).toEqual({ step: 'gold_extra', stage: 3, sql_file: 'sql/gold_extra.sql' });
    expect(written.execution_sequence[0].description).toMatch(/Create the catalog/);
  });

  it('answers that make an invalid pipeline are refused naming the field', () => {
    const files = made(template('batch_sql'), 'orders_etl');
    const source = sourceOf(template('batch_sql'), 'orders_etl', files);
    const before = editPrefill(source, JSON.parse(source.configText));
    const steps = [{ step: 'a', stage: 0, depends_on: ['missing'] }];
    expect(() => planEdit(source, before, { ...before, steps: steps as never }, envs)).toThrow(ConfigError);
  });
});

describe('edit: more job parameters (the batch template spreads them next to bronze_table)', () => {
  const t = () => template('batch_sql');
  const paramsOf = (plan: { files: ReadonlyMap<string, string> }) => JSON.parse(plan.files.get('config.json')!).parameters as Record<string, string>;

  it('new writes them after bronze_table; edit replaces them, keeping bronze_table', () => {
    const files = made(t(), 'orders_etl', { extra_parameters: { lookback_days: '7', region: 'eu' } });
    expect(JSON.parse(files.get('config.json')!).parameters).toEqual({ bronze_table: 'kafka_events_bronze', lookback_days: '7', region: 'eu' });
    const source = sourceOf(t(), 'orders_etl', files);
    expect(editPrefill(source, JSON.parse(source.configText)).extra_parameters).toEqual({ lookback_days: '7', region: 'eu' });
    const { plan } = edit(source, { extra_parameters: { lookback_days: '14' } });
    expect(paramsOf(plan)).toEqual({ bronze_table: 'kafka_events_bronze', lookback_days: '14' });
    expect(plan.files.get(BUNDLE_FILE)).toMatch(/- name: lookback_days\n\s+default: "14"/);
    expect(plan.files.get(BUNDLE_FILE)).not.toContain('region');
    expect(parseAnswersRecord(plan.files.get(ANSWERS_FILE)!, ANSWERS_FILE).answers.extra_parameters).toEqual({ lookback_days: '14' });
  });

  it('a parameter added by hand is read as one of them; an edit to another answer leaves them as they are', () => {
    const files = seed('kafka_traffic_pipeline');
    const config = JSON.parse(files.get('config.json')!);
    config.parameters = { region: 'eu', ...config.parameters };
    files.set('config.json', `${JSON.stringify(config, null, 2)}\n`);
    const source = sourceOf(t(), 'kafka_traffic_pipeline', files);
    expect(editPrefill(source, config).extra_parameters).toEqual({ region: 'eu' });
    const { plan } = edit(source, { schedule_cron: '0 0 4 * * ?' });
    // Not rewritten: the hand-written order stays.
    expect(Object.keys(paramsOf(plan))).toEqual(['region', 'bronze_table']);
  });

  it('emptying them removes them, and only them', () => {
    const files = made(t(), 'orders_etl', { extra_parameters: { lookback_days: '7' } });
    const { plan } = edit(sourceOf(t(), 'orders_etl', files), { extra_parameters: {} });
    expect(paramsOf(plan)).toEqual({ bronze_table: 'kafka_events_bronze' });
    for (const [path, text] of plan.files) expect(text, path).toBe(made(t(), 'orders_etl').get(path));
  });
});

describe('edit: placing and removing keys', () => {
  it('setAt creates missing objects in the template order; removeAt drops emptied objects', () => {
    const shape = { a: 1, s: { x: '{{x}}', y: '{{y}}' }, z: 2 };
    expect(Object.keys(setAt({ z: 2, a: 1 }, ['s', 'y'], 'Y', shape) as object)).toEqual(['z', 'a', 's']);
    expect(setAt({ s: { y: 'old' } }, ['s', 'x'], 'X', shape)).toEqual({ s: { x: 'X', y: 'old' } });
    expect(removeAt({ a: 1, s: { x: 'X' } }, ['s', 'x'])).toEqual({ a: 1 });
    expect(removeAt({ t: [{ k: 1, p: { q: 1 } }] }, ['t', 0, 'p', 'q'])).toEqual({ t: [{ k: 1 }] });
    expect(setAt({ t: [] }, ['t', 0, 'p'], 1, {})).toEqual({ t: [] });
  });
});
