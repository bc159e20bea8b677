/**
 * Time partitions of the PostgreSQL store (schema 2). `records` and `participants` (the per-record tables
 * search reads) are partitioned by RANGE (sent_at_ms), one partition per calendar month (UTC), named
 * `records_y2025m01` / `participants_y2025m01`, plus a DEFAULT partition each.
 *
 * Partitions are made by the store itself, not by pg_partman: a month's pair is created on demand by
 * `retention_ensure_month(ms)` inside the ingest transaction (which holds the tree lock, so two servers
 * never race to create one), and `migrate` makes the current and the next two months ahead of time. The
 * default partition only catches rows that arrive through another path (e.g. a bulk load) before their
 * month exists; such a month then stays in the default partition (creating its partition would fail). Every partition gets the guards of its parent: the row trigger is cloned by PostgreSQL,
 * the TRUNCATE trigger and the revoked privileges are added here (TRUNCATE of one partition does not fire
 * the parent's trigger).
 *
 * A schema-1 database (records not partitioned) is converted by `migrate` in one transaction: the old
 * tables are renamed, the partitioned ones created, every row copied, the counts compared, and the old
 * tables dropped. Leaves, tree heads and every other table are untouched, so `verify` checks the result.
 */
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

export const PARTITIONED_TABLES = ['records', 'participants'] as const;

/** Creates a month's partitions (idempotent) with their guards; also guards the default partitions. */
export const PG_PARTITION_FUNCTIONS = `
CREATE OR REPLACE FUNCTION retention_guard_partition(part text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change()', part || '_no_truncate', part);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM PUBLIC', part);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM CURRENT_USER', part);
END $$;

-- SECURITY DEFINER: creating a partition needs the owner of records; the server may connect as a role that
-- only reads and appends (server/README.md, "PostgreSQL roles"), which is granted EXECUTE on this alone.
CREATE OR REPLACE FUNCTION retention_ensure_month(at_ms bigint) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  m timestamp := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
  lo bigint := (extract(epoch FROM m AT TIME ZONE 'UTC') * 1000)::bigint;
  hi bigint := (extract(epoch FROM (m + interval '1 month') AT TIME ZONE 'UTC') * 1000)::bigint;
  suffix text := to_char(m, '"y"YYYY"m"MM');
  t text;
BEGIN
  -- Rows of this month already in the default partition (a bulk load): leave the month there.
  IF EXISTS (SELECT 1 FROM records_default WHERE sent_at_ms >= lo AND sent_at_ms < hi)
     OR EXISTS (SELECT 1 FROM participants_default WHERE sent_at_ms >= lo AND sent_at_ms < hi) THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY['records', 'participants'] LOOP
    IF to_regclass(quote_ident(t || '_' || suffix)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', t || '_' || suffix, t, lo, hi);
      PERFORM retention_guard_partition(t || '_' || suffix);
    END IF;
  END LOOP;
END $$;

REVOKE EXECUTE ON FUNCTION retention_guard_partition(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION retention_ensure_month(bigint) FROM PUBLIC;
SELECT retention_guard_partition('records_default');
SELECT retention_guard_partition('participants_default');
`;

const MONTH_PART = /^(records|participants)_y\d{4}m\d{2}$/;

/** The first millisecond (UTC) of the month containing `ms`. */
export function monthOf(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Months already known to have partitions (partitions are never dropped, so this only grows). */
export class MonthPartitions {
  private readonly known = new Set<number>();

  /** Make sure every month of `times` has its partitions; call inside the transaction that inserts. */
  async ensure(db: Queryable, times: Iterable<number>): Promise<void> {
    const months = [...new Set([...times].map(monthOf))].filter((m) => !this.known.has(m));
    for (const m of months.sort((a, b) => a - b)) {
      await db.query('SELECT retention_ensure_month($1)', [m]);
      this.known.add(m);
    }
  }
}

/** Whether `records` is still a plain (schema 1) table. */
export async function needsConversion(db: Queryable): Promise<boolean> {
  const r = await db.query<{ relkind: string }>(
    "SELECT relkind FROM pg_class WHERE relname = 'records' AND relnamespace = to_regnamespace(current_schema())",
  );
  return r.rows[0]?.relkind === 'r';
}

/** Step 1 of the conversion, before the schema runs: move the schema-1 tables and their index names aside. */
export async function renameUnpartitioned(db: Queryable): Promise<void> {
  await db.query(`
    ALTER TABLE records RENAME TO records_v1;
    ALTER TABLE participants RENAME TO participants_v1;
    ALTER TABLE records_v1 RENAME CONSTRAINT records_pkey TO records_v1_pkey;
    ALTER TABLE records_v1 RENAME CONSTRAINT records_record_id_key TO records_v1_record_id_key;
    ALTER TABLE participants_v1 RENAME CONSTRAINT participants_pkey TO participants_v1_pkey;
    ALTER INDEX IF EXISTS records_device_seq RENAME TO records_v1_device_seq;
    ALTER INDEX IF EXISTS records_sent RENAME TO records_v1_sent;
    ALTER INDEX IF EXISTS records_conversation RENAME TO records_v1_conversation;
    ALTER INDEX IF EXISTS records_body_tsv RENAME TO records_v1_body_tsv;`);
}

const RECORD_COLUMNS = `leaf_index, record_id, hash, stored_at, record_json, device_id, seq, conversation, conversation_key,
  conversation_type, direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by`;

/** Step 2, after the schema made the partitioned tables: copy every row into its month, check, drop the old tables. */
export async function copyIntoPartitions(db: Queryable): Promise<{ records: number; participants: number }> {
  const months = await db.query<{ m: string }>('SELECT DISTINCT (sent_at_ms / 86400000) AS m FROM records_v1');
  await new MonthPartitions().ensure(db, months.rows.map((r) => Number(r.m) * 86_400_000));
  await db.query(`INSERT INTO records (${RECORD_COLUMNS}) SELECT ${RECORD_COLUMNS} FROM records_v1`);
  await db.query(`INSERT INTO participants (jid, leaf_index, sent_at_ms)
    SELECT p.jid, p.leaf_index, r.sent_at_ms FROM participants_v1 p JOIN records_v1 r ON r.leaf_index = p.leaf_index`);
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  const records = await count('SELECT COUNT(*) AS n FROM records');
  const participants = await count('SELECT COUNT(*) AS n FROM participants');
  if (records !== (await count('SELECT COUNT(*) AS n FROM records_v1')) || participants !== (await count('SELECT COUNT(*) AS n FROM participants_v1'))) {
    throw new Error('converting records to partitions copied a different number of rows; nothing was changed');
  }
  await db.query('DROP TABLE records_v1; DROP TABLE participants_v1;');
  return { records, participants };
}

/** The partitions of records and participants (monthly and default), for the guard check. */
export async function listPartitions(db: Queryable): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = ANY($1::text[]) AND p.relnamespace = to_regnamespace(current_schema()) ORDER BY c.relname`,
    [[...PARTITIONED_TABLES]],
  );
  return r.rows.map((x) => x.name).filter((n) => MONTH_PART.test(n) || n.endsWith('_default'));
}

/** The guards each partition must carry: the cloned row trigger and its own TRUNCATE trigger. */
export function partitionGuards(part: string): { table: string; trigger: string }[] {
  const parent = part.startsWith('records_') ? 'records' : 'participants';
  return [
    { table: part, trigger: `${parent}_no_change` },
    { table: part, trigger: `${part}_no_truncate` },
  ];
}
