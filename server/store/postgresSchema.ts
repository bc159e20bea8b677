/**
 * PostgreSQL schema (version 1). Append-only tables are guarded twice:
 *  - triggers refuse UPDATE, DELETE (row level) and TRUNCATE (statement level), whoever runs them;
 *  - UPDATE, DELETE and TRUNCATE are revoked from PUBLIC and from the connecting (owner) role.
 * In production the server should connect as a role that does not own the tables and holds only
 * SELECT and INSERT on them (see server/README.md, "PostgreSQL roles").
 * Timestamps are kept as the ISO text the server wrote (exact round trip into the Merkle leaves);
 * filtering uses the *_ms columns.
 * records and participants are partitioned by sent_at_ms (monthly partitions made on demand, plus a
 * default partition); each partition gets the same guards (postgresPartitions.ts).
 */
/** 2: records and participants partitioned by month of sent_at_ms (server/store/postgresPartitions.ts). */
export const PG_SCHEMA_VERSION = 2;

export const PG_APPEND_ONLY = ['records', 'leaves', 'participants', 'tree_heads', 'signing_keys', 'audit', 'alerts', 'batches'] as const;

export const PG_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE IF NOT EXISTS records (
  leaf_index        bigint NOT NULL,
  record_id         text NOT NULL,
  hash              text NOT NULL,
  stored_at         text NOT NULL,
  record_json       text NOT NULL,
  device_id         text NOT NULL,
  seq               bigint NOT NULL,
  conversation      text NOT NULL,
  conversation_key  text NOT NULL,
  conversation_type text NOT NULL,
  direction         text NOT NULL,
  sender            text NOT NULL,
  kind              text NOT NULL,
  replaces          text,
  body              text NOT NULL,
  sent_at_ms        bigint NOT NULL,
  batch_id          text NOT NULL,
  ingested_by       text NOT NULL,
  body_tsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
  PRIMARY KEY (leaf_index, sent_at_ms)
) PARTITION BY RANGE (sent_at_ms);
CREATE TABLE IF NOT EXISTS records_default PARTITION OF records DEFAULT;
-- No index on records (record_id): leaves has the unique one, and getRecord goes through it to the record's
-- leaf (postgresIndexes.test.ts); it cost every ingested record a b-tree insert. Databases made before drop it here.
DROP INDEX IF EXISTS records_record_id;
CREATE INDEX IF NOT EXISTS records_device_seq ON records (device_id, seq);
CREATE INDEX IF NOT EXISTS records_sent ON records (sent_at_ms, leaf_index);
CREATE INDEX IF NOT EXISTS records_conversation ON records (conversation_key, sent_at_ms, leaf_index);
CREATE INDEX IF NOT EXISTS records_body_tsv ON records USING gin (body_tsv);

CREATE TABLE IF NOT EXISTS leaves (
  leaf_index bigint PRIMARY KEY,
  record_id  text NOT NULL,
  hash       text NOT NULL,
  stored_at  text NOT NULL,
  leaf_hash  text NOT NULL
);
-- One leaf per record id, across every partition of records (a partitioned table cannot have a unique
-- index without its partition key): the backstop behind ingest's duplicate check.
CREATE UNIQUE INDEX IF NOT EXISTS leaves_record_id ON leaves (record_id);

CREATE TABLE IF NOT EXISTS participants (
  jid        text NOT NULL,
  leaf_index bigint NOT NULL,
  sent_at_ms bigint NOT NULL,
  PRIMARY KEY (jid, sent_at_ms, leaf_index)
) PARTITION BY RANGE (sent_at_ms);
CREATE TABLE IF NOT EXISTS participants_default PARTITION OF participants DEFAULT;
-- No index on participants (leaf_index): no search reads one (postgresIndexes.test.ts EXPLAINs every search
-- shape); it cost every ingested participant row a b-tree insert. Databases made before drop it here.
DROP INDEX IF EXISTS participants_leaf;

CREATE TABLE IF NOT EXISTS tree_state (
  id             integer PRIMARY KEY CHECK (id = 1),
  size           bigint NOT NULL,
  frontier       text NOT NULL,
  last_head_size bigint NOT NULL
);
INSERT INTO tree_state (id, size, frontier, last_head_size) VALUES (1, 0, '[]', 0) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS tree_heads (
  id        bigserial PRIMARY KEY,
  tree_size bigint NOT NULL,
  root_hash text NOT NULL,
  timestamp text NOT NULL,
  key_id    text NOT NULL,
  signature text NOT NULL
);

CREATE TABLE IF NOT EXISTS signing_keys (
  key_id         text PRIMARY KEY,
  public_key_pem text NOT NULL,
  created_at     text NOT NULL
);

CREATE TABLE IF NOT EXISTS tokens (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at text NOT NULL,
  revoked_at text
);

CREATE TABLE IF NOT EXISTS audit (
  id           bigserial PRIMARY KEY,
  at           text NOT NULL,
  at_ms        bigint NOT NULL,
  token_id     text,
  token_name   text,
  role         text,
  action       text NOT NULL,
  query        jsonb NOT NULL,
  result_count integer NOT NULL,
  outcome      text NOT NULL,
  remote       text
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at_ms, id);

CREATE TABLE IF NOT EXISTS alerts (
  id        bigserial PRIMARY KEY,
  type      text NOT NULL,
  at        text NOT NULL,
  device_id text,
  record_id text,
  detail    jsonb NOT NULL
);

CREATE TABLE IF NOT EXISTS batches (
  id          bigserial PRIMARY KEY,
  batch_id    text NOT NULL,
  received_at text NOT NULL,
  token_id    text NOT NULL,
  stored      integer NOT NULL,
  duplicates  integer NOT NULL,
  conflicts   integer NOT NULL
);

CREATE OR REPLACE FUNCTION retention_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE OR REPLACE FUNCTION retention_token_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
     OR (NEW.id, NEW.name, NEW.role, NEW.token_hash, NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.name, OLD.role, OLD.token_hash, OLD.created_at) THEN
    RAISE EXCEPTION 'a token can only be revoked' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER tokens_revoke_only BEFORE UPDATE OR DELETE ON tokens
  FOR EACH ROW EXECUTE FUNCTION retention_token_revoke_only();

${PG_APPEND_ONLY.map(
  (t) => `
CREATE OR REPLACE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION retention_refuse_change();
CREATE OR REPLACE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM CURRENT_USER;`,
).join('\n')}
REVOKE DELETE, TRUNCATE ON tokens FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON tokens FROM CURRENT_USER;

INSERT INTO meta (key, value) VALUES ('schema_version', '${PG_SCHEMA_VERSION}') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
`;

/** The triggers verify expects on each append-only table. */
export const PG_GUARD_TRIGGERS = PG_APPEND_ONLY.flatMap((t) => [
  { table: t, trigger: `${t}_no_change` },
  { table: t, trigger: `${t}_no_truncate` },
]);
