/**
 * Inclusion proofs for many records at once: the leaf hashes of the signed tree are read once (in
 * chunks) and subtree roots are memoised, so an export of k records from a tree of n leaves costs
 * O(n + k log n) hashing instead of O(k n).
 */
import { nodeHash } from '../merkle';
import { auditPathRanges } from '../proofs';
import type { Store } from '../store/types';

export class TreeProver {
  private readonly memo = new Map<number, Buffer>();

  private constructor(
    private readonly leaves: Buffer[],
    readonly treeSize: number,
  ) {}

  static async load(store: Store, treeSize: number, chunk = 20_000): Promise<TreeProver> {
    const leaves: Buffer[] = [];
    for (let from = 0; from < treeSize; from += chunk) {
      const to = Math.min(treeSize, from + chunk);
      const rows = await store.leafRange(from, to);
      if (rows.length !== to - from) throw new Error(`leaves ${from}… are missing: run verify`);
      for (const r of rows) leaves.push(Buffer.from(r.leafHash, 'hex'));
    }
    return new TreeProver(leaves, treeSize);
  }

  leafHash(index: number): Buffer {
    const leaf = this.leaves[index];
    if (!leaf) throw new RangeError(`leaf ${index} is outside the tree of ${this.treeSize}`);
    return leaf;
  }

  /** RFC 6962 root of leaves [lo, hi). */
  rangeRoot(lo: number, hi: number): Buffer {
    const n = hi - lo;
    if (n === 1) return this.leafHash(lo);
    const key = lo * 4_294_967_296 + hi;
    const hit = this.memo.get(key);
    if (hit) return hit;
    let k = 1;
    while (k * 2 < n) k *= 2;
    const root = nodeHash(this.rangeRoot(lo, lo + k), this.rangeRoot(lo + k, hi));
    this.memo.set(key, root);
    return root;
  }

  root(): Buffer {
    return this.rangeRoot(0, this.treeSize);
  }

  /** Hex audit path of leaf m, leaf to root. */
  auditPath(m: number): string[] {
    return auditPathRanges(m, 0, this.treeSize).map(([a, b]) => this.rangeRoot(a, b).toString('hex'));
  }
}
