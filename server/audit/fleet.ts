/**
 * The fleet view: every device that reported client events (and every device that only journals), with
 * its user, client version, policy hash and version, last seen, journal backlog and review state, and
 * the flags the filters use: an old client version, a policy other than the expected one, not seen for
 * N days.
 */
import { z } from 'zod';
import type { DeviceSummary } from '../store/types';
import type { CentralAuditConfig } from './centralAudit';
import type { StoredEvent } from './eventLog';

export interface FleetDevice {
  deviceId: string;
  jid: string;
  clientVersion: string;
  policyHash: string;
  policyVersion: string;
  policyReviewedOn: string;
  /** Server time of the newest event (or journal batch) from the device. */
  lastSeen: string;
  firstSeen: string;
  backlog: number;
  reviewOverdue: boolean;
  /** Whether the device id was proven by a device credential. */
  deviceVerified: boolean;
  events: number;
  journalRecords: number;
  oldVersion: boolean;
  /** Runs the expected policy (the administrator's hash, else the newest policy seen); null: unknown. */
  runsExpectedPolicy: boolean | null;
  daysSinceSeen: number;
}

export const FleetQuerySchema = z.strictObject({
  oldVersion: z.enum(['true', 'false']).optional(),
  policyDiffers: z.enum(['true', 'false']).optional(),
  notSeenDays: z.coerce.number().int().min(0).max(36_500).optional(),
  jid: z.string().max(3071).optional(),
});
export type FleetQuery = z.infer<typeof FleetQuerySchema>;

/** Numeric-aware version order: 0.10.0 > 0.9.1; a pre-release (1.0.0-rc1) sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const pa = coreA.split('.');
  const pb = coreB.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === undefined && preB === undefined) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return Math.sign(preA.localeCompare(preB, 'en', { numeric: true }));
}

const DAY_MS = 86_400_000;

export function buildFleet(
  latest: (StoredEvent & { firstStoredAt: string; events: number })[],
  journalDevices: DeviceSummary[],
  config: Pick<CentralAuditConfig, 'expectedPolicyHashes' | 'minClientVersion'>,
  now: Date,
): { devices: FleetDevice[]; newestClientVersion: string; expectedPolicyHashes: string[] } {
  const journal = new Map(journalDevices.map((d) => [d.deviceId, d]));
  const versions = latest.map((e) => e.clientVersion).filter(Boolean);
  const newest = versions.reduce((m, v) => (compareVersions(v, m) > 0 ? v : m), versions[0] ?? '');
  const minimum = config.minClientVersion ?? newest;
  let expected = config.expectedPolicyHashes;
  if (expected.length === 0) {
    const withPolicy = latest.filter((e) => e.policyHash);
    const top = withPolicy.reduce<StoredEvent | undefined>(
      (m, e) => (!m || compareVersions(e.policyVersion, m.policyVersion) > 0 || (e.policyVersion === m.policyVersion && e.storedAt > m.storedAt) ? e : m),
      undefined,
    );
    expected = top ? [top.policyHash] : [];
  }
  const seen = new Set<string>();
  const devices: FleetDevice[] = latest.map((e) => {
    seen.add(e.deviceId);
    const j = journal.get(e.deviceId);
    const lastSeen = j && j.lastStoredAt > e.storedAt ? j.lastStoredAt : e.storedAt;
    return {
      deviceId: e.deviceId,
      jid: e.jid,
      clientVersion: e.clientVersion,
      policyHash: e.policyHash,
      policyVersion: e.policyVersion,
      policyReviewedOn: e.policyReviewedOn,
      lastSeen,
      firstSeen: j && j.firstStoredAt < e.firstStoredAt ? j.firstStoredAt : e.firstStoredAt,
      backlog: e.backlog,
      reviewOverdue: e.reviewOverdue,
      deviceVerified: e.deviceVerified,
      events: e.events,
      journalRecords: j?.records ?? 0,
      oldVersion: Boolean(e.clientVersion && minimum && compareVersions(e.clientVersion, minimum) < 0),
      runsExpectedPolicy: expected.length && e.policyHash ? expected.includes(e.policyHash) : null,
      daysSinceSeen: Math.floor((now.getTime() - Date.parse(lastSeen)) / DAY_MS),
    };
  });
  for (const j of journalDevices) {
    if (seen.has(j.deviceId)) continue;
    devices.push({
      deviceId: j.deviceId,
      jid: '',
      clientVersion: '',
      policyHash: '',
      policyVersion: '',
      policyReviewedOn: '',
      lastSeen: j.lastStoredAt,
      firstSeen: j.firstStoredAt,
      backlog: 0,
      reviewOverdue: false,
      deviceVerified: false,
      events: 0,
      journalRecords: j.records,
      oldVersion: false,
      runsExpectedPolicy: null,
      daysSinceSeen: Math.floor((now.getTime() - Date.parse(j.lastStoredAt)) / DAY_MS),
    });
  }
  return { devices, newestClientVersion: newest, expectedPolicyHashes: expected };
}

export function filterFleet(devices: FleetDevice[], q: FleetQuery): FleetDevice[] {
  return devices.filter(
    (d) =>
      (q.oldVersion === undefined || d.oldVersion === (q.oldVersion === 'true')) &&
      (q.policyDiffers === undefined || (d.runsExpectedPolicy === false) === (q.policyDiffers === 'true')) &&
      (q.notSeenDays === undefined || d.daysSinceSeen >= q.notSeenDays) &&
      (q.jid === undefined || d.jid === q.jid.toLowerCase()),
  );
}
