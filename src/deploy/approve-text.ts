import { describeRisks } from '../core/deploy-policy.js';
import type { ApprovalSubject } from './deploy-pipeline.js';

/** The question a person answers before a deploy (or the adoption of an existing job) goes ahead. */
export function approvalMessage(prompt: 'confirm' | 'type-name', pipeline: string, env: string, subject: ApprovalSubject): string {
  const typeName = prompt === 'type-name' ? ' Type the pipeline name to confirm:' : '';
  if (subject.kind === 'bind') {
    return `Adopt job ${subject.jobId} in ${env} as ${pipeline}'s job (${subject.jobKey})? Its settings are replaced by this bundle's on deploy.${typeName}`;
  }
  const plan = subject.plan;
  // Deletes, recreations, new ids and actions we do not know, each named.
  const risks = plan?.destructive ? ` This needs care: ${describeRisks(plan, 10)}.` : '';
  return `Deploy ${pipeline} to ${env}?${risks}${typeName}`;
}
