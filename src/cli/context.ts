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
  /** Called with a cleanup to run if the process is interrupted; returns an unregister function. */
  readonly onInterrupt: (cleanup: () => void) => () => void;
}

/** Colour decided once: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, and whether stderr is a TTY. */
export function decideColor(argv: readonly string[], env: CliContext['env'], isTTY: boolean): boolean {
  if (argv.includes('--no-color')) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}
