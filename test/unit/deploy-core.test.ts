import { describe, expect, it } from 'vitest';
import {
  decideApproval,
  describePlan,
  describeWarehouse,
  explainCliFailure,
  importantStderrLines,
  normalizeHost,
  parseDatabricksCfg,
  parseRunParams,
  parseWarehouse,
  runParamsArgs,
  runsSqlTasks,
  summarizePlan,
  unknownRunParams,
} from '../../src/core/index.js';

const CFG = `; The profile defined in the DEFAULT section is to be used as a fallback when no profile is explicitly specified.
[DEFAULT]

[dev-ws]
host         = https://loyalty-dev.cloud.databricks.com/
workspace_id = 123
auth_type    = databricks-cli

[prod-ws]
host  = https://loyalty-prod.cloud.databricks.com # the prod one
token = dapi-secret-value

[stale]
host = https://loyalty-dev.cloud.databricks.com

[__settings__]
default_profile = dev-ws
`;

describe('parseDatabricksCfg', () => {
  const cfg = parseDatabricksCfg(CFG);
  it('reads profiles with hosts, skipping an empty DEFAULT and __settings__', () => {
    expect(cfg.profiles.map((p) => [p.name, p.host])).toEqual([
      ['dev-ws', 'https://loyalty-dev.cloud.databricks.com/'],
      ['prod-ws', 'https://loyalty-prod.cloud.databricks.com'],
      ['stale', 'https://loyalty-dev.cloud.databricks.com'],
    ]);
    expect(cfg.defaultProfile).toBe('dev-ws');
  });
  it('knows a profile has credentials without keeping them', () => {
    expect(cfg.profiles.map((p) => p.hasCredentials)).toEqual([true, true, false]);
    expect(JSON.stringify(cfg)).not.toContain('dapi-secret-value');
  });
  it('normalizes hosts for comparison', () => {
    expect(normalizeHost('HTTPS://Loyalty-Dev.cloud.databricks.com/')).toBe('https://loyalty-dev.cloud.databricks.com');
    expect(normalizeHost('loyalty-dev.cloud.databricks.com')).toBe('https://loyalty-dev.cloud.databricks.com');
  });
});

describe('explainCliFailure', () => {
  const ctx = { host: 'https://h.example.com', profile: 'dev-ws', target: 'dev', pipeline: 'orders' };
  const cases: [string, string, string | RegExp][] = [
    ['not-authenticated', 'Error: default auth: cannot configure default credentials, please check https://docs.databricks.com/en/dev-tools/auth.html#databricks-client-unified-authentication to configure credentials', 'databricks auth login --host https://h.example.com --profile dev-ws'],
    ['profile-missing', 'Error: cannot resolve bundle auth configuration: resolve: /home/u/.databrickscfg has no dev-ws profile configured', 'databricks auth login --host https://h.example.com --profile dev-ws'],
    ['host-mismatch', 'Error: cannot resolve bundle auth configuration: the host in the profile (https://a) doesn’t match the host configured in the bundle (https://b). The profile "other" has host="https://b" that matches host in the bundle. To select it, pass "-p other"', 'use --profile other'],
    ['lock-held', 'Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override', /--force-lock/],
    ['destructive', 'Error: the deployment requires destructive actions, but the current console does not support prompting. Please specify --auto-approve', '--yes --allow-deletes'],
    ['no-such-target', 'Error: qa: no such target. Available targets: dev, prod, staging', 'regenerate it: npx loyalty-wizard generate orders'],
    ['invalid-yaml', 'Error: failed to load /x/databricks.yml: yaml: line 3: mapping values are not allowed', /generate orders/],
  ];
  for (const [kind, stderr, fix] of cases) {
    it(kind, () => {
      const e = explainCliFailure(stderr, ctx);
      expect(e.kind).toBe(kind);
      if (typeof fix === 'string') expect(e.fix).toContain(fix);
      else expect(e.fix).toMatch(fix);
    });
  }
  it('names who holds the lock and since when', () => {
    const e = explainCliFailure('Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override', ctx);
    expect(e.cause).toBe('another deploy holds the lock: jane@example.com since 2026-11-25 10:00:00 +0000 UTC');
  });
  it('keeps error lines and their details, drops progress', () => {
    const stderr = 'Uploading bundle files...\nError: something broke\n  in databricks.yml:3:1\n\nDeploying resources...\n';
    expect(importantStderrLines(stderr)).toEqual(['Error: something broke', '  in databricks.yml:3:1']);
  });
});

