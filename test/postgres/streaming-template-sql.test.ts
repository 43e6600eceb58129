/**
 * The Postgres SQL of the streaming_postgres template (templates/streaming_postgres/files/sql/postgres),
 * run against the server in LOYALTY_TEST_PG_URL, rendered the way the notebook's load_sql renders it:
 * `{schema}` and `{table}` become quoted identifiers (a "%" in them doubled for statements run with
 * bound parameters), and the `%(name)s` parameters are bound as values, as psycopg does.
 *
 * The notebook's own writer (key decoding, chunks, one transaction per partition) runs against the
 * same database in streaming-template-notebook.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missing } from '../helpers/prerequisites.js';
import { PG_HOW, PG_URL, usePostgres } from './harness.js';
import { placeholdersIn, quoteIdentifier, renderSql } from './sql-template.js';

const TEMPLATE_SQL_DIR = fileURLToPath(new URL('../../templates/streaming_postgres/files/sql/postgres/', import.meta.url));

interface Names {
  schema: string;
  table: string;
}

/** load_sql of the template notebook: the file with {schema} and {table} as quoted identifiers. */
function loadTemplateSql(file: string, names: Names, boundParameters = false): string {
  const text = readFileSync(`${TEMPLATE_SQL_DIR}${file}`, 'utf8');
  for (const name of placeholdersIn(text)) expect(['schema', 'table']).toContain(name);
  // psycopg reads every "%" of a statement with parameters as a marker, so a "%" in a name is doubled.
  return renderSql(text, names, (name) => (boundParameters ? quoteIdentifier(name).replace(/%/g, '%%') : quoteIdentifier(name)));
}

/**
 * A statement with psycopg's named parameters, `%(name)s`, as node-postgres wants it (`$1`), with
 * `%%` turned back into `%`. Any other "%" is an error, as it is for psycopg.
 */
