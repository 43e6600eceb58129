import * as z from 'zod';
import { ConfigError } from '../../core/errors.js';
import { ENV_NAMES } from '../../core/names.js';
import { renderYaml } from '../../core/render.js';
import { resolveBundleForTarget } from '../../core/resolve-target.js';
import { buildPipeline } from '../../core/assemble-pipeline.js';
import { diskSource, loadEnvConfigs, requireExistingPipeline } from '../../project/project.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { projectRoot } from './common.js';

export const schema = z.object({
  ...globalFields,
  env: z
    .enum(ENV_NAMES, { error: `expected one of ${ENV_NAMES.join(', ')}` })
    .default('dev')
    .describe('dev (default), staging or prod')
    .meta({ valueName: '<env>', complete: 'env' }),
  user: z
    .string()
    .regex(/^[^\s@]{1,64}@[^\s@]{1,255}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a user name (an email) or a service principal application id')
    .optional()
    .describe('The deploying user (an email) in names and paths; default <you>')
    .meta({ valueName: '<name>' }),
  raw: z.boolean().optional().describe('Print the databricks.yml that generate writes, with every target'),
  positionals: z
    .tuple([z.string()], { error: 'expected exactly one pipeline name, e.g. loyalty-wizard preview kafka_traffic_pipeline' })
    .meta({ complete: 'pipeline' }),
});

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('preview', argv, schema);
  const root = projectRoot(ctx, args.root);
  const [name] = args.positionals;
  requireExistingPipeline(root, name);
  const built = buildPipeline(diskSource(root, name), loadEnvConfigs(root));
  if (built.issues.length > 0) throw new ConfigError(built.issues);
  if (args.raw) {
    ctx.stdout.write(built.yaml);
    return 0;
  }
  const who = args.user ? `deployed by ${args.user}` : 'deployed by <you> (--user <email> to fill in)';
  ctx.stdout.write(`# ${built.bundlePath} as target "${args.env}" resolves it, ${who}: what "databricks bundle validate -t ${args.env} -o json" would show\n`);
  ctx.stdout.write(renderYaml(resolveBundleForTarget(built.bundle, args.env, args.user ? { user: args.user } : {})));
  return 0;
}

