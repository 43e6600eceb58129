import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkBundleRules,
  generateBundle,
  parsePipelineConfig,
  renderBundleYaml,
  resolveBundleForTarget,
  checkSqlParameters,
  deploymentSummary,
  pipelineEnvIssues,
  scanSqlParameters,
  shortUserName,
  SINGLE_NODE_SPARK_CONF,
  type Bundle,
} from '../../src/core/index.js';
import { batchConfig, filesFor, repoEnvs, repoSqlTasks, streamingConfig } from '../helpers/fixtures.js';

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

  it('dev is a development target; staging and prod are shared production targets in a fixed folder, run as a service principal', () => {
    expect(bundle.targets.dev).toMatchObject({ mode: 'development', default: true });
    expect(bundle.targets.dev!.run_as).toBeUndefined();
    for (const env of ['staging', 'prod']) {
      const t = bundle.targets[env]!;
      expect(t.mode).toBe('production');
      expect(t.default).toBeUndefined();
      expect(t.workspace.root_path).toMatch(/^\/Workspace\/Users\/[0-9a-f-]{36}\/\.bundle\/\$\{bundle\.name\}\/\$\{bundle\.target\}$/);
      expect(t.run_as).toEqual({ service_principal_name: envs[env]!.run_as!.service_principal_name });
    }
    expect(bundle.targets.prod!.git).toEqual({ branch: 'main' });
    expect(bundle.targets.staging!.git).toBeUndefined();
  });

  it('in dev every developer gets schemas and checkpoints of their own', () => {
    expect(bundle.targets.dev!.variables).toMatchObject({
      bronze_schema: 'dev_${workspace.current_user.short_name}_kafka_bronze',
      gold_schema: 'dev_${workspace.current_user.short_name}_gold_db',
      checkpoint_root: '/Volumes/loyalty_dev/ops/checkpoints/${workspace.current_user.short_name}',
    });
    expect(bundle.targets.prod!.variables).toMatchObject({ bronze_schema: 'kafka_bronze', checkpoint_root: '/Volumes/loyalty_prod/ops/checkpoints' });
    const shared = { ...envs, dev: { ...envs.dev!, catalog: { ...envs.dev!.catalog, per_user_schemas: false } } };
    const b = generateBundle({ name: 'orders', pipeline: parsePipelineConfig(JSON.stringify(streamingConfig()), 'config.json'), envs: shared });
    expect(b.targets.dev!.variables.bronze_schema).toBe('kafka_bronze');
    expect(b.targets.dev!.variables.checkpoint_root).toBe('/Volumes/loyalty_dev/ops/checkpoints/${workspace.current_user.short_name}');
  });

  it('a pipeline can name its job key (to adopt a job deployed under that key)', () => {
    const b = bundleOf(streamingConfig({ job_key: 'kafka_ingestion_to_bronze_pipeline' }));
    expect(Object.keys(b.resources.jobs)).toEqual(['kafka_ingestion_to_bronze_pipeline']);
    expect(Object.keys(b.targets.prod!.resources.jobs)).toEqual(['kafka_ingestion_to_bronze_pipeline']);
  });

  it('per-target host, catalog and cluster size come from config/<env>.yml', () => {
    expect(bundle.targets.dev!.workspace.host).toBe(envs.dev!.workspace.host);
    const workers = (t: (typeof bundle.targets)[string] | undefined) => t!.resources.jobs.orders!.job_clusters![0]!.new_cluster.num_workers;
    expect([bundle.targets.dev, bundle.targets.staging, bundle.targets.prod].map(workers)).toEqual([2, 3, 5]);
    expect(bundle.resources.jobs.orders!.job_clusters![0]!.new_cluster.num_workers).toBeUndefined();
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

  it('every target sets every declared variable but the deploy record, which deploy sets with --var', () => {
    const perTarget = Object.keys(bundle.variables).filter((v) => bundle.variables[v]!.default === undefined);
    expect(Object.keys(bundle.variables)).toEqual(expect.arrayContaining(['deployed_commit', 'deployed_content']));
    for (const t of Object.values(bundle.targets)) expect(Object.keys(t.variables).sort()).toEqual(perTarget.sort());
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
    expect(job.tasks.map((t) => t.notebook_task!.base_parameters!.checkpoint_location)).toEqual([
      '${var.checkpoint_root}/orders/ingest',
      '${var.checkpoint_root}/orders/stats',
    ]);
    expect(bundle.targets.prod!.variables.checkpoint_root).toBe('/Volumes/loyalty_prod/ops/checkpoints');
  });

  it('Kafka and target settings as job parameters, a task\'s own values on the task, secrets only as references', () => {
    const params = Object.fromEntries(job.parameters!.map((p) => [p.name, p.default]));
    expect(params).toMatchObject({
      pipeline: 'orders',
      environment: '${bundle.target}',
      catalog: '${var.catalog}',
      streaming_mode: 'continuous',
      kafka_topics: 'loyalty.orders',
      kafka_starting_offsets: 'earliest',
      kafka_bootstrap_servers_secret: 'loyalty-kafka/bootstrap-servers',
      target_table: '${var.catalog}.${var.bronze_schema}.orders_bronze',
    });
    expect(job.tasks[1]!.notebook_task!.base_parameters).toEqual({ checkpoint_location: '${var.checkpoint_root}/orders/stats', window_minutes: '15' });
    expect(job.job_clusters![0]!.new_cluster.spark_env_vars).toEqual({
      LOYALTY_KAFKA_BOOTSTRAP_SERVERS: '{{secrets/loyalty-kafka/bootstrap-servers}}',
    });
  });

  it('a scheduled streaming job takes its schedule, a queue and finite timeouts', () => {
    const b = bundleOf(streamingConfig({ continuous: false, schedule: { quartz_cron_expression: '0 0/30 * * * ?', timezone_id: 'UTC' } }));
    const j = b.resources.jobs.orders!;
    expect(j.continuous).toBeUndefined();
    expect(j.schedule).toEqual({ quartz_cron_expression: '0 0/30 * * * ?', timezone_id: 'UTC' });
    expect(j.max_concurrent_runs).toBe('${var.max_concurrent_runs}');
    expect(j.queue).toEqual({ enabled: true });
    expect(j.timeout_seconds).toBe(10800);
    expect(j.tasks[0]!.timeout_seconds).toBe('${var.task_timeout_seconds}');
    expect(j.parameters).toContainEqual({ name: 'streaming_mode', default: 'triggered' });
    expect(b.targets.dev!.variables.task_timeout_seconds).toBe(1800);
  });

  it('only a continuous job may hold a task that runs until stopped', () => {
    const tasks = [{ task_key: 'loop', notebook: 'notebooks/loop.py', continuous_only: true }];
    expect(() => bundleOf(streamingConfig({ tasks, continuous: false, schedule: { quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC' } }))).toThrow(
      /tasks\[0\]\.continuous_only: task "loop" runs until it is stopped/,
    );
    expect(bundleOf(streamingConfig({ tasks })).resources.jobs.orders!.tasks[0]!.timeout_seconds).toBe(0);
  });

  it('task libraries are pinned PyPI packages', () => {
    const b = bundleOf(streamingConfig({ tasks: [{ task_key: 'ingest', notebook: 'notebooks/ingest.py', libraries: ['psycopg[binary]==3.2.9'] }] }));
    expect(b.resources.jobs.orders!.tasks[0]!.libraries).toEqual([{ pypi: { package: 'psycopg[binary]==3.2.9' } }]);
    expect(() => bundleOf(streamingConfig({ tasks: [{ task_key: 'i', notebook: 'notebooks/i.py', libraries: ['psycopg>=3'] }] }))).toThrow(/a pinned PyPI requirement/);
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
    expect(j.parameters).toEqual(
      expect.arrayContaining([
        { name: 'postgres_instance', default: '${var.lakebase_instance}' },
        { name: 'postgres_schema', default: '${var.lakebase_schema}' },
        { name: 'postgres_table', default: 'kafka_data' },
      ]),
    );
    expect(b.targets.prod!.variables).toMatchObject({ lakebase_instance: 'loyalty-lakebase', lakebase_schema: 'gold_db' });
    expect(b.targets.dev!.variables.lakebase_schema).toBe('dev_${workspace.current_user.short_name}_gold_db');
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

  it('SQL files run as sql_task on the env warehouse with a 3 hour job timeout, a queue, retries and a schedule', () => {
    expect(job.timeout_seconds).toBe(10800);
    expect(job.queue).toEqual({ enabled: true });
    expect(job.tasks[0]!.sql_task).toEqual({ warehouse_id: '${var.warehouse_id}', file: { path: './sql/setup.sql' }, parameters: { step: 'setup' } });
    expect(job.tasks[0]).toMatchObject({ max_retries: '${var.max_retries}', min_retry_interval_millis: '${var.min_retry_interval_millis}' });
    expect([bundle.targets.dev, bundle.targets.prod].map((t) => t!.variables.max_retries)).toEqual([0, 2]);
    expect(job.parameters!.slice(0, 3)).toEqual([
      { name: 'pipeline', default: 'orders' },
      { name: 'environment', default: '${bundle.target}' },
      { name: 'catalog', default: '${var.catalog}' },
    ]);
    expect(job.schedule).toEqual({ quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC' });
    expect(bundle.targets.staging!.variables.task_timeout_seconds).toBe(3600);
    expect(job.job_clusters).toBeUndefined();
  });

  it('pipeline parameters are job parameters; a step\'s own parameters stay on its task', () => {
    const b = bundleOf(
      batchConfig({
        parameters: { bronze_table: 'events_bronze', window_days: '7' },
        execution_sequence: [
          { step: 'load', stage: 0, sql_file: 'sql/load.sql' },
          { step: 'enrich', stage: 1, notebook: 'notebooks/enrich.py', parameters: { sample_rate: '0.1' } },
        ],
      }),
    );
    const j = b.resources.jobs.orders!;
    expect(j.parameters!.slice(-2)).toEqual([
      { name: 'bronze_table', default: 'events_bronze' },
      { name: 'window_days', default: '7' },
    ]);
    expect(j.tasks[0]!.sql_task!.parameters).toEqual({ step: 'load' });
    expect(j.tasks[1]!.notebook_task!.base_parameters).toEqual({ step: 'enrich', sample_rate: '0.1' });
  });

  it('a step parameter that repeats a job parameter is refused: the job parameter would win at run time', () => {
    expect(() =>
      bundleOf(batchConfig({ parameters: { window_days: '7' }, execution_sequence: [{ step: 'a', stage: 0, sql_file: 'sql/a.sql', parameters: { window_days: '30' } }] })),
    ).toThrow(/execution_sequence\[0\]\.parameters\.window_days: "window_days" is also a pipeline parameter/);
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

  it('resolves one target: overrides merged, run_as copied in, variables filled in', () => {
    const r = resolveBundleForTarget(bundle, 'prod') as { resources: { jobs: Record<string, Record<string, unknown>> } };
    const job = r.resources.jobs.orders!;
    expect(job.name).toBe('[Loyalty2.0] [prod] Orders to Bronze');
    expect((job.job_clusters as { new_cluster: { num_workers: unknown } }[])[0]!.new_cluster.num_workers).toBe(5);
    expect(job.email_notifications).toMatchObject({ on_success: ['loyalty-data-team@example.com'] });
    expect(job.run_as).toEqual({ service_principal_name: envs.prod!.run_as!.service_principal_name });
    expect((job.continuous as { pause_status?: string }).pause_status).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('${');
  });

  it('dev shows what development mode deploys: prefixed name, dev tag, paused, per-developer data', () => {
    const r = resolveBundleForTarget(bundle, 'dev', { user: 'Jane.Doe@example.com' }) as {
      workspace: { root_path: string };
      resources: { jobs: Record<string, { name: string; tags: Record<string, string>; continuous: { pause_status: string }; parameters: { name: string; default: string }[] }> };
    };
    const job = r.resources.jobs.orders!;
    expect(job.name).toBe('[dev jane_doe] [Loyalty2.0] [dev] Orders to Bronze');
    expect(job.tags.dev).toBe('jane_doe');
    expect(job.continuous.pause_status).toBe('PAUSED');
    expect(job.parameters).toContainEqual({ name: 'bronze_schema', default: 'dev_jane_doe_kafka_bronze' });
    expect(r.workspace.root_path).toBe('/Workspace/Users/Jane.Doe@example.com/.bundle/loyalty_orders/dev');
    expect(bundle.resources.jobs.orders!.name).toBe('[Loyalty2.0] [${bundle.target}] Orders to Bronze');
    const placeholder = resolveBundleForTarget(bundle, 'dev') as typeof r;
    expect(placeholder.resources.jobs.orders!.name).toBe('[dev <you>] [Loyalty2.0] [dev] Orders to Bronze');
  });

  it('the one-line deployment summary says what the full resolution says, for every kind of job and env', () => {
    const bundles = [bundle, bundleOf(batchConfig()), bundleOf(streamingConfig({ continuous: false, schedule: { quartz_cron_expression: '0 0 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' } }))];
    for (const b of bundles) {
      for (const env of ['dev', 'staging', 'prod']) {
        const r = resolveBundleForTarget(b, env, { user: 'a.b@example.com' }) as {
          resources: { jobs: Record<string, { name: string; schedule?: { pause_status?: string }; continuous?: { pause_status?: string }; run_as?: Record<string, string> }> };
        };
        const job = Object.values(r.resources.jobs)[0]!;
        const summary = deploymentSummary(b, env, { user: 'a.b@example.com' });
        expect(summary.startsWith(`${env}: "${job.name}" · `), summary).toBe(true);
        const paused = (job.schedule ?? job.continuous)?.pause_status === 'PAUSED';
        expect(/ · (schedule paused|paused \(start by hand\)) · /.test(summary), summary).toBe(paused);
        expect(summary.endsWith(job.run_as ? `runs as ${Object.values(job.run_as)[0]}` : env === 'dev' ? 'runs as you' : 'runs as the deployer'), summary).toBe(true);
      }
    }
  });

  it('the short user name follows the CLI: local part, lower case, anything else one _', () => {
    expect(['a.b-c@x.com', 'Ünal..Çelik@x.de', '__x__@y', 'sp-name'].map(shortUserName)).toEqual(['a_b_c', 'ünal_çelik', 'x', 'sp_name']);
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

describe('checkBundleRules: how SQL files read parameters', () => {
  const cfg = batchConfig({ parameters: { bronze_table: 'events' }, execution_sequence: [{ step: 'a', stage: 0, sql_file: 'sql/a.sql', parameters: { days: '7' } }] });
  const bundle = bundleOf(cfg);
  const check = (sql: string) =>
    checkBundleRules(bundle, 'pipelines/orders', (rel) => (rel === 'sql/a.sql' ? sql : undefined)).map(
      (i) => `${i.file}:${i.location?.line ?? '-'}:${i.location?.column ?? '-'} ${i.message} — ${i.hint ?? ''}`,
    );

  it('{{name}} of a job parameter, the step\'s own parameter or a dynamic value reference is fine', () => {
    expect(check("SELECT * FROM IDENTIFIER({{catalog}} || '.' || {{ silver_schema }} || '.t') WHERE d > {{days}} AND s = {{step}} AND j = '{{job.run_id}}';")).toEqual([]);
  });

  it('an unknown {{name}} is named with the file, line and column, and the parameters there are', () => {
    expect(check('SELECT 1;\nSELECT {{catalogue}};')).toEqual([
      'pipelines/orders/sql/a.sql:2:8 {{catalogue}} is not a parameter of this job — use one of bronze_schema, bronze_table, catalog, days, environment, gold_schema, pipeline, silver_schema, step, or add "catalogue" to "parameters" in config.json',
    ]);
  });

  it(':name markers of job parameters and ${...} are refused; JSON paths, casts, strings and comments are not markers', () => {
    expect(check("SELECT * FROM IDENTIFIER(:catalog || '.t') WHERE x = ${var.catalog}")).toEqual([
      'pipelines/orders/sql/a.sql:1:26 reads the job parameter as :catalog, which a SQL file task does not fill in — write {{catalog}} instead',
      expect.stringMatching(/^pipelines\/orders\/sql\/a\.sql:1:54 \$\{var\.catalog\} is not filled in inside SQL files/),
    ]);
    const fine = "SELECT raw:catalog, v::string, ':catalog', \"${x}\" -- :catalog ${y}\n/* :step /* nested */ ${z} */ FROM t;";
    expect(check(fine)).toEqual([]);
  });

  it('every SQL file of the seed pipelines and templates (and the stub of an added step) reads job parameters as {{name}} only', async () => {
    const tasks = await repoSqlTasks();
    expect(tasks.map((t) => t.sql.file)).toEqual(expect.arrayContaining(['pipelines/kafka_traffic_pipeline/sql/setup/setup_databases.sql', 'templates/batch_sql/sql/added_step.sql']));
    for (const { sql, known } of tasks) {
      const problems: string[] = [];
      checkSqlParameters(sql.text, known, (message) => problems.push(`${sql.file}: ${message}`));
      expect(problems).toEqual([]);
      expect(scanSqlParameters(sql.text).references.length, `${sql.file} reads no parameter`).toBeGreaterThan(0);
    }
  });
});

describe('checkBundleRules: what the CLI would warn about', () => {
  const bundle = bundleOf(streamingConfig());
  const files = filesFor(streamingConfig());

  it('a shared production root path, and prod without run_as', () => {
    const broken = structuredClone(bundle);
    broken.targets.staging!.workspace.root_path = '/Workspace/Shared/.bundle/${bundle.name}/${bundle.target}';
    delete broken.targets.prod!.run_as;
    const messages = checkBundleRules(broken, 'pipelines/orders', files).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual([
      'targets.staging.workspace.root_path: is writable by all workspace users (the CLI warns on every command)',
      'targets.prod.run_as: is not set: prod jobs would run as whoever deployed them',
    ]);
  });

  it('num_workers: 0 gets the single-node settings, in the job or in the targets that ask for it', () => {
    const own = bundleOf(streamingConfig({ job_cluster: { num_workers: 0 } })).resources.jobs.orders!.job_clusters![0]!.new_cluster;
    expect(own).toMatchObject({ num_workers: 0, spark_conf: SINGLE_NODE_SPARK_CONF, custom_tags: { ResourceClass: 'SingleNode' } });
    const devSingle = { ...envs, dev: { ...envs.dev!, cluster: { ...envs.dev!.cluster, num_workers: 0, policy_id: 'ABC123' } } };
    const b = generateBundle({ name: 'orders', pipeline: parsePipelineConfig(JSON.stringify(streamingConfig()), 'config.json'), envs: devSingle });
    expect(b.targets.dev!.resources.jobs.orders!.job_clusters).toEqual([
      { job_cluster_key: 'orders_cluster', new_cluster: { num_workers: 0, policy_id: 'ABC123', spark_conf: SINGLE_NODE_SPARK_CONF, custom_tags: { ResourceClass: 'SingleNode' } } },
    ]);
    expect(b.targets.prod!.resources.jobs.orders!.job_clusters).toEqual([{ job_cluster_key: 'orders_cluster', new_cluster: { num_workers: 5 } }]);
    expect(checkBundleRules(b, 'pipelines/orders', files)).toEqual([]);
    const resolved = resolveBundleForTarget(b, 'dev') as { resources: { jobs: { orders: { job_clusters: { new_cluster: Record<string, unknown> }[] } } } };
    expect(resolved.resources.jobs.orders.job_clusters).toHaveLength(1);
    expect(resolved.resources.jobs.orders.job_clusters[0]!.new_cluster).toMatchObject({ num_workers: 0, policy_id: 'ABC123', custom_tags: { project: 'loyalty2.0', ResourceClass: 'SingleNode' } });
    // The CLI checks each cluster entry before it merges entries of one key: the settings must travel with the 0.
    b.resources.jobs.orders!.job_clusters![0]!.new_cluster.spark_conf = SINGLE_NODE_SPARK_CONF;
    b.resources.jobs.orders!.job_clusters![0]!.new_cluster.custom_tags = { ResourceClass: 'SingleNode' };
    b.targets.dev!.resources.jobs.orders!.job_clusters = [{ job_cluster_key: 'orders_cluster', new_cluster: { num_workers: 0 } }];
    expect(checkBundleRules(b, 'pipelines/orders', files).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'targets.dev.resources.jobs.orders.job_clusters[0].new_cluster: has 0 workers but not the single-node settings (the CLI warns)',
    ]);
  });

  it('health rules and their notifications come from the env monitoring thresholds', () => {
    const prod = bundle.targets.prod!.resources.jobs.orders!;
    expect(prod.health!.rules.map((r) => r.metric)).toEqual(['STREAMING_BACKLOG_SECONDS', 'STREAMING_BACKLOG_RECORDS']);
    expect(prod.email_notifications.on_streaming_backlog_exceeded).toEqual(envs.prod!.notifications.on_failure);
    expect(bundle.targets.dev!.resources.jobs.orders!.health).toBeUndefined();
    const batchProd = bundleOf(batchConfig()).targets.prod!.resources.jobs.orders!;
    expect(batchProd.health!.rules).toEqual([{ metric: 'RUN_DURATION_SECONDS', op: 'GREATER_THAN', value: envs.prod!.monitoring!.run_duration_warning_seconds }]);
    expect(batchProd.email_notifications.on_duration_warning_threshold_exceeded).toEqual(envs.prod!.notifications.on_failure);
  });
});

describe('Lakebase per environment', () => {
  const postgres = (target: Record<string, unknown>) =>
    streamingConfig({
      pipeline_type: 'streaming_to_postgres',
      target: { type: 'postgres', table: 'events', user: { secret_scope: 's', secret_key: 'u' }, password: { secret_scope: 's', secret_key: 'p' }, ...target },
    });

  it('instance, database and schema come from each env config unless the pipeline names them', () => {
    const withSchemas = Object.fromEntries(Object.entries(envs).map(([name, e]) => [name, { ...e, lakebase: { ...e.lakebase!, schema: `serving_${name}` } }]));
    const b = generateBundle({ name: 'orders', pipeline: parsePipelineConfig(JSON.stringify(postgres({})), 'config.json'), envs: withSchemas });
    expect(['dev', 'staging', 'prod'].map((env) => b.targets[env]!.variables.lakebase_instance)).toEqual(['loyalty-lakebase-dev', 'loyalty-lakebase-staging', 'loyalty-lakebase-prod']);
    expect(['dev', 'staging', 'prod'].map((env) => b.targets[env]!.variables.lakebase_schema)).toEqual([
      'dev_${workspace.current_user.short_name}_serving_dev',
      'serving_staging',
      'serving_prod',
    ]);
    expect(pipelineEnvIssues('pipelines/orders', parsePipelineConfig(JSON.stringify(postgres({})), 'config.json'), withSchemas)).toEqual([]);
  });

  it('a value neither the pipeline nor an env config gives is named per env, with both ways to fix it', () => {
    const noLakebase = { ...envs, staging: { ...envs.staging!, lakebase: undefined } };
    const issues = pipelineEnvIssues('pipelines/orders', parsePipelineConfig(JSON.stringify(postgres({ database: 'app' })), 'config.json'), noLakebase);
    expect(issues.map((i) => `${i.file} ${i.path}: ${i.message}`)).toEqual([
      'config/dev.yml lakebase.schema: is not set, and pipelines/orders/config.json writes to Lakebase without naming its schema',
      'config/staging.yml lakebase.instance: is not set, and pipelines/orders/config.json writes to Lakebase without naming its instance',
      'config/staging.yml lakebase.schema: is not set, and pipelines/orders/config.json writes to Lakebase without naming its schema',
      'config/prod.yml lakebase.schema: is not set, and pipelines/orders/config.json writes to Lakebase without naming its schema',
    ]);
    expect(issues[0]!.hint).toBe('add lakebase.schema to config/dev.yml (lakebase: { instance: <instance name>, database: databricks_postgres, schema: <schema> }), or set target.schema in pipelines/orders/config.json');
  });
});
