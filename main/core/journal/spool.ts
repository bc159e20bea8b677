/**
 * The durable client spool: a commit log (spoolLog.ts: append-only, checksummed frames, one fdatasync per
 * commit) and one SQLite database (better-sqlite3, WAL) in the data directory as its index. Each entry
 * is a journal record, AES-256-GCM encrypted with the key from the OS credential store and checksummed
 * (see crypto.ts). Only the record id, the sequence number and the spool time are stored in clear.
 *
 * - append(): many records in ONE commit (the journal groups concurrent appends, so one fdatasync covers
 *   them all): the dedupe checks (the index, and the records the log holds beyond it, in memory), the
 *   seal, then one write of the frames to the log and one fdatasync. Durable when it returns: the log is.
 *   The index (SQLite, synchronous=NORMAL: no fsync of its own) gets them afterwards, in one transaction
 *   with the log offset it has reached: maintain(), which the journal runs once the senders went on, or
 *   whatever reads the index first. A crash before that (or a power cut that loses index commits) is
 *   repaired on open: what the log holds past the indexed offset is indexed again.
 *   The sequence number comes from a counter kept in the index and the log, so it
 *   is monotonic per device and never reused, even after acknowledged entries are deleted.
 * - A record id already in the spool, acknowledged (tombstone) or quarantined is not appended again; nor
 *   is a record with an alias (the archive's stanza-id) seen before.
 * - An inbound stanza's identity (conversation, sender, id; hashed) is remembered with its content hash:
 *   the same identity with other content is appended AND reported (`reused`), for an alert record.
 * - ack(): the server's receipt removes the entry and leaves a tombstone (id only) in the same transaction.
 * - ack(), quarantine and the spool's setup are synchronous=FULL (they fsync the WAL, and so every index
 *   commit before them). maintain() starts a new log once the index holds the old one durably.
 * - A torn write at the log's tail after a crash is cut off on open (and kept aside), spoolLog.ts; a torn
 *   WAL frame is SQLite's to detect, and the log puts back what it lost.
 */
import { mkdirSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { JournalRecord } from '../../../shared/journal/record';
import { canonicalRecordJson, recordHash } from '../../../shared/journal/record';
import { recordJson } from '../../../shared/journal/recordCheck';
import { CorruptEntryError, KEY_BYTES, keyCheck, newKey, Sealer, sha256Hex } from './crypto';
import { spoolKeyAccount, type KeyStore } from './keys';
import type { Logger } from '../log';
import { durably, encodeEntry, logFileName, meta, openLog, SpoolLog, type LogEntry } from './spoolLog';
import { openDatabase } from './spoolIndex';

export const SPOOL_FILE = 'spool.db';
/** The log is started afresh (maintain()) past this size, once the index holds it durably. */
const LOG_ROTATE_BYTES = 1024 * 1024;
/** Tombstones of acknowledged record ids are kept this long, to drop late replays of the same stanza. */
const TOMBSTONE_DAYS = 90;

export interface SpoolEntry {
  seq: number;
  recordId: string;
  createdMs: number;
  record: JournalRecord;
  hash: string;
}

export interface AppendRequest {
  recordId: string;
  /** Inbound stanzas: the sender-chosen identity and the content hash (see records.ts). */
  identity?: { ident: string; content: string };
  /** Other names of the same fact (e.g. `sid:<archive>:<stanza-id>`). */
  aliases?: string[];
  /** Builds the record once the sequence number is known. */
  build(seq: number, deviceId: string): JournalRecord;
}

export interface AppendResult {
  recordId: string;
  seq: number;
  duplicate: boolean;
  /** The identity was seen before with other content (a reused message id). */
  reused?: boolean;
}

/** Something the spool found when it opened that the retention server must hear about. */
export interface SpoolAlert {
  alert: 'spool-key-lost';
  /** The device id of the spool whose key was lost or unreadable, and its last acknowledged sequence number. */
  details: { oldDeviceId: string; lastAckedSeq: string; unsentEntries: string };
}

/** What the journal needs from storage (an interface so tests can inject a failing layer). */
export interface SpoolStorage {
  readonly deviceId: string;
  /** Alerts found at open (a lost spool key); the journal turns them into alert records. */
  readonly alerts?: readonly SpoolAlert[];
  append(requests: AppendRequest[], nowMs: number): AppendResult[];
  /** Housekeeping off the send path (the journal runs it after a commit's senders went on). */
  maintain?(): void;
  pendingCount(): number;
  oldestPendingMs(): number | null;
  quarantinedCount(): number;
  /** Oldest first; entries that fail their checksum or authentication are quarantined and skipped. */
  readBatch(maxRecords: number, maxBytes: number): SpoolEntry[];
  ack(recordIds: string[], nowMs: number): void;
  quarantine(recordIds: string[], reason: string): void;
  close(): void;
}

interface Row {
  seq: number;
  record_id: string;
  created_ms: number;
  frame: Buffer;
  checksum: Buffer;
}

/** Records in the log that the index does not have yet, with what the dedupe checks need of them. */
interface Late {
  entries: LogEntry[];
  ids: Set<string>;
  aliases: Set<string>;
  idents: Map<string, string>;
  end: number;
}
const emptyLate = (): Late => ({ entries: [], ids: new Set(), aliases: new Set(), idents: new Map(), end: 0 });

class SqliteSpool implements SpoolStorage {
  private pending: number;
  private nextSeq: number;
  private late = emptyLate();
  private readonly stmts;
  private readonly sealer: Sealer;

  constructor(
    private readonly db: Database.Database,
    readonly deviceId: string,
    key: Buffer,
    private readonly log: Logger,
    private readonly dir: string,
    private commitLog: SpoolLog,
    readonly alerts: readonly SpoolAlert[] = [],
  ) {
    this.sealer = new Sealer(key);
    this.stmts = {
      nextSeq: db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'next_seq'`),
      setSeq: db.prepare(`UPDATE meta SET value = ? WHERE key = 'next_seq'`),
      known: db.prepare<[string, string, string], { n: number }>(
        `SELECT (SELECT COUNT(*) FROM entries WHERE record_id = ?) + (SELECT COUNT(*) FROM acked WHERE record_id = ?) + (SELECT COUNT(*) FROM quarantine WHERE record_id = ?) AS n`,
      ),
      insert: db.prepare(`INSERT INTO entries (seq, record_id, created_ms, frame, checksum) VALUES (?, ?, ?, ?, ?)`),
      count: db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM entries`),
      oldest: db.prepare<[], { created_ms: number }>(`SELECT created_ms FROM entries ORDER BY seq LIMIT 1`),
      batch: db.prepare<[number], Row>(`SELECT seq, record_id, created_ms, frame, checksum FROM entries ORDER BY seq LIMIT ?`),
      byId: db.prepare<[string], Row>(`SELECT seq, record_id, created_ms, frame, checksum FROM entries WHERE record_id = ?`),
      del: db.prepare(`DELETE FROM entries WHERE record_id = ?`),
      tomb: db.prepare(`INSERT OR IGNORE INTO acked (record_id, seq, acked_ms) VALUES (?, ?, ?)`),
      toQuarantine: db.prepare(`INSERT OR REPLACE INTO quarantine (seq, record_id, created_ms, frame, checksum, reason) VALUES (?, ?, ?, ?, ?, ?)`),
      quarantined: db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM quarantine`),
      ident: db.prepare<[string], { content: string }>(`SELECT content FROM idents WHERE ident = ?`),
      putIdent: db.prepare(`INSERT OR REPLACE INTO idents (ident, content, seen_ms) VALUES (?, ?, ?)`),
      alias: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM aliases WHERE alias = ?`),
      putAlias: db.prepare(`INSERT OR IGNORE INTO aliases (alias, seen_ms) VALUES (?, ?)`),
      setLogOffset: db.prepare(`UPDATE meta SET value = ? WHERE key = 'log_offset'`),
      lastAcked: db.prepare(`INSERT INTO meta (key, value) VALUES ('last_acked_seq', ?) ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`),
    };
    this.pending = this.stmts.count.get()?.n ?? 0;
    this.nextSeq = Number(this.stmts.nextSeq.get()?.value ?? '1');
  }

  append(requests: AppendRequest[], nowMs: number): AppendResult[] {
    // The checks read the index and what the log holds beyond it; nothing changes until the log has it.
    let seq = this.nextSeq;
    const seen = new Map<string, number>();
    const out: AppendResult[] = [];
    const added: LogEntry[] = [];
    const frames: Buffer[] = [];
    const identsNow = new Map<string, string>();
    const aliasesNow = new Set<string>();
    for (const r of requests) {
      const earlier = seen.get(r.recordId);
      const aliases = (r.aliases ?? []).map((a) => sha256Hex(a));
      const aliasKnown = aliases.some((a) => aliasesNow.has(a) || this.late.aliases.has(a) || (this.stmts.alias.get(a)?.n ?? 0) > 0);
      if (earlier !== undefined || aliasKnown || this.late.ids.has(r.recordId) || (this.stmts.known.get(r.recordId, r.recordId, r.recordId)?.n ?? 0) > 0) {
        out.push({ recordId: r.recordId, seq: earlier ?? 0, duplicate: true });
        continue;
      }
      for (const a of aliases) aliasesNow.add(a);
      let reused = false;
      let ident: LogEntry['ident'];
      if (r.identity) {
        ident = { hash: sha256Hex(r.identity.ident), content: r.identity.content };
        const before = identsNow.get(ident.hash) ?? this.late.idents.get(ident.hash) ?? this.stmts.ident.get(ident.hash)?.content;
        reused = before !== undefined && before !== r.identity.content;
        identsNow.set(ident.hash, ident.content);
      }
      const record = r.build(seq, this.deviceId);
      if (record.recordId !== r.recordId || record.seq !== seq) throw new Error('spool: record does not match its request');
      const sealed = this.sealer.seal({ deviceId: this.deviceId, seq, recordId: r.recordId }, recordJson(record));
      const entry: LogEntry = { seq, recordId: r.recordId, createdMs: nowMs, frame: sealed.frame, checksum: sealed.checksum, ...(ident ? { ident } : {}), ...(aliases.length ? { aliases } : {}) };
      added.push(entry);
      frames.push(encodeEntry(entry));
      seen.set(r.recordId, seq);
      out.push({ recordId: r.recordId, seq, duplicate: false, ...(reused ? { reused } : {}) });
      seq += 1;
    }
    if (!frames.length) return out;
    // The commit point: one write, one fdatasync. Then the in-memory view; the index follows (indexNow).
    const end = this.commitLog.append(frames);
    this.nextSeq = seq;
    this.pending += added.length;
    for (const e of added) {
      this.late.entries.push(e);
      this.late.ids.add(e.recordId);
      for (const a of e.aliases ?? []) this.late.aliases.add(a);
      if (e.ident) this.late.idents.set(e.ident.hash, e.ident.content);
    }
    this.late.end = end;
    return out;
  }

  /**
   * Write what the log has beyond the index into it (one transaction, no fsync of its own: the log is the
   * durable copy). Runs after a commit's senders went on (maintain) and before anything reads the index.
   */
  private indexNow(): void {
    if (!this.late.entries.length) return;
    const entries = this.late.entries;
    try {
      this.writeIndex(entries);
    } catch (err) {
      // The records are durable in the log and kept in memory; the next try (or the next open) indexes them.
      this.log.error('journal.spool-index-failed', { records: entries.length, name: (err as Error).name, code: (err as NodeJS.ErrnoException).code });
      return;
    }
    this.late = emptyLate();
  }

  private writeIndex(entries: LogEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) {
        this.stmts.insert.run(e.seq, e.recordId, e.createdMs, e.frame, e.checksum);
        if (e.ident) this.stmts.putIdent.run(e.ident.hash, e.ident.content, e.createdMs);
        for (const a of e.aliases ?? []) this.stmts.putAlias.run(a, e.createdMs);
      }
      this.stmts.setSeq.run(String(this.nextSeq));
      this.stmts.setLogOffset.run(String(this.late.end));
    }).immediate();
  }

  maintain(): void {
    this.indexNow();
    // Only a log the index has whole (and, by the FULL commit below, durably) is let go.
    if (this.late.entries.length || this.commitLog.size < LOG_ROTATE_BYTES) return;
    // A new, empty log; the index (fsync'd here, with every commit before) points at it; the old one goes.
    const gen = this.commitLog.gen + 1;
    SpoolLog.create(this.dir, gen);
    durably(this.db, () => {
      this.db.prepare(`UPDATE meta SET value = ? WHERE key = 'log_gen'`).run(String(gen));
      this.stmts.setLogOffset.run('0');
    });
    this.commitLog.close();
    this.commitLog = SpoolLog.open(this.dir, gen, 0, () => {}).log;
  }

  pendingCount(): number {
    return this.pending;
  }

  oldestPendingMs(): number | null {
    // The index holds the older entries; what the log has beyond it is newer.
    return this.stmts.oldest.get()?.created_ms ?? this.late.entries[0]?.createdMs ?? null;
  }

  quarantinedCount(): number {
    return this.stmts.quarantined.get()?.n ?? 0;
  }

  private decode(row: Row): SpoolEntry {
    const plaintext = this.sealer.open({ deviceId: this.deviceId, seq: row.seq, recordId: row.record_id }, { frame: row.frame, checksum: row.checksum });
    const record = JSON.parse(plaintext) as JournalRecord;
    if (record.recordId !== row.record_id || record.seq !== row.seq) throw new CorruptEntryError(row.seq, 'authentication');
    return { seq: row.seq, recordId: row.record_id, createdMs: row.created_ms, record, hash: recordHash(record, sha256Hex) };
  }

  readBatch(maxRecords: number, maxBytes: number): SpoolEntry[] {
    this.indexNow();
    const out: SpoolEntry[] = [];
    let bytes = 0;
    for (const row of this.stmts.batch.all(maxRecords)) {
      let entry: SpoolEntry;
      try {
        entry = this.decode(row);
      } catch (err) {
        const reason = err instanceof CorruptEntryError ? `corrupt: ${err.reason}` : 'corrupt: unreadable';
        this.log.error('journal.spool-entry-corrupt', { seq: row.seq, recordId: row.record_id, reason });
        this.moveToQuarantine([row], reason);
        continue;
      }
      const size = Buffer.byteLength(canonicalRecordJson(entry.record)) + 200;
      if (out.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      out.push(entry);
    }
    return out;
  }

  ack(recordIds: string[], nowMs: number): void {
    this.indexNow();
    let removed = 0;
    durably(this.db, () => {
      for (const id of recordIds) {
        const row = this.stmts.byId.get(id);
        if (!row) continue;
        this.stmts.del.run(id);
        this.stmts.tomb.run(id, row.seq, nowMs);
        this.stmts.lastAcked.run(String(row.seq));
        removed += 1;
      }
    });
    this.pending -= removed;
  }

  private moveToQuarantine(rows: Row[], reason: string) {
    durably(this.db, () => {
      for (const row of rows) {
        this.stmts.toQuarantine.run(row.seq, row.record_id, row.created_ms, row.frame, row.checksum, reason);
        this.stmts.del.run(row.record_id);
      }
    });
    this.pending -= rows.length;
  }

  quarantine(recordIds: string[], reason: string): void {
    this.indexNow();
    const rows = recordIds.map((id) => this.stmts.byId.get(id)).filter((r): r is Row => !!r);
    if (rows.length) this.moveToQuarantine(rows, reason);
  }

  close(): void {
    if (this.db.open) this.indexNow();
    this.commitLog.close();
    if (this.db.open) this.db.close();
  }
}

