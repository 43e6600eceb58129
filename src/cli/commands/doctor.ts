import * as z from 'zod';
import type { DatabricksCfg, Profile } from '../../core/databrickscfg.js';
import { loginCommand, matchProfiles, newProfileLogin, profileForEnv } from '../../core/profile-match.js';
import { formatIssue, UserError } from '../../core/errors.js';
import type { EnvConfigs } from '../../core/env-config.js';
import { ENV_NAMES } from '../../core/names.js';
import { cliVersion } from '../../databricks/bundle-commands.js';
import { DatabricksCliError, DatabricksCliTimeoutError, runDatabricks, type DatabricksCliConfig } from '../../databricks/run-cli.js';
import { resolveCliExecutable } from '../../databricks/find-cli.js';
import { getWarehouse } from '../../databricks/warehouses.js';
import { describeWarehouse, runsSqlTasks } from '../../core/warehouse.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { adviceLines, hangingLines } from '../../core/text-width.js';
import { listPipelineNames, loadEnvConfigs, readBundleOnDisk, tryBuildPipeline } from '../../project/project.js';
import { hasEnvAuth, loadDatabricksCfg } from '../../project/profiles.js';
import { findProjectRoot } from '../../project/root.js';
import { databricksCliField, globalFields, jsonField, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { DAILY_COMMAND_SETUP, dailyCommandPath } from '../daily-command.js';

export const schema = z.object({
  ...globalFields,
  json: jsonField,
  'databricks-cli': databricksCliField,
  positionals: z.array(z.string()).max(0, 'doctor takes no arguments'),
});

type Status = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  status: Status;
  message: string;
  fix?: string;
}

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('doctor', argv, schema);
  const major = Number(process.versions.node.split('.')[0]);
  const checks: Check[] = [
    major >= 20
      ? { name: 'node', status: 'ok', message: `Node ${process.versions.node}` }
      : { name: 'node', status: 'fail', message: `Node ${process.versions.node} is too old`, fix: 'install Node 20 or newer' },
    dailyCommandCheck(ctx),
  ];
  const cli: DatabricksCliConfig = { executable: resolveCliExecutable(args['databricks-cli'], ctx.env), env: ctx.env };
  const cliFound = await cliChecks(cli, ctx.cwd, checks);
  const { path, cfg, exists } = loadDatabricksCfg(ctx.env);
  checks.push(...profileChecks(path, cfg, exists, ctx.env));

  let root: string | undefined;
  try {
    root = findProjectRoot(ctx.cwd, args.root);
    checks.push({ name: 'project', status: 'ok', message: `project at ${root}` });
  } catch (error) {
    checks.push({ name: 'project', status: 'fail', message: (error as Error).message, fix: (error as UserError).hint ?? '' });
  }
  if (root) checks.push(...(await projectChecks(root, cfg.profiles, cliFound ? cli : undefined, ctx.cwd)));

  const failed = checks.some((c) => c.status === 'fail');
  return report(checks, failed, args.json === true, ctx);
}

/** `loyalty-wizard` on PATH, so people need not pay for npx's start-up on every run. */
function dailyCommandCheck(ctx: CliContext): Check {
  const found = dailyCommandPath(ctx);
  return found
    ? { name: 'daily-command', status: 'ok', message: `daily command: loyalty-wizard on PATH (${terminalSafe(found)})` }
    : { name: 'daily-command', status: 'warn', message: 'daily command: loyalty-wizard is not on PATH (npx adds about a second to every run)', fix: `${DAILY_COMMAND_SETUP} (once, in the project folder)` };
}

/** The CLI: its version, whether it has bundle commands, whether it has `bundle plan`. True when it runs. */
async function cliChecks(cli: DatabricksCliConfig, cwd: string, checks: Check[]): Promise<boolean> {
  let v: Awaited<ReturnType<typeof cliVersion>>;
  try {
    v = await cliVersion(cli, cwd);
  } catch (error) {
    // Built from the CLI's output: redacted where it was read, escaped here.
    checks.push({ name: 'databricks-cli', status: 'fail', message: terminalSafe((error as Error).message), fix: terminalSafe((error as UserError).hint ?? 'install the Databricks CLI') });
    return false;
  }
  checks.push({ name: 'databricks-cli', status: 'ok', message: `databricks CLI ${terminalSafe(v.version)} (${terminalSafe(cli.executable)})` });
  let helpError: unknown;
  try {
    await runDatabricks(cli, ['bundle', '--help'], { cwd, timeoutMs: BUNDLE_HELP_TIMEOUT_MS });
  } catch (error) {
    helpError = error;
  }
  checks.push(bundleCommandsCheck(helpError));
  // Whether `bundle plan` exists says nothing when the bundle commands themselves did not answer.
  if (helpError === undefined) {
    checks.push(
      v.hasPlan
        ? { name: 'bundle-plan', status: 'ok', message: '"bundle plan" available: deploy shows what will change' }
        : { name: 'bundle-plan', status: 'warn', message: `"bundle plan" needs CLI 0.270+; deploy will approve by environment only`, fix: 'upgrade the Databricks CLI' },
    );
  }
  return true;
}

