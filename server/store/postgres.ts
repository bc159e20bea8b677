/**
 * PostgreSQL store (pg). Several stateless servers may share one database: ingest takes a row lock on
 * tree_state (SELECT … FOR UPDATE), which serialises leaf numbering across them; reads run on the pool.
 * Multi-row inserts go through unnest() of typed arrays: one round trip per table per batch.
 */
import pg from 'pg';
import type { SignedTreeHead } from '../signing';
import { redactUrl } from './redact';
import { PG_APPEND_ONLY, PG_GUARD_TRIGGERS, PG_SCHEMA } from './postgresSchema';
import { postgresLeadership, type Leadership } from './postgresLeader';
import { copyIntoPartitions, listPartitions, MonthPartitions, monthOf, needsConversion, partitionGuards, PG_PARTITION_FUNCTIONS, renameUnpartitioned } from './postgresPartitions';
import { originsInsert, PG_DEVICE_SCHEMA, postgresDeviceRegistry } from './devicePostgres';
import type { DeviceRegistry } from './deviceTypes';
import { PG_RM_GUARD_TRIGGERS, PG_RM_SCHEMA, RM_APPEND_ONLY } from '../records/schema';
import { pgTransaction, postgresPort } from './sqlPort';
import { DeferredWrites, preparedQuery, sameForAll, unnestInsert, type UnnestColumn } from './postgresWrites';
import { int8Array, textArray } from './postgresBinary';
import { pgParticipantsOf, postgresSearchSql } from './postgresSearch';
import { RecordsStore } from '../records/store';
import { alertRow, auditRow, deviceRow, existingRow, headRow, leafRow, recordRow, storedRow, tokenRow, type Row } from './rows';
import type {
  Alert,
  AuditEntry,
  AuditRow,
  DeviceSummary,
  ExistingRecord,
  IngestTx,
  LeafRow,
  RecordQuery,
  RecordRow,
  SeqGap,
  Store,
  StoredRow,
  TokenRow,
  TreeState,
} from './types';

