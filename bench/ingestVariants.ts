/**
 * SQLite ingest, schema and setting variants side by side (issue 18 item 3): each variant is a store of its
 * own, written by the real Ingestor (unsigned, 500 records per batch, the retention bench's records), and
 * the variants take turns batch by batch in a rotating order, so load on a shared machine hits them alike.
 * Per variant: CPU and wall time per record, and the WAL written per batch (checkpoints off, so the WAL
 * file holds every frame: its size ÷ batches). For `current`, the WAL frames are also attributed to the
 * table or index their page belongs to (dbstat), which is where the fsync's bytes come from.
 *
 * Variants that drop a structure search needs (`noConversationIndex`, `noFts`) or leave the full-text
 * index's segments unmerged (`ftsAutomergeOff`) are bounds, not candidates:
 * they show what that structure costs. `narrowConversationKey` stands in for an integer surrogate of the
 * conversation JID (an expression index on the bench JIDs' number), to size that idea before building it.
 *
 * `tsx bench/ingestVariants.ts [records] [variant,variant…]` (default 20,000, all). Prints JSON; timings
 * only, never asserted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { JournalBatchRequest } from '../shared/journal/api';
import { Ingestor } from '../server/ingest';
import { signerFromPrivateKey } from '../server/signing';
import { SqliteStore } from '../server/store/sqlite';
import { TreeHeads } from '../server/treeHeads';
import { benchRecord, rng } from './recordLoader';
import { deviceBatches } from './retentionDevices';
import { round } from './stats';

const BATCH = 500;

interface Variant {
  /** page_size of the new file (default SQLite's 4096). */
  pageSize?: number;
  /** SQL run after migrate. */
  setup?: string;
}

const FTS = "CREATE VIRTUAL TABLE records_fts USING fts5(body, content='records', content_rowid='leaf_index', tokenize='unicode61'";
export const VARIANTS: Record<string, Variant> = {
  current: {},
  pageSize1024: { pageSize: 1024 },
  pageSize16384: { pageSize: 16384 },
  ftsColumnsize0: { setup: `DROP TABLE records_fts; ${FTS}, columnsize=0)` },
  ftsAutomerge16: { setup: "INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 16)" },
  ftsAutomergeOff: { setup: "INSERT INTO records_fts (records_fts, rank) VALUES ('automerge', 0)" },
  narrowConversationKey: {
    setup: `DROP INDEX records_conversation;
      CREATE INDEX records_conversation_n ON records (CAST(substr(conversation_key, 5, instr(conversation_key, '@') - 5) AS INTEGER), sent_at_ms, leaf_index)`,
  },
  noConversationIndex: { setup: 'DROP INDEX records_conversation' },
  noFts: { setup: 'DROP TABLE records_fts; CREATE TABLE records_fts (rowid INTEGER PRIMARY KEY, body TEXT)' },
};

/** KB of WAL per batch by the table or index each frame's page belongs to (checkpoints off). */
function walByStructure(db: Database.Database, walFile: string, batches: number): Record<string, number> {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const owner = new Map<number, string>();
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(r.pageno, r.name);
  const wal = readFileSync(walFile);
  const by = new Map<string, number>();
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    const name = owner.get(wal.readUInt32BE(off)) ?? '(freed)';
    by.set(name, (by.get(name) ?? 0) + 24 + pageSize);
  }
  return Object.fromEntries([...by].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v / 1024 / batches)]));
}

export async function variants(total: number, names: string[]): Promise<Record<string, unknown>> {
  const rand = rng(1);
  const batches: JournalBatchRequest[] = [...deviceBatches(total, BATCH, (i) => benchRecord(i, total, rand))];
  const dir = mkdtempSync(join(tmpdir(), 'ingest-variants-'));
  try {
    const runs = [];
    for (const name of names) {
      const v = VARIANTS[name];
      if (!v) throw new Error(`unknown variant ${name} (known: ${Object.keys(VARIANTS).join(', ')})`);
      const file = join(dir, `${name}.db`);
      if (v.pageSize) {
        const pre = new Database(file);
        pre.pragma(`page_size = ${v.pageSize}`);
        pre.exec('CREATE TABLE page_size_set (x); DROP TABLE page_size_set');
        pre.close();
      }
      const store = new SqliteStore(file);
      await store.migrate();
      if (v.setup) store.raw.exec(v.setup);
      store.raw.pragma('wal_checkpoint(TRUNCATE)');
      store.raw.pragma('wal_autocheckpoint = 0');
      const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      runs.push({ name, file, store, ingestor: new Ingestor(store, heads), cpuUs: 0, wallMs: 0 });
    }
    for (const [k, b] of batches.entries()) {
      for (let j = 0; j < runs.length; j++) {
        const r = runs[(k + j) % runs.length] as (typeof runs)[number];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const out = await r.ingestor.ingest(b, { tokenId: 'bench', tokenName: 'bench' });
        r.wallMs += performance.now() - t0;
        const c = process.cpuUsage(c0);
        r.cpuUs += c.user + c.system;
        if (out.status !== 200) throw new Error(`${r.name}: ingest failed: ${out.status}`);
      }
    }
    const base = runs.find((r) => r.name === 'current') ?? runs[0];
    const result: Record<string, unknown> = {};
    for (const r of runs) {
      const walBytes = statSync(`${r.file}-wal`).size;
      const pageSize = Number(r.store.raw.pragma('page_size', { simple: true }));
      result[r.name] = {
        cpuUsPerRecord: round(r.cpuUs / total, 1),
        wallUsPerRecord: round((r.wallMs * 1000) / total, 1),
        walKBPerBatch: Math.round(walBytes / 1024 / batches.length),
        framesPerBatch: Math.round((walBytes - 32) / (24 + pageSize) / batches.length),
        cpuVsCurrent: base ? round(r.cpuUs / base.cpuUs, 3) : null,
        ...(r.name === 'current' ? { walKBPerBatchByStructure: walByStructure(r.store.raw, `${r.file}-wal`, batches.length) } : {}),
      };
    }
    for (const r of runs) await r.store.close();
    return { records: total, batchSize: BATCH, order: 'interleaved batch by batch, rotating', checkpoints: 'off (WAL measured)', variants: result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const total = Number(process.argv[2] ?? 20_000);
  const names = process.argv[3] ? process.argv[3].split(',') : Object.keys(VARIANTS);
  variants(total, names).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`ingest variants failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