export const BUNDLE_HELP_TIMEOUT_MS = 30_000;
const UPGRADE = 'upgrade the Databricks CLI (the new Go CLI, 0.218 or newer)';

/**
 * What `databricks bundle --help` failing means, with the CLI's own words: only
 * a CLI that says it has no such command lacks the bundle commands; a timeout,
 * a crash or another error is shown as it is, with a fix that fits it.
 */
export function bundleCommandsCheck(error: unknown): Check {
  const name = 'bundle-commands';
  if (error === undefined) return { name, status: 'ok', message: 'bundle commands available' };
  if (error instanceof DatabricksCliError) {
    const said = error.stderrLines.join(' ').slice(0, 300);
    if (error.explanation.kind === 'unknown-command') {
      return { name, status: 'fail', message: terminalSafe(`${error.explanation.cause} (databricks bundle --help: ${said})`), fix: UPGRADE };
    }
    const fix = error.explanation.kind === 'unknown' ? undefined : error.explanation.fix;
    return {
      name,
      status: 'fail',
      message: terminalSafe(`${error.headline}: ${said || error.explanation.cause}`),
      fix: terminalSafe(fix ?? 'run "databricks bundle --help" to see the whole error; reinstall or upgrade the Databricks CLI if it persists'),
    };
  }
  if (error instanceof DatabricksCliTimeoutError) {
    return { name, status: 'fail', message: terminalSafe(error.message), fix: 'run "databricks bundle --help" yourself to see where it hangs (a proxy, a locked config file, an update check); then run doctor again' };
  }
  const err = error as UserError;
  return { name, status: 'fail', message: terminalSafe(err.message), fix: terminalSafe(err.hint ?? 'run "databricks bundle --help" to see the problem') };
}

function profileChecks(path: string, cfg: DatabricksCfg, exists: boolean, env: CliContext['env']): Check[] {
  const newLogin = loginCommand('<workspace-url>', '<name>');
  if (!exists) {
    const fromEnv = hasEnvAuth(env);
    return [
      fromEnv
        ? { name: 'profiles', status: 'ok', message: `no ${path}; auth from DATABRICKS_HOST in the environment` }
        : { name: 'profiles', status: 'warn', message: `no ${path}`, fix: newLogin },
    ];
  }
  const checks: Check[] = [
    cfg.profiles.length > 0
      ? { name: 'profiles', status: 'ok', message: `${cfg.profiles.length} profile(s) in ${path}: ${cfg.profiles.map((p) => `${p.name} (${p.host ?? p.accountId ?? '?'})`).join(', ')}` }
      : { name: 'profiles', status: 'warn', message: `${path} has no profiles`, fix: newLogin },
  ];
  for (const p of cfg.profiles.filter((x) => !x.hasCredentials)) {
    // Logging this profile in again to its own host is right: it keeps pointing where it points.
    checks.push({ name: `profile:${p.name}`, status: 'warn', message: `profile "${p.name}" has no token or auth_type`, fix: loginCommand(p.host ?? '<host>', p.name) });
  }
  return checks;
}

/** Env configs, each env's host against the profiles, SQL warehouses (when the CLI runs), pipelines and bundles. */
async function projectChecks(root: string, profiles: readonly Profile[], cli: DatabricksCliConfig | undefined, cwd: string): Promise<Check[]> {
  let envs: EnvConfigs;
  try {
    envs = loadEnvConfigs(root);
  } catch (error) {
    return [{ name: 'env-configs', status: 'fail', message: (error as Error).message, fix: 'fix the file as the message says' }];
  }
  const checks: Check[] = [{ name: 'env-configs', status: 'ok', message: 'config/dev.yml, staging.yml, prod.yml valid' }];
  for (const env of ENV_NAMES) {
    const host = envs[env]!.workspace.host;
    const matches = matchProfiles(profiles, host).matching.map((p) => p.name);
    checks.push(
      matches.length > 0
        ? { name: `host:${env}`, status: 'ok', message: `${env} (${host}) → profile ${matches.join(', ')}` }
        : { name: `host:${env}`, status: 'warn', message: `no profile for ${env}'s host ${host}`, fix: newProfileLogin(profiles, env, host) },
    );
  }
  if (cli) checks.push(...(await warehouseChecks(envs, (env) => profileForEnv(profiles, envs[env]!.workspace.host), cli, cwd)));
  checks.push(...pipelineChecks(root, envs));
  return checks;
}

