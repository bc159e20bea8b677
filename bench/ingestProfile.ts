/**
 * Where ingest's time goes (issue 18 item 3): the store path of retention.bench.ts (Ingestor without HTTP,
 * unsigned, 500 records per batch) with a timer around every IngestTx call, the transaction's BEGIN and
 * COMMIT, and the work before the transaction (validation, canonical JSON, hashing) timed apart on the
 * same batches. Prints one JSON object: microseconds per record per phase (wall, and this process's CPU
 * time beside it, which stays meaningful on a loaded machine), and each phase's share of the wall time.
 *
 * `tsx bench/ingestProfile.ts [sqlite|postgres] [records]` (default sqlite, 20,000). Timings only, never asserted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { JournalBatchRequestSchema, type JournalBatchRequest } from '../shared/journal/api';
import { canonicalRecordJson } from '../shared/journal/record';
import { sha256Hex } from '../server/hash';
import { Ingestor, participantsOf } from '../server/ingest';
import { recordJson } from '../shared/journal/recordCheck';
import { parseBatch } from '../server/ingestValidate';
import { recordLeafHash } from '../server/merkle';
import { signerFromPrivateKey } from '../server/signing';
import { PostgresStore } from '../server/store/postgres';
import { SqliteStore } from '../server/store/sqlite';
import type { IngestTx, Store } from '../server/store/types';
import { TreeHeads } from '../server/treeHeads';
import { startPostgres } from '../test/support/postgres';
import { benchRecord, rng } from './recordLoader';
import { deviceBatches } from './retentionDevices';
import { round } from './stats';

const BATCH = 500;

type Timers = Map<string, number>;
const add = (t: Timers, k: string, ms: number) => t.set(k, (t.get(k) ?? 0) + ms);
/** CPU time (this process, µs) per phase beside the wall time: on a loaded machine wall time is mostly waiting. */
const addCpu = (cpu: Timers, k: string, since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  add(cpu, k, c.user + c.system);
};

/** The store with a timer around each IngestTx method, and BEGIN + COMMIT as the rest of transaction(). */
function timed(store: Store, t: Timers, cpuOf: Timers): Store {
  const transaction = store.transaction.bind(store);
  const wrapped = Object.create(store) as Store;
  wrapped.transaction = async <T>(fn: (tx: IngestTx) => Promise<T>): Promise<T> => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let insideCpu = 0;
    let inside = 0;
    const out = await transaction(async (tx) => {
      const proxy = Object.fromEntries(
        Object.entries(tx).map(([name, f]) => [
          name,
          async (...args: unknown[]) => {
            const s = performance.now();
            const c = process.cpuUsage();
            try {
              return await (f as (...a: unknown[]) => Promise<unknown>)(...args);
            } finally {
              add(t, `tx.${name}`, performance.now() - s);
              addCpu(cpuOf, `tx.${name}`, c);
            }
          },
        ]),
      ) as unknown as IngestTx;
      const s = performance.now();
      const c = process.cpuUsage();
      const r = await fn(proxy);
      inside = performance.now() - s;
      const used = process.cpuUsage(c);
      insideCpu = used.user + used.system;
      return r;
    });
    add(t, 'transaction (all)', performance.now() - start);
    add(t, 'BEGIN + COMMIT', performance.now() - start - inside);
    const all = process.cpuUsage(cpuStart);
    add(cpuOf, 'transaction (all)', all.user + all.system);
    add(cpuOf, 'BEGIN + COMMIT', all.user + all.system - insideCpu);
    return out;
  };
  return wrapped;
}

/** PostgreSQL: a timer around every statement, named by its first words. */
function timeStatements(t: Timers): void {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : '';
    const out = query.apply(this, args);
    if (sql && out instanceof Promise) {
      const s = performance.now();
      const name = `sql: ${sql.replace(/\s+/g, ' ').slice(0, 40)}`;
      void out.finally(() => add(t, name, performance.now() - s)).catch(() => undefined);
    }
    return out;
  };
}

export async function profile(kind: 'sqlite' | 'postgres', total: number): Promise<Record<string, unknown>> {
  const rand = rng(1);
  const batches: JournalBatchRequest[] = [...deviceBatches(total, BATCH, (i) => benchRecord(i, total, rand))];
  const dir = mkdtempSync(join(tmpdir(), 'ingest-profile-'));
  const cluster = kind === 'postgres' ? await startPostgres({ durable: true }) : undefined;
  try {
    const store: Store = cluster ? new PostgresStore(await cluster.createDatabase('profile')) : new SqliteStore(join(dir, 'profile.db'));
    await store.migrate();
    const t: Timers = new Map();
    const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
    const cpuOf: Timers = new Map();
    const ingestor = new Ingestor(timed(store, t, cpuOf), heads);
    if (kind === 'postgres') timeStatements(t);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const b of batches) {
      const out = await ingestor.ingest(b, { tokenId: 'bench', tokenName: 'bench' });
      if (out.status !== 200) throw new Error(`ingest failed: ${out.status}`);
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await store.close();

    // The work before the transaction, phase by phase, on the same batches.
    const phase = (name: string, fn: (b: JournalBatchRequest) => unknown) => {
      const s = performance.now();
      const c = process.cpuUsage();
      for (const b of batches) fn(b);
      add(t, name, performance.now() - s);
      addCpu(cpuOf, name, c);
    };
    phase('pre: zod schema (reference)', (b) => JournalBatchRequestSchema.parse(b));
    phase('pre: validation (parseBatch)', (b) => parseBatch(b));
    phase('pre: canonical JSON (generic, reference)', (b) => b.records.map((e) => canonicalRecordJson(e.record)));
    phase('pre: canonical JSON (recordJson)', (b) => b.records.map((e) => recordJson(e.record)));
    const jsons = batches.map((b) => b.records.map((e) => canonicalRecordJson(e.record)));
    const s = performance.now();
    const c = process.cpuUsage();
    for (const list of jsons) for (const j of list) sha256Hex(j);
    add(t, 'pre: SHA-256 of the records', performance.now() - s);
    addCpu(cpuOf, 'pre: SHA-256 of the records', c);
    phase('in tx: leaf hashes', (b) => b.records.map((e) => recordLeafHash(e.record.recordId, e.hash, '2024-01-01T00:00:00.000Z')));
    phase('in tx: participantsOf', (b) => b.records.map((e) => participantsOf(e.record)));

    const perRecord = (ms: number) => round((ms * 1000) / total, 1);
    const inTx = t.get('transaction (all)') ?? 0;
    const phases = Object.fromEntries([...t].map(([k, ms]) => [k, { usPerRecord: perRecord(ms), share: round(ms / wall, 3), cpuUsPerRecord: round((cpuOf.get(k) ?? 0) / total, 1) }]));
    return {
      store: kind,
      records: total,
      batchSize: BATCH,
      wallUsPerRecord: perRecord(wall),
      cpuUsPerRecord: round((cpu.user + cpu.system) / total, 1),
      outsideTransaction: { usPerRecord: perRecord(wall - inTx), share: round((wall - inTx) / wall, 3) },
      phases,
    };
  } finally {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const kind = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
  const total = Number(process.argv[3] ?? 20_000);
  profile(kind, total).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`ingest profile failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
