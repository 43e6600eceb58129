import type * as z from 'zod';
import { DEPLOY_RECORD_TAGS } from './deploy-record.js';
import { resolveBatchDag } from './dag.js';
import { detectPipelineKind, type PipelineKind } from './detect.js';
import { envConfigSchema, type EnvConfig } from './env-config.js';
import { envChecks, type Check } from './env-rules.js';
import { configTextChecks, secretKeyChecks } from './text-rules.js';
import { ConfigError, formatPath, type ConfigIssue } from './errors.js';
import { zodIssuesToConfigIssues } from './issues.js';
import { isRecord } from './config-answers.js';
import {
  batchPipelineSchema,
  displayNameSchema,
  streamingPipelineSchema,
  type BatchPipelineConfig,
  type PipelineConfig,
  type StreamingPipelineConfig,
} from './pipeline-config.js';
import { RESERVED_PARAMETER } from './names.js';
import { parseLocated, ParseFailure, type LocatedDocument } from './located-parse.js';

export type ParsedPipeline =
  | { kind: 'streaming'; config: StreamingPipelineConfig }
  | { kind: 'batch'; config: BatchPipelineConfig };

/** How many tasks the job has: streaming tasks, or batch steps. */
export function taskCount(p: ParsedPipeline): number {
  return p.kind === 'streaming' ? p.config.tasks.length : p.config.execution_sequence.length;
}

/** Parse and check `pipelines/<name>/config.json`. Throws ConfigError naming file, path and line. */
export function parsePipelineConfig(text: string, file: string): ParsedPipeline {
  const doc = parseOrThrow(text, file, 'json');
  const detected = detectPipelineKind(doc.value);
  if ('issue' in detected) {
    throw new ConfigError([{ file, ...detected.issue, location: doc.locate(detected.issue.path ? [detected.issue.path] : []) }]);
  }
  return detected.kind === 'streaming'
    ? { kind: 'streaming', config: checked(doc, file, streamingPipelineSchema, streamingChecks) }
    : { kind: 'batch', config: checked(doc, file, batchPipelineSchema, batchChecks) };
}

/**
 * The config's display name alone (`status` needs nothing else to find the job): `pipeline_name` checked as
 * parsePipelineConfig checks it, without checking the rest. ConfigError when the name cannot be read.
 */
export function parsePipelineDisplayName(text: string, file: string): string {
  const doc = parseOrThrow(text, file, 'json');
  const name = displayNameSchema.safeParse(isRecord(doc.value) ? doc.value.pipeline_name : undefined);
  if (name.success) return name.data;
  const message = name.error.issues[0]?.message ?? 'is not a display name';
  throw new ConfigError([{ file, path: 'pipeline_name', message, location: doc.locate(isRecord(doc.value) ? ['pipeline_name'] : []) }]);
}

/** Parse and check `config/<env>.yml`; `env` is the file's base name, which must match `environment`. */
export function parseEnvConfig(text: string, file: string, env: string): EnvConfig {
  const doc = parseOrThrow(text, file, 'yaml');
  return checked(doc, file, envConfigSchema, (c) => envChecks(c, env));
}

function parseOrThrow(text: string, file: string, format: 'json' | 'yaml'): LocatedDocument {
  try {
    return parseLocated(text, format);
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    throw new ConfigError([
      {
        file,
        path: '',
        message: `is not valid ${format.toUpperCase()}: ${error.message}`,
        hint: error.hint ?? (format === 'json' ? 'fix the syntax at that line (a missing comma or quote, or a trailing comma)' : 'fix the indentation or quoting at that line'),
        location: error.location,
      },
    ]);
  }
}

function checked<S extends z.ZodType>(
  doc: LocatedDocument,
  file: string,
  schema: S,
  extraChecks: (config: z.output<S>) => Check[],
): z.output<S> {
  const located = (checks: readonly Check[]) =>
    new ConfigError(checks.map((p): ConfigIssue => ({ file, path: formatPath(p.path), message: p.message, hint: p.hint, location: doc.locate(p.path) })));
  // Before the schema: no schema message may echo a credential.
  const text = configTextChecks(doc.value);
  if (text.length > 0) throw located(text);
  const result = schema.safeParse(doc.value, { reportInput: true });
  if (!result.success) throw new ConfigError(zodIssuesToConfigIssues(file, doc, schema, result.error.issues));
  const problems = extraChecks(result.data);
  if (problems.length > 0) throw located(problems);
  return result.data;
}

function reservedParameterChecks(params: Record<string, string> | undefined, path: PropertyKey[]): Check[] {
  return Object.keys(params ?? {})
    .filter((k) => RESERVED_PARAMETER.test(k))
    .map((k) => ({
      path: [...path, k],
      message: `"${k}" is a parameter loyalty-wizard sets itself (from config/<env>.yml and the pipeline config)`,
      hint: 'choose another parameter name',
    }));
}

