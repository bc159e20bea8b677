/**
 * RFC 6962 inclusion proofs computed from the leaves table without loading the whole tree: the audit
 * path is a list of sibling subtrees (contiguous leaf ranges), and each one's root is folded from its
 * leaf hashes in chunks (O(n) reads, O(log n) memory).
 */
import { MerkleFrontier } from './merkle';
import type { SignedTreeHead } from './signing';
import type { Store } from './store/types';

export interface InclusionProof {
  recordId: string;
  leafIndex: number;
  /** Hex RFC 6962 leaf hash (see merkle.ts leafInput for what it commits to). */
  leafHash: string;
  treeSize: number;
  /** Hex sibling hashes, leaf to root (RFC 6962 §2.1.1 PATH). */
  auditPath: string[];
  /** The signed head of that size, whose rootHash the path leads to. */
  treeHead: SignedTreeHead;
}

/** Sibling ranges [start, end) of leaf m in the tree over leaves [lo, hi), leaf to root. */
export function auditPathRanges(m: number, lo: number, hi: number): [number, number][] {
  const n = hi - lo;
  if (n <= 1) return [];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m - lo < k
    ? [...auditPathRanges(m, lo, lo + k), [lo + k, hi]]
    : [...auditPathRanges(m, lo + k, hi), [lo, lo + k]];
}

async function rangeRoot(store: Store, start: number, end: number, chunk = 10_000): Promise<Buffer> {
  const f = new MerkleFrontier();
  for (let from = start; from < end; from += chunk) {
    const rows = await store.leafRange(from, Math.min(end, from + chunk));
    if (rows.length !== Math.min(end, from + chunk) - from) throw new Error(`leaves ${from}… are missing: run verify`);
    for (const r of rows) f.append(Buffer.from(r.leafHash, 'hex'));
  }
  return f.root();
}

export type ProofResult = { ok: true; proof: InclusionProof } | { ok: false; status: 404 | 409; error: string };

/** Proof that the record is in the signed head of `treeSize` (default: the latest signed head). */
export async function inclusionProofFor(store: Store, recordId: string, treeSize?: number): Promise<ProofResult> {
  const row = await store.getRecord(recordId);
  if (!row) return { ok: false, status: 404, error: 'no record with that id' };
  const heads = await store.treeHeads();
  const head = treeSize === undefined ? heads.at(-1) : heads.findLast((h) => h.treeSize === treeSize);
  if (!head) return { ok: false, status: 404, error: treeSize === undefined ? 'no tree head has been signed yet' : `no signed tree head of size ${treeSize}` };
  if (row.leafIndex >= head.treeSize) {
    return { ok: false, status: 409, error: `record is at leaf ${row.leafIndex}, after the signed head of size ${head.treeSize}; ask again after the next head (or POST /v1/tree-heads)` };
  }
  const [leaf] = await store.leafRange(row.leafIndex, row.leafIndex + 1);
  if (!leaf) return { ok: false, status: 409, error: 'the leaf entry is missing: run verify' };
  const auditPath: string[] = [];
  for (const [start, end] of auditPathRanges(row.leafIndex, 0, head.treeSize)) {
    auditPath.push((await rangeRoot(store, start, end)).toString('hex'));
  }
  return { ok: true, proof: { recordId, leafIndex: row.leafIndex, leafHash: leaf.leafHash, treeSize: head.treeSize, auditPath, treeHead: head } };
}
