import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs build script without types
import { buildPatchedInk } from '../scripts/build-patched-ink.mjs';

const built = Symbol.for('loyalty-wizard.test-build');
type WithBuild = typeof globalThis & { [built]?: Promise<void> };

/**
 * Process-level tests run the built binary: build it once per run so they never test stale
 * code. The `patched-ink` project's UI tests import Ink bundled with the build's patches.
 * Every project of the run shares one build (the guard lives on the main process's globals).
 */
export default function setup(): Promise<void> {
  const g = globalThis as WithBuild;
  g[built] ??= (async () => {
    execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
    await (buildPatchedInk as () => Promise<void>)();
  })();
  return g[built];
}