describe('plans and approval', () => {
  const plan = summarizePlan({
    plan: { 'resources.jobs.orders': { action: 'update' }, 'resources.jobs.old': { action: 'delete' }, 'resources.jobs.x': { action: 'skip' } },
  });
  it('counts actions and flags destructive plans', () => {
    expect(plan).toMatchObject({ create: 0, change: 1, delete: 1, unchanged: 1, destructive: true });
    expect(describePlan(plan)).toEqual(['delete jobs.old', 'update jobs.orders', 'Plan: 0 to add, 1 to change, 1 to delete, 1 unchanged']);
  });
  const safe = summarizePlan({ plan: { 'resources.jobs.orders': { action: 'create' } } });
  const base = { pipeline: 'orders', yes: false, allowDeletes: false, interactive: true };
  it('dev deploys without asking; staging confirms; prod types the name', () => {
    expect(decideApproval({ ...base, env: 'dev', plan: safe })).toEqual({ prompt: 'none', autoApprove: false });
    expect(decideApproval({ ...base, env: 'staging', plan: safe })).toEqual({ prompt: 'confirm', autoApprove: false });
    expect(decideApproval({ ...base, env: 'prod', plan: safe })).toEqual({ prompt: 'type-name', autoApprove: false });
    expect(decideApproval({ ...base, env: 'prod', plan: safe, yes: true })).toEqual({ prompt: 'none', autoApprove: false });
  });
  it('destructive plans ask in every env; --yes alone does not cover them', () => {
    expect(decideApproval({ ...base, env: 'dev', plan })).toEqual({ prompt: 'confirm', autoApprove: true });
    expect(decideApproval({ ...base, env: 'prod', plan, yes: true })).toEqual({ prompt: 'type-name', autoApprove: true });
    expect(decideApproval({ ...base, env: 'prod', plan, yes: true, allowDeletes: true })).toEqual({ prompt: 'none', autoApprove: true });
  });
  it('without a terminal, anything that would ask is refused', () => {
    expect(decideApproval({ ...base, interactive: false, env: 'prod', plan: safe })).toMatchObject({ refuse: expect.stringMatching(/needs approval/), hint: expect.stringMatching(/--yes$/) });
    expect(decideApproval({ ...base, interactive: false, env: 'dev', plan, yes: true })).toMatchObject({ hint: expect.stringMatching(/--yes --allow-deletes$/) });
    expect(decideApproval({ ...base, interactive: false, env: 'dev', plan: safe })).toEqual({ prompt: 'none', autoApprove: false });
  });
});

describe('run parameters (--params), read as `databricks bundle run` reads them', () => {
  it('one pair per flag keeps its commas; several pairs are a CSV record; the flag repeats', () => {
    expect(parseRunParams(['bronze_table=events,window_days=7', 'environment=dev'])).toEqual({ params: { bronze_table: 'events', window_days: '7', environment: 'dev' } });
    expect(parseRunParams(['topics=a,b'])).toEqual({ params: { topics: 'a,b' } });
    expect(parseRunParams(['"topics=a,b",x=1'])).toEqual({ params: { topics: 'a,b', x: '1' } });
    expect(parseRunParams(['note=a=b'])).toEqual({ params: { note: 'a=b' } });
    expect(parseRunParams(['"note=say ""hi"" now",x=1'])).toEqual({ params: { note: 'say "hi" now', x: '1' } });
    expect(parseRunParams(['a=say "hi"'])).toEqual({ params: { a: 'say "hi' } });
    expect(parseRunParams([])).toEqual({ params: {} });
  });

  it('refuses what the CLI could not read back: no name, a name twice, control characters, broken quoting', () => {
    expect(parseRunParams(['=x'])).toEqual({ error: '"=x" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['justtext'])).toEqual({ error: '"justtext" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['a=1', 'a=2'])).toEqual({ error: 'a is given twice' });
    expect(parseRunParams(['a=x\u001b[31m'])).toEqual({ error: 'the value of a contains a control character' });
    expect(parseRunParams(['\u001b[2J=1'])).toEqual({ error: '"?[2J=1" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['a="1,b=2'])).toEqual({ error: '"a="1,b=2" is not a valid list of name=value pairs (quote a pair that holds a comma: "name=a,b")' });
    expect(parseRunParams(['"a=say ""hi""",b=1'])).toEqual({ error: 'the value of a ends with a double quote, which the Databricks CLI would drop' });
  });

  it('names only the job declares; every pair goes back as its own flag the CLI reads the same way', () => {
    expect(unknownRunParams({ catalog: 'x', nope: 'y' }, ['catalog', 'pipeline'])).toEqual(['nope']);
    const params = { catalog: 'x', topics: 'a,b', note: 'k=v,"q"' };
    const args = runParamsArgs(params);
    expect(args).toEqual(['--params', 'catalog=x', '--params', 'topics=a,b', '--params', '"note=k=v,""q"""']);
    expect(parseRunParams(args.filter((_, i) => i % 2 === 1))).toEqual({ params });
    expect(runParamsArgs({})).toEqual([]);
  });
});

describe('explainCliFailure: the failures this issue added', () => {
  it('a prod deploy from the wrong branch names both branches and where to deploy from', () => {
    const stderr = 'Error: not on the right Git branch:\n  expected according to configuration: main\n  actual: feature/x\nuse --force to override\n';
    expect(explainCliFailure(stderr, { target: 'prod' })).toEqual({
      kind: 'git-branch',
      cause: 'config/prod.yml deploys only from branch main, and this checkout is on feature/x',
      fix: 'deploy prod from main (git checkout main), e.g. from CI after the merge',
    });
  });

  it('--params on a job deployed before it had job parameters: redeploy first', () => {
    const stderr = 'Error: the job to run does not define job parameters; specifying job parameters is not allowed\n';
    expect(explainCliFailure(stderr, { target: 'dev', pipeline: 'orders' })).toMatchObject({ kind: 'job-parameters', fix: 'deploy it again first: npx loyalty-wizard deploy orders --env dev' });
  });
});

describe('SQL warehouses for SQL file tasks', () => {
  it('Pro and Serverless run them, Classic does not', () => {
    expect(runsSqlTasks(parseWarehouse({ warehouse_type: 'PRO', enable_serverless_compute: false }, 'a'))).toBe(true);
    expect(runsSqlTasks(parseWarehouse({ warehouse_type: 'PRO', enable_serverless_compute: true }, 'a'))).toBe(true);
    const classic = parseWarehouse({ name: 'old', warehouse_type: 'CLASSIC' }, 'abc');
    expect(runsSqlTasks(classic)).toBe(false);
    expect(describeWarehouse(classic)).toBe('"old" (abc), Classic');
    expect(runsSqlTasks(parseWarehouse('not json', 'x'))).toBe(false);
  });
});
