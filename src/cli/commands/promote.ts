import * as z from 'zod';
import { UsageError } from '../../core/errors.js';
import type { HistoryEntry } from '../../core/history.js';
import { checkPromotionOrder, isAhead, promotionGates, type Gate, type GateResult } from '../../core/promotion.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { wrapWords } from '../../core/text-width.js';
import { DatabricksCliError } from '../../databricks/run-cli.js';
import { readPromotion, type EnvSide, type PipelineState } from '../../operate/promote-check.js';
import { printCliFailure } from '../../operate/run-pipeline.js';
import { appendHistory } from '../../project/history-file.js';
import { listPipelineNames, loadEnvConfigs } from '../../project/project.js';
import type { CommandPrompts } from '../../session/command-prompts.js';
import type { CliContext, Output } from '../../session/context.js';
import { createStyle, terminalLink, type Style } from '../../session/style.js';
import { databricksCliField, globalFields, jsonField, parseCommandArgs } from '../args.js';
import { cliConfig, concurrencyField, envFlag, profileFlag, namedOrPickedPipeline, resolveWorkspaceTarget, workspaceArgv, showCommandsField, suggestedTarget, type Cfg, type Envs } from '../workspace-inputs.js';
import { projectRoot } from './common.js';

/** A profile per env: the envs are different workspaces. */
const sideProfile = (env: string) => profileFlag(`Profile for ${env} (or DATABRICKS_CONFIG_PROFILE)`);

export const schema = z.object({
  ...globalFields,
  from: envFlag('The env promoted from (dev or staging)'),
  to: envFlag('The env promoted to (staging or prod)'),
  'profile-from': sideProfile('--from'),
  'profile-to': sideProfile('--to'),
  runs: z.coerce.number().int().min(1, 'at least 1').max(100, 'at most 100').default(1).describe('How many last runs in --from must have succeeded (default 1)').meta({ valueName: '<n>' }),
  yes: z.boolean().optional().describe('Approve the deploy to staging/prod without asking (CI)').meta({ alias: 'y' }),
  'allow-deletes': z.boolean().optional().describe('With --yes: also approve plans that delete, recreate or re-id'),
  force: z.boolean().optional().describe('Promote although a gate failed; needs --reason'),
  reason: z.string().min(3, 'say why, in a few words').max(500, 'at most 500 characters').optional().describe('Why the gates are overridden (kept in the history)').meta({ valueName: '<text>' }),
  json: jsonField,
  all: z.boolean().optional().describe('Every pipeline whose --from job is ahead of its --to job'),
  concurrency: concurrencyField('How many databricks calls at once'),
  'show-commands': showCommandsField,
  'databricks-cli': databricksCliField,
  positionals: z.array(z.string()).max(1, 'name one pipeline, or pass --all').meta({ complete: 'pipeline' }),
});

type PromoteArgs = z.output<typeof schema>;

interface Target {
  readonly pipelines: string[];
  readonly from: string;
  readonly to: string;
  readonly profileFrom?: string;
  readonly profileTo?: string;
}

/** One pipeline's promotion: its state, its gates, and how it ended. */
interface Outcome {
  readonly state: PipelineState;
  readonly gates: GateResult;
  result: 'promoted' | 'refused' | 'failed' | 'not-approved';
  code: number;
  durationMs: number;
  deploy?: unknown;
}

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('promote', argv, schema);
  checkFlags(args, ctx);
  const root = projectRoot(ctx, args.root);
  const envs = loadEnvConfigs(root);
  const target = await resolveTarget(args, root, envs, ctx);
  const order = checkPromotionOrder(target.from, target.to);
  if (order) throw new UsageError(`promote: ${order}`);
  const cli = cliConfig(args, ctx);
  const side = (env: string, profile: string | undefined): EnvSide => {
    const host = envs[env]!.workspace.host;
    return { env, development: envs[env]!.mode === 'development', workspace: { cli, cwd: root, ...(profile ? { profile } : {}), context: { host, ...(profile ? { profile } : {}), target: env } } };
  };
  let states: PipelineState[];
  try {
    states = await readPromotion({ root, pipelines: target.pipelines, from: side(target.from, target.profileFrom), to: side(target.to, target.profileTo), runs: args.runs, concurrency: args.concurrency });
  } catch (error) {
    if (error instanceof DatabricksCliError) return printCliFailure(error, ctx);
    throw error;
  }
  return promoteAll(states, args, target, root, ctx);
}

/** Flags that cannot go together, and an approval CI cannot give: usage errors before anything runs. */
function checkFlags(args: PromoteArgs, ctx: CliContext): void {
  if (args.all && args.positionals.length > 0) throw new UsageError('promote: name one pipeline or pass --all, not both');
  if (args.force && !args.reason) throw new UsageError('promote: --force needs --reason "<why>"', 'e.g. --force --reason "hotfix approved by the release manager"');
  if (args.reason && !args.force) throw new UsageError('promote: --reason goes with --force', 'leave out --reason, or add --force to override a failed gate');
  if (args.from && args.to) {
    const order = checkPromotionOrder(args.from, args.to);
    if (order) throw new UsageError(`promote: ${order}`);
  }
  if (args.to && args.to !== 'dev' && !args.yes && !ctx.interactive) {
    throw new UsageError(`promote: deploying to ${args.to} needs approval and there is no terminal to ask`, 'pass --yes');
  }
}

