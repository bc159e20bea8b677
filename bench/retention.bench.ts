/**
 * Retention server benchmarks.
 *
 *  ingest:  records/s through POST /v1/journal/batches (device signature and identity checks,
 *           validation, hashing, Merkle leaves, triggers, full-text index, participants, tree heads) and
 *           through the store alone, unsigned and signed (issue 12: the goal is signed ≥ 0.9 × unsigned),
 *           on SQLite and on a throwaway PostgreSQL (fsync on), against a raw-insert baseline measured in
 *           the same run: the same records, as (id, JSON) rows, same batch size, one transaction per batch.
 *           The writers take turns batch by batch, with wall and CPU time (bench/retentionIngest.ts).
 *  search:  GET /v1/records latency on a SQLite store of 1,000,000 records loaded in bulk (recordLoader.ts) (full text, rare
 *           and common words; participant; conversation; time range; combined), against a bare FTS5
 *           MATCH on the same database as the baseline; and the time `verify` takes over that store.
 *  searchPostgres: the same searches on PostgreSQL at 100,000 records (loaded with COPY) (tsvector + GIN), against a
 *           bare tsvector query.
 *
 * `tsx bench/retention.bench.ts` prints the JSON; RETENTION_BENCH_SEARCH_RECORDS, _PG_SEARCH_RECORDS
 * and _INGEST_RECORDS change the sizes; RETENTION_BENCH_PARTS=ingest (or search,searchPostgres) runs a
 * subset. Timings are reported, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { BENCH_T0, loadPostgres, loadSqlite, YEAR_MS } from './recordLoader';
import { createToken } from '../server/auth';
import { buildApp } from '../server/http';
import { Ingestor } from '../server/ingest';
import { PostgresStore } from '../server/store/postgres';
import { SqliteStore } from '../server/store/sqlite';
import type { Store } from '../server/store/types';
import { TreeHeads } from '../server/treeHeads';
import { verifyStore } from '../server/verify';
import { postgresAvailable, startPostgres } from '../test/support/postgres';
import { round, summarize } from './stats';
import { ingestBench, INGEST_BATCH } from './retentionIngest';

export interface RetentionBenchOptions {
  ingestRecords?: number;
  searchRecords?: number;
  pgSearchRecords?: number;
  searchRuns?: number;
}

export async function run(opts: RetentionBenchOptions = {}): Promise<Record<string, unknown>> {
  const ingestRecords = opts.ingestRecords ?? envInt('RETENTION_BENCH_INGEST_RECORDS', 20_000);
  const searchRecords = opts.searchRecords ?? envInt('RETENTION_BENCH_SEARCH_RECORDS', 1_000_000);
  const pgSearchRecords = opts.pgSearchRecords ?? envInt('RETENTION_BENCH_PG_SEARCH_RECORDS', 100_000);
  const parts = new Set((process.env.RETENTION_BENCH_PARTS ?? 'ingest,search,searchPostgres').split(','));
  const dir = mkdtempSync(join(tmpdir(), 'retention-bench-'));
  try {
    const out: Record<string, unknown> = {};
    if (parts.has('ingest')) {
      const ingest: Record<string, unknown> = { unit: 'records/s', records: ingestRecords, batchSize: INGEST_BATCH };
      // RETENTION_BENCH_INGEST_STORES=sqlite (or postgres) measures one store only (default both).
      const stores = new Set((process.env.RETENTION_BENCH_INGEST_STORES ?? 'sqlite,postgres').split(','));
      if (stores.has('sqlite')) ingest.sqlite = await ingestBench('sqlite', ingestRecords, dir);
      if (!stores.has('postgres')) ingest.postgres = { skipped: 'RETENTION_BENCH_INGEST_STORES' };
      else if (postgresAvailable()) ingest.postgres = await ingestBench('postgres', ingestRecords, dir);
      else ingest.postgres = { skipped: 'PostgreSQL server binaries not installed' };
      out.ingest = ingest;
    }
    if (parts.has('search')) out.search = await searchBench(searchRecords, opts.searchRuns ?? 15, dir);
    if (parts.has('searchPostgres')) {
      out.searchPostgres = postgresAvailable()
        ? await searchBenchPostgres(pgSearchRecords, opts.searchRuns ?? 15)
        : { skipped: 'PostgreSQL server binaries not installed' };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Data: bench/recordLoader.ts (shared with records.bench.ts).

const T0 = BENCH_T0;

// Ingest: bench/retentionIngest.ts (interleaved writers, wall and CPU time).

// ---------------------------------------------------------------------------------------------------
// Search at scale

/** Fill a store in bulk with the rows ingest writes (bench/recordLoader.ts); an Ingestor for the app. */
async function generate(store: Store, total: number, url?: string): Promise<{ seconds: number; ingestor: Ingestor; heads: TreeHeads }> {
  const load = store instanceof SqliteStore ? await loadSqlite(store, total) : await loadPostgres(store, url ?? '', total);
  return { seconds: load.seconds, ingestor: new Ingestor(store, load.heads), heads: load.heads };
}