function pipelineChecks(root: string, envs: EnvConfigs): Check[] {
  const names = listPipelineNames(root);
  const stale: string[] = [];
  const broken: string[] = [];
  for (const name of names) {
    const { built, issues } = tryBuildPipeline(root, name, envs);
    if (!built || issues.length > 0) broken.push(formatIssue(issues[0]!));
    else if (readBundleOnDisk(root, name) !== built.yaml) stale.push(name);
  }
  return [
    broken.length > 0
      ? { name: 'pipelines', status: 'fail', message: `${broken.length} of ${names.length} pipeline(s) invalid: ${broken[0]}`, fix: 'npx loyalty-wizard validate' }
      : { name: 'pipelines', status: 'ok', message: `${names.length} pipeline(s) valid` },
    stale.length > 0
      ? { name: 'bundles', status: 'warn', message: `stale or missing databricks.yml: ${stale.join(', ')}`, fix: 'npx loyalty-wizard generate' }
      : { name: 'bundles', status: 'ok', message: 'every databricks.yml is up to date' },
  ];
}

function report(checks: readonly Check[], failed: boolean, json: boolean, ctx: CliContext): number {
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ ok: !failed, checks }, null, 2)}\n`);
  } else {
    const style = createStyle(ctx.color);
    const icon = { ok: style.green('✔'), warn: style.yellow('!'), fail: style.red('✖') };
    for (const c of checks) {
      ctx.stdout.write(`${icon[c.status]} ${hangingLines(c.message, 2, ctx.columns).join('\n')}\n`);
      if (c.fix && c.status !== 'ok') ctx.stdout.write(`${adviceLines('    fix: ', c.fix, ctx.columns).join('\n').replace('fix:', style.dim('fix:'))}\n`);
    }
  }
  return failed ? 1 : 0;
}

/**
 * Batch SQL steps run as SQL file tasks, which need a Pro or Serverless
 * warehouse: each env's sql_warehouse_id, asked of its workspace with the
 * profile that matches the env's host (all envs at once).
 */
async function warehouseChecks(envs: EnvConfigs, profileFor: (env: string) => string | undefined, cli: DatabricksCliConfig, cwd: string): Promise<Check[]> {
  return Promise.all(
    ENV_NAMES.map(async (env): Promise<Check> => {
      const id = envs[env]!.sql_warehouse_id;
      const name = `warehouse:${env}`;
      const fixId = `set sql_warehouse_id in config/${env}.yml to a Pro or Serverless warehouse (SQL Warehouses → the warehouse → Connection details)`;
      const profile = profileFor(env);
      if (!profile) return { name, status: 'warn', message: `${env}'s SQL warehouse ${id} not checked: no profile for its workspace`, fix: 'log in to that workspace (see above), then run doctor again' };
      try {
        const w = await getWarehouse(cli, { cwd, id, profile });
        const shown = terminalSafe(describeWarehouse(w));
        return runsSqlTasks(w)
          ? { name, status: 'ok', message: `${env} SQL warehouse ${shown}: runs SQL file tasks` }
          : { name, status: 'fail', message: `${env} SQL warehouse ${shown}: SQL file tasks need a Pro or Serverless warehouse`, fix: `upgrade it to Pro or Serverless (SQL Warehouses → Edit), or ${fixId}` };
      } catch (error) {
        const explained = error instanceof DatabricksCliError ? error.explanation : undefined;
        const missing = explained?.kind === 'not-found';
        return {
          name,
          status: missing ? 'fail' : 'warn',
          message: missing ? `${env} SQL warehouse ${id} does not exist in ${envs[env]!.workspace.host}` : `${env} SQL warehouse ${id} not checked: ${terminalSafe(explained?.cause ?? (error as Error).message)}`,
          fix: missing ? fixId : terminalSafe(explained?.fix ?? (error as UserError).hint ?? 'run doctor again'),
        };
      }
    }),
  );
}
