import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkBundleRules,
  generateBundle,
  parsePipelineConfig,
  renderBundleYaml,
  resolveBundleForTarget,
  type Bundle,
} from '../../src/core/index.js';
import { batchConfig, filesFor, repoEnvs, streamingConfig } from '../helpers/fixtures.js';

const envs = repoEnvs();

function bundleOf(config: Record<string, unknown>, name = 'orders'): Bundle {
  return generateBundle({ name, pipeline: parsePipelineConfig(JSON.stringify(config), 'config.json'), envs });
}

describe('generateBundle: common', () => {
  const bundle = bundleOf(streamingConfig());
  const job = bundle.resources.jobs.orders!;

  it('one bundle per pipeline, named after it', () => {
    expect(bundle.bundle.name).toBe('loyalty_orders');
    expect(Object.keys(bundle.resources.jobs)).toEqual(['orders']);
  });

  it('job name carries the brand and the target', () => {
    expect(job.name).toBe('[Loyalty2.0] [${bundle.target}] Orders to Bronze');
  });

  it('dev and staging are development targets, prod is production with a root_path', () => {
    expect(bundle.targets.dev).toMatchObject({ mode: 'development', default: true });
    expect(bundle.targets.staging!.mode).toBe('development');
    expect(bundle.targets.staging!.default).toBeUndefined();
    expect(bundle.targets.prod).toMatchObject({ mode: 'production', workspace: { root_path: '/Workspace/Shared/.bundle/${bundle.name}/${bundle.target}' } });
  });

  it('per-target host, catalog and cluster size come from config/<env>.yml', () => {
    expect(bundle.targets.dev!.workspace.host).toBe(envs.dev!.workspace.host);
    expect([bundle.targets.dev, bundle.targets.staging, bundle.targets.prod].map((t) => t!.variables.num_workers)).toEqual([2, 3, 5]);
    expect([bundle.targets.dev, bundle.targets.staging, bundle.targets.prod].map((t) => t!.variables.catalog)).toEqual([
      'loyalty_dev',
      'loyalty_staging',
      'loyalty_prod',
    ]);
  });

  it('failure emails everywhere, success emails only in prod; the pipeline email is added', () => {
    const b = bundleOf(streamingConfig({ notification_email: 'orders-team@example.com' }));
    const dev = b.targets.dev!.resources.jobs.orders!.email_notifications;
    const prod = b.targets.prod!.resources.jobs.orders!.email_notifications;
    expect(dev.on_failure).toEqual(['loyalty-data-dev@example.com', 'orders-team@example.com']);
    expect(dev.on_success).toBeUndefined();
    expect(prod.on_success).toEqual(['loyalty-data-team@example.com', 'orders-team@example.com']);
  });

  it('permissions from the env config', () => {
    expect(bundle.targets.prod!.resources.jobs.orders!.permissions).toEqual([
      { group_name: 'loyalty-viewers', level: 'CAN_VIEW' },
      { group_name: 'loyalty-operators', level: 'CAN_MANAGE_RUN' },
    ]);
  });

  it('every target sets every declared variable', () => {
    for (const t of Object.values(bundle.targets)) expect(Object.keys(t.variables).sort()).toEqual(Object.keys(bundle.variables).sort());
  });
});

