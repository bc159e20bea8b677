/**
 * Operational views without record content: status, devices and their sequence gaps, alerts, signed
 * tree heads (and signing one on demand), inclusion proofs. Reads are audited like content reads.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteContext } from './context';
import { inclusionProofFor } from '../proofs';

const AfterQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const ProofQuerySchema = z.strictObject({ treeSize: z.coerce.number().int().positive().optional() });

export function registerOpsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, treeHeads } = ctx;

  app.get('/v1/status', { config: { permission: 'ops:read', auditAction: 'status.read' } }, async (req) => {
    const [tree, head, devices] = await Promise.all([store.treeState(), store.latestTreeHead(), store.devices()]);
    const withGaps = devices.filter((d) => d.missing > 0);
    await ctx.audit(req, { action: 'status.read', query: {}, resultCount: 1, outcome: 'ok' });
    return {
      store: store.kind,
      treeSize: tree.size,
      unsignedLeaves: tree.size - tree.lastHeadSize,
      latestTreeHead: head ?? null,
      signingKeyId: treeHeads.keyId,
      devices: devices.length,
      devicesWithGaps: withGaps.map((d) => ({ deviceId: d.deviceId, missing: d.missing })),
    };
  });

  app.get('/v1/devices', { config: { permission: 'ops:read', auditAction: 'devices.read' } }, async (req) => {
    const devices = await store.devices();
    await ctx.audit(req, { action: 'devices.read', query: {}, resultCount: devices.length, outcome: 'ok' });
    return { devices };
  });

  app.get('/v1/devices/:deviceId/gaps', { config: { permission: 'ops:read', auditAction: 'gaps.read' } }, async (req) => {
    const { deviceId } = req.params as { deviceId: string };
    const gaps = await store.gaps(deviceId);
    await ctx.audit(req, { action: 'gaps.read', query: { deviceId }, resultCount: gaps.length, outcome: 'ok' });
    return { deviceId, gaps, missing: gaps.reduce((n, g) => n + g.to - g.from + 1, 0) };
  });

  app.get('/v1/alerts', { config: { permission: 'ops:read', auditAction: 'alerts.read' } }, async (req, reply) => {
    const parsed = AfterQuerySchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message ?? 'invalid query' });
    const alerts = await store.listAlerts({ afterId: parsed.data.after, limit: parsed.data.limit });
    await ctx.audit(req, { action: 'alerts.read', query: parsed.data, resultCount: alerts.length, outcome: 'ok' });
    return { alerts };
  });

  app.get('/v1/tree-heads', { config: { permission: 'ops:read', auditAction: 'tree-heads.read' } }, async (req) => {
    const heads = await store.treeHeads();
    await ctx.audit(req, { action: 'tree-heads.read', query: {}, resultCount: heads.length, outcome: 'ok' });
    return { treeHeads: heads };
  });

  app.get('/v1/tree-heads/latest', { config: { permission: 'ops:read', auditAction: 'tree-heads.read' } }, async (req, reply) => {
    const head = await store.latestTreeHead();
    await ctx.audit(req, { action: 'tree-heads.read', query: { latest: true }, resultCount: head ? 1 : 0, outcome: 'ok' });
    if (!head) return reply.code(404).send({ error: 'no tree head has been signed yet' });
    return head;
  });

  app.get('/v1/records/:recordId/proof', { config: { permission: 'proof:read', auditAction: 'records.proof' } }, async (req, reply) => {
    const { recordId } = req.params as { recordId: string };
    const parsed = ProofQuerySchema.safeParse(req.query);
    if (!parsed.success) return reply.code(400).send({ error: `treeSize: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    const result = await inclusionProofFor(store, recordId, parsed.data.treeSize);
    await ctx.audit(req, { action: 'records.proof', query: { recordId, ...parsed.data }, resultCount: result.ok ? 1 : 0, outcome: 'ok' });
    if (!result.ok) return reply.code(result.status).send({ error: result.error });
    return result.proof;
  });

  app.post('/v1/tree-heads', { config: { permission: 'tree:sign', auditAction: 'tree-heads.sign' } }, async (req) => {
    const head = await treeHeads.signNow(true, req.log);
    await ctx.audit(req, { action: 'tree-heads.sign', query: {}, resultCount: 1, outcome: 'ok' });
    return head;
  });
}
