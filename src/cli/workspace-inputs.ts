/**
 * What every command that talks to a workspace asks for the same way (deploy,
 * status, run, promote): the pipeline, the env and the profile, picked in a
 * terminal with the env's workspace in view; the profile checked against that
 * workspace before the CLI runs; and the CLI's executable.
 */
import * as z from 'zod';
import { UsageError, UserError } from '../core/errors.js';
import { pollDelayMs } from '../core/run-follow.js';
import { ENV_NAMES, type EnvName } from '../core/names.js';
import { sameHost, type Profile } from '../core/databrickscfg.js';
import { columnsOr80 } from '../core/terminal-width.js';
import { terminalSafe } from '../core/terminal-text.js';
import { loginCommand, matchProfiles, newProfileLogin, profileForEnv, profileMismatch } from '../core/profile-match.js';
import type { DatabricksCliConfig } from '../databricks/run-cli.js';
import { resolveCliExecutable } from '../databricks/find-cli.js';
import { readPipelineConfig, requireExistingPipeline, type loadEnvConfigs } from '../project/project.js';
import { hasEnvAuth, loadDatabricksCfg } from '../project/profiles.js';
import { alignedRows } from '../ui/text-table.js';
import type { CliContext } from '../session/context.js';
import { commandPrompts, type CommandPrompts } from '../session/command-prompts.js';

/** An env flag; `help` says which env it names. */
export const envFlag = (help: string) =>
  z
    .enum(ENV_NAMES, { error: `expected one of ${ENV_NAMES.join(', ')}` })
    .optional()
    .describe(help)
    .meta({ valueName: '<env>', complete: 'env' });

export const envField = envFlag('dev, staging or prod').meta({ alias: 'e' });

/** A profile flag; `help` says which workspace it is for. */
export const profileFlag = (help: string) => z.string().min(1).optional().describe(help).meta({ valueName: '<name>', complete: 'profile' });

export const profileField = profileFlag('Profile in ~/.databrickscfg (or DATABRICKS_CONFIG_PROFILE;\nwithout either, DATABRICKS_HOST + token from the environment)').meta({ alias: 'p' });

/** How many things at once: `help` says which things. */
export const concurrencyField = (help: string) =>
  z.coerce.number().int().min(1, 'at least 1').max(32, 'at most 32').default(4).describe(`${help} (default 4, at most 32)`).meta({ valueName: '<n>' });

export const showCommandsField = z.boolean().optional().describe('Print each databricks command before it runs');

/** The flags that choose and show the CLI. */
export interface CliFlags {
  readonly 'databricks-cli'?: string | undefined;
  readonly 'show-commands'?: boolean | undefined;
}

export type Envs = ReturnType<typeof loadEnvConfigs>;
export type Cfg = Pick<ReturnType<typeof loadDatabricksCfg>, 'path' | 'cfg'>;

/** How a workspace command (status, deploy, run) asks for what it needs besides --env and --profile. */
export interface TargetInputs<T> {
  readonly env: string | undefined;
  readonly profile: string | undefined;
  /** The command's own flags that are missing (the pipeline), named before --env and --profile. */
  readonly missing: readonly string[];
  /** Without a terminal: the usage error naming everything missing, with a command that would work. */
  readonly missingError: (missing: readonly string[], profiles: Cfg) => UsageError;
  /** The question that asks for the env (default "Environment"): promote asks for two. */
  readonly envQuestion?: string;
  /** What comes before the env (the pipeline): from the flags, or asked with `prompts` (set when anything is missing). */
  readonly first: (prompts: CommandPrompts | undefined) => Promise<T>;
}

/**
 * The env and the profile, after what the command asks first: the profile from --profile, else
 * DATABRICKS_CONFIG_PROFILE, else none when DATABRICKS_HOST + token authenticate; in a terminal
 * what is missing is asked for (the env, then a profile for its workspace), without one it is a
 * usage error naming the flags. A profile is checked against the env's workspace.
 */
export async function resolveWorkspaceTarget<T>(i: TargetInputs<T>, envs: Envs, ctx: CliContext): Promise<{ first: T; env: string; profile?: string }> {
  const profiles = loadDatabricksCfg(ctx.env);
  const envAuth = hasEnvAuth(ctx.env);
  let profile = i.profile ?? ctx.env.DATABRICKS_CONFIG_PROFILE;
  const missing = [...i.missing, ...(i.env ? [] : ['--env <dev|staging|prod>']), ...(profile || envAuth ? [] : ['--profile <name>'])];
  if (missing.length > 0 && !ctx.interactive) throw i.missingError(missing, profiles);
  const prompts = missing.length > 0 ? await commandPrompts(ctx) : undefined;
  const first = await i.first(prompts);
  const env = i.env ?? (await promptEnv(prompts!, envs, ctx, i.envQuestion));
  const envHost = envs[env]!.workspace.host;
  // Not `??=`: an empty DATABRICKS_CONFIG_PROFILE is asked for too.
  if (!profile && !envAuth) profile = await promptProfile(prompts!, profiles, env, envHost, ctx);
  if (profile) checkProfile(profiles, env, envHost, profile);
  return { first, env, ...(profile ? { profile } : {}) };
}