const INT8_OID = 20;
/** bigint columns come back as numbers (all of ours stay below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const MIGRATION_LOCK = 630_04;
/** application_name of the connections that --read-db opens (visible in pg_stat_activity on the replica). */
export const READ_APPLICATION_NAME = 'approved-im-retention-read';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** One record by id (getRecord; also for EXPLAIN in postgresIndexes.test.ts). */
export const GET_RECORD_SQL = `SELECT r.record_id, r.hash, r.leaf_index, r.stored_at, r.record_json, r.sent_at_ms
  FROM leaves l JOIN records r ON r.leaf_index = l.leaf_index AND r.record_id = l.record_id WHERE l.record_id = $1`;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly pool: pg.Pool;
  /** Read-only queries (search, record and conversation views, exports): a streaming replica when given. */
  private readonly readPool: pg.Pool;
  /** The replica's URL (password redacted), when reads go to one. */
  readonly readLocation: string | undefined;
  private closed = false;
  /** Records management (series, holds, dispositions): see server/records/. */
  readonly management: RecordsStore;

  constructor(
    private readonly url: string,
    poolSize = 10,
    readUrl?: string,
  ) {
    this.location = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types, application_name: 'approved-im-retention' });
    // An idle client losing its connection must not crash the server; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.readLocation = readUrl === undefined ? undefined : redactUrl(readUrl);
    this.readPool = readUrl === undefined ? this.pool : new pg.Pool({ connectionString: readUrl, max: poolSize, types, application_name: READ_APPLICATION_NAME });
    if (this.readPool !== this.pool) this.readPool.on('error', () => undefined);
    this.management = new RecordsStore(postgresPort(this.pool));
  }

  /** The connection pool, for server modules with tables of their own (e.g. server/audit/). */
  get sqlPool(): pg.Pool {
    return this.pool;
  }

  /** One leader among the servers on this database, for work that must run once (postgresLeader.ts). */
  leadership(key: number): Leadership {
    return postgresLeadership(this.url, key);
  }

  /** The pool for read-only queries: the replica given with --read-db, else the primary's pool. */
  get readSqlPool(): pg.Pool {
    return this.readPool;
  }

  /** With --read-db: the replica must be reachable, in recovery (a standby), and on our schema. */
  async checkReadReplica(): Promise<void> {
    if (this.readPool === this.pool) return;
    const r = (await this.rows("SELECT pg_is_in_recovery() AS standby, to_regclass('tree_state') IS NOT NULL AS ours", [], this.readPool).catch((err: unknown) => {
      throw new Error(`the read database ${this.readLocation ?? ''} cannot be reached: ${err instanceof Error ? err.message : String(err)}`);
    }))[0];
    if (!r?.ours) throw new Error(`the read database ${this.readLocation ?? ''} has no retention tables: give a streaming replica of the primary`);
    if (r.standby !== true) throw new Error(`the read database ${this.readLocation ?? ''} is not a standby (pg_is_in_recovery() is false): give a streaming replica of the primary`);
  }

  private async rows(sql: string, args: unknown[] = [], db: Queryable = this.pool): Promise<Row[]> {
    return (await db.query(sql, args)).rows as Row[];
  }

  private readonly months = new MonthPartitions();

  async migrate(): Promise<void> {
    await this.transaction(async () => undefined, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Schema 1 (records not partitioned) is converted in this same transaction (postgresPartitions.ts).
      const convert = await needsConversion(client);
      if (convert) await renameUnpartitioned(client);
      await client.query(PG_SCHEMA);
      await client.query(PG_PARTITION_FUNCTIONS);
      if (convert) await copyIntoPartitions(client);
      await client.query(PG_DEVICE_SCHEMA);
    });
    // This month's and the next two months' partitions, under the tree lock that ingest holds when it
    // makes one on demand.
    await this.transaction(async (tx) => {
      await tx.lockTree();
    }, async (client) => {
      const now = monthOf(Date.now());
      await this.months.ensure(client, [now, monthOf(now + 40 * 86_400_000), monthOf(now + 70 * 86_400_000)]);
    });
    // Records management (server/records/schema.ts), after the tables it guards exist.
    await this.transaction(async () => undefined, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(PG_RM_SCHEMA);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.readPool !== this.pool) await this.readPool.end();
    await this.pool.end();
  }

  async transaction<T>(fn: (tx: IngestTx) => Promise<T>, raw?: (client: pg.PoolClient) => Promise<void>): Promise<T> {
    return pgTransaction(this.pool, async (client) => {
      if (raw) await raw(client);
      const writes = new DeferredWrites(client);
      const out = await fn(this.tx(client, writes));
      await writes.flush();
      return out;
    });
  }

  /** Reads run at once (after the queued writes); writes are queued and sent together (postgresWrites.ts). */
  private tx(c: pg.PoolClient, w: DeferredWrites): IngestTx {
    const rows = async (sql: string, args: unknown[] = []) => {
      await w.flush();
      return (await c.query(preparedQuery(sql, args))).rows as Row[];
    };
    return {
      lockTree: async () => treeState((await rows('SELECT size, frontier, last_head_size FROM tree_state WHERE id = 1 FOR UPDATE'))[0]),
      findRecords: async (ids) => {
        // leaves is not partitioned and has one row per record id (unique index).
        const found = await rows('SELECT record_id, hash, leaf_index, stored_at FROM leaves WHERE record_id = ANY($1::text[])', [textArray(ids)]);
        return new Map<string, ExistingRecord>(found.map((r) => [String(r.record_id), existingRow(r)]));
      },
      maxSeqs: async (deviceIds) => {
        // One index seek per device (records_device_seq), not a GROUP BY over each device's whole history.
        const found = await rows(
          'SELECT d AS device_id, (SELECT MAX(seq) FROM records WHERE device_id = d) AS m FROM unnest($1::text[]) AS d',
          [textArray([...new Set(deviceIds)])],
        );
        return new Map(found.filter((r) => r.m !== null).map((r) => [String(r.device_id), Number(r.m)]));
      },
      recordsAtSeqs: async (pairs) => {
        const found = await rows(
          `SELECT r.device_id, r.seq, r.record_id FROM records r
           JOIN unnest($1::text[], $2::bigint[]) AS p(d, s) ON r.device_id = p.d AND r.seq = p.s`,
          [textArray(pairs.map((p) => p.deviceId)), int8Array(pairs.map((p) => p.seq))],
        );
        return found.map((r) => ({ deviceId: String(r.device_id), seq: Number(r.seq), recordId: String(r.record_id) }));
      },
      insertRecords: async (list) => {
        // Binary-format arrays (postgresBinary.ts): no quoting on either side, record_json included.
        const text = (f: (r: (typeof list)[number]) => string | null) => textArray(list.map(f));
        const int8 = (f: (r: (typeof list)[number]) => number) => int8Array(list.map(f));
        await w.flush();
        await this.months.ensure(c, list.map((r) => r.sentAtMs));
        const leafIndex = int8((r) => r.leafIndex);
        const recordId = text((r) => r.recordId);
        const hash = text((r) => r.hash);
        // The batch's own values (stored_at, batch_id, ingested_by) go once each, not once per row.
        const storedAt = sameForAll(list, (r) => r.storedAt);
        await w.add(...unnestArgs('records', [
          ['leaf_index', 'bigint', leafIndex], ['record_id', 'text', recordId], ['hash', 'text', hash], ['stored_at', 'text', storedAt],
          ['record_json', 'text', text((r) => r.recordJson)], ['device_id', 'text', text((r) => r.record.deviceId)],
          ['seq', 'bigint', int8((r) => r.record.seq)], ['conversation', 'text', text((r) => r.record.conversation)],
          ['conversation_key', 'text', text((r) => r.record.conversation.toLowerCase())], ['conversation_type', 'text', text((r) => r.record.conversationType)],
          ['direction', 'text', text((r) => r.record.direction)], ['sender', 'text', text((r) => r.record.sender)], ['kind', 'text', text((r) => r.record.kind)],
          ['replaces', 'text', text((r) => r.record.replaces ?? null)], ['body', 'text', text((r) => r.record.body)], ['sent_at_ms', 'bigint', int8((r) => r.sentAtMs)],
          ['batch_id', 'text', sameForAll(list, (r) => r.batchId)], ['ingested_by', 'text', sameForAll(list, (r) => r.ingestedBy)],
        ]));
        await w.add(...unnestArgs('leaves', [
          ['leaf_index', 'bigint', leafIndex], ['record_id', 'text', recordId], ['hash', 'text', hash], ['stored_at', 'text', storedAt],
          ['leaf_hash', 'text', text((r) => r.leafHash)],
        ]));
        // One row per (participant, record): a record's participants are distinct, so no ON CONFLICT check
        // (its speculative insertion was ~4% of the backend's CPU); the primary key still refuses a repeat.
        const parts = list.flatMap((r) => [...new Set(pgParticipantsOf(r))].map((jid) => [jid, r.leafIndex, r.sentAtMs] as const));
        await w.add('INSERT INTO participants (jid, leaf_index, sent_at_ms) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])', [
          textArray(parts.map((p) => p[0])), int8Array(parts.map((p) => p[1])), int8Array(parts.map((p) => p[2])),
        ]);
      },
      saveTree: async (s) => {
        await w.add('UPDATE tree_state SET size = $1, frontier = $2, last_head_size = $3 WHERE id = 1', [s.size, JSON.stringify(s.frontier), s.lastHeadSize]);
      },
      insertTreeHead: async (h) => {
        await w.add('INSERT INTO tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
          h.treeSize, h.rootHash, h.timestamp, h.keyId, h.signature,
        ]);
      },
      insertAlerts: async (alerts) => {
        await w.add(
          `INSERT INTO alerts (type, at, device_id, record_id, detail)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [alerts.map((a) => a.type), alerts.map((a) => a.at), alerts.map((a) => a.deviceId), alerts.map((a) => a.recordId), alerts.map((a) => JSON.stringify(a.detail))],
        );
      },
      logBatch: async (b) => {
        await w.add('INSERT INTO batches (batch_id, received_at, token_id, stored, duplicates, conflicts) VALUES ($1, $2, $3, $4, $5, $6)', [
          b.batchId, b.receivedAt, b.tokenId, b.stored, b.duplicates, b.conflicts,
        ]);
      },
      insertOrigins: async (origins) => {
        if (origins.length > 0) await w.add(...originsInsert(origins));
      },
    };
  }

  async createToken(t: TokenRow): Promise<void> {
    await this.pool.query('INSERT INTO tokens (id, name, role, token_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      t.id, t.name, t.role, t.tokenHash, t.createdAt, t.revokedAt,
    ]);
  }

  async findToken(tokenHash: string): Promise<TokenRow | undefined> {
    const r = (await this.rows('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]))[0];
    return r && tokenRow(r);
  }

  async listTokens(): Promise<TokenRow[]> {
    return (await this.rows('SELECT * FROM tokens ORDER BY created_at, id')).map(tokenRow);
  }

  async revokeToken(id: string, at: string): Promise<boolean> {
    const res = await this.pool.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    return (res.rowCount ?? 0) > 0;
  }

  /** The search's SQL and arguments (postgresSearch.ts; also for EXPLAIN in the tests). */
  searchSql(q: RecordQuery): { sql: string; args: unknown[] } {
    return postgresSearchSql(q);
  }

  async searchRecords(q: RecordQuery): Promise<StoredRow[]> {
    const { sql, args } = this.searchSql(q);
    return (await this.rows(sql, args, this.readPool)).map(storedRow);
  }

  async getRecord(recordId: string): Promise<StoredRow | undefined> {
    // Through leaves (one row per record id, unique index) to the record's leaf in records' primary key:
    // records has no index of its own on record_id (postgresSchema.ts).
    const r = (await this.rows(GET_RECORD_SQL, [recordId], this.readPool))[0];
    return r && storedRow(r);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit (at, at_ms, token_id, token_name, role, action, query, result_count, outcome, remote)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.at, Date.parse(e.at), e.tokenId, e.tokenName, e.role, e.action, JSON.stringify(e.query), e.resultCount, e.outcome, e.remote],
    );
  }

  async listAudit(q: { fromMs?: number; toMs?: number; afterId?: number; limit: number }): Promise<AuditRow[]> {
    const rows = await this.rows('SELECT * FROM audit WHERE at_ms >= $1 AND at_ms <= $2 AND id > $3 ORDER BY id LIMIT $4', [
      q.fromMs ?? 0, q.toMs ?? Number.MAX_SAFE_INTEGER, q.afterId ?? 0, q.limit,
    ]);
    return rows.map(auditRow);
  }

  async listAlerts(q: { afterId?: number; limit: number }): Promise<Alert[]> {
    return (await this.rows('SELECT * FROM alerts WHERE id > $1 ORDER BY id LIMIT $2', [q.afterId ?? 0, q.limit])).map(alertRow);
  }

  async devices(): Promise<DeviceSummary[]> {
    const rows = await this.rows(`SELECT device_id, COUNT(*) AS n, MAX(seq) AS max_seq,
        COUNT(DISTINCT seq) FILTER (WHERE seq >= 1) AS distinct_seqs, MIN(stored_at) AS first_at, MAX(stored_at) AS last_at
      FROM records GROUP BY device_id ORDER BY device_id`);
    return rows.map(deviceRow);
  }

  async gaps(deviceId: string): Promise<SeqGap[]> {
    const rows = await this.rows(
      `SELECT prev + 1 AS gap_from, seq - 1 AS gap_to FROM (
         SELECT seq, LAG(seq, 1, 0::bigint) OVER (ORDER BY seq) AS prev FROM records WHERE device_id = $1
       ) AS s WHERE seq > prev + 1 ORDER BY seq`,
      [deviceId],
    );
    return rows.map((r) => ({ from: Number(r.gap_from), to: Number(r.gap_to) }));
  }

  async treeState(): Promise<TreeState> {
    return treeState((await this.rows('SELECT size, frontier, last_head_size FROM tree_state WHERE id = 1'))[0]);
  }

  async treeHeads(): Promise<SignedTreeHead[]> {
    return (await this.rows('SELECT * FROM tree_heads ORDER BY id')).map(headRow);
  }

  async latestTreeHead(): Promise<SignedTreeHead | undefined> {
    const r = (await this.rows('SELECT * FROM tree_heads ORDER BY id DESC LIMIT 1'))[0];
    return r && headRow(r);
  }

  async registerSigningKey(keyId: string, publicKeyPem: string, at: string): Promise<void> {
    await this.pool.query('INSERT INTO signing_keys (key_id, public_key_pem, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING', [
      keyId, publicKeyPem, at,
    ]);
  }

  async signingKeys(): Promise<Map<string, string>> {
    return new Map((await this.rows('SELECT key_id, public_key_pem FROM signing_keys')).map((r) => [String(r.key_id), String(r.public_key_pem)]));
  }

  async leafRange(from: number, to: number): Promise<LeafRow[]> {
    return (await this.rows('SELECT * FROM leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index', [from, to])).map(leafRow);
  }

  async recordRange(from: number, to: number): Promise<RecordRow[]> {
    return (await this.rows('SELECT * FROM records WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index', [from, to])).map(recordRow);
  }

  async leafExtent(): Promise<number> {
    const r = (await this.rows(`SELECT MAX(m) AS m FROM (SELECT MAX(leaf_index) AS m FROM records UNION ALL
      SELECT MAX(leaf_index) FROM leaves UNION ALL SELECT MAX(tree_size) - 1 FROM tree_heads UNION ALL SELECT size - 1 FROM tree_state) AS u`))[0];
    return r === undefined || r.m === null ? 0 : Number(r.m) + 1;
  }

  private registry: DeviceRegistry | undefined;
  deviceRegistry(): DeviceRegistry {
    this.registry ??= postgresDeviceRegistry(this.pool);
    return this.registry;
  }

  async missingGuards(): Promise<string[]> {
    const triggers = new Set(
      (await this.rows(`SELECT c.relname || '.' || t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())`)).map((r) => String(r.name)),
    );
    const partitions = await listPartitions(this.pool);
    const off = (g: { table: string; trigger: string }) => !triggers.has(`${g.table}.${g.trigger}`);
    const parents = [...PG_GUARD_TRIGGERS, ...PG_RM_GUARD_TRIGGERS].filter(off);
    // A partition's row trigger is a clone of its parent's: when the parent's is off, that one line says it.
    const parts = partitions.flatMap(partitionGuards).filter((g) => off(g) && !parents.some((p) => p.trigger === g.trigger));
    const missing = [...parents, ...parts].map((g) => `trigger ${g.trigger} on ${g.table} (missing or disabled)`);
    const grants = await this.rows(
      `SELECT c.relname AS tbl, a.privilege_type AS priv, COALESCE(r.rolname, 'PUBLIC') AS grantee
       FROM pg_class c CROSS JOIN LATERAL aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a
       LEFT JOIN pg_roles r ON r.oid = a.grantee
       WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relname = ANY($1::text[])
         AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')`,
      [[...PG_APPEND_ONLY, ...RM_APPEND_ONLY, ...partitions]],
    );
    for (const g of grants) missing.push(`privilege ${String(g.priv)} on ${String(g.tbl)} is granted to ${String(g.grantee)}`);
    return missing;
  }
}

function treeState(r: Row | undefined): TreeState {
  if (!r) throw new Error('tree_state row is missing: the store is damaged');
  return { size: Number(r.size), frontier: JSON.parse(String(r.frontier)) as string[], lastHeadSize: Number(r.last_head_size) };
}

/** unnestInsert's statement as `w.add` arguments, from [name, type, values] triples. */
function unnestArgs(table: string, cols: [string, UnnestColumn['type'], UnnestColumn['values']][]): [string, unknown[]] {
  const { sql, args } = unnestInsert(table, cols.map(([name, type, values]) => ({ name, type, values })));
  return [sql, args];
}
