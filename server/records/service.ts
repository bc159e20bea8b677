/**
 * Records management operations (what the console's API calls): series and rules, reclassification,
 * holds, and two-person disposition with its certificate. Who may call what is decided by the routes
 * (roles); this layer enforces the rules that hold whatever the role: reasons are required, the approver
 * differs from the proposer, held records are never destroyed, a disposition is executed once.
 */
import { randomUUID } from 'node:crypto';
import type { SignedTreeHead } from '../signing';
import type { Store } from '../store/types';
import { classify, expiredConversations, mayApprove, partitionHeld, scopeBounds } from './rules';
import { DispositionRaceError } from './store';
import type { Actor, CandidateRecord, ConversationSummary, Disposition, Hold, HoldScope, Series, SeriesRule } from './types';

/** A refusal a person can act on (the API maps it to 400/403/404/409). */
export class RecordsError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface HeadSigner {
  signNow(force: boolean): Promise<SignedTreeHead | undefined>;
}

export interface Eligible {
  series: Series;
  conversations: number;
  records: CandidateRecord[];
  held: number;
}

export interface Certificate {
  certificate: 'destruction';
  dispositionId: string;
  series: { id: string; name: string };
  citation: string;
  reason: string;
  dateRange: { from: string | null; to: string | null };
  count: number;
  withheldByHolds: number;
  proposedBy: { id: string; name: string };
  proposedAt: string;
  approvedBy: { id: string; name: string };
  approvedAt: string;
  treeHeadBefore: unknown;
  treeHeadAfter: unknown;
}

const need = (v: string | undefined, what: string): string => {
  const t = v?.trim() ?? '';
  if (t.length === 0) throw new RecordsError(400, `${what} is required`);
  if (t.length > 2000) throw new RecordsError(400, `${what} is too long (at most 2000 characters)`);
  return t;
};

export class RecordsService {
  constructor(
    private readonly store: Store,
    private readonly heads: HeadSigner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get rm() {
    return this.store.management;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // ---- series --------------------------------------------------------------------------------------

  async saveSeries(s: Series, by: string): Promise<void> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(s.id)) throw new RecordsError(400, 'series id: lower-case letters, digits and dashes');
    need(s.name, 'name');
    need(s.citation, 'citation (the schedule item that authorises the retention period)');
    if (s.retentionDays !== null && (!Number.isInteger(s.retentionDays) || s.retentionDays < 0 || s.retentionDays > 365_000)) {
      throw new RecordsError(400, 'retentionDays must be a whole number of days, or null for permanent');
    }
    await this.rm.saveSeries(s, by, this.now());
  }

  async addRule(rule: Omit<SeriesRule, 'id'>, by: string): Promise<number> {
    const series = await this.rm.listSeries();
    if (!series.some((s) => s.id === rule.seriesId)) throw new RecordsError(404, `no series "${rule.seriesId}"`);
    const values = rule.values.map((v) => v.trim().toLowerCase()).filter((v) => v.length > 0);
    if (values.length === 0) throw new RecordsError(400, 'a rule needs at least one JID or domain');
    return this.rm.addRule({ ...rule, values }, by, this.now());
  }

  async reclassify(conversationKey: string, seriesId: string, reason: string, by: string): Promise<void> {
    const series = await this.rm.listSeries();
    if (!series.some((s) => s.id === seriesId)) throw new RecordsError(404, `no series "${seriesId}"`);
    await this.rm.reclassify({ conversationKey: need(conversationKey, 'conversation').toLowerCase(), seriesId, reason: need(reason, 'reason'), by, at: this.now() });
  }

  /** Every conversation with its series, why, and when it expires. */
  async classified(): Promise<(ConversationSummary & { seriesId: string | null; because: string; expiresAt: string | null })[]> {
    const [convs, series, rules, re] = await Promise.all([this.rm.conversations(), this.rm.listSeries(), this.rm.listRules(), this.rm.reclassifications()]);
    return convs.map((c) => {
      const cls = classify(c, series, rules, re.get(c.conversationKey));
      const days = cls?.series.retentionDays;
      return {
        ...c,
        seriesId: cls?.series.id ?? null,
        because: cls?.because ?? 'no rule matches and there is no default series',
        expiresAt: days === null || days === undefined ? null : new Date(c.lastMs + days * 86_400_000).toISOString(),
      };
    });
  }

  // ---- holds ---------------------------------------------------------------------------------------------

  async placeHold(input: { matter?: string; reason?: string; owner?: string; scope: HoldScope }, by: string): Promise<Hold> {
    const scope = cleanScope(input.scope);
    const hold: Hold = {
      id: randomUUID(),
      matter: need(input.matter, 'matter'),
      reason: need(input.reason, 'reason'),
      owner: input.owner?.trim() || by,
      scope,
      placedBy: by,
      placedAt: this.now(),
      released: null,
    };
    await this.rm.placeHold(hold);
    return hold;
  }

  async releaseHold(id: string, reason: string | undefined, by: string): Promise<void> {
    const r = need(reason, 'reason');
    const hold = (await this.rm.listHolds()).find((h) => h.id === id);
    if (!hold) throw new RecordsError(404, 'no hold with that id');
    if (hold.released) throw new RecordsError(409, 'this hold has already been released');
    await this.rm.releaseHold(id, r, by, this.now());
  }

