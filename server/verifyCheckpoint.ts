/**
 * Verification checkpoints (issue 18 item 5): what a passing `verify` saw, so the next run re-hashes only
 * what came after. A checkpoint is bound to a signed tree head: it keeps that head (with its signature),
 * the Merkle frontier at the head's size (whose root must equal the head's signed root, so the frontier
 * cannot be forged without breaking SHA-256 or the signing key), how many signed heads existed and a
 * digest of them, and which dispositions' removals had been checked.
 *
 * It is also signed with the tree-head signing key (Ed25519, context
 * "approved-im-retention-verify-checkpoint-v1"): binding to a head proves the frontier is right, the
 * signature proves a verify run holding the key vouched for everything before it. Without it, someone
 * who can write to the database could insert a checkpoint (computed from the leaves table) past records
 * they altered, and the incremental check would skip them. A checkpoint is trusted only when signed by
 * the pinned key (the key file verify reads); otherwise verify runs the full check.
 *
 * Stored in the store's own database, in the table `verify_checkpoints` (created on first save; one row
 * per passing run, appended).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { canonicalJson } from '../shared/journal/record';
import { sqlFor } from './audit/sql';
import { keyIdOf, type SignedTreeHead } from './signing';
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
  /** Key id (hex SHA-256 of the SPKI) and base64 Ed25519 signature over checkpointMessage(). */
  keyId: string;
  signature: string;
}

export type UnsignedCheckpoint = Omit<VerifyCheckpoint, 'id' | 'keyId' | 'signature'>;

const CONTEXT = 'approved-im-retention-verify-checkpoint-v1';

export function checkpointMessage(cp: UnsignedCheckpoint, keyId: string): Buffer {
  const { createdAt, mode, treeSize, rootHash, frontier, head, headsCount, headsDigest, dispositions, events } = cp;
  return Buffer.from(canonicalJson({ context: CONTEXT, keyId, createdAt, mode, treeSize, rootHash, frontier, head: { ...head }, headsCount, headsDigest, dispositions, events: events ? { ...events, head: { ...events.head } } : null }), 'utf8');
}

export function signCheckpoint(cp: UnsignedCheckpoint, privateKey: KeyObject): VerifyCheckpoint {
  const keyId = keyIdOf(createPublicKey(privateKey));
  return { ...cp, keyId, signature: sign(null, checkpointMessage(cp, keyId), privateKey).toString('base64') };
}

/** 'ok', 'other-key' (signed by a key other than the pinned one, e.g. before a rotation), or 'invalid'. */
export function checkCheckpointSignature(cp: VerifyCheckpoint, pinnedKey: KeyObject): 'ok' | 'other-key' | 'invalid' {
  if (cp.keyId !== keyIdOf(pinnedKey)) return 'other-key';
  try {
    return verify(null, checkpointMessage(cp, cp.keyId), pinnedKey, Buffer.from(cp.signature, 'base64')) ? 'ok' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The private key in a key file, if it holds one (a public-key file gives none: checkpoints are then not saved). */
export function privateKeyFrom(file: string | undefined): KeyObject | undefined {
  if (!file || !existsSync(file)) return undefined;
  const pem = readFileSync(file, 'utf8');
  return pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : undefined;
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
    Array.isArray(c.dispositions) && typeof c.createdAt === 'string' && typeof c.keyId === 'string' && typeof c.signature === 'string'
  );
}
