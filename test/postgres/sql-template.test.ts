/**
 * The placeholder convention of pipelines/kafka_to_lakebase/sql/postgres, checked
 * without a database: the renderer the Postgres tests use, the SQL files themselves,
 * and the notebook that renders them in Databricks must all agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS, SQL_DIR, lakebaseIdentifiers, placeholdersIn, quoteIdentifier, readSqlFile, renderSql } from './sql-template.js';

const NOTEBOOKS = join(SQL_DIR, '..', '..', 'notebooks');

describe('renderSql', () => {
  it('replaces placeholders with double-quoted identifiers', () => {
    expect(renderSql('SELECT * FROM {schema}.{table}', { schema: 'gold_db', table: 'kafka_data' })).toBe('SELECT * FROM "gold_db"."kafka_data"');
  });

  it('doubles quotes inside names, so a name can never end the identifier early', () => {
    expect(renderSql('DROP TABLE {table}', { table: 'x"; DROP SCHEMA public; --' })).toBe('DROP TABLE "x""; DROP SCHEMA public; --"');
    expect(quoteIdentifier('Kafka Data')).toBe('"Kafka Data"');
  });

  it('turns doubled braces into literal ones, as psycopg does', () => {
    expect(renderSql("SELECT '{{}}'::jsonb, {table}", { table: 't' })).toBe(`SELECT '{}'::jsonb, "t"`);
  });

  it('refuses unknown or missing placeholders, lone braces, and names Postgres would truncate', () => {
    expect(() => renderSql('SELECT {tabel}', { table: 't' })).toThrow(/unknown placeholder \{tabel\}/);
    expect(() => renderSql('SELECT {stats_table}', { table: 't' })).toThrow(/no identifier given for placeholder \{stats_table\}/);
    expect(() => renderSql('SELECT {table!r}', { table: 't' })).toThrow(/not a placeholder/);
    expect(() => renderSql('SELECT {table', { table: 't' })).toThrow(/unclosed/);
    expect(() => renderSql('SELECT table}', { table: 't' })).toThrow(/single "\}"/);
    expect(() => renderSql('SELECT {table}', { table: 'x'.repeat(64) })).toThrow(/longer than 63 bytes/);
    expect(() => renderSql('SELECT {table}', { table: '' })).toThrow(/empty/);
    expect(renderSql('SELECT {table}', { table: 'x'.repeat(63) })).toBe(`SELECT "${'x'.repeat(63)}"`);
  });

  it('derives the staging table name from the target table, as the notebook does', () => {
    expect(lakebaseIdentifiers('gold_db', 'kafka_data')).toEqual({
      schema: 'gold_db',
      table: 'kafka_data',
      staging_table: 'kafka_data_staging',
      stats_table: 'customer_stats',
    });
  });
});

describe('the SQL files of kafka_to_lakebase', () => {
  const files = readdirSync(SQL_DIR).filter((f) => f.endsWith('.sql')).sort();

  it('are the ones the notebooks and tests run', () => {
    expect(files).toEqual([
      'create_customer_stats.sql',
      'create_kafka_tables.sql',
      'refresh_customer_stats.sql',
      'reset_staging.sql',
      'upsert_from_staging.sql',
    ]);
  });

  it.each(files)('%s uses only known placeholders and renders with the deployment names', (file) => {
    const text = readSqlFile(file);
    const used = placeholdersIn(text);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(PLACEHOLDERS).toContain(name);
    const rendered = renderSql(text, lakebaseIdentifiers('gold_db', 'kafka_data'));
    expect(rendered).toContain('"gold_db".');
    expect(rendered).not.toMatch(/[{}]/);
  });

  it('are referenced by the notebooks, and every file a notebook names exists', () => {
    const notebookSources = readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith('.py'))
      .map((f) => readFileSync(join(NOTEBOOKS, f), 'utf8'))
      .join('\n');
    const named = [...new Set([...notebookSources.matchAll(/"([a-z_]+\.sql)"/g)].map((m) => m[1]!))].sort();
    expect(named).toEqual(files);
  });

  it('use the placeholder names the notebook declares', () => {
    const common = readFileSync(join(NOTEBOOKS, 'lakebase_common.py'), 'utf8');
    const declared = /^IDENTIFIER_PLACEHOLDERS = \(([^)]*)\)$/m.exec(common);
    expect(declared).not.toBeNull();
    const names = [...declared![1]!.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(names).toEqual([...PLACEHOLDERS]);
    expect(common).toMatch(/sql\.SQL\(text\)\.format\(\*\*quoted\)/);
    expect(common).toMatch(/sql\.Identifier\(/);
  });
});