/** Pipeline(s), the two envs and their profiles, as deploy resolves them: asked for in a terminal, else exit 2 naming the flags. */
async function resolveTarget(args: PromoteArgs, root: string, envs: Envs, ctx: CliContext): Promise<Target> {
  const known = listPipelineNames(root);
  const named = args.positionals[0];
  const askPipelines = async (prompts: CommandPrompts | undefined): Promise<string[]> =>
    args.all ? known : [await namedOrPickedPipeline(named, prompts, root, known, ctx, 'promote')];
  const missingError = (which: 'from' | 'to') => (missing: readonly string[], profiles: Cfg) => missingInputs(inOrder(missing.map((m) => renamed(m, which))), args, known, envs, profiles);
  // The first call names a missing --to too, so that CI hears of every missing flag at once.
  const first = [...(args.all || named ? [] : ['<pipeline> (or --all)']), ...(args.to ? [] : ['--to <dev|staging|prod>'])];
  const from = await resolveWorkspaceTarget({ env: args.from, profile: args['profile-from'], missing: first, missingError: missingError('from'), envQuestion: 'Promote from (environment)', first: askPipelines }, envs, ctx);
  const to = await resolveWorkspaceTarget({ env: args.to, profile: args['profile-to'], missing: [], missingError: missingError('to'), envQuestion: 'Promote to (environment)', first: () => Promise.resolve(undefined) }, envs, ctx);
  return { pipelines: from.first, from: from.env, to: to.env, ...(from.profile ? { profileFrom: from.profile } : {}), ...(to.profile ? { profileTo: to.profile } : {}) };
}

/** resolveWorkspaceTarget names --env and --profile: promote's flags are per side. */
const renamed = (flag: string, which: 'from' | 'to') => flag.replace(/^--env\b/, `--${which}`).replace(/^--profile\b/, `--profile-${which}`);
const ORDER = ['<pipeline>', '--from', '--to', '--profile-from', '--profile-to'];
const inOrder = (missing: readonly string[]) => [...missing].sort((a, b) => ORDER.findIndex((o) => a.startsWith(o)) - ORDER.findIndex((o) => b.startsWith(o)));

function missingInputs(missing: readonly string[], args: PromoteArgs, known: readonly string[], envs: Envs, profiles: Cfg): UsageError {
  const pipeline = args.all ? '--all' : (args.positionals[0] ?? known[0] ?? '<pipeline>');
  const from = args.from ?? 'dev';
  const to = args.to ?? (from === 'dev' ? 'staging' : 'prod');
  const p = (env: string, given: string | undefined) => suggestedTarget(env, given, envs, profiles).profile ?? '<name>';
  return new UsageError(
    `promote: missing ${missing.join(', ')}`,
    `e.g. loyalty-wizard promote ${pipeline} --from ${from} --to ${to} --profile-from ${p(from, args['profile-from'])} --profile-to ${p(to, args['profile-to'])} --yes`,
  );
}

/** Gate, print, deploy what may go, record, report; the exit code. */
async function promoteAll(states: PipelineState[], args: PromoteArgs, t: Target, root: string, ctx: CliContext): Promise<number> {
  const style = createStyle(ctx.color);
  const out: Output = args.json ? ctx.stderr : ctx.stdout;
  const chosen = args.all ? states.filter((s) => isAhead(s.source?.record, s.target?.record)) : states;
  if (args.all) noteSkipped(states.length - chosen.length, t, out);
  const outcomes: Outcome[] = [];
  for (const state of chosen) {
    const gates = promotionGates({ pipeline: state.pipeline, from: t.from, to: t.to, local: state.local, source: { ...(state.source ? { job: state.source } : {}), runs: state.runs }, runsNeeded: args.runs });
    printGates(state, gates, t, out, style, ctx);
    const outcome: Outcome = { state, gates, result: 'refused', code: 1, durationMs: 0 };
    if (!gates.passed && !args.force) printRefusal(state.pipeline, gates, ctx, style);
    else {
      if (!gates.passed) ctx.stderr.write(`${style.yellow('⚠')} ${state.pipeline}: failed gates overridden (--force): ${terminalSafe(args.reason ?? '')}\n`);
      await deployTo(outcome, args, t, root, ctx);
    }
    outcomes.push(outcome);
    await appendHistory(root, [historyEntry(outcome, args, t)]);
  }
  if (args.json) ctx.stdout.write(`${JSON.stringify(promoteDocument(outcomes, args, t), null, 2)}\n`);
  return outcomes.reduce((code, o) => Math.max(code, o.code), 0);
}

