/**
 * `retention backup --db … --to DIR` (issue 18 item 6): a consistent copy of the store while the server
 * keeps ingesting, and a manifest.
 *
 *   - SQLite: better-sqlite3's online backup API (`db.backup()`) from a read-only connection that holds
 *     one read transaction for the whole copy, so the copy is one WAL snapshot however much is written
 *     meanwhile; the manifest's head and tree state are read in the same transaction. The copy is
 *     switched to journal_mode=DELETE so it is one self-contained file.
 *   - PostgreSQL: `pg_dump -Fc` (Debian's client binaries) with `--snapshot` of a REPEATABLE READ
 *     transaction that also reads the manifest's head and tree state: dump and manifest are one snapshot.
 *
 * The manifest (manifest.json) names the store kind, the time, the latest signed tree head (size, root,
 * signature), the tree size, and each file's size and SHA-256; `restore` checks them first.
 * The tree-head signing key is NOT in the backup: it is a separate file (see server/README.md, "Backup
 * and restore"), to be kept in the agency's key escrow, apart from the backups.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MerkleFrontier } from './merkle';
import type { SignedTreeHead } from './signing';
import { parseDb, redactUrl } from './store/open';
import { headRow, type Row } from './store/rows';

const run = promisify(execFile);

export const MANIFEST = 'manifest.json';
export const SQLITE_FILE = 'records.db';
export const PG_FILE = 'retention.dump';
const FORMAT = 'approved-im-retention-backup-v1';

export interface BackupManifest {
  format: typeof FORMAT;
  store: 'sqlite' | 'postgres';
  createdAt: string;
  /** Where it came from (no credentials). */
  source: string;
  /** Leaves in the backup (the tree state), and the root of that tree. */
  treeSize: number;
  rootHash: string;
  /** The latest signed tree head in the backup (null if none had been signed). */
  head: SignedTreeHead | null;
  files: { name: string; bytes: number; sha256: string }[];
  signingKey: string;
}

/** A refusal with its exit code: 1 a damaged backup, 2 a usage or configuration problem. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3,
  ) {
    super(message);
  }
}

export const KEY_NOTE =
  'not included: the tree-head signing key is a separate file (SQLite: FILE.signing-key.pem next to the database; ' +
  'PostgreSQL: $RETENTION_STATE_DIR or --signing-key); keep it in the key escrow, apart from the backups';

export async function backup(db: string, dir: string, now: () => Date = () => new Date()): Promise<BackupManifest> {
  const target = dbTarget(db);
  prepareDir(dir);
  const snap = target.kind === 'sqlite' ? await backupSqlite(target.location, join(dir, SQLITE_FILE)) : await backupPostgres(target.location, join(dir, PG_FILE));
  const name = target.kind === 'sqlite' ? SQLITE_FILE : PG_FILE;
  const manifest: BackupManifest = {
    format: FORMAT,
    store: target.kind,
    createdAt: now().toISOString(),
    source: target.kind === 'sqlite' ? `sqlite:${target.location}` : redactUrl(target.location),
    treeSize: snap.treeSize,
    rootHash: snap.rootHash,
    head: snap.head,
    files: [{ name, bytes: statSync(join(dir, name)).size, sha256: await fileSha256(join(dir, name)) }],
    signingKey: KEY_NOTE,
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return manifest;
}

/** The --db target, or a usage refusal. */
export function dbTarget(db: string): ReturnType<typeof parseDb> {
  try {
    return parseDb(db);
  } catch (err) {
    throw new BackupError(err instanceof Error ? err.message : String(err), 2);
  }
}

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new BackupError(`--to ${dir} is a file, not a folder`, 2);
    if (readdirSync(dir).length > 0) throw new BackupError(`--to ${dir} is not empty: back up into a new or empty folder (an earlier backup is never overwritten)`, 2);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

interface Snapshot {
  treeSize: number;
  rootHash: string;
  head: SignedTreeHead | null;
}

