/**
 * Incremental verify (issue 18 item 5), SQLite: on a generated store of VERIFY_BENCH_RECORDS records
 * (default 100,000), the full check (`verify --full`, which saves a checkpoint), then 1% more records
 * appended and the incremental check. Baseline: the full check in the same run; the result is the
 * ratio of their times, and each one's rate. Also a SQLite `backup` of the same store against a plain
 * file copy (the same bytes without the snapshot transaction).
 *
 *   npm run bench -- verify        VERIFY_BENCH_RECORDS=1000000 for a larger store
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backup } from '../server/backup';
import { Ingestor } from '../server/ingest';
import { signerFromPrivateKey } from '../server/signing';
import { SqliteStore } from '../server/store/sqlite';
import { TreeHeads } from '../server/treeHeads';
import { verifyCommand } from '../server/verifyCommand';
import { batch, makeRecord } from '../server/test/fixtures';
import { round } from './stats';

export async function run(): Promise<Record<string, unknown>> {
  const total = Number(process.env.VERIFY_BENCH_RECORDS ?? 100_000);
  const appended = Math.max(1, Math.round(total / 100));
  const dir = mkdtempSync(join(tmpdir(), 'verify-bench-'));
  const store = new SqliteStore(join(dir, 'records.db'));
  try {
    await store.migrate();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const heads = new TreeHeads(store, signerFromPrivateKey(privateKey), { everyRecords: 1000, everyMs: 0 });
    await heads.registerKey();
    const ingestor = new Ingestor(store, heads);
    let seq = 1;
    const add = async (n: number) => {
      for (let done = 0; done < n; done += 500) {
        const recs = Array.from({ length: Math.min(500, n - done) }, () => makeRecord(seq++, { sentAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString() }));
        const out = await ingestor.ingest(batch(recs, `bench-${seq}`), { tokenId: 'bench', tokenName: 'bench' });
        if (out.status !== 200) throw new Error(`ingest failed: ${JSON.stringify(out.body)}`);
      }
      await heads.signNow(false);
    };
    await add(total);
    const quiet = { out: () => undefined, err: () => undefined };
    const verify = async (full: boolean) => {
      const t = performance.now();
      const { code, result } = await verifyCommand(store, { full, json: true, progressEveryMs: 60_000, pinnedKey: publicKey, privateKey, ...quiet });
      if (code !== 0) throw new Error(`verify failed: ${result.problems[0]?.message ?? 'unknown'}`);
      if (result.mode !== (full ? 'full' : 'incremental')) throw new Error(`verify ran the ${result.mode} check`);
      return { seconds: (performance.now() - t) / 1000, result };
    };
    const full = await verify(true);
    await add(appended);
    const inc = await verify(false);

    const t0 = performance.now();
    copyFileSync(join(dir, 'records.db'), join(dir, 'plain-copy.db'));
    const copySeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await backup(`sqlite:${join(dir, 'records.db')}`, join(dir, 'backup'));
    const backupSeconds = (performance.now() - t1) / 1000;
    return {
      store: 'sqlite',
      records: total + appended,
      full: { seconds: round(full.seconds, 2), checked: full.result.checked, recordsPerSecond: Math.round(full.result.checked / full.seconds) },
      incremental: { seconds: round(inc.seconds, 2), checked: inc.result.checked, appended, recordsPerSecond: Math.round(inc.result.checked / inc.seconds) },
      ratioIncrementalVsFull: round(inc.seconds / full.seconds, 4),
      backup: { seconds: round(backupSeconds, 2), plainCopySeconds: round(copySeconds, 2), ratioVsPlainCopy: round(backupSeconds / copySeconds, 2) },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
