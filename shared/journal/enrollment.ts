/**
 * Device enrollment and signed batches: the HTTP contract between the client journal and the retention
 * server, declared once for both (see server/README.md, "Devices").
 *
 *   POST /v1/enrollments                 fleet token (role client)      EnrollStartRequest → 201 EnrollStartResponse
 *   POST /v1/enrollments/:id/complete    fleet token                    EnrollCompleteRequest → 200 EnrollCompleteResponse
 *                                                                        | 202 { status: 'pending' } | 403 DeviceRefusal
 *   POST /v1/journal/batches             fleet token + DEVICE_HEADER + SIGNATURE_HEADER (Ed25519 over batchSigningText)
 *
 * The client sends `enrollmentProofBody(challenge)` in a chat message from its signed-in XMPP session
 * to `sendTo` (the retention server's own XMPP account); the XMPP server stamps the sender, so the
 * retention server learns which account holds the key. Pure: the signatures themselves are computed
 * with node:crypto on each side.
 */
import { z } from 'zod';
import { canonicalJson } from './record';

export const ENROLLMENTS_PATH = '/v1/enrollments';
export const enrollmentCompletePath = (enrollmentId: string): string => `${ENROLLMENTS_PATH}/${encodeURIComponent(enrollmentId)}/complete`;

/** Request headers of a signed batch. */
export const DEVICE_HEADER = 'x-aim-device';
export const SIGNATURE_HEADER = 'x-aim-signature';

/** Device ids as the client journal makes them (16 random bytes, base64url), or longer. */
export const DeviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 characters of A-Z, a-z, 0-9, _ or -');
/** An Ed25519 public key: base64 of its 44-byte SPKI DER. */
export const PublicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{59}=$/, 'must be an Ed25519 public key (base64 SPKI DER)');
const BareJidSchema = z.string().min(3).max(3071).regex(/^[^@/\s]+@[^@/\s]+$/, 'must be a bare JID (local@domain)');

export const EnrollStartRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /** The account the device signs in as; the proof must come from it. */
  jid: BareJidSchema,
  publicKey: PublicKeySchema,
  clientVersion: z.string().max(100),
});
export type EnrollStartRequest = z.infer<typeof EnrollStartRequestSchema>;

export const EnrollStartResponseSchema = z.object({
  enrollmentId: z.string(),
  challenge: z.string(),
  /** The retention server's XMPP account: send the proof there. */
  sendTo: z.string(),
  expiresAt: z.string(),
});
export type EnrollStartResponse = z.infer<typeof EnrollStartResponseSchema>;

export const EnrollCompleteRequestSchema = z.strictObject({
  /** Ed25519 over enrollmentSigningText(…), base64: proof that the caller holds the private key. */
  signature: z.string().min(1).max(200),
});

export const EnrollCompleteResponseSchema = z.object({
  deviceId: z.string(),
  jid: z.string(),
  state: z.literal('active'),
});

export const EnrollPendingResponseSchema = z.object({ status: z.literal('pending') });

/**
 * Machine-readable reasons in 403 bodies (`{ error, reason }`). The first group means "this device's
 * credential is not (or no longer) good": the client re-enrolls through its XMPP session and keeps its
 * spool. The second group refuses the records themselves.
 */
export const REENROLL_REASONS = ['signature-required', 'device-not-enrolled', 'device-revoked', 'bad-signature'] as const;
export const RECORD_REASONS = ['device-mismatch', 'record-id-outside-device', 'sender-mismatch', 'recipient-mismatch', 'room-sender-mismatch', 'backdated'] as const;
export const ENROLL_REASONS = ['wrong-account', 'expired', 'bad-proof-of-possession', 'device-bound-to-other-account', 'unknown-enrollment'] as const;
export type DeviceRefusalReason = (typeof REENROLL_REASONS)[number] | (typeof RECORD_REASONS)[number] | (typeof ENROLL_REASONS)[number];

export const DeviceRefusalSchema = z.object({ error: z.string(), reason: z.string() });

/** The chat body that proves the account: one line, nothing else. */
export function enrollmentProofBody(challenge: string): string {
  return `approved-im-enrollment ${challenge}`;
}

/** The challenge in a proof body, or null. */
export function challengeFromProof(body: string): string | null {
  const m = /^approved-im-enrollment ([A-Za-z0-9_-]{43})$/.exec(body.trim());
  return m?.[1] ?? null;
}

/** What the device signs to finish an enrollment (proof of possession of the private key). */
export function enrollmentSigningText(e: { enrollmentId: string; challenge: string; deviceId: string; jid: string }): string {
  return canonicalJson({ context: 'approved-im-enroll-v1', enrollmentId: e.enrollmentId, challenge: e.challenge, deviceId: e.deviceId, jid: e.jid });
}

/**
 * The canonical encoding a device signs for one batch: the device, the batch id and every record's id
 * and content hash in order. The server recomputes each hash from the record, so the signature covers
 * every record's content at the cost of one signature per batch.
 */
export function batchSigningText(deviceId: string, batch: { batchId: string; records: { record: { recordId: string }; hash: string }[] }): string {
  return canonicalJson({
    context: 'approved-im-batch-v1',
    deviceId,
    batchId: batch.batchId,
    records: batch.records.map((e) => [e.record.recordId, e.hash]),
  });
}
