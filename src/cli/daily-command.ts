/**
 * The daily command: `loyalty-wizard` on PATH starts our code directly, where
 * `npx loyalty-wizard` first spends about a second in npm. Set up once with
 * `npm link --ignore-scripts` (the CLI is already built, so npm need not run
 * the build again, and npm 11 does not warn about it).
 */
import { delimiter } from 'node:path';
import { findOnPath } from '../project/executable-on-path.js';
import type { CliContext } from '../session/context.js';

export const DAILY_COMMAND_SETUP = 'npm link --ignore-scripts';

/**
 * The loyalty-wizard a shell would run, or undefined when it is not on PATH.
 * Run through npx (or an npm script), PATH starts with the node_modules/.bin
 * folders npm added for this one run, which hold a loyalty-wizard of their
 * own: those do not count.
 */
export function dailyCommandPath(ctx: Pick<CliContext, 'env'>): string | undefined {
  const dirs = (ctx.env.PATH ?? '').split(delimiter);
  const shells = ctx.env.npm_command ? dirs.filter((d) => !/[\\/]node_modules[\\/]\.bin[\\/]?$/.test(d)) : dirs;
  return findOnPath('loyalty-wizard', { ...ctx.env, PATH: shells.join(delimiter) });
}

/** One line for the end of the wizard, or undefined when the daily command is already set up. */
export function dailyCommandTip(ctx: Pick<CliContext, 'env'>): string | undefined {
  if (dailyCommandPath(ctx)) return undefined;
  return `Tip: run "${DAILY_COMMAND_SETUP}" once in this project; then "loyalty-wizard …" starts about a second sooner than "npx loyalty-wizard …".`;
}
