import * as z from 'zod';
import { ConfigError, UsageError, UserError } from '../../core/errors.js';
import { statusSummary, STATUS_VERSION, type StatusDocument, type StatusRow } from '../../core/status-report.js';
import { problemLines, QUALITY_HEADER, qualityCells, qualityNotes, shortDuration, STATUS_HEADER, statusCells, summaryLine } from '../../core/status-text.js';
import { usesPerUserSchemas } from '../../core/env-config.js';
import { deployStats, HISTORY_FILE, type EnvDeployStats } from '../../core/history.js';
import { ratePercent } from '../../core/run-health.js';
import { readHistoryTail } from '../../project/history-file.js';
import { rememberedJobIds, rememberJobIds } from '../../project/job-hints-file.js';
import { jobHintsKey } from '../../core/job-hints.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { columnsOr80 } from '../../core/terminal-width.js';
import { paragraph } from '../../core/text-width.js';
import { envConfigsOnUse, readPipelineDisplayName } from '../../project/project.js';
import { collectStatus, startedFirst, type StatusPipeline, type StatusRequest } from '../../operate/collect-status.js';
import { alignedRows } from '../../ui/text-table.js';
import { fittingColumns } from '../../ui/status/status-lines.js';
import type { CliContext } from '../../session/context.js';
import { createStyle, terminalLink } from '../../session/style.js';
import { databricksCliField, globalFields, jsonField, parseCommandArgs } from '../args.js';
import { cliConfig, concurrencyField, envField, profileField, resolveWorkspaceTarget, showCommandsField, suggestedTarget, workspaceArgv, type Cfg, type Envs } from '../workspace-inputs.js';
import { projectRoot, selectPipelines } from './common.js';

export const schema = z.object({
  ...globalFields,
  env: envField,
  profile: profileField,
  json: jsonField,
  runs: z.coerce.number().int().min(1, 'at least 1').max(200, 'at most 200').default(25).describe('How many recent runs of each job to read (default 25)').meta({ valueName: '<n>' }),
  concurrency: concurrencyField('How many databricks calls at once'),
  'fail-on-unhealthy': z.boolean().optional().describe('Exit 1 when a pipeline misses a target (for CI)'),
  watch: z.boolean().optional().describe('In a terminal: ask again every --interval seconds'),
  interval: z.coerce.number().int().min(5, 'at least 5').max(3600, 'at most 3600').default(30).describe('Seconds between refreshes with --watch (default 30)').meta({ valueName: '<s>' }),
  quality: z.boolean().optional().describe("Also each pipeline's latest data-quality checks, read with one SQL statement on the env's warehouse"),
  history: z.boolean().optional().describe('Instead: how deploys went, per env, from .loyalty-wizard/history.jsonl'),
  'show-commands': showCommandsField,
  'databricks-cli': databricksCliField,
  positionals: z.array(z.string()).meta({ complete: 'pipeline' }),
});

type StatusArgs = z.output<typeof schema>;

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('status', argv, schema);
  const root = projectRoot(ctx, args.root);
  if (args.history) return printHistory(root, args, ctx);
  // Only the env asked about is read: a mistake in another env's file does not stop its status.
  const envs = envConfigsOnUse(root);
  const names = selectPipelines(root, args.positionals, undefined, 'status');
  const { env, profile } = await resolveTarget(args, envs, ctx);
  const request = statusRequest(args, root, envs, env, profile, ctx, names);
  if (drawsScreen(args, ctx)) return statusScreen(request, args, ctx);
  const rows = await collectStatus(request);
  const doc = statusDocument(rows, env, profile, request.host, args.runs);
  if (args.json) ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else printStatus(doc, ctx);
  if (!doc.ok) return 1;
  return args['fail-on-unhealthy'] && doc.summary.unhealthy > 0 ? 1 : 0;
}

function statusRequest(args: StatusArgs, root: string, envs: Envs, env: string, profile: string | undefined, ctx: CliContext, names: string[]): StatusRequest {
  const envConfig = envs[env]!;
  const host = envConfig.workspace.host;
  return {
    workspace: { cli: cliConfig(args, ctx), cwd: root, ...(profile ? { profile } : {}), context: { host, ...(profile ? { profile } : {}), target: env } },
    env,
    ...(profile ? { profile } : {}),
    host,
    development: envConfig.mode === 'development',
    pipelines: names.map((name) => statusPipeline(root, name)),
    runs: args.runs,
    concurrency: args.concurrency,
    ...jobIdMemory(root, jobHintsKey(host, env, profile), names),
    ...(args.quality
      ? { quality: { warehouseId: envConfig.sql_warehouse_id, catalog: envConfig.catalog.name, silverSchema: envConfig.catalog.schemas.silver, perUserSchemas: usesPerUserSchemas(envConfig) } }
      : {}),
  };
}