describe('generateBundle: streaming', () => {
  const cfg = streamingConfig({
    tasks: [
      { task_key: 'ingest', notebook: 'notebooks/ingest.py' },
      { task_key: 'stats', notebook: 'notebooks/stats.py', parameters: { window_minutes: '15' } },
    ],
  });
  const bundle = bundleOf(cfg);
  const job = bundle.resources.jobs.orders!;

  it('all tasks share one job cluster, run in parallel and never time out', () => {
    expect(job.job_clusters).toHaveLength(1);
    const key = job.job_clusters![0]!.job_cluster_key;
    for (const t of job.tasks) {
      expect(t.job_cluster_key).toBe(key);
      expect(t.depends_on).toBeUndefined();
      expect(t.timeout_seconds).toBe(0);
    }
    expect(job.timeout_seconds).toBe(0);
  });

  it('continuous by default, with a single run at a time', () => {
    expect(job.continuous).toEqual({ task_retry_mode: 'ON_FAILURE' });
    expect(job.schedule).toBeUndefined();
    expect(job.max_concurrent_runs).toBe(1);
  });

  it('a checkpoint per task and per env', () => {
    expect(job.tasks.map((t) => t.notebook_task!.base_parameters.checkpoint_location)).toEqual([
      '${var.checkpoint_root}/orders/ingest',
      '${var.checkpoint_root}/orders/stats',
    ]);
    expect(bundle.targets.prod!.variables.checkpoint_root).toBe('/Volumes/loyalty_prod/ops/checkpoints');
  });

  it('Kafka and target settings as task parameters, secrets only as references', () => {
    const params = job.tasks[1]!.notebook_task!.base_parameters;
    expect(params).toMatchObject({
      kafka_topics: 'loyalty.orders',
      kafka_starting_offsets: 'earliest',
      kafka_bootstrap_servers_secret: 'loyalty-kafka/bootstrap-servers',
      target_table: '${var.catalog}.${var.bronze_schema}.orders_bronze',
      window_minutes: '15',
    });
    expect(job.job_clusters![0]!.new_cluster.spark_env_vars).toEqual({
      LOYALTY_KAFKA_BOOTSTRAP_SERVERS: '{{secrets/loyalty-kafka/bootstrap-servers}}',
    });
  });

  it('a non-continuous streaming job takes its schedule', () => {
    const b = bundleOf(streamingConfig({ continuous: false, schedule: { quartz_cron_expression: '0 0/30 * * * ?', timezone_id: 'UTC' } }));
    expect(b.resources.jobs.orders!.continuous).toBeUndefined();
    expect(b.resources.jobs.orders!.schedule).toEqual({ quartz_cron_expression: '0 0/30 * * * ?', timezone_id: 'UTC' });
    expect(b.resources.jobs.orders!.max_concurrent_runs).toBe('${var.max_concurrent_runs}');
  });

  it('Postgres target: connection as parameters, credentials as secret env vars', () => {
    const b = bundleOf(
      streamingConfig({
        pipeline_type: 'streaming_to_postgres',
        target: {
          type: 'postgres', instance: 'loyalty-lakebase', database: 'databricks_postgres', schema: 'gold_db', table: 'kafka_data',
          user: { secret_scope: 'lakebase', secret_key: 'user' }, password: { secret_scope: 'lakebase', secret_key: 'password' },
        },
      }),
    );
    const j = b.resources.jobs.orders!;
    expect(j.tasks[0]!.notebook_task!.base_parameters).toMatchObject({ postgres_instance: 'loyalty-lakebase', postgres_table: 'kafka_data' });
    expect(j.job_clusters![0]!.new_cluster.spark_env_vars).toMatchObject({ LOYALTY_POSTGRES_PASSWORD: '{{secrets/lakebase/password}}' });
    expect(JSON.stringify(b)).not.toMatch(/hunter|passw0rd/);
  });
});