/** GET /v1/records latency (auth, query, audit write, JSON) for a set of typical searches. */
async function queryLatency(store: Store, ingestor: Ingestor, heads: TreeHeads, runs: number): Promise<Record<string, unknown>> {
  const app = buildApp({ store, ingestor, treeHeads: heads });
  const { token } = await createToken(store, 'records', 'bench-reader');
  const mid = new Date(T0 + YEAR_MS / 2).toISOString();
  const dayAfter = new Date(T0 + YEAR_MS / 2 + 86_400_000).toISOString();
  const queries: Record<string, string> = {
    textRare: 'q=zanzibar',
    textCommon: 'q=budget',
    textTwoWords: 'q=budget%20meeting',
    participant: 'participant=user42@agency.example.gov',
    conversation: 'conversation=user7@agency.example.gov',
    timeRangeOneDay: `from=${mid}&to=${dayAfter}`,
    combined: `participant=user42@agency.example.gov&q=report&from=${mid}`,
  };
  const latency: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(queries)) {
    const samples: number[] = [];
    let count = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const res = await app.inject({ method: 'GET', url: `/v1/records?${query}&limit=100`, headers: { authorization: `Bearer ${token}` } });
      samples.push(performance.now() - start);
      if (res.statusCode !== 200) throw new Error(`search ${name} failed: ${res.statusCode} ${res.body}`);
      count = (res.json() as { records: unknown[] }).records.length;
    }
    latency[name] = { ...roundAll(summarize(samples)), results: count };
  }
  await app.close();
  return latency;
}

async function timeIt(runs: number, fn: () => unknown): Promise<ReturnType<typeof summarize>> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return roundAll(summarize(samples));
}

async function searchBench(total: number, runs: number, dir: string): Promise<Record<string, unknown>> {
  const file = join(dir, 'search.db');
  const store = new SqliteStore(file);
  await store.migrate();
  const { seconds, ingestor, heads } = await generate(store, total);
  const latency = await queryLatency(store, ingestor, heads, runs);

  // Baseline: a bare FTS5 MATCH on the same index (no ordering, joins, audit or JSON).
  const raw = new Database(file, { readonly: true });
  const bare = raw.prepare('SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT 100');
  const baseline = { zanzibar: await timeIt(runs, () => bare.all('zanzibar')), budget: await timeIt(runs, () => bare.all('budget')) };
  raw.close();

  const t = performance.now();
  const report = await verifyStore(store);
  const verifySeconds = (performance.now() - t) / 1000;
  await store.close();
  return {
    unit: 'ms',
    store: 'sqlite',
    records: total,
    generateSeconds: round(seconds, 1),
    generateRate: Math.round(total / seconds),
    latency,
    bareFts5Baseline: baseline,
    verifySeconds: round(verifySeconds, 1),
    verifyRate: Math.round(total / verifySeconds),
    verifyOk: report.ok,
  };
}

async function searchBenchPostgres(total: number, runs: number): Promise<Record<string, unknown>> {
  const cluster = await startPostgres({ durable: true });
  try {
    const url = await cluster.createDatabase('search');
    const store = new PostgresStore(url);
    await store.migrate();
    const { seconds, ingestor, heads } = await generate(store, total, url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ANALYZE');
    const latency = await queryLatency(store, ingestor, heads, runs);
    const bare = (word: string) => client.query("SELECT leaf_index FROM records WHERE body_tsv @@ plainto_tsquery('simple', $1) LIMIT 100", [word]);
    const baseline = { zanzibar: await timeIt(runs, () => bare('zanzibar')), budget: await timeIt(runs, () => bare('budget')) };
    await client.end();
    await store.close();
    return { unit: 'ms', store: 'postgres', records: total, generateSeconds: round(seconds, 1), generateRate: Math.round(total / seconds), latency, bareTsvectorBaseline: baseline };
  } finally {
    await cluster.stop();
  }
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, 2)])) as T;
}

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`retention bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
