/**
 * Content reads: GET /v1/records (search), GET /v1/records/:recordId, and GET /v1/audit. Every read,
 * successful or refused, is written to the access audit before the response is sent; if the audit
 * cannot be written, the read fails (no unaudited access).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StoredRecord } from '../../shared/journal/api';
import { JournalRecordSchema, MAX_JID_LENGTH } from '../../shared/journal/record';
import type { RouteContext } from './context';
import type { StoredRow } from '../store/types';

const MAX_LIMIT = 1000;

/** ISO 8601 timestamp, or a bare date (from = start of that UTC day, to = its end). */
const instant = (edge: 'start' | 'end') =>
  z
    .string()
    .max(64)
    .transform((s, c) => {
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
      const ok = dateOnly || z.iso.datetime({ offset: true }).safeParse(s).success;
      const ms = ok ? Date.parse(dateOnly ? `${s}T00:00:00.000Z` : s) : Number.NaN;
      if (Number.isNaN(ms)) {
        c.addIssue({ code: 'custom', message: 'must be an ISO 8601 timestamp (e.g. 2025-01-31T17:00:00Z) or a date (2025-01-31)' });
        return z.NEVER;
      }
      return dateOnly && edge === 'end' ? ms + 86_400_000 - 1 : ms;
    });

const bareJidParam = z
  .string()
  .min(1)
  .max(MAX_JID_LENGTH)
  .refine((s) => !s.includes('/'), 'must be a bare JID (no /resource)')
  .transform((s) => s.trim().toLowerCase());

const RecordsQuerySchema = z.strictObject({
  participant: bareJidParam.optional(),
  conversation: bareJidParam.optional(),
  q: z.string().max(1000).optional(),
  from: instant('start').optional(),
  to: instant('end').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
  cursor: z.string().max(64).optional(),
});

const AuditQuerySchema = z.strictObject({
  from: instant('start').optional(),
  to: instant('end').optional(),
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
});

export function registerReadRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/records', { config: { permission: 'records:read', auditAction: 'records.search' } }, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const parsed = RecordsQuerySchema.safeParse(raw);
    const after = parsed.success && parsed.data.cursor !== undefined ? decodeCursor(parsed.data.cursor) : undefined;
    if (!parsed.success || after === null) {
      const error = parsed.success ? 'cursor: not a cursor this server issued' : describe(parsed.error);
      await ctx.audit(req, { action: 'records.search', query: raw, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error });
    }
    const p = parsed.data;
    const terms = p.q === undefined ? undefined : searchTerms(p.q);
    if (terms !== undefined && (terms.length === 0 || terms.length > 32)) {
      await ctx.audit(req, { action: 'records.search', query: raw, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error: terms.length === 0 ? 'q: no words to search for' : 'q: at most 32 words' });
    }
    const rows = await ctx.store.searchRecords({
      participant: p.participant,
      conversation: p.conversation,
      terms,
      fromMs: p.from,
      toMs: p.to,
      after,
      limit: p.limit + 1,
    });
    const page = rows.slice(0, p.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > p.limit && last ? encodeCursor(last) : null;
    await ctx.audit(req, { action: 'records.search', query: raw, resultCount: page.length, outcome: 'ok' });
    const origins = await ctx.devices.registry.originsOf(page.map((r) => r.leafIndex));
    return { records: page.map((r) => withOrigin(toStoredRecord(r), origins.get(r.leafIndex))), nextCursor };
  });

  app.get('/v1/records/:recordId', { config: { permission: 'records:read', auditAction: 'records.view' } }, async (req, reply) => {
    const { recordId } = req.params as { recordId: string };
    const row = await ctx.store.getRecord(recordId);
    await ctx.audit(req, { action: 'records.view', query: { recordId }, resultCount: row ? 1 : 0, outcome: 'ok' });
    if (!row) return reply.code(404).send({ error: 'no record with that id' });
    return withOrigin(toStoredRecord(row), (await ctx.devices.registry.originsOf([row.leafIndex])).get(row.leafIndex));
  });

  app.get('/v1/audit', { config: { permission: 'audit:read', auditAction: 'audit.read' } }, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const parsed = AuditQuerySchema.safeParse(raw);
    if (!parsed.success) {
      await ctx.audit(req, { action: 'audit.read', query: raw, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error: describe(parsed.error) });
    }
    const p = parsed.data;
    const entries = await ctx.store.listAudit({ fromMs: p.from, toMs: p.to, afterId: p.after, limit: p.limit });
    await ctx.audit(req, { action: 'audit.read', query: raw, resultCount: entries.length, outcome: 'ok' });
    const last = entries.at(-1);
    return { entries, nextAfter: entries.length === p.limit && last ? last.id : null };
  });
}

/** Words of a free-text query: whitespace-separated, each matched as a whole word, all required. */
export function searchTerms(q: string): string[] {
  return q
    .split(/\s+/u)
    .map((t) => t.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ''))
    .filter((t) => t.length > 0);
}

export function toStoredRecord(row: StoredRow): StoredRecord {
  const record = JournalRecordSchema.parse(JSON.parse(row.recordJson));
  return { ...record, hash: row.hash, leafIndex: row.leafIndex, storedAt: row.storedAt };
}

/** The verified device and JID, for records a signed batch stored. */
function withOrigin(r: StoredRecord, origin: { deviceId: string; jid: string } | undefined): StoredRecord {
  return origin ? { ...r, verifiedBy: { deviceId: origin.deviceId, jid: origin.jid } } : r;
}

function encodeCursor(row: StoredRow): string {
  return Buffer.from(`${row.sentAtMs}.${row.leafIndex}`, 'utf8').toString('base64url');
}

/** The position after which the next page starts; null if the cursor is not one of ours. */
function decodeCursor(cursor: string): { sentAtMs: number; leafIndex: number } | null {
  const m = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { sentAtMs: Number(m[1]), leafIndex: Number(m[2]) } : null;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'query'}: ${issue.message}` : 'invalid query';
}
