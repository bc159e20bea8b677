/**
 * The spool's commit log (issue 18 item 8): an append-only file of length-prefixed, checksummed frames,
 * one per record, each carrying the record already sealed (AES-256-GCM, crypto.ts). A commit is one write
 * of the group's frames and one fdatasync: the record is durable when `append` returns. SQLite (spool.ts)
 * keeps the index, the acknowledgements and the dedupe tables; its transaction records how far into the
 * log it has indexed, so on open whatever the log holds beyond that is indexed again.
 *
 * Frame: "AIMF" ‖ u32 body length ‖ body ‖ first 16 bytes of SHA-256(magic ‖ length ‖ body).
 * Body: u32 header length ‖ header (JSON: seq, record id, spool time, checksum, hashed identity and
 * aliases: what the index stores in clear) ‖ the sealed record.
 *
 * A torn tail (a frame cut short, or one whose checksum fails, as a crash mid-write leaves it) is detected
 * on open: it and everything after it are copied aside (`<log>.torn-<offset>`, never deleted) and cut from
 * the log, so a damaged frame is never read as a record. A generation number in the file name lets the
 * index start a new, empty log once it has everything durably (rotation).
 */
import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../log';

const MAGIC = Buffer.from('AIMF', 'latin1');
const SUM_BYTES = 16;
/** A frame's body is never this big (records are capped far below; the uploader's batches too). */
const MAX_BODY = 64 * 1024 * 1024;

/** One record as the log holds it: the index's clear columns and the sealed record. */
export interface LogEntry {
  seq: number;
  recordId: string;
  createdMs: number;
  frame: Buffer;
  checksum: Buffer;
  /** Hashed inbound identity and its content hash (spool.ts's idents table). */
  ident?: { hash: string; content: string };
  /** Hashed aliases (spool.ts's aliases table). */
  aliases?: string[];
}

interface Header {
  s: number;
  r: string;
  t: number;
  c: string;
  i?: string;
  ic?: string;
  a?: string[];
}

const sum = (lenAndBody: Buffer) => createHash('sha256').update(MAGIC).update(lenAndBody).digest().subarray(0, SUM_BYTES);

export function encodeEntry(e: LogEntry): Buffer {
  const h: Header = { s: e.seq, r: e.recordId, t: e.createdMs, c: e.checksum.toString('hex'), ...(e.ident ? { i: e.ident.hash, ic: e.ident.content } : {}), ...(e.aliases?.length ? { a: e.aliases } : {}) };
  const header = Buffer.from(JSON.stringify(h), 'utf8');
  const bodyLen = 4 + header.length + e.frame.length;
  const out = Buffer.allocUnsafe(4 + 4 + bodyLen + SUM_BYTES);
  MAGIC.copy(out, 0);
  out.writeUInt32BE(bodyLen, 4);
  out.writeUInt32BE(header.length, 8);
  header.copy(out, 12);
  e.frame.copy(out, 12 + header.length);
  sum(out.subarray(4, 8 + bodyLen)).copy(out, 8 + bodyLen);
  return out;
}

function decodeBody(body: Buffer): LogEntry | null {
  if (body.length < 4) return null;
  const hl = body.readUInt32BE(0);
  if (4 + hl > body.length) return null;
  let h: Header;
  try {
    h = JSON.parse(body.subarray(4, 4 + hl).toString('utf8')) as Header;
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(h.s) || typeof h.r !== 'string' || !Number.isFinite(h.t) || typeof h.c !== 'string') return null;
  return {
    seq: h.s,
    recordId: h.r,
    createdMs: h.t,
    checksum: Buffer.from(h.c, 'hex'),
    frame: Buffer.from(body.subarray(4 + hl)),
    ...(typeof h.i === 'string' && typeof h.ic === 'string' ? { ident: { hash: h.i, content: h.ic } } : {}),
    ...(Array.isArray(h.a) ? { aliases: h.a.filter((a): a is string => typeof a === 'string') } : {}),
  };
}

/** The frames of `buf` from `offset`: the good ones, and where a torn or damaged tail starts (or null). */
export function scanFrames(buf: Buffer, offset: number): { entries: { entry: LogEntry; end: number }[]; tornAt: number | null } {
  const entries: { entry: LogEntry; end: number }[] = [];
  let at = offset;
  while (at < buf.length) {
    if (at + 8 > buf.length || !buf.subarray(at, at + 4).equals(MAGIC)) return { entries, tornAt: at };
    const bodyLen = buf.readUInt32BE(at + 4);
    const end = at + 8 + bodyLen + SUM_BYTES;
    if (bodyLen > MAX_BODY || end > buf.length) return { entries, tornAt: at };
    if (!sum(buf.subarray(at + 4, at + 8 + bodyLen)).equals(buf.subarray(at + 8 + bodyLen, end))) return { entries, tornAt: at };
    const entry = decodeBody(buf.subarray(at + 8, at + 8 + bodyLen));
    if (!entry) return { entries, tornAt: at };
    entries.push({ entry, end });
    at = end;
  }
  return { entries, tornAt: null };
}

export const logFileName = (gen: number) => `spool-log-${gen}.bin`;
const LOG_NAME = /^spool-log-(\d+)\.bin$/;

