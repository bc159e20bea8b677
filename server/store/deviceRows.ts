/** Row → domain mappers for the device registry (same column names on SQLite and PostgreSQL). */
import type { DeviceEvent, DeviceRow, EnrollmentRow } from './deviceTypes';

export type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function deviceRowOf(r: Row): DeviceRow {
  return {
    deviceId: String(r.device_id),
    jid: String(r.jid),
    publicKey: String(r.public_key),
    state: String(r.state) as DeviceRow['state'],
    enrolledAt: String(r.enrolled_at),
    firstEnrolledAt: String(r.first_enrolled_at),
    lastSeen: str(r.last_seen),
    clientVersion: String(r.client_version),
    revokedAt: str(r.revoked_at),
  };
}

export function enrollmentRowOf(r: Row): EnrollmentRow {
  return {
    id: String(r.id),
    deviceId: String(r.device_id),
    jid: String(r.jid),
    publicKey: String(r.public_key),
    clientVersion: String(r.client_version),
    challenge: String(r.challenge),
    tokenId: String(r.token_id),
    createdAt: String(r.created_at),
    expiresAt: String(r.expires_at),
    proofJid: str(r.proof_jid),
    proofAt: str(r.proof_at),
    state: String(r.state) as EnrollmentRow['state'],
  };
}

export function deviceEventRow(r: Row): DeviceEvent {
  const detail = typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, string>) : (r.detail as Record<string, string>);
  return { at: String(r.at), deviceId: String(r.device_id), event: String(r.event) as DeviceEvent['event'], jid: String(r.jid), detail };
}
