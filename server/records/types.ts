/**
 * Records management types: record series (retention schedules) and the rules that put a conversation
 * in one, legal holds, and dispositions. Shared by the rules (rules.ts), the store (store*.ts), the
 * service (service.ts) and the console API.
 */

/** Who acts: a stable principal id and a display name. */
export interface Actor {
  id: string;
  name: string;
}

export interface Series {
  id: string;
  name: string;
  /** Days kept after the conversation's last record; null = permanent. */
  retentionDays: number | null;
  /** The schedule's citation, e.g. "GRS 5.1 item 020" or "State RDA 2019-014". */
  citation: string;
  /** The series a conversation falls into when no rule matches (exactly one should be). */
  isDefault: boolean;
}

export type RuleKind = 'participant' | 'room' | 'domain';

/** Puts conversations into a series. participant: any of `values` (a JID, or a group as several JIDs) took part. */
export interface SeriesRule {
  id: number;
  seriesId: string;
  kind: RuleKind;
  /** Lower-cased bare JIDs (participant, room) or domains. */
  values: string[];
}

export interface Reclassification {
  conversationKey: string;
  seriesId: string;
  reason: string;
  by: string;
  at: string;
}

export interface HoldScope {
  /** Bare JIDs (any of them took part). */
  participants?: string[];
  /** Bare JIDs of peers or rooms. */
  conversations?: string[];
  /** ISO dates or instants (sentAt, inclusive). */
  from?: string;
  to?: string;
  /** Words or phrases; a record matches when any one appears (whole words, case-insensitive). */
  terms?: string[];
}

export interface Hold {
  id: string;
  matter: string;
  reason: string;
  owner: string;
  scope: HoldScope;
  placedBy: string;
  placedAt: string;
  released: { reason: string; by: string; at: string } | null;
}

/** What a conversation looks like to the rules. */
export interface ConversationSummary {
  conversationKey: string;
  conversationType: 'chat' | 'groupchat';
  firstMs: number;
  lastMs: number;
  /** Records whose content is still held (not disposed of). */
  liveRecords: number;
  /** Lower-cased bare JIDs that took part. */
  participants: string[];
}

/** One record, as disposition and holds look at it. */
export interface CandidateRecord {
  leafIndex: number;
  recordId: string;
  conversationKey: string;
  sentAtMs: number;
  participants: string[];
  body: string;
}

export interface Disposition {
  id: string;
  seriesId: string;
  seriesName: string;
  citation: string;
  reason: string;
  /** Principal id (what the two-person rule compares) and display name. */
  proposedBy: string;
  proposedByName: string;
  proposedAt: string;
  count: number;
  fromMs: number | null;
  toMs: number | null;
  approval: DispositionApproval | null;
}

export interface DispositionApproval {
  approvedBy: string;
  approvedByName: string;
  approvedAt: string;
  /** Records whose content was destroyed. */
  destroyed: number;
  /** Proposed records kept because a hold placed while the disposition was pending now covers them. */
  withheld: number;
  headBefore: unknown;
  headAfter: unknown | null;
}
