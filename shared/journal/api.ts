/**
 * The retention server's HTTP contract, declared once and used by both the client uploader (to build
 * batches and validate receipts) and the server (to validate requests). See server/README.md.
 *
 *   POST /v1/journal/batches   Authorization: Bearer <client token>, plus the enrolled device's
 *                              X-AIM-Device / X-AIM-Signature (shared/journal/enrollment.ts)
 *     body   JournalBatchRequest
 *     200    JournalBatchResponse            every record stored or already stored with the same hash
 *     409    JournalBatchConflictResponse    some record ids already hold a different hash; every
 *                                            other record of the batch WAS stored (see receipts), so the
 *                                            client drops those from its spool and quarantines conflicts
 *     400    ErrorResponse                   malformed or oversized; nothing stored
 *     401    ErrorResponse                   missing or unknown token
 *     403    ErrorResponse                   token's role may not ingest, or { error, reason }: the batch is not
 *                                            signed by an active enrolled device, or holds a record
 *                                            that device cannot vouch for (nothing stored)
 *     429    ErrorResponse + Retry-After      over the device's rate or quota
 */
import { z } from 'zod';
import { HashSchema, JournalRecordSchema, MAX_ID_LENGTH } from './record';

/** Batch limits enforced by the server (a bigger batch gets 400 and nothing is stored). */
export const BATCH_LIMITS = {
  maxRecords: 1000,
  /** Request body size in bytes (4 MiB). */
  maxBytes: 4 * 1024 * 1024,
} as const;

export const JOURNAL_BATCHES_PATH = '/v1/journal/batches';

export const BatchEntrySchema = z.strictObject({
  record: JournalRecordSchema,
  /** Lower-case hex SHA-256 of canonicalRecordJson(record). */
  hash: HashSchema,
});
export type BatchEntry = z.infer<typeof BatchEntrySchema>;

export const JournalBatchRequestSchema = z.strictObject({
  /** Idempotency key chosen by the client; resending a batch under the same key is safe. */
  batchId: z.string().min(1).max(MAX_ID_LENGTH),
  records: z.array(BatchEntrySchema).min(1).max(BATCH_LIMITS.maxRecords),
});
export type JournalBatchRequest = z.infer<typeof JournalBatchRequestSchema>;

export const ReceiptSchema = z.object({
  recordId: z.string(),
  hash: HashSchema,
  /** `stored` now, or `duplicate`: stored earlier with the same hash (the original receipt's data). */
  status: z.enum(['stored', 'duplicate']),
  /** Position in the server's Merkle tree (RFC 6962 leaf index, from 0). */
  leafIndex: z.number().int().nonnegative(),
  /** ISO 8601, when the server first stored the record. */
  storedAt: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

export const JournalBatchResponseSchema = z.object({
  batchId: z.string(),
  receipts: z.array(ReceiptSchema),
});
export type JournalBatchResponse = z.infer<typeof JournalBatchResponseSchema>;

export const ConflictSchema = z.object({
  recordId: z.string(),
  /** The hash this batch sent (the server keeps the one it stored first). */
  hash: HashSchema,
  status: z.literal('conflict'),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const JournalBatchConflictResponseSchema = z.object({
  error: z.string(),
  batchId: z.string(),
  /** Receipts for every non-conflicting record of the batch: these are stored. */
  receipts: z.array(ReceiptSchema),
  conflicts: z.array(ConflictSchema).min(1),
});
export type JournalBatchConflictResponse = z.infer<typeof JournalBatchConflictResponseSchema>;

export const ErrorResponseSchema = z.object({ error: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const HealthResponseSchema = z.object({ ok: z.literal(true) });

/**
 * Roles (see server/README.md for the full matrix):
 *  - client:  the fleet token: starts device enrollments; ingests only batches signed by an enrolled device
 *  - admin:   operations (status, devices, gaps, alerts, tree heads); no record content, no access audit
 *  - records: records officer: search and view records, operations views
 *  - legal:   search and view records
 *  - monitor: search and view records
 *  - auditor: read-only: access audit, alerts, integrity views, and search/view records (every read is audited)
 *  - xmpp-server: the Prosody module (server/prosody/): server records and session reports only
 */
export const ROLES = ['client', 'admin', 'records', 'legal', 'monitor', 'auditor', 'xmpp-server'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** A record as the read API returns it: the journal record plus what the server recorded about it. */
export const StoredRecordSchema = JournalRecordSchema.extend({
  hash: HashSchema,
  leafIndex: z.number().int().nonnegative(),
  storedAt: z.string(),
  /** The enrolled device that signed the batch and the account it proved over XMPP (issue 12). */
  verifiedBy: z.object({ deviceId: z.string(), jid: z.string() }).optional(),
});
export type StoredRecord = z.infer<typeof StoredRecordSchema>;

/** GET /v1/records → */
export const RecordsResponseSchema = z.object({
  records: z.array(StoredRecordSchema),
  /** Pass as `cursor` to get the next page; null when this is the last page. */
  nextCursor: z.string().nullable(),
});
export type RecordsResponse = z.infer<typeof RecordsResponseSchema>;
