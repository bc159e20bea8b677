/**
 * The spool's index (spool.ts): one SQLite database, WAL, synchronous=NORMAL (the commit log, spoolLog.ts,
 * makes appends durable; acknowledgements, quarantine and setup commit with synchronous=FULL, durably()).
 * Only the record id, the sequence number and the spool time are in clear; entries stay sealed.
 */
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL,
  frame BLOB NOT NULL, checksum BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS acked (record_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, acked_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS acked_time ON acked (acked_ms);
CREATE TABLE IF NOT EXISTS idents (ident TEXT PRIMARY KEY, content TEXT NOT NULL, seen_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, seen_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quarantine (
  seq INTEGER PRIMARY KEY, record_id TEXT NOT NULL, created_ms INTEGER NOT NULL,
  frame BLOB NOT NULL, checksum BLOB NOT NULL, reason TEXT NOT NULL
);
`;

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The log makes appends durable; the index's own commits fsync only where durably() says so.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
