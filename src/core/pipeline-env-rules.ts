import type { EnvConfigs } from './env-config.js';
import type { ConfigIssue } from './errors.js';
import { orderedEnvNames } from './generate.js';
import type { ParsedPipeline } from './parse-config.js';

/**
 * What a pipeline needs from every environment's config: a Postgres pipeline
 * writes to the Lakebase instance, database and schema of each env, unless its
 * config.json names them for all envs.
 */
export function pipelineEnvIssues(dir: string, pipeline: ParsedPipeline, envs: EnvConfigs): ConfigIssue[] {
  if (pipeline.kind !== 'streaming' || pipeline.config.target.type !== 'postgres') return [];
  const target = pipeline.config.target;
  const issues: ConfigIssue[] = [];
  for (const env of orderedEnvNames(envs)) {
    for (const field of ['instance', 'database', 'schema'] as const) {
      if (target[field] !== undefined || envs[env]!.lakebase?.[field] !== undefined) continue;
      issues.push({
        file: `config/${env}.yml`,
        path: `lakebase.${field}`,
        message: `is not set, and ${dir}/config.json writes to Lakebase without naming its ${field}`,
        hint: `add lakebase.${field} to config/${env}.yml (lakebase: { instance: <instance name>, database: databricks_postgres, schema: <schema> }), or set target.${field} in ${dir}/config.json`,
      });
    }
  }
  return issues;
}