export class SpoolKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpoolKeyError';
  }
}

/**
 * Open (or create) the spool in `dir`. A new spool gets a random device id and a new key, saved to the
 * key store before the first entry can be written. If the key of an existing spool with entries is
 * gone, that spool is moved aside (kept for recovery, never deleted) and a new one is started.
 */
export async function openSpool(dir: string, keys: KeyStore, log: Logger, nowMs = Date.now()): Promise<SpoolStorage> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, SPOOL_FILE);
  let db = openDatabase(file);
  let commitLog: SpoolLog | null = null;
  try {
    commitLog = openLog(db, dir, log);
    let deviceId = meta(db, 'device_id');
    let key: Buffer | null = null;
    const alerts: SpoolAlert[] = [];
    if (deviceId) {
      const account = spoolKeyAccount(deviceId);
      const stored = await keyOp(() => keys.get(account));
      const candidate = stored ? Buffer.from(stored, 'base64') : null;
      if (candidate && candidate.length === KEY_BYTES && keyCheck(candidate) === meta(db, 'key_check')) key = candidate;
      else {
        const n = (db.prepare('SELECT (SELECT COUNT(*) FROM entries) + (SELECT COUNT(*) FROM quarantine) AS n').get() as { n: number }).n;
        const acked = (db.prepare('SELECT MAX(seq) AS s FROM acked').get() as { s: number | null }).s;
        const lastAckedSeq = String(Math.max(acked ?? 0, Number(meta(db, 'last_acked_seq') ?? 0)));
        // Never silent: the retention server hears which device's unsent records are out of reach.
        alerts.push({ alert: 'spool-key-lost', details: { oldDeviceId: deviceId, lastAckedSeq, unsentEntries: String(n) } });
        if (n > 0) {
          db.close();
          commitLog.close();
          const aside = join(dir, `spool-orphaned-${nowMs}.db`);
          for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
          const logFile = join(dir, logFileName(commitLog.gen));
          if (existsSync(logFile)) renameSync(logFile, `${aside}-${logFileName(commitLog.gen)}`);
          log.error('journal.spool-key-missing', { deviceId, entries: n, movedTo: aside });
          db = openDatabase(file);
          commitLog = openLog(db, dir, log);
        } else {
          db.exec(`DELETE FROM meta WHERE key NOT IN ('log_gen', 'log_offset'); DELETE FROM acked; DELETE FROM idents; DELETE FROM aliases;`);
        }
        deviceId = undefined;
      }
    }
    if (!deviceId || !key) {
      deviceId = randomBytes(16).toString('base64url');
      key = newKey();
      const account = spoolKeyAccount(deviceId);
      const secret = key.toString('base64');
      await keyOp(() => keys.set(account, secret));
      const check = keyCheck(key);
      const id = deviceId;
      durably(db, () => {
        const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
        put.run('device_id', id);
        put.run('key_check', check);
        put.run('next_seq', meta(db, 'next_seq') ?? '1');
        put.run('format', 'aim-spool-v1');
      });
    }
    const horizon = nowMs - TOMBSTONE_DAYS * 86_400_000;
    db.prepare('DELETE FROM acked WHERE acked_ms < ?').run(horizon);
    db.prepare('DELETE FROM idents WHERE seen_ms < ?').run(horizon);
    db.prepare('DELETE FROM aliases WHERE seen_ms < ?').run(horizon);
    return new SqliteSpool(db, deviceId, key, log, dir, commitLog, alerts);
  } catch (err) {
    commitLog?.close();
    if (db.open) db.close();
    throw err;
  }
}

async function keyOp<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch {
    throw new SpoolKeyError('The journal key could not be read from or saved to the system credential store.');
  }
}
