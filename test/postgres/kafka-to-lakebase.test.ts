/**
 * The Postgres SQL of pipelines/kafka_to_lakebase (sql/postgres/*.sql), run for real
 * against the server in LOYALTY_TEST_PG_URL (see scripts/ci-postgres.sh). Every test
 * works in its own fresh schema, dropped afterwards.
 */
import { describe, expect, it } from 'vitest';
import { missing } from '../helpers/prerequisites.js';
import {
  PG_HOW,
  PG_URL,
  appendToStaging,
  connect,
  countRows,
  createAllTables,
  eventRecord,
  freshNames,
  rawRecord,
  refreshStats,
  runMicroBatch,
  runSqlFile,
  statsRows,
  targetRows,
  withoutBookkeeping,
  type KafkaRecord,
  usePostgres,
  type Names,
} from './harness.js';
import { lakebaseIdentifiers, quoteIdentifier } from './sql-template.js';

const P0 = 0;
const P1 = 1;

/** Five page views on partition 0, offsets 0-4, one second apart. */
function pageViews(from: number, to: number, partition = P0): KafkaRecord[] {
  const out: KafkaRecord[] = [];
  for (let offset = from; offset <= to; offset++) {
    out.push(
      eventRecord(partition, offset, `2025-03-01T10:00:0${offset % 10}Z`, {
        event_id: `pv-${partition}-${offset}`,
        customer_id: `cust-${offset % 3}`,
        event_type: 'page_view',
        event_time: `2025-03-01T09:59:0${offset % 10}Z`,
        channel: 'web',
      }),
    );
  }
  return out;
}

