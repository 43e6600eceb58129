import { describe, expect, it } from 'vitest';
import { ConfigError, detectPipelineKind, parseEnvConfig, parsePipelineConfig, parsePipelineDisplayName } from '../../src/core/index.js';
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

describe('parsePipelineDisplayName (status reads only the name)', () => {
  it('is the full check’s pipeline_name, whatever else the config says', () => {
    for (const config of [batchConfig({ pipeline_name: '  Orders ETL ' }), streamingConfig()]) {
      expect(parsePipelineDisplayName(json(config), FILE)).toBe(parsePipelineConfig(json(config), FILE).config.pipeline_name);
    }
    expect(parsePipelineDisplayName(json({ ...batchConfig(), execution_sequence: 'not a list' }), FILE)).toBe(batchConfig().pipeline_name);
  });

  it('a name the full check refuses, or no JSON object: a ConfigError naming the file and field', () => {
    const refused = (text: string) => {
      try {
        parsePipelineDisplayName(text, FILE);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues.map((i) => [i.file, i.path, i.message, i.location?.line]);
      }
      throw new Error('expected a ConfigError');
    };
    // Where it is, as validate says it: the line of pipeline_name.
    expect(refused(json({ ...batchConfig(), pipeline_name: 'Orders ${var.x}' }))[0]).toEqual([FILE, 'pipeline_name', expect.stringContaining('must not contain "${"'), 2]);
    expect(refused(json({ ...batchConfig(), pipeline_name: 'two\nlines' }))[0]![2]).toContain('one line');
    expect(refused(json({ ...batchConfig(), pipeline_name: 7 }))[0]!.slice(0, 2)).toEqual([FILE, 'pipeline_name']);
    expect(refused('[1, 2]')[0]!.slice(0, 2)).toEqual([FILE, 'pipeline_name']);
    expect(refused('{"pipeline_name": ')[0]!.slice(0, 3)).toEqual([FILE, '', expect.stringMatching(/^is not valid JSON: /)]);
    // Nesting past the parser's bound is refused before JSON.parse sees it.
    expect(refused(`{"a": ${'['.repeat(100_000)}`)[0]![2]).toMatch(/^is not valid JSON: nested more than 64 levels deep/);
  });
});

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
    expect(issues[0]!.message).toMatch(/Quartz cron expression has 6 or 7 fields/);
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
    expect(() => parseEnvConfig(bad, 'config/dev.yml', 'dev')).toThrow(/notifications\.on_success: success emails are sent only in production targets/);
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

