/**
 * Backup and restore (issue 18 item 6), through the CLI as operators run it, on SQLite and a throwaway
 * PostgreSQL cluster: `backup` runs in its own process while this one keeps ingesting; the backup is one
 * consistent snapshot (restored, `verify --full` passes and the latest head is the manifest's); a damaged
 * backup file is refused naming it; a non-empty target is refused and left as it was; the signing key is
 * not in the backup.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, startPostgres, type TestPostgres } from '../test/support/postgres';
import type { BackupManifest } from './backup';
import { Ingestor } from './ingest';
import { defaultSigningKeyFile } from './serve';
import { loadSigningKey } from './signing';
import { PostgresStore } from './store/postgres';
import { SqliteStore } from './store/sqlite';
import type { Store } from './store/types';
import { batch, makeRecord } from './test/fixtures';
import { TreeHeads } from './treeHeads';
import { retentionCli } from '../test/support/retentionProcess';

const SLOW = 180_000;

const cli = retentionCli;

/** Ingest batches of 25 into the store until stopped; heads every 40 records. */
async function writerFor(store: Store, keyFile: string): Promise<{ add: (n: number) => Promise<void>; keepWriting: () => { stop: () => Promise<number> } }> {
  const heads = new TreeHeads(store, loadSigningKey(keyFile, true), { everyRecords: 40, everyMs: 0 });
  await heads.registerKey();
  const ingestor = new Ingestor(store, heads);
  let seq = 1;
  const add = async (n: number) => {
    const recs = Array.from({ length: n }, () => makeRecord(seq++));
    const out = await ingestor.ingest(batch(recs, `b-${seq}`), { tokenId: 't', tokenName: 'writer' });
    if (out.status !== 200) throw new Error(`ingest failed: ${JSON.stringify(out.body)}`);
  };
  return {
    add,
    keepWriting: () => {
      let running = true;
      let batches = 0;
      const loop = (async () => {
        while (running) {
          await add(25);
          batches += 1;
          await new Promise((r) => setImmediate(r));
        }
      })();
      return { stop: async () => ((running = false), await loop, batches) };
    },
  };
}

const filesOf = (dir: string) => readdirSync(dir).map((f) => join(dir, f));

interface Target {
  kind: 'sqlite' | 'postgres';
  source: () => Promise<{ db: string; store: Store; keyFile: string }>;
  /** A new, empty target store. */
  fresh: (name: string) => Promise<string>;
  file: string;
}

