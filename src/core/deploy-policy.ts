/**
 * What `bundle plan -o json` says will happen, and whether a person must
 * approve it before deploy. Pure: the deploy command asks, this decides.
 */
export type PlanAction = 'create' | 'update' | 'update_id' | 'resize' | 'recreate' | 'delete' | 'skip';

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
  /** Anything deleted or recreated: needs explicit approval in every env. */
  readonly destructive: boolean;
}

export function summarizePlan(planJson: unknown): PlanSummary {
  const plan = (planJson as { plan?: Record<string, { action?: string }> } | null)?.plan ?? {};
  const entries: PlanEntry[] = Object.entries(plan)
    .map(([resource, v]) => ({ resource, action: (v?.action ?? 'skip') as PlanAction }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
  const count = (actions: PlanAction[]) => entries.filter((e) => actions.includes(e.action)).length;
  return {
    entries,
    create: count(['create']),
    change: count(['update', 'update_id', 'resize', 'recreate']),
    delete: count(['delete']),
    unchanged: count(['skip']),
    destructive: entries.some((e) => e.action === 'delete' || e.action === 'recreate'),
  };
}

export function describePlan(plan: PlanSummary): string[] {
  const lines = plan.entries.filter((e) => e.action !== 'skip').map((e) => `${e.action} ${e.resource.replace(/^resources\./, '')}`);
  lines.push(`Plan: ${plan.create} to add, ${plan.change} to change, ${plan.delete} to delete, ${plan.unchanged} unchanged`);
  return lines;
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
 * pipeline name; --yes answers both. A plan that deletes or recreates anything
 * needs approval everywhere, and --yes covers it only with --allow-deletes.
 * Without a terminal, anything that would ask is refused instead.
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
        ? `the plan for ${input.pipeline} deletes or recreates resources in ${input.env}; nothing was deployed`
        : `deploying to ${input.env} needs approval and there is no terminal to ask; nothing was deployed`,
      hint: `review the plan (loyalty-wizard deploy ${input.pipeline} --env ${input.env} --dry-run), then pass ${flags}`,
    };
  }
  const prompt: ApprovalPrompt = input.env === 'prod' ? 'type-name' : 'confirm';
  return { prompt: destructive || envPrompt !== 'none' ? prompt : 'none', autoApprove: destructive };
}
