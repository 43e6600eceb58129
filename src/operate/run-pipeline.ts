/**
 * One run of a deployed pipeline's job, for `run` and `deploy --run`: started
 * with `bundle run --no-wait` from the pipeline folder, followed task by task
 * (follow-run.ts), then reported: the run URL, its time, and for a failure the
 * failing task's error with a fix when one is known. Ctrl-C stops following and
 * asks (in a terminal) whether to cancel the run on Databricks; without one the
 * run is left going. Every run leaves a line in the history file.
 */
import { UserError } from '../core/errors.js';
import type { FailureContext } from '../core/cli-failures.js';
import type { JobRun, TaskRun } from '../core/job-runs.js';
import { fixForTaskError } from '../core/run-fix.js';
import { runIdFromUrl, tasksInOrder, upstreamOf, type TaskGraph } from '../core/run-follow.js';
import type { RunParams } from '../core/run-params.js';
import { runHistoryEntry, runReceipt, runSucceeded, type RunFailure, type RunResult } from '../core/run-receipt.js';
import { shortDuration } from '../core/status-text.js';
import { terminalSafe } from '../core/terminal-text.js';
import { knownColumns } from '../core/terminal-width.js';
import { wrapWords } from '../core/text-width.js';
import { runJob, type BundleInvocation } from '../databricks/bundle-commands.js';
import { cancelJobRun, taskRunError, type WorkspaceInvocation } from '../databricks/jobs-commands.js';
import { cliText, DatabricksCliError, type DatabricksCliConfig } from '../databricks/run-cli.js';
import { appendHistory } from '../project/history-file.js';
import { pipelineDir } from '../project/project.js';
import { commandPrompts } from '../session/command-prompts.js';
import type { CliContext } from '../session/context.js';
import { isPromptCancel } from '../session/report-error.js';
import { createStyle, terminalLink, type Style } from '../session/style.js';
import { followRun } from './follow-run.js';

/** Which job, where, and how to follow it. */
export interface RunTarget {
  readonly root: string;
  readonly pipeline: string;
  readonly env: string;
  readonly host: string;
  readonly profile?: string;
  readonly cli: DatabricksCliConfig;
  readonly jobKey: string;
  /** The job's task keys in the pipeline's order. */
  readonly order: readonly string[];
  /** What each task depends on (the job's DAG). */
  readonly dependsOn: TaskGraph['dependsOn'];
  readonly pollDelayMs: (attempt: number) => number;
  /** One JSON receipt on stdout, rows and notes on stderr. */
  readonly json: boolean;
}

export interface StartedRun {
  readonly url?: string;
  readonly runId?: number;
}

const failureContext = (t: Pick<RunTarget, 'host' | 'profile' | 'env' | 'pipeline'>): FailureContext => ({ host: t.host, profile: t.profile, target: t.env, pipeline: t.pipeline });

export function bundleInvocation(t: Omit<RunTarget, 'jobKey' | 'order' | 'dependsOn' | 'pollDelayMs' | 'json'>, signal?: AbortSignal): BundleInvocation {
  return { cli: t.cli, cwd: pipelineDir(t.root, t.pipeline), target: t.env, ...(t.profile ? { profile: t.profile } : {}), ...(signal ? { signal } : {}), context: failureContext(t) };
}

/** `bundle run <key> --no-wait` from the pipeline folder: the run's URL and id as the CLI reports them. */
export async function startRun(b: BundleInvocation, jobKey: string, params: RunParams): Promise<StartedRun> {
  const { runUrl } = await runJob(b, jobKey, params);
  const runId = runUrl ? runIdFromUrl(runUrl) : undefined;
  return { ...(runUrl ? { url: runUrl } : {}), ...(runId !== undefined ? { runId } : {}) };
}

