/**
 * What the retention server keeps about enrolled devices (issue 12): pending enrollments, the device
 * bindings (device id ↔ Ed25519 public key ↔ bare JID), an append-only history of those bindings, the
 * verified origin of every record a device stored, and refused requests counted per credential and
 * minute (instead of one permanent audit row each). Implemented for SQLite (deviceSqlite.ts) and
 * PostgreSQL (devicePostgres.ts); both stores expose it as `store.deviceRegistry()`.
 */

export type DeviceState = 'active' | 'revoked';

export interface DeviceRow {
  deviceId: string;
  /** Lower-cased bare JID proven over XMPP; a device id stays bound to the account that first enrolled it. */
  jid: string;
  /** base64 SPKI DER of the Ed25519 key. */
  publicKey: string;
  state: DeviceState;
  /** When the current key was bound. */
  enrolledAt: string;
  /** When the device first enrolled (backdating bound). */
  firstEnrolledAt: string;
  lastSeen: string | null;
  clientVersion: string;
  revokedAt: string | null;
}

export type EnrollmentState = 'pending' | 'completed' | 'failed';

export interface EnrollmentRow {
  id: string;
  deviceId: string;
  jid: string;
  publicKey: string;
  clientVersion: string;
  challenge: string;
  tokenId: string;
  createdAt: string;
  expiresAt: string;
  /** The bare JID the proof came from (server-stamped), once it arrived. */
  proofJid: string | null;
  proofAt: string | null;
  state: EnrollmentState;
}

export interface DeviceEvent {
  at: string;
  deviceId: string;
  event: 'enrolled' | 're-enrolled' | 'revoked' | 'enrollment-failed';
  jid: string;
  detail: Record<string, string>;
}

export interface RecordOrigin {
  leafIndex: number;
  recordId: string;
  deviceId: string;
  jid: string;
}

export interface RefusalCount {
  minute: string;
  credential: string;
  reason: string;
  count: number;
}

export interface DeviceRegistry {
  createEnrollment(row: EnrollmentRow): Promise<void>;
  getEnrollment(id: string): Promise<EnrollmentRow | undefined>;
  /** The pending enrollment holding this challenge, if any. */
  enrollmentByChallenge(challenge: string): Promise<EnrollmentRow | undefined>;
  /** Record where the proof came from (first proof wins). */
  recordProof(id: string, jid: string, at: string): Promise<boolean>;
  finishEnrollment(id: string, state: 'completed' | 'failed'): Promise<void>;
  /** Delete enrollments that expired before `before` (their outcome is in device_events and alerts). */
  pruneEnrollments(before: string): Promise<number>;

  getDevice(deviceId: string): Promise<DeviceRow | undefined>;
  /** Insert or replace the binding (state active) and append the event, in one transaction. */
  bindDevice(row: DeviceRow, event: DeviceEvent): Promise<void>;
  /** Mark revoked; false when no active device has this id. */
  revokeDevice(deviceId: string, at: string): Promise<boolean>;
  touchDevice(deviceId: string, at: string, clientVersion?: string): Promise<void>;
  listDevices(): Promise<DeviceRow[]>;
  deviceEvents(deviceId: string): Promise<DeviceEvent[]>;

  originsOf(leafIndexes: number[]): Promise<Map<number, RecordOrigin>>;

  /** Add one to the refusal counter of (minute, credential, reason). */
  countRefusal(minute: string, credential: string, reason: string, n?: number): Promise<void>;
  refusals(sinceMinute: string): Promise<RefusalCount[]>;
}
