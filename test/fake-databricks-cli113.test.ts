import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BIN_DIR as BIN_DIR, loadFake, runFakeCli } from './helpers/fake-databricks.js';
import { dig, parseJson } from './helpers/json.js';

/**
 * The fake `databricks` CLI against the rules of the real CLI v1.13 that the product depends on: job
 * parameters of `bundle run`, the shared-root and single-node warnings, run_as, target overrides and
 * permissions, development mode, `bundle deployment bind/unbind`, `warehouses get` and the Git branch check.
 * Each expectation names the CLI source (databricks/cli @ v1.13) it was taken from.
 */

const HOST = 'https://dev.cloud.databricks.com';
const PROD_HOST = 'https://prod.cloud.databricks.com';

const BASE_YML = `bundle:
  name: demo

variables:
  bronze_schema:
    default: bronze

resources:
  jobs:
    with_params:
      name: With params
      parameters:
        - name: catalog
          default: main
        - name: schema
          default: \${var.bronze_schema}
      tasks:
        - task_key: t
          notebook_task:
            notebook_path: ./nb.py
    no_params:
      name: No params
      tasks:
        - task_key: t
          notebook_task:
            notebook_path: ./nb.py

targets:
  dev:
    mode: development
    default: true
    workspace:
      host: ${HOST}
  prod:
    mode: production
    workspace:
      host: ${PROD_HOST}
      root_path: /Workspace/Users/someone@example.com/.bundle/\${bundle.name}/\${bundle.target}
`;

const CONFIG = `[dev-ws]
host = ${HOST}
token = dapi-dev

[prod-ws]
host = ${PROD_HOST}
token = dapi-prod
`;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}


let sandbox: string;
let bundleDir: string;
let configPath: string;

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(DATABRICKS_|FAKE_DATABRICKS_|BUNDLE_VAR_)/.test(k)) e[k] = v;
  e.PATH = `${BIN_DIR}${delimiter}${process.env.PATH ?? ''}`;
  e.HOME = join(sandbox, 'home');
  e.DATABRICKS_CONFIG_FILE = configPath;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  return e;
}

/** In-process unless the call is about the process (delays, signals, grandchildren): see helpers/fake-databricks.ts. */
function run(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): Result {
  const { code, stdout, stderr } = runFakeCli(args, opts.cwd ?? bundleDir, env(opts.env));
  return { code, stdout, stderr };
}

beforeAll(loadFake);

const writeBundle = (yml: string): void => writeFileSync(join(bundleDir, 'databricks.yml'), yml);
const validateJson = (args: string[] = [], e: Record<string, string> = {}): unknown => parseJson(run(['bundle', 'validate', '-o', 'json', ...args], { env: e }).stdout);
const stateOf = (target = 'dev', name = 'demo'): unknown => parseJson(readFileSync(join(bundleDir, '.databricks', 'fake-state', name, target, 'state.json'), 'utf8'));
const jobId = (key: string, args: string[] = []): string => String(dig(parseJson(run(['bundle', 'summary', '-o', 'json', ...args]).stdout), 'resources', 'jobs', key, 'id'));
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'fake-databricks-113-'));
  bundleDir = join(sandbox, 'bundle');
  configPath = join(sandbox, 'databrickscfg');
  mkdirSync(bundleDir, { recursive: true });
  mkdirSync(join(sandbox, 'home'));
  writeFileSync(join(bundleDir, 'nb.py'), '# Databricks notebook source\nprint(1)\n');
  writeFileSync(configPath, CONFIG);
  writeBundle(BASE_YML);
});

afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

describe('fake databricks v1.13: bundle run and job parameters (bundle/run/job_options.go)', () => {
  it('refuses --params for a job without job-level parameters, after the job ID check', () => {
    const before = run(['bundle', 'run', 'no_params', '--params', 'a=1']);
    expect(before.stderr).toBe("Error: resource not found or not yet deployed. Did you forget to run 'databricks bundle deploy'?\n\n");
    expect(run(['bundle', 'deploy']).code).toBe(0);
    const r = run(['bundle', 'run', 'no_params', '--params', 'a=1,b=2']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'Error: the job to run does not define job parameters; specifying job parameters is not allowed\n']);
    // Nothing ran.
    expect(dig(stateOf(), 'run_history')).toBeUndefined();
  });

  it('refuses task-parameter flags for a job that defines job parameters', () => {
    run(['bundle', 'deploy']);
    for (const flag of ['--notebook-params', '--sql-params', '--python-named-params']) {
      const r = run(['bundle', 'run', 'with_params', flag, 'x=1']);
      expect([r.code, r.stderr]).toEqual([1, 'Error: the job to run defines job parameters; specifying task parameters is not allowed\n']);
    }
    for (const flag of ['--python-params', '--jar-params', '--spark-submit-params', '--dbt-commands']) {
      expect(run(['bundle', 'run', 'with_params', flag, 'x']).stderr).toBe('Error: the job to run defines job parameters; specifying task parameters is not allowed\n');
    }
    // Task parameters on a job without job parameters are fine.
    expect(run(['bundle', 'run', 'no_params', '--notebook-params', 'x=1', '--no-wait']).code).toBe(0);
  });

  it('records the effective job parameters: declared defaults, --params on top, undeclared keys passed through', () => {
    run(['bundle', 'deploy']);
    const id = jobId('with_params');
    const r = run(['bundle', 'run', 'with_params', '--params', 'schema=silver,extra=1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout)).toEqual({ task_outputs: [] });
    expect(r.stderr).toMatch(new RegExp(`^Run URL: ${escape(HOST)}/jobs/${id}/runs/\\d+\\?o=900800700600\\n`));
    const history = dig(stateOf(), 'run_history') as unknown[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      job_id: Number(id),
      job_key: 'with_params',
      job_parameters: [
        { default: 'main', name: 'catalog', value: 'main' },
        { name: 'extra', value: '1' },
        { default: 'bronze', name: 'schema', value: 'silver' },
      ],
    });
    // A second run without --params gets the defaults; --debug shows the run-now request.
    const debug = run(['bundle', 'run', 'with_params', '--no-wait', '--debug']);
    expect(debug.stderr).toContain(`DEBUG POST /api/2.2/jobs/run-now > {"job_id":${id}}\n`);
    expect(dig(stateOf(), 'run_history', 1, 'job_parameters')).toEqual([
      { default: 'main', name: 'catalog', value: 'main' },
      { default: 'bronze', name: 'schema', value: 'bronze' },
    ]);
  });

  it('merges repeated --params flags, a single pair keeps its commas, and `-- --key=value` adds job parameters', () => {
    run(['bundle', 'deploy']);
    expect(run(['bundle', 'run', 'with_params', '--no-wait', '--params', 'catalog=a,b', '--params', 'schema=s', '--', '--catalog=c']).code).toBe(0);
    expect(dig(stateOf(), 'run_history', 0, 'job_parameters')).toEqual([
      { default: 'main', name: 'catalog', value: 'c' },
      { default: 'bronze', name: 'schema', value: 's' },
    ]);
    expect(run(['bundle', 'run', 'with_params', '--no-wait', '--params', 'catalog=a,b']).code).toBe(0);
    expect(dig(stateOf(), 'run_history', 1, 'job_parameters', 0)).toEqual({ default: 'main', name: 'catalog', value: 'a,b' });
    // Notebook-only job: positional key/values become notebook parameters.
    expect(run(['bundle', 'run', 'no_params', '--no-wait', '--', '--day', 'monday']).code).toBe(0);
    expect(dig(stateOf(), 'run_history', 2, 'overriding_parameters')).toEqual({ notebook_params: { day: 'monday' } });
    expect(run(['bundle', 'run', 'with_params', '--', 'stray']).stderr).toBe('Error: received 1 unexpected positional arguments\n');
  });

  it('rejects a malformed --params value and an --only task the job does not have', () => {
    run(['bundle', 'deploy']);
    expect(run(['bundle', 'run', 'with_params', '--params', 'oops']).stderr).toBe('Error: invalid argument "oops" for "--params" flag: oops must be formatted as key=value\n');
    expect(run(['bundle', 'run', 'with_params', '--only', 'nope']).stderr).toBe('Error: task "nope" not found in job "[dev someone] With params"\n');
    expect(run(['bundle', 'run', 'with_params', '--only', 't', '--no-wait']).code).toBe(0);
  });
});

