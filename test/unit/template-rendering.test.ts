import { describe, expect, it } from 'vitest';
import { renderTemplate, resolveAnswers, type TemplateSource } from '../../src/core/index.js';
import { answerText, coerceAnswer, MAX_PARAMETERS, validateAnswer, type Answers, type AnswerValue, type Question } from '../../src/core/template-manifest.js';

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

describe('templates: a parameters question (job parameters by name)', () => {
  const question: Question = {
    key: 'extra',
    prompt: 'More job parameters',
    help: 'h',
    type: 'parameters',
    default: {},
    pattern: '^(?!bronze_table=)',
    pattern_message: 'bronze_table has a question of its own',
  };
  const coerce = (raw: string) => coerceAnswer(question, raw);

  it('is typed as name=value pairs separated by commas, and shown the same way', () => {
    const typed = coerce(' lookback_days=7 ,region=eu, filter=a=b ');
    expect(typed).toEqual({ value: { lookback_days: '7', region: 'eu', filter: 'a=b' } });
    expect(answerText((typed as { value: AnswerValue }).value)).toBe('lookback_days=7, region=eu, filter=a=b');
    expect(coerce('')).toEqual({ value: {} });
    expect(validateAnswer(question, {})).toBeUndefined();
  });

  it.each([
    ['region', /"region" is not name=value/],
    ['=eu', /"=eu" is not name=value/],
    ['a=1, a=2', /a is given twice/],
    ['__proto__=1, __proto__=2', /__proto__ is given twice/],
    [Array.from({ length: MAX_PARAMETERS + 1 }, (_, i) => `p${i}=1`).join(','), /at most 50 parameters/],
  ])('%s cannot be read: %s', (raw, message) => {
    expect(coerce(raw)).toEqual({ error: expect.stringMatching(message) });
  });

  it.each<[AnswerValue, RegExp]>([
    [{ '9lives': '1' }, /"9lives" is not a parameter name/],
    [Object.fromEntries([['__proto__', 'x']]), /"__proto__" is not a parameter name/],
    [{ catalog: 'x' }, /catalog is a parameter loyalty-wizard sets itself/],
    [{ kafka_topic: 'x' }, /kafka_topic is a parameter loyalty-wizard sets itself/],
    [{ bronze_table: 'x' }, /bronze_table: bronze_table has a question of its own/],
    [{ note: 'a,b' }, /the value of note holds a comma/],
    [{ note: 'a\nb' }, /the value of note holds a comma or a line break/],
    [{ token: 'dapi0123456789abcdef0123456789abcdef' }, /token: holds what looks like a Databricks personal access token/],
    [['a=1'], /expected name=value pairs/],
    ['a=1', /expected name=value pairs/],
  ])('%j is refused: %s', (value, message) => {
    expect(validateAnswer(question, value)).toMatch(message);
  });

  const spread = (answers: Answers) =>
    JSON.parse(
      renderTemplate(
        {
          id: 't',
          manifest: { title: 'T', description: 'd', version: 1, pipeline_type: 'batch_sql', questions: [question] },
          files: new Map([['config.json', JSON.stringify({ parameters: { bronze_table: 'b', '...': '{{extra}}' }, tags: { '...': '{{extra}}' } })]]),
        },
        answers,
      ).get('config.json')!,
    ) as Record<string, unknown>;

  it('"...": "{{key}}" spreads the answer into the object around it, after the keys before it', () => {
    const config = spread({ extra: { lookback_days: '7', region: 'eu' } });
    expect(config.parameters).toEqual({ bronze_table: 'b', lookback_days: '7', region: 'eu' });
    expect(Object.keys(config.parameters as object)).toEqual(['bronze_table', 'lookback_days', 'region']);
  });

  it('spreads nothing for an empty or unasked answer; an object left with nothing goes', () => {
    expect(spread({ extra: {} })).toEqual({ parameters: { bronze_table: 'b' } });
    expect(spread({})).toEqual({ parameters: { bronze_table: 'b' } });
    // Only a parameters answer is spread: another kind of answer adds nothing.
    expect(spread({ extra: 'x=1' })).toEqual({ parameters: { bronze_table: 'b' } });
  });
});
