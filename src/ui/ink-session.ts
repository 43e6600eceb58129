import { render, type Instance } from 'ink';
import { createElement, type ReactElement } from 'react';
import { ciVariable, type CliContext } from '../session/context.js';
import { UserError } from '../core/errors.js';
import { createTheme, ThemeContext } from './theme.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface InkSessionOptions {
  /** Draw on the alternate screen (a full-screen app); the shell's screen comes back untouched afterwards. */
  readonly fullScreen: boolean;
}

/**
 * Mount an Ink app on the terminal (ctx.terminal: stderr and stdin), wait until
 * its root exits, and leave the terminal as it was: Ink unmounted, raw mode
 * off, cursor shown, alternate screen left. The caller may then draw with
 * listr2 or print. Ctrl-C is the app's to handle (exitOnCtrlC: false); a
 * SIGINT from outside unmounts through ctx.onInterrupt.
 *
 * The terminal goes raw before anything is drawn, so keys typed while Ink
 * starts are neither echoed over the screen nor held back by the line
 * discipline; Ink reads them once it listens (type-ahead). Afterwards stdin is
 * paused but referenced again: Ink unreferences it on unmount, and a prompt
 * that reads it next (the deploy command's pickers) would otherwise see the
 * process exit under it, which the prompt reports as "force closed".
 */
export async function runInkSession<T>(
  ctx: CliContext,
  app: (finish: (value: T) => void) => ReactElement,
  fallback: T,
  options: InkSessionOptions,
): Promise<T> {
  const ci = ciVariable(ctx.env);
  if (ci) throw new UserError(`cannot draw the interactive screens: ${ci} is set (to "${ctx.env[ci]}")`, `unset ${ci}, or pass every answer as flags (see --help)`);
  const { input, output } = ctx.terminal;
  let result = fallback;
  let instance: Instance | undefined;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (input.isTTY && input.isRaw) input.setRawMode(false);
    input.pause();
    input.ref();
    output.write(`${options.fullScreen ? LEAVE_ALT_SCREEN : ''}${SHOW_CURSOR}`);
  };
  const unregister = ctx.onInterrupt(() => {
    instance?.unmount();
    restore();
  });
  if (input.isTTY && !input.isRaw) input.setRawMode(true);
  if (options.fullScreen) output.write(ENTER_ALT_SCREEN);
  try {
    const root = createElement(ThemeContext.Provider, { value: createTheme(ctx.color) }, app((value) => (result = value)));
    // maxFps 0: no render throttle. Frames come only from keys and from the preview, which is already
    // coalesced; a throttle window would hold a keystroke's frame back by up to its length.
    instance = render(root, { stdout: output, stdin: input, stderr: output, exitOnCtrlC: false, patchConsole: false, maxFps: 0 });
    await instance.waitUntilExit();
  } finally {
    unregister();
    instance?.cleanup();
    restore();
  }
  return result;
}
