import type { Bundle, BundleTarget, BundleVariables, JobCluster, JobResource, JobTask } from './bundle.js';
import { resolveBatchDag } from './dag.js';
import type { EnvConfig, EnvConfigs } from './env-config.js';
import { bundleNameFor, ENV_NAMES } from './names.js';
import type { ParsedPipeline } from './parse-config.js';
import type { BatchPipelineConfig, PipelineConfig, StreamingPipelineConfig } from './pipeline-config.js';
import { secretReference, type SecretRef } from './secrets.js';

export const JOB_NAME_PREFIX = '[Loyalty2.0] [${bundle.target}] ';
export const STREAMING_TIMEOUT_SECONDS = 0;
export const BATCH_TIMEOUT_SECONDS = 10800;

/** Per-env values every bundle takes from config/<env>.yml, as bundle variables. */
const COMMON_VARIABLES: Record<string, { description: string; value: (env: EnvConfig) => string | number }> = {
  catalog: { description: 'Unity Catalog catalog of this environment', value: (e) => e.catalog.name },
  bronze_schema: { description: 'Schema for raw (bronze) tables', value: (e) => e.catalog.schemas.bronze },
  silver_schema: { description: 'Schema for cleaned (silver) tables', value: (e) => e.catalog.schemas.silver },
  gold_schema: { description: 'Schema for business-ready (gold) tables', value: (e) => e.catalog.schemas.gold },
};
const CLUSTER_VARIABLES: typeof COMMON_VARIABLES = {
  spark_version: { description: 'Databricks runtime of the job cluster', value: (e) => e.cluster.spark_version },
  node_type_id: { description: 'Node type of the job cluster', value: (e) => e.cluster.node_type_id },
  num_workers: { description: 'Workers in the job cluster', value: (e) => e.cluster.num_workers },
  data_security_mode: { description: 'Access mode of the job cluster', value: (e) => e.cluster.data_security_mode },
};
const STREAMING_VARIABLES: typeof COMMON_VARIABLES = {
  checkpoint_root: { description: 'Root of streaming checkpoints', value: (e) => e.pipeline_defaults.checkpoint_root },
};
const BATCH_VARIABLES: typeof COMMON_VARIABLES = {
  warehouse_id: { description: 'SQL warehouse that runs the SQL steps', value: (e) => e.sql_warehouse_id },
  task_timeout_seconds: { description: 'Timeout of each step', value: (e) => e.pipeline_defaults.task_timeout_seconds },
};
const CONCURRENCY_VARIABLE: typeof COMMON_VARIABLES = {
  max_concurrent_runs: { description: 'Runs of this job allowed at once', value: (e) => e.pipeline_defaults.max_concurrent_runs },
};

export interface GenerateInput {
  /** The pipeline's folder name under pipelines/. */
  readonly name: string;
  readonly pipeline: ParsedPipeline;
  readonly envs: EnvConfigs;
}

/** Configs in, bundle object out. Pure and deterministic: same input, same object, same key order. */
export function generateBundle({ name, pipeline, envs }: GenerateInput): Bundle {
  const variableSpecs: typeof COMMON_VARIABLES = { ...COMMON_VARIABLES };
  const usesCluster = pipeline.kind === 'streaming' || pipeline.config.execution_sequence.some((s) => s.notebook);
  if (usesCluster) Object.assign(variableSpecs, CLUSTER_VARIABLES);
  Object.assign(variableSpecs, pipeline.kind === 'streaming' ? STREAMING_VARIABLES : BATCH_VARIABLES);
  const pinnedConcurrency = pipeline.kind === 'streaming' && pipeline.config.continuous ? 1 : pipeline.config.max_concurrent_runs;
  if (pinnedConcurrency === undefined) Object.assign(variableSpecs, CONCURRENCY_VARIABLE);

  const job = pipeline.kind === 'streaming' ? streamingJob(name, pipeline.config) : batchJob(name, pipeline.config, usesCluster);
  job.max_concurrent_runs = pinnedConcurrency ?? '${var.max_concurrent_runs}';

  const variables: BundleVariables = {};
  for (const [key, spec] of Object.entries(variableSpecs)) variables[key] = { description: spec.description };

  const targets: Record<string, BundleTarget> = {};
  for (const envName of orderedEnvNames(envs)) {
    const env = envs[envName]!;
    const targetVariables: Record<string, string | number> = {};
    for (const [key, spec] of Object.entries(variableSpecs)) targetVariables[key] = spec.value(env);
    targets[envName] = {
      mode: env.mode,
      ...(envName === 'dev' ? { default: true } : {}),
      workspace: { host: env.workspace.host, root_path: env.workspace.root_path },
      variables: targetVariables,
      resources: { jobs: { [name]: jobOverrideFor(env, pipeline.config) } },
    };
  }

  return { bundle: { name: bundleNameFor(name) }, variables, resources: { jobs: { [name]: job } }, targets };
}

