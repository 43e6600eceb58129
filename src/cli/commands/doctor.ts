import * as z from 'zod';
import { sameHost } from '../../core/databrickscfg.js';
import { formatIssue, UserError } from '../../core/errors.js';
import type { EnvConfigs } from '../../core/env-config.js';
import { ENV_NAMES } from '../../core/names.js';
import { cliVersion } from '../../deploy/databricks-bundle.js';
import { DatabricksCliError, runDatabricks, type DatabricksCliConfig } from '../../databricks/run-cli.js';
import { resolveCliExecutable } from '../../databricks/find-cli.js';
import { getWarehouse } from '../../databricks/warehouses.js';
import { describeWarehouse, runsSqlTasks } from '../../core/warehouse.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { listPipelineNames, loadEnvConfigs, readBundleOnDisk, tryBuildPipeline } from '../../project/project.js';
import { hasEnvAuth, loadDatabricksCfg } from '../../project/profiles.js';
import { findProjectRoot } from '../../project/root.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { createStyle } from '../style.js';
import { DAILY_COMMAND_SETUP, dailyCommandPath } from '../daily-command.js';

const schema = z.object({
  ...globalFields,
  json: z.boolean().optional(),
  'databricks-cli': z.string().min(1).optional(),
  positionals: z.array(z.string()).max(0, 'doctor takes no arguments'),
});

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  status: Status;
  message: string;
  fix?: string;
}

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('doctor', argv, schema);
  const checks: Check[] = [];
  const add = (c: Check) => checks.push(c);

  const major = Number(process.versions.node.split('.')[0]);
  add(
    major >= 20
      ? { name: 'node', status: 'ok', message: `Node ${process.versions.node}` }
      : { name: 'node', status: 'fail', message: `Node ${process.versions.node} is too old`, fix: 'install Node 20 or newer' },
  );

  add(dailyCommandCheck(ctx));

  const executable = resolveCliExecutable(args['databricks-cli'], ctx.env);
  let cliFound = false;
  try {
    const v = await cliVersion({ executable, env: ctx.env }, ctx.cwd);
    cliFound = true;
    add({ name: 'databricks-cli', status: 'ok', message: `databricks CLI ${terminalSafe(v.version)} (${terminalSafe(executable)})` });
    try {
      await runDatabricks({ executable, env: ctx.env }, ['bundle', '--help'], { cwd: ctx.cwd, timeoutMs: 30_000 });
      add({ name: 'bundle-commands', status: 'ok', message: 'bundle commands available' });
    } catch {
      add({ name: 'bundle-commands', status: 'fail', message: 'this CLI has no "bundle" commands', fix: 'upgrade the Databricks CLI (the new Go CLI, 0.218 or newer)' });
    }
    add(
      v.hasPlan
        ? { name: 'bundle-plan', status: 'ok', message: '"bundle plan" available: deploy shows what will change' }
        : { name: 'bundle-plan', status: 'warn', message: `"bundle plan" needs CLI 0.270+; deploy will approve by environment only`, fix: 'upgrade the Databricks CLI' },
    );
  } catch (error) {
    // Built from the CLI's output: redacted where it was read, escaped here.
    add({ name: 'databricks-cli', status: 'fail', message: terminalSafe((error as Error).message), fix: terminalSafe((error as UserError).hint ?? 'install the Databricks CLI') });
  }

  const { path, cfg, exists } = loadDatabricksCfg(ctx.env);
  if (!exists) {
    add({
      name: 'profiles',
      status: hasEnvAuth(ctx.env) ? 'ok' : 'warn',
      message: hasEnvAuth(ctx.env) ? `no ${path}; auth from DATABRICKS_HOST in the environment` : `no ${path}`,
      ...(hasEnvAuth(ctx.env) ? {} : { fix: 'databricks auth login --host <workspace-url> --profile <name>' }),
    });
  } else {
    add({
      name: 'profiles',
      status: cfg.profiles.length > 0 ? 'ok' : 'warn',
      message: cfg.profiles.length > 0 ? `${cfg.profiles.length} profile(s) in ${path}: ${cfg.profiles.map((p) => `${p.name} (${p.host ?? p.accountId ?? '?'})`).join(', ')}` : `${path} has no profiles`,
      ...(cfg.profiles.length > 0 ? {} : { fix: 'databricks auth login --host <workspace-url> --profile <name>' }),
    });
    for (const p of cfg.profiles.filter((x) => !x.hasCredentials)) {
      add({ name: `profile:${p.name}`, status: 'warn', message: `profile "${p.name}" has no token or auth_type`, fix: `databricks auth login --host ${p.host ?? '<host>'} --profile ${p.name}` });
    }
  }

  let root: string | undefined;
  try {
    root = findProjectRoot(ctx.cwd, args.root);
    add({ name: 'project', status: 'ok', message: `project at ${root}` });
  } catch (error) {
    add({ name: 'project', status: 'fail', message: (error as Error).message, fix: (error as UserError).hint ?? '' });
  }

  let envs: EnvConfigs | undefined;
  if (root) {
    try {
      envs = loadEnvConfigs(root);
      add({ name: 'env-configs', status: 'ok', message: 'config/dev.yml, staging.yml, prod.yml valid' });
    } catch (error) {
      add({ name: 'env-configs', status: 'fail', message: (error as Error).message, fix: 'fix the file as the message says' });
    }
  }
  if (envs) {
    for (const env of ENV_NAMES) {
      const host = envs[env]!.workspace.host;
      const matches = cfg.profiles.filter((p) => sameHost(p.host, host)).map((p) => p.name);
      add(
        matches.length > 0
          ? { name: `host:${env}`, status: 'ok', message: `${env} (${host}) → profile ${matches.join(', ')}` }
          : { name: `host:${env}`, status: 'warn', message: `no profile for ${env}'s host ${host}`, fix: `databricks auth login --host ${host} --profile loyalty-${env}` },
      );
    }
    if (cliFound) {
      const profileFor = (env: string) => cfg.profiles.find((p) => sameHost(p.host, envs![env]!.workspace.host))?.name;
      for (const c of await warehouseChecks(envs, profileFor, { executable, env: ctx.env }, ctx.cwd)) add(c);
    }
    const names = listPipelineNames(root!);
    const stale: string[] = [];
    const broken: string[] = [];
    for (const name of names) {
      const { built, issues } = tryBuildPipeline(root!, name, envs);
      if (!built || issues.length > 0) broken.push(formatIssue(issues[0]!));
      else if (readBundleOnDisk(root!, name) !== built.yaml) stale.push(name);
    }
    add(broken.length > 0 ? { name: 'pipelines', status: 'fail', message: `${broken.length} of ${names.length} pipeline(s) invalid: ${broken[0]}`, fix: 'npx loyalty-wizard validate' } : { name: 'pipelines', status: 'ok', message: `${names.length} pipeline(s) valid` });
    add(stale.length > 0 ? { name: 'bundles', status: 'warn', message: `stale or missing databricks.yml: ${stale.join(', ')}`, fix: 'npx loyalty-wizard generate' } : { name: 'bundles', status: 'ok', message: 'every databricks.yml is up to date' });
  }

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

function report(checks: readonly Check[], failed: boolean, json: boolean, ctx: CliContext): number {
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ ok: !failed, checks }, null, 2)}\n`);
  } else {
    const style = createStyle(ctx.color);
    const icon = { ok: style.green('✔'), warn: style.yellow('!'), fail: style.red('✖') };
    for (const c of checks) {
      ctx.stdout.write(`${icon[c.status]} ${c.message}\n`);
      if (c.fix && c.status !== 'ok') ctx.stdout.write(`    ${style.dim('fix:')} ${c.fix}\n`);
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
