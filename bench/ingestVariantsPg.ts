/**
 * PostgreSQL ingest, schema and setting variants side by side (issue 18 item 3, fourth pass): each variant is
 * a database of its own in one durable cluster (fsync and synchronous_commit on), written by the real
 * Ingestor (unsigned, 500 records per batch, the retention bench's records), its months made beforehand as
 * in the retention bench, then the variant's SQL run. A raw writer (the retention bench's (id, JSON) table)
 * takes its turn too, and the writers rotate batch by batch so load hits them alike.
 * Per variant: wall and CPU (Node + every cluster process) per record, and the WAL written per batch
 * (pg_current_wal_insert_lsn before and after). Variants that drop a structure search needs are bounds
 * (`bound…`): they size that structure, they are not candidates.
 *
 * `tsx bench/ingestVariantsPg.ts [records] [variant,variant…]` (default 20,000, all). Prints JSON; timings
 * only, never asserted.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { JournalBatchRequest } from '../shared/journal/api';
import { Ingestor } from '../server/ingest';
import { signerFromPrivateKey } from '../server/signing';
import { PostgresStore } from '../server/store/postgres';
import { monthOf } from '../server/store/postgresPartitions';
import { TreeHeads } from '../server/treeHeads';
import { startPostgres } from '../test/support/postgres';
import { BENCH_T0, benchRecord, DAY_MS, rng, YEAR_MS } from './recordLoader';
import { deviceBatches } from './retentionDevices';
import { clusterCpuNs, postmasterPid } from './retentionIngest';
import { round } from './stats';

const BATCH = 500;

/** Bytes this process has handed to write/send system calls so far (the statements sent to the cluster). */
const bytesWritten = (): number => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
const bytesRead = (): number => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

/** Runs `sql` once for each leaf partition of the partitioned index or table `parent` (%s = the partition). */
const eachPartition = (parent: string, sql: string): string => `
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT relid FROM pg_partition_tree('${parent}') WHERE isleaf LOOP
    EXECUTE format('${sql.replace(/'/g, "''")}', r.relid::regclass);
  END LOOP;
END $$;`;

