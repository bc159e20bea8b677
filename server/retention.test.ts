/**
 * The retention server against SQLite and a throwaway PostgreSQL cluster: ingest semantics, limits,
 * auth, the read API and its audit, gaps, immutability, tree heads and verify.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATCH_LIMITS, JournalBatchConflictResponseSchema, JournalBatchResponseSchema, RecordsResponseSchema, type Role } from '../shared/journal/api';
import { createToken } from './auth';
import { buildApp } from './http';
import { Ingestor } from './ingest';
import { merkleRoot, recordLeafHash, verifyInclusion } from './merkle';
import { signerFromPrivateKey, verifyTreeHead } from './signing';
import { batch, deviceSigner, entry, harnesses, makeRecord, type OpenedStore } from './test/fixtures';
import { TreeHeads } from './treeHeads';
import { verifyStore } from './verify';
import { openStore } from './store/open';

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`retention server on ${harness.title}`, () => {
    let s: OpenedStore;
    let app: FastifyInstance;
    let treeHeads: TreeHeads;
    const tokens = {} as Record<Role | 'revoked', string>;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());

    beforeEach(async () => {
      s = await harness.open();
      const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
      treeHeads = new TreeHeads(s.store, signer, { everyRecords: 4, everyMs: 0 });
      await treeHeads.registerKey();
      app = buildApp({ store: s.store, ingestor: new Ingestor(s.store, treeHeads), treeHeads });
      for (const role of ['client', 'admin', 'records', 'legal', 'monitor', 'auditor'] as const) {
        tokens[role] = (await createToken(s.store, role, `${role}-token`)).token;
      }
      const revoked = await createToken(s.store, 'client', 'revoked-token');
      await s.store.revokeToken(revoked.row.id, new Date().toISOString());
      tokens.revoked = revoked.token;
    });

    afterEach(async () => {
      await app.close();
      await s.cleanup();
    });

    // Batches are signed by the device of their first record (enrolled on first use, bound to alice).
    const signer = deviceSigner(() => s.store);
    const post = async (body: unknown, token = tokens.client, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/v1/journal/batches',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(await signer(body)), ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const get = (url: string, token = tokens.auditor) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const treeSize = async () => (await s.store.treeState()).size;

    it('health needs no token; unknown paths are 404', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      expect(res.headers['cache-control']).toBe('no-store');
      expect((await app.inject({ method: 'GET', url: '/v1/nothing-here' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/v1/records/device-a%2Fmsg-1' })).statusCode).toBe(404);
    });

    it('ingest is idempotent: the same id and hash returns the original receipt', async () => {
      const records = [makeRecord(1), makeRecord(2), makeRecord(3)];
      const first = await post(batch(records, 'b-1'));
      expect(first.statusCode).toBe(200);
      const r1 = JournalBatchResponseSchema.parse(first.json());
      expect(r1.receipts.map((r) => [r.recordId, r.status, r.leafIndex])).toEqual([
        ['device-a/msg-1', 'stored', 0],
        ['device-a/msg-2', 'stored', 1],
        ['device-a/msg-3', 'stored', 2],
      ]);

      for (const batchId of ['b-1', 'b-retry-under-new-key']) {
        const again = JournalBatchResponseSchema.parse((await post(batch(records, batchId))).json());
        expect(again.receipts).toEqual(r1.receipts.map((r) => ({ ...r, status: 'duplicate' })));
      }
      // Overlapping batch: old ones duplicate, the new one stored after them.
      const overlap = JournalBatchResponseSchema.parse((await post(batch([makeRecord(3), makeRecord(4)]))).json());
      expect(overlap.receipts.map((r) => [r.status, r.leafIndex])).toEqual([['duplicate', 2], ['stored', 3]]);
      // A repeat inside one batch is stored once.
      const inner = JournalBatchResponseSchema.parse((await post(batch([makeRecord(5), makeRecord(5)]))).json());
      expect(inner.receipts.map((r) => [r.status, r.leafIndex])).toEqual([['stored', 4], ['duplicate', 4]]);
      expect(await treeSize()).toBe(5);
    });

    it('a known id with a different hash gets 409, raises an alert without the body, and the rest is stored', async () => {
      expect((await post(batch([makeRecord(1)]))).statusCode).toBe(200);
      const forged = makeRecord(1, { body: 'SECRET rewritten history' });
      const res = await post(batch([forged, makeRecord(2)]));
      expect(res.statusCode).toBe(409);
      const body = JournalBatchConflictResponseSchema.parse(res.json());
      expect(body.conflicts).toEqual([{ recordId: 'device-a/msg-1', hash: entry(forged).hash, status: 'conflict' }]);
      expect(body.receipts.map((r) => [r.recordId, r.status])).toEqual([['device-a/msg-2', 'stored']]);

      const stored = RecordsResponseSchema.parse((await get('/v1/records')).json()).records;
      expect(stored.map((r) => [r.recordId, r.body])).toEqual([
        ['device-a/msg-1', makeRecord(1).body],
        ['device-a/msg-2', makeRecord(2).body],
      ]);
      const alerts = (await get('/v1/alerts', tokens.admin)).json() as { alerts: { type: string; recordId: string }[] };
      expect(alerts.alerts.filter((a) => a.type === 'hash-conflict').map((a) => a.recordId)).toEqual(['device-a/msg-1']);
      expect(JSON.stringify(alerts)).not.toContain('SECRET');
    });

    it('concurrent overlapping batches store each record once with gap-free leaf numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, k) => post(batch(Array.from({ length: 20 }, (_, i) => makeRecord(1 + ((k * 7 + i) % 40))), `c-${k}`))),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
      const receipts = results.flatMap((r) => JournalBatchResponseSchema.parse(r.json()).receipts);
      const leafOf = new Map<string, number>();
      for (const r of receipts) {
        expect(leafOf.get(r.recordId) ?? r.leafIndex).toBe(r.leafIndex);
        leafOf.set(r.recordId, r.leafIndex);
      }
      expect([...leafOf.values()].sort((a, b) => a - b)).toEqual([...Array(leafOf.size).keys()]);
      expect(receipts.filter((r) => r.status === 'stored')).toHaveLength(leafOf.size);
      expect(await treeSize()).toBe(leafOf.size);
      expect((await verifyStore(s.store)).ok).toBe(true);
    });

    it('two servers sharing one database number leaves without gaps or duplicates', async () => {
      const other = await openStore(s.db);
      const otherHeads = new TreeHeads(other, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 4, everyMs: 0 });
      await otherHeads.registerKey();
      const otherApp = buildApp({ store: other, ingestor: new Ingestor(other, otherHeads), treeHeads: otherHeads });
      try {
        const send = async (target: FastifyInstance, k: number) => {
          const body = batch(Array.from({ length: 15 }, (_, i) => makeRecord(1 + ((k * 5 + i) % 30))), `two-${k}`);
          return target.inject({
            method: 'POST',
            url: '/v1/journal/batches',
            headers: { authorization: `Bearer ${tokens.client}`, 'content-type': 'application/json', ...(await signer(body)) },
            payload: body,
          });
        };
        const results = await Promise.all(Array.from({ length: 6 }, (_, k) => send(k % 2 ? otherApp : app, k)));
        expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
        expect(await treeSize()).toBe(30);
        const report = await verifyStore(s.store);
        expect(report.problems).toEqual([]);
      } finally {
        await otherApp.close();
        await other.close();
      }
    });

    describe('malformed or oversized batches: 400 with a reason, nothing stored', () => {
      const cases: [string, () => unknown, RegExp][] = [
        ['not JSON', () => '{"batchId": "x", "records": [', /JSON|malformed/i],
        ['no records', () => ({ batchId: 'x', records: [] }), /records/],
        ['missing batchId', () => ({ records: [entry(makeRecord(1))] }), /batchId/],
        ['a record without a body', () => {
          const { body: _body, ...rest } = makeRecord(1);
          return { batchId: 'x', records: [{ record: rest, hash: 'a'.repeat(64) }] };
        }, /records\[0\]\.record\.body/],
        ['a bad timestamp', () => batch([makeRecord(1), { ...makeRecord(2), sentAt: 'last tuesday' }]), /records\[1\]\.record\.sentAt/],
        ['an unknown field', () => ({ batchId: 'x', records: [{ record: { ...makeRecord(1), color: 'red' }, hash: 'a'.repeat(64) }] }), /color/],
        ['a hash that does not match', () => ({ batchId: 'x', records: [entry(makeRecord(1)), { ...entry(makeRecord(2)), hash: 'b'.repeat(64) }] }), /records\[1\] \(device-a\/msg-2\): hash/],
        ['the same id twice with different hashes', () => batch([makeRecord(1), makeRecord(1, { body: 'other' })]), /twice/],
        ['too many records', () => batch(Array.from({ length: BATCH_LIMITS.maxRecords + 1 }, (_, i) => makeRecord(i + 1)), 'big'), /records: Too big/],
        ['a body over the limit', () => batch([makeRecord(1, { body: 'x'.repeat(262_145) })]), /body/],
        ['a request over 4 MiB', () => batch(Array.from({ length: 20 }, (_, i) => makeRecord(i + 1, { body: 'y'.repeat(250_000) })), 'huge'), /exceeds/],
      ];
      it.each(cases)('%s', async (_name, make, reason) => {
        const res = await post(make());
        expect(res.statusCode).toBe(400);
        expect((res.json() as { error: string }).error).toMatch(reason);
        expect(await treeSize()).toBe(0);
        expect(RecordsResponseSchema.parse((await get('/v1/records')).json()).records).toEqual([]);
      });

      it('a non-JSON content type', async () => {
        const res = await post('batchId=x', tokens.client, { 'content-type': 'text/plain' });
        expect(res.statusCode).toBe(400);
        expect(await treeSize()).toBe(0);
      });
    });

    describe('auth', () => {
      it('refuses a missing, unknown or revoked token with 401 before reading the body', async () => {
        const noToken = await app.inject({ method: 'POST', url: '/v1/journal/batches', payload: batch([makeRecord(1)]) });
        expect(noToken.statusCode).toBe(401);
        expect(noToken.headers['www-authenticate']).toMatch(/Bearer/);
        expect((await post(batch([makeRecord(1)]), 'aimr_not-a-real-token')).statusCode).toBe(401);
        expect((await post(batch([makeRecord(1)]), tokens.revoked)).statusCode).toBe(401);
        expect((await app.inject({ method: 'GET', url: '/v1/records' })).statusCode).toBe(401);
        expect(await treeSize()).toBe(0);
      });

      it('enforces roles with 403', async () => {
        expect((await post(batch([makeRecord(1)]), tokens.auditor)).statusCode).toBe(403);
        expect((await post(batch([makeRecord(1)]), tokens.admin)).statusCode).toBe(403);
        expect((await get('/v1/records', tokens.client)).statusCode).toBe(403);
        expect((await get('/v1/records', tokens.admin)).statusCode).toBe(403); // admin: no content
        expect((await get('/v1/audit', tokens.records)).statusCode).toBe(403);
        expect((await get('/v1/audit', tokens.admin)).statusCode).toBe(403);
        expect((await get('/v1/status', tokens.legal)).statusCode).toBe(403);
        for (const role of ['records', 'legal', 'monitor', 'auditor'] as const) expect((await get('/v1/records', tokens[role])).statusCode).toBe(200);
        expect((await get('/v1/status', tokens.admin)).statusCode).toBe(200);
        expect(await treeSize()).toBe(0);
      });
    });

    it('searches by participant, conversation, text and time, pages with a cursor, and audits every read', async () => {
      await post(
        batch([
          makeRecord(1, { body: 'Budget draft attached below', sentAt: '2025-03-01T09:00:00Z' }),
          makeRecord(2, { direction: 'in', sender: 'bob@agency.example.gov', recipients: ['alice@agency.example.gov'], body: 'thanks, the budget looks fine', sentAt: '2025-03-02T09:00:00Z' }),
          makeRecord(3, { conversation: 'carol@agency.example.gov', recipients: ['carol@agency.example.gov'], body: 'lunch?', sentAt: '2025-03-03T09:00:00Z' }),
        ]),
      );
      // One device per batch: the batch is signed by its device.
      await post(
        batch([
          makeRecord(4, { conversation: 'team@rooms.example.gov', conversationType: 'groupchat', sender: 'team@rooms.example.gov/Dave', recipients: [], body: 'budget meeting moved', sentAt: '2025-03-04T09:00:00+01:00', deviceId: 'device-b', seq: 1 }),
        ]),
      );
      const ids = async (query: string, token = tokens.records) => {
        const res = await get(`/v1/records${query}`, token);
        expect(res.statusCode, res.body).toBe(200);
        return RecordsResponseSchema.parse(res.json()).records.map((r) => r.recordId);
      };
      expect(await ids('?q=budget')).toEqual(['device-a/msg-1', 'device-a/msg-2', 'device-b/msg-4']);
      expect(await ids('?q=BUDGET%20fine')).toEqual(['device-a/msg-2']);
      expect(await ids('?participant=Carol@Agency.Example.gov')).toEqual(['device-a/msg-3']);
      expect(await ids('?participant=bob@agency.example.gov')).toEqual(['device-a/msg-1', 'device-a/msg-2']);
      expect(await ids('?conversation=team@rooms.example.gov')).toEqual(['device-b/msg-4']);
      expect(await ids('?from=2025-03-02T00:00:00Z&to=2025-03-03')).toEqual(['device-a/msg-2', 'device-a/msg-3']);
      expect(await ids('?q=budget&participant=alice@agency.example.gov&from=2025-03-02')).toEqual(['device-a/msg-2']);

      const page1 = RecordsResponseSchema.parse((await get('/v1/records?limit=3')).json());
      expect(page1.records.map((r) => r.recordId)).toEqual(['device-a/msg-1', 'device-a/msg-2', 'device-a/msg-3']);
      expect(page1.records[0]).toMatchObject({ conversation: 'bob@agency.example.gov', direction: 'out', sender: 'alice@agency.example.gov', recipients: ['bob@agency.example.gov'], sentAt: '2025-03-01T09:00:00Z', body: 'Budget draft attached below' });
      const page2 = RecordsResponseSchema.parse((await get(`/v1/records?limit=3&cursor=${page1.nextCursor}`)).json());
      expect(page2).toEqual({ records: [expect.objectContaining({ recordId: 'device-b/msg-4' })], nextCursor: null });

      const one = await get('/v1/records/device-a%2Fmsg-2', tokens.legal);
      expect(one.json()).toMatchObject({ recordId: 'device-a/msg-2', body: 'thanks, the budget looks fine', leafIndex: 1 });
      expect((await get('/v1/records/nope', tokens.legal)).statusCode).toBe(404);

      for (const bad of ['?from=yesterday', '?participant=bob@x.gov/phone', '?limit=5000', '?cursor=zzz', '?q=%20', '?sort=asc']) {
        expect((await get(`/v1/records${bad}`)).statusCode, bad).toBe(400);
      }
      expect((await get('/v1/records', tokens.client)).statusCode).toBe(403);

      const audit = (await get('/v1/audit?limit=1000')).json() as { entries: { action: string; tokenName: string; query: Record<string, string>; resultCount: number; outcome: string }[] };
      const searches = audit.entries.filter((e) => e.action === 'records.search');
      expect(searches[0]).toMatchObject({ tokenName: 'records-token', query: { q: 'budget' }, resultCount: 3, outcome: 'ok' });
      expect(searches.filter((e) => e.outcome === 'error')).toHaveLength(6);
      // A refused read is counted per credential and minute, not written as an audit row of its own.
      expect(searches.filter((e) => e.outcome === 'denied')).toEqual([]);
      const clientTokenId = (await s.store.listTokens()).find((t) => t.name === 'client-token')?.id;
      expect((await s.store.deviceRegistry().refusals('2000-01-01T00:00')).filter((r) => r.reason === 'forbidden:records.search')).toEqual([
        expect.objectContaining({ credential: `token:${clientTokenId}`, count: 1 }),
      ]);
      expect(audit.entries.filter((e) => e.action === 'records.view').map((e) => [e.query.recordId, e.resultCount])).toEqual([['device-a/msg-2', 1], ['nope', 0]]);
      // The auditor's own read of the audit is audited too.
      const again = (await get('/v1/audit?limit=1000')).json() as { entries: { action: string }[] };
      expect(again.entries.at(-1)?.action).toBe('audit.read');
    });

    it('detects gaps in a device sequence, records an alert and exposes them', async () => {
      await post(batch([1, 2, 5].map((n) => makeRecord(n))));
      await post(batch([makeRecord(9, { deviceId: 'device-b', recordId: 'device-b/b-9' })]));
      expect((await get('/v1/devices/device-a/gaps', tokens.admin)).json()).toEqual({ deviceId: 'device-a', gaps: [{ from: 3, to: 4 }], missing: 2 });
      expect((await get('/v1/devices/device-b/gaps', tokens.admin)).json()).toMatchObject({ gaps: [{ from: 1, to: 8 }] });
      const status = (await get('/v1/status', tokens.admin)).json() as { devicesWithGaps: unknown };
      expect(status.devicesWithGaps).toEqual([{ deviceId: 'device-a', missing: 2 }, { deviceId: 'device-b', missing: 8 }]);
      // Filling the gap late clears it.
      await post(batch([makeRecord(3), makeRecord(4)]));
      expect((await get('/v1/devices/device-a/gaps', tokens.admin)).json()).toMatchObject({ gaps: [], missing: 0 });
      const alerts = (await get('/v1/alerts', tokens.auditor)).json() as { alerts: { type: string; deviceId: string; detail: object }[] };
      expect(alerts.alerts.filter((a) => a.type === 'sequence-gap').map((a) => [a.deviceId, a.detail])).toEqual([
        ['device-a', expect.objectContaining({ from: 3, to: 4 })],
        ['device-b', expect.objectContaining({ from: 1, to: 8 })],
      ]);
      // A sequence number reused by a different record is stored but alerted.
      await post(batch([makeRecord(2, { recordId: 'device-a/msg-2-again' })]));
      const reuse = (await get('/v1/alerts', tokens.auditor)).json() as { alerts: { type: string; recordId: string }[] };
      expect(reuse.alerts.filter((a) => a.type === 'sequence-reuse').map((a) => a.recordId)).toEqual(['device-a/msg-2-again']);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of records in the database itself', async () => {
      await post(batch([makeRecord(1)]));
      expect((await get('/v1/records')).statusCode).toBe(200); // an audit row to attack
      await expect(s.attacker.sql("UPDATE records SET body = 'changed' WHERE record_id = $1", ['device-a/msg-1'])).rejects.toThrow(/append-only/);
      await expect(s.attacker.sql('DELETE FROM records WHERE record_id = $1', ['device-a/msg-1'])).rejects.toThrow(/append-only/);
      await expect(s.attacker.sql('DELETE FROM leaves')).rejects.toThrow(/append-only/);
      await expect(s.attacker.sql('DELETE FROM audit')).rejects.toThrow(/append-only/);
      if (s.attacker.kind === 'postgres') await expect(s.attacker.sql('TRUNCATE records CASCADE')).rejects.toThrow(/append-only/);
      expect((await verifyStore(s.store)).ok).toBe(true);
    });

    it('signs tree heads every N records and on demand, over the RFC 6962 root of the leaves', async () => {
      await post(batch([1, 2, 3, 4, 5].map((n) => makeRecord(n))));
      const heads = await s.store.treeHeads();
      expect(heads.map((h) => h.treeSize)).toEqual([5]);
      const signed = (await app.inject({ method: 'POST', url: '/v1/tree-heads', headers: { authorization: `Bearer ${tokens.records}` } })).json() as { treeSize: number };
      expect(signed.treeSize).toBe(5);
      expect((await app.inject({ method: 'POST', url: '/v1/tree-heads', headers: { authorization: `Bearer ${tokens.auditor}` } })).statusCode).toBe(403);
      const latest = (await get('/v1/tree-heads/latest', tokens.auditor)).json() as Parameters<typeof verifyTreeHead>[0];
      const keys = await s.store.signingKeys();
      expect(verifyTreeHead(latest, keys.get(latest.keyId) ?? '')).toBe(true);
      expect(verifyTreeHead({ ...latest, treeSize: 4 }, keys.get(latest.keyId) ?? '')).toBe(false);
      const leaves = await s.store.leafRange(0, 5);
      expect(latest.rootHash).toBe(merkleRoot(leaves.map((l) => recordLeafHash(l.recordId, l.hash, l.storedAt))).toString('hex'));
    });

    it('serves RFC 6962 inclusion proofs against signed tree heads', async () => {
      await post(batch([1, 2, 3, 4, 5, 6, 7].map((n) => makeRecord(n)))); // head signed at 7 (every 4)
      await post(batch([makeRecord(8)]));
      for (let n = 1; n <= 7; n++) {
        const res = await get(`/v1/records/device-a%2Fmsg-${n}/proof`, tokens.legal);
        expect(res.statusCode, res.body).toBe(200);
        const p = res.json() as { leafIndex: number; leafHash: string; treeSize: number; auditPath: string[]; treeHead: { rootHash: string } };
        expect(p.treeSize).toBe(7);
        const ok = verifyInclusion(Buffer.from(p.leafHash, 'hex'), p.leafIndex, p.treeSize, p.auditPath.map((h) => Buffer.from(h, 'hex')), Buffer.from(p.treeHead.rootHash, 'hex'));
        expect(ok, `device-a/msg-${n}`).toBe(true);
      }
      expect((await get('/v1/records/device-a%2Fmsg-8/proof', tokens.legal)).statusCode).toBe(409); // not yet in a signed head
      expect((await get('/v1/records/device-a%2Fmsg-1/proof?treeSize=3', tokens.legal)).statusCode).toBe(404);
      expect((await get('/v1/records/nope/proof', tokens.legal)).statusCode).toBe(404);
      expect((await get('/v1/records/device-a%2Fmsg-1/proof', tokens.client)).statusCode).toBe(403);
    });

    describe('verify', () => {
      beforeEach(async () => {
        await post(batch([1, 2, 3, 4, 5, 6].map((n) => makeRecord(n))));
        await treeHeads.signNow(true);
      });

      it('passes on an intact store', async () => {
        const report = await verifyStore(s.store);
        expect(report.problems).toEqual([]);
        expect(report).toMatchObject({ ok: true, leaves: 6, headsChecked: 2 });
      });

      it('names a record whose content was altered in the database', async () => {
        const forged = JSON.stringify({ ...makeRecord(3), body: 'nothing to see here' });
        await s.attacker.sqlUnguarded("UPDATE records SET record_json = $1, body = 'nothing to see here' WHERE record_id = 'device-a/msg-3'", [forged]);
        const report = await verifyStore(s.store);
        expect(report.ok).toBe(false);
        expect(report.problems[0]).toMatchObject({ kind: 'altered', recordId: 'device-a/msg-3', leafIndex: 2 });
        expect(report.problems[0]?.message).toMatch(/record device-a\/msg-3 \(leaf 2\) has been altered/);
      });

      it('names a record whose search column was altered', async () => {
        await s.attacker.sqlUnguarded("UPDATE records SET body = 'hidden' WHERE record_id = 'device-a/msg-4'");
        expect((await verifyStore(s.store)).problems[0]).toMatchObject({ kind: 'altered', recordId: 'device-a/msg-4' });
      });

      it('names a record that was altered consistently, hash and leaves table included', async () => {
        const forged = makeRecord(2, { body: 'rewritten' });
        const hash = entry(forged).hash;
        await s.attacker.sqlUnguarded('UPDATE records SET record_json = $1, body = $2, hash = $3 WHERE record_id = $4', [JSON.stringify(forged), 'rewritten', hash, 'device-a/msg-2']);
        await s.attacker.sqlUnguarded('UPDATE leaves SET hash = $1 WHERE record_id = $2', [hash, 'device-a/msg-2']);
        const first = (await verifyStore(s.store)).problems[0];
        expect(first).toMatchObject({ kind: 'altered', recordId: 'device-a/msg-2' });
      });

      it('names a deleted record as missing', async () => {
        await s.attacker.sqlUnguarded("DELETE FROM records WHERE record_id = 'device-a/msg-5'");
        const report = await verifyStore(s.store);
        expect(report.problems[0]).toMatchObject({ kind: 'missing', recordId: 'device-a/msg-5', leafIndex: 4 });
        expect(report.problems[0]?.message).toBe('record device-a/msg-5 (leaf 4) is missing');
      });

      it('detects rows deleted from both tables through the signed tree heads', async () => {
        await s.attacker.sqlUnguarded('DELETE FROM records WHERE leaf_index >= 4');
        await s.attacker.sqlUnguarded('DELETE FROM leaves WHERE leaf_index >= 4');
        const report = await verifyStore(s.store);
        expect(report.ok).toBe(false);
        expect(report.problems[0]?.message).toMatch(/leaf 4 is missing/);
      });

      it('reports a removed immutability guard', async () => {
        if (s.attacker.kind === 'sqlite') await s.attacker.sql('DROP TRIGGER records_no_delete');
        else await s.attacker.sql('ALTER TABLE records DISABLE TRIGGER records_no_change');
        const report = await verifyStore(s.store);
        expect(report.problems.map((p) => p.kind)).toEqual(['guard']);
        expect(report.problems[0]?.message).toMatch(/records_no_(delete|change)/);
      });
    });
  });
}
