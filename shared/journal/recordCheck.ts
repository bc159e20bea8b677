/**
 * A hand-written check of one journal record that is at least as strict as `JournalRecordSchema`: when it
 * says yes, the schema says yes too; when it says no, run the schema, which decides and names the problem.
 * The client's journal checks every record it spools with it (the send path: zod's generic machinery cost
 * ~0.1 ms per message there). The same checks as server/ingestValidate.ts's fast path for batches.
 * `recordCheck.test.ts` checks that it agrees with the schema on valid records and on many broken ones.
 */
import { JournalRecordSchema, MAX_BODY_LENGTH, MAX_ID_LENGTH, MAX_JID_LENGTH, RECORD_KINDS, type JournalRecord } from './record';

/** zod's own pattern for the record's ISO timestamps (absent in some other zod version: then every record goes to zod). */
const ISO_TIMESTAMP = (JournalRecordSchema.shape.sentAt as unknown as { _zod?: { pattern?: unknown } })._zod?.pattern;
const TIMESTAMP = ISO_TIMESTAMP instanceof RegExp ? ISO_TIMESTAMP : undefined;
const KINDS = new Set<string>(RECORD_KINDS);
const RECORD_KEYS = new Set(Object.keys(JournalRecordSchema.shape));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max;
const optStr = (v: unknown, min: number, max: number): boolean => v === undefined || str(v, min, max);

function plainWithKeys(o: Record<string, unknown>, allowed: Set<string>): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in o) if (!allowed.has(k) || !Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

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
