/**
 * The ingest part of retention.bench.ts (issue 18 item 3: store ingest ≥ 0.3 × raw inserts; issue 12:
 * signed ≥ 0.9 × unsigned). Four writers get the same batches, interleaved batch by batch in a rotating
 * order, so load on a shared machine hits them alike:
 *
 *  raw:    the same records as (id, JSON) rows, one transaction per batch, nothing else (the baseline);
 *  store:  the Ingestor without HTTP, unsigned (validation, canonical JSON, hashing, dedup and sequence
 *          checks, Merkle leaves, records and their indexes, participants, the full-text index, tree heads);
 *  signed: the same with the device guard (signature verification and identity checks; the signatures
 *          were made beforehand, as a client does);
 *  http:   POST /v1/journal/batches on loopback with signed batches.
 *
 * Each writer's wall time and CPU time are summed over its batches. CPU is this process's (better-sqlite3
 * runs in it) plus, on PostgreSQL, every process of the throwaway cluster (/proc/<pid>/schedstat, ns),
 * which stays meaningful when the machine is loaded. The ratios are raw ÷ writer, per batch summed.
 *
 * PostgreSQL partitions records by month: the bench's records span a year, so every store makes the
 * year's months before the timed batches (as `migrate` makes the current and next two months), and the
 * one-time cost of making a month is reported apart (`monthPartitionMs`).
 *
 * On PostgreSQL `walKBPerBatch` is the WAL each writer writes per batch (the insert LSN before and after, untimed).
 * RETENTION_BENCH_INGEST_WRITERS=store runs raw and store only (a list: store,signed,http; default all).
 * RETENTION_BENCH_BASELINE_CODE=DIR adds a fifth writer: the store path of another checkout of this
 * repository (e.g. `git archive <commit> | tar -x -C DIR`, with node_modules linked), unsigned, so an
 * older commit and this one are compared in the same run (`ratioStoreVsBaseline`).
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { JournalBatchRequest } from '../shared/journal/api';
import { DEVICE_HEADER, SIGNATURE_HEADER } from '../shared/journal/enrollment';
import { createToken } from '../server/auth';
import { DeviceBatchVerifier } from '../server/batchSignature';
import { Ingestor } from '../server/ingest';
import { RateLimiter } from '../server/rateLimit';
import { startServer } from '../server/serve';
import { signerFromPrivateKey } from '../server/signing';
import { PostgresStore } from '../server/store/postgres';
import { monthOf } from '../server/store/postgresPartitions';
import { SqliteStore } from '../server/store/sqlite';
import type { Store } from '../server/store/types';
import { TreeHeads } from '../server/treeHeads';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { BENCH_T0, benchRecord, DAY_MS, rng, YEAR_MS } from './recordLoader';
import { deviceBatches, enrollBenchDevices, NO_LIMITS } from './retentionDevices';
import { round, summarize } from './stats';

export const INGEST_BATCH = 500;

interface Writer {
  name: 'raw' | 'store' | 'signed' | 'http' | 'baseline';
  write(batch: JournalBatchRequest, k: number): Promise<void>;
  close(): Promise<void>;
}

/** Nanoseconds of CPU used so far by every process of a PostgreSQL cluster (the postmaster and its children). */
export function clusterCpuNs(postmaster: number): number {
  const pids = [postmaster, ...readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)];
  let ns = 0;
  for (const pid of pids) {
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the process exited meanwhile
    }
  }
  return ns;
}

