/** Everything a command needs from the process, passed in so tests can supply their own. */
export interface Output {
  write(text: string): unknown;
}

export interface CliContext {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  /** True when a person can answer prompts: stdin and stderr are terminals and CI is unset. */
  readonly interactive: boolean;
  readonly color: boolean;
  /** stdout is a terminal (links are made clickable only then). */
  readonly stdoutIsTTY: boolean;
  /** Width of the terminal stdout writes to; undefined when it is not a terminal. */
  readonly columns?: number;
  /**
   * Called with a cleanup to run if the process is interrupted (Ctrl-C); returns
   * an unregister function. A cleanup may return a promise; the process waits a
   * few seconds for it (to stop a child process cleanly) before exiting 130;
   * with `waitsForAnswer` (it asks a person something) as long as it takes.
   */
  readonly onInterrupt: (cleanup: () => void | Promise<void>, options?: { readonly waitsForAnswer?: boolean }) => () => void;
  /**
   * The terminal cannot address the cursor (TERM=dumb, or no TERM at all): line
   * prompts and plain output instead of screens that redraw. Decided once, in
   * `decidePlain`; undefined means false.
   */
  readonly plain?: boolean;
  /** The real terminal streams, for prompts and task lists that draw. */
  readonly terminal: { readonly input: NodeJS.ReadStream; readonly output: NodeJS.WriteStream };
}

/** Colour decided once: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, and whether stderr is a TTY. */
export function decideColor(argv: readonly string[], env: CliContext['env'], isTTY: boolean): boolean {
  if (argv.includes('--no-color')) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/**
 * Whether the terminal lacks cursor addressing, so nothing may redraw: TERM=dumb
 * (Emacs shell, some editors' terminals) or no TERM at all (outside Windows,
 * whose consoles set none and still understand escapes). Colour is a separate
 * question (decideColor); NO_COLOR does not make a terminal plain.
 */
export function decidePlain(env: CliContext['env'], platform: string): boolean {
  const term = env.TERM?.trim() ?? '';
  if (term === 'dumb') return true;
  return term === '' && platform !== 'win32';
}

/**
 * The variable that says this runs in CI: CI or CONTINUOUS_INTEGRATION set to
 * anything but "0" or "false", even empty. The same rule Ink uses (it then
 * draws only the last frame), so we never start screens Ink would not draw.
 */
export function ciVariable(env: CliContext['env']): string | undefined {
  return ['CI', 'CONTINUOUS_INTEGRATION'].find((k) => env[k] !== undefined && env[k] !== '0' && env[k] !== 'false');
}
