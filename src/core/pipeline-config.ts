import * as z from 'zod';
import { IDENTIFIER_PATTERN, IDENTIFIER_RULE, KEY_PATTERN, KEY_RULE } from './names.js';
import { quartzCronProblem, timeZoneProblem } from './schedule-rules.js';
import { secretRefSchema } from './secrets.js';

const identifier = z.string().regex(IDENTIFIER_PATTERN, IDENTIFIER_RULE);
const key = z.string().regex(KEY_PATTERN, KEY_RULE);
const relativeFile = (ext: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9_./-]+\\${ext}$`),
      `a ${ext} file path relative to the pipeline folder, inside it, e.g. ${example}`,
    );

/** Display names end up in the job name, where the CLI would interpolate `${...}`. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'a display name, e.g. "Orders to Bronze"')
  .max(200)
  .regex(/^(?![\s\S]*\$\{)/, 'must not contain "${": the Databricks CLI would read it as a variable reference; drop the $ or use another character')
  .regex(/^[^\r\n\t]*$/, 'must be one line: remove line breaks and tabs');

/** A schema check from a rule that says what is wrong (the same rule template answers use). */
const ruled = (problem: (value: string) => string | undefined) => (value: string, ctx: z.core.$RefinementCtx<string>) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: 'custom', message, input: value });
};

const quartzCron = z
  .string()
  .trim()
  .superRefine(ruled(quartzCronProblem));

const timezone = z.string().superRefine(ruled(timeZoneProblem));

export const scheduleSchema = z.strictObject({
  quartz_cron_expression: quartzCron,
  timezone_id: timezone,
  pause_status: z.enum(['PAUSED', 'UNPAUSED']).optional(),
});

export const jobClusterOverridesSchema = z
  .strictObject({
    spark_version: z.string().regex(/^\d+\.\d+\.x-/, 'a Databricks runtime key, e.g. 15.4.x-scala2.12').optional(),
    node_type_id: z.string().min(1).optional(),
    num_workers: z.int().min(0).max(1000).optional(),
    spark_conf: z.record(z.string(), z.string()).optional(),
    spark_env_vars: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in UPPER_SNAKE_CASE'), z.string()).optional(),
  })
  .describe('Overrides of the environment cluster defaults for this pipeline');

const tagsSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_.:-]{1,127}$/, 'a tag key: letters, digits, _ . : - only'),
  z.string().max(255),
);

/** JSON Schema's own comment keyword: notes for people, ignored by the product. */
const commentField = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]).optional();

const commonFields = {
  $schema: z.string().optional(),
  $comment: commentField,
  job_key: key
    .optional()
    .describe('Key of the job in the bundle (default: the folder name); set it to adopt an existing job deployed under another key'),
  pipeline_name: displayNameSchema.describe('Display name; the job is named "[Loyalty2.0] [<env>] <pipeline_name>"'),
  description: z.string().max(1000).default(''),
  notification_email: z.email('an email address, e.g. data-team@example.com').optional(),
  max_concurrent_runs: z.int().min(1).max(1000).optional(),
  tags: tagsSchema.default({}),
  job_cluster: jobClusterOverridesSchema.optional(),
};

export const kafkaSourceSchema = z.strictObject({
  $comment: commentField,
  bootstrap_servers: secretRefSchema('Kafka bootstrap server list'),
  topics: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name: letters, digits, . _ - only')).min(1),
  starting_offsets: z.enum(['earliest', 'latest']).default('latest'),
  security_protocol: z.enum(['PLAINTEXT', 'SSL', 'SASL_SSL', 'SASL_PLAINTEXT']).default('SASL_SSL'),
  sasl_mechanism: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']).default('PLAIN').describe('Used with SASL_SSL / SASL_PLAINTEXT'),
  sasl_username: secretRefSchema('Kafka SASL username').optional(),
  sasl_password: secretRefSchema('Kafka SASL password').optional(),
  max_offsets_per_trigger: z.int().min(1).optional(),
});

export const deltaTargetSchema = z.strictObject({
  type: z.literal('delta'),
  layer: z.enum(['bronze', 'silver', 'gold']).default('bronze').describe("Which of the environment's schemas the table lives in"),
  schema: identifier.optional().describe("Overrides the layer's schema name, e.g. kafka_bronze"),
  table: identifier,
});

/** Postgres truncates identifiers at 63 bytes; longer ones would silently collide. */
const pgIdentifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a Postgres identifier: lowercase letters, digits and _, at most 63 characters');

export const postgresTargetSchema = z.strictObject({
  type: z.literal('postgres'),
  instance: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a Lakebase instance name: lowercase letters, digits and -')
    .optional()
    .describe("Default: lakebase.instance of each environment's config"),
  database: pgIdentifier.optional().describe("Default: lakebase.database of each environment's config"),
  schema: pgIdentifier
    .optional()
    .describe("Default: lakebase.schema of each environment's config. In development each developer gets dev_<short user name>_<schema>"),
  table: pgIdentifier,
  user: secretRefSchema('Postgres user name'),
  password: secretRefSchema('Postgres password'),
});

export const streamingTaskSchema = z.strictObject({
  task_key: key,
  notebook: relativeFile('.py', 'notebooks/ingest.py'),
  description: z.string().max(1000).optional(),
  parameters: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name'), z.string()).default({}),
  libraries: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\[[A-Za-z0-9._,-]{1,100}\])?==[0-9][A-Za-z0-9.+!_-]{0,49}$/,
          'a pinned PyPI requirement, name==version, e.g. psycopg[binary]==3.2.9',
        ),
    )
    .max(50)
    .optional()
    .describe('PyPI packages installed on the job cluster before the task starts, each pinned to one version'),
  continuous_only: z
    .boolean()
    .optional()
    .describe('The task runs until it is stopped, so it may only be part of a continuous job'),
});

/** Databricks allows at most 1000 tasks in one job; each task or step here becomes one. */
export const MAX_TASKS_PER_JOB = 1000;
const TOO_MANY_TASKS = {
  error: (issue: { readonly input?: unknown }) =>
    `has ${Array.isArray(issue.input) ? issue.input.length : 'more than 1000'} items, and Databricks allows at most ${MAX_TASKS_PER_JOB} tasks per job: split it into several pipelines`,
};

export const streamingPipelineSchema = z.strictObject({
  ...commonFields,
  pipeline_type: z.enum(['streaming_to_delta', 'streaming_to_postgres']),
  kafka_source: kafkaSourceSchema,
  target: z.discriminatedUnion('type', [deltaTargetSchema, postgresTargetSchema]),
  continuous: z.boolean().default(true).describe('Run as a continuous job, restarted when it stops'),
  schedule: scheduleSchema.optional(),
  tasks: z.array(streamingTaskSchema).min(1, 'at least one task').max(MAX_TASKS_PER_JOB, TOO_MANY_TASKS),
});

export const batchStepSchema = z
  .strictObject({
    step: key.describe('The task key of this step'),
    stage: z.int().min(0).max(99).describe('Steps of the same stage run in parallel, after the previous stage'),
    sql_file: relativeFile('.sql', 'sql/silver/clean.sql').optional(),
    notebook: relativeFile('.py', 'notebooks/enrich.py').optional(),
    depends_on: z.array(key).optional().describe('Explicit dependencies; default: every step of the previous stage'),
    layer: z.enum(['setup', 'bronze', 'silver', 'gold']).optional(),
    description: z.string().max(1000).optional(),
    parameters: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name'), z.string())
      .optional()
      .describe('Named parameters of this step only ({{name}} in its SQL file, or notebook widgets); names must differ from the job parameters'),
  });

export const batchPipelineSchema = z.strictObject({
  ...commonFields,
  pipeline_type: z.literal('batch_sql'),
  schedule: scheduleSchema,
  parameters: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name'), z.string())
    .optional()
    .describe('Job parameters every step receives ({{name}} in SQL files), e.g. the bronze table a silver step reads; override them for one run with deploy --run --params'),
  execution_sequence: z.array(batchStepSchema).min(1, 'at least one step').max(MAX_TASKS_PER_JOB, TOO_MANY_TASKS),
});

export type StreamingPipelineConfig = z.output<typeof streamingPipelineSchema>;
export type BatchPipelineConfig = z.output<typeof batchPipelineSchema>;
export type BatchStep = z.output<typeof batchStepSchema>;
export type PipelineConfig = StreamingPipelineConfig | BatchPipelineConfig;

/**
 * For editors: one schema that accepts either kind. Validation in the product
 * goes through detection first, so errors speak of one kind only.
 */
export const pipelineConfigSchema = z.union([streamingPipelineSchema, batchPipelineSchema]);
