/**
 * Where a command would run from, found the way a shell finds it, without
 * running it: fast enough for a screen that must not wait on a subprocess.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

function isProgram(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program a command runs: a path as it is, a bare name from PATH (with PATHEXT on Windows); undefined when none. */
export function findOnPath(command: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (/[/\\]/.test(command)) return isProgram(command) ? command : undefined;
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      if (isProgram(candidate)) return candidate;
    }
  }
  return undefined;
}