/** Follow a started run to its end (or Ctrl-C), report it, record it; the exit code. */
export async function followAndReport(t: RunTarget, started: StartedRun, ctx: CliContext): Promise<number> {
  const style = createStyle(ctx.color);
  if (started.runId === undefined) {
    throw new UserError(`databricks bundle run printed no run URL for ${t.pipeline}: the run may have started, but it cannot be followed`, `see the job's runs in the workspace: loyalty-wizard status ${t.pipeline} --env ${t.env}`);
  }
  const controller = new AbortController();
  const workspace = { cli: t.cli, cwd: t.root, ...(t.profile ? { profile: t.profile } : {}), signal: controller.signal, context: failureContext(t) };
  let interrupted = false;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // Ctrl-C stops following; what happens to the run is decided below, before the process exits.
  const unregister = ctx.onInterrupt(() => {
    interrupted = true;
    controller.abort();
    return finished;
  }, { waitsForAnswer: ctx.interactive });
  const clockStart = performance.now();
  try {
    const drawing = ctx.interactive && Boolean(ctx.terminal.output.isTTY) && !ctx.plain && knownColumns(ctx.terminal.output.columns) !== undefined;
    const followed = await followRun({ workspace, runId: started.runId, order: t.order, pollDelayMs: t.pollDelayMs, drawing, style, output: ctx.terminal.output });
    const elapsed = performance.now() - clockStart;
    const result = interrupted
      ? await interruptedResult(t, started, followed.run, elapsed, workspace, ctx, style)
      : await endedResult(t, started, followed, elapsed, { ...workspace, signal: new AbortController().signal });
    await appendHistory(t.root, [runHistoryEntry(result, new Date())]);
    if (t.json) ctx.stdout.write(`${JSON.stringify(runReceipt(result, t.profile), null, 2)}\n`);
    else printResult(result, ctx, style);
    return interrupted ? 130 : runSucceeded(result) ? 0 : 1;
  } finally {
    unregister();
    finish();
  }
}

/** A run started and not followed (--no-wait, a continuous job): reported and recorded as started. */
export async function reportStarted(t: RunTarget, started: StartedRun, ctx: CliContext, note?: string): Promise<number> {
  const result: RunResult = { pipeline: t.pipeline, env: t.env, ...started, end: 'started', tasks: [], durationMs: 0 };
  await appendHistory(t.root, [runHistoryEntry(result, new Date())]);
  if (t.json) ctx.stdout.write(`${JSON.stringify(runReceipt(result, t.profile), null, 2)}\n`);
  else {
    const style = createStyle(ctx.color);
    ctx.stdout.write(`${style.green('✔')} ${style.bold(t.pipeline)}: run started in ${t.env}${note ? ` (${note})` : ''}\n`);
    ctx.stdout.write(`  Run    ${started.url ? terminalLink(terminalSafe(started.url), ctx) : '(the CLI printed no run URL)'}\n`);
  }
  return 0;
}

async function endedResult(t: RunTarget, started: StartedRun, followed: { run?: JobRun; error?: unknown }, elapsed: number, w: WorkspaceInvocation): Promise<RunResult> {
  const run = followed.run;
  const tasks = tasksInOrder(run ?? { tasks: [] }, t.order);
  // The URL `bundle run` printed (secrets already redacted) over the one get-run reports.
  const url = started.url ?? (run?.url ? cliText(t.cli, run.url) : undefined);
  const base = { pipeline: t.pipeline, env: t.env, runId: started.runId!, ...(url ? { url } : {}), tasks, durationMs: run?.durationMs ?? elapsed };
  if (!run || followed.error !== undefined) {
    const why = followed.error instanceof Error ? followed.error.message : 'no answer';
    return { ...base, end: 'interrupted', failure: { message: `could not follow the run (${why.split('\n')[0]}); it goes on in Databricks`, fix: 'open the run page, or: loyalty-wizard status --env ' + t.env } };
  }
  if (run.outcome === 'success') return { ...base, end: 'success' };
  return { ...base, end: run.outcome, failure: await failureOf(t, run, tasks, w) };
}

/** The first task that failed (or timed out), its error from its run output, and a fix. */
async function failureOf(t: RunTarget, run: JobRun, tasks: readonly TaskRun[], w: WorkspaceInvocation): Promise<RunFailure> {
  const index = tasks.findIndex((x) => x.outcome === 'failed' || x.outcome === 'timedout');
  const task = index >= 0 ? tasks[index] : undefined;
  let error: { error?: string; trace?: string } = {};
  if (task?.runId !== undefined && task.outcome === 'failed') {
    try {
      error = await taskRunError(w, task.runId);
    } catch {
      // The run's own message stands in.
    }
  }
  // From the workspace: secrets redacted before it is shown, recorded or put in the receipt.
  const message = cliText(t.cli, error.error ?? task?.message ?? (run.message || `the run ended ${run.outcome}`), { multiline: true });
  const upstream = task ? upstreamOf(task.key, t) : [];
  const fix =
    run.outcome === 'timedout'
      ? `the job's timeout was reached${task ? ` in ${task.key}` : ''}: open the run page to see what was slow`
      : run.outcome === 'canceled'
        ? 'the run was cancelled (by someone, or a newer run of the job): start it again with loyalty-wizard run'
        : fixForTaskError(message, { pipeline: t.pipeline, env: t.env, task: task?.key ?? '', upstream });
  return { ...(task ? { task: task.key } : {}), message, fix, ...(error.trace ? { trace: cliText(t.cli, error.trace, { multiline: true }) } : {}) };
}