  listHolds(): Promise<Hold[]> {
    return this.rm.listHolds();
  }

  // ---- disposition -------------------------------------------------------------------------------------

  /** What a disposition of this series would destroy now: expired and not held. */
  async eligible(seriesId: string): Promise<Eligible> {
    const [convs, series, rules, re, holds] = await Promise.all([
      this.rm.conversations(), this.rm.listSeries(), this.rm.listRules(), this.rm.reclassifications(), this.rm.listHolds(),
    ]);
    const s = series.find((x) => x.id === seriesId);
    if (!s) throw new RecordsError(404, `no series "${seriesId}"`);
    const expired = expiredConversations(convs, series, rules, re, seriesId, this.clock().getTime());
    const candidates: CandidateRecord[] = [];
    for (const c of expired) candidates.push(...(await this.rm.liveRecordsOf(c.conversationKey)));
    const { eligible, held } = partitionHeld(candidates, holds);
    return { series: s, conversations: expired.length, records: eligible, held: held.length };
  }

  async propose(seriesId: string, reason: string | undefined, by: Actor): Promise<Disposition> {
    const why = need(reason, 'reason');
    const { series, records } = await this.eligible(seriesId);
    if (records.length === 0) throw new RecordsError(409, `nothing in "${series.name}" is eligible for disposition`);
    const times = records.map((r) => r.sentAtMs);
    const d: Disposition = {
      id: randomUUID(),
      seriesId: series.id,
      seriesName: series.name,
      citation: series.citation,
      reason: why,
      proposedBy: by.id,
      proposedByName: by.name,
      proposedAt: this.now(),
      count: records.length,
      fromMs: Math.min(...times),
      toMs: Math.max(...times),
      approval: null,
    };
    await this.rm.insertDisposition(d, records.map((r) => r.leafIndex));
    return d;
  }

  /**
   * The second person approves: records a hold now covers are withheld (a hold placed while the
   * disposition was pending wins), the rest lose their content, and the certificate is issued.
   */
  async approve(id: string, by: Actor): Promise<Certificate> {
    const d = await this.rm.getDisposition(id);
    if (!d) throw new RecordsError(404, 'no disposition with that id');
    if (d.approval) throw new RecordsError(409, 'this disposition has already been approved');
    if (!mayApprove(d.proposedBy, by.id)) throw new RecordsError(403, 'a disposition must be approved by a different person from the one who proposed it');
    const [candidates, holds] = await Promise.all([this.rm.dispositionCandidates(id), this.rm.listHolds()]);
    const { eligible, held } = partitionHeld(candidates, holds);
    const headBefore = await this.heads.signNow(true);
    try {
      await this.rm.executeDisposition(id, { approvedBy: by.id, approvedByName: by.name, approvedAt: this.now(), withheld: held.length, headBefore: headBefore ?? null },
        eligible.map((r) => r.leafIndex), holds.map((h) => h.id));
    } catch (err) {
      if (err instanceof DispositionRaceError) throw new RecordsError(409, err.message);
      throw err;
    }
    const headAfter = await this.heads.signNow(true);
    await this.rm.issueCertificate(id, headAfter ?? null, this.now());
    const cert = await this.certificate(id);
    if (!cert) throw new Error('the certificate was not recorded');
    return cert;
  }

  async certificate(id: string): Promise<Certificate | undefined> {
    const d = await this.rm.getDisposition(id);
    if (!d?.approval) return undefined;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      certificate: 'destruction',
      dispositionId: d.id,
      series: { id: d.seriesId, name: d.seriesName },
      citation: d.citation,
      reason: d.reason,
      dateRange: { from: iso(d.fromMs), to: iso(d.toMs) },
      count: d.approval.destroyed,
      withheldByHolds: d.approval.withheld,
      proposedBy: { id: d.proposedBy, name: d.proposedByName },
      proposedAt: d.proposedAt,
      approvedBy: { id: d.approval.approvedBy, name: d.approval.approvedByName },
      approvedAt: d.approval.approvedAt,
      treeHeadBefore: d.approval.headBefore,
      treeHeadAfter: d.approval.headAfter,
    };
  }
}

function cleanScope(scope: HoldScope): HoldScope {
  const list = (v: string[] | undefined) => {
    const out = (v ?? []).map((x) => x.trim().toLowerCase()).filter((x) => x.length > 0);
    return out.length ? out : undefined;
  };
  const terms = (scope.terms ?? []).map((t) => t.trim()).filter((t) => t.length > 0);
  const out: HoldScope = {
    participants: list(scope.participants),
    conversations: list(scope.conversations),
    from: scope.from?.trim() || undefined,
    to: scope.to?.trim() || undefined,
    terms: terms.length ? terms : undefined,
  };
  try {
    scopeBounds(out);
  } catch (err) {
    throw new RecordsError(400, err instanceof Error ? err.message : String(err));
  }
  if (!out.participants && !out.conversations && !out.terms && !out.from && !out.to) {
    throw new RecordsError(400, 'a hold needs a scope: participants, conversations, a date range or search terms');
  }
  return JSON.parse(JSON.stringify(out)) as HoldScope;
}
