/**
 * Tables of the central audit (issue 15), created next to the records tables in the same database:
 *   client_events       client audit events, append-only; each is a leaf of the events Merkle tree
 *   event_tree_state    the events tree's frontier (like tree_state for records)
 *   event_tree_heads    signed heads of the events tree, append-only
 *   siem_cursors        how far each source has been forwarded to the SIEM (the durable queue's cursor)
 * The events tree is a second RFC 6962 tree with its own signed heads (context
 * "approved-im-retention-events-sth-v1"), so record leaf numbers stay exactly as they were.
 */
export const EVENT_APPEND_ONLY = ['client_events', 'event_tree_heads'] as const;

const common = (int: string, serial: string) => `
CREATE TABLE IF NOT EXISTS client_events (
  leaf_index  ${int} PRIMARY KEY,
  event_id    TEXT NOT NULL UNIQUE,
  hash        TEXT NOT NULL,
  stored_at   TEXT NOT NULL,
  event_json  TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  jid         TEXT NOT NULL,
  type        TEXT NOT NULL,
  at_ms       ${int} NOT NULL,
  token_id    TEXT NOT NULL,
  leaf_hash   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS client_events_type_at ON client_events (type, at_ms);
CREATE INDEX IF NOT EXISTS client_events_device ON client_events (device_id, leaf_index);
CREATE INDEX IF NOT EXISTS client_events_at ON client_events (at_ms);

CREATE TABLE IF NOT EXISTS event_tree_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  size           ${int} NOT NULL,
  frontier       TEXT NOT NULL,
  last_head_size ${int} NOT NULL
);
INSERT INTO event_tree_state (id, size, frontier, last_head_size) VALUES (1, 0, '[]', 0) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS event_tree_heads (
  id         ${serial},
  tree_size  ${int} NOT NULL,
  root_hash  TEXT NOT NULL,
  timestamp  TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  signature  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS siem_cursors (
  name     TEXT PRIMARY KEY,
  position ${int} NOT NULL
);
`;

export const SQLITE_EVENT_SCHEMA = `${common('INTEGER', 'INTEGER PRIMARY KEY AUTOINCREMENT')}
${EVENT_APPEND_ONLY.flatMap((t) =>
  (['UPDATE', 'DELETE'] as const).map(
    (op) => `CREATE TRIGGER IF NOT EXISTS ${t}_no_${op.toLowerCase()} BEFORE ${op} ON ${t}
      BEGIN SELECT RAISE(ABORT, '${t} is append-only: ${op} refused'); END;`,
  ),
).join('\n')}
`;

export const PG_EVENT_SCHEMA = `${common('bigint', 'bigserial PRIMARY KEY')}
CREATE OR REPLACE FUNCTION approved_im_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$;
${EVENT_APPEND_ONLY.map(
  (t) => `
DROP TRIGGER IF EXISTS ${t}_no_change ON ${t};
CREATE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION approved_im_events_append_only();
DROP TRIGGER IF EXISTS ${t}_no_truncate ON ${t};
CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION approved_im_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM PUBLIC;`,
).join('\n')}
`;

/** Trigger names verify expects, per dialect. */
export function eventGuards(dialect: 'sqlite' | 'postgres'): string[] {
  return EVENT_APPEND_ONLY.flatMap((t) => (dialect === 'sqlite' ? [`${t}_no_update`, `${t}_no_delete`] : [`${t}_no_change`, `${t}_no_truncate`]));
}
