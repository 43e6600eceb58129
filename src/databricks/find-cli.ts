/**
 * Whether the Databricks CLI is there, found the way the shell would find it,
 * without running it: fast enough for an interactive screen (the deploy runs
 * it for real, and reports a failure to start as DatabricksCliMissingError).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface FoundCli {
  /** What would be run: LOYALTY_DATABRICKS_CLI, else `databricks`. */
  readonly executable: string;
  /** Where it was found; undefined when it was not. */
  readonly path?: string;
}

/** How to get the CLI, for wherever the product says it is missing. */
export const CLI_INSTALL_URL = 'https://docs.databricks.com/dev-tools/cli/install.html';
export const CLI_INSTALL_EXAMPLE = 'brew install databricks/tap/databricks';

function isProgram(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program a command name runs: a path as it is, a bare name from PATH (with PATHEXT on Windows). */
export function findOnPath(command: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string | undefined {
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

/** The Databricks CLI the deploy would run (LOYALTY_DATABRICKS_CLI or `databricks`), and where it is. */
export function findDatabricksCli(env: Readonly<Record<string, string | undefined>>): FoundCli {
  const executable = env.LOYALTY_DATABRICKS_CLI ?? 'databricks';
  const path = findOnPath(executable, env);
  return path ? { executable, path } : { executable };
}
