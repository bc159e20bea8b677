/**
 * Abuse limits and caller identity (issue 12), on SQLite and PostgreSQL: per-credential rate limits and
 * quotas answer 429 with Retry-After; refused requests are counted per credential and minute instead of
 * one audit row each; --trust-proxy makes the audit record the caller behind a TLS proxy. The XMPP
 * enrollment exchange itself is tested end to end in test/integration/enrollment.test.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createToken } from './auth';
import { deviceServices } from './devices';
import { buildApp } from './http';
import { Ingestor } from './ingest';
import type { RateLimits } from './rateLimit';
import { signerFromPrivateKey } from './signing';
import { batch, enrollTestDevice, harnesses, makeRecord, type OpenedStore } from './test/fixtures';
import { TreeHeads } from './treeHeads';

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`abuse limits and callers on ${harness.title}`, () => {
    let s: OpenedStore;
    const apps: FastifyInstance[] = [];
    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
    });
    afterEach(async () => {
      for (const a of apps.splice(0)) await a.close();
      await s.cleanup();
    });

    async function app(limits: Partial<RateLimits> = {}, options: FastifyServerOptions = {}) {
      const treeHeads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      await treeHeads.registerKey();
      const a = buildApp({ store: s.store, ingestor: new Ingestor(s.store, treeHeads), treeHeads, devices: deviceServices(s.store, { limits }) }, options);
      apps.push(a);
      return a;
    }

    const post = (a: FastifyInstance, token: string, body: object, headers: Record<string, string> = {}) =>
      a.inject({ method: 'POST', url: '/v1/journal/batches', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });

    it('a device over its request rate or record quota gets 429 with Retry-After and nothing stored; another device is unaffected', async () => {
      const a = await app({ deviceRequests: { burst: 2, perSecond: 0.01 }, deviceRecords: { burst: 5, perSecond: 0.01 } });
      const { token } = await createToken(s.store, 'client', 'fleet');
      const one = await enrollTestDevice(s.store, 'device-a');
      const two = await enrollTestDevice(s.store, 'device-b');
      const b1 = batch([makeRecord(1), makeRecord(2)]);
      expect((await post(a, token, b1, one.headers(b1))).statusCode).toBe(200);
      // Quota: 2 + 4 records > 5.
      const big = batch([3, 4, 5, 6].map((n) => makeRecord(n)));
      const over = await post(a, token, big, one.headers(big));
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(over.json()).toMatchObject({ reason: 'rate-limited', error: expect.any(String) });
      expect((await s.store.treeState()).size).toBe(2);
      // Requests: the burst of 2 is spent (one accepted, one refused above).
      const small = batch([makeRecord(7)]);
      expect((await post(a, token, small, one.headers(small))).statusCode).toBe(429);
      // Control: another device has its own buckets.
      const other = batch([makeRecord(1, { deviceId: 'device-b' })]);
      expect((await post(a, token, other, two.headers(other))).statusCode).toBe(200);
    });

    it('the fleet token over its enrollment rate gets 429 with Retry-After; below it, enrollment answers (503 without an XMPP account)', async () => {
      const a = await app({ enrollments: { burst: 2, perSecond: 0.01 } });
      const { token } = await createToken(s.store, 'client', 'fleet');
      const body = { deviceId: 'AAAAAAAAAAAAAAAAAAAAAA', jid: 'alice@agency.example.gov', publicKey: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), clientVersion: '1' };
      const enroll = () => a.inject({ method: 'POST', url: '/v1/enrollments', headers: { authorization: `Bearer ${token}` }, payload: body });
      const first = await enroll();
      expect(first.statusCode).toBe(503);
      expect(first.json()).toMatchObject({ reason: 'unavailable' });
      expect((await enroll()).statusCode).toBe(503);
      const third = await enroll();
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('an address that keeps presenting bad tokens gets 429 with Retry-After instead of 401; a good token from it still works', async () => {
      const a = await app({ refusals: { burst: 3, perSecond: 0.01 } });
      const { token } = await createToken(s.store, 'auditor', 'audit');
      const bad = () => a.inject({ method: 'GET', url: '/v1/records', headers: { authorization: 'Bearer aimr_guess' } });
      for (let i = 0; i < 3; i++) expect((await bad()).statusCode).toBe(401);
      const limited = await bad();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect((await a.inject({ method: 'GET', url: '/v1/records', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    });

    it('expired enrollments are pruned; live ones are kept', async () => {
      const reg = s.store.deviceRegistry();
      const row = (id: string, expiresAt: string) => ({
        id, deviceId: 'AAAAAAAAAAAAAAAAAAAAAA', jid: 'alice@agency.example.gov', publicKey: 'k', clientVersion: '1', challenge: `c-${id}`, tokenId: 't',
        createdAt: expiresAt, expiresAt, proofJid: null, proofAt: null, state: 'pending' as const,
      });
      await reg.createEnrollment(row('old', '2020-01-01T00:00:00.000Z'));
      await reg.createEnrollment(row('live', '2999-01-01T00:00:00.000Z'));
      expect(await reg.pruneEnrollments('2026-01-01T00:00:00.000Z')).toBe(1);
      expect(await reg.getEnrollment('old')).toBeUndefined();
      expect(await reg.getEnrollment('live')).toMatchObject({ state: 'pending' });
    });

    it('refused requests are counted per credential and minute, not written as one audit row each', async () => {
      const a = await app();
      const { token, row } = await createToken(s.store, 'client', 'fleet');
      const { token: auditor } = await createToken(s.store, 'auditor', 'audit');
      const before = (await s.store.listAudit({ limit: 1000 })).length;
      for (let i = 0; i < 25; i++) expect((await a.inject({ method: 'GET', url: '/v1/records', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
      for (let i = 0; i < 3; i++) expect((await post(a, token, batch([makeRecord(i + 1)]))).statusCode).toBe(403); // unsigned
      for (let i = 0; i < 4; i++) expect((await a.inject({ method: 'GET', url: '/v1/records', headers: { authorization: 'Bearer aimr_nope' } })).statusCode).toBe(401);
      expect((await s.store.listAudit({ limit: 1000 })).length).toBe(before);
      const counts = await s.store.deviceRegistry().refusals('2000-01-01T00:00');
      const of = (credential: string, reason: string) => counts.filter((c) => c.credential === credential && c.reason === reason).reduce((n, c) => n + c.count, 0);
      expect(of(`token:${row.id}`, 'forbidden:records.search')).toBe(25);
      expect(of(`token:${row.id}`, 'signature-required')).toBe(3);
      expect(of('ip:127.0.0.1', 'unauthenticated')).toBe(4);
      // Control: an allowed read is audited as before; the counters are readable by ops roles.
      const refusals = await a.inject({ method: 'GET', url: '/v1/refusals', headers: { authorization: `Bearer ${auditor}` } });
      expect(refusals.statusCode).toBe(200);
      expect((refusals.json() as { refusals: unknown[] }).refusals.length).toBeGreaterThanOrEqual(3);
      expect((await s.store.listAudit({ limit: 1000 })).at(-1)).toMatchObject({ action: 'refusals.read', outcome: 'ok' });
    });

    it('--trust-proxy: the audit records the caller named by a trusted proxy, and ignores the header from anyone else', async () => {
      const { token } = await createToken(s.store, 'auditor', 'audit');
      const read = (a: FastifyInstance, remoteAddress: string) =>
        a.inject({ method: 'GET', url: '/v1/records', remoteAddress, headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' } });
      const behindProxy = await app({}, { trustProxy: ['127.0.0.1/32'] });
      expect((await read(behindProxy, '127.0.0.1')).statusCode).toBe(200);
      expect((await read(behindProxy, '198.51.100.9')).statusCode).toBe(200); // not the proxy: its header is not believed
      const direct = await app();
      expect((await read(direct, '127.0.0.1')).statusCode).toBe(200); // control: without --trust-proxy
      const remotes = (await s.store.listAudit({ limit: 1000 })).filter((e) => e.action === 'records.search').map((e) => e.remote);
      expect(remotes).toEqual(['203.0.113.7', '198.51.100.9', '127.0.0.1']);
    });
  });
}
