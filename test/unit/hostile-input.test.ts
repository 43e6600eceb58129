/**
 * Input a user controls, as classes rather than examples (issue 9): nesting of
 * any depth, keys given twice, byte order marks, alias bombs, dependency chains of
 * any length, placeholders anywhere in a template, and the per-job task limit.
 * Each class has one rule in the code and here a table or a property over it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePipelineConfig, renderTemplate, resolveBatchDag, type BatchStep, type TemplateSource } from '../../src/core/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { findJsonSyntaxProblem } from '../../src/core/json-scan.js';
import { MAX_TASKS_PER_JOB } from '../../src/core/pipeline-config.js';
import { MAX_NESTING_DEPTH, parseLocated, ParseFailure } from '../../src/core/located-parse.js';
import { batchConfig, streamingConfig } from '../helpers/fixtures.js';

function failure(text: string, format: 'json' | 'yaml'): ParseFailure {
  try {
    parseLocated(text, format);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseFailure);
    return error as ParseFailure;
  }
  throw new Error(`expected ${JSON.stringify(text.slice(0, 60))} to be refused`);
}

describe('nesting: refused beyond MAX_NESTING_DEPTH in every shape, never a stack overflow', () => {
  const blockMaps = (d: number) => `${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;
  const shapes: [string, 'json' | 'yaml', (depth: number) => string][] = [
    ['JSON arrays', 'json', (d) => `${'['.repeat(d)}${']'.repeat(d)}`],
    ['JSON objects', 'json', (d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`],
    ['YAML flow sequences', 'yaml', (d) => `${'['.repeat(d)}${']'.repeat(d)}`],
    ['YAML flow mappings', 'yaml', (d) => `${'{a: '.repeat(d)}1${'}'.repeat(d)}`],
    ['YAML block mappings', 'yaml', blockMaps],
    ['YAML compact block sequences', 'yaml', (d) => `${'- '.repeat(d)}x\n`],
    ['YAML JSON in YAML', 'yaml', (d) => `${'{"a": ['.repeat(d / 2)}1${']}'.repeat(d / 2)}`],
  ];
  it.each(shapes)('%s: %i levels are fine, one more is refused naming the limit', (_label, format, make) => {
    expect(() => parseLocated(make(MAX_NESTING_DEPTH), format)).not.toThrow();
    const f = failure(make(MAX_NESTING_DEPTH + 2), format);
    expect(f.message).toBe(`nested more than ${MAX_NESTING_DEPTH} levels deep`);
    expect(f.location).toBeDefined();
    expect(f.hint).toMatch(/flatten/);
  });
  it.each(shapes)('%s: far deeper input is refused the same way, not with a RangeError', (label, format, make) => {
    // Block mappings grow with the square of the depth: 1,500 levels is already 1 MB.
    const f = failure(make(label.includes('block mappings') ? 1_500 : 200_000), format);
    expect(f.message).toMatch(/nested more than/);
  });
  it('the refusal points at the bracket that goes one level too deep', () => {
    for (const format of ['json', 'yaml'] as const) {
      expect(failure(`${'['.repeat(100)}${']'.repeat(100)}`, format).location).toEqual({ line: 1, column: MAX_NESTING_DEPTH + 1 });
    }
  });
  it('the JSON scanner itself is iterative: any depth gives a located problem, no exception', () => {
    const p = findJsonSyntaxProblem('['.repeat(1_000_000))!;
    expect(p.kind).toBe('syntax');
    expect(p.offset).toBe(1_000_000);
    expect(findJsonSyntaxProblem('['.repeat(1_000_000), 64)).toMatchObject({ kind: 'too-deep', offset: 64 });
  });
});

describe('the JSON scanner agrees with JSON.parse', () => {
  it('on any JSON text: no problem', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'small' }), (text) => {
        expect(findJsonSyntaxProblem(text)).toBeUndefined();
      }),
    );
  });
  it('on any text one edit away from JSON: a syntax problem only when JSON.parse throws, and a problem whenever it throws', () => {
    const edited = fc
      .tuple(fc.json({ depthSize: 'small' }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', ':', '\\', '\n', 'x', '0', '-', '{', '['))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return insert === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
      });
    fc.assert(
      fc.property(edited, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const p = findJsonSyntaxProblem(text);
        const seen = `${text} → ${JSON.stringify(p)}`;
        // The first problem in the text wins: a key given twice may come before the syntax error.
        if (p === undefined || p.kind !== 'syntax') expect(parses || p?.kind === 'duplicate-key', seen).toBe(true);
        else expect(parses, seen).toBe(false);
        if (p) expect(p.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('duplicate keys: refused naming the key and both line:column positions', () => {
  const cases: [string, 'json' | 'yaml', string, string, string][] = [
    ['JSON, top level', 'json', '{"a": 1,\n "a": 2}', 'a', '1:2 and at 2:2'],
    ['JSON, nested in an array', 'json', '[{"k": 1}, {"k": 1,\n   "k": 2}]', 'k', '1:13 and at 2:4'],
    ['JSON, the same key written with an escape', 'json', '{"a": 1, "\\u0061": 2}', 'a', '1:2 and at 1:10'],
    ['YAML block mapping', 'yaml', 'a: 1\nb: 2\na: 3\n', 'a', '1:1 and at 3:1'],
    ['YAML flow mapping', 'yaml', 'x: {a: 1, a: 2}\n', 'a', '1:5 and at 1:11'],
    ['YAML mapping in a sequence', 'yaml', '- k: 1\n  k: 2\n', 'k', '1:3 and at 2:3'],
    ['YAML quoted and plain', 'yaml', 'a: 1\n"a": 2\n', 'a', '1:1 and at 2:1'],
    ['YAML a number and a string that become the same property', 'yaml', '1: x\n"1": y\n', '1', '1:1 and at 2:1'],
  ];
  it.each(cases)('%s', (_label, format, text, key, positions) => {
    const f = failure(text, format);
    expect(f.message).toBe(`key "${key}" is given twice, at ${positions}`);
    const second = positions.split(' and at ')[1]!.split(':').map(Number);
    expect(f.location).toEqual({ line: second[0], column: second[1] });
    expect(f.hint).toMatch(/the last one would silently win/);
  });
  it.each([
    ['JSON, the same key in sibling objects', 'json', '[{"a": 1}, {"a": 2}]'],
    ['YAML, the same key at different levels', 'yaml', 'a:\n  a: 1\n'],
    ['YAML, a merge key overridden', 'yaml', 'base: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n'],
  ] as const)('%s is not a duplicate', (_label, format, text) => {
    expect(() => parseLocated(text, format)).not.toThrow();
  });
  it('property: any object with one key repeated is refused naming it, in JSON and in YAML', () => {
    const keys = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(keys, fc.nat(), fc.nat(), (names, which, where) => {
        const dup = names[which % names.length]!;
        const order = [...names];
        order.splice(where % (order.length + 1), 0, dup);
        const json = `{${order.map((k, i) => `"${k}": ${i}`).join(', ')}}`;
        const yaml = order.map((k, i) => `${k}: ${i}`).join('\n');
        for (const [text, format] of [[json, 'json'], [yaml, 'yaml']] as const) {
          expect(failure(text, format).message).toMatch(new RegExp(`^key "${dup}" is given twice, at \\d+:\\d+ and at \\d+:\\d+$`));
        }
        expect(parseLocated(`{${names.map((k, i) => `"${k}": ${i}`).join(', ')}}`, 'json').value).toEqual(Object.fromEntries(names.map((k, i) => [k, i])));
      }),
    );
  });
  it('a config file with a duplicate key is a ConfigError naming file, key and both positions', () => {
    const text = JSON.stringify(batchConfig(), null, 2).replace('"pipeline_type"', '"pipeline_name": "Again",\n  "pipeline_type"');
    expect(() => parsePipelineConfig(text, 'pipelines/etl/config.json')).toThrow(
      /^pipelines\/etl\/config\.json:3:3: is not valid JSON: key "pipeline_name" is given twice, at 2:3 and at 3:3 — keep one of them/,
    );
  });
});

describe('a UTF-8 byte order mark is accepted, and positions are those an editor shows', () => {
  it.each([
    ['json', '{"a": [1, oops]}'],
    ['yaml', 'a: [1\nb: 2\n'],
  ] as const)('%s', (format, broken) => {
    expect(parseLocated('\ufeff{"a": 1}', format).value).toEqual({ a: 1 });
    expect(failure(`\ufeff${broken}`, format).location).toEqual(failure(broken, format).location);
    expect(parseLocated('\ufeff{"a":\n {"b": 1}}', format).locate(['a', 'b'])).toEqual({ line: 2, column: 8 });
  });
});

describe('YAML aliases: reuse is fine, an alias bomb is a YAML error', () => {
  const laughs = (levels: number, width: number) => {
    const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
    for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
    return lines.join('\n');
  };
  it.each([
    ['billion laughs', laughs(9, 9)],
    ['a small bomb', laughs(4, 6)],
    ['one alias used very often', `a: &a x\nb: [${Array(500).fill('*a').join(', ')}]`],
  ])('%s is refused, not expanded', (_label, text) => {
    expect(failure(text, 'yaml').message).toMatch(/aliases \(\*name\) expand to more than \d+ copies, as in a "billion laughs" attack/);
  });
  it('an anchor reused a few times is fine', () => {
    expect(parseLocated('defaults: &d {retries: 1}\na: *d\nb: *d\n', 'yaml').value).toEqual({ defaults: { retries: 1 }, a: { retries: 1 }, b: { retries: 1 } });
  });
  it('a second document is refused, not silently dropped', () => {
    expect(failure('a: 1\n---\nb: 2\n', 'yaml')).toMatchObject({ message: expect.stringMatching(/more than one YAML document/), location: { line: 2, column: 1 } });
  });
});

const step = (name: string, stage: number, dependsOn?: string[]): BatchStep => ({ step: name, stage, sql_file: `sql/${name}.sql`, ...(dependsOn ? { depends_on: dependsOn } : {}) });

describe('dependency graphs of any length', () => {
  it.each([3_000, 20_000])('a chain of %i steps, each waiting for the next, resolves without recursion', (n) => {
    const steps = Array.from({ length: n }, (_, i) => step(`s${i}`, 0, i < n - 1 ? [`s${i + 1}`] : undefined));
    const dag = resolveBatchDag(steps);
    expect(dag.problems).toEqual([]);
    expect(dag.steps[0]!.dependsOn).toEqual(['s1']);
  });
  it('a cycle through 3,000 steps is found and named from end to end', () => {
    const n = 3_000;
    const steps = Array.from({ length: n }, (_, i) => step(`s${i}`, 0, [`s${(i + 1) % n}`]));
    const cycle = resolveBatchDag(steps).problems.find((p) => p.message.startsWith('dependency cycle'))!;
    expect(cycle.message.split(' → ')).toHaveLength(n + 1);
  });
  it('property: a cycle is reported exactly when the steps cannot be ordered, and it is a real cycle', () => {
    const graph = fc.integer({ min: 1, max: 10 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 20 })));
    fc.assert(
      fc.property(graph, ([n, edges]) => {
        const deps = Array.from({ length: n }, (_, i) => [...new Set(edges.filter(([a]) => a === i).map(([, b]) => `s${b}`))]);
        const dag = resolveBatchDag(deps.map((d, i) => step(`s${i}`, 0, d)));
        const cycle = dag.problems.find((p) => p.message.startsWith('dependency cycle'));
        expect(Boolean(cycle)).toBe(!canOrder(deps));
        if (!cycle) return;
        const names = cycle.message.replace('dependency cycle: ', '').split(' → ');
        expect(names[0]).toBe(names.at(-1));
        for (let i = 0; i + 1 < names.length; i++) expect(deps[Number(names[i]!.slice(1))]).toContain(names[i + 1]);
      }),
      { numRuns: 500 },
    );
  });
  it('property: without depends_on, a step waits for every step of the nearest earlier stage', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 15 }), (stages) => {
        const steps = stages.map((s, i) => step(`s${i}`, s));
        for (const r of resolveBatchDag(steps).steps) {
          const previous = Math.max(-1, ...stages.filter((s) => s < r.step.stage));
          expect([...r.dependsOn].sort()).toEqual(steps.filter((s) => s.stage === previous).map((s) => s.step).sort());
        }
      }),
    );
  });
});

/** Kahn's algorithm: can the steps run in some order? */
function canOrder(deps: readonly string[][]): boolean {
  const waiting = deps.map((d) => new Set(d));
  const done = new Set<string>();
  for (let progress = true; progress; ) {
    progress = false;
    waiting.forEach((d, i) => {
      if (!done.has(`s${i}`) && [...d].every((x) => done.has(x))) {
        done.add(`s${i}`);
        progress = true;
      }
    });
  }
  return done.size === deps.length;
}