export class SpoolLog {
  private constructor(
    private fd: number,
    readonly gen: number,
    private offset: number,
  ) {}

  /** Bytes of the log (its committed end). */
  get size(): number {
    return this.offset;
  }

  /**
   * Open generation `gen` in `dir` (created if missing) and return the entries from `from` on. A torn tail
   * is kept aside and cut off. Other generations' files: an older one the index had durably before it
   * moved on is removed; any other one with content (a newer one is never written to; a log without its
   * index) is kept aside, never deleted.
   */
  static open(dir: string, gen: number, from: number, onTorn: (info: { offset: number; bytes: number; keptAs: string }) => void, indexedBefore = true): { log: SpoolLog; entries: LogEntry[] } {
    for (const f of readdirSync(dir)) {
      const m = LOG_NAME.exec(f);
      if (!m || Number(m[1]) === gen) continue;
      const path = join(dir, f);
      if ((indexedBefore && Number(m[1]) < gen) || statSync(path).size === 0) unlinkSync(path);
      else renameSync(path, `${path}.orphaned-${Date.now()}`);
    }
    const file = join(dir, logFileName(gen));
    const fd = openSync(file, 'a+', 0o600);
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      const start = Math.min(from, got);
      const { entries, tornAt } = scanFrames(buf.subarray(0, got), start);
      let end = entries.at(-1)?.end ?? start;
      if (tornAt !== null) {
        const keptAs = `${file}.torn-${tornAt}`;
        writeFileSync(keptAs, buf.subarray(tornAt, got), { mode: 0o600 });
        ftruncateSync(fd, tornAt);
        fsyncSync(fd);
        end = tornAt;
        onTorn({ offset: tornAt, bytes: got - tornAt, keptAs });
      }
      return { log: new SpoolLog(fd, gen, end), entries: entries.map((e) => e.entry) };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Start a new, empty generation's file (made durable before the index points at it). */
  static create(dir: string, gen: number): void {
    const path = join(dir, logFileName(gen));
    if (existsSync(path) && statSync(path).size > 0) renameSync(path, `${path}.orphaned-${Date.now()}`);
    const fd = openSync(path, 'w', 0o600);
    fsyncSync(fd);
    closeSync(fd);
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  }

  /** One write of every frame, one fdatasync: durable when this returns. On failure the log is cut back. */
  append(frames: Buffer[]): number {
    const data = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
    try {
      let done = 0;
      while (done < data.length) done += writeSync(this.fd, data, done, data.length - done);
      fdatasyncSync(this.fd);
    } catch (err) {
      this.cutBack(this.offset);
      throw err;
    }
    this.offset += data.length;
    return this.offset;
  }

  /** Undo appends past `offset` (their index transaction failed): cut and made durable, best effort. */
  cutBack(offset: number): void {
    try {
      ftruncateSync(this.fd, offset);
      fdatasyncSync(this.fd);
      this.offset = offset;
    } catch {
      /* the next open indexes them: recorded though not sent, never the other way round */
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export const meta = (db: Database.Database, key: string) => db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;

/** A transaction that is durable on its own (synchronous=FULL: the WAL is fsync'd at its commit). */
export function durably(db: Database.Database, fn: () => void): void {
  db.pragma('synchronous = FULL');
  try {
    db.transaction(fn).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/**
 * Open the log the index points at and index what it holds past the indexed offset (a crash between the
 * log's fdatasync and the index commit, or a power cut that lost index commits); a spool from before the
 * log gets an empty one.
 */
export function openLog(db: Database.Database, dir: string, log: Logger): SpoolLog {
  const stored = meta(db, 'log_gen');
  const current = stored ? Number(stored) : 1;
  const from = stored ? Number(meta(db, 'log_offset') ?? '0') : 0;
  if (!stored) SpoolLog.create(dir, current);
  const { log: commitLog, entries } = SpoolLog.open(dir, current, from, (t) => log.error('journal.spool-log-torn', t), !!stored);
  try {
    durably(db, () => {
      const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      const insert = db.prepare('INSERT OR IGNORE INTO entries (seq, record_id, created_ms, frame, checksum) VALUES (?, ?, ?, ?, ?)');
      const putIdent = db.prepare('INSERT OR REPLACE INTO idents (ident, content, seen_ms) VALUES (?, ?, ?)');
      const putAlias = db.prepare('INSERT OR IGNORE INTO aliases (alias, seen_ms) VALUES (?, ?)');
      let next = Number(meta(db, 'next_seq') ?? '1');
      for (const e of entries) {
        insert.run(e.seq, e.recordId, e.createdMs, e.frame, e.checksum);
        if (e.ident) putIdent.run(e.ident.hash, e.ident.content, e.createdMs);
        for (const a of e.aliases ?? []) putAlias.run(a, e.createdMs);
        next = Math.max(next, e.seq + 1);
      }
      if (entries.length) log.warn('journal.spool-log-indexed', { entries: entries.length });
      if (meta(db, 'next_seq') !== undefined || entries.length) put.run('next_seq', String(next));
      put.run('log_gen', String(current));
      put.run('log_offset', String(commitLog.size));
    });
  } catch (err) {
    commitLog.close();
    throw err;
  }
  return commitLog;
}
