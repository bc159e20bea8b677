/**
 * Bench data for the retention server, shared by retention.bench.ts and records.bench.ts: one record
 * generator, and bulk loaders that write exactly the rows an unsigned ingest of the same records would
 * (records with their columns, leaves with their leaf hashes, participants, the full-text index, one
 * `batches` row per 1000 records, the Merkle tree state) and then sign a tree head, so `verify`
 * accepts the store and searches see realistic data. They skip only the per-batch work of the HTTP
 * path (parsing, dedup and sequence SELECTs), which the ingest bench measures separately, and two kinds
 * of rows no search reads: the sequence-gap alerts ingest would raise (the generator's per-device seq
 * numbers have gaps) and the intermediate signed heads (one head is signed at the end).
 *
 *  SQLite: one transaction through the store's own IngestTx.insertRecords (prepared statements, the
 *      full-text index filled per call as ingest fills it), 10,000 rows per call.
 *  PostgreSQL: one transaction of COPY FROM STDIN (pg-copy-streams) into records, leaves,
 *      participants and batches; the tsvector column and the GIN index fill as they do on ingest.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalRecordJson, type JournalRecord } from '../shared/journal/record';
import { sha256Hex } from '../server/hash';
import { participantsOf } from '../server/ingest';
import { pgParticipantsOf } from '../server/store/postgresSearch';
import { monthOf } from '../server/store/postgresPartitions';
import { MerkleFrontier, recordLeafHash } from '../server/merkle';
import { signerFromPrivateKey } from '../server/signing';
import type { SqliteStore } from '../server/store/sqlite';
import type { NewRecord, Store } from '../server/store/types';
import { TreeHeads } from '../server/treeHeads';

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;
export const BENCH_T0 = Date.UTC(2024, 0, 1);
export const COMMON_WORDS = ['budget', 'meeting', 'report', 'please', 'thanks'] as const;
/** A word in about 10 records per million. */
export const RARE_WORD = 'zanzibar';
const VOCAB = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RecordShape {
  /** Distinct peers (conversations); default 300. */
  conversations?: number;
  /** Record id prefix; default 'bench'. */
  idPrefix?: string;
}

/**
 * Record i of `total`, spread evenly over 2024: 300 users, Zipf-like words from a 5,000-word vocabulary
 * plus five common words (~8% of words), the rare word in ~10 records per million.
 */
export function benchRecord(i: number, total: number, rand: () => number, shape: RecordShape = {}): JournalRecord {
  const user = Math.floor(rand() * 300);
  const peer = Math.floor(rand() * (shape.conversations ?? 300));
  const words: string[] = [];
  const n = 8 + Math.floor(rand() * 20);
  for (let w = 0; w < n; w++) {
    words.push(rand() < 0.08 ? (COMMON_WORDS[Math.floor(rand() * COMMON_WORDS.length)] as string) : (VOCAB[Math.floor(VOCAB.length * rand() ** 3)] as string));
  }
  if (i % 100_000 === 7) words.push(RARE_WORD);
  const sent = BENCH_T0 + Math.floor((i / total) * YEAR_MS);
  return {
    recordId: `${shape.idPrefix ?? 'bench'}-${i}`,
    deviceId: `device-${user}`,
    seq: i + 1,
    conversation: `user${peer}@agency.example.gov`,
    conversationType: 'chat',
    direction: rand() < 0.5 ? 'out' : 'in',
    sender: `user${user}@agency.example.gov`,
    recipients: [`user${peer}@agency.example.gov`],
    sentAt: new Date(sent).toISOString(),
    recordedAt: new Date(sent + 3).toISOString(),
    kind: 'message',
    body: words.join(' '),
    policyHash: 'bench-policy',
  };
}

export interface LoadOptions extends RecordShape {
  seed?: number;
  /** Rows per insert call / batch-log row; default 1000 records per logged batch. */
  batchSize?: number;
}

export interface LoadResult {
  seconds: number;
  records: number;
  heads: TreeHeads;
}

/** The rows ingest would write for records [start, end), appending their leaves to `frontier`. */
function rowsFor(start: number, end: number, total: number, rand: () => number, frontier: MerkleFrontier, storedAt: string, shape: RecordShape, batchSize: number): NewRecord[] {
  const rows: NewRecord[] = [];
  for (let i = start; i < end; i++) {
    const record = benchRecord(i, total, rand, shape);
    const recordJson = canonicalRecordJson(record);
    const hash = sha256Hex(recordJson);
    const leaf = recordLeafHash(record.recordId, hash, storedAt);
    const leafIndex = frontier.size;
    frontier.append(leaf);
    rows.push({
      recordId: record.recordId, hash, leafIndex, storedAt, record, recordJson, leafHash: leaf.toString('hex'),
      sentAtMs: Date.parse(record.sentAt), participants: participantsOf(record), batchId: `bench-batch-${Math.floor(i / batchSize) * batchSize}`, ingestedBy: 'bench',
    });
  }
  return rows;
}

async function signed(store: Store): Promise<TreeHeads> {
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1e12, everyMs: 0 });
  await heads.registerKey();
  await heads.signNow(false);
  return heads;
}

