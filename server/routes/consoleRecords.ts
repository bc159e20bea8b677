/**
 * Console API for records: search (with a reason), a conversation in context, disclosure exports (of
 * a search or a hold, as one .zip), the access audit, and store status with alerts and device gaps.
 * Every search, view and export carries a reason (or matter) into the access audit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_JID_LENGTH } from '../../shared/journal/record';
import { collectHold, collectSearch } from '../export/collect';
import { buildExport } from '../export/package';
import type { ConsoleContext } from './consoleContext';
import { searchTerms, toStoredRecord } from './read';

const DAY = 86_400_000;

const when = (edge: 'start' | 'end') =>
  z.string().max(64).transform((s, c) => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
    const ms = Date.parse(dateOnly ? `${s}T00:00:00.000Z` : s);
    if (Number.isNaN(ms)) {
      c.addIssue({ code: 'custom', message: 'must be a date (2025-01-31) or an ISO 8601 timestamp' });
      return z.NEVER;
    }
    return dateOnly && edge === 'end' ? ms + DAY - 1 : ms;
  });
const jid = z.string().trim().min(1).max(MAX_JID_LENGTH).refine((s) => !s.includes('/'), 'must be a bare JID').transform((s) => s.toLowerCase());
const optional = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());
const reason = z.string().trim().min(3, 'give the reason or matter for this access (at least 3 characters)').max(1000);

const SearchFields = {
  participant: optional(jid),
  conversation: optional(jid),
  q: optional(z.string().max(1000)),
  from: optional(when('start')),
  to: optional(when('end')),
};
const SearchSchema = z.strictObject({ ...SearchFields, reason, limit: z.coerce.number().int().min(1).max(500).default(100), cursor: optional(z.string().max(64)) });
const ViewSchema = z.strictObject({ recordId: z.string().min(1).max(128), reason });
const RedactionSchema = z.strictObject({ recordId: z.string().min(1).max(128), text: z.string().min(1).max(1000).optional(), reason: z.string().trim().min(1).max(200) });
const ExportSchema = z.strictObject({
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('search'), ...SearchFields }),
    z.strictObject({ kind: z.literal('hold'), holdId: z.string().min(1).max(64) }),
  ]),
  reason,
  redactions: z.array(RedactionSchema).max(10_000).optional(),
});
const AuditSchema = z.strictObject({ after: z.coerce.number().int().nonnegative().optional(), limit: z.coerce.number().int().min(1).max(500).default(200) });

function problem(error: z.ZodError): string {
  const i = error.issues[0];
  return i ? `${i.path.join('.') || 'request'}: ${i.message}` : 'invalid request';
}

const who = (req: FastifyRequest) => req.consoleSession?.principal.id ?? 'unknown';

export function registerConsoleRecordRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const { store } = ctx;

  app.get('/api/records', { config: { consolePermission: 'records:read' } }, async (req, reply) => {
    const parsed = SearchSchema.safeParse(req.query);
    if (!parsed.success) {
      await ctx.audit(req, { action: 'console.search', query: req.query as Record<string, unknown>, resultCount: 0, outcome: 'error' });
      return reply.code(400).send({ error: problem(parsed.error) });
    }
    const p = parsed.data;
    const terms = p.q ? searchTerms(p.q) : undefined;
    const cursor = p.cursor ? /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(p.cursor, 'base64url').toString('utf8')) : undefined;
    if (cursor === null) return reply.code(400).send({ error: 'cursor: not a cursor this server issued' });
    const rows = await store.searchRecords({
      participant: p.participant, conversation: p.conversation, terms: terms?.length ? terms : undefined, fromMs: p.from, toMs: p.to,
      after: cursor ? { sentAtMs: Number(cursor[1]), leafIndex: Number(cursor[2]) } : undefined, limit: p.limit + 1, includeDisposed: true,
    });
    const page = rows.slice(0, p.limit);
    const last = page.at(-1);
    await ctx.audit(req, { action: 'console.search', query: req.query as Record<string, unknown>, resultCount: page.length, outcome: 'ok' });
    return {
      records: page.map((r) => (r.recordJson === '' ? { recordId: r.recordId, leafIndex: r.leafIndex, storedAt: r.storedAt, hash: r.hash, disposed: true } : toStoredRecord(r))),
      terms: terms ?? [],
      nextCursor: rows.length > p.limit && last ? Buffer.from(`${last.sentAtMs}.${last.leafIndex}`).toString('base64url') : null,
    };
  });

  app.get('/api/conversation', { config: { consolePermission: 'records:read' } }, async (req, reply) => {
    const parsed = ViewSchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: problem(parsed.error) });
    const row = await store.getRecord(parsed.data.recordId);
    if (!row || row.recordJson === '') {
      await ctx.audit(req, { action: 'console.view', query: req.query as Record<string, unknown>, resultCount: 0, outcome: 'ok' });
      return reply.code(404).send({ error: row ? 'that record has been disposed of' : 'no record with that id' });
    }
    const rec = toStoredRecord(row);
    const context = await store.searchRecords({ conversation: rec.conversation.toLowerCase(), fromMs: row.sentAtMs - DAY, toMs: row.sentAtMs + DAY, limit: 300, includeDisposed: true });
    await ctx.audit(req, { action: 'console.view', query: req.query as Record<string, unknown>, resultCount: context.length, outcome: 'ok' });
    return {
      conversation: rec.conversation,
      focus: rec.recordId,
      records: context.map((r) => (r.recordJson === '' ? { recordId: r.recordId, leafIndex: r.leafIndex, disposed: true } : toStoredRecord(r))),
    };
  });

  app.post('/api/exports', { config: { consolePermission: 'records:export' } }, async (req, reply) => {
    const parsed = ExportSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: problem(parsed.error) });
    const { source, reason: why, redactions } = parsed.data;
    let rows;
    let title: string;
    let described: Record<string, unknown>;
    try {
      if (source.kind === 'hold') {
        const hold = (await store.management.listHolds()).find((h) => h.id === source.holdId);
        if (!hold) return reply.code(404).send({ error: 'no hold with that id' });
        rows = await collectHold(store, hold);
        title = `Records held for ${hold.matter}`;
        described = { kind: 'hold', holdId: hold.id, matter: hold.matter, scope: hold.scope };
      } else {
        const terms = source.q ? searchTerms(source.q) : [];
        rows = await collectSearch(store, { participant: source.participant, conversation: source.conversation, terms: terms.length ? terms : undefined, fromMs: source.from, toMs: source.to });
        title = 'Records export';
        described = Object.fromEntries(Object.entries((req.body as { source: Record<string, unknown> }).source).filter(([, v]) => v !== '' && v !== undefined));
      }
    } catch (err) {
      return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
    }
    const pkg = await buildExport(store, ctx.treeHeads, rows, { reason: why, createdBy: who(req), source: described, title, redactions }, ctx.clock());
    await ctx.audit(req, {
      action: 'console.export',
      query: { source: described, reason: why, exportId: pkg.exportId, redactions: (redactions ?? []).map((r) => ({ recordId: r.recordId, reason: r.reason })) },
      resultCount: pkg.manifest.records.length,
      outcome: 'ok',
    });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="export-${pkg.exportId}.zip"`)
      .send(Buffer.from(pkg.zip()));
  });

  app.get('/api/audit', { config: { consolePermission: 'audit:read' } }, async (req, reply) => {
    const parsed = AuditSchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: problem(parsed.error) });
    const entries = await store.listAudit({ afterId: parsed.data.after, limit: parsed.data.limit });
    await ctx.audit(req, { action: 'console.audit', query: parsed.data, resultCount: entries.length, outcome: 'ok' });
    return { entries };
  });

  app.get('/api/status', { config: { consolePermission: 'ops:read' } }, async (req) => {
    const [tree, head, devices, alerts] = await Promise.all([store.treeState(), store.latestTreeHead(), store.devices(), store.listAlerts({ limit: 200 })]);
    await ctx.audit(req, { action: 'console.status', query: {}, resultCount: 1, outcome: 'ok' });
    return {
      store: store.kind,
      treeSize: tree.size,
      unsignedLeaves: tree.size - tree.lastHeadSize,
      latestTreeHead: head ?? null,
      signingKeyId: ctx.treeHeads.keyId,
      devices: devices.length,
      devicesWithGaps: devices.filter((d) => d.missing > 0).map((d) => ({ deviceId: d.deviceId, missing: d.missing })),
      alerts: alerts.slice(-50).reverse(),
    };
  });
}
