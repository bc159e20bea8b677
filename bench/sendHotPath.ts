/**
 * The send path's per-message checks, old way against new way, in one process (part of `npm run bench --
 * send`): each pair runs in alternating batches, and the CPU time per call (process.cpuUsage) is reported
 * as the median over the batches, with the ratio new ÷ old. Robust to machine load, unlike the wall times.
 *   ipc     — chat:send's request and reply: the contract's zod schemas vs ipc/fastPaths.ts;
 *   record  — a message record: JournalRecordSchema.safeParse vs shared/journal/recordCheck.ts;
 *   json    — its sealed text: canonicalRecordJson vs recordJson;
 *   seal    — AES-256-GCM with the raw key and randomBytes(12) per call vs journal/crypto.ts's Sealer (one per spool);
 *   notice  — the records notice's text hash computed each send vs noticeTextHash (memoised).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { ipcInvokeContract } from '../shared/ipc/contract';
import { canonicalRecordJson, JournalRecordSchema, type JournalRecord } from '../shared/journal/record';
import { checkRecord, recordJson } from '../shared/journal/recordCheck';
import { fastRequests, fastResponses } from '../main/core/ipc/fastPaths';
import { checksum, newKey, Sealer } from '../main/core/journal/crypto';
import { createNoticeHasher, normaliseNoticeText } from '../main/core/policy/notice';
import { round } from './stats';

const record: JournalRecord = {
  recordId: 'dev-1/out/5b0c8f0e-4f7a-4a57-9d55-0f2b1c2d3e4f', deviceId: 'dev-1', seq: 42, conversation: 'bob@approved.test', conversationType: 'chat',
  direction: 'out', sender: 'alice@approved.test', recipients: ['bob@approved.test'], sentAt: '2026-12-08T01:00:00.000Z', recordedAt: '2026-12-08T01:00:00.001Z',
  kind: 'message', body: 'ours 17 about the quarterly figures', policyHash: 'a'.repeat(64),
};
const request = { to: 'bob@approved.test', body: 'ours 17 about the quarterly figures' };
const reply = { status: 'sent', message: { id: 'm1', conversation: 'bob@approved.test', conversationType: 'chat', direction: 'out', from: 'alice@approved.test', body: request.body, sentAt: record.sentAt, state: 'pending' }, state: 'pending' };
const spec = ipcInvokeContract['chat:send'];
const key = newKey();
const sealer = new Sealer(key);
const noticeHash = createNoticeHasher();
const notice = 'Messages sent with this application are public records and are retained under the State records schedule.\nDo not share confidential information.';
const id = { deviceId: 'dev-1', seq: 42, recordId: record.recordId };

const pairs: Record<string, { old: () => unknown; new: () => unknown }> = {
  ipc: { old: () => spec.request.safeParse(request).success && spec.response.safeParse(reply).success, new: () => fastRequests['chat:send']!(request) && fastResponses['chat:send']!(reply) },
  record: { old: () => JournalRecordSchema.safeParse(record).success, new: () => checkRecord(record).success },
  json: { old: () => canonicalRecordJson(record), new: () => recordJson(record) },
  seal: {
    old: () => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(`aim-spool-v1\n${id.deviceId}\n${id.seq}\n${id.recordId}`));
      const frame = Buffer.concat([iv, c.update(canonicalRecordJson(record), 'utf8'), c.final(), c.getAuthTag()]);
      return checksum(id, frame);
    },
    new: () => sealer.seal(id, recordJson(record)).checksum,
  },
  notice: { old: () => createHash('sha256').update(normaliseNoticeText(notice), 'utf8').digest('hex'), new: () => noticeHash(notice) },
};

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

export function runHotPathAB(opts: { batches?: number; calls?: number } = {}): Record<string, unknown> {
  const batches = opts.batches ?? 21;
  const calls = opts.calls ?? 2000;
  const out: Record<string, unknown> = { unit: 'µs CPU per call (median of batches)', batches, callsPerBatch: calls };
  for (const [name, pair] of Object.entries(pairs)) {
    const per: Record<'old' | 'new', number[]> = { old: [], new: [] };
    for (let i = 0; i < calls; i++) {
      pair.old(); // warm-up
      pair.new();
    }
    for (let b = 0; b < batches; b++) {
      for (const side of b % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
        const f = pair[side];
        const c0 = cpuUs();
        for (let i = 0; i < calls; i++) f();
        per[side].push((cpuUs() - c0) / calls);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    out[name] = { old: round(med(per.old), 2), new: round(med(per.new), 2), ratio: round(med(per.new) / med(per.old), 2) };
  }
  return out;
}