/** dev, staging, prod first, in that order; anything else after, sorted. */
export function orderedEnvNames(envs: EnvConfigs): string[] {
  const known = ENV_NAMES.filter((e) => e in envs);
  const others = Object.keys(envs)
    .filter((e) => !(ENV_NAMES as readonly string[]).includes(e))
    .sort();
  return [...known, ...others];
}

function jobOverrideFor(env: EnvConfig, config: PipelineConfig): BundleTarget['resources']['jobs'][string] {
  const pipelineEmail = config.notification_email ? [config.notification_email] : [];
  const onFailure = unique([...env.notifications.on_failure, ...pipelineEmail]);
  const production = env.mode === 'production';
  const onSuccess = production ? unique([...env.notifications.on_success, ...pipelineEmail]) : [];
  return {
    email_notifications: { on_failure: onFailure, ...(onSuccess.length > 0 ? { on_success: onSuccess } : {}) },
    ...(env.permissions.length > 0
      ? { permissions: env.permissions.map((p) => ({ group_name: p.group_name, level: p.level })) }
      : {}),
  };
}

function baseJob(name: string, config: PipelineConfig, timeout: number): JobResource {
  return {
    name: `${JOB_NAME_PREFIX}${config.pipeline_name}`,
    ...(config.description ? { description: config.description } : {}),
    tags: {
      project: 'loyalty2.0',
      pipeline: name,
      pipeline_type: config.pipeline_type,
      ...sortedRecord(config.tags),
    },
    max_concurrent_runs: 1,
    timeout_seconds: timeout,
    tasks: [],
  };
}

function clusterKey(name: string): string {
  return `${name}_cluster`;
}

function jobCluster(name: string, config: PipelineConfig, envVars: Record<string, string>): JobCluster {
  const o = config.job_cluster ?? {};
  const sparkEnv = { ...envVars, ...(o.spark_env_vars ?? {}) };
  return {
    job_cluster_key: clusterKey(name),
    new_cluster: {
      spark_version: o.spark_version ?? '${var.spark_version}',
      node_type_id: o.node_type_id ?? '${var.node_type_id}',
      num_workers: o.num_workers ?? '${var.num_workers}',
      data_security_mode: '${var.data_security_mode}',
      ...(o.spark_conf && Object.keys(o.spark_conf).length > 0 ? { spark_conf: sortedRecord(o.spark_conf) } : {}),
      ...(Object.keys(sparkEnv).length > 0 ? { spark_env_vars: sparkEnv } : {}),
      custom_tags: { project: 'loyalty2.0', pipeline: name },
    },
  };
}

/** Parameters every task receives: where it runs and which tables it may touch. */
function environmentParameters(name: string): Record<string, string> {
  return {
    pipeline: name,
    environment: '${bundle.target}',
    catalog: '${var.catalog}',
    bronze_schema: '${var.bronze_schema}',
    silver_schema: '${var.silver_schema}',
    gold_schema: '${var.gold_schema}',
  };
}

const secretParam = (ref: SecretRef) => `${ref.secret_scope}/${ref.secret_key}`;

