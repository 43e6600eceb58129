/**
 * One target per environment: where it deploys, who its jobs run as, its
 * variables, and what it changes in the job (emails, health rules,
 * permissions, cluster settings only some environments need).
 */
import type { BundleTarget, EmailNotifications, HealthRule, JobCluster, JobPermission, Principal, TargetJobOverride } from './bundle.js';
import type { VariableSpecs } from './bundle-variables.js';
import { principalOf, type EnvConfig } from './env-config.js';
import { clusterKey, SINGLE_NODE_SPARK_CONF, SINGLE_NODE_TAGS } from './generate-jobs.js';
import type { ParsedPipeline } from './parse-config.js';

export interface TargetInput {
  readonly name: string;
  readonly jobKey: string;
  readonly pipeline: ParsedPipeline;
  readonly specs: VariableSpecs;
}

export function buildTarget(envName: string, env: EnvConfig, input: TargetInput): BundleTarget {
  const variables: Record<string, string | number> = {};
  for (const [key, spec] of Object.entries(input.specs)) variables[key] = spec.value(env);
  return {
    mode: env.mode,
    ...(envName === 'dev' ? { default: true } : {}),
    workspace: { host: env.workspace.host, root_path: env.workspace.root_path },
    ...(env.git ? { git: { branch: env.git.branch } } : {}),
    ...(env.run_as ? { run_as: principal(env.run_as) } : {}),
    variables,
    resources: { jobs: { [input.jobKey]: jobOverride(env, input) } },
  };
}

function principal(p: Principal): Principal {
  const found = principalOf(p);
  return found ? { [found.key]: found.name } : {};
}

function jobOverride(env: EnvConfig, input: TargetInput): TargetJobOverride {
  const config = input.pipeline.config;
  const pipelineEmail = config.notification_email ? [config.notification_email] : [];
  const health = healthRules(env, input.pipeline);
  const clusterOverride = clusterOverrideFor(env, input);
  return {
    email_notifications: emails(env, pipelineEmail, health),
    ...(health.length > 0 ? { health: { rules: health } } : {}),
    ...(clusterOverride ? { job_clusters: [clusterOverride] } : {}),
    ...(env.permissions.length > 0 ? { permissions: env.permissions.map((p): JobPermission => ({ ...principal(p), level: p.level })) } : {}),
  };
}

function emails(env: EnvConfig, pipelineEmail: string[], health: readonly HealthRule[]): EmailNotifications {
  const onSuccess = env.mode === 'production' ? unique([...env.notifications.on_success, ...pipelineEmail]) : [];
  const warn = unique([...(env.notifications.on_warning ?? env.notifications.on_failure), ...pipelineEmail]);
  const has = (metric: string) => health.some((r) => r.metric.startsWith(metric));
  return {
    on_failure: unique([...env.notifications.on_failure, ...pipelineEmail]),
    ...(onSuccess.length > 0 ? { on_success: onSuccess } : {}),
    ...(has('RUN_DURATION') ? { on_duration_warning_threshold_exceeded: warn } : {}),
    ...(has('STREAMING_BACKLOG') ? { on_streaming_backlog_exceeded: warn } : {}),
  };
}

/** Health rules from the env's monitoring thresholds: run time for runs that end, backlog for streams. */
export function healthRules(env: EnvConfig, pipeline: ParsedPipeline): HealthRule[] {
  const m = env.monitoring;
  if (!m) return [];
  const rules: HealthRule[] = [];
  const ends = pipeline.kind === 'batch' || !pipeline.config.continuous;
  if (ends && m.run_duration_warning_seconds) rules.push({ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: m.run_duration_warning_seconds });
  if (pipeline.kind === 'streaming') {
    if (m.streaming_backlog_seconds) rules.push({ metric: 'STREAMING_BACKLOG_SECONDS', op: 'GREATER_THAN', value: m.streaming_backlog_seconds });
    if (m.streaming_backlog_records) rules.push({ metric: 'STREAMING_BACKLOG_RECORDS', op: 'GREATER_THAN', value: m.streaming_backlog_records });
  }
  return rules;
}

/**
 * Cluster settings of this env only: its number of workers (unless the
 * pipeline fixes it), the single-node settings when that number is 0, and its
 * cluster policy. The CLI merges this into the job cluster with the same key,
 * but checks each cluster for single-node settings before merging
 * (resourcemutator/resource_mutator.go: SingleNodeCluster, then
 * MergeJobClusters), so the settings of a 0-worker cluster travel with its 0.
 */
function clusterOverrideFor(env: EnvConfig, input: TargetInput): JobCluster | undefined {
  if (!('spark_version' in input.specs)) return undefined;
  const workersFromEnv = input.pipeline.config.job_cluster?.num_workers === undefined;
  const singleNode = workersFromEnv && env.cluster.num_workers === 0;
  const cluster: Record<string, unknown> = {
    ...(workersFromEnv ? { num_workers: env.cluster.num_workers } : {}),
    ...(env.cluster.policy_id ? { policy_id: env.cluster.policy_id } : {}),
    ...(singleNode ? { spark_conf: { ...SINGLE_NODE_SPARK_CONF }, custom_tags: { ...SINGLE_NODE_TAGS } } : {}),
  };
  return Object.keys(cluster).length > 0 ? { job_cluster_key: clusterKey(input.name), new_cluster: cluster } : undefined;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
