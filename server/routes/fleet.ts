/**
 * `GET /v1/fleet` (JSON) and `GET /v1/fleet.html` (printable): every device, its user, client version,
 * policy hash and version, last seen, backlog and review state; filters `oldVersion=true`,
 * `policyDiffers=true`, `notSeenDays=N`, `jid=`. Roles admin, records, auditor; audited as fleet.read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CentralAudit } from '../audit/centralAudit';
import { buildFleet, filterFleet, FleetQuerySchema, type FleetDevice, type FleetQuery } from '../audit/fleet';
import { fleetPage, PAGE_CSP } from '../audit/html';
import type { RouteContext } from './context';
import type { AuditEntry } from '../store/types';

export interface FleetResult {
  generatedAt: string;
  filters: FleetQuery;
  newestClientVersion: string;
  expectedPolicyHashes: string[];
  devices: FleetDevice[];
}

type Audit = (req: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'query' | 'resultCount' | 'outcome'>) => Promise<void>;

/** The fleet for a request (also the console's /console/api/fleet); undefined after a 400 was sent. */
export async function fleetFor(req: FastifyRequest, reply: FastifyReply, ca: CentralAudit, now: Date, audit: Audit, action = 'fleet.read'): Promise<FleetResult | undefined> {
  const parsed = FleetQuerySchema.safeParse(req.query);
  if (!parsed.success) {
    reply.code(400).send({ error: `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` });
    return undefined;
  }
  const [latest, journal] = await Promise.all([ca.log.latestPerDevice(), ca.store.devices()]);
  const built = buildFleet(latest, journal, ca.config, now);
  const devices = filterFleet(built.devices, parsed.data);
  await audit(req, { action, query: parsed.data, resultCount: devices.length, outcome: 'ok' });
  return { generatedAt: now.toISOString(), filters: parsed.data, newestClientVersion: built.newestClientVersion, expectedPolicyHashes: built.expectedPolicyHashes, devices };
}

export function fleetHtml(r: FleetResult, stylesheet?: string): string {
  const filters = Object.entries(r.filters).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  return fleetPage(r.devices, { ...r, filters: filters ? `Filters: ${filters}.` : 'All devices.' }, stylesheet);
}

export function registerFleetRoutes(app: FastifyInstance, ctx: RouteContext, ca: CentralAudit): void {
  const fleet = (req: FastifyRequest, reply: FastifyReply) => fleetFor(req, reply, ca, ctx.clock(), ctx.audit);

  app.get('/v1/fleet', { config: { permission: 'fleet:read', auditAction: 'fleet.read' } }, async (req, reply) => fleet(req, reply));

  app.get('/v1/fleet.html', { config: { permission: 'fleet:read', auditAction: 'fleet.read' } }, async (req, reply) => {
    const result = await fleet(req, reply);
    if (!result) return reply;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(fleetHtml(result));
  });
}