/** The pipeline named on the command line (which must exist), else picked from the project's. */
export async function namedOrPickedPipeline(named: string | undefined, prompts: CommandPrompts | undefined, root: string, known: readonly string[], ctx: CliContext, verb: string): Promise<string> {
  if (named) {
    requireExistingPipeline(root, named);
    return named;
  }
  return promptPipeline(prompts!, root, known, ctx, verb);
}

/**
 * The flags that hand a command (run, deploy) the pipeline, env and project another command already
 * resolved, with its Databricks CLI choices (status's `r` key, promote's deploy).
 */
export function workspaceArgv(pipeline: string, w: { env: string; profile?: string | undefined; root: string }, args: CliFlags): string[] {
  return [
    pipeline,
    '--env',
    w.env,
    ...(w.profile ? ['--profile', w.profile] : []),
    '--root',
    w.root,
    ...(args['databricks-cli'] ? ['--databricks-cli', args['databricks-cli']] : []),
    ...(args['show-commands'] ? ['--show-commands'] : []),
  ];
}

/** Pick one of the project's pipelines, with its type beside its name; `verb` says what for ("deploy"). */
export async function promptPipeline(prompts: CommandPrompts, root: string, known: readonly string[], ctx: CliContext, verb: string): Promise<string> {
  if (known.length === 0) throw new UserError(`no pipelines to ${verb}`, 'create one with: npx loyalty-wizard new');
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
  return prompts.select(`Pipeline to ${verb}`, choices);
}

export function promptEnv(prompts: CommandPrompts, envs: Envs, ctx: CliContext, question = 'Environment'): Promise<string> {
  return prompts.select(question, envChoices(envs, ctx));
}

/** This workspace's profiles first; with none for it, how to log in to it. */
export async function promptProfile(prompts: CommandPrompts, { path, cfg }: Cfg, env: string, envHost: string, ctx: CliContext): Promise<string> {
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
export function checkProfile({ path, cfg }: Cfg, env: string, envHost: string, profile: string): void {
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

export function cliConfig(args: CliFlags, ctx: CliContext): DatabricksCliConfig {
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
export function choiceLabels(rows: readonly (readonly string[])[], ctx: CliContext): string[] {
  return alignedRows(rows.map((row) => row.map((cell) => terminalSafe(cell))), columnsOr80(ctx.terminal.output.columns) - 3);
}

function envChoices(envs: Envs, ctx: CliContext): { name: string; value: string; short: string }[] {
  const note = (e: string) => (e === 'prod' ? '(typed approval)' : e === 'staging' ? '(asks first)' : '');
  const labels = choiceLabels(ENV_NAMES.map((e) => [e, envs[e]!.workspace.host, note(e)]), ctx);
  return ENV_NAMES.map((e, i) => ({ name: labels[i]!, value: e, short: e }));
}

function profileChoices(profiles: readonly Profile[], envHost: string, ctx: CliContext): { name: string; value: string; short: string }[] {
  const status = (p: Profile) => (sameHost(p.host, envHost) ? '✓ this env' : p.host ? 'another workspace' : '');
  const labels = choiceLabels(profiles.map((p) => [p.name, p.host ?? p.accountId ?? '', status(p)]), ctx);
  return profiles.map((p, i) => ({ name: labels[i]!, value: p.name, short: terminalSafe(p.name) }));
}


/**
 * For the hint of a run without a terminal: the env (given; else the one the given profile is
 * for; else dev), the profile for that env, and, when there is none, how to log in to it.
 */
export function suggestedTarget(envArg: string | undefined, profileArg: string | undefined, envs: Envs, { path, cfg }: Cfg): { env: string; profile?: string; login: string } {
  const profileIsFor = (e: EnvName) => matchProfiles(cfg.profiles, envs[e]!.workspace.host).matching.some((p) => p.name === profileArg);
  const env = envArg ?? ENV_NAMES.find(profileIsFor) ?? 'dev';
  const envHost = envs[env]!.workspace.host;
  const profile = profileForEnv(cfg.profiles, envHost, profileArg);
  if (profile) return { env, profile, login: '' };
  const others = cfg.profiles.length > 0 ? ` (profiles there: ${cfg.profiles.map((p) => p.name).join(', ')})` : '';
  return { env, login: `; no profile in ${path} is for ${env} (${envHost}): add one with ${newProfileLogin(cfg.profiles, env, envHost)}${others}` };
}

/** LOYALTY_RUN_POLL_SECONDS: a fixed time between polls of the run (default: 1 s, backing off to 15 s). */
export function pollDelayFromEnv(env: CliContext['env']): (attempt: number) => number {
  const raw = env.LOYALTY_RUN_POLL_SECONDS;
  if (raw === undefined || raw === '') return pollDelayMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new UsageError(`LOYALTY_RUN_POLL_SECONDS: "${terminalSafe(raw.slice(0, 40))}" is not a number of seconds`, 'e.g. LOYALTY_RUN_POLL_SECONDS=5, or unset it for the default (1 s, backing off to 15 s)');
  }
  return () => seconds * 1000;
}
