import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE, FAKE_BIN_DIR as BIN_DIR, loadFake, runFakeCli, runFakeInProcess, spawnFake } from './helpers/fake-databricks.js';
import { dig, parseJson } from './helpers/json.js';
import { waitFor } from './ui/helpers/wait-for.js';

/**
 * The fake `databricks` CLI in test/fixtures/fake-databricks is what every
 * process-level test of deploy features runs against, so it gets its own
 * tests: flags, stdout/stderr separation, exit codes, JSON shapes, the exact
 * error texts of the real CLI and of each injected fault, simulated state.
 */


const DEV_HOST = 'https://dev.cloud.databricks.com';
const PROD_HOST = 'https://prod.cloud.databricks.com';
/** bundle/permissions/validate.go: every command that initializes the prod target (root_path under /Workspace/Shared) prints it. */
const SHARED_ROOT_WARNING =
  'Warning: the bundle root path /Workspace/Shared/.bundle/loyalty_demo/prod is writable by all workspace users\n\n' +
  "The bundle is configured to use /Workspace/Shared, which will give read/write access to all users. If this is intentional, add CAN_MANAGE for 'group_name: users' permission to your bundle configuration. If the deployment should be restricted, move it to a restricted folder such as /Workspace/Users/<username or principal name>.\n\n";
const NOT_AUTHENTICATED =
  'Error: default auth: cannot configure default credentials, please check https://docs.databricks.com/en/dev-tools/auth.html#databricks-client-unified-authentication to configure credentials for your preferred authentication method';

const BUNDLE_YML = `bundle:
  name: loyalty_demo

variables:
  catalog:
    description: Unity Catalog catalog
  num_workers:
    description: Workers in the job cluster
    default: 1

resources:
  jobs:
    demo_job:
      name: "[Loyalty2.0] [\${bundle.target}] Demo"
      tags:
        project: loyalty2.0
      schedule:
        quartz_cron_expression: "0 0 2 * * ?"
        timezone_id: UTC
      job_clusters:
        - job_cluster_key: main
          new_cluster:
            spark_version: 15.4.x-scala2.12
            node_type_id: i3.xlarge
            num_workers: \${var.num_workers}
      tasks:
        - task_key: ingest
          job_cluster_key: main
          notebook_task:
            notebook_path: ./notebooks/ingest.py
            base_parameters:
              catalog: \${var.catalog}
              environment: \${bundle.target}

targets:
  dev:
    mode: development
    default: true
    workspace:
      host: ${DEV_HOST}
    variables:
      catalog: loyalty_dev
      num_workers: 2
    resources:
      jobs:
        demo_job:
          job_clusters:
            - job_cluster_key: main
              new_cluster:
                node_type_id: m5.large
  prod:
    mode: production
    workspace:
      host: ${PROD_HOST}
      root_path: /Workspace/Shared/.bundle/\${bundle.name}/\${bundle.target}
    variables:
      catalog: loyalty_prod
      num_workers: 5
    resources:
      jobs:
        demo_job:
          permissions:
            - group_name: loyalty-viewers
              level: CAN_VIEW
`;

const CONFIG_FILE = `; written by the test
[DEFAULT]

[dev-ws]
host  = ${DEV_HOST}
token = dapi-dev-token

[prod-ws]
host         = ${PROD_HOST}/
workspace_id = 7777
auth_type    = databricks-cli
`;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}


let sandbox: string;
let bundleDir: string;
let home: string;
let configPath: string;

/** A clean environment: nothing from the developer's shell leaks into the fake. */
function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DATABRICKS_|FAKE_DATABRICKS_|BUNDLE_VAR_)/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `${BIN_DIR}${delimiter}${process.env.PATH ?? ''}`;
  env.HOME = home;
  env.DATABRICKS_CONFIG_FILE = configPath;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** In-process unless the call is about the process (delays, signals, grandchildren): see helpers/fake-databricks.ts. */
function run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): Result {
  return runFakeCli(args, opts.cwd ?? bundleDir, baseEnv(opts.env));
}

beforeAll(loadFake);

function writeBundle(yml: string = BUNDLE_YML): void {
  writeFileSync(join(bundleDir, 'databricks.yml'), yml);
}

beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'fake-databricks-test-'));
  bundleDir = join(sandbox, 'pipelines', 'demo');
  home = join(sandbox, 'home');
  configPath = join(sandbox, 'databrickscfg');
  mkdirSync(join(bundleDir, 'notebooks'), { recursive: true });
  mkdirSync(home);
  writeFileSync(join(bundleDir, 'notebooks', 'ingest.py'), '# Databricks notebook source\nprint("ingest")\n');
  writeBundle();
  writeFileSync(configPath, CONFIG_FILE);
});

afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

