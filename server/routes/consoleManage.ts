/**
 * Console API for records management: series and rules (admin), reclassification (records officer),
 * legal holds (records, legal), dispositions: eligible preview, propose, approve by a second person,
 * and the certificate of destruction as JSON and as a printable page. Every change is written to the
 * access audit with its reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordsError, RecordsService, type Certificate } from '../records/service';
import type { ConsoleContext } from './consoleContext';

const text = (max: number) => z.string().max(max);
const list = z.array(z.string().trim().max(3071)).max(1000);
const SeriesSchema = z.strictObject({
  id: z.string().trim().min(1).max(63),
  name: text(200),
  retentionDays: z.number().int().min(0).max(365_000).nullable(),
  citation: text(500),
  isDefault: z.boolean().default(false),
});
const RuleSchema = z.strictObject({ seriesId: z.string().min(1).max(63), kind: z.enum(['participant', 'room', 'domain']), values: list.min(1) });
const ReclassifySchema = z.strictObject({ conversation: z.string().min(1).max(3071), seriesId: z.string().min(1).max(63), reason: text(2000) });
const HoldSchema = z.strictObject({
  matter: text(500), reason: text(2000), owner: text(500).optional(),
  scope: z.strictObject({ participants: list.optional(), conversations: list.optional(), from: text(64).optional(), to: text(64).optional(), terms: list.optional() }),
});
const ReasonSchema = z.strictObject({ reason: text(2000) });
const ProposeSchema = z.strictObject({ seriesId: z.string().min(1).max(63), reason: text(2000) });

const who = (req: FastifyRequest) => req.consoleSession?.principal.id ?? 'unknown';
const display = (req: FastifyRequest) => req.consoleSession?.principal.name ?? 'unknown';
const actor = (req: FastifyRequest) => ({ id: who(req), name: display(req) });

export function registerConsoleManageRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const svc = new RecordsService(ctx.store, ctx.treeHeads, ctx.clock);
  const rm = ctx.store.management;

  /** Parse, run, audit; RecordsError → its status with the message. */
  async function act<S extends z.ZodTypeAny, T>(
    req: FastifyRequest, reply: FastifyReply, schema: S, action: string, fn: (body: z.infer<S>) => Promise<T>, auditQuery: (body: z.infer<S>) => Record<string, unknown>,
  ): Promise<T | FastifyReply> {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return reply.code(400).send({ error: i ? `${i.path.join('.') || 'request'}: ${i.message}` : 'invalid request' });
    }
    try {
      const out = await fn(parsed.data);
      await ctx.audit(req, { action, query: auditQuery(parsed.data), resultCount: 1, outcome: 'ok' });
      return out;
    } catch (err) {
      if (err instanceof RecordsError) {
        await ctx.audit(req, { action, query: auditQuery(parsed.data), resultCount: 0, outcome: err.status === 403 ? 'denied' : 'error' });
        return reply.code(err.status).send({ error: err.message });
      }
      throw err;
    }
  }

  app.get('/api/series', { config: { consolePermission: 'series:read' } }, async () => {
    const [series, rules] = await Promise.all([rm.listSeries(), rm.listRules()]);
    return { series, rules };
  });

  app.post('/api/series', { config: { consolePermission: 'series:manage' } }, (req, reply) =>
    act(req, reply, SeriesSchema, 'series.save', async (b) => {
      await svc.saveSeries(b, who(req));
      return { ok: true };
    }, (b) => ({ ...b })));

  app.post('/api/rules', { config: { consolePermission: 'series:manage' } }, (req, reply) =>
    act(req, reply, RuleSchema, 'series.rule.add', async (b) => ({ id: await svc.addRule(b, who(req)) }), (b) => ({ ...b })));

  app.post('/api/rules/:id/delete', { config: { consolePermission: 'series:manage' } }, (req, reply) =>
    act(req, reply, z.object({}), 'series.rule.delete', async () => {
      const id = Number((req.params as { id: string }).id);
      if (!(await rm.deleteRule(id))) throw new RecordsError(404, 'no rule with that id');
      return { ok: true };
    }, () => ({ ruleId: (req.params as { id: string }).id })));

  app.get('/api/conversations', { config: { consolePermission: 'records:classify' } }, async (req) => {
    const convs = await svc.classified();
    await ctx.audit(req, { action: 'series.conversations', query: {}, resultCount: convs.length, outcome: 'ok' });
    return { conversations: convs };
  });

  app.post('/api/reclassify', { config: { consolePermission: 'records:classify' } }, (req, reply) =>
    act(req, reply, ReclassifySchema, 'conversation.reclassify', async (b) => {
      await svc.reclassify(b.conversation, b.seriesId, b.reason, who(req));
      return { ok: true };
    }, (b) => ({ ...b })));

  app.get('/api/holds', { config: { consolePermission: 'holds:read' } }, async () => ({ holds: await svc.listHolds() }));

  app.post('/api/holds', { config: { consolePermission: 'holds:manage' } }, (req, reply) =>
    act(req, reply, HoldSchema, 'hold.place', (b) => svc.placeHold({ ...b, owner: b.owner || display(req) }, who(req)), (b) => ({ ...b })));

  app.post('/api/holds/:id/release', { config: { consolePermission: 'holds:manage' } }, (req, reply) =>
    act(req, reply, ReasonSchema, 'hold.release', async (b) => {
      await svc.releaseHold((req.params as { id: string }).id, b.reason, who(req));
      return { ok: true };
    }, (b) => ({ holdId: (req.params as { id: string }).id, reason: b.reason })));

  app.get('/api/dispositions', { config: { consolePermission: 'disposition:read' } }, async () => ({ dispositions: await rm.listDispositions() }));

  app.get('/api/dispositions/eligible', { config: { consolePermission: 'disposition:manage' } }, async (req, reply) => {
    const seriesId = String((req.query as { series?: string }).series ?? '');
    try {
      const e = await svc.eligible(seriesId);
      const times = e.records.map((r) => r.sentAtMs);
      await ctx.audit(req, { action: 'disposition.eligible', query: { seriesId }, resultCount: e.records.length, outcome: 'ok' });
      return {
        seriesId, conversations: e.conversations, records: e.records.length, held: e.held,
        from: times.length ? new Date(Math.min(...times)).toISOString() : null, to: times.length ? new Date(Math.max(...times)).toISOString() : null,
      };
    } catch (err) {
      if (err instanceof RecordsError) return reply.code(err.status).send({ error: err.message });
      throw err;
    }
  });

  app.post('/api/dispositions', { config: { consolePermission: 'disposition:manage' } }, (req, reply) =>
    act(req, reply, ProposeSchema, 'disposition.propose', (b) => svc.propose(b.seriesId, b.reason, actor(req)), (b) => ({ ...b })));

  app.post('/api/dispositions/:id/approve', { config: { consolePermission: 'disposition:manage' } }, (req, reply) =>
    act(req, reply, z.object({}), 'disposition.approve', () => svc.approve((req.params as { id: string }).id, actor(req)),
      () => ({ dispositionId: (req.params as { id: string }).id })));

  app.get('/api/dispositions/:id/certificate', { config: { consolePermission: 'disposition:read' } }, async (req, reply) => {
    const cert = await svc.certificate((req.params as { id: string }).id);
    if (!cert) return reply.code(404).send({ error: 'no approved disposition with that id' });
    return cert;
  });

  app.get('/api/dispositions/:id/certificate.html', { config: { consolePermission: 'disposition:read' } }, async (req, reply) => {
    const cert = await svc.certificate((req.params as { id: string }).id);
    if (!cert) return reply.code(404).send({ error: 'no approved disposition with that id' });
    return reply.type('text/html; charset=utf-8').send(certificatePage(cert));
  });
}

