import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditPathRanges } from './proofs';
import { EMPTY_ROOT, inclusionProof, leafHash, MerkleFrontier, merkleRoot, nodeHash, verifyInclusion } from './merkle';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes leaves and nodes with domain separation', () => {
    expect(leafHash('')).toEqual(createHash('sha256').update(Buffer.from([0])).digest());
    const a = leafHash('a');
    const b = leafHash('b');
    expect(nodeHash(a, b)).toEqual(createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest());
    expect(merkleRoot([])).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches the RFC 6962 test vector root for the 8 standard leaves', () => {
    // certificate-transparency-go merkletree test data: leaves "", 00, 10, 2021, 3031, 40414243, ...
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const root = merkleRoot(inputs.map((h) => leafHash(Buffer.from(h, 'hex'))));
    expect(root.toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('the frontier gives the same root as the recursive definition at every size', () => {
    const all = leaves(70);
    const f = new MerkleFrontier();
    expect(f.root()).toEqual(EMPTY_ROOT);
    for (let n = 1; n <= all.length; n++) {
      f.append(all[n - 1] as Buffer);
      expect(f.root().toString('hex'), `size ${n}`).toBe(merkleRoot(all.slice(0, n)).toString('hex'));
      const restored = MerkleFrontier.fromHex(n, f.toHex());
      expect(restored.root()).toEqual(f.root());
    }
  });

  it('refuses a frontier that does not fit the size', () => {
    expect(() => MerkleFrontier.fromHex(3, ['00'])).toThrow(/does not match/);
  });

  it('audit path ranges give the same proof as the recursive definition', () => {
    for (const n of [1, 2, 3, 6, 7, 8, 9, 31]) {
      const all = leaves(n);
      for (let m = 0; m < n; m++) {
        const fromRanges = auditPathRanges(m, 0, n).map(([a, b]) => merkleRoot(all.slice(a, b)));
        expect(fromRanges).toEqual(inclusionProof(m, all));
      }
    }
  });

  it('inclusion proofs verify, and fail for the wrong leaf or root', () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const all = leaves(n);
      const root = merkleRoot(all);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, all);
        expect(verifyInclusion(all[m] as Buffer, m, n, proof, root), `leaf ${m} of ${n}`).toBe(true);
        expect(verifyInclusion(leafHash('other'), m, n, proof, root)).toBe(false);
      }
    }
  });
});