/** The jobs found last time in this target, and where the ones found now are kept (best effort: a failed write is no error). */
function jobIdMemory(root: string, key: string, names: readonly string[]): Pick<StatusRequest, 'rememberedJobIds' | 'onJobIds'> {
  return { rememberedJobIds: rememberedJobIds(root, key), onJobIds: (ids) => rememberJobIds(root, key, names, ids) };
}

/** The live screen: in a terminal that can redraw, with stdout on it and no --json. */
function drawsScreen(args: StatusArgs, ctx: CliContext): boolean {
  const screen = ctx.interactive && ctx.stdoutIsTTY && !ctx.plain && !args.json;
  if (args.watch && !screen) throw new UsageError('status: --watch redraws in a terminal', 'without one (CI, a pipe, --json), run status on a schedule instead');
  return screen;
}

/** The screen; `r` on a pipeline then runs it, as `loyalty-wizard run` would. */
async function statusScreen(request: StatusRequest, args: StatusArgs, ctx: CliContext): Promise<number> {
  const collect = startedFirst((onRow, signal) => collectStatus({ ...request, workspace: { ...request.workspace, signal }, onRow }));
  const { runStatusView } = await import('../../ui/run-status.js');
  const done = await runStatusView(ctx, {
    env: request.env,
    pipelines: request.pipelines.map((p) => p.name),
    collect,
    ...(args.watch ? { intervalMs: args.interval * 1000 } : {}),
  });
  if (done.kind !== 'run') return 0;
  // The screen is gone: the run is followed as `loyalty-wizard run` follows it, and its exit code is ours.
  const { run: runCommand } = await import('./run.js');
  return runCommand(workspaceArgv(done.pipeline, { env: request.env, profile: request.profile, root: request.workspace.cwd }, args), ctx);
}

/**
 * A pipeline whose display name is read when the rows need it, after the first CLI calls are out. Only the name:
 * the workspace's job and runs are worth showing while the rest of the config has a mistake.
 */
function statusPipeline(root: string, name: string): StatusPipeline {
  const displayName = () => {
    try {
      return readPipelineDisplayName(root, name);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // The first problem, naming the file and field; validate shows them all.
      return { error: new UserError(error.message, `see: loyalty-wizard validate ${name}`) };
    }
  };
  return { name, displayName };
}

function statusDocument(rows: StatusRow[], env: string, profile: string | undefined, host: string, runs: number): StatusDocument {
  const summary = statusSummary(rows);
  return { status_version: STATUS_VERSION, env, profile: profile ?? null, host, runs_per_pipeline: runs, ok: summary.unreadable === 0, summary, pipelines: rows };
}

/** The env and profile from flags; asked for in a terminal; exit 2 naming the flags otherwise. */
async function resolveTarget(args: StatusArgs, envs: Envs, ctx: CliContext): Promise<{ env: string; profile?: string }> {
  const { env, profile } = await resolveWorkspaceTarget(
    { env: args.env, profile: args.profile, missing: [], missingError: (missing, profiles) => missingInputs(missing, args, envs, profiles), first: () => Promise.resolve(undefined) },
    envs,
    ctx,
  );
  return { env, ...(profile ? { profile } : {}) };
}

function missingInputs(missing: readonly string[], args: StatusArgs, envs: Envs, profiles: Cfg): UsageError {
  const { env, profile, login } = suggestedTarget(args.env, args.profile, envs, profiles);
  return new UsageError(`status: missing ${missing.join(', ')}`, `e.g. loyalty-wizard status --env ${env} --profile ${profile ?? '<name>'}${login}`);
}

