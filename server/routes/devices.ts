/**
 * Enrollment endpoints (fleet token, permission `enroll`) and the refusal counters (ops). See
 * shared/journal/enrollment.ts for the contract and server/enroll.ts for the rules.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EnrollCompleteRequestSchema, EnrollStartRequestSchema, ENROLLMENTS_PATH } from '../../shared/journal/enrollment';
import { credentialOf, type DeviceServices } from '../devices';
import type { AuditEntry, Store } from '../store/types';

/** What these routes need from buildApp (a narrow view of its route context, so no import of http.ts). */
export interface DeviceRouteContext {
  store: Store;
  devices: DeviceServices;
  clock: () => Date;
  audit(req: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'query' | 'resultCount' | 'outcome'>): Promise<void>;
}

const SinceSchema = z.strictObject({ since: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).optional() });

export function registerDeviceRoutes(app: FastifyInstance, ctx: DeviceRouteContext): void {
  const { devices } = ctx;

  /** Per-token limit on enrollment calls; false (and 429 sent) when over it. */
  const limited = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const take = devices.limiter.take(credentialOf(req), devices.limits.enrollments);
    if (take.ok) return false;
    await devices.refused(credentialOf(req), 'rate-limited');
    reply.header('retry-after', String(take.retryAfterSeconds));
    await reply.code(429).send({ error: 'too many enrollment requests; retry later', reason: 'rate-limited' });
    return true;
  };

  app.post(ENROLLMENTS_PATH, { config: { permission: 'enroll' } }, async (req, reply) => {
    if (await limited(req, reply)) return reply;
    const parsed = EnrollStartRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
    }
    const out = await devices.enrollments.start(parsed.data, req.caller?.id ?? '');
    if (out.status === 403) await devices.refused(credentialOf(req), out.body.reason);
    return reply.code(out.status).send(out.body);
  });

  app.post(`${ENROLLMENTS_PATH}/:id/complete`, { config: { permission: 'enroll' } }, async (req, reply) => {
    if (await limited(req, reply)) return reply;
    const id = (req.params as { id: string }).id;
    const parsed = EnrollCompleteRequestSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'body: { signature } is required' });
    const out = await devices.enrollments.complete(id, parsed.data.signature);
    if (out.status === 403) await devices.refused(credentialOf(req), out.body.reason);
    return reply.code(out.status).send(out.body);
  });

  app.get('/v1/records/:recordId/origin', { config: { permission: 'proof:read', auditAction: 'records.origin' } }, async (req, reply) => {
    const { recordId } = req.params as { recordId: string };
    const row = await ctx.store.getRecord(recordId);
    const origin = row ? (await devices.registry.originsOf([row.leafIndex])).get(row.leafIndex) : undefined;
    await ctx.audit(req, { action: 'records.origin', query: { recordId }, resultCount: origin ? 1 : 0, outcome: 'ok' });
    if (!origin) return reply.code(404).send({ error: row ? 'this record was not stored from a signed device batch' : 'no record with that id' });
    return { recordId, deviceId: origin.deviceId, jid: origin.jid };
  });

  app.get('/v1/refusals', { config: { permission: 'ops:read', auditAction: 'refusals.read' } }, async (req, reply) => {
    const parsed = SinceSchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: 'since must be a minute like 2026-01-31T17:05' });
    const since = parsed.data.since ?? new Date(ctx.clock().getTime() - 86_400_000).toISOString().slice(0, 16);
    const refusals = await devices.registry.refusals(since);
    await ctx.audit(req, { action: 'refusals.read', query: { since }, resultCount: refusals.length, outcome: 'ok' });
    return { refusals };
  });
}
