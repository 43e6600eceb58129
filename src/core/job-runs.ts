/**
 * Job runs as `databricks jobs list-runs` / `jobs get-run` print them with `-o json`
 * (the Jobs API's `Run`: run_id, start_time / end_time in ms, run_duration,
 * state {life_cycle_state, result_state, state_message}, status, run_page_url,
 * tasks[]), read defensively: the CLI's output is untrusted, so every field is
 * optional, strings are cut to a bounded length, and only the first `MAX_RUNS`
 * runs and `MAX_TASKS` tasks of a run are kept. What the API spells in two ways
 * (the older `state`, the newer `status`) becomes one `outcome`.
 */
import * as z from 'zod';

export const MAX_RUNS = 200;
export const MAX_TASKS = 200;
const MAX_TEXT = 2000;

/** Where a run is: still to come, under way, or how it ended. */
export type RunOutcome = 'pending' | 'running' | 'success' | 'failed' | 'timedout' | 'canceled' | 'skipped';

export interface TaskRun {
  readonly key: string;
  /** The task's own run (for `jobs get-run-output`). */
  readonly runId?: number;
  readonly outcome: RunOutcome;
  readonly message: string;
  readonly startMs?: number;
  readonly durationMs?: number;
}

export interface JobRun {
  readonly runId: number;
  readonly jobId?: number;
  readonly outcome: RunOutcome;
  readonly message: string;
  readonly startMs?: number;
  readonly durationMs?: number;
  readonly url?: string;
  readonly tasks: readonly TaskRun[];
}

const text = z.string().transform((s) => s.slice(0, MAX_TEXT)).optional().catch(undefined);
const millis = z.number().finite().nonnegative().optional().catch(undefined);
const state = z.object({ life_cycle_state: text, result_state: text, state_message: text }).partial().optional().catch(undefined);
const status = z
  .object({ state: text, termination_details: z.object({ code: text, message: text }).partial().optional().catch(undefined) })
  .partial()
  .optional()
  .catch(undefined);
const timing = { start_time: millis, end_time: millis, run_duration: millis, execution_duration: millis, setup_duration: millis, cleanup_duration: millis, state, status };
const taskSchema = z.object({ task_key: text, run_id: z.number().int().optional().catch(undefined), ...timing });
const runSchema = z.object({
  run_id: z.number().int(),
  job_id: z.number().int().optional().catch(undefined),
  run_page_url: text,
  tasks: z.array(z.unknown()).optional().catch(undefined),
  ...timing,
});

type Timed = z.infer<typeof taskSchema>;

const ENDED_BY_RESULT: Readonly<Record<string, RunOutcome>> = {
  SUCCESS: 'success',
  SUCCESS_WITH_FAILURES: 'failed',
  FAILED: 'failed',
  // A task that never ran because one it depends on failed.
  UPSTREAM_FAILED: 'skipped',
  TIMEDOUT: 'timedout',
  CANCELED: 'canceled',
  UPSTREAM_CANCELED: 'canceled',
  MAXIMUM_CONCURRENT_RUNS_REACHED: 'canceled',
  EXCLUDED: 'skipped',
  DISABLED: 'skipped',
};
const BY_LIFE_CYCLE: Readonly<Record<string, RunOutcome>> = {
  QUEUED: 'pending',
  PENDING: 'pending',
  BLOCKED: 'pending',
  WAITING: 'pending',
  RUNNING: 'running',
  TERMINATING: 'running',
  SKIPPED: 'skipped',
  INTERNAL_ERROR: 'failed',
};
const ENDED_BY_CODE: Readonly<Record<string, RunOutcome>> = { SUCCESS: 'success', USER_CANCELED: 'canceled', CANCELED: 'canceled', SKIPPED: 'skipped' };

/** One outcome from the older `state` (preferred: every API version fills it) or the newer `status`. */
function outcomeOf(t: Timed): RunOutcome {
  const life = t.state?.life_cycle_state ?? t.status?.state;
  if (life === 'TERMINATED') {
    const result = t.state?.result_state;
    if (result) return ENDED_BY_RESULT[result] ?? 'failed';
    const code = t.status?.termination_details?.code;
    return code ? (ENDED_BY_CODE[code] ?? 'failed') : 'failed';
  }
  return (life && BY_LIFE_CYCLE[life]) || 'pending';
}

/** How long it ran: run_duration (multi-task jobs), else setup + execution + cleanup, else end − start. */
function durationOf(t: Timed): number | undefined {
  if (t.run_duration) return t.run_duration;
  const parts = (t.setup_duration ?? 0) + (t.execution_duration ?? 0) + (t.cleanup_duration ?? 0);
  if (parts > 0) return parts;
  return t.start_time && t.end_time && t.end_time >= t.start_time ? t.end_time - t.start_time : undefined;
}

function timed(t: Timed) {
  const message = t.state?.state_message || t.status?.termination_details?.message || '';
  const durationMs = durationOf(t);
  return { outcome: outcomeOf(t), message, ...(t.start_time ? { startMs: t.start_time } : {}), ...(durationMs !== undefined ? { durationMs } : {}) };
}

function readTask(value: unknown, index: number): TaskRun {
  const parsed = taskSchema.safeParse(value);
  const t = parsed.success ? parsed.data : {};
  return { key: t.task_key || `task ${index + 1}`, ...(t.run_id !== undefined ? { runId: t.run_id } : {}), ...timed(t) };
}

/** One run, or undefined when `value` has no numeric run_id. */
export function readRun(value: unknown): JobRun | undefined {
  const parsed = runSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return {
    runId: r.run_id,
    ...(r.job_id !== undefined ? { jobId: r.job_id } : {}),
    ...timed(r),
    ...(r.run_page_url ? { url: r.run_page_url } : {}),
    tasks: (r.tasks ?? []).slice(0, MAX_TASKS).map(readTask),
  };
}

/**
 * The runs in `jobs list-runs -o json` output (a JSON array; older CLIs print
 * `{"runs": [...]}`), newest first as the API lists them; entries without a
 * run_id are skipped. Undefined when the document is neither shape.
 */
export function readRunList(doc: unknown): JobRun[] | undefined {
  return readListing(doc, 'runs', MAX_RUNS, readRun);
}

/**
 * The entries of a `list` command's `-o json` output: a JSON array, or (older
 * CLIs) an object holding it under `key`. At most `max` entries are read; those
 * `read` makes nothing of are skipped. Undefined when the document is neither.
 */
export function readListing<T>(doc: unknown, key: string, max: number, read: (entry: unknown) => T | undefined): T[] | undefined {
  const inner = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>)[key] : undefined;
  const list = Array.isArray(doc) ? doc : Array.isArray(inner) ? inner : undefined;
  if (!list) return undefined;
  const out: T[] = [];
  for (const entry of list.slice(0, max)) {
    const value = read(entry);
    if (value !== undefined) out.push(value);
  }
  return out;
}

export const isFinished = (o: RunOutcome): boolean => o !== 'pending' && o !== 'running';
