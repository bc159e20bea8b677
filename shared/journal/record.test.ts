import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRecordJson, JournalRecordSchema, recordHash, type JournalRecord } from './record';
import { BATCH_LIMITS, JournalBatchRequestSchema } from './api';

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const sampleRecord: JournalRecord = {
  recordId: 'msg-1',
  deviceId: 'dev-a',
  seq: 1,
  conversation: 'bob@example.gov',
  conversationType: 'chat',
  direction: 'out',
  sender: 'alice@example.gov',
  recipients: ['bob@example.gov'],
  sentAt: '2025-01-02T03:04:05.006Z',
  recordedAt: '2025-01-02T03:04:05.007Z',
  kind: 'message',
  body: 'Hello "Bob" — ünïcode ✓\n',
  policyHash: 'p1',
};

describe('canonicalJson', () => {
  it('sorts keys, drops undefined, has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1, y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"d":{"y":2,"z":1}}',
    );
  });
  it('is independent of key insertion order', () => {
    const reordered = Object.fromEntries(Object.entries(sampleRecord).reverse()) as JournalRecord;
    expect(canonicalRecordJson(reordered)).toBe(canonicalRecordJson(sampleRecord));
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
  });
  it('has a fixed test vector (client and server must agree on it)', () => {
    expect(canonicalRecordJson(sampleRecord)).toBe(
      '{"body":"Hello \\"Bob\\" — ünïcode ✓\\n","conversation":"bob@example.gov","conversationType":"chat",' +
        '"deviceId":"dev-a","direction":"out","kind":"message","policyHash":"p1","recipients":["bob@example.gov"],' +
        '"recordId":"msg-1","recordedAt":"2025-01-02T03:04:05.007Z","sender":"alice@example.gov",' +
        '"sentAt":"2025-01-02T03:04:05.006Z","seq":1}',
    );
    expect(recordHash(sampleRecord, sha256Hex)).toBe(sha256Hex(canonicalRecordJson(sampleRecord)));
    expect(recordHash(sampleRecord, sha256Hex)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('JournalRecordSchema', () => {
  it('accepts a well-formed record', () => {
    expect(JournalRecordSchema.parse(sampleRecord)).toEqual(sampleRecord);
  });
  it('refuses unknown keys, bad timestamps, bad kinds, oversize bodies', () => {
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, extra: 1 }).success).toBe(false);
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, sentAt: 'yesterday' }).success).toBe(false);
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, kind: 'file' }).success).toBe(false);
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, body: 'x'.repeat(262_145) }).success).toBe(false);
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, seq: 1.5 }).success).toBe(false);
  });
  it('accepts offsets in timestamps', () => {
    expect(JournalRecordSchema.safeParse({ ...sampleRecord, sentAt: '2025-01-02T03:04:05+02:00' }).success).toBe(true);
  });
});

describe('JournalBatchRequestSchema', () => {
  it('bounds the number of records', () => {
    const entry = { record: sampleRecord, hash: recordHash(sampleRecord, sha256Hex) };
    expect(JournalBatchRequestSchema.safeParse({ batchId: 'b', records: [entry] }).success).toBe(true);
    expect(JournalBatchRequestSchema.safeParse({ batchId: 'b', records: [] }).success).toBe(false);
    const many = Array.from({ length: BATCH_LIMITS.maxRecords + 1 }, () => entry);
    expect(JournalBatchRequestSchema.safeParse({ batchId: 'b', records: many }).success).toBe(false);
  });
});
