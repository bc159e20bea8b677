/**
 * The DLP and refusal report (counts over time by event type, action, finding type, rule and group, a
 * drill-down to the events, and DLP overrides with their justifications for roles that may read content)
 * and the yearly review report (policy in force, client versions, notice acknowledgements, DLP and
 * refusal totals, retention and disposition totals, access-audit totals by role).
 *
 * Events are body-free, so counts and drill-down need no content right. Justifications are user text:
 * they live in the journal records (meta.justification of a message sent after a DLP warning) and are
 * read from there only for content roles, and that read is in the access audit.
 */
import { z } from 'zod';
import type { JournalRecord } from '../../shared/journal/record';
import { reviewState } from '../../shared/policy/view';
import { groupOf, type CentralAudit, type DispositionTotals } from './centralAudit';
import type { StoredEvent } from './eventLog';
import { readSqlFor } from './sql';

export const DLP_TYPE_PREFIXES = ['dlp-', 'refused-', 'paste-', 'drop-'];
/** Most events one report reads. */
export const REPORT_EVENT_CAP = 200_000;

const dateParam = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or instant');

export const DlpQuerySchema = z.strictObject({
  from: dateParam.optional(),
  to: dateParam.optional(),
  bucket: z.enum(['day', 'week', 'month']).default('day'),
  eventType: z.string().max(64).optional(),
  type: z.string().max(64).optional(),
  rule: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  group: z.string().max(200).optional(),
  deviceId: z.string().max(128).optional(),
  jid: z.string().max(3071).optional(),
  limit: z.coerce.number().int().min(0).max(1000).default(100),
});
export type DlpQuery = z.infer<typeof DlpQuerySchema>;

export interface Period {
  fromMs: number;
  toMs: number;
}

const DAY_MS = 86_400_000;

/** Bounds: a bare `to` date means the end of that day; the default is the last 365 days. */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): Period {
  const toMs = to ? Date.parse(to) + (/^\d{4}-\d{2}-\d{2}$/.test(to) ? DAY_MS - 1 : 0) : now.getTime();
  const fromMs = from ? Date.parse(from) : toMs - 365 * DAY_MS;
  return { fromMs, toMs };
}

export interface DlpEventView {
  leafIndex: number;
  at: string;
  eventType: string;
  action: string;
  types: string[];
  rules: string[];
  deviceId: string;
  jid: string;
  group: string;
  peer: string;
}

function view(e: StoredEvent, groups: CentralAudit['config']['groups']): DlpEventView {
  const f = e.fields;
  const list = (v: unknown) => (typeof v === 'string' && v ? v.split(',') : []);
  return {
    leafIndex: e.leafIndex,
    at: e.at,
    eventType: e.type,
    action: String(f.action ?? ''),
    types: e.type === 'refused-transfer' ? [String(f.protocol ?? 'file-transfer')] : list(f.types),
    rules: list(f.rules),
    deviceId: e.deviceId,
    jid: e.jid,
    group: groupOf(e.jid, groups),
    peer: typeof f.peer === 'string' ? f.peer : '',
  };
}

function bucketOf(at: string, bucket: DlpQuery['bucket']): string {
  const d = new Date(at);
  if (bucket === 'month') return d.toISOString().slice(0, 7);
  if (bucket === 'week') {
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    return monday.toISOString().slice(0, 10);
  }
  return d.toISOString().slice(0, 10);
}

const inc = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

async function eventsIn(ca: CentralAudit, p: Period, filter: { typePrefixes?: string[]; deviceId?: string; jid?: string }): Promise<{ events: StoredEvent[]; truncated: boolean }> {
  const events: StoredEvent[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await ca.query({ ...filter, fromMs: p.fromMs, toMs: p.toMs, limit: 5000, ...(after !== undefined ? { afterLeaf: after } : {}) });
    events.push(...page);
    if (page.length < 5000) return { events, truncated: false };
    if (events.length >= REPORT_EVENT_CAP) return { events, truncated: true };
    after = page.at(-1)?.leafIndex;
  }
}