describe.skipIf(missing('Postgres', !!PG_URL, PG_HOW))('kafka_to_lakebase Postgres SQL', () => {
  const db = usePostgres();

  /** A fresh set of names; the schema is dropped after the test. */
  function fresh(prefix?: string): Names {
    const names = freshNames(prefix);
    db.track(names.schema);
    return names;
  }


  describe('DDL', () => {
    it('creates the tables with the documented shape and can run again without touching data', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      await runMicroBatch(db.client, names, pageViews(0, 2));
      const before = await targetRows(db.client, names);

      await createAllTables(db.client, names);
      await createAllTables(db.client, names);

      expect(await targetRows(db.client, names)).toEqual(before);
      expect(before).toHaveLength(3);

      const columns = await db.client.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
        [names.schema],
      );
      const shape = (table: string) => columns.rows.filter((r) => r.table_name === table).map((r) => `${r.column_name} ${r.data_type}`);
      expect(shape(names.table)).toEqual([
        'kafka_topic text',
        'kafka_partition integer',
        'kafka_offset bigint',
        'kafka_timestamp timestamp with time zone',
        'message_key text',
        'message_value bytea',
        'event_id text',
        'customer_id text',
        'event_type text',
        'event_time timestamp with time zone',
        'channel text',
        'amount numeric',
        'points integer',
        'ingested_at timestamp with time zone',
        'updated_at timestamp with time zone',
      ]);
      // Staging has the same record columns, without the bookkeeping ones.
      expect(shape(names.staging_table)).toEqual(shape(names.table).slice(0, 13));
      expect(shape(names.stats_table).map((c) => c.split(' ')[0])).toEqual([
        'customer_id',
        'event_count',
        'purchase_count',
        'total_purchase_amount',
        'avg_purchase_amount',
        'net_points',
        'active_days',
        'first_event_at',
        'last_event_at',
        'last_channel',
        'updated_at',
      ]);

      const keys = await db.client.query<{ table_name: string; columns: string }>(
        `SELECT tc.table_name, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS columns
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
         WHERE tc.table_schema = $1 AND tc.constraint_type = 'PRIMARY KEY'
         GROUP BY tc.table_name ORDER BY tc.table_name`,
        [names.schema],
      );
      expect(Object.fromEntries(keys.rows.map((r) => [r.table_name, r.columns]))).toEqual({
        [names.table]: 'kafka_topic,kafka_partition,kafka_offset',
        [names.stats_table]: 'customer_id',
      });

      const persistence = await db.client.query<{ relname: string; relpersistence: string }>(
        `SELECT c.relname, c.relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
        [names.schema],
      );
      expect(Object.fromEntries(persistence.rows.map((r) => [r.relname, r.relpersistence]))).toEqual({
        [names.table]: 'p',
        [names.staging_table]: 'u',
        [names.stats_table]: 'p',
      });
    });

    it('lets several sessions create the same tables at the same moment (both tasks start together)', async () => {
      const names = fresh();
      const sessions = await Promise.all([connect(), connect(), connect(), connect()]);
      try {
        const results = await Promise.allSettled(sessions.map((s) => createAllTables(s, names)));
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      } finally {
        await Promise.all(sessions.map((s) => s.end()));
      }
      expect(await countRows(db.client, names.schema, names.table)).toBe(0);
      expect(await countRows(db.client, names.schema, names.stats_table)).toBe(0);
    });

    it('quotes every identifier: hostile names create exactly those objects and nothing else runs', async () => {
      const canary = fresh('lw_canary');
      await createAllTables(db.client, canary);
      const schema = `lw "QA"; DROP SCHEMA ${canary.schema} CASCADE; -- ${canary.schema.slice(-6)}`;
      const names = lakebaseIdentifiers(schema, 'Kafka Data"; --');
      db.track(schema);

      await createAllTables(db.client, names);
      await runMicroBatch(db.client, names, pageViews(0, 1));
      await refreshStats(db.client, names);

      expect(await countRows(db.client, schema, 'Kafka Data"; --')).toBe(2);
      expect(await countRows(db.client, schema, 'Kafka Data"; --_staging')).toBe(0);
      expect(await countRows(db.client, schema, 'customer_stats')).toBe(2);
      const canaryTables = await db.client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1', [canary.schema]);
      expect(canaryTables.rowCount).toBe(3);
    });
  });

  describe('micro-batch upsert', () => {
    it('replaying the same micro-batch leaves every row exactly as it was', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const batch = [...pageViews(0, 4, P0), ...pageViews(0, 2, P1)];

      await runMicroBatch(db.client, names, batch);
      const first = await targetRows(db.client, names);
      await runMicroBatch(db.client, names, batch);
      await runMicroBatch(db.client, names, [...batch].reverse());
      const replayed = await targetRows(db.client, names);

      expect(first).toHaveLength(8);
      // Same values, same ingested_at/updated_at, and not even rewritten (xmin unchanged).
      expect(replayed).toEqual(first);
      expect(await countRows(db.client, names.schema, names.staging_table)).toBe(0);
    });

    it('stores a record once when a batch holds it several times', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const [a, b] = pageViews(0, 1);
      await runMicroBatch(db.client, names, [a!, a!, b!, a!, b!]);

      const rows = await targetRows(db.client, names);
      expect(rows.map((r) => `${r.kafka_partition}/${r.kafka_offset}`)).toEqual(['0/0', '0/1']);
      expect(rows[0]!.message_value_hex).toBe(a!.value!.toString('hex'));
    });

    it('adds only the missing offsets when batches overlap, arrive out of order or re-read old offsets', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      await runMicroBatch(db.client, names, pageViews(10, 14));
      const firstBatch = await targetRows(db.client, names);

      // Re-read from an earlier position (a checkpoint reset): 5..12, so 10..12 are duplicates,
      // and 5..9 are lower offsets arriving after higher ones.
      await runMicroBatch(db.client, names, pageViews(5, 12));
      // The same offsets on another partition and another topic are different records.
      const otherTopic = pageViews(10, 11).map((r) => ({ ...r, topic: 'loyalty.traffic.replay' }));
      await runMicroBatch(db.client, names, [...pageViews(10, 11, P1), ...otherTopic]);

      const rows = await targetRows(db.client, names);
      expect(rows.map((r) => `${r.kafka_topic}:${r.kafka_partition}/${r.kafka_offset}`)).toEqual([
        'loyalty.traffic.events:0/5',
        'loyalty.traffic.events:0/6',
        'loyalty.traffic.events:0/7',
        'loyalty.traffic.events:0/8',
        'loyalty.traffic.events:0/9',
        'loyalty.traffic.events:0/10',
        'loyalty.traffic.events:0/11',
        'loyalty.traffic.events:0/12',
        'loyalty.traffic.events:0/13',
        'loyalty.traffic.events:0/14',
        'loyalty.traffic.events:1/10',
        'loyalty.traffic.events:1/11',
        'loyalty.traffic.replay:0/10',
        'loyalty.traffic.replay:0/11',
      ]);
      // The rows of the first batch were not rewritten by the overlapping one.
      const offsets10to14 = rows.filter((r) => r.kafka_topic === 'loyalty.traffic.events' && r.kafka_partition === '0' && Number(r.kafka_offset) >= 10);
      expect(offsets10to14).toEqual(firstBatch);
    });

    it('ignores a late version: an older or equal Kafka timestamp never overwrites the stored row', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const stored = eventRecord(P0, 7, '2025-03-01T12:00:00Z', {
        event_id: 'ev-7',
        customer_id: 'cust-a',
        event_type: 'purchase',
        event_time: '2025-03-01T11:59:00Z',
        channel: 'app',
        amount: '30.00',
        points: 30,
      });
      await runMicroBatch(db.client, names, [stored]);
      const before = await targetRows(db.client, names);

      const older = eventRecord(P0, 7, '2025-03-01T11:00:00Z', { ...stored.event, amount: '1.00', channel: 'web' });
      const sameTime = eventRecord(P0, 7, '2025-03-01T12:00:00Z', { ...stored.event, amount: '2.00', channel: 'store' });
      await runMicroBatch(db.client, names, [older]);
      await runMicroBatch(db.client, names, [sameTime]);
      await runMicroBatch(db.client, names, [older, sameTime]);

      expect(await targetRows(db.client, names)).toEqual(before);
      expect(before[0]).toMatchObject({ amount: '30.00', channel: 'app', kafka_timestamp: '2025-03-01 12:00:00+00' });
    });

    it('replaces the row with a strictly newer version, keeping ingested_at and setting updated_at', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const first = eventRecord(P0, 3, '2025-03-01T12:00:00Z', { event_id: 'ev-3', customer_id: 'cust-a', event_type: 'page_view', channel: 'web' });
      await runMicroBatch(db.client, names, [first]);
      const [before] = await targetRows(db.client, names);
      expect(before!.updated_at).toBe(before!.ingested_at);

      // The offset was reused (topic recreated): a newer record now lives at partition 0, offset 3.
      const newer = eventRecord(P0, 3, '2025-06-01T08:00:00Z', { event_id: 'ev-3b', customer_id: 'cust-b', event_type: 'purchase', amount: '12.50', channel: 'app' });
      await runMicroBatch(db.client, names, [newer]);
      const rows = await targetRows(db.client, names);

      expect(rows).toHaveLength(1);
      const after = rows[0]!;
      expect(after).toMatchObject({
        kafka_timestamp: '2025-06-01 08:00:00+00',
        event_id: 'ev-3b',
        customer_id: 'cust-b',
        event_type: 'purchase',
        amount: '12.50',
        channel: 'app',
        message_value_hex: newer.value!.toString('hex'),
        ingested_at: before!.ingested_at,
      });
      expect(new Date(after.updated_at!).getTime()).toBeGreaterThan(new Date(before!.updated_at!).getTime());
    });

    it('keeps the newest version within one batch, whatever order the rows were staged in', async () => {
      const oldest = rawRecord(P0, 1, '2025-03-01T10:00:00Z', Buffer.from('v1'));
      const newest = rawRecord(P0, 1, '2025-03-01T10:00:02Z', Buffer.from('v3'));
      const middle = rawRecord(P0, 1, '2025-03-01T10:00:01Z', Buffer.from('v2'));
      // Two versions with the same timestamp: the larger value wins, independent of order.
      const tieLow = rawRecord(P0, 2, '2025-03-01T10:00:00Z', Buffer.from('aaa'));
      const tieHigh = rawRecord(P0, 2, '2025-03-01T10:00:00Z', Buffer.from('bbb'));

      const results: string[][] = [];
      for (const order of [
        [oldest, newest, middle, tieLow, tieHigh],
        [middle, newest, oldest, tieHigh, tieLow],
        [tieHigh, newest, tieLow, middle, oldest],
      ]) {
        const names = fresh();
        await createAllTables(db.client, names);
        await runMicroBatch(db.client, names, order);
        results.push((await targetRows(db.client, names)).map((r) => Buffer.from(r.message_value_hex!, 'hex').toString()));
      }
      expect(results).toEqual([
        ['v3', 'bbb'],
        ['v3', 'bbb'],
        ['v3', 'bbb'],
      ]);
    });

    it('keeps raw values byte for byte, including bytes that are not UTF-8, and NULL keys and values', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const binary = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x0a]);
      await runMicroBatch(db.client, names, [rawRecord(P0, 0, '2025-03-01T10:00:00Z', binary), { ...rawRecord(P0, 1, '2025-03-01T10:00:00Z', Buffer.alloc(0)), value: null }]);
      const rows = await targetRows(db.client, names);
      expect(rows.map((r) => [r.message_value_hex, r.customer_id, r.message_key])).toEqual([
        ['00fffe7b0a', null, null],
        [null, null, null],
      ]);
    });

    it('discards what a failed attempt left in staging, so the retried batch is merged exactly once', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      const batch = pageViews(0, 3);
      // Attempt 1 got half-way through the JDBC append, then failed before the upsert. Its
      // rows were parsed by a notebook version with a bug (no customer_id); the fix is
      // deployed before Spark retries the same micro-batch.
      await runSqlFile(db.client, 'reset_staging.sql', names);
      await appendToStaging(db.client, names, batch.slice(0, 2).map((r) => ({ ...r, event: { ...r.event, customer_id: null } })));
      expect(await countRows(db.client, names.schema, names.staging_table)).toBe(2);

      // The retry: reset, append, upsert (runMicroBatch, step by step).
      await runSqlFile(db.client, 'reset_staging.sql', names);
      expect(await countRows(db.client, names.schema, names.staging_table)).toBe(0);
      await appendToStaging(db.client, names, batch);
      await runSqlFile(db.client, 'upsert_from_staging.sql', names);

      const rows = await targetRows(db.client, names);
      expect(rows.map((r) => `${r.kafka_offset}:${r.customer_id}`)).toEqual(['0:cust-0', '1:cust-1', '2:cust-2', '3:cust-0']);
      expect(await countRows(db.client, names.schema, names.staging_table)).toBe(0);
    });

    it('merges nothing and keeps staging when the upsert fails (one transaction)', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      await runSqlFile(db.client, 'reset_staging.sql', names);
      await appendToStaging(db.client, names, pageViews(0, 2));
      // Make the merge fail half-way: a trigger that rejects the third insert.
      const target = `${quoteIdentifier(names.schema)}.${quoteIdentifier(names.table)}`;
      await db.client.query(`CREATE FUNCTION ${quoteIdentifier(names.schema)}.reject_offset_2() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.kafka_offset = 2 THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
      await db.client.query(`CREATE TRIGGER reject_offset_2 BEFORE INSERT ON ${target} FOR EACH ROW EXECUTE FUNCTION ${quoteIdentifier(names.schema)}.reject_offset_2()`);

      await expect(runSqlFile(db.client, 'upsert_from_staging.sql', names)).rejects.toThrow(/simulated failure/);
      expect(await countRows(db.client, names.schema, names.table)).toBe(0);
      expect(await countRows(db.client, names.schema, names.staging_table)).toBe(3);
    });
  });

  describe('customer stats', () => {
    const TS = (day: string, time: string) => `2025-03-${day}T${time}Z`;

    // Customer cust-001: page view, two purchases, a redemption; the second purchase (e3)
    // is also published again by a producer retry at another offset, with a different
    // amount, which must not count (the first delivery counts).
    // Customer cust-002: three purchases, one whose event_time is 00:30 at +01:00 (still
    // 2 March in UTC), and a late page view from 28 February that arrives last.
    // Customer cust-003: two page views without event_id (each record counts once).
    // One record is not JSON at all and belongs to no customer.
    const batch1: KafkaRecord[] = [
      eventRecord(P0, 0, TS('01', '09:00:01'), { event_id: 'e1', customer_id: 'cust-001', event_type: 'page_view', event_time: '2025-03-01T09:00:00Z', channel: 'web' }),
      eventRecord(P0, 1, TS('01', '09:05:01'), { event_id: 'e2', customer_id: 'cust-001', event_type: 'purchase', event_time: '2025-03-01T09:05:00Z', channel: 'web', amount: '40.00', points: 40 }),
      eventRecord(P0, 2, TS('02', '23:31:00'), { event_id: 'e5', customer_id: 'cust-002', event_type: 'purchase', event_time: '2025-03-03T00:30:00+01:00', channel: 'app', amount: '10.00', points: 10 }),
      rawRecord(P0, 3, TS('03', '00:00:00'), Buffer.from('not json {')),
      eventRecord(P0, 4, TS('05', '10:00:01'), { customer_id: 'cust-003', event_type: 'page_view', event_time: '2025-03-05T10:00:00Z', channel: 'web' }),
    ];
    const batch2: KafkaRecord[] = [
      eventRecord(P1, 0, TS('02', '18:30:01'), { event_id: 'e3', customer_id: 'cust-001', event_type: 'purchase', event_time: '2025-03-02T18:30:00Z', channel: 'app', amount: '25.50', points: 25 }),
      eventRecord(P1, 1, TS('02', '10:00:01'), { event_id: 'e6', customer_id: 'cust-002', event_type: 'purchase', event_time: '2025-03-02T10:00:00Z', channel: 'web', amount: '15.00', points: 15 }),
      eventRecord(P1, 2, TS('05', '11:00:01'), { customer_id: 'cust-003', event_type: 'page_view', event_time: '2025-03-05T11:00:00Z', channel: 'web' }),
      eventRecord(P1, 3, TS('03', '08:00:01'), { event_id: 'e4', customer_id: 'cust-001', event_type: 'reward_redeemed', event_time: '2025-03-03T08:00:00Z', channel: 'store', points: -50 }),
      eventRecord(P1, 4, TS('04', '12:00:01'), { event_id: 'e7', customer_id: 'cust-002', event_type: 'purchase', event_time: '2025-03-04T12:00:00Z', channel: 'app', amount: '20.01', points: 20 }),
    ];
    const batch3: KafkaRecord[] = [
      ...batch1, // replayed after a restart
      eventRecord(P0, 5, TS('02', '18:31:00'), { event_id: 'e3', customer_id: 'cust-001', event_type: 'purchase', event_time: '2025-03-02T18:30:00Z', channel: 'app', amount: '99.99', points: 99 }),
      eventRecord(P1, 5, TS('06', '07:00:00'), { event_id: 'e8', customer_id: 'cust-002', event_type: 'page_view', event_time: '2025-02-28T07:00:00Z', channel: 'store' }),
    ];

    // Worked out by hand from the three batches above.
    const expected = [
      {
        customer_id: 'cust-001',
        event_count: '4', // e1, e2, e3, e4 (the retry of e3 does not count)
        purchase_count: '2', // e2, e3
        total_purchase_amount: '65.50', // 40.00 + 25.50
        avg_purchase_amount: '32.75', // 65.50 / 2
        net_points: '15', // 40 + 25 - 50
        active_days: '3', // 1, 2 and 3 March
        first_event_at: '2025-03-01 09:00:00+00',
        last_event_at: '2025-03-03 08:00:00+00',
        last_channel: 'store', // e4
      },
      {
        customer_id: 'cust-002',
        event_count: '4', // e5, e6, e7, e8
        purchase_count: '3',
        total_purchase_amount: '45.01', // 10.00 + 15.00 + 20.01
        avg_purchase_amount: '15.00', // 45.01 / 3 = 15.0033…
        net_points: '45', // 10 + 15 + 20
        active_days: '3', // 28 Feb, 2 March (e5 and e6), 4 March
        first_event_at: '2025-02-28 07:00:00+00', // the late e8
        last_event_at: '2025-03-04 12:00:00+00',
        last_channel: 'app', // e7, not the late e8 that arrived last
      },
      {
        customer_id: 'cust-003',
        event_count: '2',
        purchase_count: '0',
        total_purchase_amount: '0.00',
        avg_purchase_amount: null,
        net_points: '0',
        active_days: '1',
        first_event_at: '2025-03-05 10:00:00+00',
        last_event_at: '2025-03-05 11:00:00+00',
        last_channel: 'web',
      },
    ];

    async function loadDataset(names: Names): Promise<void> {
      await createAllTables(db.client, names);
      await runMicroBatch(db.client, names, batch1);
      await runMicroBatch(db.client, names, batch2);
      await runMicroBatch(db.client, names, batch3);
    }

    it('match values computed by hand for a small known dataset', async () => {
      const names = fresh();
      await loadDataset(names);
      // 5 + 5 records, plus the retry of e3 and the late e8; the replay of batch 1 adds nothing.
      expect(await countRows(db.client, names.schema, names.table)).toBe(12);

      await refreshStats(db.client, names);
      expect(withoutBookkeeping(await statsRows(db.client, names))).toEqual(expected);
    });

    it('count active days by UTC date whatever the session time zone', async () => {
      const names = fresh();
      await loadDataset(names);
      // In Amsterdam, cust-002's e5 (23:30 UTC on 2 March) falls on 3 March: a session-zone
      // date would give 4 active days instead of 3.
      const amsterdam = await connect();
      try {
        await amsterdam.query("SET TIME ZONE 'Europe/Amsterdam'");
        await refreshStats(amsterdam, names);
      } finally {
        await amsterdam.end();
      }
      expect(withoutBookkeeping(await statsRows(db.client, names))).toEqual(expected);
    });

    it('are the same whether refreshed after every batch or once at the end', async () => {
      const names = fresh();
      await createAllTables(db.client, names);
      for (const batch of [batch1, batch2, batch1, batch3, batch2]) {
        await runMicroBatch(db.client, names, batch);
        await refreshStats(db.client, names);
      }
      expect(withoutBookkeeping(await statsRows(db.client, names))).toEqual(expected);
    });

    it('rewrite only the customers whose values changed, and drop customers without records', async () => {
      const names = fresh();
      await loadDataset(names);
      await refreshStats(db.client, names);
      const first = await statsRows(db.client, names);

      await refreshStats(db.client, names);
      expect(await statsRows(db.client, names)).toEqual(first); // nothing changed, nothing rewritten

      await runMicroBatch(db.client, names, [
        eventRecord(P0, 6, TS('07', '09:00:00'), { event_id: 'e9', customer_id: 'cust-003', event_type: 'purchase', event_time: '2025-03-07T09:00:00Z', channel: 'app', amount: '5.25', points: 5 }),
      ]);
      await refreshStats(db.client, names);
      const second = await statsRows(db.client, names);
      expect(second[0]).toEqual(first[0]);
      expect(second[1]).toEqual(first[1]);
      expect(second[2]).toMatchObject({ customer_id: 'cust-003', event_count: '3', purchase_count: '1', total_purchase_amount: '5.25', avg_purchase_amount: '5.25', net_points: '5', active_days: '2', last_channel: 'app' });
      expect(second[2]!.row_version).not.toBe(first[2]!.row_version);

      // Records of cust-003 removed (e.g. a retention clean-up): the customer goes too.
      await db.client.query(`DELETE FROM ${quoteIdentifier(names.schema)}.${quoteIdentifier(names.table)} WHERE customer_id = 'cust-003'`);
      await refreshStats(db.client, names);
      expect((await statsRows(db.client, names)).map((r) => r.customer_id)).toEqual(['cust-001', 'cust-002']);
    });
  });
});
