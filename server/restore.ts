/**
 * `retention restore --from DIR --db …` (issue 18 item 6): check the backup's manifest and file hashes,
 * refuse a target that is not empty (nothing is overwritten), restore, and check that the restored
 * store's latest signed tree head is the backup's. `verify` then checks the records themselves.
 *
 *   - SQLite: the target file must not exist (or be empty); the backup file is copied to a temporary
 *     name beside it (mode 0600), synced, and renamed into place.
 *   - PostgreSQL: the target database must exist and hold no tables; `pg_restore --exit-on-error
 *     --no-owner` loads the dump as the connecting role (use the role that owns the schema).
 */
import { execFile } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { BackupError, checkBackup, dbTarget, pgConnection, pgTool, PG_FILE, SQLITE_FILE, type BackupManifest } from './backup';
import { openStore, redactUrl } from './store/open';
import type { SignedTreeHead } from './signing';

const run = promisify(execFile);

export interface RestoreResult {
  manifest: BackupManifest;
  head: SignedTreeHead | null;
  treeSize: number;
}

export async function restore(dir: string, db: string): Promise<RestoreResult> {
  const manifest = await checkBackup(dir);
  const target = dbTarget(db);
  if (target.kind !== manifest.store) throw new BackupError(`this is a ${manifest.store} backup; it cannot be restored into a ${target.kind} store`, 2);
  if (target.kind === 'sqlite') restoreSqlite(join(dir, SQLITE_FILE), target.location);
  else await restorePostgres(join(dir, PG_FILE), target.location);

  const store = await openStore(db);
  try {
    const [head, state] = await Promise.all([store.latestTreeHead(), store.treeState()]);
    const same = (a: SignedTreeHead | null | undefined, b: SignedTreeHead | null) =>
      (a ?? null) === b || (!!a && !!b && a.treeSize === b.treeSize && a.rootHash === b.rootHash && a.timestamp === b.timestamp && a.keyId === b.keyId && a.signature === b.signature);
    if (!same(head, manifest.head)) {
      throw new BackupError(`the restored store's latest tree head (${head ? `size ${head.treeSize}, root ${head.rootHash}` : 'none'}) is not the backup's (${manifest.head ? `size ${manifest.head.treeSize}, root ${manifest.head.rootHash}` : 'none'})`, 1);
    }
    if (state.size !== manifest.treeSize) throw new BackupError(`the restored store holds ${state.size} leaves; the backup's manifest says ${manifest.treeSize}`, 1);
    return { manifest, head: head ?? null, treeSize: state.size };
  } finally {
    await store.close();
  }
}

function restoreSqlite(src: string, file: string): void {
  for (const f of [file, `${file}-wal`]) {
    if (existsSync(f) && statSync(f).size > 0) throw new BackupError(`the target ${f} is not empty: restore only into a new store (nothing was changed)`, 2);
  }
  if (!existsSync(dirname(file))) throw new BackupError(`the target's folder ${dirname(file)} does not exist`, 2);
  const tmp = join(dirname(file), `.${basename(file)}.restoring-${process.pid}`);
  try {
    copyFileSync(src, tmp);
    chmodSync(tmp, 0o600); // readable by the server's user only, like a new store
    const fd = openSync(tmp, 'r+', 0o600);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true }); // empty leftovers only (checked above)
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BackupError(`restoring into ${file} failed: ${err instanceof Error ? err.message : String(err)}`, 3);
  }
}

async function restorePostgres(dump: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'approved-im-retention-restore' });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(`cannot connect to ${redactUrl(url)} (create the empty target database first): ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
    );
    const n = Number((rows[0] as { n: number }).n);
    if (n > 0) throw new BackupError(`the target database ${redactUrl(url)} is not empty: restore only into a new, empty database (it holds ${n} tables, views or sequences; nothing was changed)`, 2);
  } finally {
    await client.end().catch(() => undefined);
  }
  const conn = pgConnection(url);
  try {
    await run(pgTool('pg_restore'), ['--exit-on-error', '--no-owner', '--single-transaction', '--dbname', conn.url, dump], { env: conn.env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? (err instanceof Error ? err.message : String(err));
    throw new BackupError(`pg_restore failed (the target was left as the transaction rolled back): ${stderr.trim().split('\n').slice(-3).join(' ')}`, 3);
  }
}
