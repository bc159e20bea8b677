import { describe, expect, it } from 'vitest';
import { JournalBatchRequestSchema } from '../shared/journal/api';
import { canonicalRecordJson, type JournalRecord } from '../shared/journal/record';
import { contentHash } from './hash';
import { recordJson } from '../shared/journal/recordCheck';
import { parseBatch, quickCheck } from './ingestValidate';

/** The message ingest gave before the fast path: zod's first issue as `path: message`. */
function zodMessage(body: unknown): string | undefined {
  const r = JournalBatchRequestSchema.safeParse(body);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  if (!issue) return 'invalid batch';
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
  return `${path || 'batch'}: ${issue.message}`;
}

function record(over: Record<string, unknown> = {}): JournalRecord {
  return {
    recordId: 'dev-1/r-1',
    deviceId: 'dev-1',
    seq: 1,
    conversation: 'bob@example.gov',
    conversationType: 'chat',
    direction: 'out',
    sender: 'alice@example.gov',
    recipients: ['bob@example.gov'],
    sentAt: '2024-03-01T10:00:00.000Z',
    recordedAt: '2024-03-01T10:00:00.003+01:00',
    kind: 'message',
    body: 'hello "there" \\ é ✓ 𝄞 \u0000 \u2028',
    policyHash: 'p',
    ...over,
  } as JournalRecord;
}

function hashOf(r: JournalRecord): string {
  try {
    return contentHash(r);
  } catch {
    return '0'.repeat(64); // a value JSON cannot hold (NaN): the schema refuses the record first
  }
}
const batchOf = (records: JournalRecord[], batchId = 'b-1') => ({ batchId, records: records.map((r) => ({ record: r, hash: hashOf(r) })) });

const VALID: Record<string, unknown>[] = [
  {},
  { replaces: 'dev-1/r-0', kind: 'correction' },
  { stanzaId: 'sid', meta: { rule: 'ssn', action: 'block', 'ünï': '✓', zeta: '', Alpha: 'x' } },
  { conversationType: 'groupchat', sender: 'room@conf.example.gov/Alice', recipients: [], direction: 'in' },
  { seq: 0, body: '', policyHash: '', conversation: '', sender: '' },
  { seq: Number.MAX_SAFE_INTEGER, sentAt: '2024-02-29T23:59:59Z', recordedAt: '2024-12-31T00:00:00.123456-05:30' },
  { body: 'x'.repeat(262_144), recordId: 'r'.repeat(128), meta: {} },
  { replaces: undefined, meta: undefined },
];

/** Per field: values the schema refuses. */
const INVALID: Record<string, unknown[]> = {
  recordId: ['', 'r'.repeat(129), 7, null, undefined],
  deviceId: ['', 'd'.repeat(129), {}],
  seq: [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, '1', null],
  conversation: ['c'.repeat(3072), 5],
  conversationType: ['direct', '', undefined],
  direction: ['up', 1],
  sender: [['a'], 'x'.repeat(3072)],
  recipients: ['bob', [1], ['x'.repeat(3072)], Array.from({ length: 10_001 }, () => 'a'), null],
  sentAt: ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-03-01 10:00:00Z', '2024-03-01T10:00:00', '2024-03-01T10:00Z', '', 1700000000000],
  recordedAt: ['yesterday', '2024-03-01T24:00:00Z', '2024-03-01T10:00:00+24:00'],
  kind: ['note', '', null],
  replaces: ['', 'r'.repeat(129), 3, null],
  body: ['x'.repeat(262_145), null, 1, undefined],
  stanzaId: ['s'.repeat(1025), 9],
  policyHash: ['p'.repeat(257), undefined],
  meta: [[], 'x', { k: 1 }, { ['k'.repeat(257)]: 'v' }, { k: 'v'.repeat(16_385) }, null, { k: null }],
  extra: ['anything', 0],
};

describe('parseBatch: the hand-checked fast path agrees with the zod schema', () => {
  it('accepts every valid batch on the fast path, with the data unchanged (control)', () => {
    for (const over of VALID) {
      const b = batchOf([record(over), record({ ...over, recordId: 'dev-1/r-2', seq: 2 })]);
      expect(JournalBatchRequestSchema.safeParse(b).success, JSON.stringify(over)).toBe(true);
      expect(quickCheck(b), JSON.stringify(over)).toBe(true);
      expect(parseBatch(b)).toEqual({ success: true, data: b });
    }
  });

  it('refuses every broken field with exactly the message zod gives, and never lets one through the fast path', () => {
    let refused = 0;
    for (const [field, values] of Object.entries(INVALID)) {
      for (const v of values) {
        const b = batchOf([record(), record({ recordId: 'dev-1/r-2', seq: 2, [field]: v })]);
        const expected = zodMessage(b);
        expect(expected, `${field}=${String(v).slice(0, 40)}`).toBeDefined();
        expect(quickCheck(b), `${field}=${String(v).slice(0, 40)}`).toBe(false);
        expect(parseBatch(b)).toEqual({ success: false, error: expected });
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(60);
  });

  it('refuses broken batches and entries the way zod does', () => {
    const ok = batchOf([record()]);
    const entry = ok.records[0];
    const cases: unknown[] = [
      null,
      [],
      'batch',
      {},
      { ...ok, extra: 1 },
      { ...ok, batchId: '' },
      { ...ok, batchId: 'b'.repeat(129) },
      { ...ok, records: [] },
      { ...ok, records: Array.from({ length: 1001 }, () => entry) },
      { ...ok, records: [{ ...entry, hash: 'A'.repeat(64) }] },
      { ...ok, records: [{ ...entry, hash: 'ab' }] },
      { ...ok, records: [{ ...entry, extra: true }] },
      { ...ok, records: [{ record: entry?.record }] },
      { ...ok, records: [entry, null] },
      { ...ok, records: [{ ...entry, record: { ...entry?.record, recipients: undefined } }] },
      JSON.parse(`{"batchId":"b","records":[{"record":${JSON.stringify(record())},"hash":"${'0'.repeat(64)}","__proto__":{}}]}`),
      { ...ok, records: [{ ...entry, record: Object.assign(Object.create({ inherited: 1 }) as object, record()) }] },
    ];
    for (const [i, b] of cases.entries()) {
      const expected = zodMessage(b);
      if (expected === undefined) {
        // The schema accepts it: the result must be the schema's data either way.
        expect(parseBatch(b).success, `case ${i}`).toBe(true);
        continue;
      }
      expect(quickCheck(b), `case ${i}`).toBe(false);
      expect(parseBatch(b), `case ${i}`).toEqual({ success: false, error: expected });
    }
  });
});

describe('recordJson', () => {
  it('writes exactly canonicalRecordJson for records with and without meta, whatever the key order given', () => {
    for (const over of VALID) {
      const r = record(over);
      expect(recordJson(r)).toBe(canonicalRecordJson(r));
      const reversed = Object.fromEntries(Object.entries(r).reverse()) as JournalRecord;
      expect(recordJson(reversed)).toBe(canonicalRecordJson(r));
      const { meta: _meta, ...plain } = r;
      expect(recordJson(plain)).toBe(canonicalRecordJson(plain));
    }
  });
});
