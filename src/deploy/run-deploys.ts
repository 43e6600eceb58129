/**
 * The deploy task list: listr2 draws the steps of deploy-pipeline.ts, asks for
 * approval through inquirer when a person must approve, and ends with the job
 * URL summary (or one JSON document with --json). Ink is never loaded here.
 */
import { Listr, ListrLogger, ListrTaskState, ProcessOutput, type ListrTask, type ListrTaskWrapper } from 'listr2';
import type { EnvConfigs } from '../core/env-config.js';
import { UsageError, UserError } from '../core/errors.js';
import type { CliContext } from '../session/context.js';
import type { ResolvedDeploy } from './resolved-deploy.js';
import { isPromptCancel, reportError } from '../session/report-error.js';
import { createStyle, terminalLink, type Style } from '../session/style.js';
import type { HistoryEntry } from '../core/history.js';
import { appendHistory } from '../project/history-file.js';
import { commandPrompts, type CommandPrompts } from '../session/command-prompts.js';
import { terminalSafe } from '../core/terminal-text.js';
import { knownColumns } from '../core/terminal-width.js';
import { CancelledError, DatabricksCliError, formatCommandLine } from '../databricks/run-cli.js';
import { runCommand } from '../databricks/bundle-commands.js';
import { approvalMessage, typedApproval } from './approve-text.js';
import {
  DEPLOY_STEPS,
  interruptedMessage,
  newDeployState,
  notApproved,
  NotApprovedError,
  runStep,
  type DeployRequest,
  type DeployState,
  type StepDefinition,
  type StepIO,
} from './deploy-pipeline.js';
import { formatDuration, formatElapsed, StepClock } from './step-clock.js';
import { waitingNotice } from './wait-notice.js';
import { jobTaskGraph, pollDelayMs } from '../core/run-follow.js';
import { followAndReport, printCliFailure, type RunTarget, type StartedRun } from '../operate/run-pipeline.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTask = ListrTaskWrapper<any, any, any>;

interface Outcome {
  state: DeployState;
  ok: boolean;
  error?: unknown;
  durationMs: number;
}

export async function runDeploys(r: ResolvedDeploy, envs: EnvConfigs, ctx: CliContext): Promise<number> {
  const style = createStyle(ctx.color);
  const controller = new AbortController();
  const many = r.pipelines.length > 1 || Boolean(r.args.all);
  // Redrawing in place needs cursor movement and a known width (a 0-column pty has none): else plain lines.
  const drawing = ctx.interactive && Boolean(ctx.terminal.output.isTTY) && !ctx.plain && knownColumns(ctx.terminal.output.columns) !== undefined;

  if (many && r.env !== 'dev' && !r.args.yes && !r.args['dry-run']) {
    const declined = await approveMany(r, ctx);
    if (declined) {
      ctx.stderr.write(`${style.yellow('⚠')} ${declined.message}\n`);
      return declined.exitCode;
    }
  }

  const states = r.pipelines.map((pipeline) => newDeployState(deployRequest(r, pipeline, envs, ctx.interactive && !many, controller.signal)));
  // The error each deploy ended in, kept where it is thrown (listr2 passes on only the first).
  const errors = new Map<DeployState, unknown>();
  const linePrompts = ctx.plain ? () => commandPrompts(ctx) : undefined;
  const list = taskList(states, r, ctx, { drawing, style, waitNoticeMs: r.waitNoticeMs, ...(linePrompts ? { linePrompts } : {}) }, errors);

  let cancelled = false;
  const running = (async () => {
    try {
      await list.run();
    } catch (error) {
      if (!many && !errors.has(states[0]!)) errors.set(states[0]!, error);
    }
  })();
  const unregister = ctx.onInterrupt(async () => {
    cancelled = true;
    // The deploys still running now (not the ones that already ended) are the interrupted ones.
    const interrupted = states.filter((s) => !many || (s.current !== undefined && s.steps.at(-1)?.name !== s.current));
    controller.abort();
    await running;
    for (const s of interrupted) ctx.stderr.write(`\n${style.yellow('⚠')} ${interruptedMessage(s, rerunCommand(r, s.request.pipeline))}\n`);
  });
  await running;
  unregister();
  const outcomes = states.map((s) => outcomeOf(s, errors));
  await appendHistory(r.root, outcomes.map((o) => historyEntry(o, cancelled)));
  if (cancelled) return 130;
  const code = report(outcomes, r, ctx, style, many);
  const follow = runToFollow(outcomes, r, envs, many);
  return follow && code === 0 ? followAndReport(follow.target, follow.started, ctx) : code;
}

