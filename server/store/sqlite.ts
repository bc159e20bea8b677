/**
 * SQLite store (better-sqlite3): WAL, synchronous=FULL (a receipt means the record is on disk), one
 * connection. better-sqlite3 is synchronous, so every operation goes through one async queue: an ingest
 * transaction is never interleaved with another request's statements on the same connection.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { SQLITE_RM_GUARDS, SQLITE_RM_SCHEMA } from '../records/schema';
import { sqlitePort } from './sqlPort';
import { RecordsStore } from '../records/store';
import Database from 'better-sqlite3';
import type { SignedTreeHead } from '../signing';
import { alertRow, auditRow, deviceRow, existingRow, headRow, leafRow, recordRow, storedRow, tokenRow, type Row } from './rows';
import { SQLITE_GUARDS, SQLITE_SCHEMA } from './sqliteSchema';
import { searchSqlite, type SearchTuning } from './sqliteSearch';
import { indexBodies, insertLeaves, insertParticipants } from './sqliteBatchWrites';
import { insertOriginsSqlite, SQLITE_DEVICE_SCHEMA, sqliteDeviceRegistry } from './deviceSqlite';
import type { DeviceRegistry } from './deviceTypes';
import type {
  Alert,
  AuditEntry,
  AuditRow,
  DeviceSummary,
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

/** From this many full-text matches on, a search walks the results in windows instead of sorting all matches (sqliteSearch.ts). */
const COMMON_MATCHES = 5000;

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  private readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  private readonly tuning: SearchTuning;
  /** Records management (series, holds, dispositions): see server/records/. */
  readonly management: RecordsStore;

  constructor(file: string, options: { commonMatches?: number; firstWindow?: number } = {}) {
    this.tuning = { commonMatches: options.commonMatches ?? COMMON_MATCHES, firstWindow: options.firstWindow };
    this.location = `sqlite:${file}`;
    // Records are confidential: a new database (and its -wal/-shm files, which inherit the mode) is
    // readable by the server's user only.
    if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 10000');
    // 64 MiB page cache: index inserts at millions of records stay in memory.
    this.db.pragma('cache_size = -65536');
    // Checkpoint every ~40 MB of WAL instead of ~4 MB: the index pages every batch touches (conversations,
    // participants) are then copied into the database file once per checkpoint, not every few batches.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.management = new RecordsStore(sqlitePort((fn) => this.exclusive(fn)));
  }

  /** Direct handle, for tests and the bench only (e.g. to simulate tampering). */
  get raw(): Database.Database {
    return this.db;
  }

  /**
   * Run fn with the connection inside the store's queue, so nothing else runs on the connection
   * meanwhile (server modules with tables of their own, e.g. server/audit/).
   */
  exclusive<T>(fn: (db: Database.Database) => T | Promise<T>): Promise<T> {
    return this.serial(() => fn(this.db));
  }

  private serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  migrate(): Promise<void> {
    const base = this.serial(() => {
      this.db.exec(SQLITE_SCHEMA);
      this.db.exec(SQLITE_DEVICE_SCHEMA);
    });
    // Records management (server/records/schema.ts), after the tables it guards exist.
    return base.then(() =>
      this.serial(() => {
        this.db.exec(`BEGIN IMMEDIATE; ${SQLITE_RM_SCHEMA} COMMIT;`);
      }),
    );
  }

  async close(): Promise<void> {
    await this.serial(() => {
      if (this.db.open) this.db.close();
    });
  }

  transaction<T>(fn: (tx: IngestTx) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.tx());
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /** Prepared statements of the ingest transaction, compiled once per connection. */
  private readonly statements = new Map<string, Database.Statement>();
  private st(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private tx(): IngestTx {
    const db = this.db;
    const st = (sql: string) => this.st(sql);
    return {
      lockTree: async () => readTree(db),
      // One query per batch (json_each of the ids through the record_id index), not one per record.
      findRecords: async (ids) => {
        const rows = st('SELECT record_id, hash, leaf_index, stored_at FROM records WHERE record_id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify([...new Set(ids)])) as Row[];
        return new Map(rows.map((r) => [String(r.record_id), existingRow(r)]));
      },
      maxSeqs: async (deviceIds) => {
        // Per device: MAX over the (device_id, seq) index is one seek; a grouped query would scan each device's history.
        const out = new Map<string, number>();
        const stmt = st('SELECT MAX(seq) AS m FROM records WHERE device_id = ?');
        for (const d of new Set(deviceIds)) {
          const r = stmt.get(d) as Row;
          if (r.m !== null) out.set(d, Number(r.m));
        }
        return out;
      },
      recordsAtSeqs: async (pairs) => {
        if (pairs.length === 0) return [];
        const rows = st(`SELECT r.device_id, r.seq, r.record_id FROM json_each(?) j
          JOIN records r ON r.device_id = json_extract(j.value, '$[0]') AND r.seq = json_extract(j.value, '$[1]')`)
          .all(JSON.stringify(pairs.map((p) => [p.deviceId, p.seq]))) as Row[];
        return rows.map((r) => ({ deviceId: String(r.device_id), seq: Number(r.seq), recordId: String(r.record_id) }));
      },
      insertRecords: async (rows) => {
        const rec = st(`INSERT INTO records (leaf_index, record_id, hash, stored_at, record_json, device_id, seq,
          conversation, conversation_key, conversation_type, direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
        for (const r of rows) {
          const x = r.record;
          rec.run(r.leafIndex, r.recordId, r.hash, r.storedAt, r.recordJson, x.deviceId, x.seq, x.conversation,
            x.conversation.toLowerCase(), x.conversationType, x.direction, x.sender, x.kind, x.replaces ?? null, x.body,
            r.sentAtMs, r.batchId, r.ingestedBy);
        }
        insertParticipants(st, rows);
        insertLeaves(st, rows);
        indexBodies(st, rows.map((r) => r.leafIndex));
      },
      saveTree: async (s) => {
        db.prepare('UPDATE tree_state SET size = ?, frontier = ?, last_head_size = ? WHERE id = 1').run(
          s.size, JSON.stringify(s.frontier), s.lastHeadSize);
      },
      insertTreeHead: async (h) => {
        db.prepare('INSERT INTO tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES (?, ?, ?, ?, ?)').run(
          h.treeSize, h.rootHash, h.timestamp, h.keyId, h.signature);
      },
      insertAlerts: async (alerts) => {
        const stmt = db.prepare('INSERT INTO alerts (type, at, device_id, record_id, detail) VALUES (?, ?, ?, ?, ?)');
        for (const a of alerts) stmt.run(a.type, a.at, a.deviceId, a.recordId, JSON.stringify(a.detail));
      },
      logBatch: async (b) => {
        db.prepare('INSERT INTO batches (batch_id, received_at, token_id, stored, duplicates, conflicts) VALUES (?, ?, ?, ?, ?, ?)').run(
          b.batchId, b.receivedAt, b.tokenId, b.stored, b.duplicates, b.conflicts);
      },
      insertOrigins: async (origins) => insertOriginsSqlite(db, origins),
    };
  }

  createToken(t: TokenRow): Promise<void> {
    return this.serial(() => {
      this.db.prepare('INSERT INTO tokens (id, name, role, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        t.id, t.name, t.role, t.tokenHash, t.createdAt, t.revokedAt);
    });
  }

  findToken(tokenHash: string): Promise<TokenRow | undefined> {
    return this.serial(() => {
      const r = this.db.prepare('SELECT * FROM tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
      return r && tokenRow(r);
    });
  }

  listTokens(): Promise<TokenRow[]> {
    return this.serial(() => (this.db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as Row[]).map(tokenRow));
  }

  revokeToken(id: string, at: string): Promise<boolean> {
    return this.serial(
      () => this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0,
    );
  }

  searchRecords(q: RecordQuery): Promise<StoredRow[]> {
    return this.serial(() => searchSqlite(this.db, q, this.tuning));
  }

  getRecord(recordId: string): Promise<StoredRow | undefined> {
    return this.serial(() => {
      const r = this.db
        .prepare('SELECT record_id, hash, leaf_index, stored_at, record_json, sent_at_ms FROM records WHERE record_id = ?')
        .get(recordId) as Row | undefined;
      return r && storedRow(r);
    });
  }

  appendAudit(e: AuditEntry): Promise<void> {
    return this.serial(() => {
      this.db.prepare(`INSERT INTO audit (at, at_ms, token_id, token_name, role, action, query, result_count, outcome, remote)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(e.at, Date.parse(e.at), e.tokenId, e.tokenName, e.role, e.action,
        JSON.stringify(e.query), e.resultCount, e.outcome, e.remote);
    });
  }

  listAudit(q: { fromMs?: number; toMs?: number; afterId?: number; limit: number }): Promise<AuditRow[]> {
    return this.serial(() => {
      const rows = this.db.prepare(`SELECT * FROM audit WHERE at_ms >= ? AND at_ms <= ? AND id > ? ORDER BY id LIMIT ?`).all(
        q.fromMs ?? 0, q.toMs ?? Number.MAX_SAFE_INTEGER, q.afterId ?? 0, q.limit) as Row[];
      return rows.map(auditRow);
    });
  }

  listAlerts(q: { afterId?: number; limit: number }): Promise<Alert[]> {
    return this.serial(() =>
      (this.db.prepare('SELECT * FROM alerts WHERE id > ? ORDER BY id LIMIT ?').all(q.afterId ?? 0, q.limit) as Row[]).map(alertRow),
    );
  }

  devices(): Promise<DeviceSummary[]> {
    return this.serial(() =>
      (this.db.prepare(`SELECT device_id, COUNT(*) AS n, MAX(seq) AS max_seq,
          COUNT(DISTINCT CASE WHEN seq >= 1 THEN seq END) AS distinct_seqs, MIN(stored_at) AS first_at, MAX(stored_at) AS last_at
        FROM records GROUP BY device_id ORDER BY device_id`).all() as Row[]).map(deviceRow),
    );
  }

  gaps(deviceId: string): Promise<SeqGap[]> {
    return this.serial(() =>
      (this.db.prepare(`SELECT prev + 1 AS gap_from, seq - 1 AS gap_to FROM (
          SELECT seq, LAG(seq, 1, 0) OVER (ORDER BY seq) AS prev FROM records WHERE device_id = ?
        ) WHERE seq > prev + 1 ORDER BY seq`).all(deviceId) as Row[]).map((r) => ({ from: Number(r.gap_from), to: Number(r.gap_to) })),
    );
  }

  treeState(): Promise<TreeState> {
    return this.serial(() => readTree(this.db));
  }

  treeHeads(): Promise<SignedTreeHead[]> {
    return this.serial(() => (this.db.prepare('SELECT * FROM tree_heads ORDER BY id').all() as Row[]).map(headRow));
  }

  latestTreeHead(): Promise<SignedTreeHead | undefined> {
    return this.serial(() => {
      const r = this.db.prepare('SELECT * FROM tree_heads ORDER BY id DESC LIMIT 1').get() as Row | undefined;
      return r && headRow(r);
    });
  }

  registerSigningKey(keyId: string, publicKeyPem: string, at: string): Promise<void> {
    return this.serial(() => {
      this.db.prepare('INSERT OR IGNORE INTO signing_keys (key_id, public_key_pem, created_at) VALUES (?, ?, ?)').run(keyId, publicKeyPem, at);
    });
  }

  signingKeys(): Promise<Map<string, string>> {
    return this.serial(
      () => new Map((this.db.prepare('SELECT key_id, public_key_pem FROM signing_keys').all() as Row[]).map((r) => [String(r.key_id), String(r.public_key_pem)])),
    );
  }

  leafRange(from: number, to: number): Promise<LeafRow[]> {
    return this.serial(() =>
      (this.db.prepare('SELECT * FROM leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index').all(from, to) as Row[]).map(leafRow),
    );
  }

  recordRange(from: number, to: number): Promise<RecordRow[]> {
    return this.serial(() =>
      (this.db.prepare('SELECT * FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index').all(from, to) as Row[]).map(recordRow),
    );
  }

  leafExtent(): Promise<number> {
    return this.serial(() => {
      const r = this.db.prepare(`SELECT MAX(m) AS m FROM (SELECT MAX(leaf_index) AS m FROM records UNION ALL
        SELECT MAX(leaf_index) FROM leaves UNION ALL SELECT MAX(tree_size) - 1 FROM tree_heads UNION ALL SELECT size - 1 FROM tree_state)`).get() as Row;
      return r.m === null ? 0 : Number(r.m) + 1;
    });
  }

  private registry: DeviceRegistry | undefined;
  deviceRegistry(): DeviceRegistry {
    this.registry ??= sqliteDeviceRegistry(this.db, (fn) => this.serial(fn));
    return this.registry;
  }

  missingGuards(): Promise<string[]> {
    return this.serial(() => {
      const present = new Set(
        (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Row[]).map((r) => String(r.name)),
      );
      return [...SQLITE_GUARDS, ...SQLITE_RM_GUARDS].filter((g) => !present.has(g.trigger)).map((g) => `trigger ${g.trigger} (${g.op} on ${g.table})`);
    });
  }
}

function readTree(db: Database.Database): TreeState {
  const r = db.prepare('SELECT size, frontier, last_head_size FROM tree_state WHERE id = 1').get() as Row | undefined;
  if (!r) throw new Error('tree_state row is missing: the store is damaged');
  return { size: Number(r.size), frontier: JSON.parse(String(r.frontier)) as string[], lastHeadSize: Number(r.last_head_size) };
}

