import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { Uploader, batchIdFor, type UploadSource } from './uploader';
import type { SpoolEntry } from './spool';

const entry = (seq: number): SpoolEntry =>
  ({ seq, recordId: `d/out/${seq}`, createdMs: 0, hash: String(seq).padStart(64, '0'), record: { recordId: `d/out/${seq}` } }) as unknown as SpoolEntry;

describe('uploader backoff', () => {
  it('waits a random time up to an exponentially growing, capped ceiling (full jitter)', async () => {
    const source: UploadSource = { pendingCount: () => 1, readBatch: () => [entry(1)], ack: () => {}, quarantine: () => {} };
    const delays: number[] = [];
    const now = 1_000_000;
    const u = new Uploader({
      spool: source,
      transport: () => ({ post: () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })), request: () => Promise.reject(new Error('unused')), close() {} }),
      sign: async () => ({}),
      deviceRefused: () => {},
      log: silentLogger,
      onChange: () => {},
      now: () => now,
      random: () => 0.5,
      backoffBaseMs: 1000,
      backoffCapMs: 8000,
    });
    for (let i = 0; i < 6; i++) {
      await u.flush();
      delays.push((u.health().retryAt ?? 0) - now);
    }
    u.stop();
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(u.health()).toMatchObject({ reachable: false, error: 'The retention server cannot be reached.' });
  });

  it('derives the idempotency key from the batch content', () => {
    expect(batchIdFor([entry(1), entry(2)])).toBe(batchIdFor([entry(1), entry(2)]));
    expect(batchIdFor([entry(1), entry(2)])).not.toBe(batchIdFor([entry(1)]));
    expect(batchIdFor([entry(1)]).length).toBeLessThanOrEqual(128);
  });
});
