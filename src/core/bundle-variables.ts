/**
 * The bundle variables of a pipeline: every value that differs between
 * environments, declared once and set per target from config/<env>.yml.
 * In development targets data is per developer, the way the CLI's own
 * templates do it: schemas get a `dev_<short user name>_` prefix (the prefix
 * development mode gives Unity Catalog names) and checkpoints a folder of the
 * developer's own, so two developers never share a table or a checkpoint.
 */
import { usesPerUserSchemas, type EnvConfig } from './env-config.js';
import type { ParsedPipeline } from './parse-config.js';

export const CURRENT_USER_SHORT_NAME = '${workspace.current_user.short_name}';

type Value = string | number;
interface VariableSpec {
  readonly description: string;
  readonly value: (env: EnvConfig) => Value;
}
export type VariableSpecs = Record<string, VariableSpec>;

/** A schema name as a target sees it: `dev_<short user name>_<schema>` when data is per developer. */
export function schemaFor(env: EnvConfig, schema: string): string {
  return usesPerUserSchemas(env) ? `dev_${CURRENT_USER_SHORT_NAME}_${schema}` : schema;
}

const COMMON: VariableSpecs = {
  catalog: { description: 'Unity Catalog catalog of this environment', value: (e) => e.catalog.name },
  bronze_schema: { description: 'Schema for raw (bronze) tables', value: (e) => schemaFor(e, e.catalog.schemas.bronze) },
  silver_schema: { description: 'Schema for cleaned (silver) tables', value: (e) => schemaFor(e, e.catalog.schemas.silver) },
  gold_schema: { description: 'Schema for business-ready (gold) tables', value: (e) => schemaFor(e, e.catalog.schemas.gold) },
};
const CLUSTER: VariableSpecs = {
  spark_version: { description: 'Databricks runtime of the job cluster', value: (e) => e.cluster.spark_version },
  node_type_id: { description: 'Node type of the job cluster', value: (e) => e.cluster.node_type_id },
  data_security_mode: { description: 'Access mode of the job cluster', value: (e) => e.cluster.data_security_mode },
};
const CHECKPOINTS: VariableSpecs = {
  checkpoint_root: {
    description: 'Root of streaming checkpoints (a folder per developer in development)',
    value: (e) => (e.mode === 'development' ? `${e.pipeline_defaults.checkpoint_root}/${CURRENT_USER_SHORT_NAME}` : e.pipeline_defaults.checkpoint_root),
  },
};
const TASK_TIMEOUT: VariableSpecs = {
  task_timeout_seconds: { description: 'Timeout of each task', value: (e) => e.pipeline_defaults.task_timeout_seconds },
};
const SQL_WAREHOUSE: VariableSpecs = {
  warehouse_id: { description: 'SQL warehouse (Pro or Serverless) that runs the SQL steps', value: (e) => e.sql_warehouse_id },
};
const RETRIES: VariableSpecs = {
  max_retries: { description: 'Retries of a failed step', value: (e) => e.pipeline_defaults.max_retries },
  min_retry_interval_millis: { description: 'Wait before a failed step is retried', value: (e) => e.pipeline_defaults.min_retry_interval_millis },
};
const CONCURRENCY: VariableSpecs = {
  max_concurrent_runs: { description: 'Runs of this job allowed at once', value: (e) => e.pipeline_defaults.max_concurrent_runs },
};

/** Whether the job needs a cluster: every streaming job, and batch jobs with a notebook step. */
export function usesCluster(pipeline: ParsedPipeline): boolean {
  return pipeline.kind === 'streaming' || pipeline.config.execution_sequence.some((s) => s.notebook);
}

/** The max_concurrent_runs a job is pinned to, or undefined when each env decides. */
export function pinnedConcurrency(pipeline: ParsedPipeline): number | undefined {
  return pipeline.kind === 'streaming' && pipeline.config.continuous ? 1 : pipeline.config.max_concurrent_runs;
}

export function variableSpecsFor(pipeline: ParsedPipeline): VariableSpecs {
  const specs: VariableSpecs = { ...COMMON };
  if (usesCluster(pipeline)) Object.assign(specs, CLUSTER);
  if (pipeline.kind === 'streaming') {
    Object.assign(specs, CHECKPOINTS, targetSpecs(pipeline.config.target), pipeline.config.continuous ? {} : TASK_TIMEOUT);
  } else {
    Object.assign(specs, pipeline.config.execution_sequence.some((s) => s.sql_file) ? SQL_WAREHOUSE : {}, TASK_TIMEOUT, RETRIES);
  }
  if (pinnedConcurrency(pipeline) === undefined) Object.assign(specs, CONCURRENCY);
  return specs;
}

type StreamingTarget = Extract<ParsedPipeline, { kind: 'streaming' }>['config']['target'];

function targetSpecs(target: StreamingTarget): VariableSpecs {
  if (target.type === 'delta') {
    const schema = target.schema;
    return schema ? { target_schema: { description: 'Schema of the target table', value: (e) => schemaFor(e, schema) } } : {};
  }
  return {
    lakebase_instance: { description: 'Lakebase instance written to', value: (e) => target.instance ?? e.lakebase?.instance ?? '' },
    lakebase_database: { description: 'Postgres database written to', value: (e) => target.database ?? e.lakebase?.database ?? '' },
    lakebase_schema: { description: 'Postgres schema written to', value: (e) => schemaFor(e, target.schema ?? e.lakebase?.schema ?? '') },
  };
}
