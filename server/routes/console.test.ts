/**
 * The console API's guards (app.inject, SQLite): each role gets only what it may; searches, views and
 * exports need a reason; state changes need the CSRF token and the console's own origin; token
 * sign-in can be turned off. Each refusal has a control showing the allowed path works.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/journal/api';
import { createToken } from '../auth';
import { ConsoleSessions } from '../console/sessions';
import { buildApp } from '../http';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord, sqliteHarness, type OpenedStore } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { registerConsole } from './console';

describe('console API guards', () => {
  let s: OpenedStore;
  let app: FastifyInstance;
  let tokenSignIn = true;
  const sessions: Partial<Record<Role, { cookie: string; csrf: string }>> = {};

  const build = async () => {
    const heads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
    await heads.registerKey();
    const ingestor = new Ingestor(s.store, heads);
    await ingestor.ingest(batch([makeRecord(1), makeRecord(2)]), { tokenId: 't', tokenName: 't' });
    app = buildApp({ store: s.store, ingestor, treeHeads: heads });
    registerConsole(app, { store: s.store, treeHeads: heads, clock: () => new Date() }, {
      assetsDir: async () => { throw new Error('no assets in this test'); },
      sessions: new ConsoleSessions({ idleMs: 60_000, maxMs: 600_000 }),
      tokenSignIn,
      secureCookies: true,
    });
    for (const role of ['admin', 'records', 'legal', 'monitor', 'auditor'] as const) {
      const { token } = await createToken(s.store, role, `${role} person`);
      const res = await app.inject({ method: 'POST', url: '/console/api/session/token', headers: { 'content-type': 'application/json', origin: 'http://localhost:80', host: 'localhost' }, payload: { token } });
      if (res.statusCode !== 200) continue;
      const setCookie = String(res.headers['set-cookie']);
      sessions[role] = { cookie: setCookie.split(';')[0] as string, csrf: (res.json() as { csrf: string }).csrf };
    }
  };

  beforeEach(async () => {
    s = await sqliteHarness().open();
    tokenSignIn = true;
    for (const k of Object.keys(sessions)) delete sessions[k as Role];
  });
  afterEach(async () => {
    await app.close();
    await s.cleanup();
  });

  const get = (role: Role, url: string) => app.inject({ method: 'GET', url, headers: { cookie: sessions[role]?.cookie ?? '' } });
  const post = (role: Role, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: sessions[role]?.cookie ?? '', 'x-csrf-token': sessions[role]?.csrf ?? '', 'content-type': 'application/json', host: 'localhost', origin: 'http://localhost', ...headers } });

  it('session cookies are HttpOnly, Secure and SameSite=Strict', async () => {
    await build();
    const { token } = await createToken(s.store, 'legal', 'l2');
    const res = await app.inject({ method: 'POST', url: '/console/api/session/token', headers: { 'content-type': 'application/json' }, payload: { token } });
    expect(String(res.headers['set-cookie'])).toMatch(/^aim_console=[^;]+; Path=\/console; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('roles see only what they may', async () => {
    await build();
    const search = '/console/api/records?q=budget&reason=FOIA%2025-1';
    expect((await get('monitor', search)).statusCode).toBe(200);
    expect((await get('admin', search)).statusCode).toBe(403); // admin never sees content
    expect((await get('auditor', '/console/api/audit')).statusCode).toBe(200);
    expect((await get('records', '/console/api/audit')).statusCode).toBe(403);
    const hold = { matter: 'M', reason: 'R', scope: { terms: ['payroll'] } };
    expect((await post('monitor', '/console/api/holds', hold)).statusCode).toBe(403);
    expect((await post('legal', '/console/api/holds', hold)).statusCode).toBe(200);
    const series = { id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2/020', isDefault: true };
    expect((await post('records', '/console/api/series', series)).statusCode).toBe(403);
    expect((await post('admin', '/console/api/series', series)).statusCode).toBe(200);
    expect((await post('legal', '/console/api/dispositions', { seriesId: 'transitory', reason: 'r' })).statusCode).toBe(403);
    expect((await post('records', '/console/api/dispositions', { seriesId: 'transitory', reason: 'expired' })).statusCode).toBe(200);
    const exp = { source: { kind: 'search', q: 'budget' }, reason: 'subpoena 7' };
    expect((await post('monitor', '/console/api/exports', exp)).statusCode).toBe(403);
    const zip = await post('legal', '/console/api/exports', exp);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
  });

  it('searches, views and exports need a reason, which goes into the access audit', async () => {
    await build();
    expect((await get('records', '/console/api/records?q=budget')).statusCode).toBe(400);
    expect((await get('records', '/console/api/conversation?recordId=msg-1')).statusCode).toBe(400);
    expect((await post('records', '/console/api/exports', { source: { kind: 'search', q: 'budget' } })).statusCode).toBe(400);
    expect((await get('records', '/console/api/records?q=budget&reason=Matter%20A-17')).statusCode).toBe(200);
    const audit = (await get('auditor', '/console/api/audit')).json() as { entries: { action: string; query: { reason?: string } }[] };
    expect(audit.entries.find((e) => e.action === 'console.search' && e.query.reason === 'Matter A-17')).toBeDefined();
  });

  it('state changes need the CSRF token and the same origin; unauthenticated calls get 401', async () => {
    await build();
    const hold = { matter: 'M', reason: 'R', scope: { terms: ['budget'] } };
    expect((await post('legal', '/console/api/holds', hold, { 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
    expect((await post('legal', '/console/api/holds', hold, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post('legal', '/console/api/holds', hold)).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/console/api/holds' })).statusCode).toBe(401);
  });

  it('token sign-in can be turned off', async () => {
    tokenSignIn = false;
    await build();
    expect(sessions).toEqual({});
    const { token } = await createToken(s.store, 'records', 'r2');
    const res = await app.inject({ method: 'POST', url: '/console/api/session/token', headers: { 'content-type': 'application/json' }, payload: { token } });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/console/api/config' })).json()).toEqual({ oidc: false, tokenSignIn: false });
  });
});