/** A table that fits the terminal (80 columns when not one), what stands out under it, and the summary. */
function printStatus(doc: StatusDocument, ctx: CliContext): void {
  const style = createStyle(ctx.color);
  if (doc.pipelines.length === 0) {
    ctx.stderr.write('no pipelines yet; create one with: npx loyalty-wizard new\n');
    return;
  }
  const now = Date.now();
  const cells = doc.pipelines.map((row) => statusCells(row, now).map((c) => terminalSafe(c)));
  const width = columnsOr80(ctx.columns) - 1;
  const lines = alignedRows(fittingColumns([[...STATUS_HEADER], ...cells], width), width);
  ctx.stdout.write(`${style.bold(lines[0]!)}\n`);
  for (const line of lines.slice(1)) ctx.stdout.write(`${line}\n`);
  const details = doc.pipelines.flatMap((row) => problemLines(row).map((l) => (/^ {2}https?:\/\//.test(l) ? `  ${terminalLink(terminalSafe(l.trim()), ctx)}` : terminalSafe(l))));
  if (details.length > 0) ctx.stdout.write(`\n${details.join('\n')}\n`);
  printQuality(doc, ctx, width, now);
  const mark = doc.summary.unreadable > 0 ? style.red('✖') : doc.summary.unhealthy > 0 ? style.yellow('!') : style.green('✔');
  ctx.stdout.write(`\n${mark} ${summaryLine(doc)}\n`);
}

/** --quality: each pipeline's name, its latest checks under it (aligned across pipelines), then why they could not be read (with the fix) or who has none. */
function printQuality(doc: StatusDocument, ctx: CliContext, width: number, now: number): void {
  if (!doc.pipelines.some((r) => r.quality)) return;
  const cells = qualityCells(doc.pipelines, now).map((row) => row.map((c) => terminalSafe(c)));
  if (cells.length > 0) {
    const [header, ...lines] = alignedRows([QUALITY_HEADER.slice(1), ...cells.map((c) => c.slice(1))], width - 2);
    const out = [createStyle(ctx.color).bold(`  ${header!}`)];
    cells.forEach((c, i) => {
      if (c[0] !== cells[i - 1]?.[0]) out.push(c[0]!);
      out.push(`  ${lines[i]!}`);
    });
    ctx.stdout.write(`\nData quality, the latest run of each check:\n${out.join('\n')}\n`);
  }
  const notes = qualityNotes(doc.pipelines).map((l) => terminalSafe(l));
  if (notes.length > 0) ctx.stdout.write(`\n${notes.join('\n')}\n`);
}

/** `--history`: per env, the deploy success rate and median time to deploy, against the design's targets, and the last failures. */
async function printHistory(root: string, args: StatusArgs, ctx: CliContext): Promise<number> {
  const stats = deployStats(await readHistoryTail(root));
  if (args.json) {
    ctx.stdout.write(`${JSON.stringify({ history_version: 1, envs: stats.map(historyJson) }, null, 2)}\n`);
    return 0;
  }
  if (stats.length === 0) {
    ctx.stderr.write(`${paragraph(`no deploys recorded yet in ${HISTORY_FILE}; each deploy adds a line`, ctx.columns)}\n`);
    return 0;
  }
  const style = createStyle(ctx.color);
  const rows = stats.map((e) => [e.env, String(e.deploys), e.successRate === undefined ? '—' : `${ratePercent(e.successRate)}%`, e.medianMs === undefined ? '—' : shortDuration(e.medianMs), historyNote(e)]);
  const lines = alignedRows([['ENV', 'DEPLOYS', 'SUCCESS', 'MEDIAN TIME', ''], ...rows], columnsOr80(ctx.columns) - 1);
  ctx.stdout.write(`${style.bold(lines[0]!)}\n${lines.slice(1).join('\n')}\n`);
  const failures = stats.flatMap((e) => e.lastFailures);
  if (failures.length > 0) ctx.stdout.write(`\nLast failures:\n${failures.map((f) => terminalSafe(`  ${f.env}  ${f.pipeline}  ${f.at.slice(0, 16).replace('T', ' ')}  ${f.message ?? f.result}`)).join('\n')}\n`);
  return 0;
}

/** The design's framework targets: every deploy succeeds, and takes under 2 minutes. */
function historyNote(e: EnvDeployStats): string {
  const missed = [...(e.successRate !== undefined && e.successRate < 1 ? ['below 100%'] : []), ...(e.medianMs !== undefined && e.medianMs > 120_000 ? ['over 2 min'] : [])];
  return missed.join(', ');
}

function historyJson(e: EnvDeployStats): Record<string, unknown> {
  return {
    env: e.env,
    deploys: e.deploys,
    succeeded: e.succeeded,
    success_rate: e.successRate ?? null,
    median_ms: e.medianMs ?? null,
    last_failures: e.lastFailures.map((f) => ({ at: f.at, pipeline: f.pipeline, result: f.result, message: f.message ?? null })),
  };
}
