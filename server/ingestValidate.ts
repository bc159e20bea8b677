/**
 * Batch validation for ingest, and the canonical JSON of a validated record.
 *
 * `parseBatch` checks a batch against `JournalBatchRequestSchema` (shared/journal/api.ts) with a
 * hand-written pass that is at least as strict as the schema. Only when that pass finds something wrong
 * does the zod schema run, to name the first problem exactly as before (and to decide: zod's verdict is
 * the one returned). So a valid batch costs one loop over plain property checks instead of zod's
 * generic machinery, and a refusal keeps its message. `ingestValidate.test.ts` checks that the two agree
 * on valid batches and on many broken ones.
 *
 * `validRecordJson` is canonicalRecordJson for a record that passed the schema: its keys are known, so
 * native JSON.stringify of its fields copied in sorted key order writes the same text (a record with
 * `meta`, whose own keys are free, goes through the generic writer).
 */
import type { z } from 'zod';
import { BATCH_LIMITS, JournalBatchRequestSchema, type JournalBatchRequest } from '../shared/journal/api';
import {
  canonicalRecordJson,
  JournalRecordSchema,
  MAX_BODY_LENGTH,
  MAX_ID_LENGTH,
  MAX_JID_LENGTH,
  RECORD_KINDS,
  type JournalRecord,
} from '../shared/journal/record';

export type ParsedBatch = { success: true; data: JournalBatchRequest } | { success: false; error: string };

/** zod's own pattern for the record's ISO timestamps (absent in some other zod version: zod then checks every batch). */
const ISO_TIMESTAMP = (JournalRecordSchema.shape.sentAt as unknown as { _zod?: { pattern?: unknown } })._zod?.pattern;
const TIMESTAMP = ISO_TIMESTAMP instanceof RegExp ? ISO_TIMESTAMP : undefined;
const HASH = /^[0-9a-f]{64}$/;
const KINDS = new Set<string>(RECORD_KINDS);
const RECORD_KEYS = Object.keys(JournalRecordSchema.shape);
const RECORD_KEY_SET = new Set(RECORD_KEYS);
/** The record's keys in canonical (UTF-16 code unit) order. */
const SORTED_RECORD_KEYS = [...RECORD_KEYS].sort();

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const optStr = (v: unknown, min: number, max: number): boolean => v === undefined || str(v, min, max);

function onlyKeys(o: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const k in o) if (!allowed.has(k) || !Object.prototype.hasOwnProperty.call(o, k)) return false;
  return Object.getPrototypeOf(o) === Object.prototype || Object.getPrototypeOf(o) === null;
}

function validMeta(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v)) if (k.length > 256 || !str(v[k], 0, 16_384)) return false;
  return true;
}

function validRecord(r: unknown, timestamp: RegExp): boolean {
  if (!isObject(r) || !onlyKeys(r, RECORD_KEY_SET)) return false;
  const recipients = r.recipients;
  if (!Array.isArray(recipients) || recipients.length > 10_000) return false;
  for (const j of recipients) if (!str(j, 0, MAX_JID_LENGTH)) return false;
  const seq = r.seq;
  return (
    str(r.recordId, 1, MAX_ID_LENGTH) &&
    str(r.deviceId, 1, MAX_ID_LENGTH) &&
    typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 &&
    str(r.conversation, 0, MAX_JID_LENGTH) &&
    (r.conversationType === 'chat' || r.conversationType === 'groupchat') &&
    (r.direction === 'in' || r.direction === 'out') &&
    str(r.sender, 0, MAX_JID_LENGTH) &&
    typeof r.sentAt === 'string' && timestamp.test(r.sentAt) &&
    typeof r.recordedAt === 'string' && timestamp.test(r.recordedAt) &&
    typeof r.kind === 'string' && KINDS.has(r.kind) &&
    optStr(r.replaces, 1, MAX_ID_LENGTH) &&
    str(r.body, 0, MAX_BODY_LENGTH) &&
    optStr(r.stanzaId, 0, MAX_ID_LENGTH * 8) &&
    str(r.policyHash, 0, 256) &&
    validMeta(r.meta)
  );
}

const BATCH_KEYS = new Set(['batchId', 'records']);
const ENTRY_KEYS = new Set(['record', 'hash']);

/** True when the batch certainly passes JournalBatchRequestSchema (false: let zod decide and explain). */
export function quickCheck(body: unknown): body is JournalBatchRequest {
  if (!TIMESTAMP || !isObject(body) || !onlyKeys(body, BATCH_KEYS) || !str(body.batchId, 1, MAX_ID_LENGTH)) return false;
  const records = body.records;
  if (!Array.isArray(records) || records.length < 1 || records.length > BATCH_LIMITS.maxRecords) return false;
  for (const e of records as unknown[]) {
    if (!isObject(e) || !onlyKeys(e, ENTRY_KEYS) || typeof e.hash !== 'string' || !HASH.test(e.hash) || !validRecord(e.record, TIMESTAMP)) return false;
  }
  return true;
}

/** The batch as JournalBatchRequestSchema accepts it, or the first problem in words (`path: message`). */
export function parseBatch(body: unknown): ParsedBatch {
  if (quickCheck(body)) return { success: true, data: body };
  const parsed = JournalBatchRequestSchema.safeParse(body);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: describeIssue(parsed.error) };
}

/** A record's fields in canonical key order (a plain object literal: V8's fast JSON.stringify path). */
const inKeyOrder = (r: JournalRecord) => ({
  body: r.body, conversation: r.conversation, conversationType: r.conversationType, deviceId: r.deviceId, direction: r.direction, kind: r.kind,
  meta: r.meta, policyHash: r.policyHash, recipients: r.recipients, recordId: r.recordId, recordedAt: r.recordedAt, replaces: r.replaces,
  sender: r.sender, sentAt: r.sentAt, seq: r.seq, stanzaId: r.stanzaId,
});
/** The literal above lists exactly the schema's keys in sorted order (else the generic writer is used). */
const LITERAL_IN_ORDER = Object.keys(inKeyOrder(Object.fromEntries(RECORD_KEYS.map((k) => [k, 0])) as unknown as JournalRecord)).join() === SORTED_RECORD_KEYS.join();

/** canonicalRecordJson(record) for a record that passed the schema (no keys but the schema's). */
export function validRecordJson(record: JournalRecord): string {
  if (record.meta !== undefined) return canonicalRecordJson(record);
  return LITERAL_IN_ORDER ? JSON.stringify(inKeyOrder(record)) : JSON.stringify(record, SORTED_RECORD_KEYS);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid batch';
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  return `${path || 'batch'}: ${issue.message}`;
}
