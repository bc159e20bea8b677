import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';
import { leafHash, leafInput, nodeHash, recordLeafHash } from './merkle';

// The one-shot crypto.hash forms must give exactly the RFC 6962 hashes the streaming Hash objects gave.
describe('SHA-256 helpers', () => {
  it('sha256Hex, leafHash and nodeHash equal their createHash definitions', () => {
    for (let i = 0; i < 200; i++) {
      const text = `${randomBytes(i).toString('base64')} é ✓ 𝄞 ${i}`;
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      const buf = randomBytes(i);
      expect(leafHash(text)).toEqual(createHash('sha256').update(Buffer.from([0])).update(text).digest());
      expect(leafHash(buf)).toEqual(createHash('sha256').update(Buffer.from([0])).update(buf).digest());
      const [l, r] = [randomBytes(32), randomBytes(32)];
      expect(nodeHash(l, r)).toEqual(createHash('sha256').update(Buffer.from([1])).update(l).update(r).digest());
    }
    // A known vector: SHA-256 of "abc".
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // recordLeafHash writes the leaf input itself: the same bytes as leafHash(leafInput(…)), whatever the characters.
    for (const id of ['dev/r-1', 'é ✓ 𝄞 "q" \\ \u0000 \u2028', '']) {
      const at = new Date(1_700_000_000_000).toISOString();
      const h = sha256Hex(id);
      expect(recordLeafHash(id, h, at)).toEqual(leafHash(leafInput(id, h, at)));
    }
    expect(recordLeafHash('r', 'h', 's')).toEqual(createHash('sha256').update(Buffer.from([0])).update('{"hash":"h","recordId":"r","storedAt":"s"}').digest());
  });
});
