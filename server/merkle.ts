/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing:
 *   leaf hash  = SHA-256(0x00 || leaf input)
 *   node hash  = SHA-256(0x01 || left || right)
 *   empty tree = SHA-256("")
 * and MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of two below n.
 *
 * The store keeps a "frontier": the roots of the perfect subtrees that make up the tree, left to right,
 * one per set bit of the tree size (largest first). Appending is O(log n) and the root of the current
 * tree is a right fold of the frontier, so the server never rereads old leaves and `verify` recomputes
 * the root at every signed size in a single pass.
 */
import { createHash, hash } from 'node:crypto';
import { canonicalJson } from '../shared/journal/record';

const sha256 = (data: string, out: 'buffer'): Buffer => hash('sha256', data, out);

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

// One-shot crypto.hash over the concatenated input (no Hash object per call): ingest hashes a leaf and,
// on average, one node per record.
export function leafHash(leafInput: Buffer | string): Buffer {
  const input = typeof leafInput === 'string' ? Buffer.from(leafInput, 'utf8') : leafInput;
  return hash('sha256', Buffer.concat([LEAF_PREFIX, input]), 'buffer');
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

export const EMPTY_ROOT = createHash('sha256').digest();

/** What a leaf commits to: the record's id, its content hash and when the server stored it. */
export function leafInput(recordId: string, hash: string, storedAt: string): string {
  return canonicalJson({ hash, recordId, storedAt });
}

/**
 * leafHash(leafInput(recordId, hash, storedAt)), written as one string: the 0x00 prefix is U+0000 (one
 * byte in UTF-8) and the canonical JSON's three keys are already in order (hashing.test.ts checks it).
 */
export function recordLeafHash(recordId: string, hash: string, storedAt: string): Buffer {
  return sha256(`\u0000{"hash":${JSON.stringify(hash)},"recordId":${JSON.stringify(recordId)},"storedAt":${JSON.stringify(storedAt)}}`, 'buffer');
}

export class MerkleFrontier {
  /** Roots of the perfect subtrees, left (largest) to right (smallest). */
  private readonly nodes: Buffer[];
  private count: number;

  constructor(size = 0, nodes: Buffer[] = []) {
    if (popcount(size) !== nodes.length) {
      throw new Error(`Merkle frontier does not match tree size ${size} (${nodes.length} subtree roots)`);
    }
    this.count = size;
    this.nodes = [...nodes];
  }

  get size(): number {
    return this.count;
  }

  /** Append one leaf hash (already prefixed with 0x00, see leafHash). */
  append(leaf: Buffer): void {
    let carry = leaf;
    let n = this.count;
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as `carry`: merge.
    while (n & 1) {
      const left = this.nodes.pop();
      if (!left) throw new Error('Merkle frontier corrupted');
      carry = nodeHash(left, carry);
      n = Math.floor(n / 2);
    }
    this.nodes.push(carry);
    this.count += 1;
  }

  root(): Buffer {
    const last = this.nodes.at(-1);
    if (!last) return EMPTY_ROOT;
    let acc = last;
    for (let i = this.nodes.length - 2; i >= 0; i--) acc = nodeHash(this.nodes[i] as Buffer, acc);
    return acc;
  }

  toHex(): string[] {
    return this.nodes.map((b) => b.toString('hex'));
  }

  static fromHex(size: number, hex: string[]): MerkleFrontier {
    return new MerkleFrontier(
      size,
      hex.map((h) => Buffer.from(h, 'hex')),
    );
  }
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/** Reference implementation straight from RFC 6962 §2.1 (used by tests and proofs). */
export function merkleRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)));
}

/** RFC 6962 §2.1.1 audit path for leaf m in the tree of the given leaves. */
export function inclusionProof(m: number, leaves: Buffer[]): Buffer[] {
  const n = leaves.length;
  if (m < 0 || m >= n) throw new RangeError('leaf index outside the tree');
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...inclusionProof(m, leaves.slice(0, k)), merkleRoot(leaves.slice(k))];
  return [...inclusionProof(m - k, leaves.slice(k)), merkleRoot(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.3.2: check an inclusion proof against a root. */
export function verifyInclusion(leaf: Buffer, index: number, treeSize: number, proof: Buffer[], root: Buffer): boolean {
  if (index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
