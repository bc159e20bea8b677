/**
 * The SQLite ingest transaction's writes that follow the records rows, one statement per batch where the
 * batch allows it (a statement per row costs a better-sqlite3 call, a bind and a step per row): the
 * participants rows, the Merkle leaves, and the full-text index. Each has a row-by-row equivalent whose
 * rows it must equal (sqliteBatchWrites.test.ts).
 */
import type Database from 'better-sqlite3';
import type { NewRecord } from './types';

type Prepare = (sql: string) => Database.Statement;

/** The first of `leaves` when they run on one by one (as ingest appends them), else undefined. */
function contiguousFrom(leaves: readonly number[]): number | undefined {
  const first = leaves[0];
  return first !== undefined && leaves.every((l, i) => l === first + i) ? first : undefined;
}

/**
 * The batch's participants rows: one statement per participant JID with that JID's leaves as one JSON
 * array (a device's batch mostly names its owner on every record: ~0.65 µs per record less than a
 * statement per row). The same rows as a statement per row (sqliteBatchWrites.test.ts).
 */
export function insertParticipants(st: Prepare, rows: Pick<NewRecord, 'leafIndex' | 'participants'>[]): void {
  const byJid = new Map<string, number[]>();
  for (const r of rows) {
    for (const jid of r.participants) {
      const leaves = byJid.get(jid);
      if (leaves) leaves.push(r.leafIndex);
      else byJid.set(jid, [r.leafIndex]);
    }
  }
  const stmt = st('INSERT OR IGNORE INTO participants (jid, leaf_index) SELECT ?, value FROM json_each(?)');
  for (const [jid, leaves] of byJid) stmt.run(jid, JSON.stringify(leaves));
}

/**
 * The batch's Merkle leaves: when their indexes are contiguous (as ingest appends them), one INSERT …
 * SELECT that takes record_id, hash and stored_at from the records rows just written and the leaf hashes
 * from one JSON array (~1.3 µs per record less than a statement per row, bench/ingestVariants.ts); else
 * row by row. The rows are the same either way (sqliteBatchWrites.test.ts).
 */
export function insertLeaves(st: Prepare, rows: Pick<NewRecord, 'leafIndex' | 'recordId' | 'hash' | 'storedAt' | 'leafHash'>[]): void {
  if (rows.length === 0) return;
  const first = contiguousFrom(rows.map((r) => r.leafIndex));
  if (first !== undefined) {
    // Integers as BigInt, so the join seeks records by rowid (better-sqlite3 binds a JS number as a REAL).
    const written = st(`INSERT INTO leaves (leaf_index, record_id, hash, stored_at, leaf_hash)
      SELECT r.leaf_index, r.record_id, r.hash, r.stored_at, j.value FROM json_each(?) j JOIN records r ON r.leaf_index = ? + j.key`)
      .run(JSON.stringify(rows.map((r) => r.leafHash)), BigInt(first)).changes;
    if (written !== rows.length) throw new Error(`leaves: ${written} of ${rows.length} rows written (records rows missing); the batch is rolled back`);
    return;
  }
  const one = st('INSERT INTO leaves (leaf_index, record_id, hash, stored_at, leaf_hash) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows) one.run(r.leafIndex, r.recordId, r.hash, r.storedAt, r.leafHash);
}

/**
 * Add just-inserted records to the full-text index, in the same transaction: one INSERT … SELECT over
 * the batch's leaf range when the leaves are contiguous (as ingest appends them), else row by row.
 */
export function indexBodies(st: Prepare, leaves: number[]): void {
  if (leaves.length === 0) return;
  const first = contiguousFrom(leaves);
  if (first !== undefined) {
    st('INSERT INTO records_fts (rowid, body) SELECT leaf_index, body FROM records WHERE leaf_index BETWEEN ? AND ?').run(first, first + leaves.length - 1);
    return;
  }
  const one = st('INSERT INTO records_fts (rowid, body) SELECT leaf_index, body FROM records WHERE leaf_index = ?');
  for (const l of leaves) one.run(l);
}
