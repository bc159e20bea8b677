/**
 * Verification checkpoints (issue 18 item 5): what a passing `verify` saw, so the next run re-hashes only
 * what came after. A checkpoint is bound to a signed tree head: it keeps that head (with its signature),
 * the Merkle frontier at the head's size (whose root must equal the head's signed root, so the frontier
 * cannot be forged without breaking SHA-256 or the signing key), how many signed heads existed and a
 * digest of them, and which dispositions' removals had been checked.
 *
 * Stored in the store's own database, in the table `verify_checkpoints` (created on first save; one row
 * per passing run, appended).
 */
import { sqlFor } from './audit/sql';
import type { SignedTreeHead } from './signing';
import type { Store } from './store/types';

export { headsDigest } from './verify';

export interface VerifyCheckpoint {
  id?: number;
  createdAt: string;
  /** How the run that saved it checked the store. */
  mode: 'full' | 'incremental';
  treeSize: number;
  rootHash: string;
  /** Hex frontier of the first treeSize leaves (see MerkleFrontier). */
  frontier: string[];
  /** The signed tree head of treeSize the checkpoint is bound to. */
  head: SignedTreeHead;
  /** Signed heads (in the order the store lists them) that were checked, and their digest. */
  headsCount: number;
  headsDigest: string;
  /** Dispositions whose removals had been checked (rm_disposed, by disposition id). */
  dispositions: string[];
  /** Client-events tree, when it had a signed events head (see server/audit/verifyEvents.ts). */
  events?: { treeSize: number; frontier: string[]; head: SignedTreeHead; headsCount: number; headsDigest: string };
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS verify_checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, mode TEXT NOT NULL, tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL, body TEXT NOT NULL
)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS verify_checkpoints (
  id bigserial PRIMARY KEY, created_at text NOT NULL, mode text NOT NULL, tree_size bigint NOT NULL,
  root_hash text NOT NULL, body text NOT NULL
)`;

async function tableExists(store: Store): Promise<boolean> {
  const sql = sqlFor(store);
  const rows =
    store.kind === 'sqlite'
      ? await sql.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'verify_checkpoints'")
      : await sql.all("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'verify_checkpoints'");
  return rows.length > 0;
}

/** The latest saved checkpoint, or undefined when none was ever saved. Throws when the row is unreadable. */
export async function latestCheckpoint(store: Store): Promise<VerifyCheckpoint | undefined> {
  if (!(await tableExists(store))) return undefined;
  const [row] = await sqlFor(store).all('SELECT id, body FROM verify_checkpoints ORDER BY id DESC LIMIT 1');
  if (!row) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(String(row.body));
  } catch {
    throw new Error(`verification checkpoint ${String(row.id)} is not JSON`);
  }
  if (!isCheckpoint(body)) throw new Error(`verification checkpoint ${String(row.id)} is damaged (fields missing)`);
  return { ...body, id: Number(row.id) };
}

export async function saveCheckpoint(store: Store, cp: VerifyCheckpoint): Promise<number> {
  const sql = sqlFor(store);
  await sql.exec(store.kind === 'sqlite' ? SQLITE_TABLE : PG_TABLE);
  const { id: _id, ...body } = cp;
  const [row] = await sql.all(
    'INSERT INTO verify_checkpoints (created_at, mode, tree_size, root_hash, body) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [cp.createdAt, cp.mode, cp.treeSize, cp.rootHash, JSON.stringify(body)],
  );
  return Number(row?.id);
}

/** Disposition ids present in rm_disposed now (read before a walk: what the walk can vouch for). */
export async function disposedDispositionIds(store: Store): Promise<string[]> {
  const rows = await sqlFor(store).all('SELECT DISTINCT disposition_id FROM rm_disposed ORDER BY disposition_id');
  return rows.map((r) => String(r.disposition_id));
}

function isCheckpoint(v: unknown): v is VerifyCheckpoint {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<VerifyCheckpoint>;
  return (
    typeof c.treeSize === 'number' && typeof c.rootHash === 'string' && Array.isArray(c.frontier) && c.frontier.every((x) => typeof x === 'string') &&
    typeof c.head === 'object' && c.head !== null && typeof c.headsCount === 'number' && typeof c.headsDigest === 'string' &&
    Array.isArray(c.dispositions) && typeof c.createdAt === 'string'
  );
}