export interface Override {
  recordId: string;
  sentAt: string;
  sender: string;
  conversation: string;
  types: string;
  rules: string;
  justification: string;
}

/** DLP overrides with their justifications, from the journal records (content: callers must hold records:read). */
export async function overridesWithJustification(ca: CentralAudit, p: Period, limit: number): Promise<Override[]> {
  const rows = await readSqlFor(ca.log.store).all(
    `SELECT record_json FROM records WHERE sent_at_ms >= $1 AND sent_at_ms <= $2 AND record_json LIKE $3 ORDER BY sent_at_ms, leaf_index LIMIT $4`,
    [p.fromMs, p.toMs, '%"dlpAction":"warn"%', limit],
  );
  return rows.flatMap((r) => {
    const rec = JSON.parse(String(r.record_json)) as JournalRecord;
    const m = rec.meta ?? {};
    if (m.dlpAction !== 'warn') return [];
    return [{ recordId: rec.recordId, sentAt: rec.sentAt, sender: rec.sender, conversation: rec.conversation, types: m.dlpTypes ?? '', rules: m.dlpRules ?? '', justification: m.justification ?? '' }];
  });
}

export async function dlpReport(ca: CentralAudit, q: DlpQuery, now: Date) {
  const period = periodOf(q.from, q.to, now);
  const { events, truncated } = await eventsIn(ca, period, {
    typePrefixes: DLP_TYPE_PREFIXES,
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.jid ? { jid: q.jid } : {}),
  });
  const views = events
    .map((e) => view(e, ca.config.groups))
    .filter(
      (v) =>
        (!q.eventType || v.eventType === q.eventType) &&
        (!q.type || v.types.includes(q.type)) &&
        (!q.rule || v.rules.includes(q.rule)) &&
        (!q.action || v.action === q.action) &&
        (!q.group || v.group === q.group),
    );
  const totals = { byEventType: {} as Record<string, number>, byAction: {} as Record<string, number>, byType: {} as Record<string, number>, byRule: {} as Record<string, number>, byGroup: {} as Record<string, number> };
  const series = new Map<string, { period: string; eventType: string; action: string; count: number }>();
  for (const v of views) {
    inc(totals.byEventType, v.eventType);
    inc(totals.byAction, v.action || '(none)');
    for (const t of v.types) inc(totals.byType, t);
    for (const r of v.rules) inc(totals.byRule, r);
    inc(totals.byGroup, v.group);
    const period = bucketOf(v.at, q.bucket);
    const key = `${period}\u0000${v.eventType}\u0000${v.action}`;
    const s = series.get(key) ?? { period, eventType: v.eventType, action: v.action, count: 0 };
    s.count++;
    series.set(key, s);
  }
  return {
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    bucket: q.bucket,
    total: views.length,
    truncated,
    totals,
    series: [...series.values()].sort((a, b) => a.period.localeCompare(b.period) || a.eventType.localeCompare(b.eventType)),
    /** The newest matching events; page further through GET /v1/events. */
    events: views.slice(-q.limit).reverse(),
    period,
  };
}

