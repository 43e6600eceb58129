import * as z from 'zod';
import { UsageError, UserError } from '../../core/errors.js';
import { ENV_NAMES, type EnvName } from '../../core/names.js';
import { parseRunParams, type RunParams } from '../../core/run-params.js';
import { sameHost, type Profile } from '../../core/databrickscfg.js';
import { columnsOr80 } from '../../core/terminal-width.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { loginCommand, matchProfiles, newProfileLogin, profileForEnv, profileMismatch } from '../../core/profile-match.js';
import type { DatabricksCliConfig } from '../../databricks/run-cli.js';
import { resolveCliExecutable } from '../../databricks/find-cli.js';
import { loadEnvConfigs, listPipelineNames, readPipelineConfig, requireExistingPipeline } from '../../project/project.js';
import { hasEnvAuth, loadDatabricksCfg } from '../../project/profiles.js';
import { DEFAULT_WAIT_NOTICE_MS } from '../../deploy/wait-notice.js';
import { alignedRows } from '../../ui/text-table.js';
import { databricksCliField, globalFields, parseCommandArgs } from '../args.js';
import type { ResolvedDeploy } from '../../deploy/resolved-deploy.js';
import type { CliContext } from '../../session/context.js';
import { commandPrompts, type CommandPrompts } from '../../session/command-prompts.js';
import { projectRoot } from './common.js';