function snapshotOf(state: Row | undefined, head: Row | undefined): Snapshot {
  if (!state) throw new BackupError('the store has no tree_state row: it is not a retention store (or it is damaged)', 2);
  const size = Number(state.size);
  const frontier = typeof state.frontier === 'string' ? (JSON.parse(state.frontier) as string[]) : (state.frontier as string[]);
  return { treeSize: size, rootHash: MerkleFrontier.fromHex(size, frontier).root().toString('hex'), head: head ? headRow(head) : null };
}

async function backupSqlite(file: string, dest: string): Promise<Snapshot> {
  if (!existsSync(file)) throw new BackupError(`no SQLite store at ${file}`, 2);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 10000');
    src.exec('BEGIN');
    const snap = snapshotOf(
      src.prepare('SELECT size, frontier FROM tree_state WHERE id = 1').get() as Row | undefined,
      src.prepare('SELECT * FROM tree_heads ORDER BY id DESC LIMIT 1').get() as Row | undefined,
    );
    // All remaining pages in one step, inside the read transaction above: one consistent snapshot.
    await src.backup(dest, { progress: () => 0x7fffffff });
    src.exec('COMMIT');
    chmodSync(dest, 0o600); // records are confidential, like the store itself
    const copy = new Database(dest);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    return snap;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`SQLite backup of ${file} failed: ${err instanceof Error ? err.message : String(err)}`, 3);
  } finally {
    src.close();
  }
}

/** Debian's PostgreSQL client tools: $PG_BIN, the newest /usr/lib/postgresql/<v>/bin, or the PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const env = process.env.PG_BIN;
  if (env && existsSync(join(env, name))) return join(env, name);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const v = readdirSync(root).filter((x) => existsSync(join(root, x, 'bin', name))).sort((a, b) => Number(b) - Number(a))[0];
    if (v) return join(root, v, 'bin', name);
  }
  return name;
}

/** The URL without its password, and the environment that carries the password instead (not on argv). */
export function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function backupPostgres(url: string, dest: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url, application_name: 'approved-im-retention-backup' });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(`cannot connect to ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshotId = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s);
    const snap = snapshotOf(
      (await client.query('SELECT size, frontier FROM tree_state WHERE id = 1')).rows[0] as Row | undefined,
      (await client.query('SELECT * FROM tree_heads ORDER BY id DESC LIMIT 1')).rows[0] as Row | undefined,
    );
    const conn = pgConnection(url);
    try {
      await run(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snapshotId}`, '--file', dest, '--dbname', conn.url], { env: conn.env, maxBuffer: 16 * 1024 * 1024 });
      chmodSync(dest, 0o600);
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? (err instanceof Error ? err.message : String(err));
      throw new BackupError(`pg_dump failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`, 3);
    }
    await client.query('COMMIT');
    return snap;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Read and check a backup folder's manifest and file hashes (restore does this first). */
export async function checkBackup(dir: string): Promise<BackupManifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new BackupError(`${dir} is not a backup: ${MANIFEST} is missing`, 2);
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`the backup's ${MANIFEST} is damaged: it is not JSON`, 1);
  }
  if (m.format !== FORMAT || (m.store !== 'sqlite' && m.store !== 'postgres') || !Array.isArray(m.files) || m.files.length === 0) {
    throw new BackupError(`the backup's ${MANIFEST} is not a ${FORMAT} manifest`, 1);
  }
  for (const f of m.files) {
    if (typeof f.name !== 'string' || f.name.includes('/') || f.name.startsWith('.')) throw new BackupError(`the backup's ${MANIFEST} names an invalid file`, 1);
    const file = join(dir, f.name);
    if (!existsSync(file)) throw new BackupError(`backup file ${f.name} is missing`, 1);
    const bytes = statSync(file).size;
    if (bytes !== f.bytes) throw new BackupError(`backup file ${f.name} is damaged: it has ${bytes} bytes, the manifest says ${f.bytes}`, 1);
    const sha = await fileSha256(file);
    if (sha !== f.sha256) throw new BackupError(`backup file ${f.name} is damaged: its SHA-256 is ${sha}, the manifest says ${f.sha256}`, 1);
  }
  return m;
}
