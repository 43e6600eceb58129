import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalMessage } from '../../src/deploy/approve-text.js';
import { describeRisk, describeRisks, MalformedPlanError, PLAN_ACTIONS, planDocumentProblem } from '../../src/core/deploy-policy.js';
import { REPO } from '../helpers/fixtures.js';
import { decideApproval, describePlan, summarizePlan } from '../../src/core/index.js';

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
