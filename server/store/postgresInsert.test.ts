/**
 * Issue 18 item 3 (fourth pass): ingest's records and leaves inserts send the batch's own values (stored_at,
 * batch_id, ingested_by) once as scalars when every row shares them, and the leaves insert reads the records
 * insert's arrays (postgresWrites.ts, combine and unnestInsert). On a real (throwaway) PostgreSQL, every
 * column of records, leaves and participants is read back and compared with what was given, for a list whose
 * rows share those values (the scalar form) and, as the control, a list whose rows differ (the array form).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgres, type TestPostgres } from '../../test/support/postgres';
import { canonicalRecordJson } from '../../shared/journal/record';
import { participantsOf } from '../ingest';
import { makeRecord } from '../test/fixtures';
import { PostgresStore } from './postgres';
import { pgParticipantsOf } from './postgresSearch';
import type { NewRecord } from './types';

const hex = (n: number, c: string) => c.repeat(64).slice(0, 63) + String(n % 10);

function rows(from: number, count: number, shared: boolean): NewRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const k = from + i;
    const record = makeRecord(k, { body: `body ${k} "quoted" \\ ünïcödé`, conversation: k % 2 ? 'Bob@Agency.example.gov' : 'room@conference.example.gov' });
    return {
      recordId: record.recordId,
      hash: hex(k, 'a'),
      leafIndex: k,
      storedAt: shared ? '2026-02-01T10:00:00.000Z' : `2026-02-01T10:00:0${i}.000Z`,
      record,
      recordJson: canonicalRecordJson(record),
      leafHash: hex(k, 'b'),
      sentAtMs: Date.parse(record.sentAt),
      participants: participantsOf(record),
      batchId: shared ? 'batch-shared' : `batch-${i}`,
      ingestedBy: shared ? 'token-1' : `token-${i}`,
    };
  });
}

describe.skipIf(!postgresAvailable())('PostgreSQL insertRecords: shared batch values sent once', () => {
  let cluster: TestPostgres;
  let store: PostgresStore;
  let url: string;
  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase('insert');
    store = new PostgresStore(url);
    await store.migrate();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  it.each([
    ['rows sharing stored_at, batch_id and ingested_by (scalars)', 0, true],
    ['rows that differ in them (control: arrays)', 3, false],
  ])('%s: every column reads back as given', async (_name, from, shared) => {
    const list = rows(from, 3, shared);
    await store.transaction(async (tx) => {
      await tx.lockTree();
      await tx.insertRecords(list);
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows: got } = await client.query(
      `SELECT r.leaf_index, r.record_id, r.hash, r.stored_at, r.record_json, r.device_id, r.seq, r.conversation, r.conversation_key,
              r.conversation_type, r.direction, r.sender, r.kind, r.replaces, r.body, r.sent_at_ms, r.batch_id, r.ingested_by,
              l.record_id AS l_record_id, l.hash AS l_hash, l.stored_at AS l_stored_at, l.leaf_hash,
              (SELECT array_agg(p.jid ORDER BY p.jid) FROM participants p WHERE p.leaf_index = r.leaf_index AND p.sent_at_ms = r.sent_at_ms) AS jids
         FROM records r JOIN leaves l USING (leaf_index) WHERE r.leaf_index >= $1 AND r.leaf_index < $2 ORDER BY r.leaf_index`,
      [from, from + 3],
    ).finally(() => client.end());
    expect(got).toEqual(
      list.map((n) => ({
        leaf_index: String(n.leafIndex), record_id: n.recordId, hash: n.hash, stored_at: n.storedAt, record_json: n.recordJson,
        device_id: n.record.deviceId, seq: String(n.record.seq), conversation: n.record.conversation,
        conversation_key: n.record.conversation.toLowerCase(), conversation_type: n.record.conversationType, direction: n.record.direction,
        sender: n.record.sender, kind: n.record.kind, replaces: n.record.replaces ?? null, body: n.record.body, sent_at_ms: String(n.sentAtMs),
        batch_id: n.batchId, ingested_by: n.ingestedBy, l_record_id: n.recordId, l_hash: n.hash, l_stored_at: n.storedAt, leaf_hash: n.leafHash,
        jids: [...new Set(pgParticipantsOf(n))].sort(),
      })),
    );
  });
});
