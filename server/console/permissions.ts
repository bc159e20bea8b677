/**
 * Records-management permissions, beside the read/ops permissions of server/auth.ts (see the role table
 * in server/README.md). A role not listed has none of them.
 *
 *   admin    series:manage, series:read                      (defines schedules; never sees content)
 *   records  series:read, records:classify, holds:read, holds:manage, disposition:read, disposition:manage, records:export
 *   legal    holds:read, holds:manage, records:export
 *   monitor  —                                               (search and view only, via records:read)
 *   auditor  series:read, holds:read, disposition:read       (read-only)
 */
import type { Role } from '../../shared/journal/api';
import { can as canRead, CENTRAL_AUDIT_PERMISSIONS, type Permission } from '../auth';

export type RecordsPermission =
  | 'series:read'
  | 'series:manage'
  | 'records:classify'
  | 'holds:read'
  | 'holds:manage'
  | 'disposition:read'
  | 'disposition:manage'
  | 'records:export';

export const RECORDS_PERMISSIONS: Partial<Record<Role, readonly RecordsPermission[]>> = {
  admin: ['series:read', 'series:manage'],
  records: ['series:read', 'records:classify', 'holds:read', 'holds:manage', 'disposition:read', 'disposition:manage', 'records:export'],
  legal: ['holds:read', 'holds:manage', 'records:export'],
  auditor: ['series:read', 'holds:read', 'disposition:read'],
};

export type ConsolePermission = Permission | RecordsPermission;

const isRecordsPermission = (p: ConsolePermission): p is RecordsPermission =>
  (['series:read', 'series:manage', 'records:classify', 'holds:read', 'holds:manage', 'disposition:read', 'disposition:manage', 'records:export'] as string[]).includes(p);

export function consoleCan(role: Role, p: ConsolePermission): boolean {
  if (isRecordsPermission(p)) return RECORDS_PERMISSIONS[role]?.includes(p) ?? false;
  return canRead(role, p);
}

/** Everything a role may do in the console (the app shows only what is allowed). */
export function consolePermissions(role: Role, readPermissions: readonly Permission[]): ConsolePermission[] {
  return [...readPermissions, ...(CENTRAL_AUDIT_PERMISSIONS[role] ?? []), ...(RECORDS_PERMISSIONS[role] ?? [])];
}