/**
 * `--run` on one pipeline follows the run it started, as `run` does. Not with
 * --no-wait, --json (one document), several pipelines, or a continuous job
 * (its run does not end): those print the run URL only.
 */
function runToFollow(outcomes: readonly Outcome[], r: ResolvedDeploy, envs: EnvConfigs, many: boolean): { target: RunTarget; started: StartedRun } | undefined {
  const o = outcomes[0];
  if (many || !o?.ok || !r.args.run || r.args['no-wait'] || r.args.json || r.args['dry-run']) return undefined;
  const { built, run } = o.state;
  const job = built?.bundle.resources.jobs[built.jobKey];
  if (!built || !job || job.continuous || run?.runId === undefined) return undefined;
  const target: RunTarget = {
    root: r.root,
    pipeline: built.name,
    env: r.env,
    host: envs[r.env]!.workspace.host,
    ...(r.profile ? { profile: r.profile } : {}),
    cli: r.cli,
    jobKey: built.jobKey,
    ...jobTaskGraph(job.tasks),
    pollDelayMs: r.runPollDelayMs ?? pollDelayMs,
    json: false,
  };
  return { target, started: run };
}

/** The line `status --history` reads for one deploy. */
function historyEntry(o: Outcome, cancelled: boolean): HistoryEntry {
  const { request } = o.state;
  const result = request.dryRun ? 'dry-run' : o.ok ? 'deployed' : cancelled ? 'interrupted' : o.error instanceof NotApprovedError ? 'not-approved' : 'failed';
  const message = o.error ? shortError(o.error).slice(0, 500) : undefined;
  return { v: 1, kind: 'deploy', at: new Date().toISOString(), pipeline: request.pipeline, env: request.env, ok: o.ok && !cancelled, result, duration_ms: Math.round(o.durationMs), ...(message ? { message } : {}) };
}

function deployRequest(r: ResolvedDeploy, pipeline: string, envs: EnvConfigs, interactive: boolean, signal: AbortSignal): DeployRequest {
  return {
    root: r.root,
    pipeline,
    env: r.env,
    envs,
    ...(r.profile ? { profile: r.profile } : {}),
    cli: r.cli,
    yes: Boolean(r.args.yes),
    allowDeletes: Boolean(r.args['allow-deletes']),
    forceLock: Boolean(r.args['force-lock']),
    dryRun: Boolean(r.args['dry-run']),
    run: Boolean(r.args.run),
    params: r.params,
    ...(r.args.bind ? { bindJobId: r.args.bind } : {}),
    interactive,
    signal,
  };
}

/**
 * The task list: one deploy's steps, or (with several) one task per pipeline
 * with its steps under it. A step's error is recorded for its deploy in `errors`.
 */
function taskList(states: readonly DeployState[], r: ResolvedDeploy, ctx: CliContext, view: StepView, errors: Map<DeployState, unknown>): { run(): Promise<unknown> } {
  const many = states.length > 1 || Boolean(r.args.all);
  const stepTasks = (state: DeployState): ListrTask[] =>
    DEPLOY_STEPS.map((step) => ({
      title: step.title,
      // Once a person has said no, the steps after it do not run (nor show).
      enabled: () => step.enabled(state) && !notApproved(state),
      rendererOptions: { persistentOutput: true },
      task: (_ctx: unknown, task: AnyTask) =>
        runStepTask(step, state, task, view).catch((error: unknown) => {
          errors.set(state, error);
          throw error;
        }),
    }));
  // Returned, not run here: listr2 then draws each pipeline's steps under it (running it would start a second renderer).
  const track = (state: DeployState) => (_ctx: unknown, task: AnyTask) => task.newListr(stepTasks(state), { concurrent: false, exitOnError: true });
  const logger = new ListrLogger({ processOutput: new ProcessOutput(ctx.terminal.output, ctx.terminal.output), useIcons: true });
  return new Listr(many ? states.map((state) => ({ title: state.request.pipeline, task: track(state) })) : stepTasks(states[0]!), {
    renderer: view.drawing ? 'default' : 'simple',
    fallbackRenderer: 'simple',
    // Each step's own time is in its title (runStepTask): listr2's timer would count approval prompts too.
    rendererOptions: { logger, collapseSubtasks: false, showErrorMessage: false },
    fallbackRendererOptions: { logger },
    concurrent: many ? r.args.concurrency : false,
    exitOnError: !many,
    registerSignalListeners: false,
    collectErrors: false,
    silentRendererCondition: false,
  } as ConstructorParameters<typeof Listr>[1]);
}

