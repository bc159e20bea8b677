/**
 * The Prosody module's endpoints (role xmpp-server) and reconciliation:
 *   POST /v1/server-records   { batchId, records: ServerMessage[] }  → the ingest receipts
 *   POST /v1/sessions         { batchId, sessions: SessionReport[] } → the ingest receipts
 *   GET  /v1/reconciliation?from=&to=  (records staff; audited)      → Reconciliation
 * Server records go through the same Ingestor as client records: same Merkle tree, same `verify`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from './context';
import type { JournalRecord } from '../../shared/journal/record';
import { alertMismatches, RangeTooLargeError, reconcile } from '../reconcile';
import {
  asBatch,
  messageRecord,
  ServerRecordsRequestSchema,
  SERVER_RECORDS_PATH,
  sessionRecord,
  SessionsRequestSchema,
  SESSIONS_PATH,
} from '../serverRecords';

const DAY_MS = 86_400_000;

const instant = z
  .string()
  .max(64)
  .transform((s, c) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
    const ms = Date.parse(dateOnly ? `${s}T00:00:00.000Z` : s);
    if (!Number.isFinite(ms)) {
      c.addIssue({ code: 'custom', message: 'must be an ISO 8601 timestamp or a date (2025-01-31)' });
      return z.NEVER;
    }
    return { ms, dateOnly };
  });

const ReconciliationQuerySchema = z.strictObject({ from: instant.optional(), to: instant.optional() });

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid request';
}

export function registerXmppServerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const ingest = async (req: FastifyRequest, reply: FastifyReply, batchId: string, records: JournalRecord[]) => {
    const caller = req.caller;
    if (!caller) return reply.code(401).send({ error: 'missing, unknown or revoked bearer token' });
    const outcome = await ctx.ingestor.ingest(asBatch(batchId, records), { tokenId: caller.id, tokenName: caller.name }, req.log);
    if (outcome.status === 400) req.log.warn({ token: caller.name, reason: outcome.body.error }, 'server batch refused');
    return reply.code(outcome.status).send(outcome.body);
  };

  app.post(SERVER_RECORDS_PATH, { config: { permission: 'server-ingest' } }, async (req, reply) => {
    const parsed = ServerRecordsRequestSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: describe(parsed.error) });
    return ingest(req, reply, parsed.data.batchId, parsed.data.records.map(messageRecord));
  });

  app.post(SESSIONS_PATH, { config: { permission: 'server-ingest' } }, async (req, reply) => {
    const parsed = SessionsRequestSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: describe(parsed.error) });
    return ingest(req, reply, parsed.data.batchId, parsed.data.sessions.map(sessionRecord));
  });

  app.get('/v1/reconciliation', { config: { permission: 'records:read', auditAction: 'reconciliation' } }, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const parsed = ReconciliationQuerySchema.safeParse(raw);
    if (!parsed.success) {
      await ctx.audit(req, { action: 'reconciliation', query: raw, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error: describe(parsed.error) });
    }
    const now = ctx.clock().getTime();
    const to = parsed.data.to ? parsed.data.to.ms + (parsed.data.to.dateOnly ? DAY_MS - 1 : 0) : now;
    const from = parsed.data.from ? parsed.data.from.ms : to - DAY_MS;
    if (from > to) {
      await ctx.audit(req, { action: 'reconciliation', query: raw, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error: 'from must not be after to' });
    }
    try {
      const result = await reconcile(ctx.store, from, to, { ownJid: ctx.devices.xmppJid });
      const alerted = await alertMismatches(ctx.store, result.bodyMismatches, ctx.clock().toISOString());
      if (alerted > 0) req.log.warn({ alerts: alerted }, 'retention alert: body-mismatch between server and client records');
      await ctx.audit(req, {
        action: 'reconciliation',
        query: raw,
        resultCount: result.serverOnly.length + result.clientOnly.length + result.unapprovedSessions.length,
        outcome: 'ok',
      });
      return result;
    } catch (err) {
      if (err instanceof RangeTooLargeError) {
        await ctx.audit(req, { action: 'reconciliation', query: raw, resultCount: 0, outcome: 'error' });
        return reply.code(400).send({ error: err.message });
      }
      throw err;
    }
  });
}
