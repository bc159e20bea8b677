/** Enrolled devices for the retention ingest bench (issue 12): bound straight into the store, with their keys. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { JournalBatchRequest } from '../shared/journal/api';
import { batchSigningText } from '../shared/journal/enrollment';
import { contentHash } from '../server/hash';
import type { RateLimits } from '../server/rateLimit';
import type { Store } from '../server/store/types';
import type { JournalRecord } from '../shared/journal/record';

export const BENCH_DEVICES = 300;
export const benchDeviceId = (u: number): string => `bench-device-${String(u).padStart(4, '0')}`;

/** Bind the bench devices to their accounts in a store; returns a batch signer. */
export async function enrollBenchDevices(store: Store): Promise<(b: JournalBatchRequest) => { deviceId: string; signature: string }> {
  const keys = new Map<string, KeyObject>();
  const at = new Date().toISOString();
  for (let u = 0; u < BENCH_DEVICES; u++) {
    const deviceId = benchDeviceId(u);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    keys.set(deviceId, privateKey);
    const jid = `user${u}@agency.example.gov`;
    await store.deviceRegistry().bindDevice(
      { deviceId, jid, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), state: 'active', enrolledAt: at, firstEnrolledAt: '2023-01-01T00:00:00.000Z', lastSeen: null, clientVersion: 'bench', revokedAt: null },
      { at, deviceId, event: 'enrolled', jid, detail: {} },
    );
  }
  return (b) => {
    const deviceId = b.records[0]!.record.deviceId;
    return { deviceId, signature: sign(null, Buffer.from(batchSigningText(deviceId, b), 'utf8'), keys.get(deviceId)!).toString('base64') };
  };
}

export const NO_LIMITS: RateLimits = {
  deviceRequests: { burst: 1e12, perSecond: 1e12 },
  deviceRecords: { burst: 1e12, perSecond: 1e12 },
  enrollments: { burst: 1e12, perSecond: 1e12 },
  refusals: { burst: 1e12, perSecond: 1e12 },
};


/** Batches as enrolled devices send them: one device per batch, its own record ids and account. */
export function* deviceBatches(total: number, size: number, base: (i: number) => JournalRecord): Generator<JournalBatchRequest> {
  let k = 0;
  for (let start = 0; start < total; start += size, k++) {
    const u = k % BENCH_DEVICES;
    const deviceId = benchDeviceId(u);
    const records = [];
    for (let i = start; i < Math.min(total, start + size); i++) {
      const r = base(i);
      const me = `user${u}@agency.example.gov`;
      const peer = r.conversation;
      const record: JournalRecord = {
        ...r,
        recordId: `${deviceId}/r-${i}`,
        deviceId,
        sender: r.direction === 'out' ? me : peer,
        recipients: r.direction === 'out' ? [peer] : [me],
      };
      records.push({ record, hash: contentHash(record) });
    }
    yield { batchId: `bench-batch-${start}`, records };
  }
}

