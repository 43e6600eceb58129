import type { ApprovalSubject } from './deploy-pipeline.js';

/** The question a person answers before a deploy (or the adoption of an existing job) goes ahead. */
export function approvalMessage(prompt: 'confirm' | 'type-name', pipeline: string, env: string, subject: ApprovalSubject): string {
  const typeName = prompt === 'type-name' ? ' Type the pipeline name to confirm:' : '';
  if (subject.kind === 'bind') {
    return `Adopt job ${subject.jobId} in ${env} as ${pipeline}'s job (${subject.jobKey})? Its settings are replaced by this bundle's on deploy.${typeName}`;
  }
  const plan = subject.plan;
  const deletes = plan?.destructive ? ` This DELETES or RECREATES: ${plan.entries.filter((e) => e.action === 'delete' || e.action === 'recreate').map((e) => e.resource.replace(/^resources\./, '')).join(', ')}.` : '';
  return `Deploy ${pipeline} to ${env}?${deletes}${typeName}`;
}
