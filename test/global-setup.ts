import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .js test fixture without types
import { spawnFakeServer } from './fixtures/fake-databricks/lib/server.js';
// @ts-expect-error: a plain .mjs build script without types
import { buildPatchedInk } from '../scripts/build-patched-ink.mjs';

const built = Symbol.for('loyalty-wizard.test-build');
const server = Symbol.for('loyalty-wizard.fake-server');
type WithBuild = typeof globalThis & { [built]?: Promise<void>; [server]?: Promise<() => void> };

/**
 * Process-level tests run the built binary: build it once per run so they never test stale
 * code. The `patched-ink` project's UI tests import Ink bundled with the build's patches.
 * Every project of the run shares one build (the guard lives on the main process's globals).
 */
export default async function setup(): Promise<() => void> {
  hideCiFromWorkers();
  const g = globalThis as WithBuild;
  g[built] ??= (async () => {
    execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
    await (buildPatchedInk as () => Promise<void>)();
  })();
  g[server] ??= startFakeServer();
  await g[built];
  return await g[server];
}

/**
 * Ink decides once, when it is first imported, whether it runs in CI (then it draws only the last frame). The
 * workers keep their modules from one test file to the next, so a `CI` variable from the CI machine would reach
 * the UI tests' Ink before any test file could clear it. The workers therefore start without it; whether the run
 * is in CI is kept in LOYALTY_TEST_IN_CI (test/helpers/prerequisites.ts), and tests that want CI behaviour set
 * `CI` on the process they start.
 */
function hideCiFromWorkers(): void {
  const ci = ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => process.env[k] !== undefined && !['0', 'false'].includes(process.env[k] as string));
  process.env.LOYALTY_TEST_IN_CI ??= ci ? '1' : '0';
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}

/**
 * The fake `databricks` CLI answers most calls from one server process instead of a Node start-up per call
 * (test/fixtures/fake-databricks/lib/server.js); its socket reaches every test, and every process a test starts,
 * through FAKE_DATABRICKS_SERVER. Resolves to the teardown.
 */
async function startFakeServer(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-fake-server-'));
  const socket = join(dir, 'fake.sock');
  const stop = (await spawnFakeServer(socket)) as () => void;
  process.env.FAKE_DATABRICKS_SERVER = socket;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