/** Failures, then the summary (one deploy) or the table (several), or one JSON document; the exit code. */
function report(results: readonly Outcome[], r: ResolvedDeploy, ctx: CliContext, style: Style, many: boolean): number {
  if (r.args.json) ctx.stdout.write(`${JSON.stringify(many ? { env: r.env, profile: r.profile ?? null, ok: results.every((o) => o.ok), results: results.map(toJson) } : toJson(results[0]!), null, 2)}\n`);
  let code = 0;
  for (const o of results) {
    if (o.ok) continue;
    code = Math.max(code, exitCodeOf(o.error));
    if (!many || !r.args.json) printFailure(o, ctx, style, many);
  }
  if (!r.args.json) {
    if (many) printTable([...results], ctx, style);
    else if (results[0]!.ok) printSummary(results[0]!, r, ctx, style);
  }
  return code;
}

/** `--all` to staging or prod asks once for all, by typing the env's name (three tries); the error when not approved. */
async function approveMany(r: ResolvedDeploy, ctx: CliContext): Promise<NotApprovedError | undefined> {
  const what = `${r.pipelines.length} pipelines`;
  if (!ctx.interactive) {
    throw new UsageError(`deploying ${what} to ${r.env} needs approval and there is no terminal to ask`, 'pass --yes (and --allow-deletes if a plan may delete)');
  }
  const check = typedApproval(r.env);
  const typed = await (await commandPrompts(ctx)).input(`Deploy ${what} (${r.pipelines.join(', ')}) to ${r.env}? Type ${r.env} to confirm:`, check.validate);
  return check.approved(typed) ? undefined : new NotApprovedError(`${what} were not approved for ${r.env}: nothing was deployed`);
}

interface StepView {
  readonly drawing: boolean;
  readonly style: Style;
  readonly waitNoticeMs: number;
  /** In a terminal that cannot redraw, approvals are asked as lines, outside the task list. */
  readonly linePrompts?: () => Promise<CommandPrompts>;
}

/**
 * One step under listr2. While it runs its title shows its own time (redrawn
 * at most once a second, only when the list redraws in place); after
 * `waitNoticeMs` a line says what it waits for and what Ctrl-C does (once, in
 * plain output). It ends with its detail and time, or as "not approved".
 */
