/**
 * Hostile text, class by class: secrets by the key that holds them and by
 * their shape, references the bundle cannot resolve, workspace URLs that carry
 * more than an address, the tool's own tags, template patterns that would
 * hang, and control characters on their way to a terminal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedTest,
  compilePattern,
  ConfigError,
  credentialKind,
  generateBundle,
  namesASecret,
  parseEnvConfig,
  parsePipelineConfig,
  pipelineReferenceIssues,
  templateManifestSchema,
  terminalSafe,
  validateAnswer,
  type Question,
} from '../../src/core/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchConfig, REPO, repoEnvs, streamingConfig } from '../helpers/fixtures.js';

const envs = repoEnvs();
const PAT = `dapi${'0123456789abcdef'.repeat(2)}`;

function issuesOf(config: Record<string, unknown>): { path: string; message: string; text: string }[] {
  try {
    parsePipelineConfig(JSON.stringify(config, null, 2), 'pipelines/p/config.json');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((i) => ({ path: i.path, message: i.message, text: `${error.message}\n${i.message} ${i.hint ?? ''}` }));
  }
  return [];
}

describe('a key that names a secret holds a reference, wherever a value can go', () => {
  const secretKeys = ['db_password', 'DB_PASS', 'MY_TOKEN', 'spark.hadoop.fs.s3a.secret.key', 'apiKey', 'private_key', 'AccountKey', 'clientSecret', 'sas_token', 'passwd', 'Credentials', 'connection_string'];
  const plainKeys = ['bronze_table', 'window_days', 'passenger_count', 'bypass_cache', 'spark.sql.shuffle.partitions', 'KEY_COLUMNS', 'secretary_name'];

  it('recognises secret names in any case and separator, and leaves other names alone', () => {
    expect(secretKeys.filter((k) => !namesASecret(k))).toEqual([]);
    expect(plainKeys.filter((k) => namesASecret(k))).toEqual([]);
  });

  const places: [string, (k: string, v: string) => Record<string, unknown>, string][] = [
    ['pipeline parameters', (k, v) => batchConfig({ parameters: { [k]: v } }), 'parameters'],
    ['step parameters', (k, v) => batchConfig({ execution_sequence: [{ step: 's', stage: 0, sql_file: 'sql/s.sql', parameters: { [k]: v } }] }), 'execution_sequence[0].parameters'],
    ['streaming task parameters', (k, v) => streamingConfig({ tasks: [{ task_key: 't', notebook: 'n.py', parameters: { [k]: v } }] }), 'tasks[0].parameters'],
    ['spark_conf', (k, v) => streamingConfig({ job_cluster: { spark_conf: { [k]: v } } }), 'job_cluster.spark_conf'],
    ['spark_env_vars', (k, v) => streamingConfig({ job_cluster: { spark_env_vars: { [k.toUpperCase().replace(/[^A-Z0-9_]/g, '_')]: v } } }), 'job_cluster.spark_env_vars'],
  ];

  for (const [place, config, prefix] of places) {
    it(`${place}: a literal is refused naming the field, without the value; a reference passes`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...(prefix.includes('spark') ? secretKeys : secretKeys.filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)))), fc.string({ minLength: 1, maxLength: 30 }).filter((v) => !/^[\w.-]+\/[\w.-]+$/.test(`x${v}`) && !v.includes('{{')), (key, literal) => {
          const issues = issuesOf(config(key, `x${literal}`));
          expect(issues.length).toBeGreaterThan(0);
          expect(issues[0]!.path.startsWith(prefix)).toBe(true);
          expect(issues[0]!.message).toMatch(/names a secret, so its value must be a reference to a Databricks secret/);
          expect(issues[0]!.message).toContain('the value is not shown');
        }),
        { numRuns: 40 },
      );
      expect(issuesOf(config('db_password', '{{secrets/loyalty/db-password}}'))).toEqual([]);
    });
  }

  it('a parameter name that is not a name at all is named, with the rule', () => {
    expect(issuesOf(batchConfig({ parameters: { 'spark.secret.key': 'x' } }))[0]).toMatchObject({ path: 'parameters.spark.secret.key', message: 'is not a valid key here: expected a parameter name' });
  });

  it('parameters also take a secret\'s name, scope/key, for the notebook to read; Spark settings only {{secrets/…}}', () => {
    expect(issuesOf(batchConfig({ parameters: { db_password: 'loyalty/db-password' } }))).toEqual([]);
    expect(issuesOf(streamingConfig({ job_cluster: { spark_conf: { 'fs.s3a.secret.key': 'loyalty/s3' } } }))[0]!.path).toBe('job_cluster.spark_conf.fs.s3a.secret.key');
  });
});

describe('a value shaped like a credential is refused in any field, and never echoed', () => {
  const shapes: [string, string][] = [
    [PAT, 'a Databricks personal access token'],
    [`dose${'a'.repeat(32)}`, 'a Databricks OAuth secret'],
    ['AKIAABCDEFGHIJKLMNOP', 'an AWS access key'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'a private key'],
    [`ghp_${'a1B2'.repeat(9)}`, 'a GitHub token'],
  ];
  it('names the kind', () => {
    for (const [value, kind] of shapes) expect(credentialKind(`x ${value} y`)).toBe(kind);
    expect(credentialKind('an ordinary description of 40 words or so')).toBeUndefined();
  });

  it('anywhere in a pipeline config: the field is named, the value is not in the message', () => {
    const fields: ((v: string) => Record<string, unknown>)[] = [
      (v) => batchConfig({ description: `see ${v}` }),
      (v) => batchConfig({ tags: { owner: v } }),
      (v) => batchConfig({ parameters: { note: v } }),
      (v) => streamingConfig({ kafka_source: { ...(streamingConfig().kafka_source as object), topics: [v] } }),
      (v) => batchConfig({ schedule: { quartz_cron_expression: v, timezone_id: 'UTC' } }),
    ];
    for (const field of fields) {
      for (const [value, kind] of shapes) {
        const issues = issuesOf(field(value));
        expect(issues[0]?.message).toBe(`holds what looks like ${kind}; a config never holds a credential (the value is not shown)`);
        expect(issues.map((i) => i.text).join('\n')).not.toContain(value);
      }
    }
  });

  it('a long random value in the wrong place is described, not echoed', () => {
    const hex = 'a1'.repeat(24);
    const issues = issuesOf(batchConfig({ max_concurrent_runs: hex }));
    expect(issues[0]!.message).toBe('expected number, got a string that looks like a secret (not shown)');
  });
});

describe('workspace URLs are an address and nothing else', () => {
  const dev = readFileSync(join(REPO, 'config', 'dev.yml'), 'utf8');
  const withHost = (host: string) => dev.replace('https://loyalty-dev.cloud.databricks.com', host);
  const issue = (host: string) => {
    try {
      parseEnvConfig(withHost(host), 'config/dev.yml', 'dev');
      return '';
    } catch (error) {
      return (error as ConfigError).message;
    }
  };
  it.each([
    ['https://jane:hunter2@loyalty-dev.cloud.databricks.com', /workspace\.host: holds a user name or token \(the value is not shown\)/],
    [`https://token:${PAT}@loyalty-dev.cloud.databricks.com`, /workspace\.host: holds what looks like a Databricks personal access token/],
    ['"https://loyalty-dev.cloud.databricks.com/x y"', /workspace\.host: /],
    ['https://loyalty-dev.cloud.databricks.com/${var.x}', /workspace\.host: must be one workspace address without spaces, line breaks or "\$\{"/],
    ['https://loyalty-dev.cloud.databricks.com/?o=123', /workspace\.host: must not have a path, query or fragment \(\?o=123\)/],
    ['https://loyalty-dev.cloud.databricks.com/#frag', /workspace\.host: must not have a path, query or fragment \(#frag\)/],
    ['https://loyalty-dev.cloud.databricks.com/api/2.0', /workspace\.host: must not have a path, query or fragment \(\/api\/2\.0\)/],
  ])('%s is refused', (host, message) => {
    const m = issue(host);
    expect(m).toMatch(message);
    expect(m).not.toContain('hunter2');
    expect(m).not.toContain(PAT);
  });
  it('a plain address (with or without the trailing slash) passes', () => {
    expect(issue('https://loyalty-dev.cloud.databricks.com/')).toBe('');
  });
});

describe('${...} references: only what the bundle can resolve', () => {
  const refsIn = (config: Record<string, unknown>) => {
    const parsed = parsePipelineConfig(JSON.stringify(config), 'pipelines/orders/config.json');
    const bundle = generateBundle({ name: 'orders', pipeline: parsed, envs });
    return pipelineReferenceIssues('pipelines/orders', parsed, bundle).map((i) => `${i.path}: ${i.message}`);
  };
  it.each(['${secrets.x.y}', '${bundle.nope}', '${resources.jobs.ghost.id}', '${var.not_declared}', '${workspace.token}'])('%s is refused naming the field', (ref) => {
    expect(refsIn(batchConfig({ parameters: { where: `x ${ref} y` } }))).toEqual([`parameters.where: refers to ${ref}, which the bundle cannot resolve`]);
  });
  it('a "${" that nothing closes is refused too', () => {
    expect(refsIn(batchConfig({ description: 'costs ${5 per run' }))).toEqual(['description: has a "${" that no "}" closes']);
  });
  it('variables, the bundle, the deploying user and this pipeline\'s own job pass', () => {
    const ok = '${var.catalog}.${var.silver_schema} ${bundle.target} ${bundle.name} ${workspace.current_user.short_name} ${resources.jobs.orders.id}';
    expect(refsIn(batchConfig({ parameters: { where: ok }, description: 'uses ${bundle.target}' }))).toEqual([]);
  });
});

describe('the tool\'s own tags', () => {
  it.each(['project', 'pipeline', 'pipeline_type', 'dev', 'deployed_commit', 'deployed_content'])('%s cannot be set by a config', (tag) => {
    expect(issuesOf(batchConfig({ tags: { [tag]: 'mine' } }))[0]).toMatchObject({ path: `tags.${tag}`, message: `"${tag}" is a tag loyalty-wizard sets itself on every job` });
  });
});

describe('template patterns are untrusted', () => {
  const manifest = (pattern: string) => ({ title: 't', description: 'd', pipeline_type: 'batch_sql', questions: [{ key: 'x', prompt: 'x', help: 'h', type: 'text', default: 'a', pattern }] });
  it('a pattern that does not compile is a manifest error naming it', () => {
    const r = templateManifestSchema.safeParse(manifest('(unclosed'));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^is not a valid regular expression: /);
    expect('error' in compilePattern('[z-a]')).toBe(true);
  });

  it('a pattern that would backtrack forever is stopped and reported, not run to the end', () => {
    const question = templateManifestSchema.parse(manifest('^(a+)+$')).questions[0] as Question;
    // Unbounded, this would run for hours and the test would time out.
    expect(validateAnswer(question, `${'a'.repeat(40)}!`)).toBe("the template's pattern for x takes too long on this answer; shorten it, or ask the template's owner to simplify the pattern");
    expect(validateAnswer(question, 'aaaa')).toBeUndefined();
    expect(boundedTest(/^b$/u, 'b')).toBe(true);
  });

  it('answers: never a credential, never half a surrogate pair, never unbounded', () => {
    const question = templateManifestSchema.parse(manifest('^.*$')).questions[0] as Question;
    expect(validateAnswer(question, `token=${PAT}`)).toMatch(/^holds what looks like a Databricks personal access token; answers never hold credentials \(the value is not shown\)/);
    expect(validateAnswer(question, 'a\ud800b')).toBe('holds half of a surrogate pair, which is not a character');
    expect(validateAnswer(question, 'a'.repeat(10_001))).toBe('is longer than 10,000 characters');
  });
});

describe('text on its way to a terminal', () => {
  it('escape sequences, bells, C1 controls and bidi overrides are shown escaped; newlines only where allowed', () => {
    expect(terminalSafe('a\u001b[2Jb\u0007c\u009bd\u202ee\u2028f\n')).toBe('a\\x1b[2Jb\\x07c\\x9bd\\u202ee\\u2028f\\x0a');
    expect(terminalSafe('one\ntwo\ttabs', { multiline: true })).toBe('one\ntwo\ttabs');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/.test(terminalSafe(s))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
