/**
 * `GET /v1/fleet` (JSON) and `GET /v1/fleet.html` (printable): every device, its user, client version,
 * policy hash and version, last seen, backlog and review state; filters `oldVersion=true`,
 * `policyDiffers=true`, `notSeenDays=N`, `jid=`. Roles admin, records, auditor; audited as fleet.read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CentralAudit } from '../audit/centralAudit';
import { buildFleet, filterFleet, FleetQuerySchema } from '../audit/fleet';
import { fleetPage, PAGE_CSP } from '../audit/html';
import type { RouteContext } from './context';

export function registerFleetRoutes(app: FastifyInstance, ctx: RouteContext, ca: CentralAudit): void {
  const fleet = async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = FleetQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      reply.code(400).send({ error: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
      return undefined;
    }
    const now = ctx.clock();
    const [latest, journal] = await Promise.all([ca.log.latestPerDevice(), ctx.store.devices()]);
    const built = buildFleet(latest, journal, ca.config, now);
    const devices = filterFleet(built.devices, parsed.data);
    await ctx.audit(req, { action: 'fleet.read', query: parsed.data, resultCount: devices.length, outcome: 'ok' });
    return { generatedAt: now.toISOString(), filters: parsed.data, newestClientVersion: built.newestClientVersion, expectedPolicyHashes: built.expectedPolicyHashes, devices };
  };

  app.get('/v1/fleet', { config: { permission: 'fleet:read', auditAction: 'fleet.read' } }, async (req, reply) => fleet(req, reply));

  app.get('/v1/fleet.html', { config: { permission: 'fleet:read', auditAction: 'fleet.read' } }, async (req, reply) => {
    const result = await fleet(req, reply);
    if (!result) return reply;
    const filters = Object.entries(result.filters).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .send(fleetPage(result.devices, { ...result, filters: filters ? `Filters: ${filters}.` : 'All devices.' }));
  });
}
