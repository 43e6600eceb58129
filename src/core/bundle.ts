/**
 * The slice of the Databricks bundle format we generate. The official JSON
 * schema is the authority (tests check every output against it); these types
 * keep the generator honest about shape.
 */

/** A variable with a `default` is set at deploy time (`--var`), not per target. */
export type BundleVariables = Record<string, { description: string; default?: string }>;

export interface JobCluster {
  job_cluster_key: string;
  new_cluster: Record<string, unknown>;
}

/** A job-level parameter: every task receives it, and `bundle run --params` may override it. */
export interface JobParameter {
  name: string;
  default: string;
}

export interface JobTask {
  task_key: string;
  description?: string;
  depends_on?: { task_key: string }[];
  job_cluster_key?: string;
  libraries?: { pypi: { package: string } }[];
  timeout_seconds?: number | string;
  max_retries?: number | string;
  min_retry_interval_millis?: number | string;
  notebook_task?: { notebook_path: string; base_parameters?: Record<string, string> };
  sql_task?: { warehouse_id: string; file: { path: string }; parameters?: Record<string, string> };
}

export interface Principal {
  user_name?: string;
  group_name?: string;
  service_principal_name?: string;
}

export interface JobPermission extends Principal {
  level: string;
}

export interface HealthRule {
  metric: 'RUN_DURATION_SECONDS' | 'STREAMING_BACKLOG_SECONDS' | 'STREAMING_BACKLOG_RECORDS';
  op: 'GREATER_THAN';
  value: number;
}

export type PauseStatus = 'PAUSED' | 'UNPAUSED';

export interface JobResource {
  name: string;
  description?: string;
  tags: Record<string, string>;
  max_concurrent_runs: number | string;
  timeout_seconds: number;
  queue?: { enabled: boolean };
  parameters?: JobParameter[];
  continuous?: { pause_status?: PauseStatus; task_retry_mode?: 'NEVER' | 'ON_FAILURE' };
  schedule?: { quartz_cron_expression: string; timezone_id: string; pause_status?: PauseStatus };
  job_clusters?: JobCluster[];
  tasks: JobTask[];
}

export interface EmailNotifications {
  on_failure: string[];
  on_success?: string[];
  on_duration_warning_threshold_exceeded?: string[];
  on_streaming_backlog_exceeded?: string[];
}

/** What one target changes in a job: merged into it by the CLI (lists of clusters by job_cluster_key). */
export interface TargetJobOverride {
  email_notifications: EmailNotifications;
  health?: { rules: HealthRule[] };
  job_clusters?: JobCluster[];
  permissions?: JobPermission[];
}

export interface BundleTarget {
  mode: 'development' | 'production';
  default?: boolean;
  workspace: { host: string; root_path: string };
  git?: { branch: string };
  run_as?: Principal;
  variables: Record<string, string | number>;
  resources: { jobs: Record<string, TargetJobOverride> };
}

export interface Bundle {
  bundle: { name: string };
  variables: BundleVariables;
  resources: { jobs: Record<string, JobResource> };
  targets: Record<string, BundleTarget>;
}
