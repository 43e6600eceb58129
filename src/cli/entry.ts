import { decideColor, type CliContext } from './context.js';
import { main } from './main.js';

/** The only place that touches process globals. */
const argv = process.argv.slice(2);
const interrupts = new Set<() => void>();
const ctx: CliContext = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI,
  color: decideColor(argv, process.env, Boolean(process.stderr.isTTY)),
  onInterrupt: (cleanup) => {
    interrupts.add(cleanup);
    return () => interrupts.delete(cleanup);
  },
};

// A closed pipe (e.g. `list | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.on('SIGINT', () => {
  for (const cleanup of interrupts) cleanup();
  process.exit(130);
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
