/**
 * The records console at /console: its static app, sign-in (OIDC, and a bearer token as break-glass
 * when configured), sessions in an HttpOnly SameSite=Strict cookie (Secure except on loopback), a
 * CSRF token on every state-changing request, a strict CSP, and the API under /console/api (routes in
 * consoleRecords.ts and consoleManage.ts), each route naming the permission it needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticate, ROLE_PERMISSIONS } from '../auth';
import { consoleCan, consolePermissions, type ConsolePermission } from '../console/permissions';
import type { ConsoleSessions, Principal, Session } from '../console/sessions';
import { csrfMatches } from '../console/sessions';
import type { OidcSignIn } from '../oidc';
import type { ConsoleContext, ConsoleRouteRegistrar } from './consoleContext';
import { registerConsoleManageRoutes } from './consoleManage';
import { registerConsoleRecordRoutes } from './consoleRecords';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Console API: the permission a signed-in person's role needs; 'session' = any signed-in person. */
    consolePermission?: ConsolePermission | 'session';
  }
  interface FastifyRequest {
    consoleSession: Session | undefined;
  }
}

export interface ConsoleConfig {
  /** Folder with index.html, console.js, console.css (server/console/build.ts), built on first use. */
  assetsDir: () => Promise<string>;
  sessions: ConsoleSessions;
  oidc?: OidcSignIn;
  /** Break-glass sign-in with a bearer token (default on; --console-token-signin off). */
  tokenSignIn: boolean;
  /** Secure cookies (off only when serving plain HTTP on loopback). */
  secureCookies: boolean;
}

export const SESSION_COOKIE = 'aim_console';
const OIDC_COOKIE = 'aim_console_oidc';

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const TokenSignInSchema = z.strictObject({ token: z.string().min(1).max(600) });

