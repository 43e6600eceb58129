/**
 * `promote`'s gates (decision record 012), pure: what goes to the target env
 * is what the source env runs (the content hash recorded on its job equals the
 * pipeline folder's), and the source env's last N finished runs succeeded.
 */
import type { DeployRecord } from './deploy-record.js';
import type { JobRun } from './job-runs.js';
import { ENV_NAMES } from './names.js';

export interface Gate {
  readonly name: 'content' | 'runs';
  readonly ok: boolean;
  /** One line: what was checked and what was found. */
  readonly detail: string;
  /** How to make the gate pass. */
  readonly fix?: string;
  /** The failed run's page. */
  readonly url?: string;
}

export interface GateInput {
  readonly pipeline: string;
  readonly from: string;
  readonly to: string;
  readonly local: DeployRecord;
  /** The source env's job (undefined: not deployed) and its recent runs, newest first. */
  readonly source: { readonly job?: { readonly id: number; readonly record: DeployRecord }; readonly runs: readonly JobRun[] };
  readonly runsNeeded: number;
}

export interface GateResult {
  readonly gates: readonly Gate[];
  readonly passed: boolean;
}

const FINISHED = new Set<JobRun['outcome']>(['success', 'failed', 'timedout', 'canceled']);

/** `--from` and `--to`: different, and upwards (dev → staging → prod); the problem, or undefined. */
export function checkPromotionOrder(from: string, to: string): string | undefined {
  if (from === to) return `--from and --to must be different envs (both are ${from})`;
  const rank = (e: string) => (ENV_NAMES as readonly string[]).indexOf(e);
  if (rank(to) < rank(from)) return `${from} → ${to} goes down: promotion goes dev → staging → prod`;
  return undefined;
}

/** `--all`: the source holds recorded content the target does not have. */
export function isAhead(source: DeployRecord | undefined, target: DeployRecord | undefined): boolean {
  return source?.content !== undefined && source.content !== target?.content;
}

const shown = (r: DeployRecord) => `commit ${r.commit ?? '?'}, content ${r.content?.slice(0, 12) ?? '?'}`;

function contentGate(i: GateInput): Gate {
  const deploy = `loyalty-wizard deploy ${i.pipeline} --env ${i.from}`;
  const job = i.source.job;
  if (!job) return { name: 'content', ok: false, detail: `${i.pipeline} is not deployed to ${i.from}`, fix: `deploy it there first: ${deploy}` };
  if (job.record.content === undefined) {
    return { name: 'content', ok: false, detail: `job ${job.id} in ${i.from} has no record of what was deployed (deployed without loyalty-wizard, or before it kept one)`, fix: `deploy it with: ${deploy}` };
  }
  if (job.record.content !== i.local.content) {
    return {
      name: 'content',
      ok: false,
      detail: `${i.from} runs ${shown(job.record)}; this folder is ${shown(i.local)}`,
      fix: `deploy this folder to ${i.from} first (${deploy}), or check out ${job.record.commit && job.record.commit !== 'none' ? `commit ${job.record.commit.replace(/-dirty$/, '')}` : 'what was deployed there'}`,
    };
  }
  return { name: 'content', ok: true, detail: `${i.from} runs this folder; ${shown(job.record)}` };
}

const WORD: Readonly<Record<string, string>> = { failed: 'failed', timedout: 'timed out', canceled: 'was cancelled' };

function runsGate(i: GateInput): Gate {
  const run = `loyalty-wizard run ${i.pipeline} --env ${i.from}`;
  const finished = i.source.runs.filter((r) => FINISHED.has(r.outcome)).slice(0, i.runsNeeded);
  const last = i.runsNeeded === 1 ? 'the last finished run' : `the last ${i.runsNeeded} finished runs`;
  const bad = finished.find((r) => r.outcome !== 'success');
  if (bad) {
    return {
      name: 'runs',
      ok: false,
      detail: `${last} in ${i.from}: run ${bad.runId} ${WORD[bad.outcome] ?? bad.outcome}${bad.message ? ` (${bad.message.split('\n')[0]!.slice(0, 160)})` : ''}`,
      fix: `fix what failed, then run it again: ${run}`,
      ...(bad.url ? { url: bad.url } : {}),
    };
  }
  if (finished.length < i.runsNeeded) {
    const have = `${finished.length} finished run${finished.length === 1 ? '' : 's'}`;
    return { name: 'runs', ok: false, detail: `${last} in ${i.from} must succeed; there ${finished.length === 1 ? 'is' : 'are'} ${have}`, fix: `run it: ${run}` };
  }
  return { name: 'runs', ok: true, detail: `${last} in ${i.from} succeeded` };
}

export function promotionGates(i: GateInput): GateResult {
  const gates = [contentGate(i), runsGate(i)];
  return { gates, passed: gates.every((g) => g.ok) };
}