export async function reviewReport(ca: CentralAudit, q: { from?: string; to?: string }, now: Date) {
  const period = periodOf(q.from, q.to, now);
  const { events, truncated } = await eventsIn(ca, period, {});
  const policies = new Map<string, { policyHash: string; policyVersion: string; policyReviewedOn: string; devices: Set<string>; lastSeen: string }>();
  const versions = new Map<string, { clientVersion: string; devices: Set<string>; firstSeen: string; lastSeen: string }>();
  const dlp = { byEventType: {} as Record<string, number>, byAction: {} as Record<string, number> };
  for (const e of events) {
    if (e.policyHash) {
      const k = `${e.policyHash}\u0000${e.policyVersion}\u0000${e.policyReviewedOn}`;
      const p = policies.get(k) ?? { policyHash: e.policyHash, policyVersion: e.policyVersion, policyReviewedOn: e.policyReviewedOn, devices: new Set(), lastSeen: e.at };
      p.devices.add(e.deviceId);
      if (e.at > p.lastSeen) p.lastSeen = e.at;
      policies.set(k, p);
    }
    if (e.clientVersion) {
      const v = versions.get(e.clientVersion) ?? { clientVersion: e.clientVersion, devices: new Set(), firstSeen: e.at, lastSeen: e.at };
      v.devices.add(e.deviceId);
      if (e.at < v.firstSeen) v.firstSeen = e.at;
      if (e.at > v.lastSeen) v.lastSeen = e.at;
      versions.set(e.clientVersion, v);
    }
    if (DLP_TYPE_PREFIXES.some((p) => e.type.startsWith(p))) {
      inc(dlp.byEventType, e.type);
      inc(dlp.byAction, String(e.fields.action ?? '(none)'));
    }
  }
  const sql = readSqlFor(ca.log.store);
  const args = [period.fromMs, period.toMs];
  const [byKindRows, ackRows, auditRows, totalRows, disposition] = await Promise.all([
    sql.all('SELECT kind, COUNT(*) AS n FROM records WHERE sent_at_ms >= $1 AND sent_at_ms <= $2 GROUP BY kind ORDER BY kind', args),
    sql.all(`SELECT sender, COUNT(*) AS n, MAX(sent_at_ms) AS last_ms FROM records WHERE kind = 'notice-ack' AND sent_at_ms >= $1 AND sent_at_ms <= $2 GROUP BY sender ORDER BY sender`, args),
    sql.all('SELECT role, outcome, COUNT(*) AS n FROM audit WHERE at_ms >= $1 AND at_ms <= $2 GROUP BY role, outcome ORDER BY role, outcome', args),
    sql.all('SELECT COUNT(*) AS n FROM records'),
    ca.dispositionTotals(period.fromMs, period.toMs) as Promise<DispositionTotals>,
  ]);
  const byKind = Object.fromEntries(byKindRows.map((r) => [String(r.kind), Number(r.n)]));
  return {
    generatedAt: now.toISOString(),
    from: new Date(period.fromMs).toISOString(),
    to: new Date(period.toMs).toISOString(),
    truncated,
    policy: {
      expectedPolicyHashes: ca.config.expectedPolicyHashes,
      inForce: [...policies.values()]
        .map((p) => ({ policyHash: p.policyHash, policyVersion: p.policyVersion, policyReviewedOn: p.policyReviewedOn, reviewOverdue: reviewState(p.policyReviewedOn, now).overdue, devices: p.devices.size, lastSeen: p.lastSeen }))
        .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)),
    },
    clientVersions: [...versions.values()]
      .map((v) => ({ clientVersion: v.clientVersion, devices: v.devices.size, firstSeen: v.firstSeen, lastSeen: v.lastSeen }))
      .sort((a, b) => a.clientVersion.localeCompare(b.clientVersion, 'en', { numeric: true })),
    noticeAcknowledgements: ackRows.map((r) => ({ jid: String(r.sender), count: Number(r.n), lastAcknowledgedAt: new Date(Number(r.last_ms)).toISOString() })),
    dlp: { total: Object.values(dlp.byEventType).reduce((a, b) => a + b, 0), ...dlp },
    retention: { recordsInPeriod: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, totalRecords: Number(totalRows[0]?.n ?? 0), clientEventsInPeriod: events.length },
    disposition,
    accessAudit: auditRows.map((r) => ({ role: r.role === null ? '(none)' : String(r.role), outcome: String(r.outcome), count: Number(r.n) })),
  };
}
export type ReviewReport = Awaited<ReturnType<typeof reviewReport>>;
export type DlpReport = Awaited<ReturnType<typeof dlpReport>>;
