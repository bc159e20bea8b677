/**
 * Signed batches (issue 12): the guard the ingest route runs after a batch parsed and its hashes
 * matched, before anything is stored. A batch must be signed by an enrolled, active device (Ed25519
 * over batchSigningText), and every record must be one that device can vouch for:
 *   - record.deviceId is the signer, and the record id lies in the signer's id space (`<deviceId>/…`);
 *   - outbound: the sender is the device's JID (in a room: that JID, or an occupant JID of that room);
 *   - inbound 1:1: every recipient is the device's JID;
 *   - not backdated: recordedAt no earlier than a week before the device first enrolled and not more
 *     than an hour in the future; sentAt not more than an hour after recordedAt, and an outbound
 *     record's sentAt no more than a day before its recordedAt.
 * A refusal is 403 `{ error, reason }` (nothing stored); record-level refusals and bad signatures also
 * raise a `device-refused` alert. Quotas answer 429 with Retry-After.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { JournalBatchRequest } from '../shared/journal/api';
import { batchSigningText, type DeviceRefusalReason } from '../shared/journal/enrollment';
import type { JournalRecord } from '../shared/journal/record';
import type { BatchGuard, DeviceRefusalBody } from './ingest';
import { bareJid } from '../shared/xmpp/jid';
import type { RateLimiter, RateLimits } from './rateLimit';
import type { DeviceRegistry, DeviceRow } from './store/deviceTypes';
import type { NewAlert, Store } from './store/types';

const MINUTE = 60_000;
const BACKDATE_GRACE_MS = 7 * 24 * 60 * MINUTE;
/** Workstation clocks drift, and inbound sentAt comes from the XMPP server's clock: allow an hour. */
const CLOCK_SKEW_MS = 60 * MINUTE;
const OUTBOUND_SENT_WINDOW_MS = 24 * 60 * MINUTE;

export interface DeviceGuardDeps {
  store: Store;
  registry: DeviceRegistry;
  limiter: RateLimiter;
  limits: RateLimits;
  clock: () => Date;
}

export interface SignedRequest {
  deviceId: string | undefined;
  signature: string | undefined;
  tokenName: string;
}

type Refusal = { ok: false; status: 403 | 429; body: DeviceRefusalBody };

const refuse = (reason: DeviceRefusalReason, error: string): Refusal => ({ ok: false, status: 403, body: { error, reason } });

