/**
 * Issue 18 item 2, partitions: records and participants partitioned by month of sent_at_ms on a real
 * (throwaway) PostgreSQL. A search with a date range touches only its month's partitions (EXPLAIN), a
 * search without one touches all (the control); each partition keeps the append-only guards; and a
 * schema-1 database (plain tables) is converted on open, keeping every record, and `verify` passes.
 */
import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgres, type TestPostgres } from '../../test/support/postgres';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { verifyStore } from '../verify';
import { PostgresStore } from './postgres';

const caller = { tokenId: 't1', tokenName: 'test' };
const at = (month: number, day: number, seq: number) => new Date(Date.UTC(2025, month - 1, day, 9, 0, seq)).toISOString();

/** 6 records in each of January, February and March 2025; conversation with bob, half also to carol. */
function records(): ReturnType<typeof makeRecord>[] {
  const out = [];
  let seq = 0;
  for (const month of [1, 2, 3]) {
    for (let i = 0; i < 6; i++) {
      seq++;
      const sentAt = at(month, 10 + i, seq);
      out.push(makeRecord(seq, { sentAt, recordedAt: sentAt, recipients: i % 2 ? ['bob@agency.example.gov', 'carol@agency.example.gov'] : ['bob@agency.example.gov'] }));
    }
  }
  return out;
}

/** The ids of records(), in time order. */
const all18 = (): string[] => records().map((r) => r.recordId);

async function fill(store: PostgresStore): Promise<void> {
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 5, everyMs: 0 });
  await heads.registerKey();
  const ingest = new Ingestor(store, heads);
  const all = records();
  for (let i = 0; i < all.length; i += 4) expect((await ingest.ingest(batch(all.slice(i, i + 4)), caller)).status).toBe(200);
  await heads.signNow(false);
}

const planOf = async (store: PostgresStore, q: Parameters<PostgresStore['searchSql']>[0]): Promise<string> => {
  const { sql, args } = store.searchSql(q);
  const rows = (await store.sqlPool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, args)).rows;
  return rows.map((r) => r['QUERY PLAN']).join('\n');
};

