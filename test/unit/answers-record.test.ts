import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ANSWERS_FILE,
  answersFromConfig,
  answersRecordFor,
  ConfigError,
  parseAnswersRecord,
  placeholderPaths,
  renderAnswersRecord,
  resolveAnswers,
} from '../../src/core/index.js';
import { preparePipeline } from '../../src/core/assemble-pipeline.js';
import { loadEnvConfigs } from '../../src/project/project.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';

const REPO = join(import.meta.dirname, '..', '..');
const envs = loadEnvConfigs(REPO);

describe('the answers record a new pipeline carries', () => {
  for (const id of listTemplateIds(REPO)) {
    it(`${id}: names the template and its version, holds every asked answer and no built-in one, and reads back`, () => {
      const template = loadTemplate(REPO, id);
      const { answers } = resolveAnswers(template.manifest, 'orders_etl', {}, true);
      const files = preparePipeline(template, 'orders_etl', answers, envs).files;
      const text = files.get(ANSWERS_FILE)!;
      const record = parseAnswersRecord(text, `pipelines/orders_etl/${ANSWERS_FILE}`);
      expect(record.template).toBe(id);
      expect(record.template_version).toBe(template.manifest.version);
      expect(record.answers).not.toHaveProperty('name');
      expect(record.answers).not.toHaveProperty('name_title');
      const { name: _n, name_title: _t, ...asked } = answers;
      expect(record.answers).toEqual(Object.fromEntries(Object.entries(asked).filter(([k]) => template.manifest.questions.some((q) => q.key === k))));
      expect(parse(text)).toEqual(record);
      expect(renderAnswersRecord(record)).toBe(text);
    });
  }

  it('answers to questions not asked (their "when" is false) are not kept', () => {
    const template = loadTemplate(REPO, 'streaming_delta');
    const record = answersRecordFor('streaming_delta', template.manifest, { continuous: true, schedule_cron: '0 0 2 * * ?', trigger_interval: '10 seconds' });
    expect(record.answers).toEqual({ continuous: true, trigger_interval: '10 seconds' });
  });

  it('a record that is not one is refused naming the file and the field', () => {
    const file = 'pipelines/x/.template-answers.yml';
    expect(() => parseAnswersRecord('template: batch_sql\ntemplate_version: 0\nanswers: {}\n', file)).toThrow(ConfigError);
    expect(() => parseAnswersRecord('template: batch_sql\ntemplate_version: 0\nanswers: {}\n', file)).toThrow(/template_version/);
    expect(() => parseAnswersRecord('template: batch_sql\nanswers: {}\n', file)).toThrow(/template_version/);
    expect(() => parseAnswersRecord('template: [\n', file)).toThrow(/not valid YAML/);
    expect(() => parseAnswersRecord('template: batch_sql\ntemplate_version: 1\nanswers: {}\nextra: 1\n', file)).toThrow(/extra/);
  });
});

describe("a pipeline's config.json read back as answers", () => {
  it('every question with a whole-value placeholder has a path, and the rendered config gives its answer back', () => {
    for (const id of listTemplateIds(REPO)) {
      const template = loadTemplate(REPO, id);
      const paths = placeholderPaths(template);
      const { answers } = resolveAnswers(template.manifest, 'orders_etl', {}, true);
      const config = JSON.parse(preparePipeline(template, 'orders_etl', answers, envs).files.get('config.json')!) as unknown;
      const back = answersFromConfig(template, config);
      for (const [key] of paths) if (answers[key] !== undefined) expect(back[key], `${id}: ${key}`).toEqual(answers[key]);
      expect(paths.size, id).toBeGreaterThan(3);
    }
  });

  it('non-default answers come back too, and a gating yes/no follows what it gates', () => {
    const template = loadTemplate(REPO, 'batch_sql');
    const given = { display_name: 'Orders', schedule_cron: '0 30 6 ? * MON-FRI', add_notification_email: true, notification_email: 'team@example.com' };
    const { answers } = resolveAnswers(template.manifest, 'orders_etl', given, true);
    const config = JSON.parse(preparePipeline(template, 'orders_etl', answers, envs).files.get('config.json')!) as unknown;
    expect(answersFromConfig(template, config)).toMatchObject(given);
    const without = { ...(config as Record<string, unknown>) };
    delete without.notification_email;
    expect(answersFromConfig(template, without)).toMatchObject({ add_notification_email: false });
    expect(answersFromConfig(template, without)).not.toHaveProperty('notification_email');
  });

  it('values of the wrong shape are not taken as answers', () => {
    const template = loadTemplate(REPO, 'batch_sql');
    const back = answersFromConfig(template, { pipeline_name: { nested: 1 }, description: null, schedule: 'x', execution_sequence: [1, 'a'] });
    expect(back).not.toHaveProperty('display_name');
    expect(back).not.toHaveProperty('description');
    expect(back).not.toHaveProperty('schedule_cron');
    expect(back).not.toHaveProperty('steps');
  });
});
