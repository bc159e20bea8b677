/**
 * Client audit events: `POST /v1/events` (the client's central audit feed; fleet token or, once devices
 * enroll, a device credential through CentralAudit.authenticateDevice) and `GET /v1/events` (drill-down
 * for admin, records and auditor; events are body-free). See server/README.md, "Central audit".
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CentralAudit } from '../audit/centralAudit';
import { DeviceRefused, signedEventsAuthenticator } from '../audit/deviceAuth';
import type { RouteContext } from './context';
import { periodOf } from '../audit/reports';

export const EVENTS_PATH = '/v1/events';

const dateParam = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or instant');
const EventsQuerySchema = z.strictObject({
  type: z.string().max(64).optional(),
  typePrefix: z.string().max(64).optional(),
  deviceId: z.string().max(128).optional(),
  jid: z.string().max(3071).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  after: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext, ca: CentralAudit): void {
  const authenticateDevice = ca.authenticateDevice ?? signedEventsAuthenticator(ctx.devices.registry);
  app.post(EVENTS_PATH, { config: { permission: 'events:write' } }, async (req, reply) => {
    const caller = req.caller;
    if (!caller) return reply.code(401).send({ error: 'missing, unknown or revoked bearer token' });
    let device;
    try {
      device = await authenticateDevice(req);
    } catch (err) {
      if (!(err instanceof DeviceRefused)) throw err;
      req.log.warn({ token: caller.name, reason: err.reason }, 'client events refused');
      await ctx.devices.refused(`token:${caller.id}`, `events:${err.reason}`);
      return reply.code(403).send({ error: err.message, reason: err.reason });
    }
    const outcome = await ca.ingest(req.body, caller.id, device);
    if (outcome.status === 400) req.log.warn({ token: caller.name, reason: outcome.body.error }, 'client events refused');
    else req.log.info({ token: caller.name, stored: outcome.body.stored, duplicates: outcome.body.duplicates }, 'client events stored');
    return reply.code(outcome.status).send(outcome.body);
  });

  app.get(EVENTS_PATH, { config: { permission: 'fleet:read', auditAction: 'events.read' } }, async (req, reply) => {
    const parsed = EventsQuerySchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
    const q = parsed.data;
    const hasPeriod = q.from !== undefined || q.to !== undefined;
    const period = hasPeriod ? periodOf(q.from ?? '1970-01-01', q.to, ctx.clock()) : undefined;
    const events = await ca.query({
      ...(q.type ? { types: [q.type] } : {}),
      ...(q.typePrefix ? { typePrefixes: [q.typePrefix] } : {}),
      ...(q.deviceId !== undefined ? { deviceId: q.deviceId } : {}),
      ...(q.jid ? { jid: q.jid } : {}),
      ...(period ? { fromMs: period.fromMs, toMs: period.toMs } : {}),
      ...(q.after !== undefined ? { afterLeaf: q.after } : {}),
      limit: q.limit,
    });
    await ctx.audit(req, { action: 'events.read', query: q, resultCount: events.length, outcome: 'ok' });
    return { events, nextAfter: events.length === q.limit ? (events.at(-1)?.leafIndex ?? null) : null };
  });
}