export function certificatePage(c: Certificate): string {
  const esc = (v: unknown) => String(v ?? '—').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const head = (h: unknown) => {
    const x = (h ?? {}) as { treeSize?: number; rootHash?: string; timestamp?: string; keyId?: string };
    return `size ${esc(x.treeSize)}, root <code>${esc(x.rootHash)}</code>, signed ${esc(x.timestamp)} (key ${esc(x.keyId?.slice(0, 16))}…)`;
  };
  const rows: [string, string][] = [
    ['Disposition', esc(c.dispositionId)],
    ['Record series', `${esc(c.series.name)} (${esc(c.series.id)})`],
    ['Schedule citation', esc(c.citation)],
    ['Reason', esc(c.reason)],
    ['Records destroyed', esc(c.count)],
    ['Kept because of legal holds', esc(c.withheldByHolds)],
    ['Date range of the records', `${esc(c.dateRange.from)} to ${esc(c.dateRange.to)}`],
    ['Proposed by', `${esc(c.proposedBy.name)} (${esc(c.proposedBy.id)}) on ${esc(c.proposedAt)}`],
    ['Approved by', `${esc(c.approvedBy.name)} (${esc(c.approvedBy.id)}) on ${esc(c.approvedAt)}`],
    ['Signed tree head before', head(c.treeHeadBefore)],
    ['Signed tree head after', head(c.treeHeadAfter)],
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Certificate of destruction ${esc(c.dispositionId)}</title>
<link rel="stylesheet" href="/console/assets/console.css"></head><body class="certificate"><main>
<h1>Certificate of destruction</h1>
<p>The content of the records below was destroyed under the retention schedule cited. Their hashes and Merkle leaves are kept, so
<code>retention verify</code> still proves the store intact and names this disposition.</p>
<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
</main></body></html>`;
}