describe.skipIf(!postgresAvailable())('PostgreSQL store partitioned by time', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('stores each month in its partition; a date-range search touches only that month (EXPLAIN), without a range all months', { timeout: 120_000 }, async () => {
    const store = new PostgresStore(await cluster.createDatabase('parts'));
    try {
      await store.migrate();
      await fill(store);
      const placed = (await store.sqlPool.query<{ part: string; n: number }>('SELECT tableoid::regclass::text AS part, COUNT(*) AS n FROM records GROUP BY 1 ORDER BY 1')).rows;
      expect(placed).toEqual([
        { part: 'records_y2025m01', n: 6 },
        { part: 'records_y2025m02', n: 6 },
        { part: 'records_y2025m03', n: 6 },
      ]);
      const kind = (await store.sqlPool.query<{ relkind: string }>("SELECT relkind FROM pg_class WHERE relname = 'participants'")).rows[0];
      expect(kind?.relkind).toBe('p');

      const feb = { fromMs: Date.UTC(2025, 1, 1), toMs: Date.UTC(2025, 1, 28, 23, 59, 59), limit: 100 };
      const byDate = await planOf(store, { ...feb, terms: ['budget'], participant: 'carol@agency.example.gov' });
      expect(byDate).toMatch(/records_y2025m02/);
      expect(byDate).toMatch(/participants_y2025m02/);
      expect(byDate).not.toMatch(/_y2025m01|_y2025m03|records_default|participants_default/);
      // Control: the same search without a date range reads every month.
      const everything = await planOf(store, { terms: ['budget'], participant: 'carol@agency.example.gov', limit: 100 });
      for (const m of ['01', '02', '03']) expect(everything).toMatch(new RegExp(`records_y2025m${m}`));

      // And the pruned search answers correctly: February's records to carol, in time order.
      const found = await store.searchRecords({ ...feb, terms: ['budget'], participant: 'carol@agency.example.gov' });
      expect(found.map((r) => r.recordId)).toEqual(['device-a/msg-8', 'device-a/msg-10', 'device-a/msg-12']);
      // A search for the conversation's own JID finds every record of the conversation, once each, in
      // time order, and pages by the cursor (PostgreSQL keeps the key in participants: pgParticipantsOf).
      const everyRecord = all18();
      expect((await store.searchRecords({ participant: 'bob@agency.example.gov', limit: 100 })).map((r) => r.recordId)).toEqual(everyRecord);
      const page = await store.searchRecords({ participant: 'bob@agency.example.gov', limit: 5, after: { sentAtMs: Date.UTC(2025, 1, 1), leafIndex: 0 } });
      expect(page.map((r) => r.recordId)).toEqual(everyRecord.slice(6, 11));
      expect((await verifyStore(store)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('every partition keeps the guards: TRUNCATE or DELETE of one month is refused, and a disabled guard is named', { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('guards');
    const store = new PostgresStore(url);
    const client = new pg.Client({ connectionString: url });
    try {
      await store.migrate();
      await fill(store);
      await client.connect();
      // Control: the ordinary path (ingest) wrote to these partitions, and verify sees every guard in place.
      expect(Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM records_y2025m01')).rows[0]?.n)).toBe(6);
      expect(await store.missingGuards()).toEqual([]);
      await expect(client.query('TRUNCATE records_y2025m01')).rejects.toThrow(/append-only/);
      await expect(client.query('TRUNCATE participants_y2025m02')).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM records_y2025m03')).rejects.toThrow(/append-only|permission denied/);
      expect(Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM records')).rows[0]?.n)).toBe(18);
      await client.query('ALTER TABLE records_y2025m01 DISABLE TRIGGER records_y2025m01_no_truncate');
      expect(await store.missingGuards()).toEqual(['trigger records_y2025m01_no_truncate on records_y2025m01 (missing or disabled)']);
    } finally {
      await client.end().catch(() => undefined);
      await store.close();
    }
  });

  it('a server connected as a role that only reads and appends still gets a new month\'s partition (through the owner\'s function)', { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('approle');
    const owner = new PostgresStore(url);
    await owner.migrate();
    await fill(owner);
    await owner.sqlPool.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'retention_app') THEN CREATE ROLE retention_app LOGIN; END IF; END $$;
      GRANT USAGE ON SCHEMA public TO retention_app;
      GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO retention_app;
      GRANT UPDATE ON tree_state TO retention_app;
      GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO retention_app;
      GRANT EXECUTE ON FUNCTION retention_ensure_month(bigint) TO retention_app;`);
    await owner.close();
    const appUrl = url.replace('postgres://postgres@', 'postgres://retention_app@');
    const app = new PostgresStore(appUrl);
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      // The role cannot make a partition itself …
      await expect(client.query('CREATE TABLE records_y2025m05 PARTITION OF records FOR VALUES FROM (1746057600000) TO (1748736000000)')).rejects.toThrow(/must be owner|permission denied/);
      // … yet its ingest of an April record makes April's partitions, guarded, and stores the record there.
      const heads = new TreeHeads(app, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      await heads.registerKey();
      const sentAt = at(4, 2, 30);
      expect((await new Ingestor(app, heads).ingest(batch([makeRecord(19, { sentAt, recordedAt: sentAt })]), caller)).status).toBe(200);
      expect((await client.query<{ part: string }>("SELECT tableoid::regclass::text AS part FROM records WHERE record_id = 'device-a/msg-19'")).rows).toEqual([{ part: 'records_y2025m04' }]);
      await expect(client.query('TRUNCATE records_y2025m04')).rejects.toThrow(/append-only|permission denied/);
    } finally {
      await client.end();
      await app.close();
    }
  });

  it('a schema-1 database (records not partitioned) is converted on open: every record kept, verify passes', { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('v1');
    const first = new PostgresStore(url);
    await first.migrate();
    await fill(first);
    await first.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await toSchemaOne(client);
      expect((await client.query<{ relkind: string }>("SELECT relkind FROM pg_class WHERE relname = 'records'")).rows[0]?.relkind).toBe('r');
      const store = new PostgresStore(url);
      try {
        await store.migrate();
        expect((await client.query<{ relkind: string }>("SELECT relkind FROM pg_class WHERE relname = 'records'")).rows[0]?.relkind).toBe('p');
        expect(Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM records_y2025m02')).rows[0]?.n)).toBe(6);
        // Each record's sender and conversation, and carol in nine.
        expect(Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM participants')).rows[0]?.n)).toBe(18 * 2 + 9);
        expect((await client.query("SELECT 1 FROM pg_class WHERE relname IN ('records_v1', 'participants_v1')")).rows).toEqual([]);
        expect((await client.query<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'")).rows[0]?.value).toBe('2');
        const report = await verifyStore(store);
        expect(report.problems).toEqual([]);
        expect(report.leaves).toBe(18);
        expect((await store.searchRecords({ participant: 'carol@agency.example.gov', limit: 100 })).length).toBe(9);
      } finally {
        await store.close();
      }
    } finally {
      await client.end();
    }
  });
});

/** Turn a schema-2 database back into schema 1's shape (plain records and participants, as caecde7 made them). */
async function toSchemaOne(c: pg.Client): Promise<void> {
  await c.query(`BEGIN;
    CREATE TABLE records_old (
      leaf_index bigint PRIMARY KEY, record_id text NOT NULL UNIQUE, hash text NOT NULL, stored_at text NOT NULL, record_json text NOT NULL,
      device_id text NOT NULL, seq bigint NOT NULL, conversation text NOT NULL, conversation_key text NOT NULL, conversation_type text NOT NULL,
      direction text NOT NULL, sender text NOT NULL, kind text NOT NULL, replaces text, body text NOT NULL, sent_at_ms bigint NOT NULL,
      batch_id text NOT NULL, ingested_by text NOT NULL,
      body_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED);
    INSERT INTO records_old (leaf_index, record_id, hash, stored_at, record_json, device_id, seq, conversation, conversation_key, conversation_type,
      direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by)
      SELECT leaf_index, record_id, hash, stored_at, record_json, device_id, seq, conversation, conversation_key, conversation_type,
      direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by FROM records;
    CREATE TABLE participants_old (jid text NOT NULL, leaf_index bigint NOT NULL, PRIMARY KEY (jid, leaf_index));
    INSERT INTO participants_old SELECT jid, leaf_index FROM participants;
    DROP TABLE records CASCADE; DROP TABLE participants CASCADE;
    ALTER TABLE records_old RENAME TO records; ALTER TABLE participants_old RENAME TO participants;
    ALTER TABLE records RENAME CONSTRAINT records_old_pkey TO records_pkey;
    ALTER TABLE records RENAME CONSTRAINT records_old_record_id_key TO records_record_id_key;
    ALTER TABLE participants RENAME CONSTRAINT participants_old_pkey TO participants_pkey;
    CREATE INDEX records_device_seq ON records (device_id, seq);
    CREATE INDEX records_sent ON records (sent_at_ms, leaf_index);
    CREATE INDEX records_conversation ON records (conversation_key, sent_at_ms, leaf_index);
    CREATE INDEX records_body_tsv ON records USING gin (body_tsv);
    CREATE TRIGGER records_no_change BEFORE UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION retention_records_guard();
    CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change();
    CREATE TRIGGER participants_no_change BEFORE UPDATE OR DELETE ON participants FOR EACH ROW EXECUTE FUNCTION retention_refuse_change();
    CREATE TRIGGER participants_no_truncate BEFORE TRUNCATE ON participants FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change();
    DROP FUNCTION retention_ensure_month(bigint); DROP FUNCTION retention_guard_partition(text);
    UPDATE meta SET value = '1' WHERE key = 'schema_version';
    COMMIT;`);
}