export function registerConsole(app: FastifyInstance, deps: Omit<ConsoleContext, 'audit'>, cfg: ConsoleConfig, extraRoutes: ConsoleRouteRegistrar[] = []): void {
  const ctx: ConsoleContext = {
    ...deps,
    audit: async (req, entry) => {
      const p = req.consoleSession?.principal;
      await deps.store.appendAudit({
        at: deps.clock().toISOString(), tokenId: p?.id ?? null, tokenName: p?.name ?? null, role: p?.role ?? null, remote: req.ip, ...entry,
      });
    },
  };
  const asset = async (name: string) => readFileSync(join(await cfg.assetsDir(), name));
  const cookieOptions = { path: '/console', httpOnly: true, secure: cfg.secureCookies, sameSite: 'strict' as const };

  app.register(async (c) => {
    await c.register(fastifyCookie);
    c.decorateRequest('consoleSession', undefined);

    c.addHook('onSend', async (_req, reply, payload) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      return payload;
    });

    c.addHook('onRequest', async (req, reply) => {
      const permission = req.routeOptions.config.consolePermission;
      const changing = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
      if (changing && !sameOrigin(req)) return reply.code(403).send({ error: 'cross-origin request refused' });
      if (!permission) return;
      const session = await cfg.sessions.get(req.cookies[SESSION_COOKIE]);
      if (!session) return reply.code(401).send({ error: 'not signed in, or the session has expired: sign in again' });
      req.consoleSession = session;
      req.caller = callerOf(session.principal);
      if (changing && !csrfMatches(session, req.headers['x-csrf-token'])) {
        return reply.code(403).send({ error: 'missing or wrong CSRF token: reload the console' });
      }
      if (permission !== 'session' && !consoleCan(session.principal.role, permission)) {
        await ctx.audit(req, { action: 'console.denied', query: { path: req.routeOptions.url ?? '' }, resultCount: 0, outcome: 'denied' });
        return reply.code(403).send({ error: `role "${session.principal.role}" may not do this (needs ${permission})` });
      }
    });

    const page = async (_req: FastifyRequest, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(await asset('index.html'));
    c.get('/', page);
    c.get('/assets/console.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(await asset('console.js')));
    c.get('/assets/console.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(await asset('console.css')));

    c.get('/api/config', async () => ({ oidc: Boolean(cfg.oidc), tokenSignIn: cfg.tokenSignIn }));

    c.get('/api/session', { config: { consolePermission: 'session' } }, async (req) => {
      const s = req.consoleSession as Session;
      return { name: s.principal.name, role: s.principal.role, via: s.principal.via, csrf: s.csrf, permissions: consolePermissions(s.principal.role, ROLE_PERMISSIONS[s.principal.role]) };
    });

    c.post('/api/session/token', async (req, reply) => {
      if (!cfg.tokenSignIn) return reply.code(403).send({ error: 'token sign-in is turned off on this server; sign in with your agency account' });
      const parsed = TokenSignInSchema.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send({ error: 'give the token as {"token": "…"}' });
      const row = await authenticate(deps.store, parsed.data.token);
      if (!row || row.role === 'client' || !consoleCan(row.role, 'proof:read')) {
        await deps.store.appendAudit({ at: deps.clock().toISOString(), tokenId: null, tokenName: null, role: null, remote: req.ip, action: 'console.signin', query: { via: 'token' }, resultCount: 0, outcome: 'denied' });
        return reply.code(401).send({ error: 'that token is unknown, revoked, or not for records staff' });
      }
      return startSession(req, reply, { id: `token:${row.id}`, name: row.name, role: row.role, via: 'token' });
    });

    c.post('/api/session/signout', { config: { consolePermission: 'session' } }, async (req, reply) => {
      await cfg.sessions.end(req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true };
    });

    c.get('/oidc/login', async (_req, reply) => {
      if (!cfg.oidc) return reply.code(404).send({ error: 'OIDC sign-in is not configured on this server' });
      const { url, key } = await cfg.oidc.begin();
      // SameSite=Lax: this short-lived cookie must come back on the identity provider's redirect (a
      // cross-site navigation); it holds only the transaction key, never a session.
      reply.setCookie(OIDC_COOKIE, key, { path: '/console/oidc', httpOnly: true, secure: cfg.secureCookies, sameSite: 'lax', maxAge: 600 });
      return reply.redirect(url, 303);
    });

    c.get('/oidc/callback', async (req, reply) => {
      if (!cfg.oidc) return reply.code(404).send({ error: 'OIDC sign-in is not configured on this server' });
      reply.clearCookie(OIDC_COOKIE, { path: '/console/oidc' });
      let principal: Principal;
      try {
        principal = await cfg.oidc.finish(new URL(req.url, cfg.oidc.options.redirectUri), req.cookies[OIDC_COOKIE]);
      } catch (err) {
        await deps.store.appendAudit({ at: deps.clock().toISOString(), tokenId: null, tokenName: null, role: null, remote: req.ip, action: 'console.signin', query: { via: 'oidc' }, resultCount: 0, outcome: 'denied' });
        req.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'console OIDC sign-in refused');
        return reply.code(403).type('text/html; charset=utf-8').send(signInRefusedPage(err instanceof Error ? err.message : 'sign-in failed'));
      }
      const { id } = await cfg.sessions.create(principal);
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      await deps.store.appendAudit({ at: deps.clock().toISOString(), tokenId: principal.id, tokenName: principal.name, role: principal.role, remote: req.ip, action: 'console.signin', query: { via: 'oidc' }, resultCount: 1, outcome: 'ok' });
      // A same-site page that moves on: the Strict session cookie is not sent on a redirect that a
      // cross-site navigation started, but it is on this page's own navigation.
      return reply.type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/console/#/search"><title>Signed in</title></head>' +
          '<body><p>Signed in. <a href="/console/#/search">Continue to the records console</a>.</p></body></html>',
      );
    });

    async function startSession(req: FastifyRequest, reply: FastifyReply, principal: Principal) {
      const { id, session } = await cfg.sessions.create(principal);
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      req.consoleSession = session;
      await ctx.audit(req, { action: 'console.signin', query: { via: principal.via }, resultCount: 1, outcome: 'ok' });
      return { name: principal.name, role: principal.role, via: principal.via, csrf: session.csrf, permissions: consolePermissions(principal.role, ROLE_PERMISSIONS[principal.role]) };
    }

    registerConsoleRecordRoutes(c, ctx);
    registerConsoleManageRoutes(c, ctx);
    for (const register of extraRoutes) register(c, ctx);
  }, { prefix: '/console' });
}

function callerOf(p: Principal) {
  return { id: p.id, name: p.name, role: p.role, tokenHash: '', createdAt: '', revokedAt: null };
}

/** State-changing requests must come from the console's own origin (when the browser says). */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  try {
    const o = new URL(origin);
    return o.host === new URL(`${o.protocol}//${req.headers.host ?? ''}`).host;
  } catch {
    return false;
  }
}

function signInRefusedPage(message: string): string {
  const esc = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in refused</title></head><body><h1>Sign-in refused</h1><p role="alert">${esc}</p><p><a href="/console/">Back to sign-in</a></p></body></html>`;
}
