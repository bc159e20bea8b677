/**
 * SQLite ingest writes a batch's Merkle leaves with one INSERT … SELECT and its participants with one
 * statement per JID (sqliteBatchWrites.ts): the rows must be exactly those a statement per row writes, the
 * leaves' join must seek records by rowid, and a missing records row must fail the batch instead of
 * leaving a leaf out.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/journal/record';
import { Ingestor, participantsOf } from '../ingest';
import { recordLeafHash } from '../merkle';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { verifyStore } from '../verify';
import { SqliteStore } from './sqlite';
import { insertLeaves, insertParticipants } from './sqliteBatchWrites';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-leaves-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(name: string): Promise<{ store: SqliteStore; ingestor: Ingestor }> {
  const store = new SqliteStore(join(dir, `${name}.db`));
  await store.migrate();
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 7, everyMs: 0 });
  await heads.registerKey();
  return { store, ingestor: new Ingestor(store, heads) };
}

const caller = { tokenId: 't', tokenName: 't' };
const st = (store: SqliteStore) => (sql: string) => store.raw.prepare(sql);

describe('SQLite leaves and participants written per batch', () => {
  it('are the leaves of the records rows, with their leaf hashes, and verify accepts the store', async () => {
    const { store, ingestor } = await open('ingest');
    // Three batches, the second with a duplicate and a record repeated inside the batch.
    expect((await ingestor.ingest(batch(Array.from({ length: 12 }, (_, i) => makeRecord(i + 1)), 'b1'), caller)).status).toBe(200);
    const second = [makeRecord(5), ...Array.from({ length: 9 }, (_, i) => makeRecord(i + 13)), makeRecord(14)];
    expect((await ingestor.ingest(batch(second, 'b2'), caller)).status).toBe(200);
    expect((await ingestor.ingest(batch([makeRecord(40, { deviceId: 'device-b' })], 'b3'), caller)).status).toBe(200);

    const leaves = await store.leafRange(0, 100);
    const records = await store.recordRange(0, 100);
    expect(leaves).toHaveLength(22);
    expect(leaves.map((l) => l.leafIndex)).toEqual(records.map((r) => r.leafIndex));
    for (const [i, l] of leaves.entries()) {
      const r = records[i] as (typeof records)[number];
      expect({ recordId: l.recordId, hash: l.hash, storedAt: l.storedAt }).toEqual({ recordId: r.recordId, hash: r.hash, storedAt: r.storedAt });
      expect(l.leafHash).toBe(recordLeafHash(r.recordId, r.hash, r.storedAt).toString('hex'));
    }
    const report = await verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    await store.close();
  });

  it('the batch statement writes the same rows as a statement per row (leaves out of order take that path)', async () => {
    const { store, ingestor } = await open('paths');
    expect((await ingestor.ingest(batch(Array.from({ length: 6 }, (_, i) => makeRecord(i + 1)), 'b1'), caller)).status).toBe(200);
    const written = await store.leafRange(0, 6);
    const copy = new SqliteStore(join(dir, 'paths-copy.db'));
    await copy.migrate();
    copy.raw.exec(`ATTACH '${join(dir, 'paths.db')}' AS src; INSERT INTO records SELECT * FROM src.records; DETACH src`);
    // The same rows through the row-by-row path: not contiguous (reversed), so one statement per leaf.
    const rows = written.map((l) => ({ leafIndex: l.leafIndex, recordId: l.recordId, hash: l.hash, storedAt: l.storedAt, leafHash: l.leafHash }));
    copy.raw.transaction(() => insertLeaves(st(copy), [...rows].reverse()))();
    expect(await copy.leafRange(0, 6)).toEqual(written);
    await copy.close();
    await store.close();
  });

  it('seeks each records row by rowid, and refuses a batch whose records rows are missing', async () => {
    const { store, ingestor } = await open('plan');
    expect((await ingestor.ingest(batch([makeRecord(1), makeRecord(2)], 'b1'), caller)).status).toBe(200);
    const plan = (store.raw.prepare(`EXPLAIN QUERY PLAN SELECT r.leaf_index FROM json_each(?) j JOIN records r ON r.leaf_index = ? + j.key`)
      .all('["a"]', 0n) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\)/);

    // Control: leaves for records rows that exist are written.
    const before = (await store.leafRange(0, 10)).length;
    const leaf = { recordId: 'x', hash: 'h', storedAt: 's', leafHash: 'l' };
    // No records rows at 10 and 11: nothing may be written, and the statement says so.
    expect(() => store.raw.transaction(() => insertLeaves(st(store), [{ ...leaf, leafIndex: 10 }, { ...leaf, leafIndex: 11 }]))()).toThrow(/0 of 2 rows written/);
    expect((await store.leafRange(0, 20)).length).toBe(before);
    expect(before).toBe(2);
    await store.close();
  });

  it('participants: one statement per JID writes the rows a statement per row writes, duplicates ignored', async () => {
    const { store, ingestor } = await open('participants');
    const group = (i: number) => makeRecord(i, { conversation: 'room@conference.agency.example.gov', conversationType: 'groupchat', recipients: ['room@conference.agency.example.gov'], sender: i % 2 ? 'alice@agency.example.gov' : 'Carol@Agency.example.gov/phone' });
    const records = [...Array.from({ length: 5 }, (_, i) => makeRecord(i + 1, { recipients: ['bob@agency.example.gov', 'dave@agency.example.gov'] })), ...Array.from({ length: 5 }, (_, i) => group(i + 6))];
    expect((await ingestor.ingest(batch(records, 'b1'), caller)).status).toBe(200);
    const rowsOf = (s: SqliteStore) => s.raw.prepare('SELECT jid, leaf_index FROM participants ORDER BY jid, leaf_index').all();
    const written = rowsOf(store);
    // The reference: participantsOf per stored record, a statement per row.
    const reference = new SqliteStore(join(dir, 'participants-ref.db'));
    await reference.migrate();
    const one = reference.raw.prepare('INSERT OR IGNORE INTO participants (jid, leaf_index) VALUES (?, ?)');
    const stored = await store.recordRange(0, 100);
    for (const r of stored) for (const jid of participantsOf(JSON.parse(r.recordJson) as JournalRecord)) one.run(jid, r.leafIndex);
    expect(written).toEqual(rowsOf(reference));
    expect(written.length).toBeGreaterThan(10);
    // Written again (as a retried statement would be): nothing changes.
    store.raw.transaction(() => insertParticipants(st(store), stored.map((r) => ({ leafIndex: r.leafIndex, participants: participantsOf(JSON.parse(r.recordJson) as JournalRecord) }))))();
    expect(rowsOf(store)).toEqual(written);
    await reference.close();
    await store.close();
  });
});
