import * as z from 'zod';
import { ConfigError, UsageError, UserError } from '../../core/errors.js';
import { buildPipeline, type BuiltPipeline } from '../../core/assemble-pipeline.js';
import { parseRunParams, unknownRunParams, type RunParams } from '../../core/run-params.js';
import { jobTaskGraph } from '../../core/run-follow.js';
import { diskSource, listPipelineNames, loadEnvConfigs, readBundleOnDisk } from '../../project/project.js';
import { DatabricksCliError } from '../../databricks/run-cli.js';
import { bundleInvocation, followAndReport, printCliFailure, reportStarted, startRun, type RunTarget } from '../../operate/run-pipeline.js';
import type { CommandPrompts } from '../../session/command-prompts.js';
import type { CliContext } from '../../session/context.js';
import { databricksCliField, globalFields, jsonField, parseCommandArgs } from '../args.js';
import { cliConfig, envField, pollDelayFromEnv, profileField, namedOrPickedPipeline, resolveWorkspaceTarget, showCommandsField, suggestedTarget, type Cfg, type Envs } from '../workspace-inputs.js';
import { projectRoot } from './common.js';

export const schema = z.object({
  ...globalFields,
  env: envField,
  profile: profileField,
  params: z.array(z.string()).optional().describe('Override job parameters for this run (repeatable)').meta({ valueName: '<k=v,...>' }),
  'no-wait': z.boolean().optional().describe('Start the run, print its URL and return'),
  json: jsonField,
  'show-commands': showCommandsField,
  'databricks-cli': databricksCliField,
  positionals: z.array(z.string()).max(1, 'name one pipeline').meta({ complete: 'pipeline' }),
});

type RunArgs = z.output<typeof schema>;

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('run', argv, schema);
  const params = parsedParams(args);
  const root = projectRoot(ctx, args.root);
  const envs = loadEnvConfigs(root);
  const { pipeline, env, profile } = await resolveInputs(args, root, envs, ctx);
  const built = builtPipeline(root, pipeline, envs, params);
  const job = built.bundle.resources.jobs[built.jobKey];
  const target: RunTarget = {
    root,
    pipeline,
    env,
    host: envs[env]!.workspace.host,
    ...(profile ? { profile } : {}),
    cli: cliConfig(args, ctx),
    jobKey: built.jobKey,
    ...jobTaskGraph(job?.tasks),
    pollDelayMs: pollDelayFromEnv(ctx.env),
    json: Boolean(args.json),
  };
  checkBundleOnDisk(root, built, env, ctx);
  let started;
  try {
    started = await startRun(bundleInvocation(target), built.jobKey, params);
  } catch (error) {
    if (error instanceof DatabricksCliError) return printCliFailure(error, ctx);
    throw error;
  }
  if (args['no-wait']) return reportStarted(target, started, ctx);
  // A continuous job's run does not end: there is nothing to wait for.
  if (job?.continuous) return reportStarted(target, started, ctx, 'a continuous job: it keeps running; see it with loyalty-wizard status');
  return followAndReport(target, started, ctx);
}

/** `bundle run` reads the job from databricks.yml: none is an error, one the configs no longer produce a warning. */
function checkBundleOnDisk(root: string, built: BuiltPipeline, env: string, ctx: CliContext): void {
  const onDisk = readBundleOnDisk(root, built.name);
  const deploy = `loyalty-wizard deploy ${built.name} --env ${env}`;
  if (onDisk === undefined) throw new UserError(`${built.bundlePath} does not exist: ${built.name} has not been deployed from here`, `deploy it first: ${deploy}`);
  if (onDisk !== built.yaml) ctx.stderr.write(`warning: ${built.bundlePath} is not what the configs generate now; the deployed job may be older (deploy again: ${deploy})\n`);
}

function parsedParams(args: RunArgs): RunParams {
  const parsed = parseRunParams(args.params ?? []);
  if ('error' in parsed) throw new UsageError(`run: --params: ${parsed.error}`, 'e.g. --params bronze_table=orders_bronze,environment=dev');
  return parsed.params;
}

/** The pipeline as generated now: its job key, its tasks in order; --params checked against its parameters. */
function builtPipeline(root: string, pipeline: string, envs: Envs, params: RunParams): BuiltPipeline {
  const built = buildPipeline(diskSource(root, pipeline), envs);
  if (built.issues.length > 0) throw new ConfigError(built.issues);
  const declared = (built.bundle.resources.jobs[built.jobKey]?.parameters ?? []).map((p) => p.name);
  const unknown = unknownRunParams(params, declared);
  if (unknown.length > 0) {
    throw new UsageError(`run: --params ${unknown.join(', ')}: not a parameter of ${pipeline}'s job`, declared.length > 0 ? `its parameters: ${declared.join(', ')}` : 'its job declares no parameters');
  }
  return built;
}

/** Pipeline, env and profile from flags; asked for in a terminal; exit 2 naming the flags otherwise. */
async function resolveInputs(args: RunArgs, root: string, envs: Envs, ctx: CliContext): Promise<{ pipeline: string; env: string; profile?: string }> {
  const known = listPipelineNames(root);
  const named = args.positionals[0];
  const askPipeline = (prompts: CommandPrompts | undefined) => namedOrPickedPipeline(named, prompts, root, known, ctx, 'run');
  const missingError = (missing: readonly string[], profiles: Cfg) => missingInputs(missing, args, known, envs, profiles);
  const { first: pipeline, env, profile } = await resolveWorkspaceTarget({ env: args.env, profile: args.profile, missing: named ? [] : ['<pipeline>'], missingError, first: askPipeline }, envs, ctx);
  return { pipeline, env, ...(profile ? { profile } : {}) };
}

function missingInputs(missing: readonly string[], args: RunArgs, known: readonly string[], envs: Envs, profiles: Cfg): UsageError {
  const pipeline = args.positionals[0] ?? known[0] ?? '<pipeline>';
  const { env, profile, login } = suggestedTarget(args.env, args.profile, envs, profiles);
  return new UsageError(`run: missing ${missing.join(', ')}`, `e.g. loyalty-wizard run ${pipeline} --env ${env} --profile ${profile ?? '<name>'}${login}`);
}
