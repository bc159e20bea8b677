/**
 * The Prosody module's endpoints and reconciliation, against SQLite and a throwaway PostgreSQL:
 * the xmpp-server role may post server records and session reports and nothing else (and other roles
 * may not post them); a batch posted twice is stored once; server records sit in the same Merkle tree
 * that verify checks; reconciliation matches server and client records, lists the rest and the
 * unapproved sessions, and raises a body-mismatch alert once per pair.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalBatchRequest, Role } from '../shared/journal/api';
import { createToken } from './auth';
import { buildApp } from './http';
import { Ingestor } from './ingest';
import type { Reconciliation } from './reconcile';
import type { ServerMessage, SessionReport } from './serverRecords';
import { startReconcileSchedule } from './reconcileSchedule';
import { signerFromPrivateKey } from './signing';
import { batch, enrollTestDevice, harnesses, makeRecord, type OpenedStore, type TestDevice } from './test/fixtures';
import { TreeHeads } from './treeHeads';
import { verifyStore } from './verify';

const HOST = 'agency.example.gov';
const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s)).toISOString();

function serverMessage(seq: number, over: Partial<ServerMessage> = {}): ServerMessage {
  return {
    id: `sid-${seq}`,
    seq,
    host: HOST,
    path: 'local',
    kind: 'message',
    type: 'chat',
    from: `alice@${HOST}/laptop`,
    to: `bob@${HOST}`,
    messageId: `m-${seq}`,
    originId: `m-${seq}`,
    stanzaId: `sid-${seq}`,
    stanzaIdBy: `bob@${HOST}`,
    time: at(seq),
    body: `message number ${seq} about the quarterly budget`,
    ...over,
  };
}

function session(seq: number, over: Partial<SessionReport> = {}): SessionReport {
  return { id: `s-${seq}`, seq, at: at(seq), jid: `carol@${HOST}/gajim`, host: HOST, name: 'Gajim', version: '1.8.4', method: 'xep-0092', identified: true, approved: false, mode: 'report', action: 'reported', ...over };
}

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`server records and reconciliation on ${harness.title}`, () => {
    let s: OpenedStore;
    let app: FastifyInstance;
    let treeHeads: TreeHeads;
    const tokens = {} as Record<Role, string>;
    // Client batches are signed by enrolled devices (issue 12): alice's device-a and bob's device-b.
    let deviceA: TestDevice;
    let deviceB: TestDevice;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
      treeHeads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      await treeHeads.registerKey();
      app = buildApp({ store: s.store, ingestor: new Ingestor(s.store, treeHeads), treeHeads });
      for (const role of ['client', 'records', 'auditor', 'xmpp-server'] as const) tokens[role] = (await createToken(s.store, role, `${role}-token`)).token;
      deviceA = await enrollTestDevice(s.store, 'device-a', `alice@${HOST}`);
      deviceB = await enrollTestDevice(s.store, 'device-b', `bob@${HOST}`);
    });
    afterEach(async () => {
      await app.close();
      await s.cleanup();
    });

    const post = (url: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
    /** A client batch, signed by the device that journaled it. */
    const postBatch = (b: JournalBatchRequest, device: TestDevice, token = tokens.client) => post('/v1/journal/batches', b, token, device.headers(b));
    const reconcile = async (query = `from=${at(0)}&to=${at(59)}`) => {
      const res = await app.inject({ method: 'GET', url: `/v1/reconciliation?${query}`, headers: { authorization: `Bearer ${tokens.records}` } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Reconciliation>();
    };

    it('only the xmpp-server role posts server records and sessions, and it may not post client batches', async () => {
      const records = { batchId: 'b1', records: [serverMessage(1)] };
      expect((await post('/v1/server-records', records, tokens.client)).statusCode).toBe(403);
      expect((await post('/v1/sessions', { batchId: 's1', sessions: [session(2)] }, tokens.auditor)).statusCode).toBe(403);
      // Even signed by an enrolled device, a client batch is refused to the xmpp-server role.
      expect((await postBatch(batch([makeRecord(1)]), deviceA, tokens['xmpp-server'])).statusCode).toBe(403);
      // Control: the right roles are accepted.
      const ok = await post('/v1/server-records', records, tokens['xmpp-server']);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ receipts: [{ recordId: `xmpp-server:${HOST}/msg/sid-1`, status: 'stored' }] });
      const clientBatch = await postBatch(batch([makeRecord(1)]), deviceA);
      expect(clientBatch.statusCode, clientBatch.body).toBe(200);
      expect((await post('/v1/sessions', { batchId: 's1', sessions: [session(2)] }, tokens['xmpp-server'])).statusCode).toBe(200);
    });

    it('refuses a malformed server batch whole and stores nothing, with a reason', async () => {
      const bad = await post('/v1/server-records', { batchId: 'b1', records: [serverMessage(1), { ...serverMessage(2), from: '' }] }, tokens['xmpp-server']);
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: string }>().error).toContain('records.1.from');
      expect((await s.store.treeState()).size).toBe(0);
    });

    it('a batch posted twice is stored once; server records are in the Merkle tree verify checks', async () => {
      const body = { batchId: 'b1', records: [serverMessage(1), serverMessage(2, { kind: 'correction', replaces: 'm-1' })] };
      expect((await post('/v1/server-records', body, tokens['xmpp-server'])).statusCode).toBe(200);
      const again = await post('/v1/server-records', body, tokens['xmpp-server']);
      expect(again.json<{ receipts: { status: string }[] }>().receipts.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect((await s.store.treeState()).size).toBe(2);
      const stored = await s.store.getRecord(`xmpp-server:${HOST}/msg/sid-2`);
      const record = JSON.parse(stored!.recordJson) as { deviceId: string; kind: string; sender: string; meta: Record<string, string> };
      expect(record).toMatchObject({ deviceId: `xmpp-server:${HOST}`, kind: 'correction', sender: `alice@${HOST}`, meta: { source: 'xmpp-server', senderFull: `alice@${HOST}/laptop`, replacesMessageId: 'm-1' } });
      await treeHeads.signNow(true);
      const report = await verifyStore(s.store);
      expect(report.problems).toEqual([]);
    });

    it('reconciles: matched pairs, server-only, client-only, unapproved sessions, and one alert per body mismatch', async () => {
      await post('/v1/server-records', {
        batchId: 'b1',
        records: [
          serverMessage(1), // alice's client journaled it (origin-id + sender)
          serverMessage(2), // bob's client journaled it (the stanza-id he saw)
          serverMessage(3, { from: `carol@${HOST}/gajim` }), // from an unapproved client: nobody journaled it
          serverMessage(4, { type: 'groupchat', to: `ops@rooms.${HOST}`, room: `ops@rooms.${HOST}`, nick: 'Dave', path: 'muc', from: `dave@${HOST}/x` }),
          serverMessage(5), // alice journaled a different body
        ],
      }, tokens['xmpp-server']);
      await post('/v1/sessions', { batchId: 's1', sessions: [session(6), session(7, { jid: `alice@${HOST}/laptop`, name: 'Approved IM', approved: true })] }, tokens['xmpp-server']);
      const clientA = [
        makeRecord(1, { recordId: 'device-a/out/m-1', sentAt: at(1), meta: { messageId: 'm-1' } }),
        makeRecord(5, { recordId: 'device-a/out/m-5', sentAt: at(5), meta: { messageId: 'm-5' }, body: 'a different text' }),
        makeRecord(8, { recordId: 'device-a/out/m-8', sentAt: at(8), meta: { messageId: 'm-8' } }), // never reached the server
      ];
      const clientB = [
        makeRecord(2, { recordId: 'device-b/in/m-2', deviceId: 'device-b', seq: 1, direction: 'in', sender: `alice@${HOST}`, sentAt: at(2), stanzaId: 'sid-2', meta: { messageId: 'm-2' }, body: serverMessage(2).body }),
        makeRecord(3, { recordId: 'device-b/in/m-4', deviceId: 'device-b', seq: 2, direction: 'in', conversation: `ops@rooms.${HOST}`, conversationType: 'groupchat', sender: `ops@rooms.${HOST}/Dave`, sentAt: at(4), meta: { messageId: 'm-4' }, body: serverMessage(4).body }),
      ];
      const inHost = (r: ReturnType<typeof makeRecord>) => ({ ...r, conversation: r.conversation.replace('agency.example.gov', HOST), recipients: r.recipients.map((x) => x.replace('agency.example.gov', HOST)) });
      for (const [records, device] of [[clientA, deviceA], [clientB, deviceB]] as const) {
        const res = await postBatch(batch(records.map(inHost)), device);
        expect(res.statusCode, res.body).toBe(200);
      }

      // The scheduled pass raises the alert without anyone asking; later passes do not repeat it.
      const schedule = startReconcileSchedule(s.store, { info: () => {}, warn: () => {}, error: () => {} }, { clock: () => new Date(at(30)) });
      expect(await schedule.runOnce()).toBe(1);
      schedule.stop();
      const r = await reconcile();
      expect(r.serverRecords).toBe(5);
      expect(r.matched).toBe(4);
      expect(r.serverOnly.map((m) => m.messageId)).toEqual(['m-3']);
      expect(r.serverOnly[0]?.senderSoftware).toEqual({ name: 'Gajim', version: '1.8.4', approved: false });
      expect(r.clientOnly.map((m) => m.messageId)).toEqual(['m-8']);
      expect(r.unapprovedSessions.map((x) => x.jid)).toEqual([`carol@${HOST}/gajim`]);
      expect(r.bodyMismatches).toEqual([expect.objectContaining({ serverRecordId: `xmpp-server:${HOST}/msg/sid-5`, clientRecordId: 'device-a/out/m-5' })]);
      await reconcile(); // asking again does not raise the alert twice
      const alerts = (await s.store.listAlerts({ limit: 100 })).filter((a) => a.type === 'body-mismatch');
      expect(alerts).toHaveLength(1);
      expect(JSON.stringify(alerts[0])).not.toContain('a different text');
      // The window applies: nothing before the first message.
      expect((await reconcile(`from=2024-12-31&to=2024-12-31`)).serverRecords).toBe(0);
    });

    it('reconciliation needs a records role, is audited, and refuses a bad range', async () => {
      const denied = await app.inject({ method: 'GET', url: '/v1/reconciliation', headers: { authorization: `Bearer ${tokens['xmpp-server']}` } });
      expect(denied.statusCode).toBe(403);
      const bad = await app.inject({ method: 'GET', url: `/v1/reconciliation?from=${at(9)}&to=${at(1)}`, headers: { authorization: `Bearer ${tokens.records}` } });
      expect(bad.statusCode).toBe(400);
      await reconcile();
      const audit = await s.store.listAudit({ limit: 100 });
      // The refused read is counted per credential and minute (issue 12), not written as an audit row of its own.
      expect(audit.filter((a) => a.action === 'reconciliation').map((a) => a.outcome)).toEqual(['error', 'ok']);
      const serverTokenId = (await s.store.listTokens()).find((t) => t.name === 'xmpp-server-token')?.id;
      expect((await s.store.deviceRegistry().refusals('2000-01-01T00:00')).filter((r) => r.reason === 'forbidden:reconciliation')).toEqual([
        expect.objectContaining({ credential: `token:${serverTokenId}`, count: 1 }),
      ]);
    });
  });
}
