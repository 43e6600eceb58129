import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateBundle, parsePipelineConfig, renderBundleYaml, renderYaml } from '../../src/core/index.js';
import { meaningfulErrors, officialValidator } from '../helpers/bundle-schema.js';
import { batchConfig, repoEnvs, streamingConfig } from '../helpers/fixtures.js';

const envs = repoEnvs();

/** Display names full of what breaks naive YAML: quotes, colons, #, brackets, non-ASCII. */
const nastyName = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', "'", ':', ': ', '#', ' #', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', ',', '?', '-', '$', '\\', 'ü', 'ß', '東京', '🚀', 'null', 'true', '0x1F', ' '),
      fc.string({ minLength: 1, maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => s.trim().length > 0 && !s.includes('${') && !/[\r\n\t]/.test(s));

const taskKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);

/** Free text with line breaks, tabs and everything else a description may hold. */
const freeText = fc.array(fc.oneof(fc.constantFrom('\n', '\r\n', '\t', '"', "'", ': ', ' # ', '- ', '{{x}}', 'é', '→'), fc.string({ maxLength: 5 })), { maxLength: 10 }).map((p) => p.join(''));

const streamingArb = fc.record({
  name: nastyName,
  description: freeText.filter((s) => s.length <= 1000),
  keys: fc.uniqueArray(taskKey, { minLength: 1, maxLength: 5 }),
  continuous: fc.boolean(),
  tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), nastyName, { maxKeys: 3 }),
});

const batchArb = fc.record({
  name: nastyName,
  stages: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
});

describe('generated bundles vs the official Databricks bundle schema', () => {
  it('streaming: any valid config yields YAML that parses back to the same object and passes the schema', () => {
    const validate = officialValidator();
    fc.assert(
      fc.property(streamingArb, ({ name, description, keys, continuous, tags }) => {
        const cfg = streamingConfig({
          pipeline_name: name,
          description,
          continuous,
          tags,
          tasks: keys.map((k) => ({ task_key: k, notebook: `notebooks/${k}.py` })),
          ...(continuous ? {} : { schedule: { quartz_cron_expression: '0 15 * * * ?', timezone_id: 'Europe/Amsterdam' } }),
        });
        const bundle = generateBundle({ name: 'prop_test', pipeline: parsePipelineConfig(JSON.stringify(cfg), 'config.json'), envs });
        const yaml = renderBundleYaml('prop_test', bundle);
        const back = parse(yaml) as unknown;
        expect(back).toEqual(JSON.parse(JSON.stringify(bundle)));
        expect((back as { resources: { jobs: { prop_test: { name: string } } } }).resources.jobs.prop_test.name).toBe(
          `[Loyalty2.0] [\${bundle.target}] ${name.trim()}`,
        );
        const ok = validate(back);
        expect(meaningfulErrors(validate.errors), JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
        expect(ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('batch: any stage layout yields a schema-valid bundle whose dependencies point at real tasks', () => {
    const validate = officialValidator();
    fc.assert(
      fc.property(batchArb, ({ name, stages }) => {
        const steps = stages.map((stage, i) => ({ step: `step_${i}`, stage, sql_file: `sql/step_${i}.sql` }));
        const bundle = generateBundle({
          name: 'prop_batch',
          pipeline: parsePipelineConfig(JSON.stringify(batchConfig({ pipeline_name: name, execution_sequence: steps })), 'config.json'),
          envs,
        });
        const back = parse(renderBundleYaml('prop_batch', bundle)) as typeof bundle;
        expect(back).toEqual(JSON.parse(JSON.stringify(bundle)));
        const tasks = back.resources.jobs.prop_batch!.tasks;
        const keys = new Set(tasks.map((t) => t.task_key));
        for (const t of tasks) {
          const stage = stages[Number(t.task_key.slice(5))]!;
          for (const d of t.depends_on ?? []) {
            expect(keys.has(d.task_key)).toBe(true);
            expect(stages[Number(d.task_key.slice(5))]!).toBeLessThan(stage);
          }
        }
        expect(validate(back)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a display name with a line break is refused at pipeline_name, never written', () => {
    fc.assert(
      fc.property(nastyName, nastyName, fc.constantFrom('\n', '\r', '\t'), (a, b, br) => {
        const text = JSON.stringify(streamingConfig({ pipeline_name: `${a}${br}${b}` }));
        expect(() => parsePipelineConfig(text, 'config.json')).toThrow(/pipeline_name: must be one line/);
      }),
      { numRuns: 50 },
    );
  });

  it('the official schema rejects what it should (the check can fail)', () => {
    const validate = officialValidator();
    const bundle = generateBundle({ name: 'x_pipe', pipeline: parsePipelineConfig(JSON.stringify(batchConfig()), 'config.json'), envs });
    const broken = JSON.parse(JSON.stringify(bundle)) as { resources: { jobs: { x_pipe: { tasks: Record<string, unknown>[] } } } };
    broken.resources.jobs.x_pipe.tasks[0]!.not_a_field = 1;
    expect(validate(broken)).toBe(false);
    expect(meaningfulErrors(validate.errors).join('\n')).toMatch(/additional properties/);
  });
});

describe('renderYaml', () => {
  it('any plain data parses back to itself', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('true', 'no', 'null', '~', '1e5', '0x1F', '- a', 'a: b', '#x', ' x', 'x ', 'y', '${var.x}', '15.4.x-scala2.12'));
    const leaf = fc.oneof(key, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (value) => {
        const normal = JSON.parse(JSON.stringify(value)) as unknown;
        expect(parse(renderYaml(normal))).toEqual(normal);
      }),
      { numRuns: 500 },
    );
  });
  it('quotes what YAML would read as something else', () => {
    expect(renderYaml({ a: 'true', b: '0 0 2 * * ?', c: 'https://x', d: '${var.catalog}', e: 'plain words' })).toBe(
      'a: "true"\nb: "0 0 2 * * ?"\nc: "https://x"\nd: ${var.catalog}\ne: plain words\n',
    );
  });
});
