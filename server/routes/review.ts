/**
 * Reports (roles admin, records, auditor; every read is in the access audit):
 *   GET /v1/reports/dlp[.html]     DLP and refusal counts over time by event type, action, finding type,
 *                                  rule and group; the newest events (drill-down: GET /v1/events); DLP
 *                                  overrides with justifications only for roles that may read content
 *   GET /v1/review-report[.html]   the yearly review (Policy 630-04): ?from=&to= (default: last 365 days)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../auth';
import type { CentralAudit } from '../audit/centralAudit';
import { dlpPage, PAGE_CSP, reviewPage } from '../audit/html';
import { dlpReport, DlpQuerySchema, overridesWithJustification, reviewReport } from '../audit/reports';
import type { RouteContext } from './context';
import type { AuditEntry } from '../store/types';

const dateParam = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or instant');
const ReviewQuerySchema = z.strictObject({ from: dateParam.optional(), to: dateParam.optional() });

const firstIssue = (e: z.ZodError) => `${e.issues[0]?.path.join('.')}: ${e.issues[0]?.message}`;

type Audit = (req: FastifyRequest, entry: Pick<AuditEntry, 'action' | 'query' | 'resultCount' | 'outcome'>) => Promise<void>;

/** The DLP report for a request (also the console's); justifications only when `mayReadContent`. */
export async function dlpFor(req: FastifyRequest, reply: FastifyReply, ca: CentralAudit, now: Date, audit: Audit, mayReadContent: boolean) {
  const parsed = DlpQuerySchema.safeParse(req.query);
  if (!parsed.success) {
    reply.code(400).send({ error: firstIssue(parsed.error) });
    return undefined;
  }
  const report = await dlpReport(ca, parsed.data, now);
  const overrides = mayReadContent
    ? await overridesWithJustification(ca, report.period, 1000)
    : { count: report.totals.byEventType['dlp-override'] ?? 0, justificationsVisible: false as const };
  await audit(req, { action: 'reports.dlp', query: { ...parsed.data, justifications: mayReadContent }, resultCount: report.total, outcome: 'ok' });
  const { period: _period, ...body } = report;
  return { generatedAt: now.toISOString(), ...body, overrides };
}

/** The yearly review for a request (also the console's). */
export async function reviewFor(req: FastifyRequest, reply: FastifyReply, ca: CentralAudit, now: Date, audit: Audit) {
  const parsed = ReviewQuerySchema.safeParse(req.query);
  if (!parsed.success) {
    reply.code(400).send({ error: firstIssue(parsed.error) });
    return undefined;
  }
  const report = await reviewReport(ca, parsed.data, now);
  await audit(req, { action: 'reports.review', query: parsed.data, resultCount: 1, outcome: 'ok' });
  return report;
}

export function dlpHtml(r: NonNullable<Awaited<ReturnType<typeof dlpFor>>>, stylesheet?: string): string {
  return dlpPage(r, Array.isArray(r.overrides) ? r.overrides : { count: r.overrides.count }, r.generatedAt, stylesheet);
}

export function registerReviewRoutes(app: FastifyInstance, ctx: RouteContext, ca: CentralAudit): void {
  const dlp = (req: FastifyRequest, reply: FastifyReply) =>
    dlpFor(req, reply, ca, ctx.clock(), ctx.audit, req.caller !== undefined && can(req.caller.role, 'records:read'));

  app.get('/v1/reports/dlp', { config: { permission: 'fleet:read', auditAction: 'reports.dlp' } }, async (req, reply) => dlp(req, reply));
  app.get('/v1/reports/dlp.html', { config: { permission: 'fleet:read', auditAction: 'reports.dlp' } }, async (req, reply) => {
    const r = await dlp(req, reply);
    if (!r) return reply;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(dlpHtml(r));
  });

  const review = (req: FastifyRequest, reply: FastifyReply) => reviewFor(req, reply, ca, ctx.clock(), ctx.audit);

  app.get('/v1/review-report', { config: { permission: 'fleet:read', auditAction: 'reports.review' } }, async (req, reply) => review(req, reply));
  app.get('/v1/review-report.html', { config: { permission: 'fleet:read', auditAction: 'reports.review' } }, async (req, reply) => {
    const r = await review(req, reply);
    if (!r) return reply;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(reviewPage(r));
  });
}
