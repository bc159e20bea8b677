import { describe, expect, it } from 'vitest';
import { CorruptEntryError, newKey, open, seal, Sealer } from './crypto';

describe('spool entry sealing', () => {
  it('gives every entry its own nonce across pool refills, and each opens with its key and identity only', () => {
    const key = newKey();
    const sealer = new Sealer(key);
    const nonces = new Set<string>();
    const n = 1500; // several refills of the 341-nonce pool
    const sealed = Array.from({ length: n }, (_, i) => sealer.seal({ deviceId: 'd', seq: i + 1, recordId: `r${i}` }, `record ${i}`));
    for (const s of sealed) nonces.add(s.frame.subarray(0, 12).toString('hex'));
    expect(nonces.size).toBe(n);
    sealed.forEach((s, i) => expect(open(key, { deviceId: 'd', seq: i + 1, recordId: `r${i}` }, s)).toBe(`record ${i}`));
    // The control: another key, or another identity, does not open it.
    expect(() => open(newKey(), { deviceId: 'd', seq: 1, recordId: 'r0' }, { frame: sealed[0]!.frame, checksum: sealed[0]!.checksum })).toThrow(CorruptEntryError);
    expect(() => open(key, { deviceId: 'd', seq: 2, recordId: 'r0' }, sealed[0]!)).toThrow(CorruptEntryError);
  });

  it('a nonce handed out is not changed by later seals (copied out of the pool)', () => {
    const key = newKey();
    const sealer = new Sealer(key);
    const first = sealer.seal({ deviceId: 'd', seq: 1, recordId: 'a' }, 'x');
    const iv = Buffer.from(first.frame.subarray(0, 12));
    for (let i = 0; i < 800; i++) sealer.seal({ deviceId: 'd', seq: i + 2, recordId: `b${i}` }, 'y');
    expect(first.frame.subarray(0, 12).equals(iv)).toBe(true);
    expect(open(key, { deviceId: 'd', seq: 1, recordId: 'a' }, first)).toBe('x');
  });

  it('two sealers of one key (two spools) never share a pool, and each opens the other\'s entries', () => {
    const key = newKey();
    const a = new Sealer(key);
    const b = new Sealer(key);
    const x = a.seal({ deviceId: 'd', seq: 1, recordId: 'x' }, 'from a');
    const y = b.seal({ deviceId: 'd', seq: 2, recordId: 'y' }, 'from b');
    expect(x.frame.subarray(0, 12).equals(y.frame.subarray(0, 12))).toBe(false);
    expect(b.open({ deviceId: 'd', seq: 1, recordId: 'x' }, x)).toBe('from a');
    expect(a.open({ deviceId: 'd', seq: 2, recordId: 'y' }, y)).toBe('from b');
    expect(seal(key, { deviceId: 'd', seq: 3, recordId: 'z' }, 'one-off').frame.length).toBeGreaterThan(12);
    expect(() => new Sealer(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
