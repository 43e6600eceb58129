/**
 * The slice of the Databricks bundle format we generate. The official JSON
 * schema is the authority (tests check every output against it); these types
 * keep the generator honest about shape.
 */

export type BundleVariables = Record<string, { description: string }>;

export interface JobCluster {
  job_cluster_key: string;
  new_cluster: Record<string, unknown>;
}

export interface JobTask {
  task_key: string;
  description?: string;
  depends_on?: { task_key: string }[];
  job_cluster_key?: string;
  timeout_seconds?: number | string;
  notebook_task?: { notebook_path: string; base_parameters: Record<string, string> };
  sql_task?: { warehouse_id: string; file: { path: string }; parameters: Record<string, string> };
}

export interface JobPermission {
  group_name: string;
  level: string;
}

export interface JobResource {
  name: string;
  description?: string;
  tags: Record<string, string>;
  max_concurrent_runs: number | string;
  timeout_seconds: number;
  continuous?: { pause_status?: 'PAUSED' | 'UNPAUSED'; task_retry_mode?: 'NEVER' | 'ON_FAILURE' };
  schedule?: { quartz_cron_expression: string; timezone_id: string; pause_status?: 'PAUSED' | 'UNPAUSED' };
  job_clusters?: JobCluster[];
  tasks: JobTask[];
}

export interface TargetJobOverride {
  email_notifications: { on_failure: string[]; on_success?: string[] };
  permissions?: JobPermission[];
}

export interface BundleTarget {
  mode: 'development' | 'production';
  default?: boolean;
  workspace: { host: string; root_path: string };
  variables: Record<string, string | number>;
  resources: { jobs: Record<string, TargetJobOverride> };
}

export interface Bundle {
  bundle: { name: string };
  variables: BundleVariables;
  resources: { jobs: Record<string, JobResource> };
  targets: Record<string, BundleTarget>;
}
