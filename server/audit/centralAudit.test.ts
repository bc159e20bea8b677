/**
 * Central audit on SQLite and a throwaway PostgreSQL: POST /v1/events (validation, body-free storage,
 * idempotency, roles), the events tree and its signed heads, verify against tampering, and the fleet.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/journal/api';
import { createToken } from '../auth';
import { buildApp } from '../http';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { harnesses, type OpenedStore } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { CentralAudit } from './centralAudit';
import { compareVersions, type FleetDevice } from './fleet';
import { registerEventRoutes } from '../routes/events';
import { registerFleetRoutes } from '../routes/fleet';
import { verifyEvents } from './verifyEvents';
import { dlpReport, reviewReport } from './reports';
import { SiemForwarder } from '../siem/forwarder';
import { makeCertificates } from '../../test/support/certs';
import { startSiemCollector } from '../test/siemCollector';

const event = (n: number, over: Record<string, unknown> = {}) => ({
  type: 'session-start',
  at: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
  eventId: `ev-${n}`,
  deviceId: 'device-a',
  account: 'Alice@Agency.example.gov/laptop',
  clientVersion: '1.2.0',
  policyHash: 'hash-expected',
  policyVersion: '2026.1',
  policyReviewedOn: '2026-01-01',
  reviewOverdue: false,
  backlog: 3,
  ...over,
});

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`central audit on ${harness.title}`, () => {
    let s: OpenedStore;
    let app: FastifyInstance;
    let ca: CentralAudit;
    const tokens = {} as Record<Role, string>;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());

    beforeEach(async () => {
      s = await harness.open();
      const { privateKey } = generateKeyPairSync('ed25519');
      const keyFile = join(s.dir, 'key.pem');
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      const treeHeads = new TreeHeads(s.store, signerFromPrivateKey(privateKey), { everyRecords: 1000, everyMs: 0 });
      await treeHeads.registerKey();
      ca = new CentralAudit({ store: s.store, signingKeyFile: keyFile, config: { expectedPolicyHashes: ['hash-expected'], signEvery: 2, minClientVersion: '1.2.0' } });
      await ca.migrate();
      app = buildApp({ store: s.store, ingestor: new Ingestor(s.store, treeHeads), treeHeads }, {}, [
        (a, ctx) => registerEventRoutes(a, ctx, ca),
        (a, ctx) => registerFleetRoutes(a, ctx, ca),
      ]);
      for (const role of ['client', 'admin', 'records', 'legal', 'monitor', 'auditor'] as const) tokens[role] = (await createToken(s.store, role, `${role}-t`)).token;
    });
    afterEach(async () => {
      await app.close();
      await s.cleanup();
    });

    const post = (body: unknown, token = tokens.client) =>
      app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const get = (url: string, token = tokens.admin) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    it('stores events body-free: text, secret and over-long fields are removed and named, never kept', async () => {
      const res = await post({ events: [event(1, { type: 'dlp-block', action: 'block', types: 'US_SSN', body: 'SSN 536-22-8147', password: 'hunter2', peer: 'x'.repeat(300) })] });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ stored: 1, duplicates: 0, redactedFields: 3 });
      const [e] = await ca.query({ limit: 10 });
      expect(e).toMatchObject({ type: 'dlp-block', deviceId: 'device-a', deviceVerified: false, jid: 'alice@agency.example.gov', fields: { action: 'block', types: 'US_SSN' } });
      expect(e?.redacted?.sort()).toEqual(['body', 'password', 'peer']);
      const all = JSON.stringify(await s.store.listAudit({ limit: 100 })) + JSON.stringify(await ca.query({ limit: 100 }));
      for (const secret of ['536-22-8147', 'hunter2', 'xxxxxxxxxx']) expect(all).not.toContain(secret);
    });

    it('is idempotent by device and event id; a client’s dropped count becomes an event', async () => {
      expect((await post({ events: [event(1), event(2)] })).json()).toMatchObject({ stored: 2, duplicates: 0 });
      expect((await post({ events: [event(2), event(3)], dropped: 7 })).json()).toMatchObject({ stored: 2, duplicates: 1 });
      // The same event id from another device is a different event.
      expect((await post({ events: [event(1, { deviceId: 'device-b' })] })).json()).toMatchObject({ stored: 1 });
      const events = await ca.query({ limit: 100 });
      expect(events.map((e) => e.type)).toEqual(['session-start', 'session-start', 'session-start', 'audit-events-dropped', 'session-start']);
      expect(events[3]?.fields).toEqual({ count: 7 });
    });

    it('refuses malformed batches whole with a clear error, and who may post and read', async () => {
      const bad = await post({ events: [event(1), { ...event(2), type: 'Not A Type' }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatch(/^events\.1\.type: /);
      expect((await post({ events: Array.from({ length: 501 }, (_, i) => event(i)) })).statusCode).toBe(400);
      expect((await post({ nope: [] })).statusCode).toBe(400);
      expect(await ca.query({ limit: 10 })).toHaveLength(0);
      expect((await post({ events: [event(1)] }, tokens.admin)).statusCode).toBe(403);
      expect((await post({ events: [event(1)] }, 'aimr_unknown')).statusCode).toBe(401);
      expect((await post({ events: [event(1)] })).statusCode).toBe(200); // control
      for (const role of ['admin', 'records', 'auditor'] as const) expect((await get('/v1/events', tokens[role])).statusCode).toBe(200);
      for (const role of ['client', 'legal', 'monitor'] as const) expect((await get('/v1/fleet', tokens[role])).statusCode).toBe(403);
    });

    it('signs events heads; verify passes, then names an altered event and a removed one', async () => {
      await post({ events: [event(1), event(2)] }); // signEvery 2: a head at size 2
      await post({ events: [event(3)] });
      await ca.signNow(false); // and one at size 3
      const ok = await verifyEvents(ca.log);
      expect(ok.problems).toEqual([]);
      expect(ok.events).toBe(3);
      expect(ok.headsChecked).toBe(2);

      await s.attacker.sqlUnguarded("UPDATE client_events SET event_json = replace(event_json, '1.2.0', '9.9.9') WHERE event_id = $1", ['device-a/ev-2']);
      const altered = await verifyEvents(ca.log);
      expect(altered.problems[0]?.message).toMatch(/client event device-a\/ev-2 \(events leaf 1\) has been altered/);

      await s.attacker.sqlUnguarded('DELETE FROM client_events WHERE leaf_index = $1', [0]);
      const removed = await verifyEvents(ca.log);
      expect(removed.problems[0]?.message).toMatch(/client event at leaf 0 of the events tree is missing/);
      // The application itself cannot change or remove an event.
      await expect(s.attacker.sql('DELETE FROM client_events WHERE leaf_index = $1', [2])).rejects.toThrow(/append-only/);
    });

    it('reports: DLP counts and the yearly review read the events, records and access audit of this store', async () => {
      await post({ events: [event(1), event(2, { type: 'dlp-block', action: 'block', types: 'US_SSN', rules: 'ssn' }), event(3, { type: 'refused-transfer', protocol: 'jingle-ft', action: 'session-terminate-decline' })] });
      await get('/v1/fleet', tokens.auditor);
      const now = new Date();
      const dlp = await dlpReport(ca, { from: '2025-06-01', bucket: 'month', limit: 10 }, now);
      expect(dlp.totals.byEventType).toEqual({ 'dlp-block': 1, 'refused-transfer': 1 });
      expect(dlp.totals.byType).toEqual({ US_SSN: 1, 'jingle-ft': 1 });
      expect(dlp.series).toEqual([
        { period: '2026-01', eventType: 'dlp-block', action: 'block', count: 1 },
        { period: '2026-01', eventType: 'refused-transfer', action: 'session-terminate-decline', count: 1 },
      ]);
      const review = await reviewReport(ca, { from: '2025-06-01' }, now);
      expect(review.clientVersions).toEqual([expect.objectContaining({ clientVersion: '1.2.0', devices: 1 })]);
      expect(review.policy.inForce).toEqual([expect.objectContaining({ policyHash: 'hash-expected', devices: 1 })]);
      expect(review.dlp.total).toBe(2);
      expect(review.accessAudit).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'auditor', outcome: 'ok' })]));
      expect(review.retention).toMatchObject({ recordsInPeriod: 0, totalRecords: 0, clientEventsInPeriod: 3 });
    });

    it('SIEM forwarder: octet-counted TLS frames, and a committed cursor survives a restart (nothing sent twice, nothing lost)', async () => {
      const certs = makeCertificates(join(s.dir, 'siem-certs'), ['localhost']);
      const { port, received, close } = await startSiemCollector(certs.certFile, certs.keyFile);
      const forwarder = () =>
        new SiemForwarder({ events: ca.log, store: s.store, target: { host: 'localhost', port }, ca: readFileSync(certs.caFile, 'utf8'), format: 'cef', productVersion: '0.1.0', intervalMs: 50, settleMs: 100 });
      try {
        await post({ events: [event(1), event(2)] });
        await s.store.transaction(async (tx) =>
          tx.insertAlerts([{ type: 'hash-conflict', at: new Date().toISOString(), deviceId: 'device-a', recordId: 'r-1', detail: { storedHash: 'aa', receivedHash: 'bb' } }]),
        );
        const audits = (await s.store.listAudit({ limit: 100 })).length + 1; // + the alert
        const first = forwarder();
        await first.start();
        const waitFor = async (n: number) => {
          for (let i = 0; i < 200 && received.length < n; i++) await new Promise((r) => setTimeout(r, 25));
        };
        await waitFor(2 + audits);
        await new Promise((r) => setTimeout(r, 300)); // settle: the positions are committed
        await first.stop();
        expect(received.filter((m) => m.includes('source="client"'))).toHaveLength(2);
        expect(received.find((m) => m.includes('source="alert"'))).toMatch(/<108>1 .* alert\.hash-conflict \[approvedim@32473 source="alert" id="1"\] CEF:0\|.*deviceExternalId=device-a/);
        expect(received[0]).toMatch(/^<110>1 \S+ \S+ approved-im - session-start \[approvedim@32473 source="client" id="0"\] CEF:0\|/);
        await post({ events: [event(3)] });
        const second = forwarder();
        await second.start();
        await waitFor(3 + audits);
        await new Promise((r) => setTimeout(r, 300));
        await second.stop();
        const client = received.filter((m) => m.includes('source="client"')).map((m) => /id="(\d+)"/.exec(m)?.[1]);
        expect(client).toEqual(['0', '1', '2']);
      } finally {
        close();
      }
    });

    it('fleet: newest event per device, old versions and a policy other than the expected one', async () => {
      await post({ events: [event(1), event(2, { deviceId: 'device-old', clientVersion: '1.1.9' }), event(3, { deviceId: 'device-other', policyHash: 'hash-other', reviewOverdue: true })] });
      const res = await get('/v1/fleet');
      expect(res.statusCode).toBe(200);
      const devices = res.json().devices as FleetDevice[];
      expect(devices.map((d) => [d.deviceId, d.oldVersion, d.runsExpectedPolicy, d.reviewOverdue])).toEqual([
        ['device-a', false, true, false],
        ['device-old', true, true, false],
        ['device-other', false, false, true],
      ]);
      expect(devices[0]).toMatchObject({ jid: 'alice@agency.example.gov', clientVersion: '1.2.0', policyVersion: '2026.1', backlog: 3 });
      expect((await get('/v1/fleet?policyDiffers=true')).json().devices.map((d: FleetDevice) => d.deviceId)).toEqual(['device-other']);
      expect((await get('/v1/fleet?oldVersion=true')).json().devices.map((d: FleetDevice) => d.deviceId)).toEqual(['device-old']);
      const audit = await s.store.listAudit({ limit: 100 });
      expect(audit.filter((a) => a.action === 'fleet.read')).toHaveLength(3);
    });
  });
}

describe('compareVersions', () => {
  it('orders numerically, with pre-releases before their release', () => {
    expect(compareVersions('0.10.0', '0.9.1')).toBe(1);
    expect(compareVersions('1.0.0-rc1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.2.3', '1.2.4')).toBe(-1);
  });
});
