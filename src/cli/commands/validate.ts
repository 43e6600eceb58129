import * as z from 'zod';
import { ConfigError, formatIssue, type ConfigIssue } from '../../core/errors.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { loadEnvConfigs, readBundleOnDisk, tryBuildPipeline } from '../../project/project.js';
import { globalFields, parseCommandArgs } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { projectRoot, selectPipelines } from './common.js';

export const schema = z.object({
  ...globalFields,
  all: z.boolean().optional().describe('Every pipeline (the default when none is named)'),
  positionals: z.array(z.string()).meta({ complete: 'pipeline' }),
});

/** A verdict per pipeline and a summary on stdout, every problem in every file on stderr (one line each); exit 1 if there is any. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('validate', argv, schema);
  const root = projectRoot(ctx, args.root);
  const style = createStyle(ctx.color);
  const envs = loadEnvConfigs(root);
  const names = selectPipelines(root, args.positionals, args.all, 'validate');
  let failed = 0;
  for (const name of names) {
    const { built, issues: found } = tryBuildPipeline(root, name, envs);
    const issues: ConfigIssue[] = [...found];
    const onDisk = built && bundleOnDisk(root, name, issues);
    if (built && onDisk !== null && onDisk !== built.yaml) {
      issues.push({
        file: built.bundlePath,
        path: '',
        message: onDisk === undefined ? 'has not been generated' : 'is out of date with config.json or config/*.yml',
        hint: `run: npx loyalty-wizard generate ${name}`,
      });
    }
    // The verdict per pipeline is the result (stdout); each problem is an error (stderr), naming its file.
    if (issues.length === 0) {
      ctx.stdout.write(`${style.green('✔')} ${terminalSafe(name)}\n`);
    } else {
      failed++;
      ctx.stdout.write(`${style.red('✖')} ${terminalSafe(name)}\n`);
      for (const issue of issues) ctx.stderr.write(`  ${formatIssue(issue)}\n`);
    }
  }
  ctx.stdout.write(
    failed === 0
      ? `${style.green('✔')} config/*.yml and ${names.length} pipeline(s) valid\n`
      : `${style.red('✖')} ${failed} of ${names.length} pipeline(s) have problems\n`,
  );
  return failed === 0 ? 0 : 1;
}

/** The bundle on disk (undefined when not generated), or null when it cannot be read: then the reason is one more issue. */
function bundleOnDisk(root: string, name: string, issues: ConfigIssue[]): string | undefined | null {
  try {
    return readBundleOnDisk(root, name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
    return null;
  }
}
