import * as z from 'zod';
import { ConfigError, type ConfigIssue } from '../../core/errors.js';
import type { BuiltPipeline } from '../../core/assemble-pipeline.js';
import { loadEnvConfigs, readBundleOnDisk, tryBuildPipeline, writeBundle } from '../../project/project.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { projectRoot, selectPipelines } from './common.js';

export const schema = z.object({
  ...globalFields,
  all: z.boolean().optional().describe('Every pipeline (the default when none is named)'),
  check: z.boolean().optional().describe('Write nothing; exit 1 listing bundles that are missing or stale (for CI)'),
  positionals: z.array(z.string()).meta({ complete: 'pipeline' }),
});

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('generate', argv, schema);
  const root = projectRoot(ctx, args.root);
  const style = createStyle(ctx.color);
  const envs = loadEnvConfigs(root);
  const names = selectPipelines(root, args.positionals, args.all, 'generate');

  // Build everything first: a bad config anywhere means nothing is written.
  const built: BuiltPipeline[] = [];
  const problems: ConfigIssue[] = [];
  for (const name of names) {
    const r = tryBuildPipeline(root, name, envs);
    if (r.built) built.push(r.built);
    problems.push(...r.issues);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const onDisk = new Map<BuiltPipeline, string | undefined>();
  for (const b of built) {
    try {
      onDisk.set(b, readBundleOnDisk(root, b.name));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.issues);
    }
  }
  // A databricks.yml that cannot be replaced (a folder, a FIFO, a link out of the folder) stops everything.
  if (problems.length > 0) throw new ConfigError(problems);
  const stale = built.filter((b) => onDisk.get(b) !== b.yaml);
  // Each stale bundle is an error (stderr); the summary is the result (stdout).
  if (args.check) {
    for (const b of stale) ctx.stderr.write(`${style.red(onDisk.get(b) === undefined ? 'missing:' : 'stale:')} ${b.bundlePath}\n`);
    if (stale.length > 0) {
      ctx.stdout.write(`${style.red('✖')} ${stale.length} of ${built.length} bundle(s) out of date; run: npx loyalty-wizard generate\n`);
      return 1;
    }
    ctx.stdout.write(`${style.green('✔')} ${built.length} bundle(s) up to date\n`);
    return 0;
  }
  for (const b of stale) {
    await writeBundle(root, b);
    ctx.stdout.write(`${style.green('wrote')} ${b.bundlePath}\n`);
  }
  ctx.stdout.write(`${style.green('✔')} ${built.length} bundle(s): ${stale.length} written, ${built.length - stale.length} unchanged\n`);
  return 0;
}