const VARIANTS: Record<string, string> = {
  current: '',
  ginFastupdateOff: eachPartition('records_body_tsv', 'ALTER INDEX %s SET (fastupdate = off)'),
  ginPendingList64MB: eachPartition('records_body_tsv', 'ALTER INDEX %s SET (gin_pending_list_limit = 65536)'),
  btreeFillfactor100: ['records_sent', 'records_conversation', 'records_device_seq', 'records_pkey', 'participants_pkey']
    .map((i) => eachPartition(i, 'ALTER INDEX %s SET (fillfactor = 100)'))
    .join('\n') + "\nALTER INDEX leaves_record_id SET (fillfactor = 100); ALTER INDEX leaves_pkey SET (fillfactor = 100);",
  recordJsonLz4Inline: `ALTER TABLE records ALTER COLUMN record_json SET COMPRESSION lz4; ALTER TABLE records ALTER COLUMN record_json SET STORAGE MAIN;
ALTER TABLE records ALTER COLUMN body SET COMPRESSION lz4; ${eachPartition('records', 'ALTER TABLE %s SET (toast_tuple_target = 128)')}`,
  boundNoGin: 'DROP INDEX records_body_tsv;',
  boundNoRecordsSent: 'DROP INDEX records_sent;',
};

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 20_000);
  const names = process.argv[3] ? process.argv[3].split(',') : Object.keys(VARIANTS);
  const rand = rng(1);
  const batches = [...deviceBatches(total, BATCH, (i) => benchRecord(i, total, rand))];
  const cluster = await startPostgres({ durable: true });
  try {
    // RETENTION_BENCH_WAL_COMPRESSION=lz4|pglz: the whole cluster (raw writer included) compresses full-page images.
    const walCompression = process.env.RETENTION_BENCH_WAL_COMPRESSION;
    if (walCompression) {
      if (!/^(lz4|pglz|zstd|on|off)$/.test(walCompression)) throw new Error(`RETENTION_BENCH_WAL_COMPRESSION: not a wal_compression value: ${walCompression}`);
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`ALTER SYSTEM SET wal_compression = '${walCompression}'`);
      await admin.query('SELECT pg_reload_conf()');
      await admin.end();
    }
    interface W { name: string; write(b: JournalBatchRequest): Promise<void>; close(): Promise<void> }
    const writers: W[] = [];
    const rawClient = new pg.Client({ connectionString: await cluster.createDatabase('raw') });
    await rawClient.connect();
    await rawClient.query('CREATE TABLE raw_records (record_id text PRIMARY KEY, record_json text NOT NULL)');
    writers.push({
      name: 'raw',
      write: async (b) => void (await rawClient.query('INSERT INTO raw_records SELECT * FROM unnest($1::text[], $2::text[])', [b.records.map((e) => e.record.recordId), b.records.map((e) => JSON.stringify(e.record))])),
      close: () => rawClient.end(),
    });
    for (const name of names) {
      const sql = VARIANTS[name];
      if (sql === undefined) throw new Error(`unknown variant ${name}`);
      const store = new PostgresStore(await cluster.createDatabase(name.toLowerCase()));
      await store.migrate();
      await store.transaction(async (tx) => void (await tx.lockTree()), async (client) => {
        for (let m = monthOf(BENCH_T0); m < BENCH_T0 + YEAR_MS; m = monthOf(m + 40 * DAY_MS)) await client.query('SELECT retention_ensure_month($1)', [m]);
        if (sql) await client.query(sql);
      });
      const ingestor = new Ingestor(store, new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 }));
      writers.push({
        name,
        write: async (b) => {
          const out = await ingestor.ingest(b, { tokenId: 'bench', tokenName: 'bench' });
          if (out.status !== 200) throw new Error(`${name}: ingest failed ${out.status}`);
        },
        close: () => store.close(),
      });
    }
    const postmaster = await postmasterPid(cluster.url);
    const lsn = new pg.Client({ connectionString: cluster.url });
    await lsn.connect();
    const readLsn = async () => Number((await lsn.query<{ b: string }>("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::text AS b")).rows[0]?.b);
    const stats = new Map(writers.map((w) => [w.name, { wallMs: 0, cpuMs: 0, nodeMs: 0, sysMs: 0, wal: 0, sent: 0, received: 0 }]));
    for (const [k, batch] of batches.entries()) {
      for (let j = 0; j < writers.length; j++) {
        const w = writers[(k + j) % writers.length] as W;
        const s = stats.get(w.name) as { wallMs: number; cpuMs: number; nodeMs: number; sysMs: number; wal: number; sent: number; received: number };
        const l0 = await readLsn();
        const io0 = bytesWritten();
        const in0 = bytesRead();
        const c0 = process.cpuUsage();
        const p0 = clusterCpuNs(postmaster);
        const t0 = performance.now();
        await w.write(batch);
        s.wallMs += performance.now() - t0;
        const c = process.cpuUsage(c0);
        s.nodeMs += (c.user + c.system) / 1000;
        s.sysMs += c.system / 1000;
        s.sent += bytesWritten() - io0;
        s.received += bytesRead() - in0;
        s.cpuMs += (c.user + c.system) / 1000 + (clusterCpuNs(postmaster) - p0) / 1e6;
        s.wal += (await readLsn()) - l0;
      }
    }
    for (const w of writers) await w.close();
    // Full-page images in the whole run (wal_compression compresses only these): the writers' backends have
    // exited, so their WAL counters are in pg_stat_wal.
    await new Promise((r) => setTimeout(r, 1500));
    const walStats = (await lsn.query<{ wal_fpi: string; wal_records: string }>('SELECT wal_fpi::text, wal_records::text FROM pg_stat_wal')).rows[0];
    await lsn.end();
    const raw = stats.get('raw') as { wallMs: number; cpuMs: number };
    const cur = stats.get('current');
    const out = Object.fromEntries(
      [...stats].map(([name, s]) => [
        name,
        {
          recordsPerS: Math.round(total / (s.wallMs / 1000)),
          ratioVsRaw: round(raw.wallMs / s.wallMs, 3),
          cpuUsPerRecord: round((s.cpuMs * 1000) / total, 1),
          nodeCpuUsPerRecord: round((s.nodeMs * 1000) / total, 1),
          nodeSystemCpuUsPerRecord: round((s.sysMs * 1000) / total, 1),
          ratioVsRawCpu: round(raw.cpuMs / s.cpuMs, 3),
          ...(cur ? { cpuVsCurrent: round(s.cpuMs / cur.cpuMs, 3) } : {}),
          walKBPerBatch: Math.round(s.wal / batches.length / 1024),
          sentKBPerBatch: Math.round(s.sent / batches.length / 1024),
          receivedKBPerBatch: round(s.received / batches.length / 1024, 1),
        },
      ]),
    );
    process.stdout.write(`${JSON.stringify({ records: total, batchSize: BATCH, order: 'rotating, batch by batch', walCompression: process.env.RETENTION_BENCH_WAL_COMPRESSION ?? 'off', walFullPageImages: Number(walStats?.wal_fpi), walRecords: Number(walStats?.wal_records), variants: out }, null, 2)}\n`);
  } finally {
    await cluster.stop();
  }
}

await main();
