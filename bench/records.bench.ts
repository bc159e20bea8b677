/**
 * Records-management benchmarks (issue 14), on SQLite and a throwaway PostgreSQL:
 *
 *  consoleSearch: p95 latency of the console's search (GET /console/api/records with a session cookie
 *      and a reason: session check, query, access-audit write, JSON) at RECORDS_BENCH_SEARCH_RECORDS
 *      records (default 1,000,000), beside a bare full-text query on the same database as the baseline.
 *      Goal: p95 < 100 ms.
 *  disposition: approving a disposition of RECORDS_BENCH_DISPOSE_RECORDS records (default 100,000):
 *      the hold check, the guarded content removal (rm_disposed rows, UPDATE through the records
 *      trigger, full-text index entries), two signed tree heads; beside a plain DELETE of the same rows
 *      from a trigger-free copy of the records table with the same indexes, in the same run.
 *
 * The stores are filled by bench/recordLoader.ts (the rows an unsigned ingest writes, in bulk: SQLite in one
 * transaction with the full-text index built at the end, PostgreSQL with COPY), so a million records load
 * in minutes. RECORDS_BENCH_PARTS=sqliteSearch,sqliteDisposition,postgresSearch,postgresDisposition picks parts.
 * `tsx bench/records.bench.ts` prints JSON; timings are reported, never asserted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createToken } from '../server/auth';
import { ConsoleSessions } from '../server/console/sessions';
import { buildApp } from '../server/http';
import { Ingestor } from '../server/ingest';
import { RecordsService } from '../server/records/service';
import { registerConsole } from '../server/routes/console';
import { signerFromPrivateKey } from '../server/signing';
import { PostgresStore } from '../server/store/postgres';
import { SqliteStore } from '../server/store/sqlite';
import type { Store } from '../server/store/types';
import { TreeHeads } from '../server/treeHeads';
import { postgresAvailable, startPostgres } from '../test/support/postgres';
import { BENCH_T0, DAY_MS, loadPostgres, loadSqlite } from './recordLoader';
import { round, summarize } from './stats';

const T0 = BENCH_T0;
const DAY = DAY_MS;

async function p95(runs: number, fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  const sum = summarize(samples);
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: round(sum.median, 2), p95: round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN, 2), max: round(sum.max, 2), n: sum.n };
}

async function consoleSearch(store: Store, bare: (word: string) => Promise<unknown>, runs: number): Promise<Record<string, unknown>> {
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1e9, everyMs: 0 });
  await heads.registerKey();
  const app = buildApp({ store, ingestor: new Ingestor(store, heads), treeHeads: heads });
  registerConsole(app, { store, treeHeads: heads, clock: () => new Date() }, {
    assetsDir: async () => '', sessions: new ConsoleSessions({ idleMs: 3_600_000, maxMs: 3_600_000 }), tokenSignIn: true, secureCookies: false,
  });
  const { token } = await createToken(store, 'records', 'bench');
  const signin = await app.inject({ method: 'POST', url: '/console/api/session/token', headers: { 'content-type': 'application/json' }, payload: { token } });
  const cookie = String(signin.headers['set-cookie']).split(';')[0] as string;
  const mid = new Date(T0 + 182 * DAY).toISOString().slice(0, 10);
  const queries: Record<string, string> = {
    textRare: 'q=zanzibar',
    textCommon: 'q=budget',
    textTwoCommon: 'q=budget%20meeting',
    participant: 'participant=user42@agency.example.gov',
    conversation: 'conversation=user7@agency.example.gov',
    oneDay: `from=${mid}&to=${mid}`,
    participantTextDays: `participant=user42@agency.example.gov&q=report&from=${mid}`,
  };
  const out: Record<string, unknown> = {};
  for (const [name, q] of Object.entries(queries)) {
    let results = 0;
    out[name] = {
      ...(await p95(runs, async () => {
        const res = await app.inject({ method: 'GET', url: `/console/api/records?${q}&reason=bench%20run&limit=100`, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
        results = (res.json() as { records: unknown[] }).records.length;
      })),
      results,
    };
  }
  out.bareFullTextBaseline = { zanzibar: await p95(runs, () => bare('zanzibar')), budget: await p95(runs, () => bare('budget')) };
  await app.close();
  return out;
}

/** Approve a disposition of every record (all expired, none held), and DELETE the same rows from a trigger-free copy. */
async function disposition(store: Store, copy: (sql: string) => Promise<unknown>): Promise<Record<string, unknown>> {
  const heads = new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1e9, everyMs: 0 });
  await heads.registerKey();
  const svc = new RecordsService(store, heads);
  await svc.saveSeries({ id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'bench', isDefault: true }, 'bench');
  await svc.placeHold({ matter: 'bench', reason: 'bench', scope: { terms: ['zanzibar-never'] } }, 'bench');
  let t = performance.now();
  const d = await svc.propose('transitory', 'bench', { id: 'a', name: 'A' });
  const proposeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const cert = await svc.approve(d.id, { id: 'b', name: 'B' });
  const approveSeconds = (performance.now() - t) / 1000;
  await copy('CREATE TABLE records_plain AS SELECT * FROM records');
  await copy('CREATE INDEX records_plain_sent ON records_plain (sent_at_ms, leaf_index)');
  await copy('CREATE INDEX records_plain_conv ON records_plain (conversation_key, sent_at_ms, leaf_index)');
  await copy('CREATE UNIQUE INDEX records_plain_id ON records_plain (record_id)');
  t = performance.now();
  await copy('DELETE FROM records_plain WHERE leaf_index IN (SELECT leaf_index FROM rm_disposed)');
  const deleteSeconds = (performance.now() - t) / 1000;
  return {
    records: cert.count, proposeSeconds: round(proposeSeconds, 2), approveSeconds: round(approveSeconds, 2),
    plainDeleteSeconds: round(deleteSeconds, 2), approveToDeleteRatio: round(approveSeconds / deleteSeconds, 1),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const searchRecords = envInt('RECORDS_BENCH_SEARCH_RECORDS', 1_000_000);
  const disposeRecords = envInt('RECORDS_BENCH_DISPOSE_RECORDS', 100_000);
  const pgSearchRecords = envInt('RECORDS_BENCH_PG_SEARCH_RECORDS', searchRecords);
  const runs = envInt('RECORDS_BENCH_RUNS', 40);
  const dir = mkdtempSync(join(tmpdir(), 'records-bench-'));
  const out: Record<string, unknown> = { searchRecords, disposeRecords, unit: 'ms (latency), s (durations)' };
  // Each part is also written to stderr as it finishes, so a long run that is cut short keeps what it measured.
  const done = (key: string, value: unknown) => {
    out[key] = value;
    process.stderr.write(`records bench: ${key} ${JSON.stringify(value)}\n`);
  };
  const parts = new Set((process.env.RECORDS_BENCH_PARTS ?? 'sqliteSearch,sqliteDisposition,postgresSearch,postgresDisposition').split(','));
  try {
    if (parts.has('sqliteSearch')) {
      const store = new SqliteStore(join(dir, 'search.db'));
      await store.migrate();
      const load = await loadSqlite(store, searchRecords);
      const raw = store.raw;
      const bare = async (w: string) => raw.prepare('SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT 100').all(w);
      done('sqliteSearch', { loadSeconds: round(load.seconds, 1), ...(await consoleSearch(store, bare, runs)) });
      await store.close();
    }
    if (parts.has('sqliteDisposition')) {
      const dstore = new SqliteStore(join(dir, 'dispose.db'));
      await dstore.migrate();
      await loadSqlite(dstore, disposeRecords, { conversations: 20 });
      done('sqliteDisposition', await disposition(dstore, async (sql) => dstore.raw.exec(sql)));
      await dstore.close();
    }
    const pgParts = parts.has('postgresSearch') || parts.has('postgresDisposition');
    if (pgParts && !postgresAvailable()) out.postgres = { skipped: 'PostgreSQL server binaries not installed' };
    else if (pgParts) {
      const cluster = await startPostgres({ durable: true });
      try {
        if (parts.has('postgresSearch')) {
          const url = await cluster.createDatabase('search');
          const store = new PostgresStore(url);
          await store.migrate();
          const load = await loadPostgres(store, url, pgSearchRecords);
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query('VACUUM ANALYZE');
          const bare = (w: string) => client.query("SELECT leaf_index FROM records WHERE body_tsv @@ plainto_tsquery('simple', $1) LIMIT 100", [w]);
          done('postgresSearch', { records: pgSearchRecords, loadSeconds: round(load.seconds, 1), ...(await consoleSearch(store, bare, runs)) });
          await client.end();
          await store.close();
        }
        if (parts.has('postgresDisposition')) {
          const durl = await cluster.createDatabase('dispose');
          const dstore = new PostgresStore(durl);
          await dstore.migrate();
          await loadPostgres(dstore, durl, disposeRecords, { conversations: 20 });
          const dc = new pg.Client({ connectionString: durl });
          await dc.connect();
          await dc.query('ANALYZE');
          done('postgresDisposition', await disposition(dstore, (sql) => dc.query(sql)));
          await dc.end();
          await dstore.close();
        }
      } finally {
        await cluster.stop();
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
