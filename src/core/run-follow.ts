/**
 * Following one job run to its end (`run`, `deploy --run`): which run a
 * `bundle run --no-wait` started, how long to wait between polls of
 * `jobs get-run`, and the run's tasks in the order the pipeline runs them.
 */
import type { JobTask } from './bundle.js';
import type { JobRun, TaskRun } from './job-runs.js';

/** The run id in a run page URL (`…/jobs/<job>/runs/<run>?o=…`), or undefined. */
export function runIdFromUrl(url: string): number | undefined {
  const m = /\/runs\/(\d{1,19})(?:[/?#]|$)/.exec(url.slice(0, 2000));
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) ? id : undefined;
}

/** Polls come quickly while a run starts, then back off to one every 15 s. */
const POLL_STEPS_MS = [1000, 1000, 2000, 2000, 3000, 5000, 5000, 10_000];
export const MAX_POLL_MS = 15_000;

export function pollDelayMs(attempt: number): number {
  return attempt < POLL_STEPS_MS.length ? POLL_STEPS_MS[Math.max(0, attempt)]! : MAX_POLL_MS;
}

/**
 * The run's tasks in the pipeline's order (`order`: the job's task keys as the
 * bundle lists them, which follows the DAG), then any the bundle does not name;
 * a task of `order` the run has not reported yet is pending.
 */
export function tasksInOrder(run: Pick<JobRun, 'tasks'>, order: readonly string[]): TaskRun[] {
  const byKey = new Map(run.tasks.map((t) => [t.key, t]));
  const known = order.map((key): TaskRun => byKey.get(key) ?? { key, outcome: 'pending', message: '' });
  const named = new Set(order);
  return [...known, ...run.tasks.filter((t) => !named.has(t.key))];
}

/** `run`'s exit code for a finished run: 0 only for success. */
export const runExitCode = (run: Pick<JobRun, 'outcome'>): number => (run.outcome === 'success' ? 0 : 1);

/** A job's tasks as the bundle lists them (which follows the DAG), and what each depends on. */
export interface TaskGraph {
  readonly order: readonly string[];
  readonly dependsOn: Readonly<Record<string, readonly string[]>>;
}

export function jobTaskGraph(tasks: readonly Pick<JobTask, 'task_key' | 'depends_on'>[] | undefined): TaskGraph {
  const list = tasks ?? [];
  return { order: list.map((t) => t.task_key), dependsOn: Object.fromEntries(list.map((t) => [t.task_key, (t.depends_on ?? []).map((d) => d.task_key)])) };
}

/** The tasks `key` waits for, directly or through others, in the pipeline's order. */
export function upstreamOf(key: string, graph: TaskGraph): string[] {
  const seen = new Set<string>();
  const pending = [key];
  while (pending.length > 0) {
    for (const d of graph.dependsOn[pending.pop()!] ?? []) {
      if (!seen.has(d)) pending.push(d);
      seen.add(d);
    }
  }
  seen.delete(key);
  return graph.order.filter((k) => seen.has(k));
}
