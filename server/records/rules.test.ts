import { describe, expect, it } from 'vitest';
import { classify, containsPhrase, expiredConversations, inScope, isExpired, mayApprove, partitionHeld } from './rules';
import type { CandidateRecord, ConversationSummary, Hold, Series, SeriesRule } from './types';

const DAY = 86_400_000;
const series: Series[] = [
  { id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2/020', isDefault: true },
  { id: 'correspondence', name: 'Correspondence', retentionDays: 3 * 365, citation: 'RDA 14-003', isDefault: false },
  { id: 'executive', name: 'Executive', retentionDays: null, citation: 'RDA 01-001', isDefault: false },
];
const rules: SeriesRule[] = [
  { id: 1, seriesId: 'executive', kind: 'participant', values: ['governor@state.gov', 'chief@state.gov'] },
  { id: 2, seriesId: 'correspondence', kind: 'room', values: ['budget@rooms.state.gov'] },
  { id: 3, seriesId: 'correspondence', kind: 'domain', values: ['contractor.example'] },
];
const conv = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  conversationKey: 'bob@agency.gov', conversationType: 'chat', firstMs: 0, lastMs: 10 * DAY, liveRecords: 3,
  participants: ['alice@agency.gov', 'bob@agency.gov'], ...over,
});
const rec = (over: Partial<CandidateRecord> = {}): CandidateRecord => ({
  leafIndex: 0, recordId: 'r0', conversationKey: 'bob@agency.gov', sentAtMs: Date.UTC(2025, 0, 15, 12), participants: ['alice@agency.gov', 'bob@agency.gov'],
  body: "Let's review the Quarterly budget, don't forget", ...over,
});
const hold = (scope: Hold['scope'], released: Hold['released'] = null): Hold => ({
  id: 'h', matter: 'M', reason: 'R', owner: 'o', scope, placedBy: 'p', placedAt: '2025-01-01T00:00:00Z', released,
});

describe('schedules: which series a conversation falls into', () => {
  it('falls back to the default series when no rule matches', () => {
    expect(classify(conv(), series, rules)?.series.id).toBe('transitory');
    expect(classify(conv(), series.filter((s) => !s.isDefault), rules)).toBeUndefined();
  });
  it('a participant in a group rule wins over room and domain rules', () => {
    const c = conv({ conversationKey: 'budget@rooms.state.gov', conversationType: 'groupchat', participants: ['chief@state.gov', 'x@contractor.example'] });
    expect(classify(c, series, rules)).toMatchObject({ series: { id: 'executive' }, because: 'rule 1 (participant)' });
  });
  it('room rules apply to group chats only; domain rules to any participant or the peer', () => {
    expect(classify(conv({ conversationKey: 'budget@rooms.state.gov', conversationType: 'groupchat' }), series, rules)?.series.id).toBe('correspondence');
    expect(classify(conv({ conversationKey: 'budget@rooms.state.gov', conversationType: 'chat' }), series, rules)?.series.id).toBe('transitory');
    expect(classify(conv({ participants: ['alice@agency.gov', 'vendor@Contractor.example'.toLowerCase()] }), series, rules)?.series.id).toBe('correspondence');
  });
  it('among matching rules of one kind, the longer retention wins', () => {
    const two: SeriesRule[] = [
      { id: 7, seriesId: 'transitory', kind: 'domain', values: ['agency.gov'] },
      { id: 8, seriesId: 'executive', kind: 'domain', values: ['agency.gov'] },
    ];
    expect(classify(conv(), series, two)?.series.id).toBe('executive');
  });
  it('a reclassification overrides the rules', () => {
    const re = { conversationKey: 'bob@agency.gov', seriesId: 'correspondence', reason: 'policy discussion', by: 'rm', at: '' };
    expect(classify(conv(), series, rules, re)).toMatchObject({ series: { id: 'correspondence' }, because: 'reclassified' });
  });
  it('expiry counts from the conversation end; permanent never expires', () => {
    const s = series[0] as Series;
    expect(isExpired(conv(), s, 40 * DAY - 1)).toBe(false);
    expect(isExpired(conv(), s, 40 * DAY)).toBe(true);
    expect(isExpired(conv(), series[2] as Series, 1e15)).toBe(false);
    const convs = [conv(), conv({ conversationKey: 'carol@agency.gov', lastMs: 100 * DAY }), conv({ conversationKey: 'dan@agency.gov', liveRecords: 0 })];
    expect(expiredConversations(convs, series, rules, new Map(), 'transitory', 50 * DAY).map((c) => c.conversationKey)).toEqual(['bob@agency.gov']);
  });
});

describe('holds: scope', () => {
  it('matches whole words and phrases case-insensitively, like the full-text index', () => {
    expect(containsPhrase('the Quarterly budget', 'quarterly')).toBe(true);
    expect(containsPhrase('the budgetary note', 'budget')).toBe(false);
    expect(containsPhrase("don't forget", "don't")).toBe(true);
    expect(containsPhrase('quarterly report budget', 'quarterly budget')).toBe(false);
  });
  it('every given criterion must match; any value within one', () => {
    expect(inScope({ participants: ['BOB@agency.gov', 'zed@x'] }, rec())).toBe(true);
    expect(inScope({ participants: ['zed@x'] }, rec())).toBe(false);
    expect(inScope({ conversations: ['bob@agency.gov'], terms: ['payroll', 'budget'] }, rec())).toBe(true);
    expect(inScope({ conversations: ['bob@agency.gov'], terms: ['payroll'] }, rec())).toBe(false);
    expect(inScope({ from: '2025-01-15', to: '2025-01-15' }, rec())).toBe(true);
    expect(inScope({ from: '2025-01-16' }, rec())).toBe(false);
    expect(inScope({ to: '2025-01-14' }, rec())).toBe(false);
  });
  it('held records are kept out of disposition; released holds keep nothing; later records join by scope', () => {
    const records = [rec(), rec({ leafIndex: 1, recordId: 'r1', body: 'lunch?' }), rec({ leafIndex: 2, recordId: 'r2', sentAtMs: Date.UTC(2026, 5, 1), body: 'the budget again' })];
    const { eligible, held } = partitionHeld(records, [hold({ terms: ['budget'] })]);
    expect(held.map((r) => r.recordId)).toEqual(['r0', 'r2']);
    expect(eligible.map((r) => r.recordId)).toEqual(['r1']);
    const released = partitionHeld(records, [hold({ terms: ['budget'] }, { reason: 'case closed', by: 'l', at: '' })]);
    expect(released.eligible).toHaveLength(3);
  });
});

describe('disposition: two people', () => {
  it('the approver must be a different person from the proposer', () => {
    expect(mayApprove('oidc:alice', 'oidc:bob')).toBe(true);
    expect(mayApprove('oidc:alice', 'OIDC:Alice ')).toBe(false);
  });
});