describe('generateBundle: batch', () => {
  const bundle = bundleOf(batchConfig());
  const job = bundle.resources.jobs.orders!;
  const deps = Object.fromEntries(job.tasks.map((t) => [t.task_key, (t.depends_on ?? []).map((d) => d.task_key)]));

  it('stages become depends_on; steps of one stage run in parallel', () => {
    expect(deps).toEqual({ setup: [], clean: ['setup'], summary: ['setup'], gold: ['clean', 'summary'] });
  });

  it('explicit depends_on wins over the stage default', () => {
    const b = bundleOf(
      batchConfig({
        execution_sequence: [
          { step: 'setup', stage: 0, sql_file: 'sql/setup.sql' },
          { step: 'a', stage: 1, sql_file: 'sql/a.sql' },
          { step: 'b', stage: 1, sql_file: 'sql/b.sql' },
          { step: 'gold', stage: 2, sql_file: 'sql/gold.sql', depends_on: ['a'] },
        ],
      }),
    );
    expect(b.resources.jobs.orders!.tasks[3]!.depends_on).toEqual([{ task_key: 'a' }]);
  });

  it('SQL files run as sql_task on the env warehouse with a 3 hour job timeout and a schedule', () => {
    expect(job.timeout_seconds).toBe(10800);
    expect(job.tasks[0]!.sql_task).toMatchObject({ warehouse_id: '${var.warehouse_id}', file: { path: './sql/setup.sql' } });
    expect(job.tasks[0]!.sql_task!.parameters).toMatchObject({ catalog: '${var.catalog}', silver_schema: '${var.silver_schema}' });
    expect(job.schedule).toEqual({ quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC' });
    expect(bundle.targets.staging!.variables.task_timeout_seconds).toBe(3600);
    expect(job.job_clusters).toBeUndefined();
  });

  it('pipeline parameters go to every step; a step\'s own parameters win', () => {
    const b = bundleOf(
      batchConfig({
        parameters: { bronze_table: 'events_bronze', window_days: '7' },
        execution_sequence: [
          { step: 'load', stage: 0, sql_file: 'sql/load.sql' },
          { step: 'enrich', stage: 1, notebook: 'notebooks/enrich.py', parameters: { window_days: '30' } },
        ],
      }),
    );
    const [load, enrich] = b.resources.jobs.orders!.tasks;
    expect(load!.sql_task!.parameters).toMatchObject({ catalog: '${var.catalog}', step: 'load', bronze_table: 'events_bronze', window_days: '7' });
    expect(enrich!.notebook_task!.base_parameters).toMatchObject({ step: 'enrich', bronze_table: 'events_bronze', window_days: '30' });
  });

  it('notebook steps run on a job cluster', () => {
    const b = bundleOf(batchConfig({ execution_sequence: [{ step: 'enrich', stage: 0, notebook: 'notebooks/enrich.py' }] }));
    const j = b.resources.jobs.orders!;
    expect(j.job_clusters).toHaveLength(1);
    expect(j.tasks[0]).toMatchObject({ job_cluster_key: j.job_clusters![0]!.job_cluster_key, notebook_task: { notebook_path: './notebooks/enrich.py' } });
  });
});

describe('renderBundleYaml and resolveBundleForTarget', () => {
  const bundle = bundleOf(streamingConfig());
  const yaml = renderBundleYaml('orders', bundle);

  it('is deterministic and starts with a generated-file header', () => {
    expect(renderBundleYaml('orders', bundleOf(streamingConfig()))).toBe(yaml);
    expect(yaml.split('\n')[0]).toMatch(/^# Generated by loyalty-wizard from pipelines\/orders\/config\.json/);
  });

  it('parses back to the same object', () => {
    expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(bundle)));
  });

  it('resolves one target: overrides merged, variables filled in', () => {
    const r = resolveBundleForTarget(bundle, 'prod') as { resources: { jobs: Record<string, Record<string, unknown>> } };
    const job = r.resources.jobs.orders!;
    expect(job.name).toBe('[Loyalty2.0] [prod] Orders to Bronze');
    expect((job.job_clusters as { new_cluster: { num_workers: unknown } }[])[0]!.new_cluster.num_workers).toBe(5);
    expect(job.email_notifications).toMatchObject({ on_success: ['loyalty-data-team@example.com'] });
    expect(JSON.stringify(r)).not.toContain('${var.');
  });
});

describe('checkBundleRules', () => {
  const cfg = batchConfig({ execution_sequence: [{ step: 'a', stage: 0, sql_file: 'sql/a.sql' }, { step: 'n', stage: 1, notebook: 'notebooks/n.py' }] });
  const bundle = bundleOf(cfg);

  it('passes when every file exists with the right header', () => {
    expect(checkBundleRules(bundle, 'pipelines/orders', filesFor(cfg))).toEqual([]);
  });

  it('a missing file, a notebook without its header, a SQL notebook for sql_task', () => {
    const files: Record<string, string> = { 'notebooks/n.py': 'print(1)\n' };
    const issues = checkBundleRules(bundle, 'pipelines/orders', (rel) => files[rel]);
    expect(issues.map((i) => `${i.file} ${i.path} ${i.message}`)).toEqual([
      'pipelines/orders/databricks.yml resources.jobs.orders.tasks[0].sql_task.file.path file "sql/a.sql" does not exist',
      'pipelines/orders/notebooks/n.py  is not a Databricks notebook: its first line must be "# Databricks notebook source"',
    ]);
    files['sql/a.sql'] = '-- Databricks notebook source\nSELECT 1';
    expect(checkBundleRules(bundle, 'pipelines/orders', (rel) => files[rel])[0]!.message).toBe('is a SQL notebook, but sql_task needs a plain SQL file');
  });

  it('undefined job cluster keys, production without root_path, bad modes', () => {
    const broken = structuredClone(bundle);
    broken.resources.jobs.orders!.tasks[1]!.job_cluster_key = 'nope';
    broken.targets.prod!.workspace.root_path = '';
    (broken.targets.staging as { mode: string }).mode = 'staging';
    const messages = checkBundleRules(broken, 'pipelines/orders', filesFor(cfg)).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain('targets.staging.mode: unsupported mode "staging"');
    expect(messages).toContain("targets.prod.workspace.root_path: is required with 'mode: production'");
    expect(messages).toContain('resources.jobs.orders.tasks[1].job_cluster_key: job cluster "nope" is not defined in job_clusters');
  });
});