function suite(target: Target, env: Record<string, string>) {
  it('backs up while a writer keeps ingesting; restores into an empty store that verify accepts, with the backup\'s latest head', { timeout: SLOW }, async () => {
    const { db, store, keyFile } = await target.source();
    const writer = await writerFor(store, keyFile);
    for (let i = 0; i < 40; i++) await writer.add(25);
    const before = (await store.treeState()).size;

    const dir = join(env.WORK as string, 'backup-1');
    const running = writer.keepWriting();
    const made = await cli(['backup', '--db', db, '--to', dir], env);
    const batchesDuring = await running.stop();
    expect(made.code, made.stderr).toBe(0);
    expect(batchesDuring).toBeGreaterThan(0); // the writer really was ingesting while the backup ran
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest).toMatchObject({ format: 'approved-im-retention-backup-v1', store: target.kind, files: [{ name: target.file }] });
    expect(manifest.treeSize).toBeGreaterThanOrEqual(before);
    expect(manifest.treeSize % 25).toBe(0); // whole batches only: one snapshot, never half a transaction
    expect(manifest.head?.signature).toMatch(/^[A-Za-z0-9+/=]{80,}$/);
    expect(made.stdout).toMatch(new RegExp(`written to .*: ${manifest.treeSize} records`));
    expect(made.stdout).toMatch(/Signing key not included/);
    for (const f of filesOf(dir)) expect(statSync(f).mode & 0o077).toBe(0); // confidential: owner only

    // The signing key is not in the backup (it lives beside the database or in the state folder).
    const key = readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/PRIVATE KEY/);
    const keyBody = key.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
    for (const f of filesOf(dir)) {
      const bytes = readFileSync(f).toString('latin1');
      expect(bytes).not.toContain('PRIVATE KEY');
      expect(bytes).not.toContain(keyBody);
    }

    const restored = await target.fresh('restored_ok');
    const res = await cli(['restore', '--from', dir, '--db', restored], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`${manifest.treeSize} records; its latest signed tree head \\(size ${manifest.head?.treeSize}, root ${manifest.head?.rootHash}\\) is the backup's`));
    if (target.kind === 'sqlite') expect(statSync(restored.slice('sqlite:'.length)).mode & 0o077).toBe(0);
    const verified = await cli(['verify', '--db', restored, '--full', '--json'], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stderr).toMatch(/verify: full check re-hashed \d+ records in [\d.]+ s \(\d+ records\/s\)/);
    const report = JSON.parse(verified.stdout) as { ok: boolean; leaves: number; latestHead: unknown };
    expect(report).toMatchObject({ ok: true, leaves: manifest.treeSize, latestHead: manifest.head });
    // Control: the source kept growing past the backup.
    expect((await store.treeState()).size).toBeGreaterThan(manifest.treeSize);
    await store.close();
  });

  it('refuses a damaged backup file naming it, and a non-empty target leaving it as it was (control: the intact backup restores)', { timeout: SLOW }, async () => {
    const { db, store, keyFile } = await target.source();
    const writer = await writerFor(store, keyFile);
    for (let i = 0; i < 8; i++) await writer.add(25);
    const dir = join(env.WORK as string, 'backup-2');
    expect((await cli(['backup', '--db', db, '--to', dir], env)).code).toBe(0);
    const usage = await cli(['backup', '--db', db], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/backup needs --db .* and --to DIR/);
    const notBackup = await cli(['restore', '--from', join(env.WORK as string), '--db', await target.fresh('restored_none')], env);
    expect(notBackup.code).toBe(2);
    expect(notBackup.stderr).toMatch(/is not a backup: manifest\.json is missing/);
    // Backing up into the same folder again is refused (an earlier backup is never overwritten).
    const again = await cli(['backup', '--db', db, '--to', dir], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);

    // Non-empty target: the source store itself.
    const sizeBefore = (await store.treeState()).size;
    const onto = await cli(['restore', '--from', dir, '--db', db], env);
    expect(onto.code).toBe(2);
    expect(onto.stderr).toMatch(/is not empty: restore only into a new/);
    expect((await store.treeState()).size).toBe(sizeBefore);

    // Control: the intact backup restores into an empty target.
    const ok = await cli(['restore', '--from', dir, '--db', await target.fresh('restored_control')], env);
    expect(ok.code, ok.stderr).toBe(0);

    const file = join(dir, target.file);
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    expect(statSync(file).size).toBe(bytes.length);
    const fresh = await target.fresh('restored_bad');
    const bad = await cli(['restore', '--from', dir, '--db', fresh], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`backup file ${target.file.replace('.', '\\.')} is damaged: its SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}`));
    await store.close();
  });
}

describe('backup and restore on sqlite', () => {
  const work = mkdtempSync(join(tmpdir(), 'retention-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let n = 0;
  suite(
    {
      kind: 'sqlite',
      file: 'records.db',
      source: async () => {
        const db = `sqlite:${join(work, `source-${++n}.db`)}`;
        const store = new SqliteStore(join(work, `source-${n}.db`));
        await store.migrate();
        return { db, store, keyFile: defaultSigningKeyFile(db) };
      },
      fresh: async (name) => `sqlite:${join(work, `${name}.db`)}`,
    },
    { WORK: work, RETENTION_STATE_DIR: work },
  );
});

describe.skipIf(!postgresAvailable())('backup and restore on postgres', () => {
  const work = mkdtempSync(join(tmpdir(), 'retention-backup-'));
  let cluster: TestPostgres | undefined;
  let n = 0;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });
  const env = { WORK: work, RETENTION_STATE_DIR: work };
  suite(
    {
      kind: 'postgres',
      file: 'retention.dump',
      source: async () => {
        if (!cluster) throw new Error('no cluster');
        const db = await cluster.createDatabase(`source_${++n}`);
        const store = new PostgresStore(db);
        await store.migrate();
        return { db, store, keyFile: join(work, `source_${n}.signing-key.pem`) };
      },
      fresh: async (name) => {
        if (!cluster) throw new Error('no cluster');
        return cluster.createDatabase(`${name}_${n}`);
      },
    },
    env,
  );
});
