/**
 * A command line run against a process's streams: the context built from them
 * and `main` awaited, an unexpected throw turned into one line and exit 1.
 * entry.ts passes the real process; tests pass captured streams and run the
 * CLI in their own process. Reads nothing global: everything comes in `io`.
 */
import { knownColumns } from '../core/terminal-width.js';
import { ciVariable, decideColor, decidePlain, type CliContext } from '../session/context.js';
import { main } from './main.js';

export interface ProcessIo {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: CliContext['env'];
  readonly platform: string;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly onInterrupt: CliContext['onInterrupt'];
}

/** The context a process with these streams and this environment runs commands in. */
export function contextFor(io: ProcessIo): CliContext {
  // A width of 0 (a pty nobody sized) is no width: the one rule in core/terminal-width.
  const stdoutColumns = io.stdout.isTTY ? knownColumns(io.stdout.columns) : undefined;
  return {
    cwd: io.cwd,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    interactive: Boolean(io.stdin.isTTY && io.stderr.isTTY) && ciVariable(io.env) === undefined,
    color: decideColor(io.argv, io.env, Boolean(io.stderr.isTTY)),
    stdoutIsTTY: Boolean(io.stdout.isTTY),
    plain: decidePlain(io.env, io.platform),
    ...(stdoutColumns ? { columns: stdoutColumns } : {}),
    onInterrupt: io.onInterrupt,
    terminal: { input: io.stdin, output: io.stderr },
  };
}

/** The exit code of `argv`; a throw `main` did not turn into a message is reported as an internal error. */
export async function runMain(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    return await main(argv, ctx);
  } catch (error) {
    ctx.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
