/** Naming rules shared by configs, templates and commands. */

export const PIPELINE_NAME_PATTERN = /^[a-z][a-z0-9_]{2,63}$/;
export const PIPELINE_NAME_RULE =
  'a pipeline name is 3-64 characters: a lowercase letter, then lowercase letters, digits or _ (e.g. orders_to_bronze)';

/**
 * Folder names build tools, test runners and virtual environments create, which
 * common .gitignore files exclude and `clean` scripts delete: a pipeline of that
 * name could silently miss a commit or vanish. Refused as pipeline names.
 */
export const RESERVED_PIPELINE_NAMES: readonly string[] = ['node_modules', 'dist', 'build', 'coverage', 'out', 'target', 'tmp', 'temp', 'venv', 'env'];
export const RESERVED_PIPELINE_NAME_RULE = `a pipeline may not be named like a folder tools generate or delete (${RESERVED_PIPELINE_NAMES.join(', ')})`;

/** Task keys, step names, job cluster keys: what the Jobs API accepts for task_key. */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
export const KEY_RULE = 'letters, digits, _ and - only, at most 100 characters (e.g. traffic_data_clean)';

/** Unity Catalog and Postgres identifiers we put into SQL and parameters unquoted. */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,127}$/;
export const IDENTIFIER_RULE = 'lowercase letters, digits and _ only, starting with a letter or _ (e.g. silver_db)';

export const ENV_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

/** The bundle name for a pipeline folder: unique per pipeline, so each deploys on its own. */
export function bundleNameFor(pipeline: string): string {
  return `loyalty_${pipeline}`;
}

/** Task parameters the generator sets itself; a config may not override them. */
export const RESERVED_PARAMETER = /^(pipeline|environment|catalog|bronze_schema|silver_schema|gold_schema|step|checkpoint_location|streaming_mode|kafka_\w*|target_\w*|postgres_\w*)$/;
