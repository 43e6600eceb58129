/**
 * What one `run` (or `deploy --run`) ended in: the `--json` receipt, and the
 * line it leaves in the history file. Pure: times are passed in.
 */
import type { HistoryEntry } from './history.js';
import type { RunOutcome, TaskRun } from './job-runs.js';

/** How following a run ended: the run's own outcome, or it was left running (Ctrl-C, --no-wait). */
export type RunEnd = RunOutcome | 'started' | 'interrupted';

export interface RunFailure {
  readonly task?: string;
  readonly message: string;
  readonly fix: string;
  readonly trace?: string;
}

export interface RunResult {
  readonly pipeline: string;
  readonly env: string;
  readonly runId?: number;
  readonly url?: string;
  readonly end: RunEnd;
  readonly tasks: readonly TaskRun[];
  /** The run's own time (from Databricks when it says, else as followed). */
  readonly durationMs: number;
  readonly failure?: RunFailure;
  /** Ctrl-C: whether the run was asked to stop on Databricks. */
  readonly cancelRequested?: boolean;
}

export const runSucceeded = (r: Pick<RunResult, 'end'>): boolean => r.end === 'success' || r.end === 'started';

/** The --json document. */
export function runReceipt(r: RunResult, profile: string | undefined): Record<string, unknown> {
  return {
    receipt_version: 1,
    pipeline: r.pipeline,
    env: r.env,
    profile: profile ?? null,
    run_id: r.runId ?? null,
    url: r.url ?? null,
    outcome: r.end,
    ok: runSucceeded(r),
    duration_ms: Math.round(r.durationMs),
    tasks: r.tasks.map((t) => ({ key: t.key, outcome: t.outcome, duration_ms: t.durationMs ?? null })),
    error: r.failure ? { task: r.failure.task ?? null, message: r.failure.message, fix: r.failure.fix } : null,
    ...(r.end === 'interrupted' ? { cancel_requested: Boolean(r.cancelRequested) } : {}),
  };
}

/** The history line of one run. */
export function runHistoryEntry(r: RunResult, at: Date): HistoryEntry {
  const message = r.failure ? `${r.failure.task ? `${r.failure.task}: ` : ''}${r.failure.message}`.slice(0, 500) : undefined;
  return { v: 1, kind: 'run', at: at.toISOString(), pipeline: r.pipeline, env: r.env, ok: runSucceeded(r), result: r.end, duration_ms: Math.round(r.durationMs), ...(message ? { message } : {}) };
}