describe('template placeholders are filled without recursion, as the reference fills them', () => {
  const template = (config: unknown): TemplateSource => ({
    id: 't',
    manifest: { title: 'T', description: 'd', version: 1, pipeline_type: 'batch_sql', questions: [] },
    files: new Map([['config.json', JSON.stringify(config)]]),
  });
  const render = (config: unknown, answers: Record<string, string | string[]>) => JSON.parse(renderTemplate(template(config), answers).get('config.json')!) as unknown;

  /** The rule of 005: whole placeholders take the answer (or remove the key), others are text; an emptied object goes. */
  function reference(value: unknown, answers: Record<string, unknown>): unknown {
    if (typeof value === 'string') {
      const whole = /^\{\{(\w+)\}\}$/.exec(value);
      return whole ? answers[whole[1]!] : value.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (answers[k] === undefined ? m : String(answers[k])));
    }
    if (Array.isArray(value)) return value.map((v) => reference(v, answers)).filter((v) => v !== undefined);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value).map(([k, v]) => [k, reference(v, answers)] as const).filter(([, v]) => v !== undefined);
      return Object.keys(value).length > 0 && entries.length === 0 ? undefined : Object.fromEntries(entries);
    }
    return value;
  }

  it('property: any JSON with placeholders anywhere', () => {
    const leaf = fc.constantFrom<unknown>('{{a}}', '{{list}}', '{{missing}}', 'x {{a}} y', 'x {{missing}}', 'plain', 1, true, null);
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie('tree'), { maxKeys: 4 })),
    }));
    const answers = { a: 'A', list: ['p', 'q'] };
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tree, { minKeys: 1, maxKeys: 4 }), (config) => {
        expect(render(config, answers)).toEqual(reference(config, answers) ?? {});
      }),
    );
  });
  it('a template config.json nested 3,000 levels deep is filled (a recursive walk overflows)', () => {
    // Written out: JSON.stringify itself recurses. The loader refuses this depth; renderTemplate must not care.
    const n = 1_500;
    const text = `${'{"k": ['.repeat(n)}"{{a}}"${', "{{missing}}"]}'.repeat(n)}`;
    const files = renderTemplate({ ...template({}), files: new Map([['config.json', text]]) }, { a: 'A' });
    let out = JSON.parse(files.get('config.json')!) as unknown;
    for (let i = 0; i < n; i++) {
      expect((out as { k: unknown[] }).k).toHaveLength(1);
      out = (out as { k: unknown[] }).k[0];
    }
    expect(out).toBe('A');
  });
});

