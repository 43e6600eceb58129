/** `loyalty-wizard` with no command in a terminal: a small menu of the commands. */
import { createElement } from 'react';
import type { CliContext } from '../session/context.js';
import { HomeMenu } from './home/home-menu.js';
import { runInkSession } from './ink-session.js';

/** The argv of the chosen command (e.g. ['new'], ['--help']), or undefined to quit. Ink is unmounted when it resolves. */
export async function runHome(ctx: CliContext): Promise<string[] | undefined> {
  const argv = await runInkSession<readonly string[] | undefined>(ctx, (finish) => createElement(HomeMenu, { onDone: finish }), undefined, { fullScreen: false });
  return argv ? [...argv] : undefined;
}
