/**
 * The deploy task list: listr2 draws the steps of deploy-pipeline.ts, asks for
 * approval through inquirer when a person must approve, and ends with the job
 * URL summary (or one JSON document with --json). Ink is never loaded here.
 */
import { Listr, ListrLogger, ProcessOutput, PRESET_TIMER, type ListrTask, type ListrTaskWrapper } from 'listr2';
import type { EnvConfigs } from '../core/env-config.js';
import { UsageError, UserError } from '../core/errors.js';
import type { CliContext } from '../cli/context.js';
import type { ResolvedDeploy } from '../cli/commands/deploy.js';
import { isPromptCancel, reportError } from '../cli/report-error.js';
import { createStyle, type Style } from '../cli/style.js';
import { commandPrompts, type CommandPrompts } from '../cli/prompts.js';
import { terminalSafe } from '../core/terminal-text.js';
import { CancelledError, DatabricksCliError, formatCommandLine } from '../databricks/run-cli.js';
import { runCommand } from './databricks-bundle.js';
import { approvalMessage } from './approve-text.js';
import { DEPLOY_STEPS, interruptedMessage, newDeployState, runStep, type DeployState, type StepIO } from './deploy-pipeline.js';

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
  // A terminal that cannot move the cursor gets the line-by-line renderer and line prompts.
  const drawing = ctx.interactive && Boolean(ctx.terminal.output.isTTY) && !ctx.plain;

  if (many && r.env !== 'dev' && !r.args.yes && !r.args['dry-run']) {
    if (!ctx.interactive) {
      throw new UsageError(`deploying ${r.pipelines.length} pipelines to ${r.env} needs approval and there is no terminal to ask`, 'pass --yes (and --allow-deletes if a plan may delete)');
    }
    const typed = await (await commandPrompts(ctx)).input(`Deploy ${r.pipelines.length} pipelines (${r.pipelines.join(', ')}) to ${r.env}? Type ${r.env} to confirm:`);
    if (typed.trim() !== r.env) throw new UserError('not approved; nothing was deployed');
  }

  const states = r.pipelines.map((pipeline) =>
    newDeployState({
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
      interactive: ctx.interactive && !many,
      signal: controller.signal,
    }),
  );
  const outcomes = new Map<DeployState, Outcome>();

  const stepTasks = (state: DeployState): ListrTask[] =>
    DEPLOY_STEPS.map((step) => ({
      title: step.title,
      enabled: () => step.enabled(state),
      rendererOptions: { persistentOutput: true },
      task: async (_ctx: unknown, task: AnyTask) => {
        const lines: string[] = [];
        const output = (line: string) => {
          lines.push(line);
          task.output = drawing ? lines.join('\n') : line;
        };
        const approve: StepIO['approve'] = async (prompt, subject) => {
          const message = approvalMessage(prompt, state.request.pipeline, state.request.env, subject);
          if (ctx.plain) return approveByLine(await commandPrompts(ctx), prompt, message, state.request.pipeline);
          // Prompts load only when someone must be asked: CI never pays for them.
          const [{ ListrInquirerPromptAdapter }, { confirm, input }] = await Promise.all([import('@listr2/prompt-adapter-inquirer'), import('@inquirer/prompts')]);
          const adapter = task.prompt(ListrInquirerPromptAdapter);
          if (prompt === 'type-name') {
            const typed = (await adapter.run(input, { message })) as string;
            return typed.trim() === state.request.pipeline;
          }
          return (await adapter.run(confirm, { message, default: false })) as boolean;
        };
        const detail = await runStep(step, state, { output, approve });
        if (detail) task.title = `${step.title}: ${detail}`;
      },
    }));

  const track = (state: DeployState) => async (_ctx: unknown, task: AnyTask) => {
    const started = performance.now();
    try {
      await task.newListr(stepTasks(state), { concurrent: false, exitOnError: true }).run();
      outcomes.set(state, { state, ok: true, durationMs: performance.now() - started });
    } catch (error) {
      outcomes.set(state, { state, ok: false, error, durationMs: performance.now() - started });
      throw error;
    }
  };

  const logger = new ListrLogger({ processOutput: new ProcessOutput(ctx.terminal.output, ctx.terminal.output), useIcons: true });
  const list = new Listr(
    many
      ? states.map((state) => ({ title: state.request.pipeline, task: track(state) }))
      : stepTasks(states[0]!),
    {
      renderer: drawing ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      rendererOptions: { logger, timer: PRESET_TIMER, collapseSubtasks: false, showErrorMessage: false },
      fallbackRendererOptions: { logger, timer: PRESET_TIMER },
      concurrent: many ? r.args.concurrency : false,
      exitOnError: !many,
      registerSignalListeners: false,
      collectErrors: false,
      silentRendererCondition: false,
    } as ConstructorParameters<typeof Listr>[1],
  );

  let cancelled = false;
  const started = performance.now();
  const running = (async () => {
    try {
      await list.run();
    } catch (error) {
      if (!many) outcomes.set(states[0]!, { state: states[0]!, ok: false, error, durationMs: performance.now() - started });
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
  if (!many && !outcomes.has(states[0]!)) outcomes.set(states[0]!, { state: states[0]!, ok: true, durationMs: performance.now() - started });
  if (cancelled) return 130;

  const results = states.map((s) => outcomes.get(s) ?? { state: s, ok: false, error: new UserError('not started'), durationMs: 0 });
  if (r.args.json) ctx.stdout.write(`${JSON.stringify(many ? { env: r.env, profile: r.profile ?? null, ok: results.every((o) => o.ok), results: results.map(toJson) } : toJson(results[0]!), null, 2)}\n`);

  let code = 0;
  for (const o of results) {
    if (o.ok) continue;
    code = Math.max(code, exitCodeOf(o.error));
    if (!many || !r.args.json) printFailure(o, ctx, style, many);
  }
  if (!r.args.json) {
    if (many) printTable(results, ctx, style);
    else if (results[0]!.ok) printSummary(results[0]!, r, ctx, style);
  }
  return code;
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
  if (error instanceof DatabricksCliError) {
    // Everything here came from the CLI's output: printed only through terminalSafe (secrets are already redacted).
    ctx.stderr.write(`\n${style.red('✖')} ${prefix}${terminalSafe(error.headline)}:\n`);
    for (const line of error.stderrLines) ctx.stderr.write(`    ${terminalSafe(line)}\n`);
    ctx.stderr.write(`  ${style.bold('cause:')} ${terminalSafe(error.explanation.cause)}\n`);
    if (error.explanation.fix) ctx.stderr.write(`  ${style.bold('fix:')}   ${terminalSafe(error.explanation.fix)}\n`);
    return;
  }
  if (many) ctx.stderr.write(`\n${style.red('✖')} ${prefix}\n`);
  else ctx.stderr.write('\n');
  reportError(error, ctx);
}

function link(url: string, ctx: CliContext): string {
  return ctx.stdoutIsTTY && ctx.color ? `\u001b]8;;${url}\u0007${url}\u001b]8;;\u0007` : url;
}

export function rerunCommand(r: ResolvedDeploy, pipeline: string, extra = ''): string {
  return `npx loyalty-wizard deploy ${r.args.all ? '--all' : pipeline} --env ${r.env}${r.profile ? ` --profile ${r.profile}` : ''} --yes${extra}`;
}

function printSummary(o: Outcome, r: ResolvedDeploy, ctx: CliContext, style: Style): void {
  const s = o.state;
  const seconds = (o.durationMs / 1000).toFixed(1);
  const out = ctx.stdout;
  if (s.request.dryRun) {
    out.write(`\n${style.green('✔')} dry run of ${s.request.pipeline} for ${r.env}: nothing was deployed (${seconds}s)\n`);
    if (s.planLines) for (const l of s.planLines) out.write(`  ${l}\n`);
    out.write(`  would run (in pipelines/${s.request.pipeline}):\n`);
    for (const c of s.wouldRun) out.write(`    ${c}\n`);
    return;
  }
  out.write(`\n${style.green('✔')} ${style.bold(s.request.pipeline)} deployed to ${r.env} in ${seconds}s\n`);
  if (s.job?.name) out.write(`  Job      ${terminalSafe(s.job.name)}\n`);
  out.write(`  URL      ${s.job?.url ? link(terminalSafe(s.job.url), ctx) : '(not reported by databricks bundle summary)'}\n`);
  out.write(`  Env      ${r.env} · ${r.profile ? `profile ${r.profile}` : r.authLabel}\n`);
  if (s.runUrl) out.write(`  Run      ${link(terminalSafe(s.runUrl), ctx)}\n`);
  out.write(`\nNext:\n`);
  if (!s.request.run) {
    out.write(`  Run it now (from pipelines/${s.request.pipeline}):\n`);
    const run = runCommand({ target: r.env, ...(r.profile ? { profile: r.profile } : {}) }, s.built?.jobKey ?? s.request.pipeline, r.params).filter((a) => a !== '--no-wait');
    out.write(`    ${formatCommandLine('databricks', run)}\n`);
  }
  out.write(`  Redeploy from CI:\n    ${rerunCommand(r, s.request.pipeline)}\n`);
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
    run_url: s.runUrl ?? null,
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
  if (prompt === 'type-name') return (await prompts.input(message)).trim() === pipeline;
  return prompts.confirm(message, false);
}
