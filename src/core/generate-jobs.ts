/**
 * The job resource of a pipeline. Values every task reads are job-level
 * `parameters` (the CLI's default-sql template does the same): SQL files read
 * them as {{name}}, notebooks as widgets, and `databricks bundle run --params`
 * can override them for one run. A task's own parameters hold only what is
 * its alone (the step name, a checkpoint, a step's extra values).
 */
import type { JobCluster, JobParameter, JobResource, JobTask } from './bundle.js';
import { pinnedConcurrency, usesCluster } from './bundle-variables.js';
import { resolveBatchDag } from './dag.js';
import type { ParsedPipeline } from './parse-config.js';
import type { BatchPipelineConfig, PipelineConfig, StreamingPipelineConfig } from './pipeline-config.js';
import { secretReference, type SecretRef } from './secrets.js';
import { DEPLOY_RECORD_TAGS } from './deploy-record.js';

export const JOB_NAME_PREFIX = '[Loyalty2.0] [${bundle.target}] ';
/** The `project` tag on every job and cluster: how `status` finds this project's jobs in a workspace. */
export const BUNDLE_PROJECT_TAG = 'loyalty2.0';
export const STREAMING_TIMEOUT_SECONDS = 0;
export const BATCH_TIMEOUT_SECONDS = 10800;

