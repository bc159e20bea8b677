import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { Uploader, batchIdFor, type UploadSource } from './uploader';
import type { TransportResponse } from './transport';
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

  it('429: keeps everything and waits at least Retry-After; 403 device reasons ask for re-enrollment; 403 record reasons quarantine only the refused record', async () => {
    const acked: string[] = [];
    const quarantined: string[] = [];
    let pending = [entry(1)];
    const source: UploadSource = {
      pendingCount: () => pending.length,
      readBatch: () => pending,
      ack: (ids) => {
        acked.push(...ids);
        pending = pending.filter((e) => !ids.includes(e.recordId));
      },
      quarantine: (ids) => {
        quarantined.push(...ids);
        pending = pending.filter((e) => !ids.includes(e.recordId));
      },
    };
    const answers: TransportResponse[] = [
      { status: 429, body: { error: 'slow down', reason: 'rate-limited' }, retryAfterSeconds: 30 },
      { status: 403, body: { error: 'revoked', reason: 'device-revoked' } },
      { status: 403, body: { error: 'not yours', reason: 'sender-mismatch' } },
    ];
    const refused: string[] = [];
    const signed: string[] = [];
    const now = 5_000_000;
    const u = new Uploader({
      spool: source,
      transport: () => ({ post: async (_b, headers) => (signed.push(headers?.['x-aim-signature'] ?? ''), answers.shift()!), request: () => Promise.reject(new Error('unused')), close() {} }),
      log: silentLogger,
      onChange: () => {},
      sign: async () => ({ 'x-aim-device': 'd', 'x-aim-signature': 'sig' }),
      deviceRefused: (reason) => refused.push(reason),
      now: () => now,
      random: () => 0,
      backoffBaseMs: 1000,
      backoffCapMs: 8000,
    });
    await u.flush();
    expect(u.health().retryAt).toBe(now + 30_000);
    expect(acked.concat(quarantined)).toEqual([]);
    await u.flush();
    expect(refused).toEqual(['device-revoked']);
    expect(u.health().error).toMatch(/enrolling again/);
    expect(pending).toHaveLength(1); // kept
    await u.flush();
    expect(quarantined).toEqual(['d/out/1']);
    expect(signed).toEqual(['sig', 'sig', 'sig']); // every batch went out signed
    u.stop();
  });
});
