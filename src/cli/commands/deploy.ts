import * as z from 'zod';
import { UsageError, UserError } from '../../core/errors.js';
import { parseRunParams, type RunParams } from '../../core/run-params.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { loadEnvConfigs, listPipelineNames, requireExistingPipeline } from '../../project/project.js';
import { DEFAULT_WAIT_NOTICE_MS } from '../../deploy/wait-notice.js';
import { databricksCliField, globalFields, parseCommandArgs } from '../args.js';
import type { ResolvedDeploy } from '../../deploy/resolved-deploy.js';
import type { CliContext } from '../../session/context.js';
import type { CommandPrompts } from '../../session/command-prompts.js';
import { projectRoot } from './common.js';
import { cliConfig, concurrencyField, envField, pollDelayFromEnv, profileField, promptPipeline, resolveWorkspaceTarget, showCommandsField, suggestedTarget, type Cfg, type Envs } from '../workspace-inputs.js';

export const schema = z.object({
  ...globalFields,
  env: envField,
  profile: profileField,
  yes: z.boolean().optional().describe('Approve staging/prod deploys without asking').meta({ alias: 'y' }),
  'allow-deletes': z.boolean().optional().describe('With --yes: also approve plans that delete, recreate or re-id'),
  'dry-run': z.boolean().optional().describe('Validate and plan, print the commands deploy would run; deploy nothing'),
  run: z.boolean().optional().describe('Start the job after deploying and follow it, as run does'),
  'no-wait': z.boolean().optional().describe('With --run: print the run URL and return'),
  params: z
    .array(z.string())
    .optional()
    .describe('Override job parameters for that run (repeatable); also\nprinted in the run command at the end')
    .meta({ valueName: '<k=v,...>' }),
  bind: z
    .string()
    .regex(/^\d{1,19}$/, 'a job id: the digits in the job\'s URL, e.g. 123456789012345')
    .optional()
    .describe('Adopt an existing job (e.g. one the seed framework deployed)\ninstead of creating a second one; asks like a deploy')
    .meta({ valueName: '<job-id>' }),
  json: z.boolean().optional().describe('One JSON document on stdout; everything else on stderr'),
  all: z.boolean().optional().describe('Every pipeline, --concurrency at a time'),
  concurrency: concurrencyField('With --all: how many deploy at once'),
  'force-lock': z.boolean().optional().describe('Take over a deploy lock left by a dead deploy'),
  'show-commands': showCommandsField,
  'databricks-cli': databricksCliField,
  positionals: z.array(z.string()).max(1, 'name one pipeline, or pass --all').meta({ complete: 'pipeline' }),
});


export type DeployArgs = z.output<typeof schema>;

/** What a caller of `run` (the wizard) says about how the deploy ends. */
export interface DeployRunOptions {
  /** The caller prints the CI commands itself: leave "Redeploy from CI" out of the summary. */
  readonly callerPrintsCiCommands?: boolean;
}

export async function run(argv: readonly string[], ctx: CliContext, options: DeployRunOptions = {}): Promise<number> {
  const args = parseCommandArgs('deploy', argv, schema);
  const waitNoticeMs = waitNoticeFromEnv(ctx.env);
  const root = projectRoot(ctx, args.root);
  const envs = loadEnvConfigs(root);
  const resolved = await resolveDeployInputs(args, root, envs, ctx);
  const { runDeploys } = await import('../../deploy/run-deploys.js');
  const runPollDelayMs = pollDelayFromEnv(ctx.env);
  return runDeploys({ ...resolved, waitNoticeMs, redeployHint: !options.callerPrintsCiCommands, runPollDelayMs }, envs, ctx);
}

/** LOYALTY_WAIT_NOTICE_SECONDS: after how long a step says what it is waiting for (default 60). */
function waitNoticeFromEnv(env: CliContext['env']): number {
  const raw = env.LOYALTY_WAIT_NOTICE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_WAIT_NOTICE_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`LOYALTY_WAIT_NOTICE_SECONDS: "${terminalSafe(raw.slice(0, 40))}" is not a number of seconds`, 'e.g. LOYALTY_WAIT_NOTICE_SECONDS=30, or unset it for the default (60)');
  }
  return seconds * 1000;
}

/** Pipeline, env and profile from flags; asked for in a terminal; exit 2 naming the flags otherwise. */
async function resolveDeployInputs(
  args: DeployArgs,
  root: string,
  envs: Envs,
  ctx: CliContext,
): Promise<Omit<ResolvedDeploy, 'waitNoticeMs' | 'redeployHint'>> {
  const params = checkDeployFlags(args);
  const known = listPipelineNames(root);
  const askPipelines = async (prompts: CommandPrompts | undefined): Promise<string[]> => {
    const pipelines = pipelinesFromFlags(args, root, known) ?? [await promptPipeline(prompts!, root, known, ctx, 'deploy')];
    if (pipelines.length === 0) throw new UserError('no pipelines to deploy', 'create one with: npx loyalty-wizard new');
    return pipelines;
  };
  const { first: pipelines, env, profile } = await resolveWorkspaceTarget(
    {
      env: args.env,
      profile: args.profile,
      missing: args.all || args.positionals.length > 0 ? [] : ['<pipeline> (or --all)'],
      missingError: (missing, profiles) => missingInputs(missing, args, known, envs, profiles),
      first: askPipelines,
    },
    envs,
    ctx,
  );

  const cli = cliConfig(args, ctx);
  return { root, pipelines, env, ...(profile ? { profile } : {}), authLabel: profile ?? 'environment (DATABRICKS_HOST)', args, cli, params };
}


/** The flags that cannot go together, and --params parsed. */
function checkDeployFlags(args: DeployArgs): RunParams {
  if (args.all && args.positionals.length > 0) throw new UsageError('deploy: name one pipeline or pass --all, not both');
  if (args['no-wait'] && !args.run) throw new UsageError('deploy: --no-wait goes with --run', 'e.g. deploy etl --env dev --run --no-wait');
  if (args.bind && args.all) throw new UsageError('deploy: --bind adopts one existing job: name one pipeline, not --all');
  const parsedParams = parseRunParams(args.params ?? []);
  if ('error' in parsedParams) throw new UsageError(`deploy: --params: ${parsedParams.error}`, 'e.g. --params bronze_table=orders_bronze,environment=dev');
  return parsedParams.params;
}

/** The pipelines --all or the positional names; undefined when neither is given. */
function pipelinesFromFlags(args: DeployArgs, root: string, known: string[]): string[] | undefined {
  if (args.all) return known;
  if (!args.positionals[0]) return undefined;
  requireExistingPipeline(root, args.positionals[0]);
  return [args.positionals[0]];
}

/** Without a terminal: the flags that are missing, and a command that would work, with the profile for that env when one is known. */
function missingInputs(missing: readonly string[], args: DeployArgs, known: readonly string[], envs: Envs, profiles: Cfg): UsageError {
  const pipeline = args.all ? '--all' : (args.positionals[0] ?? known[0] ?? '<pipeline>');
  const { env, profile, login } = suggestedTarget(args.env, args.profile, envs, profiles);
  return new UsageError(`deploy: missing ${missing.join(', ')}`, `e.g. loyalty-wizard deploy ${pipeline} --env ${env} --profile ${profile ?? '<name>'} --yes${login}`);
}
