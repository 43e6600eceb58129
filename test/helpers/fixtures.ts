import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvConfig, type EnvConfigs } from '../../src/core/index.js';

export const REPO = join(import.meta.dirname, '..', '..');

/**
 * The pipelines the repository ships. Tests copy these and never the pipelines a user added beside them: a
 * checkout people work in has pipelines of their own (one may even be named like a README example).
 */
export const SHIPPED_PIPELINES = ['gap_injection_with_kafka', 'kafka_to_lakebase', 'kafka_traffic_pipeline'] as const;

/** Copy parts of the repository (config, templates, schemas, pipelines: only the shipped ones) into `dir`. */
export function copyProjectParts(dir: string, parts: readonly string[]): void {
  for (const part of parts) {
    if (part !== 'pipelines') cpSync(join(REPO, part), join(dir, part), { recursive: true });
    else {
      mkdirSync(join(dir, 'pipelines'), { recursive: true });
      for (const name of SHIPPED_PIPELINES) cpSync(join(REPO, 'pipelines', name), join(dir, 'pipelines', name), { recursive: true });
    }
  }
}

export function repoEnvs(): EnvConfigs {
  const envs: Record<string, ReturnType<typeof parseEnvConfig>> = {};
  for (const env of ['dev', 'staging', 'prod']) {
    const file = `config/${env}.yml`;
    envs[env] = parseEnvConfig(readFileSync(join(REPO, file), 'utf8'), file, env);
  }
  return envs;
}

export function streamingConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pipeline_name: 'Orders to Bronze',
    pipeline_type: 'streaming_to_delta',
    description: 'Orders events into bronze',
    kafka_source: {
      bootstrap_servers: { secret_scope: 'loyalty-kafka', secret_key: 'bootstrap-servers' },
      topics: ['loyalty.orders'],
      starting_offsets: 'earliest',
      security_protocol: 'SSL',
    },
    target: { type: 'delta', layer: 'bronze', table: 'orders_bronze' },
    tasks: [{ task_key: 'ingest_orders', notebook: 'notebooks/ingest.py' }],
    ...overrides,
  };
}

export function batchConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pipeline_name: 'Orders ETL',
    pipeline_type: 'batch_sql',
    schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC' },
    execution_sequence: [
      { step: 'setup', stage: 0, sql_file: 'sql/setup.sql' },
      { step: 'clean', stage: 1, sql_file: 'sql/clean.sql' },
      { step: 'summary', stage: 1, sql_file: 'sql/summary.sql' },
      { step: 'gold', stage: 2, sql_file: 'sql/gold.sql' },
    ],
    ...overrides,
  };
}

export const NOTEBOOK = '# Databricks notebook source\nprint("hi")\n';
export const SQL = 'SELECT 1;\n';

/** A reader for the in-memory files a fixture pipeline references. */
export function filesFor(config: Record<string, unknown>): (rel: string) => string | undefined {
  const files = new Map<string, string>();
  for (const t of (config.tasks as { notebook: string }[] | undefined) ?? []) files.set(t.notebook, NOTEBOOK);
  for (const s of (config.execution_sequence as { sql_file?: string; notebook?: string }[] | undefined) ?? []) {
    if (s.sql_file) files.set(s.sql_file, SQL);
    if (s.notebook) files.set(s.notebook, NOTEBOOK);
  }
  return (rel) => files.get(rel);
}

/**
 * Every Databricks SQL file a sql_task of the repo runs: the seed pipelines' and
 * those a fresh pipeline from each template gets (its own files, plus the stub of
 * a step added in the wizard), each with the parameters its task receives.
 */
export async function repoSqlTasks(): Promise<{ sql: { file: string; text: string }; known: Set<string> }[]> {
  const { diskSource, loadEnvConfigs } = await import('../../src/project/project.js');
  const { listTemplateIds, loadTemplate } = await import('../../src/project/templates.js');
  const { buildPipeline, preparePipeline } = await import('../../src/core/assemble-pipeline.js');
  const { resolveAnswers } = await import('../../src/core/index.js');
  const envs = loadEnvConfigs(REPO);
  const out: { sql: { file: string; text: string }; known: Set<string> }[] = [];
  const collect = (dir: string, bundle: import('../../src/core/index.js').Bundle, read: (rel: string) => string | undefined) => {
    for (const job of Object.values(bundle.resources.jobs)) {
      for (const task of job.tasks) {
        if (!task.sql_task) continue;
        const rel = task.sql_task.file.path.replace(/^\.\//, '');
        const known = new Set([...(job.parameters ?? []).map((p) => p.name), ...Object.keys(task.sql_task.parameters ?? {})]);
        out.push({ sql: { file: `${dir}/${rel}`, text: read(rel)! }, known });
      }
    }
  };
  for (const name of SHIPPED_PIPELINES) {
    const source = diskSource(REPO, name);
    collect(`pipelines/${name}`, buildPipeline(source, envs).bundle, source.readFile);
  }
  for (const id of listTemplateIds(REPO)) {
    const template = loadTemplate(REPO, id);
    const steps = template.manifest.questions.find((q) => q.type === 'steps');
    const given = steps ? { [steps.key]: [...(steps.default as unknown[]), { step: 'added_step', stage: 9 }] } : {};
    const { answers } = resolveAnswers(template.manifest, `fresh_${id}`, given as never, true);
    const prepared = preparePipeline(template, `fresh_${id}`, answers, envs);
    collect(`templates/${id}`, prepared.built.bundle, (rel) => prepared.files.get(rel));
  }
  return out;
}