/** Load `total` records into an empty SQLite store in one transaction through IngestTx.insertRecords. */
export async function loadSqlite(store: SqliteStore, total: number, opts: LoadOptions = {}): Promise<LoadResult> {
  // A large page cache for the load only (the index B-trees of a million records stay in memory).
  store.raw.pragma('cache_size = -1048576');
  try {
    return await loadViaStore(store, total, opts);
  } finally {
    store.raw.pragma('cache_size = -65536');
  }
}

/** Load `total` records into an empty store in one transaction through IngestTx.insertRecords. */
export async function loadViaStore(store: Store, total: number, opts: LoadOptions = {}): Promise<LoadResult> {
  const rand = rng(opts.seed ?? 2);
  const batchSize = opts.batchSize ?? 1000;
  const chunk = Math.max(batchSize, 10_000 - (10_000 % batchSize));
  const storedAt = new Date().toISOString();
  const t = performance.now();
  await store.transaction(async (tx) => {
    const state = await tx.lockTree();
    if (state.size !== 0) throw new Error('the bench loader fills an empty store only');
    const frontier = new MerkleFrontier();
    for (let start = 0; start < total; start += chunk) {
      const rows = rowsFor(start, Math.min(total, start + chunk), total, rand, frontier, storedAt, opts, batchSize);
      await tx.insertRecords(rows);
      for (let b = 0; b < rows.length; b += batchSize) {
        const n = Math.min(batchSize, rows.length - b);
        await tx.logBatch({ batchId: rows[b]!.batchId, receivedAt: storedAt, tokenId: 'bench', stored: n, duplicates: 0, conflicts: 0 });
      }
    }
    await tx.saveTree({ size: frontier.size, frontier: frontier.toHex(), lastHeadSize: 0 });
  });
  const heads = await signed(store);
  return { seconds: (performance.now() - t) / 1000, records: total, heads };
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

async function copyRows(client: pg.ClientBase, table: string, cols: string[], lines: Iterable<(string | number | null)[]>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`));
  function* text(): Generator<string> {
    let buf = '';
    for (const l of lines) {
      buf += `${l.map(copyField).join('\t')}\n`;
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(text()), stream);
}

/** Load `total` records into an empty PostgreSQL store with COPY, in one transaction. */
export async function loadPostgres(store: Store, url: string, total: number, opts: LoadOptions = {}): Promise<LoadResult> {
  const rand = rng(opts.seed ?? 2);
  const batchSize = opts.batchSize ?? 1000;
  const storedAt = new Date().toISOString();
  const t = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const state = await client.query<{ size: string }>('SELECT size FROM tree_state WHERE id = 1 FOR UPDATE');
    if (Number(state.rows[0]?.size) !== 0) throw new Error('the bench loader fills an empty store only');
    // Schema 2 partitions records and participants by month of sent_at_ms: make the months first
    // (as ingest does under the tree lock), so rows land in their month and searches prune.
    for (let m = monthOf(BENCH_T0); m < BENCH_T0 + YEAR_MS; m = monthOf(m + 40 * DAY_MS)) await client.query('SELECT retention_ensure_month($1)', [m]);
    const frontier = new MerkleFrontier();
    const chunk = 50_000;
    for (let start = 0; start < total; start += chunk) {
      const rows = rowsFor(start, Math.min(total, start + chunk), total, rand, frontier, storedAt, opts, batchSize);
      await copyRows(client, 'records', ['leaf_index', 'record_id', 'hash', 'stored_at', 'record_json', 'device_id', 'seq', 'conversation', 'conversation_key',
        'conversation_type', 'direction', 'sender', 'kind', 'replaces', 'body', 'sent_at_ms', 'batch_id', 'ingested_by'],
      rows.map((r) => [r.leafIndex, r.recordId, r.hash, r.storedAt, r.recordJson, r.record.deviceId, r.record.seq, r.record.conversation,
        r.record.conversation.toLowerCase(), r.record.conversationType, r.record.direction, r.record.sender, r.record.kind, r.record.replaces ?? null,
        r.record.body, r.sentAtMs, r.batchId, r.ingestedBy]));
      await copyRows(client, 'leaves', ['leaf_index', 'record_id', 'hash', 'stored_at', 'leaf_hash'], rows.map((r) => [r.leafIndex, r.recordId, r.hash, r.storedAt, r.leafHash]));
      await copyRows(client, 'participants', ['jid', 'leaf_index', 'sent_at_ms'], rows.flatMap((r) => pgParticipantsOf(r).map((j) => [j, r.leafIndex, r.sentAtMs])));
      const logged: (string | number)[][] = [];
      for (let b = 0; b < rows.length; b += batchSize) logged.push([rows[b]!.batchId, storedAt, 'bench', Math.min(batchSize, rows.length - b), 0, 0]);
      await copyRows(client, 'batches', ['batch_id', 'received_at', 'token_id', 'stored', 'duplicates', 'conflicts'], logged);
    }
    await client.query('UPDATE tree_state SET size = $1, frontier = $2, last_head_size = 0 WHERE id = 1', [frontier.size, JSON.stringify(frontier.toHex())]);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  const heads = await signed(store);
  return { seconds: (performance.now() - t) / 1000, records: total, heads };
}
