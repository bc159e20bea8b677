/**
 * The records console behind a load balancer: two real `retention serve` processes on one PostgreSQL
 * database share console sessions (server/console/sharedState.ts). Signed in through one server, a records
 * officer is signed in on the other, with the same CSRF token for changes; signing out through either ends
 * the session on both. Controls: the same requests without the cookie are refused (401), and a change
 * without the CSRF token is refused (403).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/auth';
import { openStore } from '../../server/store/open';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { startSharedServers, type ServeProcess } from '../support/retentionProcess';

const SLOW = 240_000;

describe.skipIf(!postgresAvailable())('records console sessions across servers sharing one PostgreSQL database', () => {
  let cluster: TestPostgres;
  let dir: string;
  let servers: ServeProcess[] = [];
  let token: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    const db = await cluster.createDatabase('console_multi');
    dir = mkdtempSync(join(tmpdir(), 'aim-console-multi-'));
    const store = await openStore(db);
    try {
      token = (await createToken(store, 'records', 'records office')).token;
    } finally {
      await store.close();
    }
    servers = await startSharedServers(db, dir, 2);
  }, SLOW);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const call = (server: ServeProcess, path: string, init: { method?: string; cookie?: string; csrf?: string; body?: unknown } = {}) =>
    fetch(`${server.url}/console${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  it(
    'signed in through one server, signed in on the other; sign-out through either ends it on both',
    async () => {
      const [a, b] = servers as [ServeProcess, ServeProcess];
      const signIn = await call(a, '/api/session/token', { method: 'POST', body: { token } });
      expect(signIn.status).toBe(200);
      const { csrf } = (await signIn.json()) as { csrf: string };
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^aim_console=/);

      // The other server knows the session and its CSRF token.
      const there = await call(b, '/api/session', { cookie });
      expect(there.status).toBe(200);
      expect(await there.json()).toMatchObject({ role: 'records', via: 'token', csrf });
      const hold = { matter: 'Smith v. State', reason: 'Litigation hold for the audit inquiry', scope: { participants: ['alice@agency.example.gov'] } };
      const placed = await call(b, '/api/holds', { method: 'POST', cookie, csrf, body: hold });
      expect(placed.status, await placed.clone().text()).toBeLessThan(300);
      const listed = (await (await call(a, '/api/holds', { cookie })).json()) as { holds: { matter: string }[] };
      expect(listed.holds.map((h) => h.matter)).toContain('Smith v. State');
      // Controls: no cookie, and no CSRF token on a change.
      expect((await call(b, '/api/session')).status).toBe(401);
      expect((await call(b, '/api/holds', { method: 'POST', cookie, body: { ...hold, matter: 'Without CSRF' } })).status).toBe(403);

      // Sign-out through b ends the session on a too.
      expect((await call(b, '/api/session/signout', { method: 'POST', cookie, csrf })).status).toBe(200);
      expect((await call(a, '/api/session', { cookie })).status).toBe(401);
      expect((await call(b, '/api/session', { cookie })).status).toBe(401);
    },
    SLOW,
  );
});
