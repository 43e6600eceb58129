import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvConfig, type EnvConfigs } from '../../src/core/index.js';

export const REPO = join(import.meta.dirname, '..', '..');

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
