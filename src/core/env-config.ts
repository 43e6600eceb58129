import * as z from 'zod';
import { ENV_NAMES, IDENTIFIER_PATTERN, IDENTIFIER_RULE } from './names.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, IDENTIFIER_RULE);
const email = z.email('an email address, e.g. data-team@example.com');
const principalName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .regex(/^(?!.*\$\{)[^\u0000-\u001f\u007f]+$/, 'a user name, group name or service principal application id: one line, no "${"');

/** The levels a job's permissions accept (the bundle schema's jobs.JobPermissionLevel). */
export const JOB_PERMISSION_LEVELS = ['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE', 'IS_OWNER'] as const;

/** One grant: exactly one of user_name, group_name, service_principal_name (checked after parsing). */
export const permissionSchema = z.strictObject({
  user_name: principalName.optional().describe('A workspace user, e.g. someone@example.com'),
  group_name: principalName.optional().describe('A workspace group, e.g. loyalty-operators'),
  service_principal_name: principalName.optional().describe('A service principal, by its application id'),
  level: z.enum(JOB_PERMISSION_LEVELS).describe('CAN_VIEW, CAN_MANAGE_RUN, CAN_MANAGE or IS_OWNER (one owner, a user or service principal)'),
});

/** Who the jobs run as: exactly one of the two (checked after parsing). */
export const runAsSchema = z
  .strictObject({
    service_principal_name: principalName.optional().describe('Application id of the service principal the jobs run as'),
    user_name: principalName.optional().describe('A user the jobs run as (a service principal is the better choice)'),
  })
  .describe('Identity the jobs run as, instead of whoever deployed them');

/** `config/<env>.yml`: everything that differs between dev, staging and prod. */
export const envConfigSchema = z.strictObject({
  environment: z.enum(ENV_NAMES).describe('dev, staging or prod; must match the file name'),
  mode: z
    .enum(['development', 'production'])
    .describe('Bundle target mode: development for dev (a copy per developer), production for staging and prod (one shared copy)'),
  workspace: z.strictObject({
    host: z
      .url({ protocol: /^https$/, error: 'an https:// workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net' })
      .describe('The Databricks workspace URL for this environment'),
    root_path: z
      .string()
      .min(1)
      .describe(
        'Where bundle files and deployment state live; must contain ${bundle.name}. Development: ~/.bundle/${bundle.name}/${bundle.target}. Production: /Workspace/Users/<deploying principal>/.bundle/${bundle.name}/${bundle.target}',
      ),
  }),
  run_as: runAsSchema.optional(),
  git: z
    .strictObject({ branch: z.string().trim().min(1).max(255).regex(/^[^\s~^:?*[\\]+$/, 'a Git branch name, e.g. main or release') })
    .optional()
    .describe('Production only: deploy only from this Git branch (the Databricks CLI refuses other branches unless --force)'),
  catalog: z.strictObject({
    name: identifier.describe('Unity Catalog catalog, e.g. loyalty_dev'),
    schemas: z.strictObject({
      bronze: identifier,
      silver: identifier,
      gold: identifier,
    }),
    per_user_schemas: z
      .boolean()
      .optional()
      .describe('Development only (default true there): each developer gets dev_<short user name>_<schema>, so no two developers share tables'),
  }),
  cluster: z.strictObject({
    spark_version: z.string().regex(/^\d+\.\d+\.x-/, 'a Databricks runtime key, e.g. 15.4.x-scala2.12'),
    node_type_id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a node type of this workspace's cloud, e.g. i3.xlarge (AWS), Standard_D4ds_v5 (Azure), n2-highmem-4 (GCP)"),
    num_workers: z.int().min(0).max(1000).describe('0 gives a single-node cluster'),
    autotermination_minutes: z.int().min(10).max(10000),
    data_security_mode: z.enum(['USER_ISOLATION', 'SINGLE_USER', 'DATA_SECURITY_MODE_STANDARD', 'DATA_SECURITY_MODE_DEDICATED']),
    policy_id: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'a cluster policy id, e.g. 0012ABCDEF345678')
      .optional()
      .describe('A cluster policy every job cluster of this environment uses'),
  }),
  pipeline_defaults: z.strictObject({
    task_timeout_seconds: z
      .int()
      .min(60)
      .max(172800)
      .describe('Per-task timeout of batch steps and scheduled streaming tasks; continuous streaming tasks never time out'),
    checkpoint_root: z
      .string()
      .regex(/^(\/Volumes\/|dbfs:\/|s3:\/\/|abfss:\/\/|gs:\/\/)[^\s${}]*$/, 'a Volumes path or cloud URI, e.g. /Volumes/loyalty_dev/ops/checkpoints')
      .describe('Streaming checkpoints go to <checkpoint_root>/<pipeline>/<task_key> (in development: <checkpoint_root>/<short user name>/…)'),
    max_concurrent_runs: z.int().min(1).max(1000),
    max_retries: z.int().min(0).max(10).default(0).describe('Retries of a failed batch step'),
    min_retry_interval_millis: z.int().min(0).max(3_600_000).default(60_000).describe('Wait before a batch step is retried'),
  }),
  lakebase: z
    .strictObject({
      instance: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a Lakebase instance name: lowercase letters, digits and -'),
      database: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a Postgres database name: lowercase letters, digits and _, at most 63 characters'),
      schema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a Postgres schema name: lowercase letters, digits and _, at most 63 characters')
        .optional()
        .describe('Schema for pipelines whose target names none (dev_<short user name>_<schema> in development)'),
    })
    .optional()
    .describe('The Lakebase instance, database and (optionally) schema Postgres pipelines write to in this environment'),
  sql_warehouse_id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'a SQL warehouse id: 16 hex characters, from the warehouse\'s "Connection details"')
    .describe('The SQL warehouse that runs batch SQL steps: a Pro or Serverless warehouse (SQL file tasks do not run on Classic)'),
  notifications: z.strictObject({
    on_failure: z.array(email).min(1, 'at least one address: failures must reach someone'),
    on_success: z.array(email).default([]),
    on_warning: z.array(email).optional().describe('Who hears of runs over the monitoring thresholds; default: on_failure'),
  }),
  monitoring: z
    .strictObject({
      run_duration_warning_seconds: z.int().min(60).max(172800).optional().describe('Warn when a batch or scheduled run takes longer'),
      streaming_backlog_seconds: z.int().min(1).max(86400).optional().describe('Warn when a stream is this many seconds behind Kafka'),
      streaming_backlog_records: z.int().min(1).optional().describe('Warn when a stream is this many records behind Kafka'),
    })
    .optional()
    .describe('Job health rules and their notifications; required in prod'),
  permissions: z.array(permissionSchema).default([]),
});

export type EnvConfig = z.output<typeof envConfigSchema>;
export type EnvConfigs = Readonly<Record<string, EnvConfig>>;
export type Permission = z.output<typeof permissionSchema>;
export type RunAs = z.output<typeof runAsSchema>;

/** The principal a grant or run_as names: its key and value. */
export function principalOf(p: Partial<Record<'user_name' | 'group_name' | 'service_principal_name', string>>): { key: 'user_name' | 'group_name' | 'service_principal_name'; name: string } | undefined {
  const set = (['user_name', 'group_name', 'service_principal_name'] as const).filter((k) => p[k] !== undefined);
  return set.length === 1 ? { key: set[0]!, name: p[set[0]!]! } : undefined;
}

/** Development targets give each developer their own schemas unless the env config says otherwise. */
export function usesPerUserSchemas(env: EnvConfig): boolean {
  return env.mode === 'development' && env.catalog.per_user_schemas !== false;
}
