import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputCollector } from '../../src/databricks/output-collector.js';
import { approvalMessage } from '../../src/deploy/approve-text.js';
import { explainCliKilled, STDERR_TAIL_CHARS } from '../../src/core/cli-failures.js';
import { describeRisk, describeRisks, MalformedPlanError, PLAN_ACTIONS, planDocumentProblem } from '../../src/core/deploy-policy.js';
import { isSecretVariable, knownSecretsIn, MIN_SECRET_LENGTH, redactSecrets } from '../../src/core/redact-secrets.js';
import { REPO } from '../helpers/fixtures.js';
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

// ---------------------------------------------------------------------------
// Issue 9: plans by action, bounded and linear reading of CLI output, secrets
// ---------------------------------------------------------------------------

const ACTION_GO = join(REPO, '..', '.mirror', 'databricks+cli', 'repo');

/** The action names bundle/deployplan/action.go declares, when the CLI's source is mirrored here. */
function actionsInActionGo(): string[] | undefined {
  const r = spawnSync('git', ['-C', ACTION_GO, 'show', 'HEAD:bundle/deployplan/action.go'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return [...r.stdout.matchAll(/ActionType = "([^"]+)"/g)].map((m) => m[1]!);
}

/** [action, needs the approval a delete needs] */
const ACTION_CASES: [string, boolean][] = [
  ['skip', false],
  ['resize', false],
  ['update', false],
  ['create', false],
  ['update_id', true],
  ['recreate', true],
  ['delete', true],
  // Anything else: what a newer CLI might add, or garbage.
  ['frobnicate', true],
  ['UPDATE', true],
  ['update ', true],
  ['Delete', true],
  ['skip_all', true],
  ['\u001b[2Jdelete', true],
];

describe('plan approval by action', () => {
  const planWith = (action: string) => summarizePlan({ plan: { 'resources.jobs.etl': { action }, 'resources.jobs.etl.permissions': { action: 'skip' } } });
  const base = { pipeline: 'etl', yes: false, allowDeletes: false, interactive: true };

  it('knows every action bundle/deployplan/action.go declares, and this table covers them all', () => {
    const declared = actionsInActionGo() ?? [...PLAN_ACTIONS];
    expect([...PLAN_ACTIONS].sort()).toEqual([...declared].sort());
    for (const action of declared) expect(ACTION_CASES.map(([a]) => a)).toContain(action);
  });

  it.each(ACTION_CASES)('%j: needs approval like a delete: %s', (action, risky) => {
    const plan = planWith(action);
    expect(plan.destructive).toBe(risky);
    expect(plan.risky.map((e) => e.resource)).toEqual(risky ? ['resources.jobs.etl'] : []);
    for (const env of ['dev', 'staging', 'prod']) {
      const typed = env === 'prod' ? 'type-name' : 'confirm';
      const envPrompt = env === 'dev' ? 'none' : typed;
      // In a terminal: a risky plan asks in every env; a harmless one as the env says.
      expect(decideApproval({ ...base, env, plan })).toEqual({ prompt: risky ? typed : envPrompt, autoApprove: risky });
      // --yes covers a harmless plan; a risky one only with --allow-deletes.
      expect(decideApproval({ ...base, env, plan, yes: true })).toEqual(risky ? { prompt: typed, autoApprove: true } : { prompt: 'none', autoApprove: false });
      expect(decideApproval({ ...base, env, plan, yes: true, allowDeletes: true })).toEqual({ prompt: 'none', autoApprove: risky });
      // In CI, what would ask is refused, naming the entry and the flags.
      const ci = decideApproval({ ...base, env, plan, yes: true, interactive: false });
      if (risky) {
        expect(ci).toMatchObject({ refuse: expect.stringContaining(`needs explicit approval (${plan.risky[0]!.action} jobs.etl`), hint: expect.stringMatching(/--yes --allow-deletes$/) });
      } else expect(ci).toEqual({ prompt: 'none', autoApprove: false });
    }
  });

  it('counts actions as the CLI does: a recreate adds and deletes, update_id and resize change, unknown ones change', () => {
    const plan = summarizePlan({ plan: Object.fromEntries(ACTION_CASES.map(([action], i) => [`resources.jobs.j${i}`, { action }])) });
    expect(plan).toMatchObject({ create: 2, change: 3 + 6, delete: 2, unchanged: 1 });
    expect(plan.risky).toHaveLength(ACTION_CASES.filter(([, r]) => r).length);
    expect(describePlan(plan).at(-1)).toBe('Plan: 2 to add, 9 to change, 2 to delete, 1 unchanged');
  });

  it('names what needs care, with why: a new id, an action we do not know; long lists end with how many more', () => {
    const plan = summarizePlan({
      plan: { 'resources.jobs.a': { action: 'update_id' }, 'resources.jobs.b': { action: 'frobnicate' }, 'resources.jobs.c': { action: 'delete' }, 'resources.jobs.d': { action: 'update' } },
    });
    expect(plan.risky.map(describeRisk)).toEqual(['update_id jobs.a (gets a new id)', 'frobnicate jobs.b (an action loyalty-wizard does not know)', 'delete jobs.c']);
    expect(describeRisks(plan, 2)).toBe('update_id jobs.a (gets a new id), frobnicate jobs.b (an action loyalty-wizard does not know) and 1 more');
    expect(approvalMessage('type-name', 'etl', 'prod', { kind: 'deploy', plan })).toBe(
      'Deploy etl to prod? This needs care: update_id jobs.a (gets a new id), frobnicate jobs.b (an action loyalty-wizard does not know), delete jobs.c. Type the pipeline name to confirm:',
    );
    expect(approvalMessage('confirm', 'etl', 'staging', { kind: 'deploy', plan: summarizePlan({ plan: { 'resources.jobs.d': { action: 'update' } } }) })).toBe('Deploy etl to staging?');
  });

  it('resource names and actions from the CLI are made safe to print: escapes shown, secrets redacted, length cut', () => {
    const token = 'dapi0123456789abcdef0123456789abcdef';
    const plan = summarizePlan({ plan: { [`resources.jobs.\u001b]8;;x\u0007${token}`]: { action: `${'x'.repeat(300)}\u202e` } } }, []);
    const [entry] = plan.entries;
    expect(entry!.resource).toBe('resources.jobs.\\x1b]8;;x\\x07***');
    expect(entry!.action).toBe(`${'x'.repeat(200)}…`);
    expect(summarizePlan({ plan: { 'resources.jobs.my-secret-value': { action: 'skip' } } }, ['my-secret-value']).entries[0]!.resource).toBe('resources.jobs.***');
  });

  const MALFORMED: [string, unknown, string][] = [
    ['null', null, 'it is null, not an object'],
    ['an array', [], 'it is an array, not an object'],
    ['a string', 'plan', 'it is a string, not an object'],
    ['a number', 42, 'it is a number, not an object'],
    ['no plan', { plan_version: 2, cli_version: '1.13.0' }, 'it has no "plan"'],
    ['plan null', { plan: null }, 'its "plan" is null, not an object'],
    ['plan an array', { plan: [] }, 'its "plan" is an array, not an object'],
    ['plan a string', { plan: 'create jobs.x' }, 'its "plan" is a string, not an object'],
    ['an entry null', { plan: { 'resources.jobs.x': null } }, 'its entry "resources.jobs.x" is null, not an object'],
    ['an entry an array', { plan: { 'resources.jobs.x': ['delete'] } }, 'its entry "resources.jobs.x" is an array, not an object'],
    ['an entry without action', { plan: { 'resources.jobs.ok': { action: 'skip' }, 'resources.jobs.x': { id: '1' } } }, 'its entry "resources.jobs.x" has no action'],
    ['an action that is a number', { plan: { 'resources.jobs.x': { action: 7 } } }, 'its entry "resources.jobs.x" has no action'],
    ['an empty action', { plan: { 'resources.jobs.x': { action: '' } } }, 'its entry "resources.jobs.x" has no action'],
    ['an action that is an object', { plan: { 'resources.jobs.x': { action: { type: 'delete' } } } }, 'its entry "resources.jobs.x" has no action'],
  ];
  it.each(MALFORMED)('not a plan: %s', (_name, doc, problem) => {
    expect(planDocumentProblem(doc)).toBe(problem);
    expect(() => summarizePlan(doc)).toThrow(MalformedPlanError);
    expect(() => summarizePlan(doc)).toThrow(`not a plan: ${problem}`);
  });

  it('plans that are plans, an empty one included', () => {
    expect(planDocumentProblem({ plan: {} })).toBeUndefined();
    expect(summarizePlan({ plan_version: 2, cli_version: '1.13.0', plan: {} })).toMatchObject({ entries: [], destructive: false });
    expect(planDocumentProblem({ plan: { 'resources.jobs.x': { action: 'skip', new_state: {} } }, lineage: 'l', serial: 3 })).toBeUndefined();
  });
});

/** Bundle `code` (TypeScript, importing from test/unit) and run it in a child process; its stdout, parsed. Killed after 30 s. */
function inChildProcess(code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'lw-linear-'));
  try {
    const outfile = join(dir, 'run.mjs');
    buildSync({ stdin: { contents: code, resolveDir: import.meta.dirname, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
    const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`did not finish (${r.signal ?? `exit ${r.status}`}): a pattern backtracks? ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reading the CLI output in linear time, within bounds', () => {
  const lock = 'Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00.123 +0000 UTC. Use --force-lock to override\n';
  /** Text that made the old patterns backtrack without end: long runs without spaces, unfinished openings. */
  const hostile = (size: number) => {
    const piece = `\u001b[31m${'x'.repeat(300)}deploy lock acquired by x at ${'y'.repeat(200)}the host in the profile (${'z'.repeat(100)}pass "-p ${'q'.repeat(50)}:no such target.has no failed to load `;
    return piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
  };

  it('explains the error at the end of megabytes of hostile stderr (inputs that never finished before)', () => {
    // The old patterns took 7.6 s on 80 KB without spaces and never finished on 400 KB, deaf to Ctrl-C. Run in a
    // child process so that a pattern that backtracks again fails this test instead of hanging the run.
    const results = inChildProcess(`
      import { explainCliFailure, importantStderrLines } from '../../src/core/cli-failures.js';
      import { redactSecrets } from '../../src/core/redact-secrets.js';
      const hostile = ${hostile.toString()};
      const lock = ${JSON.stringify(lock)};
      console.log(JSON.stringify({
        spaceless: explainCliFailure('a'.repeat(400_000), {}).kind,
        hostile: explainCliFailure(hostile(400_000), {}).kind,
        lock: explainCliFailure(hostile(5_000_000) + '\\n' + lock, {}),
        target: explainCliFailure(hostile(5_000_000) + '\\nError: qa: no such target. Available targets: dev, prod\\n', { pipeline: 'etl' }),
        lines: importantStderrLines(hostile(5_000_000) + '\\n' + lock),
        redacted: redactSecrets(hostile(5_000_000), ['x'.repeat(10)]).length,
      }));
    `);
    expect(results).toEqual({
      spaceless: 'unknown',
      hostile: 'unknown',
      lock: expect.objectContaining({ kind: 'lock-held', cause: 'another deploy holds the lock: jane@example.com since 2026-11-25 10:00:00.123 +0000 UTC' }),
      target: expect.objectContaining({ kind: 'no-such-target', cause: 'the bundle has no target "qa" (it has: dev, prod)' }),
      lines: [lock.trimEnd()],
      redacted: expect.any(Number),
    });
  });

  it('reads only the last 64 KB: an error before that is not seen', () => {
    const progress = (chars: number) => 'Uploading files...\n'.repeat(Math.ceil(chars / 19)).slice(0, chars);
    expect(explainCliFailure(`${lock}${progress(STDERR_TAIL_CHARS)}`, {}).kind).toBe('unknown');
    expect(explainCliFailure(`${lock}${progress(STDERR_TAIL_CHARS - lock.length - 10)}`, {}).kind).toBe('lock-held');
  });

  it('shows at most 8 lines, each cut to 500 characters', () => {
    const lines = importantStderrLines(`Error: ${'e'.repeat(2000)}\n${'  detail\n'.repeat(20)}`);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(`Error: ${'e'.repeat(493)}…`);
    expect(importantStderrLines('x'.repeat(100_000))).toEqual([`${'x'.repeat(500)}…`]);
  });

  it('the failures it knows, each recognized when it is the last thing printed after a flood', () => {
    const ctx = { host: 'https://h', profile: 'dev', target: 'prod', pipeline: 'etl' };
    const cases: [string, string][] = [
      ['profile-missing', 'Error: resolve: /home/u/.databrickscfg has no dev profile configured. Config: host=https://h'],
      ['host-mismatch', 'Error: the host in the profile (https://a) doesn’t match the host configured in the bundle (https://b). The profile "other" has host="https://b". To select it, pass "-p other"'],
      ['ambiguous-profile', 'Error: multiple profiles matched: a, b'],
      ['not-authenticated', 'Error: default auth: cannot configure default credentials'],
      ['destructive', 'Error: the deployment requires destructive actions, but the current console does not support prompting.'],
      ['invalid-yaml', 'Error: failed to load /x/databricks.yml: yaml: line 3: mapping values are not allowed'],
      ['no-bundle', 'Error: Unable to locate the bundle root: databricks.yml not found'],
      ['git-branch', 'Error: not on the right Git branch:\n  expected according to configuration: main\n  actual: feature/x'],
      ['job-parameters', 'Error: the job to run does not define job parameters; specifying job parameters is not allowed'],
      ['not-found', 'Error: The warehouse abc was not found.'],
      ['unknown-command', 'Error: unknown command "plan" for "databricks bundle"'],
    ];
    for (const [kind, text] of cases) expect(explainCliFailure(`${hostile(300_000)}\n${text}\n`, ctx).kind, kind).toBe(kind);
    expect(explainCliFailure(`${hostile(300_000)}\n${cases[1]![1]}\n`, ctx).fix).toBe('use --profile other');
    expect(explainCliFailure(`${hostile(300_000)}\n${cases[7]![1]}\n`, ctx).cause).toBe('config/prod.yml deploys only from branch main, and this checkout is on feature/x');
  });

  it('a CLI killed by a signal is explained as such', () => {
    expect(explainCliKilled('SIGSEGV')).toMatchObject({ kind: 'killed', cause: 'the Databricks CLI was killed by SIGSEGV (it crashed)' });
    expect(explainCliKilled('SIGKILL').cause).toBe('the Databricks CLI was killed by SIGKILL (out of memory, or stopped by someone)');
  });

  it('a tail collector keeps exactly the end of what was printed, however it was chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (chunks, limit) => {
        const c = new OutputCollector('tail', limit);
        for (const chunk of chunks) c.push(Buffer.from(chunk));
        const all = Buffer.concat(chunks.map((x) => Buffer.from(x)));
        expect(c.totalBytes).toBe(all.length);
        expect(c.truncated).toBe(all.length > limit);
        if (all.length <= limit) expect(c.text()).toBe(all.toString('utf8'));
        else expect(all.subarray(-limit).toString('utf8').endsWith(c.text().replace(/^…/, ''))).toBe(true);
      }),
    );
  });

  it('a cut tail starts at a whole line, or with … when the kept bytes are one line', () => {
    const c = new OutputCollector('tail', 10);
    c.push('first line\nsecond\nlast\n');
    expect(c.text()).toBe('last\n');
    const long = new OutputCollector('tail', 10);
    long.push(`${'é'.repeat(20)}`);
    expect(long.text()).toBe(`…${'é'.repeat(5)}`);
  });

  it('a whole collector keeps everything up to its limit and reports overflow beyond it', () => {
    const c = new OutputCollector('whole', 10);
    expect(c.push('0123456789')).toBe(true);
    expect(c.text()).toBe('0123456789');
    expect(c.push('x')).toBe(false);
    expect(c.overflow).toBe(true);
    expect(c.push('y')).toBe(false);
    expect(c.totalBytes).toBe(12);
  });
});

