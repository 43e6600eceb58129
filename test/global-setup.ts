import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Process-level tests run the built binary; build it once per run so they never test stale code. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