describe(`a job has at most ${MAX_TASKS_PER_JOB} tasks, as Databricks allows`, () => {
  const streaming = (n: number) =>
    streamingConfig({ tasks: Array.from({ length: n }, (_, i) => ({ task_key: `t${i}`, notebook: `notebooks/t${i}.py` })) });
  const batch = (n: number) => batchConfig({ execution_sequence: Array.from({ length: n }, (_, i) => step(`s${i}`, 0, i > 0 ? [`s${i - 1}`] : undefined)) });
  const issuesOf = (config: Record<string, unknown>) => {
    try {
      parsePipelineConfig(JSON.stringify(config, null, 2), 'pipelines/p/config.json');
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.issues;
    }
  };
  it.each([
    ['tasks', streaming],
    ['execution_sequence', batch],
  ] as const)('%s: 1 and 1000 items are fine; 1001 and 3000 are refused naming the limit', (field, make) => {
    for (const n of [1, MAX_TASKS_PER_JOB]) expect(issuesOf(make(n))).toEqual([]);
    for (const n of [MAX_TASKS_PER_JOB + 1, 3_000]) {
      const issues = issuesOf(make(n));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: field, message: `has ${n} items, and Databricks allows at most 1000 tasks per job: split it into several pipelines` });
      expect(issues[0]!.location).toBeDefined();
    }
  });
});
