/** POST /v1/journal/batches — see shared/journal/api.ts and server/ingest.ts for the semantics. */
import type { FastifyInstance } from 'fastify';
import { JOURNAL_BATCHES_PATH } from '../../shared/journal/api';
import type { RouteContext } from './context';

export function registerIngestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post(JOURNAL_BATCHES_PATH, { config: { permission: 'ingest' } }, async (req, reply) => {
    const caller = req.caller;
    if (!caller) return reply.code(401).send({ error: 'missing, unknown or revoked bearer token' });
    const outcome = await ctx.ingestor.ingest(req.body, { tokenId: caller.id, tokenName: caller.name }, req.log);
    if (outcome.status === 400) req.log.warn({ token: caller.name, reason: outcome.body.error }, 'journal batch refused');
    return reply.code(outcome.status).send(outcome.body);
  });
}
