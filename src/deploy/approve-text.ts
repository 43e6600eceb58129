import { describeRisks } from '../core/deploy-policy.js';
import { terminalSafe } from '../core/terminal-text.js';
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

/** How many wrong names a typed approval takes before it counts as "not approved". */
export const TYPED_APPROVAL_TRIES = 3;

/**
 * A typed approval that forgives a typo: a wrong answer is shown (escaped, cut)
 * with the tries left and the prompt stays; the last wrong one ends it, and
 * `approved` then says no. An empty answer is not a try.
 */
export function typedApproval(expected: string, tries = TYPED_APPROVAL_TRIES): { validate: (value: string) => true | string; approved: (value: string) => boolean } {
  let wrong = 0;
  return {
    validate: (value) => {
      const typed = value.trim();
      if (typed === expected) return true;
      if (typed === '') return `type ${expected} to go on, or Ctrl-C to stop`;
      wrong += 1;
      const left = tries - wrong;
      if (left <= 0) return true;
      const shown = terminalSafe(typed.length > 40 ? `${typed.slice(0, 40)}…` : typed);
      return `"${shown}" is not ${expected}: ${left} ${left === 1 ? 'try' : 'tries'} left (Ctrl-C stops)`;
    },
    approved: (value) => value.trim() === expected,
  };
}
