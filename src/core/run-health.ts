/**
 * What `status` says about a job's recent runs, against the targets of the
 * platform's design (Metrics & Monitoring): success rate above 99 %, a batch
 * run's typical time under 30 minutes, the last run succeeded, and a
 * continuous job has a run going.
 *
 * The success rate counts the runs that ran to an end of their own: successes
 * over successes plus failures and timeouts. Cancelled and skipped runs say
 * nothing about the pipeline, so they are left out. Durations are those of
 * successful runs: a failure after 10 s is no speed-up.
 */
import { isFinished, type JobRun } from './job-runs.js';

export const SUCCESS_RATE_TARGET = 0.99;
export const BATCH_P50_TARGET_MS = 30 * 60_000;

export interface RunStats {
  /** Runs read (at most the N asked for). */
  readonly runs: number;
  /** Runs that succeeded, failed or timed out. */
  readonly counted: number;
  readonly successRate?: number;
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly lastRun?: JobRun;
  readonly activeRun?: JobRun;
  readonly lastFailure?: { readonly run: JobRun; readonly task?: string; readonly message: string };
}

export type HealthProblem = 'last-run-failed' | 'success-rate' | 'slow' | 'not-running';

export interface Health {
  readonly problems: readonly HealthProblem[];
  readonly messages: readonly string[];
}

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function lastFailureOf(runs: readonly JobRun[]): RunStats['lastFailure'] {
  const run = runs.find((r) => r.outcome === 'failed' || r.outcome === 'timedout');
  if (!run) return undefined;
  const task = run.tasks.find((t) => t.outcome === 'failed' || t.outcome === 'timedout');
  const message = task?.message || run.message || (run.outcome === 'timedout' ? 'the run timed out' : 'the run failed');
  return { run, ...(task ? { task: task.key } : {}), message };
}

/** Statistics over `runs`, newest first as `jobs list-runs` lists them. */
export function runStats(runs: readonly JobRun[]): RunStats {
  const counted = runs.filter((r) => r.outcome === 'success' || r.outcome === 'failed' || r.outcome === 'timedout');
  const successes = counted.filter((r) => r.outcome === 'success');
  const durations = successes.flatMap((r) => (r.durationMs !== undefined ? [r.durationMs] : [])).sort((a, b) => a - b);
  const lastRun = runs.find((r) => isFinished(r.outcome) && r.outcome !== 'skipped');
  const activeRun = runs.find((r) => !isFinished(r.outcome));
  const lastFailure = lastFailureOf(runs);
  const p50Ms = percentile(durations, 50);
  const p95Ms = percentile(durations, 95);
  return {
    runs: runs.length,
    counted: counted.length,
    ...(counted.length > 0 ? { successRate: successes.length / counted.length } : {}),
    ...(p50Ms !== undefined ? { p50Ms } : {}),
    ...(p95Ms !== undefined ? { p95Ms } : {}),
    ...(lastRun ? { lastRun } : {}),
    ...(activeRun ? { activeRun } : {}),
    ...(lastFailure ? { lastFailure } : {}),
  };
}

/** A rate as a percentage with one decimal, rounded down: 98.95 % reads 98.9, never a 99.0 that misses the target. */
export const ratePercent = (rate: number): string => (Math.floor(rate * 1000) / 10).toFixed(1);

/**
 * Which targets a deployed job misses. A continuous job that is paused on
 * purpose is not "not running"; a batch job with no runs yet misses nothing.
 */
export function runHealth(stats: RunStats, job: { readonly continuous: boolean; readonly paused: boolean }): Health {
  const found: [HealthProblem, string][] = [];
  const last = stats.lastRun;
  if (last && last.outcome !== 'success' && last.outcome !== 'canceled') found.push(['last-run-failed', `the last run ${last.outcome === 'timedout' ? 'timed out' : 'failed'}`]);
  if (stats.successRate !== undefined && stats.successRate < SUCCESS_RATE_TARGET) {
    found.push(['success-rate', `success rate ${ratePercent(stats.successRate)} % over ${stats.counted} runs is below the 99 % target`]);
  }
  if (!job.continuous && stats.p50Ms !== undefined && stats.p50Ms > BATCH_P50_TARGET_MS) {
    found.push(['slow', `a typical run takes ${Math.round(stats.p50Ms / 60_000)} min, over the 30 min target`]);
  }
  if (job.continuous && !job.paused && !stats.activeRun) found.push(['not-running', 'continuous, but no run is active']);
  return { problems: found.map(([p]) => p), messages: found.map(([, m]) => m) };
}