/** The tags loyalty-wizard sets on every job (and `dev`, which development mode sets); a config may not change them. */
const RESERVED_TAGS = ['project', 'pipeline', 'pipeline_type', 'dev', DEPLOY_RECORD_TAGS.commit, DEPLOY_RECORD_TAGS.content];

function commonChecks(config: PipelineConfig): Check[] {
  const cluster = config.job_cluster;
  const out: Check[] = [
    ...secretKeyChecks(cluster?.spark_env_vars, ['job_cluster', 'spark_env_vars'], 'cluster'),
    ...secretKeyChecks(cluster?.spark_conf, ['job_cluster', 'spark_conf'], 'cluster'),
  ];
  for (const tag of Object.keys(config.tags).filter((t) => RESERVED_TAGS.includes(t))) {
    out.push({ path: ['tags', tag], message: `"${tag}" is a tag loyalty-wizard sets itself on every job`, hint: `choose another tag name; ${RESERVED_TAGS.join(', ')} are taken` });
  }
  return out;
}

function streamingChecks(config: StreamingPipelineConfig): Check[] {
  const out = commonChecks(config);
  const expectedTarget = config.pipeline_type === 'streaming_to_delta' ? 'delta' : 'postgres';
  if (config.target.type !== expectedTarget) {
    out.push({
      path: ['target', 'type'],
      message: `is "${config.target.type}" but pipeline_type is "${config.pipeline_type}"`,
      hint: `set target.type to "${expectedTarget}" or pipeline_type to "streaming_to_${config.target.type}"`,
    });
  }
  const sasl = config.kafka_source.security_protocol.startsWith('SASL');
  if (sasl && (!config.kafka_source.sasl_username || !config.kafka_source.sasl_password)) {
    out.push({
      path: ['kafka_source', config.kafka_source.sasl_username ? 'sasl_password' : 'sasl_username'],
      message: `is required when security_protocol is ${config.kafka_source.security_protocol}`,
      hint: 'add sasl_username and sasl_password as secret references, or set security_protocol to "SSL" or "PLAINTEXT"',
    });
  }
  if (config.continuous && config.schedule) {
    out.push({
      path: ['schedule'],
      message: 'a continuous job cannot also have a schedule',
      hint: 'remove "schedule", or set "continuous": false',
    });
  }
  if (config.continuous && (config.max_concurrent_runs ?? 1) > 1) {
    out.push({ path: ['max_concurrent_runs'], message: 'must be 1 for a continuous job', hint: 'set "max_concurrent_runs": 1' });
  }
  const seen = new Map<string, number>();
  config.tasks.forEach((task, i) => {
    out.push(...reservedParameterChecks(task.parameters, ['tasks', i, 'parameters']), ...secretKeyChecks(task.parameters, ['tasks', i, 'parameters'], 'parameter'));
    if (task.continuous_only && !config.continuous) {
      out.push({
        path: ['tasks', i, 'continuous_only'],
        message: `task "${task.task_key}" runs until it is stopped, so a scheduled job would only end at its timeout`,
        hint: 'set "continuous": true, or remove this task from a scheduled pipeline',
      });
    }
    const other = seen.get(task.task_key);
    if (other !== undefined) {
      out.push({ path: ['tasks', i, 'task_key'], message: `duplicate task_key "${task.task_key}" (also tasks[${other}])`, hint: 'give every task a unique task_key' });
    } else seen.set(task.task_key, i);
  });
  return out;
}

function batchChecks(config: BatchPipelineConfig): Check[] {
  const out = [...commonChecks(config), ...reservedParameterChecks(config.parameters, ['parameters']), ...secretKeyChecks(config.parameters, ['parameters'], 'parameter')];
  const jobParameters = new Set(Object.keys(config.parameters ?? {}));
  config.execution_sequence.forEach((step, i) => {
    out.push(...reservedParameterChecks(step.parameters, ['execution_sequence', i, 'parameters']), ...secretKeyChecks(step.parameters, ['execution_sequence', i, 'parameters'], 'parameter'));
    for (const name of Object.keys(step.parameters ?? {}).filter((k) => jobParameters.has(k))) {
      out.push({
        path: ['execution_sequence', i, 'parameters', name],
        message: `"${name}" is also a pipeline parameter, and Databricks gives job parameters precedence over a task's own, so this value would never be used`,
        hint: `rename it, or change "parameters.${name}" for every step`,
      });
    }
    if (!step.sql_file === !step.notebook) {
      out.push({
        path: ['execution_sequence', i, step.sql_file ? 'notebook' : 'sql_file'],
        message: step.sql_file ? 'a step runs either a SQL file or a notebook, not both' : `step "${step.step}" needs "sql_file" or "notebook"`,
        hint: step.sql_file ? 'keep "sql_file" (runs on the SQL warehouse) or "notebook" (runs on the job cluster)' : 'add "sql_file": "sql/<step>.sql"',
      });
    }
  });
  for (const p of resolveBatchDag(config.execution_sequence).problems) {
    out.push({ path: ['execution_sequence', p.index, p.field], message: p.message, hint: p.hint });
  }
  return out;
}

export type { PipelineKind };