describe('parseEnvConfig: targets that behave like dev, staging and prod', () => {
  const prodText = readFileSync(join(REPO, 'config/prod.yml'), 'utf8');
  const stagingText = readFileSync(join(REPO, 'config/staging.yml'), 'utf8');
  const devText = readFileSync(join(REPO, 'config/dev.yml'), 'utf8');
  const envIssues = (text: string, env: string) => {
    try {
      parseEnvConfig(text, `config/${env}.yml`, env);
    } catch (error) {
      return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    return [];
  };

  it('the shipped configs are valid', () => {
    expect([envIssues(devText, 'dev'), envIssues(stagingText, 'staging'), envIssues(prodText, 'prod')]).toEqual([[], [], []]);
  });

  it('staging and prod deploy in production mode, dev in development mode', () => {
    expect(envIssues(stagingText.replace(/^mode: production$/m, 'mode: development'), 'staging')[0]).toMatch(/^mode: must be "production" for staging: staging is one shared copy whose schedules run/);
    expect(envIssues(devText.replace(/^mode: development$/m, 'mode: production'), 'dev')).toContain('mode: must be "development" for dev: each developer deploys a copy of their own');
  });

  it('a production root path is one fixed folder, not shared with every user and not a home folder', () => {
    const shared = envIssues(prodText.replace(/root_path: .*/, 'root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}'), 'prod');
    expect(shared).toEqual([expect.stringMatching(/^workspace\.root_path: is under \/Workspace\/Shared, where every workspace user can change the deployed code/)]);
    expect(envIssues(prodText.replace(/root_path: .*/, 'root_path: ~/.bundle/${bundle.name}/${bundle.target}'), 'prod')[0]).toMatch(/must name one fixed folder in production/);
    expect(envIssues(prodText.replace(/root_path: .*/, 'root_path: /Workspace/Users/${workspace.current_user.userName}/.bundle/${bundle.name}'), 'prod')[0]).toMatch(/must name one fixed folder/);
    expect(envIssues(prodText.replace(/root_path: .*/, 'root_path: /Workspace/Users/sp/.bundle/all'), 'prod')[0]).toMatch(/must contain \$\{bundle\.name\}/);
  });

  it('prod needs run_as and monitoring; run_as and git are for production targets only', () => {
    const noRunAs = prodText.replace(/run_as:\n {2}service_principal_name: .*\n/, '');
    expect(envIssues(noRunAs, 'prod')).toEqual([expect.stringMatching(/^run_as: is required in prod, so jobs run as a service principal/)]);
    const noMonitoring = prodText.replace(/monitoring:\n( {2}.*\n)+/, '');
    expect(envIssues(noMonitoring, 'prod')).toEqual([expect.stringMatching(/^monitoring: is required in prod/)]);
    const both = prodText.replace('service_principal_name: 00000000-0000-0000-0000-000000000002', 'service_principal_name: 00000000-0000-0000-0000-000000000002\n  user_name: a@example.com');
    expect(envIssues(both, 'prod')).toEqual(['run_as: must name exactly one identity']);
    const devRunAs = `${devText}run_as:\n  user_name: a@example.com\ngit:\n  branch: main\n`;
    expect(envIssues(devRunAs, 'dev')).toEqual([
      'run_as: is for production targets: a development copy runs as its developer',
      'git: is for production targets: developers deploy from any branch',
    ]);
    expect(envIssues(prodText.replace('gold: gold_db', 'gold: gold_db\n  per_user_schemas: true'), 'prod')).toEqual(['catalog.per_user_schemas: is for development: a production target has one shared copy of the data']);
  });

  it('permissions: users, groups and service principals, every job level, one owner that is not a group', () => {
    const grants = (lines: string) => devText.replace(/permissions:\n(.*\n?)+$/, `permissions:\n${lines}`);
    const ok = grants('  - user_name: someone@example.com\n    level: CAN_MANAGE\n  - service_principal_name: 0a1b\n    level: IS_OWNER\n  - group_name: Data Engineers\n    level: CAN_MANAGE_RUN\n');
    expect(envIssues(ok, 'dev')).toEqual([]);
    expect(parseEnvConfig(ok, 'config/dev.yml', 'dev').permissions[2]).toEqual({ group_name: 'Data Engineers', level: 'CAN_MANAGE_RUN' });
    const bad = grants(
      '  - group_name: admins\n    level: IS_OWNER\n  - user_name: a@example.com\n    level: IS_OWNER\n  - user_name: a@example.com\n    group_name: x\n    level: CAN_VIEW\n  - user_name: a@example.com\n    level: CAN_VIEW\n',
    );
    expect(envIssues(bad, 'dev')).toEqual([
      'permissions[0].level: a group cannot own a job',
      'permissions[1].level: a job has one owner; permissions[0] is IS_OWNER already',
      'permissions[2]: must name exactly one of user_name, group_name, service_principal_name',
      'permissions[3]: grants a@example.com a second time (also permissions[1])',
    ]);
    expect(envIssues(grants('  - group_name: x\n    level: CAN_RUN\n'), 'dev')[0]).toMatch(/^permissions\[0\]\.level: /);
  });

  it('the node type belongs to the cloud of the workspace', () => {
    const azure = devText.replace('https://loyalty-dev.cloud.databricks.com', 'https://adb-1234567890123456.7.azuredatabricks.net');
    expect(envIssues(azure, 'dev')).toEqual([
      'cluster.node_type_id: "i3.xlarge" is a node type of AWS, but https://adb-1234567890123456.7.azuredatabricks.net is a workspace on AZURE',
    ]);
    expect(envIssues(azure.replace('node_type_id: i3.xlarge', 'node_type_id: Standard_D4ds_v5'), 'dev')).toEqual([]);
    const gcp = devText.replace('https://loyalty-dev.cloud.databricks.com', 'https://1234567890123456.7.gcp.databricks.com').replace('node_type_id: i3.xlarge', 'node_type_id: n2-highmem-4');
    expect(envIssues(gcp, 'dev')).toEqual([]);
    expect(envIssues(devText.replace('https://loyalty-dev.cloud.databricks.com', 'https://dbc.example.com'), 'dev')).toEqual([]);
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
      'parameters.catalog: "catalog" is a parameter loyalty-wizard sets itself (from config/<env>.yml and the pipeline config)',
      'execution_sequence[0].parameters.step: "step" is a parameter loyalty-wizard sets itself (from config/<env>.yml and the pipeline config)',
    ]);
    expect(issues[0]!.location?.line).toBeGreaterThan(1);
  });
});