export const schema = z.object({
  ...globalFields,
  env: z
    .enum(ENV_NAMES, { error: `expected one of ${ENV_NAMES.join(', ')}` })
    .optional()
    .describe('dev, staging or prod')
    .meta({ alias: 'e', valueName: '<env>', complete: 'env' }),
  profile: z
    .string()
    .min(1)
    .optional()
    .describe('Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)')
    .meta({ alias: 'p', valueName: '<name>', complete: 'profile' }),
  yes: z.boolean().optional().describe('Approve staging/prod deploys without asking').meta({ alias: 'y' }),
  'allow-deletes': z.boolean().optional().describe('With --yes: also approve plans that delete, recreate or re-id'),
  'dry-run': z.boolean().optional().describe('Validate and plan, print the commands deploy would run; deploy nothing'),
  run: z.boolean().optional().describe('Start the job after deploying and print the run URL'),
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
  concurrency: z.coerce
    .number()
    .int()
    .min(1, 'at least 1')
    .max(32, 'at most 32')
    .default(4)
    .describe('With --all: how many deploy at once (default 4, at most 32)')
    .meta({ valueName: '<n>' }),
  'force-lock': z.boolean().optional().describe('Take over a deploy lock left by a dead deploy'),
  'show-commands': z.boolean().optional().describe('Print each databricks command before it runs'),
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
  return runDeploys({ ...resolved, waitNoticeMs, redeployHint: !options.callerPrintsCiCommands }, envs, ctx);
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
  envs: ReturnType<typeof loadEnvConfigs>,
  ctx: CliContext,
): Promise<Omit<ResolvedDeploy, 'waitNoticeMs' | 'redeployHint'>> {
  const params = checkDeployFlags(args);
  const known = listPipelineNames(root);
  const profiles = loadDatabricksCfg(ctx.env);
  const envAuth = hasEnvAuth(ctx.env);
  let profile = args.profile ?? ctx.env.DATABRICKS_CONFIG_PROFILE;

  const missing = missingFlags(args, Boolean(profile) || envAuth);
  if (missing.length > 0 && !ctx.interactive) throw missingInputs(missing, args, known, envs, profiles);
  const prompts = missing.length > 0 ? await commandPrompts(ctx) : undefined;

  let pipelines = pipelinesFromFlags(args, root, known);
  pipelines ??= [await promptPipeline(prompts!, root, known, ctx)];
  if (pipelines.length === 0) throw new UserError('no pipelines to deploy', 'create one with: npx loyalty-wizard new');
  let env: string | undefined = args.env;
  env ??= await promptEnv(prompts!, envs, ctx);
  const envHost = envs[env]!.workspace.host;
  // Not `??=`: an empty DATABRICKS_CONFIG_PROFILE is asked for too.
  if (!profile && !envAuth) profile = await promptProfile(prompts!, profiles, env, envHost, ctx);
  if (profile) checkProfile(profiles, env, envHost, profile);

  const cli = cliConfig(args, ctx);
  return { root, pipelines, env, ...(profile ? { profile } : {}), authLabel: profile ?? 'environment (DATABRICKS_HOST)', args, cli, params };
}


/** The flags that cannot go together, and --params parsed. */
function checkDeployFlags(args: DeployArgs): RunParams {
  if (args.all && args.positionals.length > 0) throw new UsageError('deploy: name one pipeline or pass --all, not both');
  if (args.bind && args.all) throw new UsageError('deploy: --bind adopts one existing job: name one pipeline, not --all');
  const parsedParams = parseRunParams(args.params ?? []);
  if ('error' in parsedParams) throw new UsageError(`deploy: --params: ${parsedParams.error}`, 'e.g. --params bronze_table=orders_bronze,environment=dev');
  return parsedParams.params;
}

/** The flags a deploy without a terminal would need and was not given. */
function missingFlags(args: DeployArgs, hasAuth: boolean): string[] {
  const missing: string[] = [];
  if (!args.all && args.positionals.length === 0) missing.push('<pipeline> (or --all)');
  if (!args.env) missing.push('--env <dev|staging|prod>');
  if (!hasAuth) missing.push('--profile <name>');
  return missing;
}

/** The pipelines --all or the positional names; undefined when neither is given. */
function pipelinesFromFlags(args: DeployArgs, root: string, known: string[]): string[] | undefined {
  if (args.all) return known;
  if (!args.positionals[0]) return undefined;
  requireExistingPipeline(root, args.positionals[0]);
  return [args.positionals[0]];
}

async function promptPipeline(prompts: CommandPrompts, root: string, known: readonly string[], ctx: CliContext): Promise<string> {
  if (known.length === 0) throw new UserError('no pipelines to deploy', 'create one with: npx loyalty-wizard new');
  const types = known.map((name) => {
    try {
      return `(${readPipelineConfig(root, name).config.pipeline_type})`;
    } catch {
      // Listed anyway; the deploy's first step reports the problem.
      return '(invalid config)';
    }
  });
  const labels = choiceLabels(known.map((name, i) => [name, types[i]!]), ctx);
  const choices = known.map((name, i) => ({ name: labels[i]!, value: name, short: name }));
  return prompts.select('Pipeline to deploy', choices);
}

function promptEnv(prompts: CommandPrompts, envs: ReturnType<typeof loadEnvConfigs>, ctx: CliContext): Promise<string> {
  return prompts.select('Environment', envChoices(envs, ctx));
}

/** This workspace's profiles first; with none for it, how to log in to it. */
async function promptProfile(prompts: CommandPrompts, { path, cfg }: Cfg, env: string, envHost: string, ctx: CliContext): Promise<string> {
  if (cfg.profiles.length === 0) {
    throw new UserError(`no Databricks profiles in ${path}`, `log in first: ${newProfileLogin(cfg.profiles, env, envHost)}`);
  }
  const ordered = [...cfg.profiles].sort((a, b) => Number(sameHost(b.host, envHost)) - Number(sameHost(a.host, envHost)));
  const noneMatch = !ordered.some((p) => sameHost(p.host, envHost));
  return prompts.select(
    `Databricks profile for ${env} (${envHost})`,
    profileChoices(ordered, envHost, ctx),
    // Say how to get a profile for this workspace instead of leaving only wrong ones to pick.
    noneMatch ? ['none of these is for this workspace; to add one:', newProfileLogin(cfg.profiles, env, envHost)] : [],
  );
}

/** The profile exists and is for the env's workspace. */
function checkProfile({ path, cfg }: Cfg, env: string, envHost: string, profile: string): void {
  const p = cfg.profiles.find((x) => x.name === profile);
  if (!p) {
    throw new UserError(
      `profile "${profile}" is not in ${path}`,
      loginCommand(envHost, profile) + (cfg.profiles.length > 0 ? ` (existing: ${cfg.profiles.map((x) => x.name).join(', ')})` : ''),
    );
  }
  // A profile for another workspace stops the deploy before the CLI runs, in a terminal as in CI:
  // the CLI would only fail, and a login under that name would repoint the profile.
  const mismatch = profileMismatch(cfg.profiles, env, envHost, profile);
  if (mismatch) throw new UserError(mismatch.message, mismatch.hint);
}

function cliConfig(args: DeployArgs, ctx: CliContext): DatabricksCliConfig {
  return {
    executable: resolveCliExecutable(args['databricks-cli'], ctx.env),
    env: ctx.env,
    ...(args['show-commands'] ? { showCommand: (line: string) => void ctx.stderr.write(`$ ${line}\n`) } : {}),
  };
}

/**
 * Choices as aligned columns (by display width) cut with … to fit the terminal:
 * a choice that wraps breaks the prompt's redraw. Two columns go to the prompt's
 * pointer, one is left free so the last is never written.
 */
function choiceLabels(rows: readonly (readonly string[])[], ctx: CliContext): string[] {
  return alignedRows(rows.map((row) => row.map((cell) => terminalSafe(cell))), columnsOr80(ctx.terminal.output.columns) - 3);
}

function envChoices(envs: ReturnType<typeof loadEnvConfigs>, ctx: CliContext): { name: string; value: string; short: string }[] {
  const note = (e: string) => (e === 'prod' ? '(typed approval)' : e === 'staging' ? '(asks first)' : '');
  const labels = choiceLabels(ENV_NAMES.map((e) => [e, envs[e]!.workspace.host, note(e)]), ctx);
  return ENV_NAMES.map((e, i) => ({ name: labels[i]!, value: e, short: e }));
}

function profileChoices(profiles: readonly Profile[], envHost: string, ctx: CliContext): { name: string; value: string; short: string }[] {
  const status = (p: Profile) => (sameHost(p.host, envHost) ? '✓ this env' : p.host ? 'another workspace' : '');
  const labels = choiceLabels(profiles.map((p) => [p.name, p.host ?? p.accountId ?? '', status(p)]), ctx);
  return profiles.map((p, i) => ({ name: labels[i]!, value: p.name, short: terminalSafe(p.name) }));
}

type Cfg = Pick<ReturnType<typeof loadDatabricksCfg>, 'path' | 'cfg'>;

/** Without a terminal: the flags that are missing, and a command that would work, with the profile for that env when one is known. */
function missingInputs(missing: readonly string[], args: DeployArgs, known: readonly string[], envs: ReturnType<typeof loadEnvConfigs>, { path, cfg }: Cfg): UsageError {
  const pipeline = args.all ? '--all' : (args.positionals[0] ?? known[0] ?? '<pipeline>');
  // Without --env, the env the given profile is for (else dev).
  const profileIsFor = (e: EnvName) => matchProfiles(cfg.profiles, envs[e]!.workspace.host).matching.some((p) => p.name === args.profile);
  const env = args.env ?? ENV_NAMES.find(profileIsFor) ?? 'dev';
  const envHost = envs[env]!.workspace.host;
  const profile = profileForEnv(cfg.profiles, envHost, args.profile);
  const example = `e.g. loyalty-wizard deploy ${pipeline} --env ${env} --profile ${profile ?? '<name>'} --yes`;
  const login = profile ? '' : `; no profile in ${path} is for ${env} (${envHost}): add one with ${newProfileLogin(cfg.profiles, env, envHost)}`;
  const others = !profile && cfg.profiles.length > 0 ? ` (profiles there: ${cfg.profiles.map((p) => p.name).join(', ')})` : '';
  return new UsageError(`deploy: missing ${missing.join(', ')}`, `${example}${login}${others}`);
}