/** Ctrl-C: in a terminal, ask whether to cancel the run on Databricks; without one, leave it running. */
async function interruptedResult(t: RunTarget, started: StartedRun, run: JobRun | undefined, elapsed: number, w: WorkspaceInvocation, ctx: CliContext, style: Style): Promise<RunResult> {
  const base = { pipeline: t.pipeline, env: t.env, runId: started.runId!, ...(started.url ? { url: started.url } : {}), tasks: tasksInOrder(run ?? { tasks: [] }, t.order), durationMs: elapsed };
  const link = started.url ? terminalLink(terminalSafe(started.url), ctx) : `run ${started.runId}`;
  let cancel = false;
  if (ctx.interactive) {
    try {
      cancel = await (await commandPrompts(ctx)).confirm(`Cancel run ${started.runId} of ${t.pipeline} on Databricks? (No leaves it running)`, false);
    } catch (error) {
      if (!isPromptCancel(error)) throw error;
    }
  }
  if (cancel) {
    try {
      await cancelJobRun({ ...w, signal: new AbortController().signal }, started.runId!);
      ctx.stderr.write(`${style.yellow('⚠')} asked Databricks to cancel the run; it stops shortly: ${link}\n`);
      return { ...base, end: 'interrupted', cancelRequested: true };
    } catch (error) {
      ctx.stderr.write(`${style.red('✖')} could not cancel the run (${terminalSafe(error instanceof Error ? error.message.split('\n')[0]! : String(error))}); it is still running: ${link}\n`);
    }
  } else {
    ctx.stderr.write(`${style.yellow('⚠')} stopped following; the run goes on in Databricks${ctx.interactive ? '' : ' (no terminal to ask whether to cancel it)'}: ${link}\n`);
  }
  return { ...base, end: 'interrupted', cancelRequested: false };
}

function printResult(r: RunResult, ctx: CliContext, style: Style): void {
  if (r.end === 'interrupted' && !r.failure) return;
  const out = ctx.stdout;
  const time = shortDuration(r.durationMs);
  if (r.end === 'success') out.write(`\n${style.green('✔')} ${style.bold(r.pipeline)} ran in ${r.env} in ${time}\n`);
  else out.write(`\n${style.red('✖')} ${style.bold(r.pipeline)} ${r.end === 'interrupted' ? 'not followed to its end' : `run ${WORDS[r.end] ?? r.end}`} in ${r.env} after ${time}${r.failure?.task ? ` (task ${terminalSafe(r.failure.task)})` : ''}\n`);
  out.write(`  Run    ${r.url ? terminalLink(terminalSafe(r.url), ctx) : `run ${r.runId ?? '?'}`}\n`);
  if (!r.failure) return;
  const width = ctx.columns ? ctx.columns - 1 : undefined;
  const lines = r.failure.message.split('\n').filter((l) => l.trim() !== '').slice(0, 8);
  out.write(labelled('Error', lines.flatMap((l) => wrapped(terminalSafe(l), width)), '  Error  '.length));
  out.write(labelled('Fix', wrapped(terminalSafe(r.failure.fix), width), '  Fix    '.length));
}

/** `  Label  first line`, the others under it. */
function labelled(label: string, lines: readonly string[], indent: number): string {
  return lines.map((l, i) => `${i === 0 ? `  ${label}`.padEnd(indent) : ' '.repeat(indent)}${l}\n`).join('');
}

/** Words wrapped to fit `width` columns after the label's indent (9); as is when the width is unknown. */
function wrapped(text: string, width: number | undefined): string[] {
  return width ? wrapWords(text, Math.max(20, width - 9)) : [text];
}

const WORDS: Readonly<Record<string, string>> = { failed: 'failed', timedout: 'timed out', canceled: 'was cancelled', skipped: 'was skipped' };

/** A CLI failure as deploy shows one: the command (after `prefix`), the CLI's own lines, the cause and the fix; exit 1. */
export function printCliFailure(error: DatabricksCliError, ctx: CliContext, prefix = ''): number {
  const style = createStyle(ctx.color);
  // Everything here came from the CLI's output: printed only through terminalSafe (secrets are already redacted).
  ctx.stderr.write(`${style.red('✖')} ${prefix}${terminalSafe(error.headline)}:\n`);
  for (const line of error.stderrLines) ctx.stderr.write(`    ${terminalSafe(line)}\n`);
  ctx.stderr.write(`  ${style.bold('cause:')} ${terminalSafe(error.explanation.cause)}\n`);
  if (error.explanation.fix) ctx.stderr.write(`  ${style.bold('fix:')}   ${terminalSafe(error.explanation.fix)}\n`);
  return 1;
}