function streamingJob(name: string, config: StreamingPipelineConfig): JobResource {
  const job = baseJob(name, config, STREAMING_TIMEOUT_SECONDS);
  const kafka = config.kafka_source;
  const target = config.target;

  const secrets: Record<string, SecretRef> = { LOYALTY_KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrap_servers };
  if (kafka.sasl_username) secrets.LOYALTY_KAFKA_SASL_USERNAME = kafka.sasl_username;
  if (kafka.sasl_password) secrets.LOYALTY_KAFKA_SASL_PASSWORD = kafka.sasl_password;
  if (target.type === 'postgres') {
    secrets.LOYALTY_POSTGRES_USER = target.user;
    secrets.LOYALTY_POSTGRES_PASSWORD = target.password;
  }
  const envVars: Record<string, string> = {};
  for (const [key, ref] of Object.entries(secrets)) envVars[key] = secretReference(ref);

  const sourceParams: Record<string, string> = {
    kafka_topics: kafka.topics.join(','),
    kafka_starting_offsets: kafka.starting_offsets,
    kafka_security_protocol: kafka.security_protocol,
    kafka_bootstrap_servers_secret: secretParam(kafka.bootstrap_servers),
    ...(kafka.security_protocol.startsWith('SASL') ? { kafka_sasl_mechanism: kafka.sasl_mechanism } : {}),
    ...(kafka.sasl_username ? { kafka_sasl_username_secret: secretParam(kafka.sasl_username) } : {}),
    ...(kafka.sasl_password ? { kafka_sasl_password_secret: secretParam(kafka.sasl_password) } : {}),
    ...(kafka.max_offsets_per_trigger ? { kafka_max_offsets_per_trigger: String(kafka.max_offsets_per_trigger) } : {}),
  };
  const targetParams: Record<string, string> =
    target.type === 'delta'
      ? {
          target_type: 'delta',
          target_table: `\${var.catalog}.${target.schema ?? `\${var.${target.layer}_schema}`}.${target.table}`,
        }
      : {
          target_type: 'postgres',
          postgres_instance: target.instance,
          postgres_database: target.database,
          postgres_schema: target.schema,
          postgres_table: target.table,
          postgres_user_secret: secretParam(target.user),
          postgres_password_secret: secretParam(target.password),
        };

  job.job_clusters = [jobCluster(name, config, envVars)];
  job.tasks = config.tasks.map(
    (task): JobTask => ({
      task_key: task.task_key,
      ...(task.description ? { description: task.description } : {}),
      job_cluster_key: clusterKey(name),
      timeout_seconds: STREAMING_TIMEOUT_SECONDS,
      notebook_task: {
        notebook_path: `./${task.notebook}`,
        base_parameters: {
          ...environmentParameters(name),
          checkpoint_location: `\${var.checkpoint_root}/${name}/${task.task_key}`,
          streaming_mode: config.continuous ? 'continuous' : 'triggered',
          ...sourceParams,
          ...targetParams,
          ...sortedRecord(task.parameters),
        },
      },
    }),
  );
  if (config.continuous) {
    job.continuous = { task_retry_mode: 'ON_FAILURE' };
  } else if (config.schedule) {
    job.schedule = scheduleOf(config.schedule);
  }
  return job;
}

function batchJob(name: string, config: BatchPipelineConfig, usesCluster: boolean): JobResource {
  const job = baseJob(name, config, BATCH_TIMEOUT_SECONDS);
  job.schedule = scheduleOf(config.schedule);
  if (usesCluster) job.job_clusters = [jobCluster(name, config, {})];
  const { steps } = resolveBatchDag(config.execution_sequence);
  job.tasks = steps.map(({ step, dependsOn }): JobTask => {
    const params = { ...environmentParameters(name), step: step.step, ...sortedRecord({ ...config.parameters, ...step.parameters }) };
    const task: JobTask = {
      task_key: step.step,
      ...(step.description ? { description: step.description } : {}),
      ...(dependsOn.length > 0 ? { depends_on: dependsOn.map((d) => ({ task_key: d })) } : {}),
      timeout_seconds: '${var.task_timeout_seconds}',
    };
    if (step.notebook) {
      task.job_cluster_key = clusterKey(name);
      task.notebook_task = { notebook_path: `./${step.notebook}`, base_parameters: params };
    } else {
      task.sql_task = { warehouse_id: '${var.warehouse_id}', file: { path: `./${step.sql_file!}` }, parameters: params };
    }
    return task;
  });
  return job;
}

function scheduleOf(s: NonNullable<PipelineConfig['schedule']>): NonNullable<JobResource['schedule']> {
  return {
    quartz_cron_expression: s.quartz_cron_expression,
    timezone_id: s.timezone_id,
    ...(s.pause_status ? { pause_status: s.pause_status } : {}),
  };
}

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