const SHARED_SUMMARY = 'Warning: the bundle root path /Workspace/Shared/demo/prod is writable by all workspace users\n';
const SHARED_DETAIL =
  "The bundle is configured to use /Workspace/Shared, which will give read/write access to all users. If this is intentional, add CAN_MANAGE for 'group_name: users' permission to your bundle configuration. If the deployment should be restricted, move it to a restricted folder such as /Workspace/Users/<username or principal name>.\n";
const SHARED_WARNING = `${SHARED_SUMMARY}\n${SHARED_DETAIL}\n`;
const SHARED_YML = BASE_YML.replace('root_path: /Workspace/Users/someone@example.com/.bundle/${bundle.name}/${bundle.target}', 'root_path: /Shared/${bundle.name}/${bundle.target}');

describe('fake databricks v1.13: shared root path warning (bundle/permissions/validate.go)', () => {
  it('is printed by every command that initializes the bundle: validate, plan, deploy, summary, run, unbind, destroy', () => {
    writeBundle(SHARED_YML);
    const validate = run(['bundle', 'validate', '-t', 'prod']);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toBe(SHARED_WARNING);
    expect(validate.stdout).toMatch(/\nFound 1 warning\n$/);
    const commands = [
      ['bundle', 'plan'],
      ['bundle', 'deploy'],
      ['bundle', 'summary'],
      ['bundle', 'run', 'no_params', '--no-wait'],
      ['bundle', 'deployment', 'unbind', 'with_params'],
      ['bundle', 'destroy', '--auto-approve'],
    ];
    for (const args of commands) {
      const r = run([...args, '-t', 'prod']);
      expect(r.code).toBe(0);
      expect(r.stderr.startsWith(SHARED_WARNING)).toBe(true);
    }
    // Other targets are not affected.
    expect(run(['bundle', 'validate']).stderr).toBe('');
  });

  it('is silenced by top-level or target permissions that give group users CAN_MANAGE', () => {
    const withUsers = (where: 'top' | 'target'): string =>
      where === 'top'
        ? SHARED_YML.replace('resources:\n', 'permissions:\n  - group_name: users\n    level: CAN_MANAGE\n\nresources:\n')
        : SHARED_YML.replace('  prod:\n    mode: production\n', '  prod:\n    mode: production\n    permissions:\n      - group_name: users\n        level: CAN_MANAGE\n');
    for (const where of ['top', 'target'] as const) {
      writeBundle(withUsers(where));
      const r = run(['bundle', 'validate', '-t', 'prod', '--strict']);
      expect(r.stderr).not.toContain('writable by all workspace users');
      expect(r.code).toBe(0);
    }
    // CAN_VIEW for users, or CAN_MANAGE for another group, does not count.
    writeBundle(withUsers('top').replace('level: CAN_MANAGE', 'level: CAN_VIEW'));
    expect(run(['bundle', 'validate', '-t', 'prod']).stderr).toContain(SHARED_WARNING);
    writeBundle(withUsers('top').replace('group_name: users', 'group_name: admins'));
    expect(run(['bundle', 'validate', '-t', 'prod']).stderr).toContain(SHARED_WARNING);
  });

  it('makes validate --strict fail after the summary, as a returned error', () => {
    writeBundle(SHARED_YML);
    const r = run(['bundle', 'validate', '-t', 'prod', '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nFound 1 warning\n$/);
    expect(r.stderr).toBe(`${SHARED_WARNING}Error: 1 warning was found. Warnings are not allowed in strict mode\n`);
    const json = run(['bundle', 'validate', '-t', 'prod', '--strict', '-o', 'json']);
    expect(json.code).toBe(1);
    expect(dig(parseJson(json.stdout), 'workspace', 'root_path')).toBe('/Workspace/Shared/demo/prod');
    expect(run(['bundle', 'validate', '-t', 'prod']).code).toBe(0);
  });
});

const SINGLE_NODE_DETAIL = `num_workers should be 0 only for single-node clusters. To create a
valid single node cluster please ensure that the following properties
are correctly set in the cluster specification:

  spark_conf:
    spark.databricks.cluster.profile: singleNode
    spark.master: local[*]

  custom_tags:
    ResourceClass: SingleNode
  `;

function clusterYml(cluster: string, taskCluster = ''): string {
  return `bundle:
  name: demo

resources:
  jobs:
    job:
      name: job
      job_clusters:
        - job_cluster_key: main
          new_cluster:
${cluster}
      tasks:
        - task_key: t
          job_cluster_key: main
          notebook_task:
            notebook_path: ./nb.py
${taskCluster}
targets:
  dev:
    default: true
    workspace:
      host: ${HOST}
`;
}

describe('fake databricks v1.13: single node cluster warning (bundle/config/validate/single_node_cluster.go)', () => {
  it('warns for num_workers: 0 without the single-node settings, with path and location', () => {
    writeBundle(clusterYml('            spark_version: 15.4.x-scala2.12\n            num_workers: 0'));
    const r = run(['bundle', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Warning: Single node cluster is not correctly configured\n  at resources.jobs.job.job_clusters[0].new_cluster\n  in databricks.yml:11:13\n\n' + SINGLE_NODE_DETAIL + '\n\n',
    );
    expect(r.stdout).toMatch(/\nFound 1 warning\n$/);
    expect(run(['bundle', 'validate', '--strict']).code).toBe(1);
  });

  it('is satisfied by is_single_node, a policy_id, or the singleNode spark_conf plus the ResourceClass tag', () => {
    const ok = [
      '            num_workers: 0\n            is_single_node: true',
      '            num_workers: 0\n            policy_id: ABC123',
      '            num_workers: 0\n            spark_conf:\n              spark.databricks.cluster.profile: singleNode\n              spark.master: "local[*]"\n            custom_tags:\n              ResourceClass: SingleNode',
      '            num_workers: 2',
      '            autoscale:\n              min_workers: 1\n              max_workers: 2',
    ];
    for (const c of ok) {
      writeBundle(clusterYml(c));
      expect(run(['bundle', 'validate']).stderr).toBe('');
    }
    const bad = [
      // tag missing
      '            num_workers: 0\n            spark_conf:\n              spark.databricks.cluster.profile: singleNode\n              spark.master: "local[*]"',
      // wrong master
      '            num_workers: 0\n            spark_conf:\n              spark.databricks.cluster.profile: singleNode\n              spark.master: "yarn"\n            custom_tags:\n              ResourceClass: SingleNode',
      // is_single_node false
      '            num_workers: 0\n            is_single_node: false',
    ];
    for (const c of bad) {
      writeBundle(clusterYml(c));
      expect(run(['bundle', 'validate']).stderr).toContain('Warning: Single node cluster is not correctly configured\n');
    }
  });

  it('checks task clusters too, and resolves variables before checking', () => {
    const task = '          new_cluster:\n            num_workers: ${var.workers}\n';
    writeBundle(clusterYml('            num_workers: 1', task).replace('resources:\n', 'variables:\n  workers:\n    default: 0\n\nresources:\n'));
    const r = run(['bundle', 'validate']);
    expect(r.stderr).toMatch(/^Warning: Single node cluster is not correctly configured\n {2}at resources\.jobs\.job\.tasks\[0\]\.new_cluster\n {2}in databricks\.yml:\d+:13\n/);
  });
});

describe('fake databricks v1.13: run_as (bundle/config/mutator/resourcemutator/run_as.go)', () => {
  const withRunAs = (block: string): string => BASE_YML.replace('resources:\n', `${block}\nresources:\n`);

  it('copies the top-level run_as into every job that has none', () => {
    writeBundle(
      withRunAs('run_as:\n  service_principal_name: 11111111-2222-3333-4444-555555555555\n').replace(
        '    no_params:\n      name: No params\n',
        '    no_params:\n      name: No params\n      run_as:\n        user_name: own@example.com\n',
      ),
    );
    const v = validateJson();
    expect(dig(v, 'run_as')).toEqual({ service_principal_name: '11111111-2222-3333-4444-555555555555' });
    expect(dig(v, 'resources', 'jobs', 'with_params', 'run_as')).toEqual({ service_principal_name: '11111111-2222-3333-4444-555555555555' });
    expect(dig(v, 'resources', 'jobs', 'no_params', 'run_as')).toEqual({ user_name: 'own@example.com' });
    const summary = parseJson(run(['bundle', 'summary', '-o', 'json']).stdout);
    expect(dig(summary, 'resources', 'jobs', 'with_params', 'run_as')).toEqual({ service_principal_name: '11111111-2222-3333-4444-555555555555' });
  });

  it('takes a target run_as over the top-level one (replaced, not merged)', () => {
    writeBundle(withRunAs('run_as:\n  user_name: top@example.com\n').replace('  prod:\n    mode: production\n', '  prod:\n    mode: production\n    run_as:\n      service_principal_name: sp-app-id\n'));
    const v = validateJson(['-t', 'prod']);
    expect(dig(v, 'run_as')).toEqual({ service_principal_name: 'sp-app-id' });
    expect(dig(v, 'resources', 'jobs', 'with_params', 'run_as')).toEqual({ service_principal_name: 'sp-app-id' });
    expect(dig(validateJson(), 'resources', 'jobs', 'with_params', 'run_as')).toEqual({ user_name: 'top@example.com' });
  });

  it('fails when run_as names neither identity, or both', () => {
    writeBundle(withRunAs('run_as: {}\n'));
    const empty = run(['bundle', 'validate']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe('Error: run_as section must specify exactly one identity. Neither service_principal_name nor user_name is specified\n  in databricks.yml:8:9\n\n');
    writeBundle(withRunAs('run_as:\n  user_name: ""\n'));
    expect(run(['bundle', 'validate']).stderr).toBe(
      'Error: run_as section must specify exactly one identity. Neither service_principal_name nor user_name is specified\n  in databricks.yml:9:3\n\n',
    );
    writeBundle(withRunAs('run_as:\n  service_principal_name: sp\n  user_name: u@example.com\n'));
    const both = run(['bundle', 'validate']);
    expect([both.code, both.stderr]).toEqual([1, 'Error: run_as section cannot specify both user_name and service_principal_name\n  in databricks.yml:9:3\n\n']);
    expect(both.stdout).toMatch(/\n\nFound 1 error\n$/);
    expect(run(['bundle', 'deploy']).code).toBe(1);
    // `run_as:` with no value is no run_as at all.
    writeBundle(withRunAs('run_as:\n'));
    expect(run(['bundle', 'validate']).code).toBe(0);
  });

  it('turns the production root_path error into a recommendation when every job has run_as', () => {
    const noRoot = BASE_YML.replace('      root_path: /Workspace/Users/someone@example.com/.bundle/${bundle.name}/${bundle.target}\n', '');
    expect(run(['bundle', 'validate', '-t', 'prod']).code).toBe(0);
    writeBundle(noRoot);
    expect(run(['bundle', 'validate', '-t', 'prod']).stderr).toMatch(/^Error: target with 'mode: production' must set 'workspace\.root_path'/);
    writeBundle(noRoot.replace('resources:\n', 'run_as:\n  user_name: someone@example.com\n\nresources:\n'));
    const r = run(['bundle', 'validate', '-t', 'prod']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Recommendation: target with 'mode: production' should set 'workspace\.root_path' to make sure only one copy is deployed\n\n/);
  });
});

const OVERRIDE_YML = `bundle:
  name: demo

resources:
  jobs:
    etl:
      name: etl
      max_concurrent_runs: 2
      parameters:
        - name: catalog
          default: main
        - name: schema
          default: bronze
      job_clusters:
        - job_cluster_key: main
          new_cluster:
            spark_version: 15.4.x-scala2.12
            node_type_id: i3.xlarge
            num_workers: 1
      tasks:
        - task_key: zeta
          job_cluster_key: main
          notebook_task:
            notebook_path: ./nb.py
        - task_key: alpha
          job_cluster_key: main
          notebook_task:
            notebook_path: ./nb.py
            base_parameters:
              a: "1"

targets:
  prod:
    default: true
    mode: production
    git:
      branch: main
    workspace:
      host: ${HOST}
      root_path: /Workspace/Users/someone@example.com/.bundle/demo/prod
    permissions:
      - group_name: data-eng
        level: CAN_RUN
    run_as:
      user_name: runner@example.com
    resources:
      jobs:
        etl:
          tags:
            env: prod
          parameters:
            - name: catalog
              default: prod_catalog
            - name: extra
              default: x
          job_clusters:
            - job_cluster_key: main
              new_cluster:
                num_workers: 4
          tasks:
            - task_key: alpha
              notebook_task:
                base_parameters:
                  b: "2"
            - task_key: beta
              notebook_task:
                notebook_path: ./nb.py
`;

describe('fake databricks v1.13: target overrides (bundle/config/root.go MergeTargetOverrides, merge_job_*.go)', () => {
  it('deep-merges the target job, merging job_clusters, tasks (sorted by task_key) and parameters by key', () => {
    writeBundle(OVERRIDE_YML);
    const job = dig(validateJson(), 'resources', 'jobs', 'etl');
    expect(dig(job, 'max_concurrent_runs')).toBe(2);
    expect(dig(job, 'tags')).toEqual({ env: 'prod' });
    expect(dig(job, 'job_clusters')).toEqual([
      { job_cluster_key: 'main', new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'i3.xlarge', num_workers: 4 } },
    ]);
    expect(dig(job, 'parameters')).toEqual([
      { name: 'catalog', default: 'prod_catalog' },
      { name: 'schema', default: 'bronze' },
      { name: 'extra', default: 'x' },
    ]);
    expect((dig(job, 'tasks') as unknown[]).map((t) => dig(t, 'task_key'))).toEqual(['alpha', 'beta', 'zeta']);
    expect(dig(job, 'tasks', 0, 'notebook_task', 'base_parameters')).toEqual({ a: '1', b: '2' });
    expect(dig(job, 'tasks', 0, 'job_cluster_key')).toBe('main');
  });

  it('takes over target permissions, run_as and git', () => {
    writeBundle(OVERRIDE_YML);
    const v = validateJson();
    expect(dig(v, 'permissions')).toEqual([{ group_name: 'data-eng', level: 'CAN_RUN' }]);
    expect(dig(v, 'run_as')).toEqual({ user_name: 'runner@example.com' });
    expect(dig(v, 'bundle', 'git', 'branch')).toBe('main');
    // apply_bundle_permissions.go maps CAN_RUN to CAN_MANAGE_RUN for jobs; fix_permissions.go adds the deployer as owner.
    expect(dig(v, 'resources', 'jobs', 'etl', 'permissions')).toEqual([
      { group_name: 'data-eng', level: 'CAN_MANAGE_RUN' },
      { level: 'IS_OWNER', user_name: 'someone@example.com' },
    ]);
    expect(run(['bundle', 'validate']).stderr).toMatch(/^Recommendation: permissions section should explicitly include the current deployment identity 'someone@example.com' or one of its groups\n/);
  });

  it('rejects a top-level permission level other than CAN_MANAGE, CAN_VIEW, CAN_RUN', () => {
    writeBundle(OVERRIDE_YML.replace('level: CAN_RUN', 'level: IS_OWNER'));
    const r = run(['bundle', 'validate']);
    expect([r.code, r.stderr]).toEqual([1, 'Error: invalid permission level: IS_OWNER, allowed values: [CAN_MANAGE, CAN_VIEW, CAN_RUN]\n\n']);
  });
});

describe('fake databricks v1.13: job permissions (fix_permissions.go, validate/enum.go)', () => {
  const withPermissions = (list: string): string => BASE_YML.replace('    no_params:\n      name: No params\n', `    no_params:\n      name: No params\n      permissions:\n${list}`);
  const perms = (yml: string, user?: string): unknown => {
    writeBundle(yml);
    return dig(validateJson([], user ? { FAKE_DATABRICKS_USER: user } : {}), 'resources', 'jobs', 'no_params', 'permissions');
  };

  it('makes the deploying user IS_OWNER, upgrading their CAN_MANAGE', () => {
    expect(perms(withPermissions('        - user_name: someone@example.com\n          level: CAN_MANAGE\n        - group_name: g\n          level: CAN_VIEW\n'))).toEqual([
      { level: 'IS_OWNER', user_name: 'someone@example.com' },
      { group_name: 'g', level: 'CAN_VIEW' },
    ]);
    // A service principal deployer is added by its application id.
    expect(perms(withPermissions('        - group_name: g\n          level: CAN_VIEW\n'), '11111111-2222-3333-4444-555555555555')).toEqual([
      { group_name: 'g', level: 'CAN_VIEW' },
      { level: 'IS_OWNER', service_principal_name: '11111111-2222-3333-4444-555555555555' },
    ]);
    // Jobs without permissions get none.
    expect(dig(validateJson(), 'resources', 'jobs', 'with_params', 'permissions')).toBeUndefined();
  });

  it('keeps at most one owner: with another IS_OWNER the deployer gets CAN_MANAGE; each principal keeps its highest level', () => {
    expect(
      perms(
        withPermissions(
          '        - user_name: boss@example.com\n          level: IS_OWNER\n        - group_name: g\n          level: CAN_VIEW\n        - group_name: g\n          level: CAN_MANAGE_RUN\n',
        ),
      ),
    ).toEqual([
      { level: 'IS_OWNER', user_name: 'boss@example.com' },
      { group_name: 'g', level: 'CAN_MANAGE_RUN' },
      { level: 'CAN_MANAGE', user_name: 'someone@example.com' },
    ]);
  });

  it('warns for a job permission level outside CAN_MANAGE, CAN_MANAGE_RUN, CAN_VIEW, IS_OWNER', () => {
    writeBundle(withPermissions('        - group_name: g\n          level: CAN_RUN\n'));
    const r = run(['bundle', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: invalid value "CAN_RUN" for enum field. Valid values are [CAN_MANAGE CAN_MANAGE_RUN CAN_VIEW IS_OWNER]\n  at resources.jobs.no_params.permissions[0].level\n\n');
    expect(run(['bundle', 'validate', '--strict']).code).toBe(1);
  });

  it('plans the permissions node as the direct engine does (__embed__), keyed by principal', () => {
    writeBundle(withPermissions('        - group_name: g\n          level: CAN_VIEW\n'));
    const plan = parseJson(run(['bundle', 'plan', '-o', 'json']).stdout);
    expect(dig(plan, 'plan', 'resources.jobs.no_params.permissions', 'new_state')).toEqual({
      value: { object_id: '', __embed__: [{ level: 'CAN_VIEW', group_name: 'g' }, { level: 'IS_OWNER', user_name: 'someone@example.com' }] },
      vars: { object_id: '/jobs/${resources.jobs.no_params.id}' },
    });
    run(['bundle', 'deploy']);
    writeBundle(withPermissions('        - group_name: g\n          level: CAN_MANAGE\n'));
    const update = parseJson(run(['bundle', 'plan', '-o', 'json']).stdout);
    expect(dig(update, 'plan', 'resources.jobs.no_params.permissions', 'action')).toBe('update');
    expect(dig(update, 'plan', 'resources.jobs.no_params.permissions', 'changes')).toEqual({
      "[group_name='g'].level": { action: 'update', old: 'CAN_VIEW', new: 'CAN_MANAGE', remote: 'CAN_VIEW' },
    });
  });
});

describe('fake databricks v1.13: development mode (apply_target_mode.go, apply_presets.go)', () => {
  it('applies each preset only where the config left it unset', () => {
    writeBundle(
      BASE_YML.replace(
        '    no_params:\n      name: No params\n',
        '    no_params:\n      name: No params\n      max_concurrent_runs: 7\n      tags:\n        dev: mine\n      schedule:\n        quartz_cron_expression: "0 0 1 * * ?"\n        timezone_id: UTC\n        pause_status: UNPAUSED\n',
      ).replace(
        '    with_params:\n      name: With params\n',
        '    with_params:\n      name: With params\n      trigger:\n        periodic:\n          interval: 1\n          unit: HOURS\n      continuous:\n        task_retry_mode: NEVER\n',
      ),
    );
    const v = validateJson();
    const jobs = dig(v, 'resources', 'jobs');
    expect(dig(jobs, 'with_params', 'name')).toBe('[dev someone] With params');
    expect(dig(jobs, 'with_params', 'tags')).toEqual({ dev: 'someone' });
    expect(dig(jobs, 'with_params', 'max_concurrent_runs')).toBe(4);
    expect(dig(jobs, 'with_params', 'trigger', 'pause_status')).toBe('PAUSED');
    expect(dig(jobs, 'with_params', 'continuous', 'pause_status')).toBe('PAUSED');
    // Set values win.
    expect(dig(jobs, 'no_params', 'max_concurrent_runs')).toBe(7);
    expect(dig(jobs, 'no_params', 'tags')).toEqual({ dev: 'mine' });
    expect(dig(jobs, 'no_params', 'schedule', 'pause_status')).toBe('UNPAUSED');
    expect(dig(v, 'presets')).toEqual({ jobs_max_concurrent_runs: 4, name_prefix: '[dev someone] ', pipelines_development: true, tags: { dev: 'someone' }, trigger_pause_status: 'PAUSED' });
    // Production keeps names and the default of one run at a time.
    expect(dig(validateJson(['-t', 'prod']), 'resources', 'jobs', 'with_params')).toMatchObject({ name: 'With params', max_concurrent_runs: 1 });
  });

  it('treats an empty name_prefix as unset and rejects one without the user name', () => {
    writeBundle(BASE_YML.replace('    mode: development\n', '    mode: development\n    presets:\n      name_prefix: ""\n'));
    expect(dig(validateJson(), 'resources', 'jobs', 'with_params', 'name')).toBe('[dev someone] With params');
    writeBundle(BASE_YML.replace('    mode: development\n', '    mode: development\n    presets:\n      name_prefix: "[team] "\n'));
    const r = run(['bundle', 'validate']);
    expect([r.code, r.stderr]).toEqual([
      1,
      "Error: prefix should contain the current username or ${workspace.current_user.short_name} to ensure uniqueness when using 'mode: development'\n  in databricks.yml:32:20\n\n",
    ]);
    writeBundle(BASE_YML.replace('    mode: development\n', '    mode: development\n    presets:\n      trigger_pause_status: UNPAUSED\n'));
    expect(run(['bundle', 'validate']).stderr).toBe("Error: target with 'mode: development' cannot set trigger pause status to UNPAUSED by default\n  in databricks.yml:32:29\n\n");
  });

  it('disables the deployment lock unless bundle.deployment.lock.enabled is true', () => {
    const lockHeld = { FAKE_DATABRICKS_LOCK_HELD: '1' };
    expect(dig(validateJson(), 'bundle', 'deployment')).toEqual({ lock: { enabled: false } });
    expect(run(['bundle', 'deploy'], { env: lockHeld }).code).toBe(0);
    writeBundle(BASE_YML.replace('bundle:\n  name: demo\n', 'bundle:\n  name: demo\n  deployment:\n    lock:\n      enabled: true\n'));
    const r = run(['bundle', 'deploy'], { env: lockHeld });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Failed to acquire deployment lock: deploy lock acquired by other\.user@example\.com/);
  });

  it('computes short_name like libs/iamutil + libs/textutil and resolves the current user anywhere, target variables included', () => {
    writeBundle(
      BASE_YML.replace('    workspace:\n      host: https://dev', '    variables:\n      bronze_schema: dev_${workspace.current_user.short_name}_kafka_bronze\n    workspace:\n      host: https://dev').replace(
        '      tasks:\n        - task_key: t\n          notebook_task:\n            notebook_path: ./nb.py\n    no_params:',
        '      tags:\n        owner: ${workspace.current_user.userName}\n      tasks:\n        - task_key: t\n          notebook_task:\n            notebook_path: ./nb.py\n    no_params:',
      ),
    );
    const cases: [string, string, string][] = [
      ['someone@example.com', 'someone', 'someone'],
      ['Jane.Doe@example.com', 'jane_doe', 'jane-doe'],
      ['__Ünïcode--Üser..1__@example.com', 'ünïcode_üser_1', 'unicode-user-1'],
    ];
    for (const [user, short, friendly] of cases) {
      const v = validateJson([], { FAKE_DATABRICKS_USER: user });
      expect(dig(v, 'workspace', 'current_user')).toMatchObject({ userName: user, short_name: short, domain_friendly_name: friendly });
      expect(dig(v, 'variables', 'bronze_schema', 'value')).toBe(`dev_${short}_kafka_bronze`);
      expect(dig(v, 'resources', 'jobs', 'with_params', 'parameters', 1)).toEqual({ name: 'schema', default: `dev_${short}_kafka_bronze` });
      expect(dig(v, 'resources', 'jobs', 'with_params', 'tags', 'owner')).toBe(user);
      expect(dig(v, 'resources', 'jobs', 'with_params', 'name')).toBe(`[dev ${short}] With params`);
    }
    // A service principal's short name comes from its display name.
    const sp = validateJson([], { FAKE_DATABRICKS_USER: '11111111-2222-3333-4444-555555555555', FAKE_DATABRICKS_DISPLAY_NAME: 'Deploy Bot' });
    expect(dig(sp, 'workspace', 'current_user', 'short_name')).toBe('deploy_bot');
  });
});

describe('fake databricks v1.13: bundle deployment bind / unbind (cmd/bundle/deployment, bundle/direct/bind.go)', () => {
  const REMOTE_ID = '123456789012345';
  const jobsEnv = (settings: object = { name: 'Existing job' }): Record<string, string> => ({ FAKE_DATABRICKS_JOBS: JSON.stringify({ [REMOTE_ID]: settings }) });

  it('binds a job with --auto-approve: plan and deploy update it, summary shows its id and URL', () => {
    const e = jobsEnv();
    const r = run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve'], { env: e });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', `Successfully bound job with an id '${REMOTE_ID}'\nRun 'bundle deploy' to deploy changes to your workspace\n`]);
    expect(run(['bundle', 'plan'], { env: e }).stdout).toBe('update jobs.no_params\ncreate jobs.with_params\n\nPlan: 1 to add, 1 to change, 0 to delete, 0 unchanged\n');
    const summary = parseJson(run(['bundle', 'summary', '-o', 'json'], { env: e }).stdout);
    expect(dig(summary, 'resources', 'jobs', 'no_params', 'id')).toBe(REMOTE_ID);
    expect(dig(summary, 'resources', 'jobs', 'no_params', 'url')).toBe(`${HOST}/jobs/${REMOTE_ID}?w=900800700600`);
    const deploy = run(['bundle', 'deploy'], { env: e });
    expect(deploy.stderr).toContain('Updated jobs.no_params\nCreated jobs.with_params\n');
    expect(run(['bundle', 'plan'], { env: e }).stdout).toBe('Plan: 0 to add, 0 to change, 0 to delete, 2 unchanged\n');
    const runNow = run(['bundle', 'run', 'no_params', '--no-wait'], { env: e });
    expect(runNow.stderr).toMatch(new RegExp(`^Run URL: ${escape(HOST)}/jobs/${REMOTE_ID}/runs/\\d+`));
  });

  it('without --auto-approve and without a terminal, shows the changes and refuses', () => {
    const r = run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID], { env: jobsEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Plan: update resources.jobs.no_params\n\nChanges detected:\n');
    expect(r.stderr).toContain('  ~ name: "Existing job" -> "[dev someone] No params"\n');
    expect(r.stderr).toContain('  ~ tasks: null -> [{"notebook_task":{"notebook_path":"/Workspace/Users/someone@example.com/.bundle/demo/dev/files/nb"},"task_key":"t"}]\n');
    expect(r.stderr).toMatch(
      /\n\nError: this bind operation requires user confirmation, but the current console does not support prompting\.\nTo proceed, use --auto-approve after reviewing the plan above\.\n\n$/,
    );
    expect(run(['bundle', 'plan'], { env: jobsEnv() }).stdout).toMatch(/^create jobs\.no_params\n/);
  });

  it('needs no approval when the workspace job already matches the config', () => {
    const plan = parseJson(run(['bundle', 'plan', '-o', 'json']).stdout);
    const settings = dig(plan, 'plan', 'resources.jobs.no_params', 'new_state', 'value') as object;
    const r = run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID], { env: jobsEnv(settings) });
    expect([r.code, r.stderr]).toEqual([0, `Successfully bound job with an id '${REMOTE_ID}'\nRun 'bundle deploy' to deploy changes to your workspace\n`]);
    expect(run(['bundle', 'plan'], { env: jobsEnv(settings) }).stdout).toBe('create jobs.with_params\n\nPlan: 1 to add, 0 to change, 0 to delete, 1 unchanged\n');
  });

  it('reads FAKE_DATABRICKS_JOBS from a file and also knows the jobs of other simulated deployments', () => {
    const file = join(sandbox, 'jobs.json');
    writeFileSync(file, JSON.stringify([{ job_id: Number(REMOTE_ID), settings: { name: 'From file' } }]));
    expect(run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve'], { env: { FAKE_DATABRICKS_JOBS: file } }).code).toBe(0);
    run(['bundle', 'deploy', '-t', 'prod']);
    const prodId = jobId('with_params', ['-t', 'prod']);
    expect(run(['bundle', 'deployment', 'bind', 'with_params', prodId, '--auto-approve']).code).toBe(0);
  });

  it('fails for an unknown KEY, a missing or malformed job id, and a resource that is already bound', () => {
    const e = jobsEnv();
    expect(run(['bundle', 'deployment', 'bind', 'nope', REMOTE_ID], { env: e }).stderr).toBe('Error: no such resource: nope\n');
    expect(run(['bundle', 'deployment', 'bind', 'no_params', '999'], { env: e }).stderr).toBe('Error: failed to fetch the resource, err: Job 999 does not exist.\n');
    expect(run(['bundle', 'deployment', 'bind', 'no_params', 'abc'], { env: e }).stderr).toBe('Error: failed to fetch the resource, err: strconv.Atoi: parsing "abc": invalid syntax\n');
    const args = run(['bundle', 'deployment', 'bind', 'no_params'], { env: e });
    expect(args.code).toBe(1);
    expect(args.stderr).toMatch(/^Error: accepts 2 arg\(s\), received 1\n\nUsage:\n {2}databricks bundle deployment bind KEY RESOURCE_ID \[flags\]\n/);

    run(['bundle', 'deploy'], { env: e });
    const ownId = jobId('no_params');
    const other = run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve'], { env: e });
    expect([other.code, other.stderr]).toEqual([
      1,
      `Error: Resource already managed\n\nThe bundle is already managing a resource for resources.jobs.no_params with ID '${ownId}'.\nTo bind to a different resource with ID '${REMOTE_ID}', you must first unbind the existing resource.\n\n`,
    ]);
    const same = run(['bundle', 'deployment', 'bind', 'no_params', ownId, '--auto-approve'], { env: e });
    expect(same.stderr).toBe(`Error: Resource already managed\n\nThe bundle is already managing resource for resources.jobs.no_params and it is bound to the requested ID ${ownId}.\n\n`);
  });

  it('honours the deployment lock like deploy does', () => {
    const e = { ...jobsEnv(), FAKE_DATABRICKS_LOCK_HELD: '1' };
    const r = run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve', '-t', 'prod'], { env: e });
    expect([r.code, r.stderr]).toEqual([1, 'Error: Failed to acquire deployment lock: deploy lock acquired by other.user@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override\n\n']);
    expect(run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve', '-t', 'prod', '--force-lock'], { env: e }).code).toBe(0);
    expect(run(['bundle', 'deployment', 'unbind', 'no_params', '-t', 'prod'], { env: e }).code).toBe(1);
    expect(run(['bundle', 'deployment', 'unbind', 'no_params', '-t', 'prod', '--force-lock'], { env: e }).code).toBe(0);
    // Development mode takes no lock.
    expect(run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve'], { env: e }).code).toBe(0);
  });

  it('unbinds silently: the job leaves the state, the next deploy creates a new one', () => {
    const e = jobsEnv();
    run(['bundle', 'deployment', 'bind', 'no_params', REMOTE_ID, '--auto-approve'], { env: e });
    const r = run(['bundle', 'deployment', 'unbind', 'no_params'], { env: e });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(run(['bundle', 'plan'], { env: e }).stdout).toBe('create jobs.no_params\ncreate jobs.with_params\n\nPlan: 2 to add, 0 to change, 0 to delete, 0 unchanged\n');
    expect(run(['bundle', 'deployment', 'unbind', 'no_params'], { env: e }).code).toBe(0); // not bound: nothing to do
    expect(run(['bundle', 'deployment', 'unbind', 'nope']).stderr).toBe('Error: no such resource: nope\n');
    expect(run(['bundle', 'deployment', 'unbind']).stderr).toMatch(/^Error: accepts 1 arg\(s\), received 0\n\n/);
  });
});

describe('fake databricks v1.13: warehouses get (cmd/workspace/warehouses, sql.GetWarehouseResponse)', () => {
  const outside = (args: string[], e: Record<string, string | undefined> = {}): Result => run(args, { cwd: sandbox, env: e });

  it('prints a running PRO serverless warehouse for any id, the same JSON for text and -o json', () => {
    const r = outside(['warehouses', 'get', 'abc123', '-o', 'json', '-p', 'dev-ws']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(parseJson(r.stdout)).toEqual({
      auto_stop_mins: 10,
      channel: { name: 'CHANNEL_NAME_CURRENT' },
      cluster_size: 'Small',
      creator_name: 'someone@example.com',
      enable_photon: true,
      enable_serverless_compute: true,
      health: { status: 'HEALTHY' },
      id: 'abc123',
      jdbc_url: 'jdbc:spark://dev.cloud.databricks.com:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/abc123;',
      max_num_clusters: 1,
      min_num_clusters: 1,
      name: 'abc123',
      num_clusters: 1,
      odbc_params: { hostname: 'dev.cloud.databricks.com', path: '/sql/1.0/warehouses/abc123', port: 443, protocol: 'https' },
      spot_instance_policy: 'COST_OPTIMIZED',
      state: 'RUNNING',
      warehouse_type: 'PRO',
    });
    expect(Object.keys(parseJson(r.stdout) as object)).toEqual([...Object.keys(parseJson(r.stdout) as object)].sort());
    expect(outside(['warehouses', 'get', 'abc123', '-p', 'dev-ws']).stdout).toBe(r.stdout);
  });

  it('serves only the warehouses FAKE_DATABRICKS_WAREHOUSES lists, with their fields', () => {
    const e = { FAKE_DATABRICKS_WAREHOUSES: JSON.stringify({ wh1: { warehouse_type: 'CLASSIC', enable_serverless_compute: false, state: 'STOPPED', name: 'Classic' } }) };
    const w = parseJson(outside(['warehouses', 'get', 'wh1', '-o', 'json', '-p', 'dev-ws'], e).stdout);
    expect(w).toMatchObject({ id: 'wh1', name: 'Classic', warehouse_type: 'CLASSIC', enable_serverless_compute: false, state: 'STOPPED' });
    expect(dig(w, 'num_clusters')).toBeUndefined();
    const missing = outside(['warehouses', 'get', 'nope', '-p', 'dev-ws'], e);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([1, '', 'Error: The warehouse nope was not found.\n']);
  });

  it('resolves auth like other workspace commands', () => {
    const host = (r: Result): unknown => dig(parseJson(r.stdout), 'odbc_params', 'hostname');
    expect(host(outside(['warehouses', 'get', 'w', '-p', 'prod-ws']))).toBe('prod.cloud.databricks.com');
    expect(host(outside(['warehouses', 'get', 'w'], { DATABRICKS_CONFIG_PROFILE: 'prod-ws' }))).toBe('prod.cloud.databricks.com');
    expect(host(outside(['warehouses', 'get', 'w'], { DATABRICKS_HOST: 'https://env.cloud.databricks.com', DATABRICKS_TOKEN: 't' }))).toBe('env.cloud.databricks.com');
    // Inside a bundle the bundle's workspace is used.
    expect(host(run(['warehouses', 'get', 'w', '-t', 'prod']))).toBe('prod.cloud.databricks.com');
    const noProfile = outside(['warehouses', 'get', 'w', '-p', 'ghost']);
    expect(noProfile.code).toBe(1);
    expect(noProfile.stderr).toMatch(new RegExp(`^Error: resolve: ${escape(configPath)} has no ghost profile configured\\. Config: profile=ghost`));
    const none = outside(['warehouses', 'get', 'w']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^Error: default auth: cannot configure default credentials, please check https:\/\/docs\.databricks\.com\/en\/dev-tools\/auth\.html#databricks-client-unified-authentication/);
    expect(outside(['warehouses', 'get', '-p', 'dev-ws']).stderr).toBe('Error: expected to have Required\n');
  });

  it('honours FAKE_DATABRICKS_FAIL for warehouses', () => {
    const fail = (kind: string): Result => outside(['warehouses', 'get', 'w', '-p', 'dev-ws'], { FAKE_DATABRICKS_FAIL: `warehouses:${kind}` });
    expect(fail('auth').stderr).toMatch(/^Error: default auth: cannot configure default credentials.*Config: host=https:\/\/dev\.cloud\.databricks\.com, profile=dev-ws/);
    expect(fail('profile').stderr).toMatch(/^Error: resolve: \S+ has no dev-ws profile configured/);
    expect([fail('error').code, fail('error').stderr]).toEqual([1, 'Error: something went wrong\n']);
    expect(outside(['warehouses', 'get', 'w', '-p', 'dev-ws'], { FAKE_DATABRICKS_FAIL: 'deploy:auth' }).code).toBe(0);
  });
});

describe('fake databricks v1.13: Git branch check (bundle/config/mutator/validate_git_details.go)', () => {
  const BRANCH_ERROR =
    'Error: not on the right Git branch:\n  expected according to configuration: release\n  actual: feature/x\n' +
    'To deploy from this branch anyway, use --force. Note that this may push unexpected code to the target.\n\n';

  beforeEach(() => {
    mkdirSync(join(bundleDir, '.git'));
    writeFileSync(join(bundleDir, '.git', 'HEAD'), 'ref: refs/heads/feature/x\n');
    writeFileSync(join(bundleDir, '.git', 'config'), '[remote "origin"]\n\turl = https://example.com/repo.git\n');
    writeBundle(BASE_YML.replace('  prod:\n    mode: production\n', '  prod:\n    mode: production\n    git:\n      branch: release\n'));
  });

  it('fails plan and deploy of a target whose git.branch differs from the checked-out branch, unless --force', () => {
    const git = dig(validateJson(['-t', 'prod']), 'bundle', 'git');
    expect(git).toMatchObject({ branch: 'release', actual_branch: 'feature/x', origin_url: 'https://example.com/repo.git' });
    // validate does not run the check.
    expect(run(['bundle', 'validate', '-t', 'prod']).code).toBe(0);
    for (const cmd of ['plan', 'deploy']) {
      const r = run(['bundle', cmd, '-t', 'prod']);
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', BRANCH_ERROR]);
      expect(run(['bundle', cmd, '-t', 'prod', '--force']).code).toBe(0);
    }
    expect(existsSync(join(bundleDir, '.databricks', 'fake-state', 'demo', 'prod', 'state.json'))).toBe(true);
    // Other targets follow the checked-out branch.
    expect(run(['bundle', 'plan']).code).toBe(0);
    expect(dig(validateJson(), 'bundle', 'git', 'branch')).toBe('feature/x');
  });

  it('passes when the branch matches', () => {
    writeFileSync(join(bundleDir, '.git', 'HEAD'), 'ref: refs/heads/release\n');
    expect(run(['bundle', 'deploy', '-t', 'prod']).code).toBe(0);
  });
});
