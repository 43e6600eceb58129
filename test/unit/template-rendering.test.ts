import { describe, expect, it } from 'vitest';
import { renderTemplate, resolveAnswers, type TemplateSource } from '../../src/core/index.js';

describe('templates: answers and rendering', () => {
  const template: TemplateSource = {
    id: 't',
    manifest: {
      title: 'T',
      description: 'd',
      version: 1,
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