describe('secrets never leave in what the CLI printed', () => {
  const PAT = 'dapi0123456789abcdef0123456789abcdef';
  const secretChars = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:@!$%^&()[]{}|?'];
  const secretArb = fc.array(fc.constantFrom(...secretChars), { minLength: MIN_SECRET_LENGTH, maxLength: 60 }).map((cs) => cs.join(''));
  const textArb = fc.string({ unit: 'grapheme', maxLength: 80 });

  it('a known secret embedded anywhere in any text comes out as ***', () => {
    fc.assert(
      fc.property(textArb, secretArb, textArb, fc.array(secretArb, { maxLength: 3 }), (before, secret, after, others) => {
        const text = `${before}${secret}${after}${before}${secret}`;
        const out = redactSecrets(text, [...others, secret]);
        expect(out).not.toContain(secret);
        for (const other of others) expect(out).not.toContain(other);
        expect(out).toContain('***');
      }),
      { numRuns: 500 },
    );
  });

  it('anything shaped like a Databricks token comes out as ***, known or not', () => {
    const hex = fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 32, maxLength: 32 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(textArb, hex, fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }), textArb, (before, digits, n, after) => {
        const token = `dapi${digits}${n === undefined ? '' : `-${n}`}`;
        expect(redactSecrets(`${before}${token}${after}`)).not.toContain(token);
        expect(redactSecrets(`${before}${token}${after}`)).not.toContain(digits);
      }),
      { numRuns: 500 },
    );
  });

  it('random base64 comes out as ***', () => {
    // Uniform, as a generated secret is (fast-check's bias favours repeats). The shape rule is a heuristic: about
    // 1 in 500 000 such strings of 40 to 90 characters slips through (measured; fewer from 48); known secrets never do.
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'];
    const base64 = fc.noBias(fc.array(fc.constantFrom(...alphabet), { minLength: 48, maxLength: 90 })).map((cs) => cs.join(''));
    fc.assert(
      fc.property(base64, (secret) => {
        expect(redactSecrets(`client_secret: ${secret}== (rejected)`)).toBe('client_secret: *** (rejected)');
      }),
      { numRuns: 200 },
    );
  });

  it('long hex and base64 secrets are redacted; ids, paths, URLs and names are not', () => {
    expect(redactSecrets(`Authorization: Bearer ${PAT}`)).toBe('Authorization: Bearer ***');
    expect(redactSecrets(`token ${PAT}-3.`)).toBe('token ***.');
    expect(redactSecrets('key=0123456789ABCDEF0123456789abcdef01234567')).toBe('key=***');
    expect(redactSecrets('secret: U2VjcmV0S2V5Rm9yVGhlV29ya3NwYWNlMTIzNDU2Nzg5MA==!')).toBe('secret: ***!');
    const kept = [
      'https://loyalty-dev.cloud.databricks.com/jobs/704437030905668/runs/123456789012345?o=900800700600',
      '/Workspace/Users/jane.doe@example.com/.bundle/loyalty_etl/dev/files/notebooks/Ingest2',
      '/Volumes/loyalty_dev/ops/checkpoints/kafka_ingestion_to_bronze_pipeline/IngestOrdersTask2',
      'kafka_ingestion_to_bronze_pipeline_with_a_rather_long_name_2024',
      'pipelines/kafka_traffic_pipeline/notebooks/KafkaToBronzeStreaming',
      '/Workspace/Users/JaneDoe1/files/src/notebooks/IngestOrders',
      'resources/jobs/KafkaIngestionToBronzePipeline/tasks/IngestOrdersTask',
      'Error: deploy lock acquired by other.user@example.com at 2026-11-25 10:00:00 +0000 UTC.',
    ];
    for (const text of kept) expect(redactSecrets(text)).toBe(text);
    // Erring on the safe side: a CamelCase run that long, without a separator, looks like base64 and goes too.
    expect(redactSecrets('IngestOrdersFromKafkaTopicIntoTheBronzeTable2024AndThenSome')).toBe('***');
  });

  it('the secret-bearing variables are the known secrets; hosts, names and short values are not', () => {
    const env = {
      DATABRICKS_TOKEN: `${PAT}\n`,
      DATABRICKS_CLIENT_SECRET: 'client-secret-value',
      DATABRICKS_PASSWORD: 'hunter2hunter2',
      ARM_CLIENT_SECRET: 'azure-secret-value',
      DATABRICKS_OIDC_TOKEN: 'oidc-token-value',
      DATABRICKS_HOST: 'https://loyalty-dev.cloud.databricks.com',
      DATABRICKS_CLIENT_ID: 'my-service-principal',
      DATABRICKS_OIDC_TOKEN_ENV: 'MY_OIDC_TOKEN_VARIABLE',
      DATABRICKS_GOOGLE_CREDENTIALS: 'short',
      HOME: '/home/someone-long',
    };
    expect(knownSecretsIn(env).sort()).toEqual([PAT, `${PAT}\n`, 'azure-secret-value', 'client-secret-value', 'hunter2hunter2', 'oidc-token-value'].sort());
    expect(isSecretVariable('DATABRICKS_TOKEN')).toBe(true);
    expect(isSecretVariable('DATABRICKS_TOKEN_AUDIENCE')).toBe(false);
  });

  it('megabytes of candidates are redacted in one pass', () => {
    const text = `${'a1B2'.repeat(9)}/${'0123456789abcde'.repeat(2)} dapi${'f'.repeat(31)} `.repeat(50_000);
    const out = redactSecrets(text, ['a1B2a1B2', 'dapiffff']);
    expect(out).not.toContain('a1B2a1B2');
    expect(out).not.toContain('dapiffff');
    expect(out.length).toBeLessThan(text.length);
  });
});
