/**
 * Running the kafka_to_lakebase SQL files against a real Postgres, the way the
 * notebooks do: every file is rendered with the same placeholder rules and runs
 * as one transaction; a micro-batch is "reset staging, append to staging, upsert".
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { lakebaseIdentifiers, loadSql, quoteIdentifier, type IdentifierMap, type Placeholder } from './sql-template.js';

export const PG_URL = process.env.LOYALTY_TEST_PG_URL ?? '';
/** How to get the Postgres these tests need. */
export const PG_HOW = 'set LOYALTY_TEST_PG_URL to a database URL; scripts/ci-postgres.sh starts one';

if (!PG_URL) {
  console.warn(
    'test/postgres: LOYALTY_TEST_PG_URL is not set, so the Postgres tests are skipped. ' +
      'Run `bash scripts/ci-postgres.sh` and set LOYALTY_TEST_PG_URL=postgresql://loyalty:loyalty@127.0.0.1:5432/loyalty_test',
  );
}

export type Names = Record<Placeholder, string>;

export async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL, application_name: 'loyalty-wizard-tests' });
  await client.connect();
  // Render timestamps in UTC so text comparisons do not depend on the server's zone.
  await client.query("SET TIME ZONE 'UTC'");
  return client;
}

/** A schema name no other test uses; the DDL creates it, dropSchema removes it. */
export function freshNames(prefix = 'lw_test', table = 'kafka_data'): Names {
  return lakebaseIdentifiers(`${prefix}_${randomBytes(6).toString('hex')}`, table);
}

export async function dropSchema(client: pg.Client, schema: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
}

/**
 * For a describe block: one client for the block, and every schema a test
 * tracks dropped after that test.
 */
export function usePostgres(): { readonly client: pg.Client; track(schema: string): void } {
  let client: pg.Client | undefined;
  const created: string[] = [];
  beforeAll(async () => {
    client = await connect();
  });
  afterEach(async () => {
    for (const schema of created.splice(0)) await dropSchema(client!, schema);
  });
  afterAll(async () => {
    await client?.end();
  });
  return {
    get client() {
      return client!;
    },
    track: (schema) => void created.push(schema),
  };
}

/** Like run_sql_file in the notebook: the whole file in one transaction. */
export async function runSqlFile(client: pg.Client, file: string, names: IdentifierMap): Promise<void> {
  const text = loadSql(file, names);
  await client.query('BEGIN');
  try {
    await client.query(text);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export async function createAllTables(client: pg.Client, names: Names): Promise<void> {
  await runSqlFile(client, 'create_kafka_tables.sql', names);
  await runSqlFile(client, 'create_customer_stats.sql', names);
}

/** The event fields the notebook parses from a JSON value (Spark from_json). */
export interface LoyaltyEvent {
  event_id?: string | null;
  customer_id?: string | null;
  event_type?: string | null;
  event_time?: string | null;
  channel?: string | null;
  amount?: string | null;
  points?: number | null;
}

/** One Kafka record as the notebook stages it. */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  event: LoyaltyEvent;
}

export const TOPIC = 'loyalty.traffic.events';

/** A record whose value is the JSON of `event` and whose parsed fields are `event`'s. */
export function eventRecord(partition: number, offset: number, timestamp: string, event: LoyaltyEvent, topic = TOPIC): KafkaRecord {
  return {
    topic,
    partition,
    offset,
    timestamp,
    key: event.customer_id ?? null,
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    event,
  };
}

/** A record whose value is not JSON: every parsed field is NULL, the bytes are kept. */
export function rawRecord(partition: number, offset: number, timestamp: string, value: Buffer, topic = TOPIC): KafkaRecord {
  return { topic, partition, offset, timestamp, key: null, value, event: {} };
}

const STAGING_COLUMNS = [
  'kafka_topic',
  'kafka_partition',
  'kafka_offset',
  'kafka_timestamp',
  'message_key',
  'message_value',
  'event_id',
  'customer_id',
  'event_type',
  'event_time',
  'channel',
  'amount',
  'points',
] as const;

/** What Spark's JDBC append does: plain INSERTs into the staging table, duplicates and all. */
export async function appendToStaging(client: pg.Client, names: Names, records: readonly KafkaRecord[]): Promise<void> {
  const table = `${quoteIdentifier(names.schema)}.${quoteIdentifier(names.staging_table)}`;
  const placeholders = STAGING_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  const insert = `INSERT INTO ${table} (${STAGING_COLUMNS.join(', ')}) VALUES (${placeholders})`;
  for (const r of records) {
    const e = r.event;
    await client.query(insert, [
      r.topic,
      r.partition,
      r.offset,
      r.timestamp,
      r.key,
      r.value,
      e.event_id ?? null,
      e.customer_id ?? null,
      e.event_type ?? null,
      e.event_time ?? null,
      e.channel ?? null,
      e.amount ?? null,
      e.points ?? null,
    ]);
  }
}

/** One micro-batch, as write_micro_batch in the ingestion notebook runs it. */
export async function runMicroBatch(client: pg.Client, names: Names, records: readonly KafkaRecord[]): Promise<void> {
  await runSqlFile(client, 'reset_staging.sql', names);
  await appendToStaging(client, names, records);
  await runSqlFile(client, 'upsert_from_staging.sql', names);
}

export async function refreshStats(client: pg.Client, names: Names): Promise<void> {
  await runSqlFile(client, 'refresh_customer_stats.sql', names);
}

/** Every column of the target table as text (plus xmin, which changes whenever a row is rewritten). */
export async function targetRows(client: pg.Client, names: Names): Promise<Record<string, string | null>[]> {
  const table = `${quoteIdentifier(names.schema)}.${quoteIdentifier(names.table)}`;
  const result = await client.query<Record<string, string | null>>(
    `SELECT xmin::text AS row_version, kafka_topic, kafka_partition::text, kafka_offset::text, kafka_timestamp::text,
            message_key, encode(message_value, 'hex') AS message_value_hex, event_id, customer_id, event_type,
            event_time::text, channel, amount::text, points::text, ingested_at::text, updated_at::text
     FROM ${table} AS t
     ORDER BY t.kafka_topic, t.kafka_partition, t.kafka_offset`,
  );
  return result.rows;
}

export async function countRows(client: pg.Client, schema: string, table: string): Promise<number> {
  const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`);
  return Number(result.rows[0]!.n);
}

export async function statsRows(client: pg.Client, names: Names): Promise<Record<string, string | null>[]> {
  const table = `${quoteIdentifier(names.schema)}.${quoteIdentifier(names.stats_table)}`;
  const result = await client.query<Record<string, string | null>>(
    `SELECT customer_id, event_count::text, purchase_count::text, total_purchase_amount::text,
            avg_purchase_amount::text, net_points::text, active_days::text, first_event_at::text,
            last_event_at::text, last_channel, updated_at::text, xmin::text AS row_version
     FROM ${table}
     ORDER BY customer_id`,
  );
  return result.rows;
}

/** The rows without the bookkeeping columns, for comparing computed values only. */
export function withoutBookkeeping(rows: readonly Record<string, string | null>[]): Record<string, string | null>[] {
  return rows.map(({ updated_at: _updated, row_version: _version, ...rest }) => rest);
}