function noteSkipped(skipped: number, t: Target, out: Output): void {
  if (skipped > 0) out.write(`${skipped} pipeline(s) not ahead: ${t.to} already has what ${t.from} has (or ${t.from} has nothing recorded)\n`);
}

/** The summary before anything is deployed: both gates, each with what it found. */
function printGates(state: PipelineState, gates: GateResult, t: Target, out: Output, style: Style, ctx: CliContext): void {
  out.write(`\n${style.bold(`Promote ${state.pipeline}: ${t.from} → ${t.to}`)}\n`);
  const indent = ' '.repeat(13);
  // Wrapped under their column, one column short of the edge (a full line makes some terminals wrap on their own).
  const room = ctx.columns ? Math.max(20, ctx.columns - 1 - indent.length) : Number.POSITIVE_INFINITY;
  for (const g of gates.gates) {
    const mark = g.ok ? style.green('✔') : style.red('✖');
    // What differs reads best one side a line ("…; this folder is …").
    const [first = '', ...rest] = terminalSafe(g.detail).split('; ').flatMap((part) => wrapWords(part, room));
    out.write(`  ${mark} ${g.name.padEnd(8)} ${first}\n`);
    for (const line of rest) out.write(`${indent}${line}\n`);
    if (g.url) out.write(`${indent}${terminalLink(terminalSafe(g.url), ctx)}\n`);
  }
}

function printRefusal(pipeline: string, gates: GateResult, ctx: CliContext, style: Style): void {
  const failed = gates.gates.filter((g) => !g.ok);
  ctx.stderr.write(`\n${style.red('✖')} ${pipeline} not promoted: ${failed.map((g) => g.name).join(' and ')} gate${failed.length > 1 ? 's' : ''} failed; nothing was deployed\n`);
  for (const g of failed) if (g.fix) ctx.stderr.write(`  ${style.bold('fix:')} ${terminalSafe(g.fix)}\n`);
  ctx.stderr.write(`  to promote anyway: add --force --reason "<why>" (kept in the history)\n`);
}

/** The deploy to the target env, through deploy's own flow (its approval, its steps, its summary). */
async function deployTo(o: Outcome, args: PromoteArgs, t: Target, root: string, ctx: CliContext): Promise<void> {
  const { run: deploy } = await import('./deploy.js');
  const argv = [
    ...workspaceArgv(o.state.pipeline, { env: t.to, profile: t.profileTo, root }, args),
    ...(args.yes ? ['--yes'] : []),
    ...(args['allow-deletes'] ? ['--allow-deletes'] : []),
    ...(args.json ? ['--json'] : []),
  ];
  let receipt = '';
  const deployCtx: CliContext = args.json ? { ...ctx, stdout: { write: (text: string) => (receipt += text) } } : ctx;
  const started = performance.now();
  o.code = await deploy(argv, deployCtx);
  o.durationMs = performance.now() - started;
  o.result = o.code === 0 ? 'promoted' : o.code === 2 ? 'not-approved' : 'failed';
  if (receipt) o.deploy = JSON.parse(receipt) as unknown;
}

function historyEntry(o: Outcome, args: PromoteArgs, t: Target): HistoryEntry {
  const forced = !o.gates.passed && Boolean(args.force);
  const gates = Object.fromEntries(o.gates.gates.map((g) => [g.name, g.ok]));
  const failed = o.gates.gates.find((g) => !g.ok);
  return {
    v: 1,
    kind: 'promote',
    at: new Date().toISOString(),
    pipeline: o.state.pipeline,
    env: t.to,
    ok: o.result === 'promoted',
    result: o.result,
    duration_ms: Math.round(o.durationMs),
    from: t.from,
    to: t.to,
    gates,
    forced,
    ...(args.reason ? { reason: args.reason.slice(0, 500) } : {}),
    ...(o.result === 'refused' && failed ? { message: failed.detail.slice(0, 500) } : {}),
  };
}

const gateJson = (g: Gate) => ({ name: g.name, ok: g.ok, detail: g.detail, fix: g.fix ?? null, url: g.url ?? null });
const sideJson = (s: PipelineState['source']) => (s ? { job_id: s.id, commit: s.record.commit ?? null, content: s.record.content ?? null } : null);

function promoteDocument(outcomes: readonly Outcome[], args: PromoteArgs, t: Target): Record<string, unknown> {
  return {
    promote_version: 1,
    from: t.from,
    to: t.to,
    profile_from: t.profileFrom ?? null,
    profile_to: t.profileTo ?? null,
    runs_checked: args.runs,
    forced: Boolean(args.force),
    reason: args.reason ?? null,
    ok: outcomes.every((o) => o.result === 'promoted'),
    pipelines: outcomes.map((o) => ({
      pipeline: o.state.pipeline,
      result: o.result,
      local: { commit: o.state.local.commit, content: o.state.local.content },
      source: sideJson(o.state.source),
      target: sideJson(o.state.target),
      gates: o.gates.gates.map(gateJson),
      overridden: !o.gates.passed && Boolean(args.force),
      deploy: o.deploy ?? null,
    })),
  };
}
