/** POST /v1/journal/batches — see shared/journal/api.ts and server/ingest.ts for the semantics. */
import type { FastifyInstance } from 'fastify';
import { JOURNAL_BATCHES_PATH } from '../../shared/journal/api';
import { DEVICE_HEADER, SIGNATURE_HEADER } from '../../shared/journal/enrollment';
import type { RouteContext } from './context';

export function registerIngestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post(JOURNAL_BATCHES_PATH, { config: { permission: 'ingest' } }, async (req, reply) => {
    const caller = req.caller;
    if (!caller) return reply.code(401).send({ error: 'missing, unknown or revoked bearer token' });
    // Every batch must be signed by an enrolled device (issue 12): the fleet token alone cannot ingest.
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const deviceId = header(DEVICE_HEADER);
    const guard = ctx.devices.verifier.guard({ deviceId, signature: header(SIGNATURE_HEADER), tokenName: caller.name });
    const outcome = await ctx.ingestor.ingest(req.body, { tokenId: caller.id, tokenName: caller.name }, req.log, guard);
    if (outcome.status === 400) req.log.warn({ token: caller.name, reason: outcome.body.error }, 'journal batch refused');
    if (outcome.status === 403 || outcome.status === 429) {
      req.log.warn({ token: caller.name, deviceId, reason: outcome.body.reason }, 'journal batch refused');
      await ctx.devices.refused(deviceId ? `device:${deviceId}` : `token:${caller.id}`, outcome.body.reason);
      if (outcome.status === 429) reply.header('retry-after', String(outcome.body.retryAfterSeconds ?? 1));
    }
    return reply.code(outcome.status).send(outcome.body);
  });
}