export async function postmasterPid(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const backend = Number((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    return Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } finally {
    await c.end();
  }
}

export async function ingestBench(kind: 'sqlite' | 'postgres', total: number, dir: string): Promise<Record<string, unknown>> {
  const rand = rng(1);
  const batches = [...deviceBatches(total, INGEST_BATCH, (i) => benchRecord(i, total, rand))];
  const cluster = kind === 'postgres' ? await startPostgres({ durable: true }) : undefined;
  try {
    const monthMs: number[] = [];
    const openStore = async (name: string): Promise<Store> => {
      if (kind === 'sqlite') {
        const store = new SqliteStore(join(dir, `${kind}-${name}.db`));
        await store.migrate();
        return store;
      }
      const store = new PostgresStore(await (cluster as TestPostgres).createDatabase(name));
      await store.migrate();
      // The year of the bench's records, month by month, as ingest makes a month on its first record.
      await store.transaction(async (tx) => {
        await tx.lockTree();
      }, async (client) => {
        monthMs.length = 0;
        for (let m = monthOf(BENCH_T0); m < BENCH_T0 + YEAR_MS; m = monthOf(m + 40 * DAY_MS)) {
          const t = performance.now();
          await client.query('SELECT retention_ensure_month($1)', [m]);
          monthMs.push(performance.now() - t);
        }
      });
      return store;
    };
    // RETENTION_BENCH_INGEST_WRITERS=store (or store,signed…) runs fewer writers beside raw (default: all).
    const only = new Set((process.env.RETENTION_BENCH_INGEST_WRITERS ?? 'store,signed,http').split(','));
    const writers: Writer[] = [await rawWriter(kind, cluster, dir), await storeWriter('store', await openStore('store'), batches, false)];
    if (only.has('signed')) writers.push(await storeWriter('signed', await openStore('signed'), batches, true));
    if (only.has('http')) writers.push(await httpWriter(await openStore('http'), batches, dir, kind));
    const baseline = process.env.RETENTION_BENCH_BASELINE_CODE;
    if (baseline) writers.push(await baselineWriter(baseline, kind, kind === 'sqlite' ? join(dir, 'sqlite-baseline.db') : await (cluster as TestPostgres).createDatabase('baseline')));
    const postmaster = cluster ? await postmasterPid(cluster.url) : undefined;
    // PostgreSQL: WAL bytes each writer's batches write (pg_current_wal_insert_lsn before and after, outside the timing).
    const walLsn = cluster ? await walReader(cluster.url) : undefined;
    const walBytes = new Map<string, number>(writers.map((w) => [w.name, 0]));
    const wall = new Map<string, number[]>(writers.map((w) => [w.name, []]));
    const cpu = new Map<string, number>(writers.map((w) => [w.name, 0]));
    for (const [k, batch] of batches.entries()) {
      for (let j = 0; j < writers.length; j++) {
        const w = writers[(k + j) % writers.length] as Writer;
        const w0 = walLsn ? await walLsn.read() : 0;
        const c0 = process.cpuUsage();
        const p0 = postmaster === undefined ? 0 : clusterCpuNs(postmaster);
        const t0 = performance.now();
        await w.write(batch, k);
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        const pgMs = postmaster === undefined ? 0 : (clusterCpuNs(postmaster) - p0) / 1e6;
        wall.get(w.name)?.push(ms);
        cpu.set(w.name, (cpu.get(w.name) ?? 0) + (c.user + c.system) / 1000 + pgMs);
        if (walLsn) walBytes.set(w.name, (walBytes.get(w.name) ?? 0) + (await walLsn.read()) - w0);
      }
    }
    for (const w of writers) await w.close();
    await walLsn?.close();

    const sum = (name: string) => (wall.get(name) ?? []).reduce((a, b) => a + b, 0);
    const rate = (name: string) => Math.round(total / (sum(name) / 1000));
    const cpuUs = (name: string) => round(((cpu.get(name) ?? 0) * 1000) / total, 1);
    const perBatch = (name: string) => summarize((wall.get('raw') ?? []).map((r, i) => r / (wall.get(name)?.[i] ?? Number.NaN))).median;
    return {
      rawInsertBaseline: rate('raw'),
      ingestStore: rate('store'),
      ...(only.has('signed') ? { ingestStoreSigned: rate('signed') } : {}),
      ...(only.has('http') ? { ingestHttpSigned: rate('http') } : {}),
      ratioStoreVsRaw: round(sum('raw') / sum('store'), 3),
      ratioStoreVsRawMedianBatch: round(perBatch('store'), 3),
      ...(only.has('signed') ? { ratioSignedVsUnsigned: round(sum('store') / sum('signed'), 3) } : {}),
      ...(only.has('http') ? { ratioHttpVsRaw: round(sum('raw') / sum('http'), 3) } : {}),
      cpuUsPerRecord: Object.fromEntries(writers.map((w) => [w.name, cpuUs(w.name)])),
      ratioStoreVsRawCpu: round((cpu.get('raw') ?? 0) / (cpu.get('store') ?? Number.NaN), 3),
      ...(baseline ? { ingestBaseline: rate('baseline'), ratioBaselineVsRaw: round(sum('raw') / sum('baseline'), 3), ratioStoreVsBaseline: round(sum('baseline') / sum('store'), 3), baselineCpuUsPerRecord: cpuUs('baseline') } : {}),
      ...(kind === 'postgres' ? { monthPartitionMs: round(summarize(monthMs).median, 1) } : {}),
      ...(walLsn ? { walKBPerBatch: Object.fromEntries(writers.map((w) => [w.name, Math.round((walBytes.get(w.name) ?? 0) / batches.length / 1024)])) } : {}),
      order: 'interleaved batch by batch, rotating',
      durability: kind === 'sqlite' ? 'WAL, synchronous=FULL (all)' : 'fsync on, synchronous_commit on (all)',
    };
  } finally {
    await cluster?.stop();
  }
}

/** The cluster's WAL insert position in bytes (the WAL written so far), read on a connection of its own. */
async function walReader(url: string): Promise<{ read(): Promise<number>; close(): Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return {
    read: async () => Number((await c.query<{ b: string }>("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::text AS b")).rows[0]?.b),
    close: () => c.end(),
  };
}

async function rawWriter(kind: 'sqlite' | 'postgres', cluster: TestPostgres | undefined, dir: string): Promise<Writer> {
  if (kind === 'sqlite') {
    const db = new Database(join(dir, 'sqlite-raw.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE raw_records (record_id TEXT PRIMARY KEY, record_json TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO raw_records (record_id, record_json) VALUES (?, ?)');
    const insertBatch = db.transaction((b: JournalBatchRequest) => {
      for (const e of b.records) insert.run(e.record.recordId, JSON.stringify(e.record));
    });
    return { name: 'raw', write: async (b) => insertBatch(b), close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: await (cluster as TestPostgres).createDatabase('raw') });
  await client.connect();
  await client.query('CREATE TABLE raw_records (record_id text PRIMARY KEY, record_json text NOT NULL)');
  return {
    name: 'raw',
    write: async (b) => {
      await client.query('INSERT INTO raw_records SELECT * FROM unnest($1::text[], $2::text[])', [
        b.records.map((e) => e.record.recordId),
        b.records.map((e) => JSON.stringify(e.record)),
      ]);
    },
    close: () => client.end(),
  };
}

async function storeWriter(name: 'store' | 'signed', store: Store, batches: JournalBatchRequest[], signed: boolean): Promise<Writer> {
  const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
  const heads = new TreeHeads(store, signer, { everyRecords: 1000, everyMs: 0 });
  const ingestor = new Ingestor(store, heads);
  const sign = signed ? await enrollBenchDevices(store) : null;
  const verifier = new DeviceBatchVerifier({ store, registry: store.deviceRegistry(), limiter: new RateLimiter(), limits: NO_LIMITS, clock: () => new Date() });
  // Signed beforehand, as a client signs before it sends.
  const signatures = sign ? batches.map(sign) : [];
  return {
    name,
    write: async (b, k) => {
      const sig = signatures[k];
      const guard = sig ? verifier.guard({ ...sig, tokenName: 'bench' }) : undefined;
      const out = await ingestor.ingest(b, { tokenId: 'bench', tokenName: 'bench' }, undefined, guard);
      if (out.status !== 200) throw new Error(`ingest failed: ${out.status} ${JSON.stringify(out.body)}`);
    },
    close: () => store.close(),
  };
}

async function httpWriter(store: Store, batches: JournalBatchRequest[], dir: string, kind: string): Promise<Writer> {
  const { token } = await createToken(store, 'client', 'bench');
  const sign = await enrollBenchDevices(store);
  const server = await startServer({
    store,
    signingKeyFile: join(dir, `${kind}-http.key.pem`),
    host: '127.0.0.1',
    port: 0,
    logLevel: false,
    treeHeads: { everyRecords: 1000, everyMs: 0 },
  });
  // Serialised and signed beforehand, as a client does before it sends.
  const requests = batches.map((b) => {
    const { deviceId, signature } = sign(b);
    return { body: JSON.stringify(b), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', [DEVICE_HEADER]: deviceId, [SIGNATURE_HEADER]: signature } };
  });
  return {
    name: 'http',
    write: async (_b, k) => {
      const req = requests[k];
      if (!req) throw new Error(`no request for batch ${k}`);
      const res = await fetch(`${server.url}/v1/journal/batches`, { method: 'POST', ...req });
      if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    },
    close: () => server.close(),
  };
}

/** The unsigned store path of another checkout (RETENTION_BENCH_BASELINE_CODE), its months made as above. */
async function baselineWriter(dir: string, kind: 'sqlite' | 'postgres', location: string): Promise<Writer> {
  type StoreCtor = new (location: string) => Store;
  const mod = async <T>(path: string): Promise<T> => (await import(join(dir, path))) as T;
  const { Ingestor: OldIngestor } = await mod<{ Ingestor: typeof Ingestor }>('server/ingest.ts');
  const { TreeHeads: OldHeads } = await mod<{ TreeHeads: typeof TreeHeads }>('server/treeHeads.ts');
  const Ctor = kind === 'sqlite' ? (await mod<{ SqliteStore: StoreCtor }>('server/store/sqlite.ts')).SqliteStore : (await mod<{ PostgresStore: StoreCtor }>('server/store/postgres.ts')).PostgresStore;
  const store = new Ctor(location);
  await store.migrate();
  if (kind === 'postgres') {
    const pgStore = store as unknown as { transaction: PostgresStore['transaction'] };
    await pgStore.transaction(async (tx) => void (await tx.lockTree()), async (client) => {
      for (let m = monthOf(BENCH_T0); m < BENCH_T0 + YEAR_MS; m = monthOf(m + 40 * DAY_MS)) await client.query('SELECT retention_ensure_month($1)', [m]);
    });
  }
  const ingestor = new OldIngestor(store, new OldHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 }));
  return {
    name: 'baseline',
    write: async (b) => {
      const out = await ingestor.ingest(b, { tokenId: 'bench', tokenName: 'bench' });
      if (out.status !== 200) throw new Error(`baseline ingest failed: ${out.status}`);
    },
    close: () => store.close(),
  };
}
