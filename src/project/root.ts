import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError, UserError } from '../core/errors.js';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isProjectRoot(dir: string): boolean {
  return isDir(join(dir, 'pipelines')) && isDir(join(dir, 'config'));
}

/** The folder holding `pipelines/` and `config/`: `--root`, or the nearest one up from `cwd`. */
export function findProjectRoot(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    if (!isProjectRoot(dir)) {
      throw new UsageError(`--root ${explicit}: ${dir} has no pipelines/ and config/ folders`, 'point --root at the project folder');
    }
    return dir;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UserError(
    `no loyalty-wizard project here: no folder from ${resolve(cwd)} up holds pipelines/ and config/`,
    'run inside the project, or pass --root <dir>',
  );
}
