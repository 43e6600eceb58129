/**
 * Following one job run: `jobs get-run` polled with back-off (pollDelayMs) until
 * the run ends or the caller stops following, drawn by listr2 as one row per
 * task in the pipeline's order, each pending → running → its result and time.
 */
import { Listr, ListrLogger, ProcessOutput, type ListrTask, type ListrTaskWrapper } from 'listr2';
import { isFinished, type JobRun, type RunOutcome, type TaskRun } from '../core/job-runs.js';
import { tasksInOrder } from '../core/run-follow.js';
import { shortDuration } from '../core/status-text.js';
import { terminalSafe } from '../core/terminal-text.js';
import { CancelledError } from '../databricks/run-cli.js';
import { getJobRun, type WorkspaceInvocation } from '../databricks/jobs-commands.js';
import type { Style } from '../session/style.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTask = ListrTaskWrapper<any, any, any>;

export interface FollowOptions {
  /** Its `signal` stops the following (Ctrl-C); the run goes on. */
  readonly workspace: WorkspaceInvocation & { readonly signal: AbortSignal };
  readonly runId: number;
  /** The job's task keys in the pipeline's order. */
  readonly order: readonly string[];
  readonly pollDelayMs: (attempt: number) => number;
  /** Redraw in place (a terminal that can), else one line per change. */
  readonly drawing: boolean;
  readonly style: Style;
  readonly output: NodeJS.WriteStream;
}

export interface Followed {
  /** The run as last read; undefined when it never could be. */
  readonly run?: JobRun;
  /** Why following stopped before the run ended (polls failing), if it did. */
  readonly error?: unknown;
}

/** Polls that may fail in a row (a network blip) before following gives up. */
const MAX_FAILED_POLLS = 3;

/** The latest answer of the poller, and a way to wait for the next one. */
class RunWatch {
  run: JobRun | undefined;
  error: unknown;
  ended = false;
  private waiters: (() => void)[] = [];

  changed(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  update(change: () => void): void {
    change();
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

async function poll(watch: RunWatch, o: FollowOptions): Promise<void> {
  const { signal } = o.workspace;
  let failed = 0;
  // The first read comes at once: the rows show the run's tasks as soon as it has them.
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const run = await getJobRun(o.workspace, o.runId);
      failed = 0;
      watch.update(() => (watch.run = run));
      if (isFinished(run.outcome)) break;
    } catch (error) {
      if (error instanceof CancelledError || signal.aborted) break;
      if (++failed >= MAX_FAILED_POLLS) {
        watch.update(() => (watch.error = error));
        break;
      }
    }
    await sleep(o.pollDelayMs(attempt), signal);
  }
  watch.update(() => (watch.ended = true));
}

const WORD: Readonly<Record<RunOutcome, string>> = {
  pending: 'pending',
  running: 'running',
  success: 'succeeded',
  failed: 'failed',
  timedout: 'timed out',
  canceled: 'cancelled',
  skipped: 'skipped',
};

function rowTitle(t: TaskRun, style: Style): string {
  const key = terminalSafe(t.key);
  if (!isFinished(t.outcome)) return `${key} ${style.dim(WORD[t.outcome])}`;
  const time = t.durationMs !== undefined ? ` ${style.dim(`[${shortDuration(t.durationMs)}]`)}` : '';
  return t.outcome === 'success' ? `${key}${time}` : `${key}: ${WORD[t.outcome]}${time}`;
}

/**
 * A row's end. Drawn, its title says it all; in plain lines listr2 adds the
 * skip or error text after the title, so the title is the task and its time.
 */
function endRow(t: TaskRun, task: AnyTask, o: FollowOptions): void {
  const full = rowTitle(t, o.style);
  const short = `${terminalSafe(t.key)}${t.durationMs !== undefined ? ` ${o.style.dim(`[${shortDuration(t.durationMs)}]`)}` : ''}`;
  if (t.outcome === 'success') {
    task.title = full;
    return;
  }
  if (t.outcome === 'skipped' || t.outcome === 'canceled') {
    task.title = short;
    task.skip(o.drawing ? full : WORD[t.outcome]);
    return;
  }
  task.title = o.drawing ? full : short;
  throw new Error(WORD[t.outcome]);
}

/** One row: follows its task until it ends (or following stops), then shows how. */
async function followRow(key: string, watch: RunWatch, task: AnyTask, o: FollowOptions): Promise<void> {
  for (;;) {
    const t = tasksInOrder(watch.run ?? { tasks: [] }, o.order).find((x) => x.key === key) ?? { key, outcome: 'pending' as const, message: '' };
    if (isFinished(t.outcome)) return endRow(t, task, o);
    const title = rowTitle(t, o.style);
    if (task.title !== title) {
      task.title = title;
      // Plain output prints no title changes: a line says the task started.
      if (!o.drawing && t.outcome === 'running') task.output = `${terminalSafe(key)} running`;
    }
    if (watch.ended) {
      // Not ended on Databricks: following stopped (Ctrl-C, or the run could not be read).
      const note = `${WORD[t.outcome]}, no longer followed`;
      task.skip(o.drawing ? `${terminalSafe(key)}: ${note}` : note);
      return;
    }
    await watch.changed();
  }
}

/** Follow the run until it ends or `workspace.signal` aborts; the rows are drawn on `output`. */
export async function followRun(o: FollowOptions): Promise<Followed> {
  const watch = new RunWatch();
  const polling = poll(watch, o);
  // A row per task the pipeline names; tasks the bundle does not name (none, normally) get no row.
  const rows: ListrTask[] = o.order.map((key) => ({
    title: `${terminalSafe(key)} ${o.style.dim('pending')}`,
    task: (_ctx: unknown, task: AnyTask) => followRow(key, watch, task, o),
  }));
  const logger = new ListrLogger({ processOutput: new ProcessOutput(o.output, o.output), useIcons: true });
  const list = new Listr(rows, {
    renderer: o.drawing ? 'default' : 'simple',
    fallbackRenderer: 'simple',
    rendererOptions: { logger, collapseSubtasks: false, showErrorMessage: false },
    fallbackRendererOptions: { logger },
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    collectErrors: false,
    silentRendererCondition: false,
  } as ConstructorParameters<typeof Listr>[1]);
  try {
    await list.run();
  } catch {
    // A failed task's row shows it; the outcome is read from the run.
  }
  await polling;
  return { ...(watch.run ? { run: watch.run } : {}), ...(watch.error !== undefined ? { error: watch.error } : {}) };
}
