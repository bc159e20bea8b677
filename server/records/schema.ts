/**
 * Records-management tables for SQLite and PostgreSQL, applied after the base schema on every migrate.
 *
 * Append-only (guarded like records): rm_classifications, rm_holds, rm_hold_releases, rm_dispositions,
 * rm_disposition_items, rm_disposition_approvals, rm_disposed. Series and rules are configuration
 * (changes go to the access audit).
 *
 * Disposition is the one controlled path past the records guard: an UPDATE of a records row is allowed
 * only when its leaf is listed in rm_disposed (written in the same transaction as the approval), and only
 * to blank record_json and body; every other column must stay as it was. The leaves table is untouched,
 * so the Merkle tree and every signed head stay valid.
 */
export const RM_APPEND_ONLY = [
  'rm_classifications',
  'rm_holds',
  'rm_hold_releases',
  'rm_dispositions',
  'rm_disposition_items',
  'rm_disposition_approvals',
  'rm_disposed',
  'rm_certificates',
] as const;

const KEPT_COLUMNS = ['leaf_index', 'record_id', 'hash', 'stored_at', 'device_id', 'seq', 'conversation', 'conversation_key',
  'conversation_type', 'direction', 'sender', 'kind', 'replaces', 'sent_at_ms', 'batch_id', 'ingested_by'];

const TABLES = (t: { id: string; int: string; json: string }) => `
CREATE TABLE IF NOT EXISTS rm_series (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, retention_days ${t.int}, citation TEXT NOT NULL,
  is_default ${t.int} NOT NULL DEFAULT 0, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_rules (
  id ${t.id}, series_id TEXT NOT NULL, kind TEXT NOT NULL, vals TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_classifications (
  id ${t.id}, conversation_key TEXT NOT NULL, series_id TEXT NOT NULL, reason TEXT NOT NULL, by_whom TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_holds (
  id TEXT PRIMARY KEY, matter TEXT NOT NULL, reason TEXT NOT NULL, owner TEXT NOT NULL, scope ${t.json} NOT NULL,
  placed_by TEXT NOT NULL, placed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_hold_releases (
  hold_id TEXT PRIMARY KEY, reason TEXT NOT NULL, released_by TEXT NOT NULL, released_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_dispositions (
  id TEXT PRIMARY KEY, series_id TEXT NOT NULL, series_name TEXT NOT NULL, citation TEXT NOT NULL, reason TEXT NOT NULL,
  proposed_by TEXT NOT NULL, proposed_by_name TEXT NOT NULL, proposed_at TEXT NOT NULL, item_count ${t.int} NOT NULL, from_ms ${t.int}, to_ms ${t.int}
);
CREATE TABLE IF NOT EXISTS rm_disposition_items (
  disposition_id TEXT NOT NULL, leaf_index ${t.int} NOT NULL, PRIMARY KEY (disposition_id, leaf_index)
);
CREATE TABLE IF NOT EXISTS rm_disposition_approvals (
  disposition_id TEXT PRIMARY KEY, approved_by TEXT NOT NULL, approved_by_name TEXT NOT NULL, approved_at TEXT NOT NULL, destroyed ${t.int} NOT NULL,
  withheld ${t.int} NOT NULL, head_before TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_certificates (
  disposition_id TEXT PRIMARY KEY, head_after TEXT NOT NULL, issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_disposed (
  leaf_index ${t.int} PRIMARY KEY, disposition_id TEXT NOT NULL
);
`;

export const SQLITE_RM_GUARDS = RM_APPEND_ONLY.flatMap((table) => [
  { table, trigger: `${table}_no_update`, op: 'UPDATE' as const },
  { table, trigger: `${table}_no_delete`, op: 'DELETE' as const },
]);

export const SQLITE_RM_SCHEMA = `
${TABLES({ id: 'INTEGER PRIMARY KEY AUTOINCREMENT', int: 'INTEGER', json: 'TEXT' })}
${SQLITE_RM_GUARDS.map((g) => `CREATE TRIGGER IF NOT EXISTS ${g.trigger} BEFORE ${g.op} ON ${g.table}
  BEGIN SELECT RAISE(ABORT, '${g.table} is append-only: ${g.op} refused'); END;`).join('\n')}
DROP TRIGGER IF EXISTS records_no_update;
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
  WHEN NOT (EXISTS (SELECT 1 FROM rm_disposed d WHERE d.leaf_index = old.leaf_index)
    AND new.record_json = '' AND new.body = ''
    AND ${KEPT_COLUMNS.map((c) => `new.${c} IS old.${c}`).join(' AND ')})
  BEGIN SELECT RAISE(ABORT, 'records is append-only: UPDATE refused (only an approved disposition may remove content)'); END;
-- Disposition removes the full-text entries itself, in one statement before the UPDATE (RecordsStore.executeDisposition).
DROP TRIGGER IF EXISTS records_fts_dispose;
`;

export const PG_RM_GUARD_TRIGGERS = RM_APPEND_ONLY.flatMap((t) => [
  { table: t, trigger: `${t}_no_change` },
  { table: t, trigger: `${t}_no_truncate` },
]);

export const PG_RM_SCHEMA = `
${TABLES({ id: 'bigserial PRIMARY KEY', int: 'bigint', json: 'jsonb' })}
${RM_APPEND_ONLY.map((t) => `
CREATE OR REPLACE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION retention_refuse_change();
CREATE OR REPLACE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM CURRENT_USER;`).join('\n')}
CREATE OR REPLACE FUNCTION retention_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM rm_disposed d WHERE d.leaf_index = OLD.leaf_index)
     AND NEW.record_json = '' AND NEW.body = ''
     AND (${KEPT_COLUMNS.map((c) => `NEW.${c}`).join(', ')}) IS NOT DISTINCT FROM (${KEPT_COLUMNS.map((c) => `OLD.${c}`).join(', ')}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused (only an approved disposition may remove content)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER records_no_change BEFORE UPDATE OR DELETE ON records FOR EACH ROW EXECUTE FUNCTION retention_records_guard();
GRANT UPDATE (record_json, body) ON records TO CURRENT_USER;
`;
