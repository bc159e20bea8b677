/**
 * A hand-written check of one journal record that is at least as strict as `JournalRecordSchema`: when it
 * says yes, the schema says yes too; when it says no, run the schema, which decides and names the problem.
 * The client's journal checks every record it spools with it (the send path: zod's generic machinery cost
 * ~0.1 ms per message there). The same checks as server/ingestValidate.ts's fast path for batches.
 * `recordCheck.test.ts` checks that it agrees with the schema on valid records and on many broken ones.
 */
import { isObject, optStr, plainWithKeys, str } from '../validation/plainValues';
import { canonicalRecordJson, JournalRecordSchema, MAX_BODY_LENGTH, MAX_ID_LENGTH, MAX_JID_LENGTH, RECORD_KINDS, type JournalRecord } from './record';

/** zod's own pattern for the record's ISO timestamps (absent in some other zod version: then every record goes to zod). */
const ISO_TIMESTAMP = (JournalRecordSchema.shape.sentAt as unknown as { _zod?: { pattern?: unknown } })._zod?.pattern;
const TIMESTAMP = ISO_TIMESTAMP instanceof RegExp ? ISO_TIMESTAMP : undefined;
const KINDS = new Set<string>(RECORD_KINDS);
const RECORD_KEYS = new Set(Object.keys(JournalRecordSchema.shape));

function validMeta(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!Object.prototype.hasOwnProperty.call(v, k) || k.length > 256 || !str(v[k], 0, 16_384)) return false;
  return true;
}

/** True when `r` certainly passes JournalRecordSchema (false: ask the schema). */
export function quickRecordCheck(r: unknown): r is JournalRecord {
  if (!TIMESTAMP || !isObject(r) || !plainWithKeys(r, RECORD_KEYS)) return false;
  const recipients = r.recipients;
  if (!Array.isArray(recipients) || recipients.length > 10_000) return false;
  for (const j of recipients as unknown[]) if (!str(j, 0, MAX_JID_LENGTH)) return false;
  const seq = r.seq;
  return (
    str(r.recordId, 1, MAX_ID_LENGTH) &&
    str(r.deviceId, 1, MAX_ID_LENGTH) &&
    typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 &&
    str(r.conversation, 0, MAX_JID_LENGTH) &&
    (r.conversationType === 'chat' || r.conversationType === 'groupchat') &&
    (r.direction === 'in' || r.direction === 'out') &&
    str(r.sender, 0, MAX_JID_LENGTH) &&
    typeof r.sentAt === 'string' && TIMESTAMP.test(r.sentAt) &&
    typeof r.recordedAt === 'string' && TIMESTAMP.test(r.recordedAt) &&
    typeof r.kind === 'string' && KINDS.has(r.kind) &&
    optStr(r.replaces, 1, MAX_ID_LENGTH) &&
    str(r.body, 0, MAX_BODY_LENGTH) &&
    optStr(r.stanzaId, 0, MAX_ID_LENGTH * 8) &&
    str(r.policyHash, 0, 256) &&
    validMeta(r.meta)
  );
}

/** The schema's verdict, with the fast path first: zod runs only for a record the quick check doubts. */
export function checkRecord(r: unknown): { success: true } | { success: false; fields: string[] } {
  if (quickRecordCheck(r)) return { success: true };
  const parsed = JournalRecordSchema.safeParse(r);
  return parsed.success ? { success: true } : { success: false, fields: parsed.error.issues.map((i) => i.path.join('.')) };
}

const SORTED_KEYS = [...RECORD_KEYS].sort();
const INTEGER_LIKE = /^(?:0|[1-9]\d*)$/;
/** The record's fields in canonical key order (a plain object literal: V8's fast JSON.stringify path). */
const inKeyOrder = (r: JournalRecord, meta: Record<string, string> | undefined) => ({
  body: r.body, conversation: r.conversation, conversationType: r.conversationType, deviceId: r.deviceId, direction: r.direction, kind: r.kind,
  meta, policyHash: r.policyHash, recipients: r.recipients, recordId: r.recordId, recordedAt: r.recordedAt, replaces: r.replaces,
  sender: r.sender, sentAt: r.sentAt, seq: r.seq, stanzaId: r.stanzaId,
});
/** The literal above lists exactly the schema's keys in sorted order (else the generic writer is used). */
const LITERAL_IN_ORDER = Object.keys(inKeyOrder(Object.fromEntries(SORTED_KEYS.map((k) => [k, 0])) as unknown as JournalRecord, {})).join() === SORTED_KEYS.join();

/**
 * canonicalRecordJson(record), written by native JSON.stringify when the record passes the quick check (its
 * keys are the schema's, its values strings, a safe integer and string arrays: JSON.stringify of its fields
 * in sorted key order is then the canonical text, `meta` copied with sorted keys); else the generic writer.
 * Integer-like meta keys would be reordered by the engine, so such a record takes the generic writer too.
 */
export function recordJson(record: JournalRecord): string {
  if (!LITERAL_IN_ORDER || !quickRecordCheck(record)) return canonicalRecordJson(record);
  let meta: Record<string, string> | undefined;
  if (record.meta) {
    const keys = Object.keys(record.meta);
    if (keys.some((k) => INTEGER_LIKE.test(k))) return canonicalRecordJson(record);
    meta = Object.fromEntries(keys.sort().map((k) => [k, record.meta![k]!]));
  }
  return JSON.stringify(inKeyOrder(record, meta));
}