async function runStepTask(step: StepDefinition, state: DeployState, task: AnyTask, view: StepView): Promise<void> {
  const clock = new StepClock();
  const lines: string[] = [];
  let notice: readonly string[] = [];
  const show = () => {
    task.output = [...lines, ...notice.map((line) => view.style.yellow(line))].join('\n');
  };
  const output = (line: string) => {
    lines.push(line);
    if (view.drawing) show();
    else task.output = line;
  };
  const stopTicking = tickStep(step, clock, task, view, (text) => {
    notice = text;
    if (view.drawing) show();
    else task.output = text.join(' ');
  });
  const timed = (title: string) => `${title} ${view.style.dim(`[${formatDuration(clock.elapsedMs())}]`)}`;
  try {
    const detail = await runStep(step, state, { output, approve: approver(state, task, view) }, clock);
    task.title = timed(`${step.title}${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    if (!(error instanceof NotApprovedError)) {
      task.title = timed(step.title);
      throw error;
    }
    const plan = step.name === 'plan' ? state.planLines?.at(-1)?.replace(/^Plan: /, '') : undefined;
    const declined = `${plan ? `${plan} — ` : ''}not approved`;
    task.skip(view.drawing ? `${step.title}: ${declined}` : declined);
    // The prompt adapter answers a skip by cancelling its prompt (long answered), which puts the
    // task back to running and listr2 would then mark it done: set it skipped again, quietly.
    task.task.state = ListrTaskState.SKIPPED;
  } finally {
    stopTicking();
    notice = [];
    if (view.drawing) show();
  }
}

/**
 * While a step runs: its time in its title (only where the list is redrawn,
 * at most once a second; never while a person is being asked), and once it
 * has run `waitNoticeMs`, the waiting notice, given once to `onNotice`.
 */
function tickStep(step: StepDefinition, clock: StepClock, task: AnyTask, view: StepView, onNotice: (text: readonly string[]) => void): () => void {
  let noticed = false;
  const timer = setInterval(() => {
    if (clock.paused) return;
    const ms = clock.elapsedMs();
    const title = `${step.title} ${view.style.dim(`[${formatElapsed(ms)}]`)}`;
    if (view.drawing && ms >= 1000 && task.title !== title) task.title = title;
    if (noticed || ms < view.waitNoticeMs) return;
    noticed = true;
    // Under a ticking title the time is already shown; a plain line says how long so far.
    const text = waitingNotice(step.name, view.drawing ? undefined : ms);
    if (text !== undefined) onNotice(text);
  }, Math.min(1000, view.waitNoticeMs));
  return () => clearInterval(timer);
}

/** Asks through listr2 (so the list and the prompt share the screen): yes/no, or the pipeline's name with three tries. */
function approver(state: DeployState, task: AnyTask, view: StepView): StepIO['approve'] {
  return async (prompt, subject) => {
    const message = approvalMessage(prompt, state.request.pipeline, state.request.env, subject);
    if (view.linePrompts) return approveByLine(await view.linePrompts(), prompt, message, state.request.pipeline);
    // Prompts load only when someone must be asked: CI never pays for them.
    const [{ ListrInquirerPromptAdapter }, { confirm, input }] = await Promise.all([import('@listr2/prompt-adapter-inquirer'), import('../session/inquirer-prompts.js')]);
    const adapter = task.prompt(ListrInquirerPromptAdapter);
    if (prompt === 'type-name') {
      const check = typedApproval(state.request.pipeline);
      const typed = (await adapter.run(input, { message, validate: check.validate, theme: { validationFailureMode: 'clear' } })) as string;
      return check.approved(typed);
    }
    return (await adapter.run(confirm, { message, default: false })) as boolean;
  };
}

/** A deploy's own time: its steps', without the time anyone took to approve. */
function ownTimeMs(state: DeployState): number {
  return state.steps.reduce((sum, step) => sum + step.duration_ms, 0);
}

/** How a deploy ended: deployed, failed (with its error), not approved, or never started. */
function outcomeOf(state: DeployState, errors: ReadonlyMap<DeployState, unknown>): Outcome {
  const durationMs = ownTimeMs(state);
  if (errors.has(state)) return { state, ok: false, error: errors.get(state), durationMs };
  const declined = state.steps.find((step) => step.status === 'not-approved');
  if (declined) return { state, ok: false, error: new NotApprovedError(declined.detail ?? 'not approved: nothing was deployed'), durationMs };
  if (state.steps.length === 0) return { state, ok: false, error: new UserError('not started'), durationMs };
  return { state, ok: true, durationMs };
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CancelledError || isPromptCancel(error)) return 130;
  if (error instanceof UserError) return error.exitCode;
  return 1;
}

function printFailure(o: Outcome, ctx: CliContext, style: Style, many: boolean): void {
  const prefix = many ? `${o.state.request.pipeline}: ` : '';
  const error = o.error;
  if (isPromptCancel(error)) {
    ctx.stderr.write(`\n${style.yellow('⚠')} ${prefix}cancelled at the approval prompt: nothing was deployed\n`);
    return;
  }
  if (error instanceof NotApprovedError) {
    // An answer, not a failure: no "error:", no hint.
    ctx.stderr.write(`\n${style.yellow('⚠')} ${error.message}\n`);
    return;
  }
  if (error instanceof DatabricksCliError) {
    ctx.stderr.write('\n');
    printCliFailure(error, ctx, prefix);
    return;
  }
  if (many) ctx.stderr.write(`\n${style.red('✖')} ${prefix}\n`);
  else ctx.stderr.write('\n');
  reportError(error, ctx);
}

export function rerunCommand(r: ResolvedDeploy, pipeline: string, extra = ''): string {
  return `npx loyalty-wizard deploy ${r.args.all ? '--all' : pipeline} --env ${r.env}${r.profile ? ` --profile ${r.profile}` : ''} --yes${extra}`;
}

function printSummary(o: Outcome, r: ResolvedDeploy, ctx: CliContext, style: Style): void {
  const s = o.state;
  const seconds = formatDuration(o.durationMs);
  const out = ctx.stdout;
  if (s.request.dryRun) {
    out.write(`\n${style.green('✔')} dry run of ${s.request.pipeline} for ${r.env}: nothing was deployed (${seconds})\n`);
    if (s.planLines) for (const l of s.planLines) out.write(`  ${l}\n`);
    out.write(`  would run (in pipelines/${s.request.pipeline}):\n`);
    for (const c of s.wouldRun) out.write(`    ${c}\n`);
    return;
  }
  out.write(`\n${style.green('✔')} ${style.bold(s.request.pipeline)} deployed to ${r.env} in ${seconds}\n`);
  if (s.job?.name) out.write(`  Job      ${terminalSafe(s.job.name)}\n`);
  out.write(`  URL      ${s.job?.url ? terminalLink(terminalSafe(s.job.url), ctx) : '(not reported by databricks bundle summary)'}\n`);
  out.write(`  Env      ${r.env} · ${r.profile ? `profile ${r.profile}` : r.authLabel}\n`);
  if (s.run?.url) out.write(`  Run      ${terminalLink(terminalSafe(s.run?.url), ctx)}\n`);
  out.write(`\nNext:\n`);
  if (!s.request.run) {
    out.write(`  Run it now (from pipelines/${s.request.pipeline}):\n`);
    const run = runCommand({ target: r.env, ...(r.profile ? { profile: r.profile } : {}) }, s.built?.jobKey ?? s.request.pipeline, r.params).filter((a) => a !== '--no-wait');
    out.write(`    ${formatCommandLine('databricks', run)}\n`);
  }
  if (r.redeployHint) out.write(`  Redeploy from CI:\n    ${rerunCommand(r, s.request.pipeline)}\n`);
}

function printTable(results: Outcome[], ctx: CliContext, style: Style): void {
  const rows = results.map((o) => [
    o.state.request.pipeline,
    o.ok ? 'ok' : 'failed',
    `${(o.durationMs / 1000).toFixed(1)}s`,
    terminalSafe(o.ok ? (o.state.job?.url ?? (o.state.request.dryRun ? 'dry run' : '')) : shortError(o.error)),
  ]);
  const header = ['PIPELINE', 'RESULT', 'TIME', 'JOB URL / ERROR'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  ctx.stdout.write(`\n${style.bold(line(header))}\n`);
  for (const row of rows) {
    const text = line(row);
    ctx.stdout.write(`${row[1] === 'ok' ? text : style.red(text)}\n`);
  }
  const failed = results.filter((o) => !o.ok).length;
  ctx.stdout.write(`\n${failed === 0 ? style.green(`all ${results.length} deployed`) : style.red(`${failed} of ${results.length} failed`)}\n`);
}

function shortError(error: unknown): string {
  if (error instanceof DatabricksCliError) return `${error.explanation.cause}${error.explanation.fix ? ` — ${error.explanation.fix}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function toJson(o: Outcome): Record<string, unknown> {
  const s = o.state;
  const error = o.error;
  return {
    pipeline: s.request.pipeline,
    env: s.request.env,
    profile: s.request.profile ?? null,
    ok: o.ok,
    dry_run: s.request.dryRun,
    duration_ms: Math.round(o.durationMs),
    steps: s.steps,
    job: s.job ? { key: s.job.key, name: s.job.name ?? null, id: s.job.id ?? null, url: s.job.url ?? null } : null,
    run_url: s.run?.url ?? null,
    record: s.record ? { commit: s.record.commit ?? null, content: s.record.content ?? null } : null,
    plan: s.plan ? { create: s.plan.create, change: s.plan.change, delete: s.plan.delete, unchanged: s.plan.unchanged, entries: s.plan.entries } : null,
    would_run: s.request.dryRun ? s.wouldRun : undefined,
    error: error
      ? {
          message: error instanceof Error ? error.message : String(error),
          hint: error instanceof UserError ? (error.hint ?? null) : null,
          ...(error instanceof DatabricksCliError ? { cli_stderr: error.stderrLines, cause: error.explanation.cause, fix: error.explanation.fix ?? null, kind: error.explanation.kind } : {}),
        }
      : null,
  };
}

/** An approval asked as a line (no task list redraws around it): the pipeline's name typed, or y/n. */
async function approveByLine(prompts: CommandPrompts, prompt: Parameters<StepIO['approve']>[0], message: string, pipeline: string): Promise<boolean> {
  if (prompt === 'type-name') {
    const check = typedApproval(pipeline);
    return check.approved(await prompts.input(message, check.validate));
  }
  return prompts.confirm(message, false);
}
