import { describe, expect, it } from 'vitest';
import { describeSchedule, isQuartzCron, renderTemplate, resolveAnswers, type TemplateSource } from '../../src/core/index.js';
import { findJsonSyntaxProblem } from '../../src/core/json-scan.js';

describe('describeSchedule', () => {
  it.each([
    ['0 0 2 * * ?', 'Europe/Amsterdam', 'every day at 02:00 Europe/Amsterdam'],
    ['0 30 6 ? * MON-FRI', 'UTC', 'every Monday to Friday at 06:30 UTC'],
    ['0 0 7 ? * SUN', 'UTC', 'every Sunday at 07:00 UTC'],
    ['0 0 1 15 * ?', 'UTC', 'on day 15 of every month at 01:00 UTC'],
    ['0 0/15 * * * ?', 'UTC', 'every 15 minutes UTC'],
    ['0 5 * * * ?', 'UTC', 'every hour at minute 5 UTC'],
    ['0 0 2 ? 1 MON', 'UTC', 'cron "0 0 2 ? 1 MON" UTC'],
  ])('%s', (cron, tz, text) => {
    expect(describeSchedule(cron, tz)).toBe(text);
  });
});

describe('isQuartzCron', () => {
  it.each(['0 0 2 * * ?', '0 0/5 * * * ?', '0 15 10 ? * MON-FRI', '0 0 12 1/1 * ? *', '0 0 2 L * ?', '0 0 2 ? * 6#3'])('accepts %s', (c) => {
    expect(isQuartzCron(c)).toBe(true);
  });
  it.each(['0 2 * * *', '0 0 2 * * *', '0 0 25 * * ?', '0 60 2 * * ?', 'every day', '0 0 2 ? * ?'])('rejects %s', (c) => {
    expect(isQuartzCron(c)).toBe(false);
  });
});

describe('findJsonSyntaxProblem', () => {
  it.each([
    ['{"a": 1,}', 8, /expected a "quoted" key, found "}" \(trailing comma\?\)/],
    ['{"a": [1, 2,]}', 12, /expected a value, found "\]"/],
    ['{"a" 1}', 5, /expected ":"/],
    ['{"a": "x\ny"}', 8, /line break/],
    ['{"a": 1', 7, /the end of the file/],
    ['{"a": tru}', 6, /unexpected "t"/],
  ])('%j', (text, offset, message) => {
    const p = findJsonSyntaxProblem(text)!;
    expect(p.offset).toBe(offset);
    expect(p.message).toMatch(message);
  });
  it('valid JSON has no problem', () => {
    expect(findJsonSyntaxProblem('{"a": [1, -2.5e3, "x\\u00e9", true, null, {}]}')).toBeUndefined();
  });
});

describe('templates: answers and rendering', () => {
  const template: TemplateSource = {
    id: 't',
    manifest: {
      title: 'T',
      description: 'd',
      pipeline_type: 'batch_sql',
      questions: [
        { key: 'display_name', prompt: 'Name', help: 'h', type: 'text', default: '{{name_title}}' },
        { key: 'topics', prompt: 'Topics', help: 'h', type: 'list', default: ['a'], pattern: '^[a-z.]+$', pattern_message: 'lowercase topic' },
        { key: 'continuous', prompt: 'Continuous?', help: 'h', type: 'confirm', default: true },
        { key: 'cron', prompt: 'Cron', help: 'h', type: 'cron', default: '0 0 2 * * ?', when: { key: 'continuous', equals: false } },
        { key: 'steps', prompt: 'Steps', help: 'h', type: 'steps', default: [{ step: 'setup', stage: 0, sql_file: 'sql/setup.sql' }, { step: 'gold', stage: 1, sql_file: 'sql/gold.sql' }] },
      ],
    },
    files: new Map([
      ['config.json', JSON.stringify({ pipeline_name: '{{display_name}}', topics: '{{topics}}', schedule: { quartz_cron_expression: '{{cron}}' }, execution_sequence: '{{steps}}' })],
      ['sql/setup.sql', 'SELECT 1;'],
      ['sql/gold.sql', 'SELECT 2;'],
      ['README.md', '# {{display_name}} reads {{topics}}'],
    ]),
    stepStub: '-- step {{step}}\nSELECT 3;\n',
  };

  it('without --yes every unanswered question is missing', () => {
    const r = resolveAnswers(template.manifest, 'orders_etl', {}, false);
    expect(r.missing.map((q) => q.key)).toEqual(['display_name', 'topics', 'continuous', 'steps']);
  });
  it('with --yes defaults fill in, derived from the name', () => {
    const r = resolveAnswers(template.manifest, 'orders_etl', {}, true);
    expect(r.missing).toEqual([]);
    expect(r.answers.display_name).toBe('Orders ETL');
  });
  it('a question asked only when another answer has a value', () => {
    expect(resolveAnswers(template.manifest, 'orders_etl', { continuous: false }, false).missing.map((q) => q.key)).toContain('cron');
  });
  it('bad answers and unknown keys are reported', () => {
    const r = resolveAnswers(template.manifest, 'orders_etl', { topics: ['Bad Topic'], nope: 'x' }, true);
    expect(r.invalid).toEqual([
      { key: 'nope', message: 'this template has no question "nope"; it asks: display_name, topics, continuous, cron, steps' },
      { key: 'topics', message: '"Bad Topic": lowercase topic' },
    ]);
  });
  it('fills config.json structurally: typed values, skipped keys removed, no JSON injection', () => {
    const { answers } = resolveAnswers(template.manifest, 'orders_etl', { display_name: 'Quote " and }, {"x":1}' }, true);
    const files = renderTemplate(template, answers);
    const config = JSON.parse(files.get('config.json')!) as Record<string, unknown>;
    expect(config.pipeline_name).toBe('Quote " and }, {"x":1}');
    expect(config.topics).toEqual(['a']);
    expect(config.schedule).toBeUndefined();
    expect(files.get('README.md')).toBe('# Quote " and }, {"x":1} reads a');
  });
  it('removed steps drop their files; added steps get the stub', () => {
    const steps = [{ step: 'setup', stage: 0, sql_file: 'sql/setup.sql' }, { step: 'extra', stage: 1 }];
    const files = renderTemplate(template, resolveAnswers(template.manifest, 'x_y_z', { steps }, true).answers);
    expect([...files.keys()].sort()).toEqual(['README.md', 'config.json', 'sql/extra.sql', 'sql/setup.sql']);
    expect(files.get('sql/extra.sql')).toBe('-- step extra\nSELECT 3;\n');
    expect((JSON.parse(files.get('config.json')!) as { execution_sequence: unknown[] }).execution_sequence[1]).toEqual({ step: 'extra', stage: 1, sql_file: 'sql/extra.sql' });
  });
});
