/**
 * Device enrollment (issue 12). The fleet token may only start an enrollment: the server answers with
 * a one-time challenge and its own XMPP account; the client sends the challenge in a chat message from
 * its signed-in XMPP session; the XMPP server stamps the sender, so the proof tells which bare JID holds
 * the key (server/xmppAccount.ts calls `proof`). The client then completes with a signature over the
 * challenge (proof of possession); the server binds device id + Ed25519 public key + JID.
 *
 * A proof from another account than the one the enrollment named fails the enrollment (and raises an
 * `enrollment-refused` alert). A device id stays bound to the account that first enrolled it; the same
 * account may enroll it again (a new key, or after revocation).
 */
import { createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import {
  enrollmentSigningText,
  type DeviceRefusalReason,
  type EnrollStartRequest,
  type EnrollStartResponse,
} from '../shared/journal/enrollment';
import { silentLogger, type Logger } from './treeHeads';
import type { DeviceRegistry, EnrollmentRow } from './store/deviceTypes';
import type { Store } from './store/types';

export const ENROLLMENT_TTL_MS = 10 * 60_000;

export type EnrollOutcome<T> =
  | { status: 200 | 201; body: T }
  | { status: 202; body: { status: 'pending' } }
  | { status: 403 | 404 | 503; body: { error: string; reason: DeviceRefusalReason | 'unavailable' } };

export interface EnrollmentDeps {
  store: Store;
  registry: DeviceRegistry;
  /** The retention server's XMPP account, or null when serve runs without --xmpp-jid. */
  xmppJid: string | null;
  clock: () => Date;
  log?: Logger;
}

const PRUNE_EVERY_MS = 3_600_000;

export class Enrollments {
  private lastPrune = 0;

  constructor(private readonly d: EnrollmentDeps) {}

  /** Now and then, drop enrollments that expired a day ago (the table only holds live challenges). */
  private async prune(nowMs: number) {
    if (nowMs - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = nowMs;
    await this.d.registry.pruneEnrollments(new Date(nowMs - 86_400_000).toISOString()).catch(() => 0);
  }

  async start(req: EnrollStartRequest, tokenId: string): Promise<EnrollOutcome<EnrollStartResponse>> {
    if (!this.d.xmppJid) {
      return { status: 503, body: { error: 'enrollment is not available: this retention server runs without an XMPP account (--xmpp-jid)', reason: 'unavailable' } };
    }
    const jid = req.jid.toLowerCase();
    const existing = await this.d.registry.getDevice(req.deviceId);
    if (existing && existing.jid !== jid) {
      return { status: 403, body: { error: 'this device id is bound to another account', reason: 'device-bound-to-other-account' } };
    }
    const now = this.d.clock();
    await this.prune(now.getTime());
    const row: EnrollmentRow = {
      id: randomUUID(),
      deviceId: req.deviceId,
      jid,
      publicKey: req.publicKey,
      clientVersion: req.clientVersion,
      challenge: randomBytes(32).toString('base64url'),
      tokenId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ENROLLMENT_TTL_MS).toISOString(),
      proofJid: null,
      proofAt: null,
      state: 'pending',
    };
    await this.d.registry.createEnrollment(row);
    (this.d.log ?? silentLogger).info({ enrollmentId: row.id, deviceId: row.deviceId, jid }, 'enrollment started');
    return { status: 201, body: { enrollmentId: row.id, challenge: row.challenge, sendTo: this.d.xmppJid, expiresAt: row.expiresAt } };
  }

  /** A proof arrived over XMPP from `fromBareJid` (server-stamped). Unknown or expired challenges are ignored. */
  async proof(challenge: string, fromBareJid: string): Promise<void> {
    const e = await this.d.registry.enrollmentByChallenge(challenge);
    const log = this.d.log ?? silentLogger;
    if (!e || Date.parse(e.expiresAt) < this.d.clock().getTime()) {
      log.warn({ from: fromBareJid }, 'enrollment proof for an unknown or expired challenge ignored');
      return;
    }
    await this.d.registry.recordProof(e.id, fromBareJid, this.d.clock().toISOString());
    log.info({ enrollmentId: e.id, from: fromBareJid, matches: fromBareJid === e.jid }, 'enrollment proof received');
  }

  async complete(id: string, signature: string): Promise<EnrollOutcome<{ deviceId: string; jid: string; state: 'active' }>> {
    const e = await this.d.registry.getEnrollment(id);
    if (!e) return { status: 404, body: { error: 'no such enrollment', reason: 'unknown-enrollment' } };
    const now = this.d.clock();
    if (e.state === 'failed') {
      return e.proofJid !== null && e.proofJid !== e.jid
        ? this.refuse(e, 'wrong-account', 'this enrollment failed: its proof came from another account', false)
        : this.refuse(e, 'expired', 'this enrollment failed; start a new one', false);
    }
    if (e.state === 'completed') return { status: 200, body: { deviceId: e.deviceId, jid: e.jid, state: 'active' } };
    if (e.proofJid === null) {
      if (Date.parse(e.expiresAt) < now.getTime()) return this.refuse(e, 'expired', 'the enrollment expired before its proof arrived; start again', true);
      return { status: 202, body: { status: 'pending' } };
    }
    if (e.proofJid !== e.jid) {
      return this.refuse(e, 'wrong-account', `the enrollment was answered from ${e.proofJid}, not from ${e.jid}`, true);
    }
    if (!possessionOk(e, signature)) return this.refuse(e, 'bad-proof-of-possession', 'the signature does not match the enrolled public key', true);
    const existing = await this.d.registry.getDevice(e.deviceId);
    if (existing && existing.jid !== e.jid) return this.refuse(e, 'device-bound-to-other-account', 'this device id is bound to another account', true);
    const at = now.toISOString();
    await this.d.registry.bindDevice(
      {
        deviceId: e.deviceId,
        jid: e.jid,
        publicKey: e.publicKey,
        state: 'active',
        enrolledAt: at,
        firstEnrolledAt: existing?.firstEnrolledAt ?? at,
        lastSeen: null,
        clientVersion: e.clientVersion,
        revokedAt: null,
      },
      { at, deviceId: e.deviceId, event: existing ? 're-enrolled' : 'enrolled', jid: e.jid, detail: { enrollmentId: e.id, clientVersion: e.clientVersion } },
    );
    await this.d.registry.finishEnrollment(e.id, 'completed');
    (this.d.log ?? silentLogger).info({ enrollmentId: e.id, deviceId: e.deviceId, jid: e.jid }, 'device enrolled');
    return { status: 200, body: { deviceId: e.deviceId, jid: e.jid, state: 'active' } };
  }

  private async refuse(e: EnrollmentRow, reason: DeviceRefusalReason, error: string, record: boolean): Promise<EnrollOutcome<never>> {
    if (record) {
      const at = this.d.clock().toISOString();
      await this.d.registry.finishEnrollment(e.id, 'failed');
      await this.d.store.transaction(async (tx) =>
        tx.insertAlerts([{ type: 'enrollment-refused', at, deviceId: e.deviceId, recordId: null, detail: { reason, jid: e.jid, proofJid: e.proofJid ?? '', enrollmentId: e.id } }]),
      );
      (this.d.log ?? silentLogger).warn({ enrollmentId: e.id, deviceId: e.deviceId, jid: e.jid, proofJid: e.proofJid, reason }, 'enrollment refused');
    }
    return { status: 403, body: { error, reason } };
  }
}

function possessionOk(e: EnrollmentRow, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(e.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const text = enrollmentSigningText({ enrollmentId: e.id, challenge: e.challenge, deviceId: e.deviceId, jid: e.jid });
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
