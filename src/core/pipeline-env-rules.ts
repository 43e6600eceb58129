import type { Bundle } from './bundle.js';
import type { EnvConfigs } from './env-config.js';
import { formatPath, type ConfigIssue } from './errors.js';
import { orderedEnvNames } from './generate.js';
import type { ParsedPipeline } from './parse-config.js';
import { hasUnclosedReference, isKnownReference, referencesIn, stringsIn } from './text-rules.js';

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

/**
 * `${...}` in a config reaches the bundle as it is, and the CLI resolves it:
 * only references it can resolve are accepted — the bundle's variables, its
 * name and target, the deploying user, this pipeline's own job.
 */
export function pipelineReferenceIssues(dir: string, pipeline: ParsedPipeline, bundle: Bundle): ConfigIssue[] {
  const known = { variables: new Set(Object.keys(bundle.variables)), jobKeys: new Set(Object.keys(bundle.resources.jobs)) };
  const issues: ConfigIssue[] = [];
  for (const { path, value } of stringsIn(pipeline.config)) {
    if (typeof path[0] === 'string' && path[0].startsWith('$')) continue;
    if (hasUnclosedReference(value)) {
      issues.push({ file: `${dir}/config.json`, path: formatPath(path), message: 'has a "${" that no "}" closes', hint: 'close the reference, or drop the $ if the text is not one' });
    }
    for (const ref of referencesIn(value).filter((r) => !isKnownReference(r, known))) {
      issues.push({
        file: `${dir}/config.json`,
        path: formatPath(path),
        message: `refers to \${${ref}}, which the bundle cannot resolve`,
        hint: `use \${bundle.target}, \${bundle.name}, \${workspace.current_user.short_name}, \${resources.jobs.${[...known.jobKeys][0] ?? '<job>'}.id} or a variable: ${[...known.variables].map((v) => `\${var.${v}}`).join(', ')}`,
      });
    }
  }
  return issues;
}
