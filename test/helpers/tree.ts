import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir`, by path relative to it, mapped through `content`. */
function eachFile(dir: string, content: (path: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = content(p);
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir` with a hash of its content: compare before and after to prove nothing changed. */
export function snapshotTree(dir: string): Record<string, string> {
  return eachFile(dir, (p) => createHash('sha1').update(readFileSync(p)).digest('hex'));
}

/** Every file under `dir` as text, by relative path: compare two folders byte for byte, with a readable diff. */
export function filesOf(dir: string): Record<string, string> {
  return eachFile(dir, (p) => readFileSync(p, 'utf8'));
}

/**
 * Remove a test's folder. An entry that appears while it is being removed (ENOTEMPTY: a
 * process of the test still finishing a write) is retried a few times rather than failing the test.
 */
export function removeTree(dir: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || attempt === 3) {
        throw new Error(`could not remove ${dir} (${(error as Error).message}); still in it: ${remaining(dir).join(', ')}`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** What is left under `dir`, for the message of a removal that failed. */
function remaining(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String).slice(0, 20);
  } catch {
    return [];
  }
}
