/**
 * Bearer tokens and roles. A token is shown once when created; the store keeps only its SHA-256 (the
 * token carries 256 random bits, so a fast hash is enough and lookups stay O(1)).
 *
 * Role → permissions (see server/README.md):
 *   client   enroll (the fleet token); ingest only with a batch signed by an enrolled device
 *   admin    ops (status, devices, gaps, alerts, tree heads, sign)     — never record content
 *   records  read records, ops, sign
 *   legal    read records
 *   monitor  read records
 *   auditor  read access audit, read records, ops (read-only)         — every read is audited
 *   every role but client may fetch inclusion proofs (hashes only, no content)
 *   xmpp-server  server-ingest (the Prosody module: server records and session reports)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../shared/journal/api';
import { sha256Hex } from './hash';
import type { Store, TokenRow } from './store/types';

export type Permission = 'enroll' | 'ingest' | 'records:read' | 'audit:read' | 'ops:read' | 'tree:sign' | 'proof:read' | 'server-ingest' | CentralAuditPermission;

/**
 * Central audit (issue 15): clients post events (`events:write`, the fleet token until devices enroll);
 * admin, records and auditor read the fleet, the events and the reports (`fleet:read`, no content).
 * Justifications of DLP overrides are content: they also need `records:read`.
 */
export type CentralAuditPermission = 'events:write' | 'fleet:read';
export const CENTRAL_AUDIT_PERMISSIONS: Partial<Record<Role, readonly CentralAuditPermission[]>> = {
  client: ['events:write'],
  admin: ['fleet:read'],
  records: ['fleet:read'],
  auditor: ['fleet:read'],
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  client: ['enroll', 'ingest'],
  admin: ['ops:read', 'tree:sign', 'proof:read'],
  records: ['records:read', 'ops:read', 'tree:sign', 'proof:read'],
  legal: ['records:read', 'proof:read'],
  monitor: ['records:read', 'proof:read'],
  auditor: ['audit:read', 'records:read', 'ops:read', 'proof:read'],
  'xmpp-server': ['server-ingest'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission) || (CENTRAL_AUDIT_PERMISSIONS[role] ?? []).some((p) => p === permission);
}

const TOKEN_PREFIX = 'aimr_';

export function hashToken(token: string): string {
  return sha256Hex(token);
}

export async function createToken(
  store: Store,
  role: Role,
  name: string,
  now: Date = new Date(),
): Promise<{ token: string; row: TokenRow }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row: TokenRow = {
    id: randomUUID(),
    name,
    role,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await store.createToken(row);
  return { token, row };
}

/** The token from an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header);
  return m?.[1];
}

/** The live (unrevoked) token row for a presented token, or undefined. */
export async function authenticate(store: Store, token: string | undefined): Promise<TokenRow | undefined> {
  if (!token) return undefined;
  const row = await store.findToken(hashToken(token));
  return row && row.revokedAt === null ? row : undefined;
}
