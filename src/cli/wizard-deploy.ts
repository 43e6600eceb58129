import type { CliContext } from '../session/context.js';

/**
 * The deploy a wizard (`new`, `edit`) offers at its end, run as `deploy` would run it. Its summary leaves out
 * "Redeploy from CI": the caller prints those commands once. The files are written already, so a deploy that cannot
 * start is reported and its exit code returned, never thrown.
 */
export async function deployAfterWizard(name: string, chosen: { env: string; profile: string }, root: string | undefined, ctx: CliContext): Promise<number> {
  ctx.stderr.write('\n');
  const deploy = await import('./commands/deploy.js');
  try {
    return await deploy.run([name, '--env', chosen.env, '--profile', chosen.profile, ...(root ? ['--root', root] : [])], ctx, { callerPrintsCiCommands: true });
  } catch (error) {
    const { reportError } = await import('../session/report-error.js');
    return reportError(error, ctx);
  }
}
