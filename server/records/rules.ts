/**
 * The rules of records management, as pure functions (unit-tested in rules.test.ts):
 *  - which series a conversation falls into (reclassification > participant/group > room > domain > default);
 *  - when a conversation's records expire under their series;
 *  - whether a record falls in a hold's scope (holds are scopes, so later arrivals join automatically);
 *  - what a disposition may destroy: expired and not held.
 */
import type { CandidateRecord, ConversationSummary, Hold, HoldScope, Reclassification, Series, SeriesRule } from './types';

const DAY_MS = 86_400_000;

export interface Classification {
  series: Series;
  /** Why: "reclassified", "rule <id>", "default". */
  because: string;
}

/** The series of a conversation, or undefined when no rule matches and there is no default series. */
export function classify(
  conv: Pick<ConversationSummary, 'conversationKey' | 'conversationType' | 'participants'>,
  series: Series[],
  rules: SeriesRule[],
  reclassified?: Reclassification,
): Classification | undefined {
  const byId = new Map(series.map((s) => [s.id, s]));
  if (reclassified) {
    const s = byId.get(reclassified.seriesId);
    if (s) return { series: s, because: 'reclassified' };
  }
  const key = conv.conversationKey.toLowerCase();
  const people = new Set(conv.participants.map((p) => p.toLowerCase()));
  const domains = new Set([key, ...people].map(domainOf));
  const order: [SeriesRule['kind'], (r: SeriesRule) => boolean][] = [
    ['participant', (r) => r.values.some((v) => people.has(v))],
    ['room', (r) => conv.conversationType === 'groupchat' && r.values.includes(key)],
    ['domain', (r) => r.values.some((v) => domains.has(v))],
  ];
  for (const [kind, test] of order) {
    // Among rules of one kind, the longest retention wins (keeping too long is safer than destroying early).
    const hits = rules.filter((r) => r.kind === kind && test(r)).flatMap((r) => {
      const s = byId.get(r.seriesId);
      return s ? [{ s, r }] : [];
    });
    hits.sort((a, b) => retentionRank(b.s) - retentionRank(a.s));
    const top = hits[0];
    if (top) return { series: top.s, because: `rule ${top.r.id} (${kind})` };
  }
  const fallback = series.find((s) => s.isDefault);
  return fallback ? { series: fallback, because: 'default' } : undefined;
}

function retentionRank(s: Series): number {
  return s.retentionDays === null ? Number.POSITIVE_INFINITY : s.retentionDays;
}

export function domainOf(jid: string): string {
  const at = jid.indexOf('@');
  const bare = jid.split('/')[0] ?? jid;
  return (at === -1 ? bare : bare.slice(at + 1)).toLowerCase();
}

/** When the conversation's records expire (ms), or null for a permanent series. */
export function expiresAt(conv: Pick<ConversationSummary, 'lastMs'>, series: Series): number | null {
  return series.retentionDays === null ? null : conv.lastMs + series.retentionDays * DAY_MS;
}

export function isExpired(conv: Pick<ConversationSummary, 'lastMs'>, series: Series, nowMs: number): boolean {
  const at = expiresAt(conv, series);
  return at !== null && at <= nowMs;
}

/** Lower-cased word tokens as FTS5 unicode61 and to_tsvector('simple') see them (letters, digits). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

/** Whether `phrase` (one word or several) appears in `text` as whole words, case-insensitively. */
export function containsPhrase(text: string, phrase: string): boolean {
  const want = words(phrase);
  if (want.length === 0) return false;
  const have = words(text);
  outer: for (let i = 0; i + want.length <= have.length; i++) {
    for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}

/** Instant bounds of a scope (a bare `to` date covers its whole day). */
export function scopeBounds(scope: HoldScope): { fromMs: number; toMs: number } {
  const parse = (s: string | undefined, edge: 'start' | 'end', fallback: number) => {
    if (!s) return fallback;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
    const ms = Date.parse(dateOnly ? `${s}T00:00:00.000Z` : s);
    if (Number.isNaN(ms)) throw new Error(`not a date or ISO 8601 instant: ${s}`);
    return dateOnly && edge === 'end' ? ms + DAY_MS - 1 : ms;
  };
  return { fromMs: parse(scope.from, 'start', Number.NEGATIVE_INFINITY), toMs: parse(scope.to, 'end', Number.POSITIVE_INFINITY) };
}

/** A hold covers a record when every criterion the scope gives matches (any value within one criterion). */
export function inScope(scope: HoldScope, rec: Pick<CandidateRecord, 'conversationKey' | 'sentAtMs' | 'participants' | 'body'>): boolean {
  const { fromMs, toMs } = scopeBounds(scope);
  if (rec.sentAtMs < fromMs || rec.sentAtMs > toMs) return false;
  if (scope.participants?.length) {
    const people = new Set(rec.participants.map((p) => p.toLowerCase()));
    if (!scope.participants.some((p) => people.has(p.toLowerCase()))) return false;
  }
  if (scope.conversations?.length && !scope.conversations.some((c) => c.toLowerCase() === rec.conversationKey.toLowerCase())) return false;
  if (scope.terms?.length && !scope.terms.some((t) => containsPhrase(rec.body, t))) return false;
  return true;
}

export function activeHolds(holds: Hold[]): Hold[] {
  return holds.filter((h) => h.released === null);
}

/** The active holds that cover the record (empty: it may be disposed of once expired). */
export function holdsOn(holds: Hold[], rec: CandidateRecord): Hold[] {
  return activeHolds(holds).filter((h) => inScope(h.scope, rec));
}

/** Split candidate records into what may be destroyed and what active holds keep. */
export function partitionHeld(records: CandidateRecord[], holds: Hold[]): { eligible: CandidateRecord[]; held: CandidateRecord[] } {
  const active = activeHolds(holds);
  const eligible: CandidateRecord[] = [];
  const held: CandidateRecord[] = [];
  for (const r of records) (active.some((h) => inScope(h.scope, r)) ? held : eligible).push(r);
  return { eligible, held };
}

/** The conversations of one series whose records have expired by `nowMs`. */
export function expiredConversations(
  convs: ConversationSummary[],
  series: Series[],
  rules: SeriesRule[],
  reclassified: Map<string, Reclassification>,
  seriesId: string,
  nowMs: number,
): ConversationSummary[] {
  return convs.filter((c) => {
    const cls = classify(c, series, rules, reclassified.get(c.conversationKey));
    return cls?.series.id === seriesId && c.liveRecords > 0 && isExpired(c, cls.series, nowMs);
  });
}

/** Who may approve: a different person from the proposer. */
export function mayApprove(proposedBy: string, approver: string): boolean {
  return proposedBy.trim().toLowerCase() !== approver.trim().toLowerCase();
}
