/**
 * Issue 18 item 3: the indexes `participants_leaf` (participants by leaf_index) and `records_record_id` are no
 * longer made, and a database made before loses them on open. Shown on a real (throwaway) PostgreSQL:
 *  - with the old index in place and sequential scans disabled (so the planner takes any index it can use),
 *    EXPLAIN of every search shape of the records bench (rare word, common word, two words, participant,
 *    conversation, one day, combined, and a cursor page) never names participants_leaf; the control, a
 *    lookup by leaf_index, does, so the check can see the index when a plan uses it;
 *  - opening the old database (migrate) drops it, and every search and the records-management
 *    conversation summary answer exactly as before;
 *  - a record by id (getRecord) goes through leaves' unique index to the record's leaf in records' primary
 *    key (EXPLAIN), finds the same rows as the old lookup by records.record_id (control), and a missing id
 *    finds nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgres, type TestPostgres } from '../../test/support/postgres';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { GET_RECORD_SQL, PostgresStore } from './postgres';
import type { RecordQuery } from './types';

const caller = { tokenId: 't1', tokenName: 'test' };
const day = (month: number, d: number, s: number) => new Date(Date.UTC(2025, month - 1, d, 9, 0, s)).toISOString();
/** participants_leaf or its partitions' copies (participants_y2025m01_leaf_index_idx, …). */
const USES_INDEX = /participants_(y\d{4}m\d{2}_|default_)?leaf(_index_idx)?\b/;
const CAROL = 'carol@agency.example.gov';

/** The search shapes of bench/records.bench.ts, on this test's data. */
const SHAPES: Record<string, RecordQuery> = {
  rareWord: { terms: ['zanzibar'], limit: 50 },
  commonWord: { terms: ['budget'], limit: 50 },
  twoWords: { terms: ['quarterly budget'], limit: 50 },
  participant: { participant: CAROL, limit: 50 },
  conversation: { conversation: 'bob@agency.example.gov', limit: 50 },
  oneDay: { fromMs: Date.UTC(2025, 1, 12), toMs: Date.UTC(2025, 1, 12, 23, 59, 59), limit: 50 },
  combined: { participant: CAROL, terms: ['budget'], fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2025, 1, 28), limit: 50 },
  cursor: { participant: CAROL, limit: 3, after: { sentAtMs: Date.UTC(2025, 0, 15), leafIndex: 4 } },
  cursorWords: { terms: ['budget'], limit: 3, after: { sentAtMs: Date.UTC(2025, 1, 1), leafIndex: 0 } },
};

async function fill(store: PostgresStore): Promise<void> {
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 10, everyMs: 0 });
  await heads.registerKey();
  const ingest = new Ingestor(store, heads);
  const all = [];
  let seq = 0;
  for (const month of [1, 2, 3]) {
    for (let i = 0; i < 8; i++) {
      seq++;
      const sentAt = day(month, 10 + i, seq);
      all.push(makeRecord(seq, { sentAt, recordedAt: sentAt, recipients: i % 2 ? ['bob@agency.example.gov', CAROL] : ['bob@agency.example.gov'], ...(seq === 5 ? { body: 'zanzibar once' } : {}) }));
    }
  }
  for (let i = 0; i < all.length; i += 5) expect((await ingest.ingest(batch(all.slice(i, i + 5)), caller)).status).toBe(200);
}

describe.skipIf(!postgresAvailable())('PostgreSQL indexes: participants_leaf is not needed', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('no search shape uses it (EXPLAIN, sequential scans off; control: a leaf_index lookup does); a database made before loses it on open, answers unchanged', { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('indexes');
    const store = new PostgresStore(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await store.migrate();
      await fill(store);
      const hasIndex = async () => (await client.query("SELECT 1 FROM pg_class WHERE relname = 'participants_leaf'")).rows.length === 1;
      expect(await hasIndex()).toBe(false);
      // The database as the previous schema made it.
      await client.query('CREATE INDEX participants_leaf ON participants (leaf_index)');
      await client.query('ANALYZE');
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string, args: unknown[]) => (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, args)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const control = await plan('SELECT jid FROM participants WHERE leaf_index = $1', [3]);
      expect(control).toMatch(USES_INDEX);
      const before: Record<string, string[]> = {};
      for (const [name, q] of Object.entries(SHAPES)) {
        const { sql, args } = store.searchSql(q);
        const p = await plan(sql, args);
        expect(p, name).not.toMatch(USES_INDEX);
        before[name] = (await store.searchRecords(q)).map((r) => r.recordId);
      }
      // The shapes find what they should (so the plans above are of searches that return rows).
      expect(before.rareWord).toEqual(['device-a/msg-5']);
      expect(before.participant).toHaveLength(12);
      expect(before.combined).toHaveLength(8);
      expect(before.oneDay).toEqual(['device-a/msg-11']);
      const conversationsBefore = await store.management.conversations();

      // Opening the old database (migrate) drops the index; answers are the same.
      await store.migrate();
      expect(await hasIndex()).toBe(false);
      for (const [name, q] of Object.entries(SHAPES)) expect((await store.searchRecords(q)).map((r) => r.recordId), name).toEqual(before[name]);
      expect(await store.management.conversations()).toEqual(conversationsBefore);
    } finally {
      await client.end();
      await store.close();
    }
  });

  it('getRecord goes through leaves to the record (EXPLAIN), answering as the old records.record_id lookup did (control)', { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('byid');
    const store = new PostgresStore(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await store.migrate();
      await fill(store);
      expect((await client.query("SELECT 1 FROM pg_class WHERE relname = 'records_record_id'")).rows).toEqual([]);
      await client.query('ANALYZE');
      await client.query('SET enable_seqscan = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${GET_RECORD_SQL}`, ['device-a/msg-12'])).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/leaves_record_id/);
      expect(plan).toMatch(/records_y2025m0\d_pkey/);
      const ids = (await client.query<{ record_id: string }>('SELECT record_id FROM leaves ORDER BY leaf_index')).rows.map((r) => r.record_id);
      expect(ids).toHaveLength(24);
      for (const id of ids) {
        const old = (await client.query('SELECT record_id, hash, leaf_index::int AS leaf_index, stored_at, record_json FROM records WHERE record_id = $1', [id])).rows[0];
        const got = await store.getRecord(id);
        expect(got && { record_id: got.recordId, hash: got.hash, leaf_index: got.leafIndex, stored_at: got.storedAt, record_json: got.recordJson }).toEqual(old);
      }
      expect(await store.getRecord('device-a/no-such-record')).toBeUndefined();
      // A database made before (with the index) loses it on open and answers the same.
      await client.query('CREATE INDEX records_record_id ON records (record_id)');
      await store.migrate();
      expect((await client.query("SELECT 1 FROM pg_class WHERE relname = 'records_record_id'")).rows).toEqual([]);
      expect((await store.getRecord('device-a/msg-12'))?.leafIndex).toBe(11);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
