import type { PlanSummary } from '../core/deploy-policy.js';

/** The question a person answers before a deploy goes ahead. */
export function approvalMessage(prompt: 'confirm' | 'type-name', pipeline: string, env: string, plan: PlanSummary | undefined): string {
  const deletes = plan?.destructive ? ` This DELETES or RECREATES: ${plan.entries.filter((e) => e.action === 'delete' || e.action === 'recreate').map((e) => e.resource.replace(/^resources\./, '')).join(', ')}.` : '';
  return prompt === 'type-name'
    ? `Deploy ${pipeline} to ${env}?${deletes} Type the pipeline name to confirm:`
    : `Deploy ${pipeline} to ${env}?${deletes}`;
}