/** The spark_conf and tag the CLI expects on a cluster with num_workers: 0 (its single-node check). */
export const SINGLE_NODE_SPARK_CONF = { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' } as const;
export const SINGLE_NODE_TAGS = { ResourceClass: 'SingleNode' } as const;

/** The key of the pipeline's job in its bundle. */
export function jobKeyOf(name: string, config: PipelineConfig): string {
  return config.job_key ?? name;
}

export function clusterKey(name: string): string {
  return `${name}_cluster`;
}

export function buildJob(name: string, pipeline: ParsedPipeline): JobResource {
  const job = pipeline.kind === 'streaming' ? streamingJob(name, pipeline.config) : batchJob(name, pipeline.config);
  job.max_concurrent_runs = pinnedConcurrency(pipeline) ?? '${var.max_concurrent_runs}';
  if (usesCluster(pipeline)) job.job_clusters = [jobCluster(name, pipeline)];
  return reorder(job);
}

function baseJob(name: string, config: PipelineConfig, timeout: number): JobResource {
  return {
    name: `${JOB_NAME_PREFIX}${config.pipeline_name}`,
    ...(config.description ? { description: config.description } : {}),
    tags: {
      project: BUNDLE_PROJECT_TAG,
      pipeline: name,
      pipeline_type: config.pipeline_type,
      [DEPLOY_RECORD_TAGS.commit]: `\${var.${DEPLOY_RECORD_TAGS.commit}}`,
      [DEPLOY_RECORD_TAGS.content]: `\${var.${DEPLOY_RECORD_TAGS.content}}`,
      ...sortedRecord(config.tags),
    },
    max_concurrent_runs: 1,
    timeout_seconds: timeout,
    tasks: [],
  };
}

/** Keys in the order people read a job: what it is, when it runs, its parameters, its clusters, its tasks. */
function reorder(job: JobResource): JobResource {
  const { tasks, job_clusters, parameters, continuous, schedule, queue, ...head } = job;
  return {
    ...head,
    ...(queue ? { queue } : {}),
    ...(continuous ? { continuous } : {}),
    ...(schedule ? { schedule } : {}),
    ...(parameters ? { parameters } : {}),
    ...(job_clusters ? { job_clusters } : {}),
    tasks,
  };
}

function jobCluster(name: string, pipeline: ParsedPipeline): JobCluster {
  const o = pipeline.config.job_cluster ?? {};
  const sparkEnv = { ...(pipeline.kind === 'streaming' ? secretEnvVars(pipeline.config) : {}), ...(o.spark_env_vars ?? {}) };
  const singleNode = o.num_workers === 0;
  const sparkConf = { ...(singleNode ? SINGLE_NODE_SPARK_CONF : {}), ...(o.spark_conf ?? {}) };
  return {
    job_cluster_key: clusterKey(name),
    new_cluster: {
      spark_version: o.spark_version ?? '${var.spark_version}',
      node_type_id: o.node_type_id ?? '${var.node_type_id}',
      // Without the pipeline's own num_workers, each target sets it (see generate-targets.ts).
      ...(o.num_workers !== undefined ? { num_workers: o.num_workers } : {}),
      data_security_mode: '${var.data_security_mode}',
      ...(Object.keys(sparkConf).length > 0 ? { spark_conf: sortedRecord(sparkConf) } : {}),
      ...(Object.keys(sparkEnv).length > 0 ? { spark_env_vars: sparkEnv } : {}),
      custom_tags: { project: BUNDLE_PROJECT_TAG, pipeline: name, ...(singleNode ? SINGLE_NODE_TAGS : {}) },
    },
  };
}

/** Credentials reach the cluster as environment variables Databricks fills from secrets; never as values. */
function secretEnvVars(config: StreamingPipelineConfig): Record<string, string> {
  const kafka = config.kafka_source;
  const secrets: Record<string, SecretRef | undefined> = {
    LOYALTY_KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrap_servers,
    LOYALTY_KAFKA_SASL_USERNAME: kafka.sasl_username,
    LOYALTY_KAFKA_SASL_PASSWORD: kafka.sasl_password,
    ...(config.target.type === 'postgres' ? { LOYALTY_POSTGRES_USER: config.target.user, LOYALTY_POSTGRES_PASSWORD: config.target.password } : {}),
  };
  const out: Record<string, string> = {};
  for (const [key, ref] of Object.entries(secrets)) if (ref) out[key] = secretReference(ref);
  return out;
}

/** Where the job runs and which tables it may touch: the first job parameters of every pipeline. */
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

function toJobParameters(values: Record<string, string>): JobParameter[] {
  return Object.entries(values).map(([name, value]) => ({ name, default: value }));
}

const secretParam = (ref: SecretRef) => `${ref.secret_scope}/${ref.secret_key}`;

function kafkaParameters(config: StreamingPipelineConfig): Record<string, string> {
  const kafka = config.kafka_source;
  return {
    streaming_mode: config.continuous ? 'continuous' : 'triggered',
    kafka_topics: kafka.topics.join(','),
    kafka_starting_offsets: kafka.starting_offsets,
    kafka_security_protocol: kafka.security_protocol,
    kafka_bootstrap_servers_secret: secretParam(kafka.bootstrap_servers),
    ...(kafka.security_protocol.startsWith('SASL') ? { kafka_sasl_mechanism: kafka.sasl_mechanism } : {}),
    ...(kafka.sasl_username ? { kafka_sasl_username_secret: secretParam(kafka.sasl_username) } : {}),
    ...(kafka.sasl_password ? { kafka_sasl_password_secret: secretParam(kafka.sasl_password) } : {}),
    ...(kafka.max_offsets_per_trigger ? { kafka_max_offsets_per_trigger: String(kafka.max_offsets_per_trigger) } : {}),
  };
}

function targetParameters(config: StreamingPipelineConfig): Record<string, string> {
  const target = config.target;
  if (target.type === 'delta') {
    const schema = target.schema ? '${var.target_schema}' : `\${var.${target.layer}_schema}`;
    return { target_type: 'delta', target_table: `\${var.catalog}.${schema}.${target.table}` };
  }
  return {
    target_type: 'postgres',
    postgres_instance: '${var.lakebase_instance}',
    postgres_database: '${var.lakebase_database}',
    postgres_schema: '${var.lakebase_schema}',
    postgres_table: target.table,
    postgres_user_secret: secretParam(target.user),
    postgres_password_secret: secretParam(target.password),
  };
}

function streamingJob(name: string, config: StreamingPipelineConfig): JobResource {
  const continuous = config.continuous;
  const job = baseJob(name, config, continuous ? STREAMING_TIMEOUT_SECONDS : BATCH_TIMEOUT_SECONDS);
  job.parameters = toJobParameters({ ...environmentParameters(name), ...kafkaParameters(config), ...targetParameters(config) });
  job.tasks = config.tasks.map(
    (task): JobTask => ({
      task_key: task.task_key,
      ...(task.description ? { description: task.description } : {}),
      job_cluster_key: clusterKey(name),
      ...(task.libraries?.length ? { libraries: task.libraries.map((p) => ({ pypi: { package: p } })) } : {}),
      timeout_seconds: continuous ? STREAMING_TIMEOUT_SECONDS : '${var.task_timeout_seconds}',
      notebook_task: {
        notebook_path: `./${task.notebook}`,
        base_parameters: { checkpoint_location: `\${var.checkpoint_root}/${name}/${task.task_key}`, ...sortedRecord(task.parameters) },
      },
    }),
  );
  if (continuous) job.continuous = { task_retry_mode: 'ON_FAILURE' };
  else {
    // A scheduled (availableNow) run must end: a finite timeout, and a queue for a run that comes due meanwhile.
    job.queue = { enabled: true };
    if (config.schedule) job.schedule = scheduleOf(config.schedule);
  }
  return job;
}

function batchJob(name: string, config: BatchPipelineConfig): JobResource {
  const job = baseJob(name, config, BATCH_TIMEOUT_SECONDS);
  job.queue = { enabled: true };
  job.schedule = scheduleOf(config.schedule);
  job.parameters = toJobParameters({ ...environmentParameters(name), ...sortedRecord(config.parameters ?? {}) });
  job.tasks = resolveBatchDag(config.execution_sequence).steps.map(({ step, dependsOn }): JobTask => {
    const own = { step: step.step, ...sortedRecord(step.parameters ?? {}) };
    const task: JobTask = {
      task_key: step.step,
      ...(step.description ? { description: step.description } : {}),
      ...(dependsOn.length > 0 ? { depends_on: dependsOn.map((d) => ({ task_key: d })) } : {}),
      ...(step.notebook ? { job_cluster_key: clusterKey(name) } : {}),
      timeout_seconds: '${var.task_timeout_seconds}',
      max_retries: '${var.max_retries}',
      min_retry_interval_millis: '${var.min_retry_interval_millis}',
    };
    if (step.notebook) task.notebook_task = { notebook_path: `./${step.notebook}`, base_parameters: own };
    else task.sql_task = { warehouse_id: '${var.warehouse_id}', file: { path: `./${step.sql_file!}` }, parameters: own };
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

export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