function bindNamed(text: string, values: Readonly<Record<string, unknown>>): { text: string; values: unknown[] } {
  const order: string[] = [];
  const converted = text.replace(/%(%|\(([A-Za-z_][A-Za-z0-9_]*)\)s)?/g, (match, what: string | undefined, name: string | undefined) => {
    if (what === '%') return '%';
    if (name === undefined) throw new Error(`psycopg would reject the lone "%" in: ${text.slice(0, 200)}`);
    if (!(name in values)) throw new Error(`no value for %(${name})s`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { text: converted, values: order.map((name) => values[name]) };
}

interface KafkaRow {
  kafka_topic: string;
  kafka_partition: number;
  kafka_offset: number;
  kafka_timestamp: string;
  message_key: string | null;
  message_value: Buffer | null;
}

const TOPIC = 'loyalty.events';

function row(offset: number, value: Buffer | null, key: string | null = 'k', timestamp = '2025-03-01 10:00:00.000000+00:00'): KafkaRow {
  return { kafka_topic: TOPIC, kafka_partition: 0, kafka_offset: offset, kafka_timestamp: timestamp, message_key: key, message_value: value };
}

describe.skipIf(missing('Postgres', !!PG_URL, PG_HOW))('streaming_postgres template SQL', () => {
  const db = usePostgres();

  /** A per-developer style schema: non-ASCII letters and a "%" in the name. */
  function fresh(): Names {
    const names = { schema: `dev_ñandú%_${randomBytes(4).toString('hex')}_gold_db`, table: 'kafka_events' };
    db.track(names.schema);
    return names;
  }

  const qualified = (n: Names) => `${quoteIdentifier(n.schema)}.${quoteIdentifier(n.table)}`;

  /** What the notebook does on the driver: create the schema when missing, then the table. */
  async function createTable(n: Names): Promise<void> {
    const exists = bindNamed(loadTemplateSql('schema_exists.sql', n), { schema_name: n.schema });
    if ((await db.client.query(exists.text, exists.values)).rowCount === 0) await db.client.query(loadTemplateSql('create_schema.sql', n));
    await db.client.query(loadTemplateSql('create_table.sql', n));
  }

  /** One partition of a micro-batch: every record through upsert_records.sql, in one transaction. */
  async function upsert(n: Names, rows: readonly KafkaRow[]): Promise<void> {
    const statement = loadTemplateSql('upsert_records.sql', n, true);
    await db.client.query('BEGIN');
    try {
      for (const r of rows) {
        const bound = bindNamed(statement, { ...r });
        await db.client.query(bound.text, bound.values);
      }
      await db.client.query('COMMIT');
    } catch (error) {
      await db.client.query('ROLLBACK');
      throw error;
    }
  }

  async function stored(n: Names): Promise<Record<string, string | null>[]> {
    const result = await db.client.query<Record<string, string | null>>(
      `SELECT kafka_offset::text, message_key, encode(message_value, 'hex') AS value_hex, kafka_timestamp::text,
              ingested_at::text, updated_at::text, xmin::text AS row_version
       FROM ${qualified(n)} ORDER BY kafka_topic, kafka_partition, kafka_offset`,
    );
    return result.rows;
  }


  it('creates the table with the raw value as bytea and the key as text, and can run again', async () => {
    const n = fresh();
    await createTable(n);
    await createTable(n);
    const columns = await db.client.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [n.schema, n.table],
    );
    expect(Object.fromEntries(columns.rows.map((c) => [c.column_name, c.data_type]))).toMatchObject({
      message_key: 'text',
      message_value: 'bytea',
      kafka_offset: 'bigint',
    });
  });

  it('keeps a value with NUL bytes and invalid UTF-8 byte for byte', async () => {
    const n = fresh();
    await createTable(n);
    const poison = Buffer.from([0x00, 0x7b, 0x7d, 0x00, 0xff, 0xfe, 0xc3, 0x28, 0x41]);
    await upsert(n, [row(0, poison), row(1, null, null), row(2, Buffer.alloc(0))]);
    const rows = await stored(n);
    expect(rows.map((r) => [r.kafka_offset, r.value_hex, r.message_key])).toEqual([
      ['0', poison.toString('hex'), 'k'],
      ['1', null, null],
      ['2', '', 'k'],
    ]);
  });

  it('cannot store a key with NUL as text (which is why the notebook removes NUL from keys); without it, it is stored', async () => {
    const n = fresh();
    await createTable(n);
    await expect(upsert(n, [row(0, Buffer.from('v'), 'cust\u0000-1')])).rejects.toThrow(/0x00/);
    expect(await stored(n)).toEqual([]);
    // What the notebook's key_text sends for the key bytes "cust\0-1".
    await upsert(n, [row(0, Buffer.from('v'), 'cust-1')]);
    expect((await stored(n)).map((r) => r.message_key)).toEqual(['cust-1']);
  });

  it('changes no row when a batch is replayed: same values, same updated_at, not even rewritten', async () => {
    const n = fresh();
    await createTable(n);
    const batch = [0, 1, 2, 3].map((offset) => row(offset, Buffer.from(`event ${offset}\u0000`)));
    await upsert(n, batch);
    const before = await stored(n);
    await upsert(n, batch);
    await upsert(n, [...batch].reverse());
    expect(await stored(n)).toEqual(before);
  });

  it('updates a record when a newer version of it arrives at the same offset', async () => {
    const n = fresh();
    await createTable(n);
    await upsert(n, [row(5, Buffer.from('first'))]);
    const [before] = await stored(n);
    await upsert(n, [row(5, Buffer.from([0x00, 0x01]), 'k2', '2025-06-01 08:00:00.000000+00:00')]);
    const rows = await stored(n);
    expect(rows).toHaveLength(1);
    const after = rows[0]!;
    expect(after).toMatchObject({ value_hex: '0001', message_key: 'k2', kafka_timestamp: '2025-06-01 08:00:00+00', ingested_at: before!.ingested_at });
    expect(new Date(after.updated_at!).getTime()).toBeGreaterThan(new Date(before!.updated_at!).getTime());
  });

  it('works in a schema whose name has any letters and a "%", and finds it by its exact name', async () => {
    const n = fresh();
    const exists = bindNamed(loadTemplateSql('schema_exists.sql', n), { schema_name: n.schema });
    expect((await db.client.query(exists.text, exists.values)).rowCount).toBe(0);
    await createTable(n);
    expect((await db.client.query(exists.text, exists.values)).rowCount).toBe(1);
    await upsert(n, [row(0, Buffer.from('x'))]);
    expect(await stored(n)).toHaveLength(1);
  });

  it('renders "%" in names the way psycopg needs it, and refuses a lone "%"', () => {
    const n = { schema: 'a%b', table: 't' };
    expect(loadTemplateSql('upsert_records.sql', n, true)).toContain('INSERT INTO "a%%b"."t"');
    expect(loadTemplateSql('create_table.sql', n)).toContain('"a%b"."t"');
    expect(bindNamed('SELECT %(x)s, 5 %% 2, %(x)s', { x: 1 })).toEqual({ text: 'SELECT $1, 5 % 2, $1', values: [1] });
    expect(() => bindNamed('SELECT 100%', {})).toThrow(/lone "%"/);
  });
});
