import { describe, expect, it } from 'vitest';
import { ConfigError, detectPipelineKind, parseEnvConfig, parsePipelineConfig } from '../../src/core/index.js';
import { batchConfig, streamingConfig } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/fixtures.js';

const FILE = 'pipelines/orders/config.json';

function issuesOf(text: string) {
  try {
    parsePipelineConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

describe('detectPipelineKind', () => {
  it('tasks means streaming, execution_sequence means batch', () => {
    expect(detectPipelineKind({ tasks: [] })).toEqual({ kind: 'streaming' });
    expect(detectPipelineKind({ execution_sequence: [] })).toEqual({ kind: 'batch' });
  });
  it('both keys: says to keep one of them', () => {
    const d = detectPipelineKind({ tasks: [], execution_sequence: [] });
    expect('issue' in d && d.issue.hint).toMatch(/"tasks" for a streaming.*"execution_sequence" for a batch/);
  });
  it('neither key: says which key to add', () => {
    const d = detectPipelineKind({ pipeline_name: 'x' });
    expect('issue' in d && d.issue.message).toBe('has neither "tasks" nor "execution_sequence"');
  });
  it('not an object', () => {
    expect('issue' in detectPipelineKind([1, 2])).toBe(true);
  });
});

describe('parsePipelineConfig', () => {
  it('accepts a streaming config and fills defaults', () => {
    const p = parsePipelineConfig(json(streamingConfig()), FILE);
    expect(p.kind).toBe('streaming');
    if (p.kind !== 'streaming') throw new Error();
    expect(p.config.continuous).toBe(true);
    expect(p.config.tags).toEqual({});
  });

  it('accepts a batch config', () => {
    expect(parsePipelineConfig(json(batchConfig()), FILE).kind).toBe('batch');
  });

  it('unknown key: names file, path, line:column and suggests the right key', () => {
    const cfg = streamingConfig();
    (cfg.kafka_source as Record<string, unknown>).topic = ['x'];
    const [issue] = issuesOf(json(cfg));
    expect(issue).toMatchObject({ file: FILE, path: 'kafka_source.topic', message: 'unknown key "topic"', hint: 'did you mean "topics"?' });
    const line = json(cfg).split('\n').findIndex((l) => l.includes('"topic":')) + 1;
    expect(issue!.location).toEqual({ line, column: 5 });
  });

  it('unknown top-level key far from any real one lists the allowed keys', () => {
    const [issue] = issuesOf(json(streamingConfig({ zzzzzzzz: 1 })));
    expect(issue!.path).toBe('zzzzzzzz');
    expect(issue!.hint).toMatch(/^allowed here: .*pipeline_name/);
  });

  it('literal bootstrap servers: refused with the secret reference form', () => {
    const cfg = streamingConfig();
    (cfg.kafka_source as Record<string, unknown>).bootstrap_servers = 'broker1:9092,broker2:9092';
    const [issue] = issuesOf(json(cfg));
    expect(issue!.path).toBe('kafka_source.bootstrap_servers');
    expect(issue!.message).toContain('a literal Kafka bootstrap server list is not allowed');
    expect(issue!.message).toContain('{"secret_scope": "loyalty-kafka", "secret_key": "bootstrap-servers"}');
  });

  it('literal Postgres password: refused', () => {
    const cfg = streamingConfig({
      pipeline_type: 'streaming_to_postgres',
      target: {
        type: 'postgres', instance: 'loyalty-lakebase', database: 'db', schema: 'gold_db', table: 't',
        user: { secret_scope: 's', secret_key: 'u' }, password: 'hunter2',
      },
    });
    const [issue] = issuesOf(json(cfg));
    expect(issue!.path).toBe('target.password');
    expect(issue!.message).toMatch(/literal Postgres password is not allowed/);
  });

  it('a display name with ${ is rejected (the CLI would interpolate it)', () => {
    const [issue] = issuesOf(json(streamingConfig({ pipeline_name: 'Costs in ${var.currency}' })));
    expect(issue!.path).toBe('pipeline_name');
    expect(issue!.message).toMatch(/must not contain "\$\{"/);
  });

  it('broken JSON: line and column, no stack', () => {
    const text = '{\n  "pipeline_name": "x",\n  "tasks": [,]\n}\n';
    const [issue] = issuesOf(text);
    expect(issue!.message).toMatch(/^is not valid JSON/);
    expect(issue!.location).toEqual({ line: 3, column: 13 });
  });

  it('both tasks and execution_sequence', () => {
    const [issue] = issuesOf(json({ ...streamingConfig(), execution_sequence: [] }));
    expect(issue!.path).toBe('execution_sequence');
  });

  it('target type must match pipeline_type', () => {
    const [issue] = issuesOf(json(streamingConfig({ pipeline_type: 'streaming_to_postgres' })));
    expect(issue).toMatchObject({ path: 'target.type', message: 'is "delta" but pipeline_type is "streaming_to_postgres"' });
  });

  it('SASL without credentials', () => {
    const cfg = streamingConfig();
    (cfg.kafka_source as Record<string, unknown>).security_protocol = 'SASL_SSL';
    const [issue] = issuesOf(json(cfg));
    expect(issue!.path).toBe('kafka_source.sasl_username');
  });

  it('continuous job with a schedule', () => {
    const [issue] = issuesOf(json(streamingConfig({ schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC' } })));
    expect(issue!.message).toBe('a continuous job cannot also have a schedule');
  });

  it('duplicate task keys', () => {
    const t = { task_key: 'a', notebook: 'notebooks/a.py' };
    const [issue] = issuesOf(json(streamingConfig({ tasks: [t, t] })));
    expect(issue).toMatchObject({ path: 'tasks[1].task_key', message: 'duplicate task_key "a" (also tasks[0])' });
  });

  it('notebook path escaping the folder', () => {
    const [issue] = issuesOf(json(streamingConfig({ tasks: [{ task_key: 'a', notebook: '../other/a.py' }] })));
    expect(issue!.path).toBe('tasks[0].notebook');
    expect(issue!.message).toMatch(/inside it/);
  });

  it('bad cron and time zone', () => {
    const issues = issuesOf(json(batchConfig({ schedule: { quartz_cron_expression: '0 2 * * *', timezone_id: 'Mars/Base' } })));
    expect(issues.map((i) => i.path)).toEqual(['schedule.quartz_cron_expression', 'schedule.timezone_id']);
    expect(issues[0]!.message).toMatch(/Quartz cron expression with 6 or 7 fields/);
  });

  it('batch: duplicate steps, unknown dependencies and cycles name the steps', () => {
    const seq = [
      { step: 'a', stage: 0, sql_file: 'sql/a.sql', depends_on: ['c'] },
      { step: 'b', stage: 1, sql_file: 'sql/b.sql', depends_on: ['a', 'nope'] },
      { step: 'c', stage: 2, sql_file: 'sql/c.sql', depends_on: ['b'] },
      { step: 'c', stage: 2, sql_file: 'sql/c2.sql' },
    ];
    const messages = issuesOf(json(batchConfig({ execution_sequence: seq }))).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain('execution_sequence[3].step: duplicate step "c" (also execution_sequence[2])');
    expect(messages).toContain('execution_sequence[1].depends_on: step "b" depends on unknown step "nope"');
    expect(messages.some((m) => /dependency cycle: a → c → b → a/.test(m))).toBe(true);
  });

  it('batch step with neither sql_file nor notebook', () => {
    const [issue] = issuesOf(json(batchConfig({ execution_sequence: [{ step: 'a', stage: 0 }] })));
    expect(issue).toMatchObject({ path: 'execution_sequence[0].sql_file', message: 'step "a" needs "sql_file" or "notebook"' });
  });

  it('wrong type reports expected and got', () => {
    const [issue] = issuesOf(json(streamingConfig({ tasks: 'oops' })));
    expect(issue).toMatchObject({ path: 'tasks', message: 'expected array, got the string "oops"' });
  });
});

describe('parseEnvConfig', () => {
  const text = readFileSync(join(REPO, 'config/dev.yml'), 'utf8');

  it('accepts the shipped dev config', () => {
    expect(parseEnvConfig(text, 'config/dev.yml', 'dev').catalog.name).toBe('loyalty_dev');
  });

  it('environment must match the file name', () => {
    const line = text.split('\n').findIndex((l) => l.startsWith('environment:')) + 1;
    expect(() => parseEnvConfig(text, 'config/staging.yml', 'staging')).toThrow(
      `config/staging.yml:${line}:14: environment: is "dev" but the file is staging.yml — set environment: staging`,
    );
  });

  it('success emails outside prod are refused', () => {
    const bad = text.replace('on_failure:', 'on_success:\n    - a@example.com\n  on_failure:');
    expect(() => parseEnvConfig(bad, 'config/dev.yml', 'dev')).toThrow(/notifications\.on_success: success emails are sent only in prod/);
  });

  it('broken YAML names the line, once', () => {
    expect(() => parseEnvConfig('environment: dev\n  mode: [x\n', 'config/dev.yml', 'dev')).toThrow(/^config\/dev\.yml:\d+:\d+: is not valid YAML/);
    expect(() => parseEnvConfig('environment: dev\nworkspace: [x\n', 'config/dev.yml', 'dev')).toThrow(/^config\/dev\.yml:3:1: is not valid YAML: Flow sequence[^\n]*with a \] — /);
  });

  it('a typo in a key suggests the real key', () => {
    const bad = text.replace('num_workers: 2', 'num_worker: 2');
    expect(() => parseEnvConfig(bad, 'config/dev.yml', 'dev')).toThrow(/cluster\.num_worker: unknown key "num_worker" — did you mean "num_workers"\?/);
  });

  it('development root_path must be per user', () => {
    const bad = text.replace('root_path: ~/.bundle', 'root_path: /Workspace/Shared/.bundle');
    expect(() => parseEnvConfig(bad, 'config/dev.yml', 'dev')).toThrow(/workspace\.root_path: must start with ~\//);
  });
});

describe('parameters the generator sets itself', () => {
  it('may not be overridden by a step or by the pipeline, and the issue names where', () => {
    const issues = issuesOf(
      json(
        batchConfig({
          parameters: { catalog: 'other', bronze_table: 'events_bronze' },
          execution_sequence: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql', parameters: { step: 'x', window: '1' } }],
        }),
      ),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'parameters.catalog: "catalog" is set by loyalty-wizard itself (from config/<env>.yml and the pipeline config)',
      'execution_sequence[0].parameters.step: "step" is set by loyalty-wizard itself (from config/<env>.yml and the pipeline config)',
    ]);
    expect(issues[0]!.location?.line).toBeGreaterThan(1);
  });
});

