/**
 * SQLite schema (version 1). Records and leaves are append-only: triggers abort any UPDATE or DELETE.
 * The FTS5 index is an external-content index over records.body, filled in the ingest transaction
 * (one INSERT … SELECT per batch, see SqliteStore.insertRecords).
 */
export const SQLITE_SCHEMA_VERSION = 1;

/** Triggers that make a table append-only; verify checks that every one of them exists. */
export const SQLITE_GUARDS: { table: string; trigger: string; op: 'UPDATE' | 'DELETE' }[] = [
  'records',
  'leaves',
  'participants',
  'tree_heads',
  'signing_keys',
  'audit',
  'alerts',
  'batches',
].flatMap((table) => [
  { table, trigger: `${table}_no_update`, op: 'UPDATE' as const },
  { table, trigger: `${table}_no_delete`, op: 'DELETE' as const },
]);

const guardSql = SQLITE_GUARDS.map(
  (g) =>
    `CREATE TRIGGER IF NOT EXISTS ${g.trigger} BEFORE ${g.op} ON ${g.table}
     BEGIN SELECT RAISE(ABORT, '${g.table} is append-only: ${g.op} refused'); END;`,
).join('\n');

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS records (
  leaf_index        INTEGER PRIMARY KEY,
  record_id         TEXT NOT NULL UNIQUE,
  hash              TEXT NOT NULL,
  stored_at         TEXT NOT NULL,
  record_json       TEXT NOT NULL,
  device_id         TEXT NOT NULL,
  seq               INTEGER NOT NULL,
  conversation      TEXT NOT NULL,
  conversation_key  TEXT NOT NULL,
  conversation_type TEXT NOT NULL,
  direction         TEXT NOT NULL,
  sender            TEXT NOT NULL,
  kind              TEXT NOT NULL,
  replaces          TEXT,
  body              TEXT NOT NULL,
  sent_at_ms        INTEGER NOT NULL,
  batch_id          TEXT NOT NULL,
  ingested_by       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_device_seq ON records (device_id, seq);
CREATE INDEX IF NOT EXISTS records_sent ON records (sent_at_ms, leaf_index);
CREATE INDEX IF NOT EXISTS records_conversation ON records (conversation_key, sent_at_ms, leaf_index);
-- Participant searches: the times of a participant's leaves without reading the records rows.
CREATE INDEX IF NOT EXISTS records_leaf_sent ON records (leaf_index, sent_at_ms);

CREATE TABLE IF NOT EXISTS leaves (
  leaf_index INTEGER PRIMARY KEY,
  record_id  TEXT NOT NULL,
  hash       TEXT NOT NULL,
  stored_at  TEXT NOT NULL,
  leaf_hash  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS participants (
  jid        TEXT NOT NULL,
  leaf_index INTEGER NOT NULL,
  PRIMARY KEY (jid, leaf_index)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
  body, content='records', content_rowid='leaf_index', tokenize='unicode61'
);
-- The index is filled by the ingest transaction, one INSERT … SELECT per batch (SqliteStore.insertRecords):
-- a per-row AFTER INSERT trigger (the schema's first form, dropped here) cost ~5× as much per record.
DROP TRIGGER IF EXISTS records_fts_insert;

CREATE TABLE IF NOT EXISTS tree_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  size           INTEGER NOT NULL,
  frontier       TEXT NOT NULL,
  last_head_size INTEGER NOT NULL
);
INSERT OR IGNORE INTO tree_state (id, size, frontier, last_head_size) VALUES (1, 0, '[]', 0);

CREATE TABLE IF NOT EXISTS tree_heads (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tree_size  INTEGER NOT NULL,
  root_hash  TEXT NOT NULL,
  timestamp  TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  signature  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS signing_keys (
  key_id         TEXT PRIMARY KEY,
  public_key_pem TEXT NOT NULL,
  created_at     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS tokens (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TRIGGER IF NOT EXISTS tokens_no_delete BEFORE DELETE ON tokens
  BEGIN SELECT RAISE(ABORT, 'tokens are revoked, never deleted'); END;
CREATE TRIGGER IF NOT EXISTS tokens_revoke_only BEFORE UPDATE ON tokens
  WHEN old.revoked_at IS NOT NULL OR new.id IS NOT old.id OR new.name IS NOT old.name OR new.role IS NOT old.role
    OR new.token_hash IS NOT old.token_hash OR new.created_at IS NOT old.created_at OR new.revoked_at IS NULL
  BEGIN SELECT RAISE(ABORT, 'a token can only be revoked'); END;

CREATE TABLE IF NOT EXISTS audit (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           TEXT NOT NULL,
  at_ms        INTEGER NOT NULL,
  token_id     TEXT,
  token_name   TEXT,
  role         TEXT,
  action       TEXT NOT NULL,
  query        TEXT NOT NULL,
  result_count INTEGER NOT NULL,
  outcome      TEXT NOT NULL,
  remote       TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at_ms, id);

CREATE TABLE IF NOT EXISTS alerts (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  type      TEXT NOT NULL,
  at        TEXT NOT NULL,
  device_id TEXT,
  record_id TEXT,
  detail    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS batches (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id    TEXT NOT NULL,
  received_at TEXT NOT NULL,
  token_id    TEXT NOT NULL,
  stored      INTEGER NOT NULL,
  duplicates  INTEGER NOT NULL,
  conflicts   INTEGER NOT NULL
);

${guardSql}

INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '${SQLITE_SCHEMA_VERSION}');
`;
