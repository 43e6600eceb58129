import * as z from 'zod';
import { ENV_NAMES, IDENTIFIER_PATTERN, IDENTIFIER_RULE } from './names.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, IDENTIFIER_RULE);
const email = z.email('an email address, e.g. data-team@example.com');

/** `config/<env>.yml`: everything that differs between dev, staging and prod. */
export const envConfigSchema = z.strictObject({
  environment: z.enum(ENV_NAMES).describe('dev, staging or prod; must match the file name'),
  mode: z
    .enum(['development', 'production'])
    .describe('Bundle target mode: development for dev and staging, production for prod'),
  workspace: z.strictObject({
    host: z
      .url({ protocol: /^https$/, error: 'an https:// workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net' })
      .describe('The Databricks workspace URL for this environment'),
    root_path: z
      .string()
      .min(1)
      .describe('Where bundle files are deployed; ${bundle.name} and ${bundle.target} are filled in by the CLI'),
  }),
  catalog: z.strictObject({
    name: identifier.describe('Unity Catalog catalog, e.g. loyalty_dev'),
    schemas: z.strictObject({
      bronze: identifier,
      silver: identifier,
      gold: identifier,
    }),
  }),
  cluster: z.strictObject({
    spark_version: z.string().regex(/^\d+\.\d+\.x-/, 'a Databricks runtime key, e.g. 15.4.x-scala2.12'),
    node_type_id: z.string().min(1),
    num_workers: z.int().min(0).max(1000),
    autotermination_minutes: z.int().min(10).max(10000),
    data_security_mode: z.enum(['USER_ISOLATION', 'SINGLE_USER', 'DATA_SECURITY_MODE_STANDARD', 'DATA_SECURITY_MODE_DEDICATED']),
  }),
  pipeline_defaults: z.strictObject({
    task_timeout_seconds: z
      .int()
      .min(60)
      .max(172800)
      .describe('Per-task timeout for batch steps; streaming tasks never time out'),
    checkpoint_root: z
      .string()
      .regex(/^(\/Volumes\/|dbfs:\/|s3:\/\/|abfss:\/\/|gs:\/\/)/, 'a Volumes path or cloud URI, e.g. /Volumes/loyalty_dev/ops/checkpoints')
      .describe('Streaming checkpoints go to <checkpoint_root>/<pipeline>/<task_key>'),
    max_concurrent_runs: z.int().min(1).max(1000),
  }),
  sql_warehouse_id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'a SQL warehouse id: 16 hex characters, from the warehouse\'s "Connection details"')
    .describe('The SQL warehouse that runs batch SQL steps'),
  notifications: z.strictObject({
    on_failure: z.array(email).min(1, 'at least one address: failures must reach someone'),
    on_success: z.array(email).default([]),
  }),
  permissions: z
    .array(
      z.strictObject({
        group_name: z.string().min(1),
        level: z.enum(['CAN_VIEW', 'CAN_MANAGE_RUN', 'CAN_MANAGE']),
      }),
    )
    .default([]),
});

export type EnvConfig = z.output<typeof envConfigSchema>;
export type EnvConfigs = Readonly<Record<string, EnvConfig>>;
