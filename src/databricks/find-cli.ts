/**
 * Whether the Databricks CLI is there, found the way the shell would find it,
 * without running it: fast enough for an interactive screen (the deploy runs
 * it for real, and reports a failure to start as DatabricksCliMissingError).
 */
import { findOnPath } from '../project/executable-on-path.js';

export interface FoundCli {
  /** What would be run: LOYALTY_DATABRICKS_CLI, else `databricks`. */
  readonly executable: string;
  /** Where it was found; undefined when it was not. */
  readonly path?: string;
}

/** How to get the CLI, for wherever the product says it is missing. */
export const CLI_INSTALL_URL = 'https://docs.databricks.com/dev-tools/cli/install.html';
export const CLI_INSTALL_EXAMPLE = 'brew install databricks/tap/databricks';

/** The CLI to run: --databricks-cli, else LOYALTY_DATABRICKS_CLI, else `databricks` from PATH. */
export function resolveCliExecutable(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return flag ?? env.LOYALTY_DATABRICKS_CLI ?? 'databricks';
}

/** The Databricks CLI the deploy would run (LOYALTY_DATABRICKS_CLI or `databricks`), and where it is. */
export function findDatabricksCli(env: Readonly<Record<string, string | undefined>>): FoundCli {
  const executable = resolveCliExecutable(undefined, env);
  const path = findOnPath(executable, env);
  return path ? { executable, path } : { executable };
}
