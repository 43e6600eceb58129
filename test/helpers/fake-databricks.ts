import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { needsProcess, preloadFake, runFakeSync } from '../fixtures/fake-databricks/lib/main.js';

/**
 * Running the fake `databricks` CLI (test/fixtures/fake-databricks) from its own tests: in-process through
 * runFakeSync() when the call involves nothing process-level, spawned otherwise. A spawn costs a Node start-up;
 * an in-process call costs the command alone.
 */

export const FAKE_BIN_DIR = join(import.meta.dirname, '..', 'fixtures', 'fake-databricks', 'bin');
export const FAKE = join(FAKE_BIN_DIR, 'databricks');

export interface FakeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

type Env = Record<string, string | undefined>;

/** Loads every module of the fake once, so that in-process calls run synchronously: call in beforeAll. */
export const loadFake = preloadFake;

export function spawnFake(args: string[], cwd: string, env: Env): FakeResult {
  const r = spawnSync(FAKE, args, { cwd, env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The fake run in this process, with its output collected as a spawned run would see it. */
export function runFakeInProcess(args: string[], cwd: string, env: Env): FakeResult {
  const collector = (): { chunks: Buffer[]; write: (c: string | Uint8Array) => boolean; isTTY: boolean } => {
    const chunks: Buffer[] = [];
    return { chunks, isTTY: false, write: (c) => chunks.push(Buffer.from(c)) > 0 };
  };
  const stdout = collector();
  const stderr = collector();
  const code = runFakeSync({ argv: args, env, cwd, stdout, stderr });
  return { code, signal: null, stdout: Buffer.concat(stdout.chunks).toString('utf8'), stderr: Buffer.concat(stderr.chunks).toString('utf8') };
}

/** In-process unless the call needs a process of its own (see needsProcess). */
export function runFakeCli(args: string[], cwd: string, env: Env): FakeResult {
  return needsProcess(env) ? spawnFake(args, cwd, env) : runFakeInProcess(args, cwd, env);
}
