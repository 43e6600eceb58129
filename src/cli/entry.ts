import { contextFor, runMain } from './run-main.js';

/** The only place that touches process globals. */
const argv = process.argv.slice(2);
// The bundle is minified; with LOYALTY_DEBUG a stack trace should point at the sources.
if (process.env.LOYALTY_DEBUG) process.setSourceMapsEnabled(true);
const interrupts = new Set<() => void | Promise<void>>();
/** Cleanups that ask a person something: the process waits for their answer. */
const patient = new Set<() => void | Promise<void>>();
const ctx = contextFor({
  argv,
  cwd: process.cwd(),
  env: process.env,
  platform: process.platform,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt: (cleanup, options) => {
    interrupts.add(cleanup);
    if (options?.waitsForAnswer) patient.add(cleanup);
    return () => {
      interrupts.delete(cleanup);
      patient.delete(cleanup);
    };
  },
});

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

void runMain(argv, ctx).then((code) => {
  process.exitCode = code;
});
