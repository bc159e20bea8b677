/**
 * The spool's commit as it was before the commit log (issue 18 item 8), for an A/B in the same run of
 * bench/send.bench.ts: one SQLite transaction per group (WAL, synchronous=FULL: the WAL's fsync is the
 * commit), with the same dedupe read, the same seal and the same persisted sequence counter. Not used by
 * the product; the bench's `sqliteSpool` kind beside `spool` (the log-backed spool.ts).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { canonicalRecordJson } from '../shared/journal/record';
import { newKey, Sealer } from '../main/core/journal/crypto';
import type { AppendRequest } from '../main/core/journal/spool';

export function openSqliteSpool(dir: string, deviceId = 'bench-sqlite') {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'spool.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL, frame BLOB NOT NULL, checksum BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS acked (record_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, acked_ms INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS quarantine (seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('next_seq', '1');`);
  const key = newKey();
  const nextSeq = db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'next_seq'`);
  const setSeq = db.prepare(`UPDATE meta SET value = ? WHERE key = 'next_seq'`);
  const known = db.prepare<[string, string, string], { n: number }>(
    `SELECT (SELECT COUNT(*) FROM entries WHERE record_id = ?) + (SELECT COUNT(*) FROM acked WHERE record_id = ?) + (SELECT COUNT(*) FROM quarantine WHERE record_id = ?) AS n`,
  );
  const insert = db.prepare(`INSERT INTO entries (seq, record_id, created_ms, frame, checksum) VALUES (?, ?, ?, ?, ?)`);
  // One sealer for the spool, as spool.ts keeps (a one-off seal() would draw a fresh nonce pool per record).
  const sealer = new Sealer(key);
  const append = db.transaction((reqs: AppendRequest[], nowMs: number) => {
    let seq = Number(nextSeq.get()?.value ?? '1');
    for (const r of reqs) {
      if ((known.get(r.recordId, r.recordId, r.recordId)?.n ?? 0) > 0) continue;
      const sealed = sealer.seal({ deviceId, seq, recordId: r.recordId }, canonicalRecordJson(r.build(seq, deviceId)));
      insert.run(seq, r.recordId, nowMs, sealed.frame, sealed.checksum);
      seq += 1;
    }
    setSeq.run(String(seq));
  });
  return { deviceId, append: (reqs: AppendRequest[], nowMs: number): void => append.immediate(reqs, nowMs), close: (): void => void db.close() };
}
