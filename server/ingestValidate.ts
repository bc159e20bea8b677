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
 * Each record is checked by `quickRecordCheck` (shared/journal/recordCheck.ts, the check the client's
 * journal uses); ingest writes its canonical JSON with the same file's `recordJson`.
 */
import type { z } from 'zod';
import { BATCH_LIMITS, JournalBatchRequestSchema, type JournalBatchRequest } from '../shared/journal/api';
import { MAX_ID_LENGTH } from '../shared/journal/record';
import { quickRecordCheck } from '../shared/journal/recordCheck';
import { isObject, plainWithKeys, str } from '../shared/validation/plainValues';

export type ParsedBatch = { success: true; data: JournalBatchRequest } | { success: false; error: string };

const HASH = /^[0-9a-f]{64}$/;

const BATCH_KEYS = new Set(['batchId', 'records']);
const ENTRY_KEYS = new Set(['record', 'hash']);

/** True when the batch certainly passes JournalBatchRequestSchema (false: let zod decide and explain). */
export function quickCheck(body: unknown): body is JournalBatchRequest {
  if (!isObject(body) || !plainWithKeys(body, BATCH_KEYS) || !str(body.batchId, 1, MAX_ID_LENGTH)) return false;
  const records = body.records;
  if (!Array.isArray(records) || records.length < 1 || records.length > BATCH_LIMITS.maxRecords) return false;
  for (const e of records as unknown[]) {
    if (!isObject(e) || !plainWithKeys(e, ENTRY_KEYS) || typeof e.hash !== 'string' || !HASH.test(e.hash) || !quickRecordCheck(e.record)) return false;
  }
  return true;
}

/** The batch as JournalBatchRequestSchema accepts it, or the first problem in words (`path: message`). */
export function parseBatch(body: unknown): ParsedBatch {
  if (quickCheck(body)) return { success: true, data: body };
  const parsed = JournalBatchRequestSchema.safeParse(body);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: describeIssue(parsed.error) };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid batch';
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  return `${path || 'batch'}: ${issue.message}`;
}
