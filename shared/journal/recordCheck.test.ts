import { describe, expect, it } from 'vitest';
import { JournalRecordSchema, MAX_BODY_LENGTH, MAX_ID_LENGTH, MAX_JID_LENGTH, type JournalRecord } from './record';
import { canonicalRecordJson } from './record';
import { checkRecord, quickRecordCheck, recordJson } from './recordCheck';

const valid: JournalRecord = {
  recordId: 'msg-1',
  deviceId: 'dev-a',
  seq: 1,
  conversation: 'bob@example.gov',
  conversationType: 'chat',
  direction: 'out',
  sender: 'alice@example.gov',
  recipients: ['bob@example.gov'],
  sentAt: '2025-01-02T03:04:05.006Z',
  recordedAt: '2025-01-02T03:04:05.007+02:00',
  kind: 'message',
  body: 'Hello "Bob" — ünïcode ✓\n',
  policyHash: 'p1',
};

const variants: Record<string, unknown>[] = [
  {},
  { meta: { dlpAction: 'warn', dlpTypes: 'ssn' } },
  { meta: {} },
  { replaces: 'msg-0', stanzaId: 'sid' },
  { replaces: undefined, stanzaId: undefined, meta: undefined },
  { kind: 'xmpp-session', direction: 'in', conversationType: 'groupchat' },
  { recipients: [], body: '', conversation: '', sender: '', policyHash: '' },
  { seq: 0 },
  { seq: Number.MAX_SAFE_INTEGER },
  { body: 'x'.repeat(MAX_BODY_LENGTH) },
  // broken ones
  { seq: -1 }, { seq: 1.5 }, { seq: Number.MAX_SAFE_INTEGER + 1 }, { seq: '1' }, { seq: Number.NaN },
  { recordId: '' }, { recordId: 'x'.repeat(MAX_ID_LENGTH + 1) }, { deviceId: 7 },
  { conversation: 'x'.repeat(MAX_JID_LENGTH + 1) }, { conversationType: 'normal' }, { direction: 'both' },
  { recipients: 'bob' }, { recipients: [1] }, { recipients: ['x'.repeat(MAX_JID_LENGTH + 1)] },
  { sentAt: '2025-01-02' }, { sentAt: 'yesterday' }, { recordedAt: 1735787045006 }, { sentAt: '2025-01-02T03:04:05.006' },
  { kind: 'memo' }, { replaces: '' }, { body: 'x'.repeat(MAX_BODY_LENGTH + 1) }, { body: undefined },
  { stanzaId: 'x'.repeat(MAX_ID_LENGTH * 8 + 1) }, { policyHash: 'x'.repeat(257) },
  { meta: { a: 1 } }, { meta: { ['k'.repeat(257)]: 'v' } }, { meta: { a: 'x'.repeat(16_385) } }, { meta: [] }, { meta: null },
  { extra: 'field' }, { recordId: undefined },
];

describe('quickRecordCheck', () => {
  it('never accepts what the schema refuses, and accepts the records the journal builds', () => {
    for (const v of variants) {
      const r = { ...valid, ...v };
      const zod = JournalRecordSchema.safeParse(r).success;
      const quick = quickRecordCheck(r);
      if (quick) expect(zod, JSON.stringify(v).slice(0, 80)).toBe(true);
      expect(checkRecord(r).success, JSON.stringify(v).slice(0, 80)).toBe(zod);
    }
    // The ordinary records take the fast path (the control: the quick check is not always false).
    expect(quickRecordCheck(valid)).toBe(true);
    expect(quickRecordCheck({ ...valid, meta: { dlpAction: 'log' } })).toBe(true);
  });

  it('refuses objects that are not plain records, and names the fields of a refused one', () => {
    expect(quickRecordCheck(Object.assign(Object.create({ inherited: 1 }) as object, valid))).toBe(false);
    expect(quickRecordCheck([valid])).toBe(false);
    expect(quickRecordCheck(null)).toBe(false);
    const bad = checkRecord({ ...valid, seq: -1, kind: 'memo' });
    expect(bad).toEqual({ success: false, fields: ['seq', 'kind'] });
  });
});

describe('recordJson', () => {
  it('writes the canonical text of every record, fast path or not', () => {
    const extra = [{ meta: { z: 'last', a: 'first', 'é': 'x', Z: 'upper', '10': 'ten', '9': 'nine' } }, { meta: { z: '1', a: '2', dlpAction: 'warn' } }, { body: '\u2028 "quoted" \\ \u0000 ✓' }];
    let fast = 0;
    for (const v of [...variants, ...extra]) {
      const r = { ...valid, ...v } as JournalRecord;
      if (quickRecordCheck(r)) fast++;
      let expected: string;
      try {
        expected = canonicalRecordJson(r);
      } catch {
        expect(() => recordJson(r)).toThrow();
        continue;
      }
      expect(recordJson(r), JSON.stringify(v).slice(0, 60)).toBe(expected);
    }
    expect(fast).toBeGreaterThan(5);
    // Reordered keys give the same text.
    expect(recordJson(Object.fromEntries(Object.entries(valid).reverse()) as JournalRecord)).toBe(canonicalRecordJson(valid));
  });
});
