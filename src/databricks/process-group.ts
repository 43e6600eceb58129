/**
 * The Databricks CLI runs in a process group of its own (on Linux and macOS),
 * so stopping it stops what it started too (terraform, a Python build, …):
 * SIGTERM to the whole group, then SIGKILL to the group once the CLI has
 * exited or after a grace period, whichever comes first. The same idea as the
 * CLI's own libs/process WithProcessGroup.
 *
 * A group whose CLI is still running when this process exits (a second Ctrl-C
 * exits at once) or is terminated (SIGTERM, SIGHUP: a CI job cancelled) is
 * killed on the way out, as execa's `cleanup` would have killed the CLI alone
 * had it shared our group. Those signal handlers exist only while a CLI runs,
 * and re-raise the signal, so this process ends as it would have without them.
 */
import type { ChildProcess } from 'node:child_process';

/** Process groups exist on Linux and macOS; elsewhere only the child itself is signalled. */
export const USE_PROCESS_GROUPS = process.platform !== 'win32';

/** How long the group gets to exit after SIGTERM before SIGKILL. */
export const GRACE_MS = 2000;

const running = new Set<number>();
let exitHookInstalled = false;
const FATAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (USE_PROCESS_GROUPS) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function killRunningGroups(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function onFatalSignal(signal: NodeJS.Signals): void {
  killRunningGroups();
  watchFatalSignals(false);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function watchFatalSignals(on: boolean): void {
  for (const signal of FATAL_SIGNALS) {
    if (on) process.on(signal, onFatalSignal);
    else process.removeListener(signal, onFatalSignal);
  }
}

/** Track a just-spawned CLI (the leader of its group) until it exits. */
export function trackGroup(child: ChildProcess): void {
  if (!USE_PROCESS_GROUPS || child.pid === undefined) return;
  const pid = child.pid;
  if (!exitHookInstalled) {
    process.on('exit', killRunningGroups);
    exitHookInstalled = true;
  }
  if (running.size === 0) watchFatalSignals(true);
  running.add(pid);
  child.once('exit', () => {
    running.delete(pid);
    if (running.size === 0) watchFatalSignals(false);
  });
}

/**
 * Stop the CLI and everything in its group: SIGTERM now; SIGKILL to the group
 * as soon as the CLI has exited (what it left behind) or after GRACE_MS.
 */
export function stopGroup(child: ChildProcess): void {
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (exited) {
    signalGroup(child, 'SIGKILL');
    return;
  }
  signalGroup(child, 'SIGTERM');
  const force = setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS);
  child.once('exit', () => {
    clearTimeout(force);
    signalGroup(child, 'SIGKILL');
  });
}
