import { ciVariable, decideColor, decidePlain, type CliContext } from '../session/context.js';
import { main } from './main.js';
import { knownColumns } from '../core/terminal-width.js';

/** The only place that touches process globals. */
const argv = process.argv.slice(2);
// The bundle is minified; with LOYALTY_DEBUG a stack trace should point at the sources.
if (process.env.LOYALTY_DEBUG) process.setSourceMapsEnabled(true);
// A width of 0 (a pty nobody sized) is no width: the one rule in core/terminal-width.
const stdoutColumns = process.stdout.isTTY ? knownColumns(process.stdout.columns) : undefined;
const interrupts = new Set<() => void | Promise<void>>();
/** Cleanups that ask a person something: the process waits for their answer. */
const patient = new Set<() => void | Promise<void>>();
const ctx: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) && ciVariable(process.env) === undefined,
  color: decideColor(argv, process.env, Boolean(process.stderr.isTTY)),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  plain: decidePlain(process.env, process.platform),
  ...(stdoutColumns ? { columns: stdoutColumns } : {}),
  onInterrupt: (cleanup, options) => {
    interrupts.add(cleanup);
    if (options?.waitsForAnswer) patient.add(cleanup);
    return () => {
      interrupts.delete(cleanup);
      patient.delete(cleanup);
    };
  },
  terminal: { input: process.stdin, output: process.stderr },
};

// A closed pipe (e.g. `list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  const pending = [...interrupts].map((cleanup) => Promise.resolve().then(cleanup).catch(() => undefined));
  // A second Ctrl-C still exits at once (above).
  const giveUp = patient.size > 0 ? new Promise(() => {}) : new Promise((resolve) => setTimeout(resolve, 5000).unref());
  void Promise.race([Promise.all(pending), giveUp]).then(() => {
    // Leave the terminal as we found it: cursor visible, raw mode off.
    if (process.stderr.isTTY && !ctx.plain) process.stderr.write('\u001b[?25h');
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    process.exit(130);
  });
});

main(argv, ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
