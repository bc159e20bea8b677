/**
 * Device enrollment, client side (issue 12). The fleet token (RetentionServerToken) can only start an
 * enrollment; the device proves which account it is by sending the server's one-time challenge in a
 * chat message from its signed-in XMPP session (the EnrollmentProofPort), then proves it holds the key.
 * Until enrolled (or while re-enrolling after a revocation) records simply stay in the spool.
 *
 * The device signs every batch (`signBatch`). When the server answers 403 with a re-enrollment reason
 * (not enrolled, revoked, bad signature), `invalidate()` makes the next attempt enroll again; after a
 * revocation that happens with a new key.
 */
import {
  batchSigningText,
  DEVICE_HEADER,
  EnrollCompleteResponseSchema,
  enrollmentCompletePath,
  enrollmentSigningText,
  ENROLLMENTS_PATH,
  EnrollStartResponseSchema,
  SIGNATURE_HEADER,
  DeviceRefusalSchema,
} from '../../../shared/journal/enrollment';
import type { JournalBatchRequest } from '../../../shared/journal/api';
import type { Logger } from '../log';
import { loadDeviceKey, newDeviceKey, type DeviceKey } from './deviceKey';
import type { KeyStore } from './keys';
import type { EnrollmentProofPort } from './ports';
import type { JsonTransport } from './transport';

const RESEND_PROOF_MS = 2_000;

/** Enrollment cannot go on now (not signed in, server says wait…); records stay spooled. */
export class EnrollmentPending extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnrollmentPending';
  }
}

export interface DeviceEnrollmentOptions {
  keys: KeyStore;
  proof: EnrollmentProofPort;
  /** The signed-in account (bare JID), '' when signed out. */
  account: () => string;
  clientVersion: string;
  log: Logger;
  /** Poll interval for the proof to arrive at the server. */
  pollMs?: number;
  /** How long to wait for the proof before giving up this attempt. */
  proofTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class DeviceEnrollment {
  private key: DeviceKey | null = null;
  private keyDevice = '';
  private enrolledAs: string | null = null;
  private renewKey = false;
  private enrolling: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: DeviceEnrollmentOptions) {}

  /** Signed headers for this batch, enrolling first when needed. */
  async signBatch(deviceId: string, batch: JournalBatchRequest, transport: JsonTransport): Promise<Record<string, string>> {
    if (!this.enrolledAs || this.keyDevice !== deviceId) {
      this.enrolling ??= this.enroll(deviceId, transport).finally(() => (this.enrolling = null));
      await this.enrolling;
    }
    const key = this.key;
    if (!key) throw new EnrollmentPending('This device has no signing key yet.');
    return { [DEVICE_HEADER]: deviceId, [SIGNATURE_HEADER]: key.sign(batchSigningText(deviceId, batch)) };
  }

  /**
   * Device headers over `text` (central audit events), only when this device is already enrolled with a
   * key in hand; never starts an enrollment (the journal's batches do that).
   */
  signText(deviceId: string, text: string): Record<string, string> | null {
    const key = this.key;
    if (!this.enrolledAs || this.keyDevice !== deviceId || !key) return null;
    return { [DEVICE_HEADER]: deviceId, [SIGNATURE_HEADER]: key.sign(text) };
  }

  /** The server refused this device's credential: enroll again before the next batch (new key if revoked). */
  invalidate(reason: string): void {
    this.o.log.warn('journal.device-credential-refused', { reason });
    this.enrolledAs = null;
    if (reason === 'device-revoked') this.renewKey = true;
  }

  /** Stop waiting for a proof (the journal is closing). */
  stop(): void {
    this.stopped = true;
  }

  /** True once this run has a key that the server accepted or that was enrolled in an earlier run. */
  get enrolled(): boolean {
    return this.enrolledAs !== null;
  }

  private async enroll(deviceId: string, transport: JsonTransport): Promise<void> {
    if (this.keyDevice !== deviceId) {
      this.key = null;
      this.keyDevice = deviceId;
    }
    if (!this.key && !this.renewKey) {
      this.key = await loadDeviceKey(this.o.keys, deviceId);
      if (this.key) {
        // A key from an earlier run: assume it is enrolled; a 403 from the server says otherwise.
        this.enrolledAs = 'earlier run';
        return;
      }
    }
    const account = this.o.account();
    if (!account) throw new EnrollmentPending('This device enrolls with the retention server once you are signed in.');
    if (!this.key || this.renewKey) {
      this.key = await newDeviceKey(this.o.keys, deviceId);
      this.renewKey = false;
    }
    const key = this.key;
    const start = await transport.request(ENROLLMENTS_PATH, { deviceId, jid: account, publicKey: key.publicKey, clientVersion: this.o.clientVersion });
    if (start.status !== 201) throw this.failure('start', start.status, start.body);
    const started = EnrollStartResponseSchema.parse(start.body);
    this.o.log.info('journal.enrollment-started', { deviceId, enrollmentId: started.enrollmentId });
    await this.o.proof.sendEnrollmentProof(started.sendTo, started.challenge);

    const signature = key.sign(enrollmentSigningText({ enrollmentId: started.enrollmentId, challenge: started.challenge, deviceId, jid: account.toLowerCase() }));
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.()));
    const deadline = Date.now() + (this.o.proofTimeoutMs ?? 30_000);
    // A chat message can be lost (the server's account reconnecting…): send the proof again now and then.
    let resendAt = Date.now() + RESEND_PROOF_MS;
    for (;;) {
      if (this.stopped) throw new EnrollmentPending('The journal is closing.');
      if (Date.now() > resendAt) {
        resendAt = Date.now() + RESEND_PROOF_MS;
        await this.o.proof.sendEnrollmentProof(started.sendTo, started.challenge);
      }
      const done = await transport.request(enrollmentCompletePath(started.enrollmentId), { signature });
      if (done.status === 200) {
        const ok = EnrollCompleteResponseSchema.parse(done.body);
        this.enrolledAs = ok.jid;
        this.o.log.info('journal.device-enrolled', { deviceId, jid: ok.jid });
        return;
      }
      if (done.status !== 202) throw this.failure('complete', done.status, done.body);
      if (Date.now() > deadline) throw new EnrollmentPending('The retention server has not received this device’s enrollment message yet.');
      await sleep(this.o.pollMs ?? 250);
    }
  }

  private failure(step: string, status: number, body: unknown): Error {
    const reason = DeviceRefusalSchema.safeParse(body).data?.reason ?? `HTTP ${status}`;
    this.o.log.error('journal.enrollment-failed', { step, status, reason });
    if (status === 503) return new EnrollmentPending('The retention server cannot enroll devices right now (it has no XMPP account). Contact your administrator.');
    return new EnrollmentPending(`This device could not enroll with the retention server (${reason}). Contact your administrator.`);
  }
}