export class DeviceBatchVerifier {
  private readonly keys = new Map<string, KeyObject>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly d: DeviceGuardDeps) {}

  /** The guard for one request. */
  guard(req: SignedRequest): BatchGuard {
    return async (batch) => {
      const verdict = await this.check(batch, req);
      return verdict;
    };
  }

  private async check(batch: JournalBatchRequest, req: SignedRequest) {
    if (!req.deviceId || !req.signature) {
      return refuse('signature-required', 'the fleet token may only start an enrollment; journal batches must be signed by an enrolled device');
    }
    const device = await this.d.registry.getDevice(req.deviceId);
    if (!device) return refuse('device-not-enrolled', 'this device is not enrolled; enroll it through its XMPP session');
    if (device.state !== 'active') return refuse('device-revoked', 'this device was revoked; it must enroll again through its XMPP session');
    if (!this.signatureOk(device, batch, req.signature)) {
      await this.alert({ deviceId: device.deviceId, recordId: null, detail: { reason: 'bad-signature', batchId: batch.batchId, jid: device.jid, token: req.tokenName } });
      return refuse('bad-signature', 'the batch signature does not verify with this device’s key');
    }
    const reqs = this.d.limiter.take(`device:${device.deviceId}`, this.d.limits.deviceRequests);
    const quota = reqs.ok ? this.d.limiter.take(`device-records:${device.deviceId}`, this.d.limits.deviceRecords, batch.records.length) : reqs;
    if (!quota.ok) {
      return {
        ok: false as const,
        status: 429 as const,
        body: { error: 'too many records from this device; retry later', reason: 'rate-limited', retryAfterSeconds: quota.retryAfterSeconds },
      };
    }
    const now = this.d.clock().getTime();
    for (const { record } of batch.records) {
      const problem = recordProblem(record, device, now);
      if (problem) {
        await this.alert({
          deviceId: device.deviceId,
          recordId: record.recordId,
          detail: { reason: problem.reason, batchId: batch.batchId, jid: device.jid, recordDeviceId: record.deviceId, token: req.tokenName },
        });
        return refuse(problem.reason, `${record.recordId}: ${problem.error}; nothing in this batch was stored`);
      }
    }
    this.touch(device, now);
    return { ok: true as const, origin: { deviceId: device.deviceId, jid: device.jid } };
  }

  private signatureOk(device: DeviceRow, batch: JournalBatchRequest, signature: string): boolean {
    const cacheKey = `${device.deviceId}\n${device.publicKey}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      try {
        key = createPublicKey({ key: Buffer.from(device.publicKey, 'base64'), format: 'der', type: 'spki' });
      } catch {
        return false;
      }
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(cacheKey, key);
    }
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64) return false;
    try {
      return verify(null, Buffer.from(batchSigningText(device.deviceId, batch), 'utf8'), key, sig);
    } catch {
      return false;
    }
  }

  /** last_seen, written at most once a minute per device. */
  private touch(device: DeviceRow, now: number) {
    if (now - (this.touched.get(device.deviceId) ?? 0) < MINUTE) return;
    this.touched.set(device.deviceId, now);
    void this.d.registry.touchDevice(device.deviceId, new Date(now).toISOString()).catch(() => undefined);
  }

  private async alert(a: Pick<NewAlert, 'deviceId' | 'recordId' | 'detail'>) {
    const at = this.d.clock().toISOString();
    await this.d.store.transaction(async (tx) => tx.insertAlerts([{ type: 'device-refused', at, ...a }]));
  }
}

/** Why a device may not store this record, or null. */
export function recordProblem(r: JournalRecord, device: Pick<DeviceRow, 'deviceId' | 'jid' | 'firstEnrolledAt'>, nowMs: number): { reason: DeviceRefusalReason; error: string } | null {
  const jid = device.jid;
  if (r.deviceId !== device.deviceId) return { reason: 'device-mismatch', error: `the record names device ${r.deviceId}, but device ${device.deviceId} signed the batch` };
  if (!r.recordId.startsWith(`${device.deviceId}/`)) return { reason: 'record-id-outside-device', error: 'record ids of a device must start with its device id and "/"' };
  if (r.direction === 'out') {
    const sender = bareJid(r.sender);
    const occupant = r.conversationType === 'groupchat' && r.sender.includes('/') && sender === bareJid(r.conversation);
    if (sender !== jid && !occupant) {
      return r.conversationType === 'groupchat'
        ? { reason: 'room-sender-mismatch', error: `an outbound room record must be sent by ${jid} or its occupant in that room` }
        : { reason: 'sender-mismatch', error: `an outbound record must be sent by the device’s account ${jid}` };
    }
  }
  if (r.direction === 'in' && r.conversationType === 'chat' && (r.recipients.length === 0 || r.recipients.some((x) => bareJid(x) !== jid))) {
    return { reason: 'recipient-mismatch', error: `an inbound 1:1 record must be addressed to the device’s account ${jid}` };
  }
  const recordedAt = Date.parse(r.recordedAt);
  const sentAt = Date.parse(r.sentAt);
  if (recordedAt < Date.parse(device.firstEnrolledAt) - BACKDATE_GRACE_MS || recordedAt > nowMs + CLOCK_SKEW_MS) {
    return { reason: 'backdated', error: 'recordedAt lies outside the time this device has been enrolled' };
  }
  if (sentAt > recordedAt + CLOCK_SKEW_MS || (r.direction === 'out' && sentAt < recordedAt - OUTBOUND_SENT_WINDOW_MS)) {
    return { reason: 'backdated', error: 'sentAt does not fit the time the record was spooled' };
  }
  return null;
}
