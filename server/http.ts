/**
 * The Fastify application: authentication (onRequest, before any body is read), role checks, the
 * access audit helper, error mapping and response hygiene. Routes live in server/routes/.
 *
 * Logs carry method, path (never the query string: it can hold search terms), status and timing; never
 * bodies, tokens or the Authorization header.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { BATCH_LIMITS } from '../shared/journal/api';
import { authenticate, bearerToken, can, type Permission } from './auth';
import { credentialOf, deviceServices } from './devices';
import { registerDeviceRoutes } from './routes/devices';
import type { AppDeps, RouteContext, RouteRegistrar } from './routes/context';
import { registerIngestRoutes } from './routes/ingest';
import { registerOpsRoutes } from './routes/ops';
import { registerReadRoutes } from './routes/read';
import type { TokenRow } from './store/types';
import { registerXmppServerRoutes } from './routes/xmppServer';

declare module 'fastify' {
  interface FastifyRequest {
    caller: TokenRow | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route; omitted = no authentication (health only). */
    permission?: Permission;
    /** Audit action name for reads and refusals of this route. */
    auditAction?: string;
  }
}

// AppDeps and RouteContext live in routes/context.ts, below both this file and the routes (no import cycle).
export type { AppDeps, RouteContext, RouteRegistrar } from './routes/context';

export function buildApp(deps: AppDeps, options: FastifyServerOptions = {}, extraRoutes: RouteRegistrar[] = []): FastifyInstance {
  const app = Fastify({
    bodyLimit: BATCH_LIMITS.maxBytes,
    logger: false,
    ...options,
  });
  const clock = deps.clock ?? (() => new Date());
  const ctx: RouteContext = {
    ...deps,
    clock,
    devices: deps.devices ?? deviceServices(deps.store, { clock }),
    audit: async (req, entry) => {
      await deps.store.appendAudit({
        at: clock().toISOString(),
        tokenId: req.caller?.id ?? null,
        tokenName: req.caller?.name ?? null,
        role: req.caller?.role ?? null,
        remote: req.ip,
        ...entry,
      });
    },
  };

  app.decorateRequest('caller', undefined);

  app.addHook('onRequest', async (req, reply) => {
    const permission = req.routeOptions.config.permission;
    if (!permission) return;
    const caller = await authenticate(deps.store, bearerToken(req.headers.authorization));
    if (!caller) {
      await ctx.devices.refused(credentialOf(req), 'unauthenticated');
      // Guessing tokens: an address with too many refused requests is told to wait.
      const take = ctx.devices.limiter.take(credentialOf(req), ctx.devices.limits.refusals);
      if (!take.ok) {
        reply.header('retry-after', String(take.retryAfterSeconds));
        return reply.code(429).send({ error: 'too many requests without a valid token from this address; retry later' });
      }
      reply.header('www-authenticate', 'Bearer realm="retention"');
      return reply.code(401).send({ error: 'missing, unknown or revoked bearer token' });
    }
    req.caller = caller;
    if (!can(caller.role, permission)) {
      // Counted per credential and minute, not one permanent audit row per refusal (issue 12).
      await ctx.devices.refused(credentialOf(req), `forbidden:${req.routeOptions.config.auditAction ?? permission}`);
      req.log.warn({ token: caller.name, role: caller.role, permission }, 'request refused: role lacks permission');
      return reply.code(403).send({ error: `role "${caller.role}" may not do this (needs ${permission})` });
    }
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply: FastifyReply) => {
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(400).send({ error: `request body exceeds ${BATCH_LIMITS.maxBytes} bytes; send smaller batches` });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(400).send({ error: 'request body must be application/json' });
    }
    if (status === 400 || err.code?.startsWith('FST_ERR_CTP')) {
      return reply.code(400).send({ error: `malformed request: ${err.message}` });
    }
    if (status < 500) return reply.code(status).send({ error: err.message });
    req.log.error({ err: err.message, code: err.code }, 'request failed');
    return reply.code(500).send({ error: 'internal error; the request was not completed, retry later' });
  });

  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'no such endpoint' }));

  app.get('/v1/health', async () => ({ ok: true as const }));
  registerIngestRoutes(app, ctx);
  registerReadRoutes(app, ctx);
  registerOpsRoutes(app, ctx);
  for (const register of extraRoutes) register(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerXmppServerRoutes(app, ctx);
  return app;
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Fastify logger options that keep query strings, headers and bodies out of the log. */
export function loggerOptions(level: string, destination: NodeJS.WritableStream = process.stderr): FastifyServerOptions['logger'] {
  return {
    level,
    stream: destination,
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: pathOf(req.url), remote: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } as FastifyServerOptions['logger'];
}