describe('fake databricks: the executable', () => {
  it('is found on PATH as `databricks` and prints the version on stdout', () => {
    const r = spawnSync('databricks', ['--version'], { cwd: sandbox, env: baseEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Databricks CLI v1.13.0\n');
    expect(r.stderr).toBe('');
  });

  it('prints, writes and exits the same spawned as in-process (the bin shim runs runFake)', () => {
    const calls: [string[], Record<string, string>][] = [
      [['bundle', 'validate', '-o', 'json'], {}],
      [['bundle', 'deploy'], {}],
      [['bundle', 'validate', '-t', 'nope'], {}],
      [['bundle', 'summary'], { FAKE_DATABRICKS_FAIL: 'summary:flood:3000,summary:error' }],
    ];
    const statePath = join(bundleDir, '.databricks', 'fake-state', 'loyalty_demo', 'dev', 'state.json');
    /** The state the call left (lineage and creation time vary), removed for the next call. */
    const takeState = (): string => {
      const text = existsSync(statePath) ? readFileSync(statePath, 'utf8').replace(/"lineage": "[^"]*"/, '').replace(/"created_time": \d+/g, '') : '';
      rmSync(join(bundleDir, '.databricks'), { recursive: true, force: true });
      return text;
    };
    const states: string[] = [];
    for (const [args, extra] of calls) {
      const spawned = spawnFake(args, bundleDir, baseEnv(extra));
      const spawnedState = takeState();
      const inProcess = runFakeInProcess(args, bundleDir, baseEnv(extra));
      expect({ ...inProcess, signal: spawned.signal }).toEqual(spawned);
      expect(takeState()).toBe(spawnedState);
      states.push(spawnedState);
    }
    expect(states.filter(Boolean)).toHaveLength(1); // deploy's
  });

  it('impersonates an old CLI without `bundle plan`', () => {
    const env = { FAKE_DATABRICKS_VERSION: '0.250.0' };
    expect(run(['--version'], { env }).stdout).toBe('Databricks CLI v0.250.0\n');
    const plan = run(['bundle', 'plan'], { env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toBe('Error: unknown command "plan" for "databricks bundle"\n');
    expect(run(['bundle', 'validate'], { env }).code).toBe(0);
  });

  it('rejects unknown flags and commands the way cobra does', () => {
    const long = run(['bundle', 'deploy', '--bogus']);
    expect([long.code, long.stdout, long.stderr]).toEqual([1, '', 'Error: unknown flag: --bogus\n']);
    const short = run(['bundle', 'validate', '-z']);
    expect([short.code, short.stderr]).toEqual([1, "Error: unknown shorthand flag: 'z' in -z\n"]);
    const missing = run(['bundle', 'validate', '-t']);
    expect([missing.code, missing.stderr]).toEqual([1, "Error: flag needs an argument: 't' in -t\n"]);
    const cmd = run(['bundle', 'frobnicate']);
    expect([cmd.code, cmd.stderr]).toEqual([1, 'Error: unknown command "frobnicate" for "databricks bundle"\n']);
    // A flag valid on another command is still unknown here.
    expect(run(['bundle', 'validate', '--auto-approve']).stderr).toBe('Error: unknown flag: --auto-approve\n');
  });

  it('accepts the per-command flags of the reference', () => {
    expect(run(['bundle', 'validate', '--strict', '-t', 'dev', '--var', 'catalog=x']).code).toBe(0);
    expect(run(['bundle', 'plan', '-q', '--force', '-o', 'json']).code).toBe(0);
    expect(run(['bundle', 'deploy', '--auto-approve', '--force-lock', '--fail-on-active-runs', '--force', '-q']).code).toBe(0);
    expect(run(['bundle', 'summary', '--force-pull', '-o', 'json']).code).toBe(0);
    expect(run(['bundle', 'run', 'demo_job', '--no-wait', '--restart', '--notebook-params', 'a=1,b=2', '--only', 'ingest']).code).toBe(0);
  });
});

describe('fake databricks: loading the bundle', () => {
  it('fails outside a bundle with the CLI text', () => {
    const r = run(['bundle', 'validate', '-o', 'json'], { cwd: home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: Unable to locate the bundle root: databricks.yml not found.\n\n');
  });

  it('finds the bundle root by walking up from a subdirectory', () => {
    const r = run(['bundle', 'validate', '-o', 'json'], { cwd: join(bundleDir, 'notebooks') });
    expect(r.code).toBe(0);
    expect(dig(parseJson(r.stdout), 'bundle', 'name')).toBe('loyalty_demo');
  });

  it('reports invalid YAML with the file, the line and no JSON', () => {
    writeBundle('bundle:\n  name: x\n resources: 1\n');
    const r = run(['bundle', 'validate', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^Error: failed to load ${join(bundleDir, 'databricks.yml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: yaml: line 3: \\S`));
  });

  it('lists the available targets for an unknown one', () => {
    const r = run(['bundle', 'deploy', '-t', 'qa']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: qa: no such target. Available targets: dev, prod\n\n');
  });

  it('selects the target from -t, then DATABRICKS_BUNDLE_TARGET, then `default: true`', () => {
    const target = (r: Result) => dig(parseJson(r.stdout), 'bundle', 'target');
    expect(target(run(['bundle', 'validate', '-o', 'json']))).toBe('dev');
    expect(target(run(['bundle', 'validate', '-o', 'json'], { env: { DATABRICKS_BUNDLE_TARGET: 'prod' } }))).toBe('prod');
    expect(target(run(['bundle', 'validate', '-o', 'json', '-t', 'dev'], { env: { DATABRICKS_BUNDLE_TARGET: 'prod' } }))).toBe('dev');
  });
});

describe('fake databricks: bundle validate', () => {
  it('prints the resolved dev config as JSON on stdout, nothing on stderr', () => {
    const r = run(['bundle', 'validate', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const v = parseJson(r.stdout);
    expect(Object.keys(v as object)).toEqual(['bundle', 'presets', 'resources', 'sync', 'variables', 'workspace']);
    expect(dig(v, 'bundle')).toMatchObject({ name: 'loyalty_demo', target: 'dev', mode: 'development', deployment: { lock: { enabled: false } } });
    expect(dig(v, 'workspace', 'current_user')).toMatchObject({ userName: 'someone@example.com', short_name: 'someone' });
    const root = '/Workspace/Users/someone@example.com/.bundle/loyalty_demo/dev';
    expect(dig(v, 'workspace')).toMatchObject({ host: DEV_HOST, profile: 'dev-ws', root_path: root, file_path: `${root}/files`, state_path: `${root}/state` });
    const job = dig(v, 'resources', 'jobs', 'demo_job');
    expect(dig(job, 'name')).toBe('[dev someone] [Loyalty2.0] [dev] Demo');
    expect(dig(job, 'tags')).toEqual({ dev: 'someone', project: 'loyalty2.0' });
    expect(dig(job, 'schedule', 'pause_status')).toBe('PAUSED');
    expect(dig(job, 'max_concurrent_runs')).toBe(4);
    // job_clusters merged by key: the target's node type wins, the root's spark version stays, the variable is typed.
    expect(dig(job, 'job_clusters')).toEqual([
      { job_cluster_key: 'main', new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'm5.large', num_workers: 2 } },
    ]);
    expect(dig(job, 'tasks', 0, 'notebook_task')).toEqual({
      notebook_path: `${root}/files/notebooks/ingest`,
      base_parameters: { catalog: 'loyalty_dev', environment: 'dev' },
    });
    expect(dig(v, 'variables', 'catalog')).toEqual({ description: 'Unity Catalog catalog', default: 'loyalty_dev', value: 'loyalty_dev' });
    expect(r.stdout).toMatch(/^\{\n {2}"bundle": \{/);
  });

  it('keeps prod names and schedules as written and uses the target root_path', () => {
    const v = parseJson(run(['bundle', 'validate', '-t', 'prod', '-o', 'json']).stdout);
    expect(dig(v, 'resources', 'jobs', 'demo_job', 'name')).toBe('[Loyalty2.0] [prod] Demo');
    // resource_mutator.go defaults: an unpaused schedule and one run at a time unless the config says otherwise.
    expect(dig(v, 'resources', 'jobs', 'demo_job', 'schedule', 'pause_status')).toBe('UNPAUSED');
    expect(dig(v, 'resources', 'jobs', 'demo_job', 'max_concurrent_runs')).toBe(1);
    // fix_permissions.go: the deploying user becomes the owner of a job that has permissions.
    expect(dig(v, 'resources', 'jobs', 'demo_job', 'permissions')).toEqual([
      { group_name: 'loyalty-viewers', level: 'CAN_VIEW' },
      { level: 'IS_OWNER', user_name: 'someone@example.com' },
    ]);
    expect(dig(v, 'workspace', 'root_path')).toBe('/Workspace/Shared/.bundle/loyalty_demo/prod');
    expect(dig(v, 'workspace', 'profile')).toBe('prod-ws');
    expect(dig(v, 'presets')).toBeUndefined();
  });

  it('prints Name/Target/Workspace and "Validation OK!" in text mode', () => {
    const r = run(['bundle', 'validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'Name: loyalty_demo\nTarget: dev\nWorkspace:\n' +
        `  Host: ${DEV_HOST}\n  User: someone@example.com\n  Path: /Workspace/Users/someone@example.com/.bundle/loyalty_demo/dev\n\nValidation OK!\n`,
    );
  });

  it('fails production without root_path yet still prints the JSON', () => {
    writeBundle(BUNDLE_YML.replace('      root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}\n', ''));
    const r = run(['bundle', 'validate', '-t', 'prod', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(dig(parseJson(r.stdout), 'bundle', 'target')).toBe('prod');
    expect(r.stderr).toBe(
      "Error: target with 'mode: production' must set 'workspace.root_path' to make sure only one copy is deployed\n\n" +
        'A common practice is to use a username or principal name in this path, i.e. use\n\n' +
        '  root_path: /Workspace/Users/someone@example.com/.bundle/${bundle.name}/${bundle.target}\n\n',
    );
    const text = run(['bundle', 'validate', '-t', 'prod']);
    expect(text.stdout).toMatch(/\n\nFound 1 error\n$/);
    expect(run(['bundle', 'deploy', '-t', 'prod']).code).toBe(1);
  });

  it('rejects an unsupported mode and a dev root_path without the user name', () => {
    writeBundle(BUNDLE_YML.replace('    mode: production\n', '    mode: staging\n'));
    const mode = run(['bundle', 'validate', '-t', 'prod']);
    expect(mode.code).toBe(1);
    expect(mode.stderr).toBe("Error: unsupported value 'staging' specified for 'mode': must be either 'development' or 'production'\n\n");

    writeBundle(BUNDLE_YML.replace(`      host: ${DEV_HOST}\n`, `      host: ${DEV_HOST}\n      root_path: /Workspace/Shared/dev-copy\n`));
    const dev = run(['bundle', 'validate', '-o', 'json']);
    expect(dev.code).toBe(1);
    expect(dev.stdout).not.toBe('');
    expect(dev.stderr).toBe("Error: root_path must start with '~/' or contain the current username to ensure uniqueness when using 'mode: development'\n\n");
  });

  it('takes variables from --var, then BUNDLE_VAR_, and names a missing required one', () => {
    const catalog = (r: Result) => dig(parseJson(r.stdout), 'resources', 'jobs', 'demo_job', 'tasks', 0, 'notebook_task', 'base_parameters', 'catalog');
    expect(catalog(run(['bundle', 'validate', '-o', 'json', '--var', 'catalog=from_flag'], { env: { BUNDLE_VAR_catalog: 'from_env' } }))).toBe('from_flag');
    expect(catalog(run(['bundle', 'validate', '-o', 'json'], { env: { BUNDLE_VAR_catalog: 'from_env' } }))).toBe('from_env');

    writeBundle(BUNDLE_YML.replace('      catalog: loyalty_dev\n', ''));
    const r = run(['bundle', 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: no value assigned to required variable catalog\. .*"--var", the BUNDLE_VAR_catalog environment variable, or \.databricks\/bundle\/dev\/variable-overrides\.json\n\n$/);
  });

  it('names a missing notebook like the CLI', () => {
    rmSync(join(bundleDir, 'notebooks', 'ingest.py'));
    const r = run(['bundle', 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: notebook "notebooks/ingest.py" not found. Local notebook references are expected\nto contain one of the following file extensions: [.py, .r, .scala, .sql, .ipynb]\n\n',
    );
  });
});

describe('fake databricks: profiles and auth', () => {
  it('fails for a named profile that does not exist', () => {
    const r = run(['bundle', 'validate', '-p', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: cannot resolve bundle auth configuration: resolve: ${configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has no nope profile configured\\. Config: .*profile=nope`));
    const fromEnv = run(['bundle', 'summary'], { env: { DATABRICKS_CONFIG_PROFILE: 'ghost' } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toBe('');
    expect(fromEnv.stderr).toContain(`has no ghost profile configured`);
    expect(fromEnv.stderr).toContain('Env: DATABRICKS_CONFIG_PROFILE');
  });

  it('fails when the profile host does not match the bundle host (U+2019 apostrophe, hint)', () => {
    const r = run(['bundle', 'validate', '-t', 'prod', '-p', 'dev-ws', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: cannot resolve bundle auth configuration: the host in the profile (${DEV_HOST}) doesn\u2019t match the host configured in the bundle (${PROD_HOST}). ` +
        `The profile "prod-ws" has host="${PROD_HOST}" that matches host in the bundle. To select it, pass "-p prod-ws"\n\n`,
    );
    // The bundle loaded, so validate still prints (unresolved) JSON.
    expect(dig(parseJson(r.stdout), 'bundle', 'target')).toBe('prod');
  });

  it('is not authenticated without a config file or with a host-only profile', () => {
    const none = run(['bundle', 'validate'], { env: { DATABRICKS_CONFIG_FILE: join(sandbox, 'missing.cfg') } });
    expect(none.code).toBe(1);
    expect(none.stderr.startsWith(NOT_AUTHENTICATED)).toBe(true);
    expect(none.stdout).toBe(`Name: loyalty_demo\nTarget: dev\nWorkspace:\n  Host: ${DEV_HOST}\n\nFound 1 error\n`);

    writeFileSync(configPath, `[dev-ws]\nhost = ${DEV_HOST}\n`);
    const hostOnly = run(['bundle', 'deploy']);
    expect(hostOnly.code).toBe(1);
    expect(hostOnly.stderr.startsWith(NOT_AUTHENTICATED)).toBe(true);
    expect(hostOnly.stderr).toContain('profile=dev-ws');
  });

  it('uses [__settings__] default_profile when the bundle names no host, and host matching otherwise', () => {
    writeBundle(BUNDLE_YML.replace(`      host: ${DEV_HOST}\n`, ''));
    writeFileSync(configPath, `${CONFIG_FILE}\n[__settings__]\ndefault_profile = dev-ws\n`);
    const v = parseJson(run(['bundle', 'validate', '-o', 'json']).stdout);
    expect(dig(v, 'workspace', 'profile')).toBe('dev-ws');
    expect(dig(v, 'workspace', 'host')).toBeUndefined();

    writeBundle();
    expect(dig(parseJson(run(['bundle', 'validate', '-t', 'prod', '-o', 'json']).stdout), 'workspace', 'profile')).toBe('prod-ws');
  });

  it('lists profiles as JSON and as a table', () => {
    writeFileSync(configPath, `${CONFIG_FILE}\n[hostless]\nfoo = bar\n\n[__settings__]\ndefault_profile = prod-ws\n`);
    const r = run(['auth', 'profiles', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout)).toEqual({
      profiles: [
        { name: 'dev-ws', host: DEV_HOST, cloud: 'aws', auth_type: 'pat', valid: true },
        { name: 'prod-ws', host: PROD_HOST, workspace_id: '7777', cloud: 'aws', auth_type: 'databricks-cli', valid: true, default: true },
      ],
    });
    const text = run(['auth', 'profiles']);
    expect(text.stdout.split('\n')[0]).toMatch(/^Name\s+Host\s+Valid$/);
    expect(text.stdout).toMatch(/^prod-ws \(Default\)\s+https:\/\/prod\.cloud\.databricks\.com\s+YES$/m);
  });
});

describe('fake databricks: plan, deploy, summary, run', () => {
  it('moves a job through create → skip → update → delete', () => {
    const actions = () => {
      const r = run(['bundle', 'plan', '-o', 'json']);
      expect(r.code).toBe(0);
      const plan = dig(parseJson(r.stdout), 'plan') as Record<string, unknown>;
      return Object.fromEntries(Object.entries(plan).map(([k, e]) => [k, dig(e, 'action')]));
    };

    const first = run(['bundle', 'plan']);
    expect(first.stdout).toBe('create jobs.demo_job\n\nPlan: 1 to add, 0 to change, 0 to delete, 0 unchanged\n');
    const firstJson = parseJson(run(['bundle', 'plan', '-o', 'json']).stdout);
    expect(dig(firstJson, 'plan_version')).toBe(2);
    expect(dig(firstJson, 'cli_version')).toBe('1.13.0');
    expect(dig(firstJson, 'plan', 'resources.jobs.demo_job', 'new_state', 'value', 'name')).toBe('[dev someone] [Loyalty2.0] [dev] Demo');

    const deploy = run(['bundle', 'deploy']);
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toBe('');
    expect(deploy.stderr).toMatch(/^Uploading bundle files to \/Workspace\/Users\/someone@example\.com\/\.bundle\/loyalty_demo\/dev\/files\.\.\.\n/);
    expect(deploy.stderr).toContain('Created jobs.demo_job\n');
    expect(deploy.stderr).toMatch(/Resources: 1 created, 0 changed, 0 deleted, 0 unchanged\n$/);

    expect(actions()).toEqual({ 'resources.jobs.demo_job': 'skip' });
    const skipJson = parseJson(run(['bundle', 'plan', '-o', 'json']).stdout);
    expect(typeof dig(skipJson, 'lineage')).toBe('string');
    expect(dig(skipJson, 'serial')).toBe(1);
    expect(run(['bundle', 'plan']).stdout).toBe('Plan: 0 to add, 0 to change, 0 to delete, 1 unchanged\n');

    const changed = parseJson(run(['bundle', 'plan', '-o', 'json', '--var', 'catalog=loyalty_sandbox']).stdout);
    expect(dig(changed, 'plan', 'resources.jobs.demo_job', 'action')).toBe('update');
    expect(dig(changed, 'plan', 'resources.jobs.demo_job', 'changes', "tasks[task_key='ingest'].notebook_task.base_parameters.catalog")).toMatchObject({
      action: 'update',
      old: 'loyalty_dev',
      new: 'loyalty_sandbox',
    });
    expect(run(['bundle', 'deploy', '--var', 'catalog=loyalty_sandbox']).stderr).toContain('Updated jobs.demo_job\n');

    writeBundle(BUNDLE_YML.replaceAll('demo_job', 'other_job'));
    expect(actions()).toEqual({ 'resources.jobs.demo_job': 'delete', 'resources.jobs.other_job': 'create' });
    expect(run(['bundle', 'plan']).stdout).toBe('delete jobs.demo_job\ncreate jobs.other_job\n\nPlan: 1 to add, 0 to change, 1 to delete, 0 unchanged\n');
    // Deleting a job needs no approval in the real CLI: only schemas, pipelines, volumes, … do.
    expect(run(['bundle', 'deploy']).stderr).toContain('Deleted jobs.demo_job\n');
    expect(actions()).toEqual({ 'resources.jobs.other_job': 'skip' });
  });

  it('models job permissions as their own plan node', () => {
    expect(run(['bundle', 'plan', '-t', 'prod']).stdout).toBe(
      'create jobs.demo_job\ncreate jobs.demo_job.permissions\n\nPlan: 2 to add, 0 to change, 0 to delete, 0 unchanged\n',
    );
  });

  it('keeps state per bundle name and target, in FAKE_DATABRICKS_STATE when set', () => {
    const stateDir = join(sandbox, 'state');
    const env = { FAKE_DATABRICKS_STATE: stateDir };
    expect(run(['bundle', 'deploy'], { env }).code).toBe(0);
    expect(existsSync(join(stateDir, 'loyalty_demo', 'dev', 'state.json'))).toBe(true);
    expect(existsSync(join(bundleDir, '.databricks'))).toBe(false);
    expect(run(['bundle', 'plan', '-t', 'prod'], { env }).stdout).toMatch(/^create jobs\.demo_job\n/);
    expect(run(['bundle', 'plan'], { env }).stdout).toBe('Plan: 0 to add, 0 to change, 0 to delete, 1 unchanged\n');
    expect(run(['bundle', 'plan']).stdout).toMatch(/^create jobs\.demo_job\n/); // default state dir is separate
  });

  it('summarizes: not deployed first, then id and URL', () => {
    const before = parseJson(run(['bundle', 'summary', '-o', 'json']).stdout);
    expect(dig(before, 'resources', 'jobs', 'demo_job', 'modified_status')).toBe('created');
    expect(dig(before, 'resources', 'jobs', 'demo_job', 'id')).toBeUndefined();
    expect(dig(before, 'resources', 'jobs', 'demo_job', 'url')).toBeUndefined();
    const text = run(['bundle', 'summary']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Resources:\n  Jobs:\n    demo_job:\n      Name: [dev someone] [Loyalty2.0] [dev] Demo\n      URL:  (not deployed)\n');

    run(['bundle', 'deploy']);
    const after = parseJson(run(['bundle', 'summary', '-o', 'json']).stdout);
    const id = dig(after, 'resources', 'jobs', 'demo_job', 'id');
    expect(id).toMatch(/^\d{15}$/);
    expect(dig(after, 'resources', 'jobs', 'demo_job', 'modified_status')).toBeUndefined();
    expect(dig(after, 'resources', 'jobs', 'demo_job', 'url')).toBe(`${DEV_HOST}/jobs/${String(id)}?w=900800700600`);
    expect(run(['bundle', 'summary']).stdout).toContain(`      URL:  ${DEV_HOST}/jobs/${String(id)}?w=900800700600\n`);

    // Same bundle name + target + key → same id, wherever it is deployed from.
    const again = run(['bundle', 'deploy'], { env: { FAKE_DATABRICKS_STATE: join(sandbox, 'other-state') } });
    expect(again.code).toBe(0);
    const id2 = dig(parseJson(run(['bundle', 'summary', '-o', 'json'], { env: { FAKE_DATABRICKS_STATE: join(sandbox, 'other-state') } }).stdout), 'resources', 'jobs', 'demo_job', 'id');
    expect(id2).toBe(id);
  });

  it('uses the profile workspace_id in URLs and omits ?w= when the host carries it', () => {
    expect(run(['bundle', 'deploy', '-t', 'prod']).code).toBe(0);
    const url = dig(parseJson(run(['bundle', 'summary', '-t', 'prod', '-o', 'json']).stdout), 'resources', 'jobs', 'demo_job', 'url');
    expect(url).toMatch(new RegExp(`^${PROD_HOST.replace(/\./g, '\\.')}/jobs/\\d{15}\\?w=7777$`));

    const azure = 'https://adb-1234567890123456.7.azuredatabricks.net';
    writeBundle(BUNDLE_YML.replace(`host: ${DEV_HOST}`, `host: ${azure}`));
    writeFileSync(configPath, `[az]\nhost = ${azure}\ntoken = t\n`);
    expect(run(['bundle', 'deploy']).code).toBe(0);
    expect(dig(parseJson(run(['bundle', 'summary', '-o', 'json']).stdout), 'resources', 'jobs', 'demo_job', 'url')).toMatch(
      new RegExp(`^${azure.replace(/\./g, '\\.')}/jobs/\\d{15}$`),
    );
  });

  it('runs a deployed job: Run URL on stderr, task outputs on stdout', () => {
    run(['bundle', 'deploy']);
    const id = String(dig(parseJson(run(['bundle', 'summary', '-o', 'json']).stdout), 'resources', 'jobs', 'demo_job', 'id'));
    const r = run(['bundle', 'run', 'demo_job', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^Run URL: ${DEV_HOST.replace(/\./g, '\\.')}/jobs/${id}/runs/\\d+\\?o=900800700600$`));
    expect(r.stderr).toContain('" TERMINATED SUCCESS\n');
    expect(parseJson(r.stdout)).toEqual({ task_outputs: [] });
    expect(r.stdout).not.toContain('Run URL');

    const noWait = run(['bundle', 'run', 'jobs.demo_job', '--no-wait']);
    expect(noWait.code).toBe(0);
    expect(noWait.stdout).toBe('');
    expect(noWait.stderr).toMatch(/^Run URL: \S+\n$/);
    expect(noWait.stderr).not.toBe(r.stderr.split('\n')[0] + '\n'); // a new run id each time
  });

  it('fails to run without a KEY, with an unknown KEY and before deploying', () => {
    // Errors a command returns print as `Error: …` + newline (cmd/root/root.go); diagnostics end with a blank line.
    const noKey = run(['bundle', 'run']);
    expect([noKey.code, noKey.stdout, noKey.stderr]).toEqual([1, '', 'Error: expected a KEY of the resource to run\n']);
    const notDeployed = run(['bundle', 'run', 'demo_job']);
    expect([notDeployed.code, notDeployed.stderr]).toEqual([1, "Error: resource not found or not yet deployed. Did you forget to run 'databricks bundle deploy'?\n\n"]);
    run(['bundle', 'deploy']);
    const unknown = run(['bundle', 'run', 'nope']);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'Error: resource with key "nope" not found\n']);
    writeBundle(BUNDLE_YML.replace('resources:\n  jobs:\n', 'resources:\n  jobs:\n    other_job:\n      name: other\n'));
    const otherNotDeployed = run(['bundle', 'run', 'other_job']);
    expect([otherNotDeployed.code, otherNotDeployed.stderr]).toEqual([1, 'Error: job ID is not an integer: \n']);
  });

  it('destroys only with --auto-approve when there is no terminal', () => {
    run(['bundle', 'deploy']);
    const refused = run(['bundle', 'destroy']);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      'Error: this command will destroy all resources deployed by this bundle, including workspace files in the deployment directory.\n' +
        'Deleting data assets such as schemas, pipelines, or volumes may cause permanent data loss and should be carefully reviewed.\n' +
        'To proceed, use --auto-approve.\n',
    ]);
    const ok = run(['bundle', 'destroy', '--auto-approve']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('  delete resources.jobs.demo_job\n');
    expect(ok.stderr).toMatch(/Destroy: 1 deleted\n$/);
    expect(run(['bundle', 'plan']).stdout).toMatch(/^create jobs\.demo_job\n/);
  });

  it('prints the classic deploy progress for CLIs before v1.13', () => {
    const r = run(['bundle', 'deploy'], { env: { FAKE_DATABRICKS_VERSION: '1.12.0' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Uploading bundle files to /Workspace/Users/someone@example.com/.bundle/loyalty_demo/dev/files...\nDeploying resources...\nUpdating deployment state...\nDeployment complete!\n',
    );
  });
});

describe('fake databricks: deployment lock', () => {
  const LOCK_ERROR =
    'Error: Failed to acquire deployment lock: deploy lock acquired by other.user@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override\n\n';

  it('refuses a production deploy while the lock is held, unless --force-lock', () => {
    const env = { FAKE_DATABRICKS_LOCK_HELD: '1' };
    const r = run(['bundle', 'deploy', '-t', 'prod'], { env });
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', SHARED_ROOT_WARNING + LOCK_ERROR]);
    expect(run(['bundle', 'deploy', '-t', 'prod', '--force-lock'], { env }).code).toBe(0);
    // Development mode does not take the lock.
    expect(run(['bundle', 'deploy'], { env }).code).toBe(0);
  });

  it('reads a lock file in the state directory', () => {
    const lockDir = join(bundleDir, '.databricks', 'fake-state', 'loyalty_demo', 'prod');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, 'deploy.lock'), JSON.stringify({ user: 'ci@example.com', acquired_at: '2026-01-02 03:04:05 +0000 UTC' }));
    expect(run(['bundle', 'deploy', '-t', 'prod']).stderr).toBe(
      SHARED_ROOT_WARNING +
        'Error: Failed to acquire deployment lock: deploy lock acquired by ci@example.com at 2026-01-02 03:04:05 +0000 UTC. Use --force-lock to override\n\n',
    );
    expect(run(['bundle', 'deploy', '-t', 'prod', '--force-lock']).code).toBe(0);
    expect(existsSync(join(lockDir, 'deploy.lock'))).toBe(false);
  });
});

describe('fake databricks: injected faults', () => {
  const fail = (spec: string, args: string[], extra: Record<string, string> = {}) => run(args, { env: { FAKE_DATABRICKS_FAIL: spec, ...extra } });

  it('auth: not authenticated', () => {
    const r = fail('deploy:auth', ['bundle', 'deploy']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`${NOT_AUTHENTICATED}. Config: host=${DEV_HOST}`)).toBe(true);
    // Scoped to its subcommand.
    expect(fail('deploy:auth', ['bundle', 'validate']).code).toBe(0);
  });

  it('help: --help fails only when help: is named; unknown-command as cobra says it, or an error', () => {
    expect(fail('*:error', ['bundle', '--help']).code).toBe(0);
    const unknown = fail('help:unknown-command', ['bundle', '--help']);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([1, '', 'Error: unknown command "bundle" for "databricks"\n']);
    const error = fail('help:error', ['bundle', '--help']);
    expect([error.code, error.stdout, error.stderr]).toEqual([1, '', 'Error: something went wrong\n']);
    expect(fail('help:error', ['bundle', 'validate']).code).toBe(0);
  });

  it('profile: missing profile', () => {
    const r = fail('validate:profile', ['bundle', 'validate', '-p', 'dev-ws']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: cannot resolve bundle auth configuration: resolve: \S+ has no dev-ws profile configured\. Config: /);
  });

  it('host: host mismatch', () => {
    const r = fail('plan:host', ['bundle', 'plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: cannot resolve bundle auth configuration: the host in the profile (https://other-workspace.cloud.databricks.com) doesn\u2019t match the host configured in the bundle (${DEV_HOST})\n\n`,
    );
  });

  it('lock: lock held, even in development mode', () => {
    const r = fail('deploy:lock', ['bundle', 'deploy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: Failed to acquire deployment lock: deploy lock acquired by other.user@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override\n\n',
    );
    expect(fail('deploy:lock', ['bundle', 'deploy', '--force-lock']).code).toBe(0);
  });

  it('destructive: plan shows a recreate and deploy wants --auto-approve', () => {
    expect(run(['bundle', 'deploy']).code).toBe(0);
    const id = dig(parseJson(run(['bundle', 'summary', '-o', 'json']).stdout), 'resources', 'jobs', 'demo_job', 'id');
    expect(fail('*:destructive', ['bundle', 'plan']).stdout).toBe('recreate jobs.demo_job\n\nPlan: 1 to add, 0 to change, 1 to delete, 0 unchanged\n');
    const refused = fail('deploy:destructive', ['bundle', 'deploy']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('  recreate resources.jobs.demo_job\n');
    expect(refused.stderr).toMatch(
      /Error: the deployment requires destructive actions, but the current console does not support prompting\.\nDeleting data assets such as schemas, pipelines, or volumes may cause permanent data loss and should be carefully reviewed\.\nTo proceed, use --auto-approve after reviewing the plan above\.\n\n$/,
    );
    const approved = fail('deploy:destructive', ['bundle', 'deploy', '--auto-approve']);
    expect(approved.code).toBe(0);
    expect(approved.stderr).toContain('Recreated jobs.demo_job\n');
    const newId = dig(parseJson(run(['bundle', 'summary', '-o', 'json']).stdout), 'resources', 'jobs', 'demo_job', 'id');
    expect(newId).toMatch(/^\d{15}$/);
    expect(newId).not.toBe(id);
  });

  it('target: no such target', () => {
    const r = fail('summary:target', ['bundle', 'summary', '-t', 'prod']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'Error: prod: no such target. Available targets: dev\n\n']);
  });

  it('yaml: invalid YAML', () => {
    const r = fail('validate:yaml', ['bundle', 'validate', '-o', 'json']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(`Error: failed to load ${join(bundleDir, 'databricks.yml')}: yaml: line 3: mapping values are not allowed in this context\n\n`);
  });

  it('error: generic failure, several faults in one list', () => {
    const env = { FAKE_DATABRICKS_FAIL: 'run:error, validate:target' };
    const r = run(['bundle', 'run', 'demo_job'], { env });
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'Error: something went wrong\n']);
    expect(run(['bundle', 'validate'], { env }).stderr).toBe('Error: dev: no such target. Available targets: prod\n\n');
    expect(run(['bundle', 'plan'], { env }).code).toBe(0);
    expect(fail('version:error', ['--version']).stderr).toBe('Error: something went wrong\n');
  });

  it('slow:<ms> and FAKE_DATABRICKS_DELAY_MS delay, then behave normally', () => {
    let t0 = Date.now();
    const slow = fail('validate:slow:400', ['bundle', 'validate']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(slow.stdout).toMatch(/Validation OK!\n$/);
    t0 = Date.now();
    expect(run(['--version'], { env: { FAKE_DATABRICKS_DELAY_MS: '300' } }).stdout).toBe('Databricks CLI v1.13.0\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('hang: runs until SIGTERM, then dies of it', async () => {
    const events = join(sandbox, 'events');
    const child = spawn(FAKE, ['bundle', 'deploy'], { cwd: bundleDir, env: baseEnv({ FAKE_DATABRICKS_FAIL: 'deploy:hang', FAKE_DATABRICKS_EVENTS: events }), stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // FAKE_DATABRICKS_EVENTS: `hang <subcommand> <pid>` once it hangs.
    const reported = (): string | undefined => {
      const text = existsSync(events) ? readFileSync(events, 'utf8') : '';
      return text.endsWith('\n') ? text : undefined;
    };
    const line = await waitFor(reported, 'the fake to report that it hangs', 20_000);
    expect(line).toBe(`hang deploy ${child.pid}\n`);
    expect(child.exitCode).toBeNull(); // still hanging
    child.kill('SIGTERM');
    const { code, signal } = await exited;
    expect(signal === 'SIGTERM' || code !== 0).toBe(true);
  });
});

describe('fake databricks: hostile output, plan variants, signals, grandchildren', () => {
  const fail = (spec: string, args: string[], extra: Record<string, string> = {}) => run(args, { env: { FAKE_DATABRICKS_FAIL: spec, ...extra } });
  const bytes = (s: string) => Buffer.byteLength(s);

  it('flood:<bytes>: exactly that many bytes on stderr, one line without spaces, with escapes; then the command as usual', () => {
    const r = fail('validate:flood:300000', ['bundle', 'validate', '-o', 'json']);
    expect(r.code).toBe(0);
    const [flood, ...rest] = r.stderr.split('\n');
    expect(rest).toEqual(['']);
    expect(bytes(flood!) + 1).toBe(300000);
    expect(flood).not.toContain(' ');
    for (const c of ['\u001b[31m', '\u001b]8;;', '\u0007', '\u202e', 'deploy_lock_acquired_by_x_at_']) expect(flood).toContain(c);
    expect(dig(parseJson(r.stdout), 'bundle', 'name')).toBe('loyalty_demo');
  });

  it('flood:<bytes>:stdout floods stdout instead; with error the failure comes after it', () => {
    const r = fail('plan:flood:5000:stdout', ['bundle', 'plan', '-o', 'json']);
    expect(bytes(r.stdout.slice(0, r.stdout.indexOf('\n') + 1))).toBe(5000);
    expect(r.stderr).toBe('');
    const failed = fail('deploy:flood:5000,deploy:error', ['bundle', 'deploy']);
    expect(failed.code).toBe(1);
    expect(failed.stderr.endsWith('\nError: something went wrong\n')).toBe(true);
    expect(bytes(failed.stderr)).toBe(5000 + bytes('Error: something went wrong\n'));
  });

  const ACTIONS = ['skip', 'resize', 'update', 'update_id', 'create', 'recreate', 'delete', 'frobnicate'];
  it.each(ACTIONS)('action:%s: every job entry of the plan has that action; its permissions node does not', (action) => {
    const doc = parseJson(fail(`plan:action:${action}`, ['bundle', 'plan', '-o', 'json', '-t', 'prod', '-p', 'prod-ws']).stdout);
    expect(dig(doc, 'plan', 'resources.jobs.demo_job', 'action')).toBe(action);
    expect(dig(doc, 'plan', 'resources.jobs.demo_job.permissions', 'action')).toBe('create');
  });

  it('action:<name> in text: actions as cmd/bundle/plan.go prints them (StringShort), unknown ones not counted', () => {
    const text = (action: string) => fail(`plan:action:${action}`, ['bundle', 'plan']).stdout;
    expect(text('skip')).toBe('Plan: 0 to add, 0 to change, 0 to delete, 1 unchanged\n');
    expect(text('update_id')).toBe('update jobs.demo_job\n\nPlan: 0 to add, 1 to change, 0 to delete, 0 unchanged\n');
    expect(text('recreate')).toBe('recreate jobs.demo_job\n\nPlan: 1 to add, 0 to change, 1 to delete, 0 unchanged\n');
    expect(text('delete')).toBe('delete jobs.demo_job\n\nPlan: 0 to add, 0 to change, 1 to delete, 0 unchanged\n');
    expect(text('frobnicate')).toBe('Plan: 0 to add, 0 to change, 0 to delete, 0 unchanged\n');
  });

  const MALFORMED: [string, (out: string) => void][] = [
    ['null', (out) => expect(out).toBe('null\n')],
    ['array', (out) => expect(out).toBe('[]\n')],
    ['string', (out) => expect(out).toBe('"plan"\n')],
    ['no-plan', (out) => expect(parseJson(out)).toEqual({ plan_version: 2, cli_version: '1.13.0' })],
    ['plan-array', (out) => expect(dig(parseJson(out), 'plan')).toEqual([])],
    ['entry-null', (out) => expect(dig(parseJson(out), 'plan', 'resources.jobs.demo_job')).toBeNull()],
    ['no-action', (out) => expect(dig(parseJson(out), 'plan', 'resources.jobs.demo_job')).not.toHaveProperty('action')],
    ['action-number', (out) => expect(dig(parseJson(out), 'plan', 'resources.jobs.demo_job', 'action')).toBe(7)],
    ['truncated', (out) => expect(() => parseJson(out)).toThrow()],
    ['text', (out) => expect(out).toBe('create jobs.x\n\nPlan: 1 to add, 0 to change, 0 to delete, 0 unchanged\n')],
  ];
  it.each(MALFORMED)('malformed:%s: plan -o json prints something that is not a plan, exit 0', (kind, check) => {
    const r = fail(`plan:malformed:${kind}`, ['bundle', 'plan', '-o', 'json']);
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  it('signal:<SIG>: the process kills itself with that signal', () => {
    expect(fail('deploy:signal:SIGSEGV', ['bundle', 'deploy'])).toMatchObject({ code: null, signal: 'SIGSEGV', stdout: '' });
    expect(fail('validate:signal:SIGKILL', ['bundle', 'validate'])).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(fail('validate:signal:SIGKILL', ['bundle', 'plan']).code).toBe(0);
  });

  it('grandchild: starts a sleeping process in the same process group and records its pid', () => {
    const pids = join(sandbox, 'grandchildren.pids');
    const r = fail('validate:grandchild:30', ['bundle', 'validate'], { FAKE_DATABRICKS_GRANDCHILD_PIDS: pids });
    expect(r.code).toBe(0);
    const pid = Number(readFileSync(pids, 'utf8').trim());
    try {
      const ps = spawnSync('ps', ['-o', 'pgid=,args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
      expect(ps).toMatch(/fake-databricks-grandchild/);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('leak: prints a credential on stderr, in a debug line and in its error', () => {
    const r = fail('run:leak', ['bundle', 'run', 'demo_job'], { DATABRICKS_TOKEN: 'dapi0123456789abcdef0123456789abcdef' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'DEBUG GET /api/2.0/preview/scim/v2/Me\n> * Authorization: Bearer dapi0123456789abcdef0123456789abcdef\nError: 403 Forbidden: token dapi0123456789abcdef0123456789abcdef is not valid for this workspace\n',
    );
    expect(fail('run:leak:s3cr3t-value', ['bundle', 'run', 'demo_job']).stderr).toContain('token s3cr3t-value is not valid');
  });
});

describe('fake databricks: recording', () => {
  it('appends one JSON line per call, failing calls included', () => {
    const log = join(sandbox, 'calls.jsonl');
    run(['bundle', 'validate', '-t', 'dev'], { env: { FAKE_DATABRICKS_LOG: log, DATABRICKS_CONFIG_PROFILE: 'dev-ws' } });
    run(['bundle', 'deploy', '--bogus'], { env: { FAKE_DATABRICKS_LOG: log } });
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map(parseJson);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ argv: ['bundle', 'validate', '-t', 'dev'], cwd: bundleDir, profileEnv: 'dev-ws' });
    expect(lines[1]).toMatchObject({ argv: ['bundle', 'deploy', '--bogus'], profileEnv: null });
    expect(typeof dig(lines[0], 't')).toBe('number');
    expect(Math.abs(Number(dig(lines[1], 't')) - Date.now())).toBeLessThan(60_000);
  });

  it('keeps lines whole under concurrent calls', async () => {
    const log = join(sandbox, 'concurrent.jsonl');
    const n = 12;
    await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise<void>((done, failed) => {
            const c = spawn(FAKE, ['--version', `--debug=${i % 2 === 0}`], { cwd: sandbox, env: baseEnv({ FAKE_DATABRICKS_LOG: log }), stdio: 'ignore' });
            c.on('exit', () => done());
            c.on('error', failed);
          }),
      ),
    );
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(n);
    for (const l of lines) expect(dig(parseJson(l), 'argv', 0)).toBe('--version');
  });
});

describe('fake databricks: jobs and runs in the workspace', () => {
  /** The demo job with a DAG: setup, then clean and summary, then gold (tags say which pipeline it is). */
  const DAG_YML = BUNDLE_YML.replace('        project: loyalty2.0\n', '        project: loyalty2.0\n        pipeline: demo\n').replace(
    / {6}tasks:\n[\s\S]*?environment: \$\{bundle\.target\}\n/,
    ['setup', 'clean:setup', 'summary:setup', 'gold:clean,summary']
      .map((spec) => {
        const [key, deps] = spec.split(':');
        const dependsOn = deps ? `          depends_on:\n${deps.split(',').map((d) => `            - task_key: ${d}\n`).join('')}` : '';
        return `        - task_key: ${key}\n${dependsOn}          job_cluster_key: main\n          notebook_task:\n            notebook_path: ./notebooks/ingest.py\n`;
      })
      .join('')
      .replace(/^/, '      tasks:\n'),
  );
  /** Workspace commands run outside the bundle, with a profile, as loyalty-wizard runs them. */
  const ws = (args: string[], env: Record<string, string | undefined> = {}, profile = 'dev-ws') => run([...args, '-p', profile], { cwd: sandbox, env });
  const json = (r: Result): unknown => {
    expect(r.code, r.stderr).toBe(0);
    return parseJson(r.stdout);
  };
  const deployDag = (target = 'dev') => {
    writeBundle(DAG_YML);
    expect(run(['bundle', 'deploy', '-t', target, '--auto-approve']).code).toBe(0);
    const jobs = json(ws(['jobs', 'list', '-o', 'json'], {}, target === 'dev' ? 'dev-ws' : 'prod-ws')) as { job_id: number }[];
    return jobs[0]!.job_id;
  };
  const seed = (runs: unknown) => {
    const file = join(sandbox, 'runs.json');
    writeFileSync(file, JSON.stringify(runs));
    return { FAKE_DATABRICKS_RUNS: file };
  };
  const states = (r: unknown) => (dig(r, 'tasks') as unknown[]).map((t) => [dig(t, 'task_key'), dig(t, 'state', 'life_cycle_state'), dig(t, 'state', 'result_state') ?? null]);

  it('jobs list: a JSON array of the jobs deployed to the profile’s host, tasks only with --expand-tasks; --limit is the total', () => {
    const id = deployDag();
    expect(run(['bundle', 'deploy', '-t', 'prod']).code).toBe(0);
    const list = json(ws(['jobs', 'list', '-o', 'json'])) as unknown[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ job_id: id, creator_user_name: 'someone@example.com', settings: { name: '[dev someone] [Loyalty2.0] [dev] Demo', tags: { dev: 'someone', project: 'loyalty2.0', pipeline: 'demo' } } });
    expect(dig(list[0], 'settings', 'schedule', 'pause_status')).toBe('PAUSED');
    expect(typeof dig(list[0], 'created_time')).toBe('number');
    expect(dig(list[0], 'settings', 'tasks')).toBeUndefined();
    expect((dig(json(ws(['jobs', 'list', '--expand-tasks', '-o', 'json'])), 0, 'settings', 'tasks') as unknown[]).length).toBe(4);
    const prod = json(ws(['jobs', 'list', '-o', 'json'], {}, 'prod-ws')) as unknown[];
    expect(prod.map((j) => dig(j, 'settings', 'name'))).toEqual(['[Loyalty2.0] [prod] Demo']);
    expect(dig(prod[0], 'settings', 'tags', 'dev')).toBeUndefined();
    expect(dig(prod[0], 'settings', 'schedule', 'pause_status')).toBe('UNPAUSED');
    const withDeclared = { FAKE_DATABRICKS_JOBS: JSON.stringify({ '123': { name: 'Hand made' } }) };
    expect((json(ws(['jobs', 'list', '-o', 'json'], withDeclared)) as unknown[]).map((j) => dig(j, 'job_id'))).toEqual([123, id].sort((a, b) => a - b));
    expect(json(ws(['jobs', 'list', '--limit', '1', '-o', 'json'], withDeclared))).toHaveLength(1);
    expect(ws(['jobs', 'list']).stdout).toBe(`${id} [dev someone] [Loyalty2.0] [dev] Demo\n`);
  });

  it('each developer’s dev deployment is their own: own state, own job id, own dev tag', () => {
    const mine = deployDag();
    expect(run(['bundle', 'deploy'], { env: { FAKE_DATABRICKS_USER: 'Other.Dev@example.com' } }).code).toBe(0);
    const list = json(ws(['jobs', 'list', '-o', 'json'])) as unknown[];
    expect(list.map((j) => [dig(j, 'settings', 'tags', 'dev'), dig(j, 'creator_user_name')]).sort()).toEqual([
      ['other_dev', 'Other.Dev@example.com'],
      ['someone', 'someone@example.com'],
    ]);
    expect(list.map((j) => dig(j, 'job_id'))).toContain(mine);
    expect(existsSync(join(bundleDir, '.databricks', 'fake-state', 'loyalty_demo', 'dev~other_dev', 'state.json'))).toBe(true);
  });

  it('jobs get: the job with its tasks; an unknown id fails with the API’s message', () => {
    const id = deployDag();
    const job = json(ws(['jobs', 'get', String(id), '-o', 'json']));
    expect(dig(job, 'run_as_user_name')).toBe('someone@example.com');
    expect((dig(job, 'settings', 'tasks') as unknown[]).map((t) => dig(t, 'task_key'))).toEqual(['clean', 'gold', 'setup', 'summary']);
    expect(ws(['jobs', 'get', '1234', '-o', 'json'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error: Job 1234 does not exist.\n' });
    expect(ws(['jobs', 'get', 'abc'])).toMatchObject({ code: 1, stderr: 'Error: invalid JOB_ID: abc\n' });
  });

  it('flags are checked like cobra: unknown flags, integers, a negative --limit', () => {
    expect(ws(['jobs', 'list', '--bogus'])).toMatchObject({ code: 1, stderr: 'Error: unknown flag: --bogus\n' });
    expect(ws(['jobs', 'list-runs', '--limit', 'x'])).toMatchObject({ code: 1, stderr: 'Error: invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax\n' });
    expect(ws(['jobs', 'list-runs', '--limit', '-1'])).toMatchObject({ code: 1, stderr: 'Error: --limit must be a non-negative integer, got -1\n' });
    expect(ws(['jobs', 'list', 'extra'])).toMatchObject({ code: 1, stderr: 'Error: accepts 0 arg(s), received 1\n' });
    expect(ws(['jobs', 'run-now', '1'])).toMatchObject({ code: 1, stderr: 'Error: fake databricks: "jobs run-now" is not simulated\n' });
  });

  it('current-user me: the user FAKE_DATABRICKS_USER names, as SCIM returns it', () => {
    const me = json(ws(['current-user', 'me', '-o', 'json'], { FAKE_DATABRICKS_USER: 'Jane.Doe@example.com' }));
    expect(me).toMatchObject({ active: true, userName: 'Jane.Doe@example.com', emails: [{ primary: true, type: 'work', value: 'Jane.Doe@example.com' }] });
  });

  it('list-runs: seeded runs in every state, newest first, with the API’s states; --limit is the total', () => {
    const id = deployDag();
    const env = seed({
      demo: [
        'running',
        { state: 'failed', task: 'clean', message: 'Table not found: silver.orders', trace: 'Traceback (most recent call last):\nAnalysisException: Table not found: silver.orders' },
        { state: 'success', duration_minutes: 45 },
        'timedout',
        'canceled',
        'skipped',
        'internal_error',
        'pending',
      ],
    });
    const runs = json(ws(['jobs', 'list-runs', '--job-id', String(id), '--expand-tasks', '-o', 'json'], env)) as unknown[];
    expect(runs.map((r) => [dig(r, 'state', 'life_cycle_state'), dig(r, 'state', 'result_state') ?? null])).toEqual([
      ['RUNNING', null],
      ['PENDING', null],
      ['INTERNAL_ERROR', 'FAILED'],
      ['TERMINATED', 'SUCCESS'],
      ['TERMINATED', 'TIMEDOUT'],
      ['TERMINATED', 'CANCELED'],
      ['SKIPPED', null],
      ['INTERNAL_ERROR', null],
    ]);
    const starts = runs.map((r) => dig(r, 'start_time') as number);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const failed = runs[2];
    expect(dig(failed, 'state', 'state_message')).toBe('Task clean failed with message: Table not found: silver.orders.');
    expect(states(failed)).toEqual([
      ['setup', 'TERMINATED', 'SUCCESS'],
      ['clean', 'TERMINATED', 'FAILED'],
      ['summary', 'TERMINATED', 'SUCCESS'],
      ['gold', 'TERMINATED', 'UPSTREAM_FAILED'],
    ]);
    expect(states(runs[0])).toEqual([
      ['setup', 'RUNNING', null],
      ['clean', 'BLOCKED', null],
      ['summary', 'BLOCKED', null],
      ['gold', 'BLOCKED', null],
    ]);
    expect(dig(runs[3], 'run_duration')).toBe(45 * 60_000);
    expect(dig(runs[3], 'run_page_url')).toBe(`${DEV_HOST}/?o=900800700600#job/${id}/run/${dig(runs[3], 'run_id') as number}`);
    expect(json(ws(['jobs', 'list-runs', '--job-id', String(id), '--limit', '3', '-o', 'json'], env))).toHaveLength(3);
    expect(dig(json(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'], env)), 0, 'tasks')).toBeUndefined();
    expect(json(ws(['jobs', 'list-runs', '--job-id', String(id), '--active-only', '-o', 'json'], env))).toHaveLength(2);

    const failedTask = (dig(failed, 'tasks') as unknown[])[1];
    const output = json(ws(['jobs', 'get-run-output', String(dig(failedTask, 'run_id')), '-o', 'json'], env));
    expect(output).toMatchObject({ error: 'AnalysisException: Table not found: silver.orders', error_trace: 'Traceback (most recent call last):\nAnalysisException: Table not found: silver.orders' });
    expect(dig(output, 'metadata', 'task_key')).toBe('clean');
    expect(ws(['jobs', 'get-run-output', String(dig(failed, 'run_id')), '-o', 'json'], env)).toMatchObject({
      code: 1,
      stderr: 'Error: Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.\n',
    });
    expect(ws(['jobs', 'list-runs', '--job-id', '99', '-o', 'json'], env)).toMatchObject({ code: 1, stderr: 'Error: Job 99 does not exist.\n' });
  });

  it('a run bundle run started: PENDING, then RUNNING task by task in DAG order, then the result FAKE_DATABRICKS_RUN_RESULT says', () => {
    const id = deployDag();
    const started = run(['bundle', 'run', 'demo_job', '--no-wait'], { env: { FAKE_DATABRICKS_RUN_RESULT: 'failed:summary' } });
    expect(started.code).toBe(0);
    const runId = /\/runs\/(\d+)\?/.exec(started.stderr)![1]!;
    expect(dig(json(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'])), 0, 'run_id')).toBe(Number(runId));
    const polls: unknown[][] = [];
    const ended = new Map<unknown, unknown>();
    for (let i = 0; i < 6; i++) {
      const r = json(ws(['jobs', 'get-run', runId, '-o', 'json']));
      polls.push([dig(r, 'state', 'life_cycle_state'), (dig(r, 'tasks') as unknown[]).filter((t) => dig(t, 'state', 'life_cycle_state') === 'RUNNING').map((t) => dig(t, 'task_key'))[0] ?? null]);
      // A task that has ended keeps its result: the failing task is FAILED from the first poll that shows it ended.
      for (const [key, , result] of states(r)) {
        if (result && ended.has(key)) expect([key, result]).toEqual([key, ended.get(key)]);
        if (result) ended.set(key, result);
      }
    }
    expect(polls).toEqual([
      ['PENDING', null],
      ['RUNNING', 'setup'],
      ['RUNNING', 'clean'],
      ['RUNNING', 'summary'],
      ['RUNNING', null], // gold never runs: summary, which it depends on, has failed
      ['INTERNAL_ERROR', null],
    ]);
    const last = json(ws(['jobs', 'get-run', runId, '-o', 'json']));
    expect(dig(last, 'state')).toEqual({ life_cycle_state: 'INTERNAL_ERROR', result_state: 'FAILED', state_message: 'Task summary failed with message: Workload failed, see run output for details.' });
    expect(states(last).map((s) => s[2])).toEqual(['SUCCESS', 'SUCCESS', 'FAILED', 'UPSTREAM_FAILED']);
  });

  it('FAKE_DATABRICKS_RUN_POLLS=1: the first poll RUNNING, the next the end, like the CLI’s test server', () => {
    deployDag();
    const env = { FAKE_DATABRICKS_RUN_POLLS: '1', FAKE_DATABRICKS_RUN_RESULT: 'timedout' };
    const runId = /\/runs\/(\d+)\?/.exec(run(['bundle', 'run', 'demo_job', '--no-wait']).stderr)![1]!;
    expect(dig(json(ws(['jobs', 'get-run', runId, '-o', 'json'], env)), 'state', 'life_cycle_state')).toBe('RUNNING');
    expect(dig(json(ws(['jobs', 'get-run', runId, '-o', 'json'], env)), 'state')).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'TIMEDOUT' });
  });

  it('a run bundle run waited for has ended; cancel-run ends a run under way as CANCELED and leaves a finished one', () => {
    const id = deployDag();
    expect(run(['bundle', 'run', 'demo_job']).code).toBe(0);
    expect(dig(json(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'])), 0, 'state', 'result_state')).toBe('SUCCESS');
    const runId = /\/runs\/(\d+)\?/.exec(run(['bundle', 'run', 'demo_job', '--no-wait']).stderr)![1]!;
    json(ws(['jobs', 'get-run', runId, '-o', 'json']));
    json(ws(['jobs', 'get-run', runId, '-o', 'json']));
    expect(ws(['jobs', 'cancel-run', runId, '--no-wait'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const canceled = json(ws(['jobs', 'get-run', runId, '-o', 'json']));
    expect(dig(canceled, 'state', 'result_state')).toBe('CANCELED');
    expect(states(canceled).map((s) => s[2])).toEqual(['SUCCESS', 'CANCELED', 'UPSTREAM_CANCELED', 'UPSTREAM_CANCELED']);
    expect(dig(json(ws(['jobs', 'cancel-run', runId, '-o', 'json'])), 'state', 'result_state')).toBe('CANCELED');
    expect(ws(['jobs', 'cancel-run', '42', '--no-wait'])).toMatchObject({ code: 1, stderr: 'Error: Run 42 does not exist.\n' });
    expect(ws(['jobs', 'get-run', '42', '-o', 'json'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error: Run 42 does not exist.\n' });
  });

  it('cancel-run ends a seeded run under way (kept in the state directory)', () => {
    const id = deployDag();
    const env = seed({ [String(id)]: ['running'] });
    const runId = String(dig(json(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'], env)), 0, 'run_id'));
    expect(ws(['jobs', 'cancel-run', runId, '--no-wait'], env).code).toBe(0);
    expect(dig(json(ws(['jobs', 'get-run', runId, '-o', 'json'], env)), 'state', 'result_state')).toBe('CANCELED');
  });

  it('faults: auth, an error or a missing job aimed at one pipeline, garbage output', () => {
    const id = deployDag();
    const auth = ws(['jobs', 'list', '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'list:auth' });
    expect(auth.code).toBe(1);
    expect(auth.stderr.startsWith(NOT_AUTHENTICATED)).toBe(true);
    expect(ws(['current-user', 'me', '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'list:auth' }).code).toBe(0);
    const aimed = { FAKE_DATABRICKS_FAIL: 'list-runs:error:demo,get-run:missing' };
    expect(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'], aimed)).toMatchObject({ code: 1, stderr: 'Error: something went wrong\n' });
    expect(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'list-runs:error:other' }).code).toBe(0);
    const runId = /\/runs\/(\d+)\?/.exec(run(['bundle', 'run', 'demo_job', '--no-wait']).stderr)![1]!;
    expect(ws(['jobs', 'get-run', runId, '-o', 'json'], aimed)).toMatchObject({ code: 1, stderr: `Error: Run ${runId} does not exist.\n` });
    expect(ws(['jobs', 'get', String(id), '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'get:missing:demo' }).stderr).toBe(`Error: Job ${id} does not exist.\n`);
    const truncated = ws(['jobs', 'list', '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'list:malformed:truncated' });
    expect(truncated.code).toBe(0);
    expect(() => parseJson(truncated.stdout)).toThrow();
    expect(ws(['jobs', 'list-runs', '--job-id', String(id), '-o', 'json'], { FAKE_DATABRICKS_FAIL: 'list-runs:malformed:object:demo' }).stdout).toBe('{}\n');
  });

  it('FAKE_DATABRICKS_SPANS: a line per call once it is done, with its start and end', () => {
    const spans = join(sandbox, 'spans.jsonl');
    ws(['jobs', 'list', '-o', 'json'], { FAKE_DATABRICKS_SPANS: spans });
    ws(['jobs', 'bogus'], { FAKE_DATABRICKS_SPANS: spans });
    const lines = readFileSync(spans, 'utf8').trim().split('\n').map((l) => parseJson(l));
    expect(lines.map((l) => [dig(l, 'argv', 1), dig(l, 'code')])).toEqual([
      ['list', 0],
      ['bogus', 1],
    ]);
    for (const l of lines) expect(dig(l, 'end') as number).toBeGreaterThanOrEqual(dig(l, 'start') as number);
  });
});

describe('fake databricks: api post /api/2.0/sql/statements', () => {
  const TABLE = 'loyalty_dev.silver_db.data_quality_results';
  const SQL = [
    'SELECT pipeline, check_name, checked_at, passed',
    'FROM `loyalty_dev`.`silver_db`.`data_quality_results`',
    'WHERE environment = :environment AND pipeline IN (:pipeline_0, :pipeline_1)',
    'QUALIFY row_number() OVER (PARTITION BY pipeline, step, check_name ORDER BY checked_at DESC) = 1',
  ].join('\n');
  const params = (env: string, ...pipelines: string[]) => [{ name: 'environment', value: env, type: 'STRING' }, ...pipelines.map((value, i) => ({ name: `pipeline_${i}`, value, type: 'STRING' }))];
  const post = (body: Record<string, unknown>, env: Record<string, string | undefined> = {}) =>
    run(['api', 'post', '/api/2.0/sql/statements', '--json', JSON.stringify({ warehouse_id: '0123456789abcdef', wait_timeout: '30s', on_wait_timeout: 'CANCEL', format: 'JSON_ARRAY', disposition: 'INLINE', ...body }), '-p', 'dev-ws', '-o', 'json'], { cwd: sandbox, env });
  const seeded = () => {
    const file = join(sandbox, 'quality.json');
    writeFileSync(
      file,
      JSON.stringify({
        [TABLE]: [
          { pipeline: 'a', environment: 'dev', check_name: 'c1', minutes_ago: 10, passed: false },
          { pipeline: 'a', environment: 'dev', check_name: 'c1', minutes_ago: 100, passed: true },
          { pipeline: 'b', environment: 'dev', check_name: 'c1', minutes_ago: 10 },
          { pipeline: 'c', environment: 'dev', check_name: 'c1', minutes_ago: 10 },
          { pipeline: 'a', environment: 'prod', check_name: 'c1', minutes_ago: 10 },
        ],
      }),
    );
    return { FAKE_DATABRICKS_QUALITY: file };
  };
  const rowsOf = (r: Result) => {
    expect(r.code, r.stderr).toBe(0);
    const doc = parseJson(r.stdout);
    expect(dig(doc, 'status', 'state')).toBe('SUCCEEDED');
    expect((dig(doc, 'manifest', 'schema', 'columns') as { name: string }[]).map((c) => c.name)).toEqual(['pipeline', 'check_name', 'checked_at', 'passed']);
    return ((dig(doc, 'result', 'data_array') ?? []) as (string | null)[][]).map((row) => [row[0], row[3]]);
  };

  it('answers from the seeded rows, filtered by the parameters’ values, the latest of each check', () => {
    expect(rowsOf(post({ statement: SQL, parameters: params('dev', 'a', 'b') }, seeded()))).toEqual([
      ['a', 'false'],
      ['b', 'true'],
    ]);
    expect(rowsOf(post({ statement: SQL, parameters: params('prod', 'a', 'b') }, seeded()))).toEqual([['a', 'true']]);
    expect(rowsOf(post({ statement: SQL.replace('(:pipeline_0, :pipeline_1)', '(:pipeline_0)'), parameters: params('dev', 'c') }, seeded()))).toEqual([['c', 'true']]);
    expect(rowsOf(post({ statement: SQL, parameters: params('dev', 'a', 'b') }))).toEqual([]);
  });

  it('a parameter the statement names but the body lacks, a table not seeded, a denied grant, a cancelled statement: FAILED or CANCELED, exit 0', () => {
    const state = (r: Result) => [r.code, dig(parseJson(r.stdout), 'status', 'state'), String(dig(parseJson(r.stdout), 'status', 'error', 'message') ?? '')];
    expect(state(post({ statement: SQL, parameters: params('dev', 'a') }, seeded()))).toEqual([0, 'FAILED', expect.stringContaining('[UNBOUND_SQL_PARAMETER]') as string]);
    const other = post({ statement: SQL.replace('silver_db', 'dev_x_silver_db'), parameters: params('dev', 'a', 'b') }, seeded());
    expect(state(other)).toEqual([0, 'FAILED', expect.stringContaining('[TABLE_OR_VIEW_NOT_FOUND] The table or view `loyalty_dev`.`dev_x_silver_db`.`data_quality_results` cannot be found') as string]);
    expect(state(post({ statement: SQL, parameters: params('dev', 'a', 'b') }, { FAKE_DATABRICKS_FAIL: 'post:missing' }))[2]).toContain('TABLE_OR_VIEW_NOT_FOUND');
    expect(state(post({ statement: SQL, parameters: params('dev', 'a', 'b') }, { FAKE_DATABRICKS_FAIL: 'post:denied' }))[2]).toContain(`[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table '${TABLE}'.`);
    expect(state(post({ statement: SQL, parameters: params('dev', 'a', 'b') }, { FAKE_DATABRICKS_FAIL: 'post:canceled' }))).toEqual([0, 'CANCELED', '']);
  });

  it('API errors print as the CLI prints them, exit 1: no such warehouse, no use of it, auth', () => {
    const body = { statement: SQL, parameters: params('dev', 'a', 'b') };
    expect(post(body, { FAKE_DATABRICKS_WAREHOUSES: '{"ffffffffffffffff":{}}' })).toMatchObject({ code: 1, stdout: '', stderr: 'Error: Warehouse 0123456789abcdef does not exist.\n' });
    expect(post(body, { FAKE_DATABRICKS_FAIL: 'post:denied:warehouse' })).toMatchObject({ code: 1, stderr: 'Error: PERMISSION_DENIED: You do not have permission to use the SQL warehouse 0123456789abcdef.\n' });
    expect(post(body, { FAKE_DATABRICKS_FAIL: 'post:auth' }).stderr.startsWith(NOT_AUTHENTICATED)).toBe(true);
    expect(post(body, { FAKE_DATABRICKS_FAIL: 'post:malformed:null' })).toMatchObject({ code: 0, stdout: 'null\n' });
    expect(run(['api', 'get', '/api/2.0/sql/statements/x', '-p', 'dev-ws'], { cwd: sandbox }).stderr).toContain('is not simulated');
  });
});
