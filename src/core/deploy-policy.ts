/**
 * What `bundle plan -o json` says will happen, and whether a person must
 * approve it before deploy. Pure: the deploy command asks, this decides.
 *
 * Only actions known to be harmless pass without that approval; `recreate`,
 * `update_id` (the resource gets a new id: a job's URL and run history move),
 * `delete` and any action this version does not know need the approval a
 * delete needs. Actions: bundle/deployplan/action.go of the Databricks CLI.
 */
import { redactSecrets } from './redact-secrets.js';
import { terminalSafe } from './terminal-text.js';

export const PLAN_ACTIONS = ['skip', 'resize', 'update', 'update_id', 'create', 'recreate', 'delete'] as const;
export type KnownPlanAction = (typeof PLAN_ACTIONS)[number];
/** An action as the CLI printed it: one of PLAN_ACTIONS, or one a newer CLI added. */
export type PlanAction = string;

/** Pass without the approval deletes need. */
export const HARMLESS_ACTIONS: ReadonlySet<string> = new Set<KnownPlanAction>(['skip', 'resize', 'update', 'create']);

export interface PlanEntry {
  readonly resource: string;
  readonly action: PlanAction;
}

export interface PlanSummary {
  readonly entries: readonly PlanEntry[];
  readonly create: number;
  readonly change: number;
  readonly delete: number;
  readonly unchanged: number;
  /** The entries that need explicit approval in every env: recreate, update_id, delete, unknown actions. */
  readonly risky: readonly PlanEntry[];
  /** Whether `risky` has anything. */
  readonly destructive: boolean;
}

/** Longer resource names and actions are cut: they are printed and quoted back. */
const MAX_NAME = 200;

/** Why `doc` is not a plan document, or undefined when it is one. */
export function planDocumentProblem(doc: unknown, knownSecrets: readonly string[] = []): string | undefined {
  if (!isRecord(doc)) return `it is ${describeJson(doc)}, not an object`;
  if (!('plan' in doc)) return 'it has no "plan"';
  if (!isRecord(doc.plan)) return `its "plan" is ${describeJson(doc.plan)}, not an object`;
  for (const [resource, entry] of Object.entries(doc.plan)) {
    if (!isRecord(entry)) return `its entry "${clean(resource, knownSecrets)}" is ${describeJson(entry)}, not an object`;
    if (typeof entry.action !== 'string' || entry.action === '') return `its entry "${clean(resource, knownSecrets)}" has no action`;
  }
  return undefined;
}

export class MalformedPlanError extends Error {
  override readonly name = 'MalformedPlanError';
  constructor(readonly problem: string) {
    super(`not a plan: ${problem}`);
  }
}

/**
 * The plan in `planJson` (the parsed output of `bundle plan -o json`), with
 * resource names and actions made safe to print. Throws MalformedPlanError when
 * it is not a plan: nothing may be approved from a document we cannot read.
 */
export function summarizePlan(planJson: unknown, knownSecrets: readonly string[] = []): PlanSummary {
  const problem = planDocumentProblem(planJson, knownSecrets);
  if (problem !== undefined) throw new MalformedPlanError(problem);
  const plan = (planJson as { plan: Record<string, { action: string }> }).plan;
  const entries: PlanEntry[] = Object.entries(plan)
    .map(([resource, v]) => ({ resource: clean(resource, knownSecrets), action: clean(v.action, knownSecrets) }))
    .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  const count = (actions: readonly string[]) => entries.filter((e) => actions.includes(e.action)).length;
  const unknown = entries.filter((e) => !(PLAN_ACTIONS as readonly string[]).includes(e.action)).length;
  const risky = entries.filter((e) => !HARMLESS_ACTIONS.has(e.action));
  return {
    entries,
    // A recreate is a delete and a create, as the CLI counts it.
    create: count(['create', 'recreate']),
    change: count(['update', 'update_id', 'resize']) + unknown,
    delete: count(['delete', 'recreate']),
    unchanged: count(['skip']),
    risky,
    destructive: risky.length > 0,
  };
}

/** What a risky entry does, for a person deciding: `delete jobs.old`, `update_id jobs.etl (gets a new id)`. */
export function describeRisk(entry: PlanEntry): string {
  const what = entry.action === 'update_id' ? ' (gets a new id)' : (PLAN_ACTIONS as readonly string[]).includes(entry.action) ? '' : ' (an action loyalty-wizard does not know)';
  return `${entry.action} ${shortName(entry.resource)}${what}`;
}

/** The risky entries in one line: the first few, then how many more. */
export function describeRisks(plan: PlanSummary, max = 5): string {
  const shown = plan.risky.slice(0, max).map(describeRisk).join(', ');
  return plan.risky.length > max ? `${shown} and ${plan.risky.length - max} more` : shown;
}

export function describePlan(plan: PlanSummary): string[] {
  const lines = plan.entries.filter((e) => e.action !== 'skip').map((e) => `${e.action} ${shortName(e.resource)}`);
  lines.push(`Plan: ${plan.create} to add, ${plan.change} to change, ${plan.delete} to delete, ${plan.unchanged} unchanged`);
  return lines;
}

const shortName = (resource: string) => resource.replace(/^resources\./, '');

function clean(text: string, knownSecrets: readonly string[] = []): string {
  const cut = text.length > MAX_NAME ? `${text.slice(0, MAX_NAME)}…` : text;
  return terminalSafe(redactSecrets(cut, knownSecrets));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export type ApprovalPrompt = 'none' | 'confirm' | 'type-name';

export type ApprovalDecision =
  | { readonly prompt: ApprovalPrompt; readonly autoApprove: boolean }
  | { readonly refuse: string; readonly hint: string };

export interface ApprovalInput {
  readonly env: string;
  readonly pipeline: string;
  /** undefined when the CLI cannot plan: only the env decides then. */
  readonly plan?: PlanSummary;
  readonly yes: boolean;
  readonly allowDeletes: boolean;
  readonly interactive: boolean;
}

/**
 * dev deploys without asking; staging asks for a yes; prod asks for the
 * pipeline name; --yes answers both. A plan with a risky entry (delete,
 * recreate, update_id, an unknown action) needs approval everywhere, and --yes
 * covers it only with --allow-deletes. Without a terminal, anything that would
 * ask is refused instead.
 */
export function decideApproval(input: ApprovalInput): ApprovalDecision {
  const destructive = input.plan?.destructive ?? false;
  const envPrompt: ApprovalPrompt = input.env === 'prod' ? 'type-name' : input.env === 'staging' ? 'confirm' : 'none';
  const coveredByFlags = destructive ? input.yes && input.allowDeletes : input.yes || envPrompt === 'none';
  if (coveredByFlags) return { prompt: 'none', autoApprove: destructive };
  if (!input.interactive) {
    const flags = destructive ? '--yes --allow-deletes' : '--yes';
    return {
      refuse: destructive
        ? `the plan for ${input.pipeline} in ${input.env} needs explicit approval (${describeRisks(input.plan!)}); nothing was deployed`
        : `deploying to ${input.env} needs approval and there is no terminal to ask; nothing was deployed`,
      hint: `review the plan (loyalty-wizard deploy ${input.pipeline} --env ${input.env} --dry-run), then pass ${flags}`,
    };
  }
  const prompt: ApprovalPrompt = input.env === 'prod' ? 'type-name' : 'confirm';
  return { prompt: destructive || envPrompt !== 'none' ? prompt : 'none', autoApprove: destructive };
}
