/**
 * Central audit in the records console (signed-in session, permission `fleet:read`): the fleet with its
 * filters, the DLP and refusal report (justifications only for roles that may read content) and the
 * yearly review, as JSON for the Fleet page and as printable pages (with a stylesheet file: the
 * console's CSP allows no inline style). Every read is in the access audit, as `console.fleet`, ….
 */
import type { FastifyInstance } from 'fastify';
import type { CentralAudit } from '../audit/centralAudit';
import { PAGE_CSS, reviewPage } from '../audit/html';
import { consoleCan } from '../console/permissions';
import type { ConsoleContext } from './consoleContext';
import { fleetFor, fleetHtml } from './fleet';
import { dlpFor, dlpHtml, reviewFor } from './review';

const STYLESHEET = '/console/api/print.css';

export function registerConsoleAuditRoutes(c: FastifyInstance, ctx: ConsoleContext, ca: CentralAudit): void {
  const may = (role: string | undefined) => role !== undefined && consoleCan(role as Parameters<typeof consoleCan>[0], 'records:read');

  c.get('/api/print.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(PAGE_CSS));

  c.get('/api/fleet', { config: { consolePermission: 'fleet:read' } }, async (req, reply) => fleetFor(req, reply, ca, ctx.clock(), ctx.audit, 'console.fleet'));
  c.get('/api/fleet.html', { config: { consolePermission: 'fleet:read' } }, async (req, reply) => {
    const r = await fleetFor(req, reply, ca, ctx.clock(), ctx.audit, 'console.fleet');
    return r ? reply.type('text/html; charset=utf-8').send(fleetHtml(r, STYLESHEET)) : reply;
  });

  c.get('/api/reports/dlp', { config: { consolePermission: 'fleet:read' } }, async (req, reply) =>
    dlpFor(req, reply, ca, ctx.clock(), ctx.audit, may(req.consoleSession?.principal.role)));
  c.get('/api/reports/dlp.html', { config: { consolePermission: 'fleet:read' } }, async (req, reply) => {
    const r = await dlpFor(req, reply, ca, ctx.clock(), ctx.audit, may(req.consoleSession?.principal.role));
    return r ? reply.type('text/html; charset=utf-8').send(dlpHtml(r, STYLESHEET)) : reply;
  });

  c.get('/api/review-report', { config: { consolePermission: 'fleet:read' } }, async (req, reply) => reviewFor(req, reply, ca, ctx.clock(), ctx.audit));
  c.get('/api/review-report.html', { config: { consolePermission: 'fleet:read' } }, async (req, reply) => {
    const r = await reviewFor(req, reply, ca, ctx.clock(), ctx.audit);
    return r ? reply.type('text/html; charset=utf-8').send(reviewPage(r, STYLESHEET)) : reply;
  });
}
