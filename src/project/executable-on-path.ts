import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where `name` would run from when typed in a shell with this PATH: the first executable file of that name, or undefined. */
export function findExecutableOnPath(name: string, pathEnv: string | undefined, platform: string): string | undefined {
  const names = platform === 'win32' ? [`${name}.cmd`, `${name}.ps1`, name] : [name];
  for (const dir of (pathEnv ?? '').split(delimiter).filter(Boolean)) {
    for (const candidate of names.map((n) => join(dir, n))) {
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not there, or not runnable: look further along PATH.
      }
    }
  }
  return undefined;
}
