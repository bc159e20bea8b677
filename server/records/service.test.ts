/**
 * Series, holds and two-person disposition against SQLite and a throwaway PostgreSQL: held records
 * survive, the rest lose their content, the leaves stay, verify passes and names the disposition, and
 * the controlled path past the records guard is open only to an approved disposition.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createToken } from '../auth';
import { buildApp } from '../http';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, harnesses, makeRecord, type OpenedStore } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { verifyStore } from '../verify';
import { RecordsService } from './service';

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2025, 6, 1));

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`records management on ${harness.title}`, () => {
    let s: OpenedStore;
    let svc: RecordsService;
    let ingestor: Ingestor;
    let heads: TreeHeads;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());

    beforeEach(async () => {
      s = await harness.open();
      heads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      await heads.registerKey();
      ingestor = new Ingestor(s.store, heads);
      // bob: 4 records in January (expired under 30 days); carol: 2 records yesterday (not expired).
      const recs = [
        ...[1, 2, 3, 4].map((n) => makeRecord(n, { body: n === 2 ? 'the payroll audit file' : `budget note ${n}` })),
        ...[5, 6].map((n) => makeRecord(n, { conversation: 'carol@agency.example.gov', recipients: ['carol@agency.example.gov'], sentAt: new Date(NOW.getTime() - DAY).toISOString() })),
      ];
      const out = await ingestor.ingest(batch(recs), { tokenId: 't', tokenName: 'test' });
      expect(out.status).toBe(200);
      svc = new RecordsService(s.store, heads, () => NOW);
      await svc.saveSeries({ id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2 item 020', isDefault: true }, 'admin');
    });

    afterEach(() => s.cleanup());

    it('proposes only expired, unheld records; the proposer cannot approve; a hold placed while pending wins', async () => {
      await svc.placeHold({ matter: 'Smith v. State', reason: 'litigation', scope: { terms: ['payroll'] } }, 'legal-1');
      const preview = await svc.eligible('transitory');
      expect(preview.records.map((r) => r.recordId).sort()).toEqual(['device-a/msg-1', 'device-a/msg-3', 'device-a/msg-4']);
      expect(preview.held).toBe(1);

      await expect(svc.propose('transitory', '  ', { id: 'rm-1', name: 'R One' })).rejects.toThrow(/reason is required/);
      const d = await svc.propose('transitory', 'schedule expired', { id: 'rm-1', name: 'R One' });
      expect(d.count).toBe(3);
      await expect(svc.approve(d.id, { id: 'RM-1', name: 'Renamed One' })).rejects.toThrow(/different person/);

      // A hold placed while the disposition is pending wins.
      await svc.placeHold({ matter: 'Records request 25-77', reason: 'public records request', scope: { participants: ['bob@agency.example.gov'], to: '2025-01-01T12:00:01Z' } }, 'legal-2');
      const cert = await svc.approve(d.id, { id: 'rm-2', name: 'R Two' });
      expect(cert).toMatchObject({ count: 2, withheldByHolds: 1, approvedBy: { id: 'rm-2', name: 'R Two' }, proposedBy: { id: 'rm-1', name: 'R One' }, citation: 'GRS 5.2 item 020', series: { name: 'Transitory' } });
      expect(cert.treeHeadBefore).toMatchObject({ treeSize: 6 });
      expect(cert.treeHeadAfter).toMatchObject({ treeSize: 6 });
      await expect(svc.approve(d.id, { id: 'rm-3', name: 'R Three' })).rejects.toThrow(/already been approved/);

      // msg-4 is gone (content), the held ones and the unexpired ones survive.
      const body = async (id: string) => (await s.store.getRecord(id))?.recordJson;
      expect(await body('device-a/msg-4')).toBe('');
      expect(await body('device-a/msg-3')).toBe('');
      expect(await body('device-a/msg-2')).toContain('payroll');
      expect(await body('device-a/msg-1')).toContain('budget note 1');
      expect(await body('device-a/msg-5')).not.toBe('');
      // Search no longer finds destroyed text; it still finds held text.
      expect((await s.store.searchRecords({ terms: ['note'], limit: 10 })).map((r) => r.recordId)).toEqual(['device-a/msg-1']);
      expect((await s.store.searchRecords({ terms: ['payroll'], limit: 10 })).map((r) => r.recordId)).toEqual(['device-a/msg-2']);

      // The bearer-token read API leaves destroyed records out of searches and answers 410 for one.
      const app = buildApp({ store: s.store, ingestor: new Ingestor(s.store, heads), treeHeads: heads });
      const { token } = await createToken(s.store, 'records', 'reader');
      const auth = { authorization: `Bearer ${token}` };
      const listed = (await app.inject({ method: 'GET', url: '/v1/records?conversation=bob@agency.example.gov', headers: auth })).json() as { records: { recordId: string }[] };
      expect(listed.records.map((r) => r.recordId)).toEqual(['device-a/msg-1', 'device-a/msg-2']);
      expect((await app.inject({ method: 'GET', url: '/v1/records/device-a%2Fmsg-4', headers: auth })).statusCode).toBe(410);
      expect((await app.inject({ method: 'GET', url: '/v1/records/device-a%2Fmsg-1', headers: auth })).statusCode).toBe(200);
      await app.close();

      const report = await verifyStore(s.store);
      expect(report.problems).toEqual([]);
      expect(report.disposed).toEqual([{ dispositionId: d.id, count: 2, firstLeaf: 2, lastLeaf: 3 }]);
    });

    it('the records guard refuses content removal without an approved disposition (control: with one it passes)', async () => {
      await expect(s.attacker.sql("UPDATE records SET record_json = '', body = '' WHERE record_id = $1", ['device-a/msg-1'])).rejects.toThrow(/append-only/);
      await expect(s.attacker.sql('DELETE FROM records WHERE record_id = $1', ['device-a/msg-1'])).rejects.toThrow(/append-only/);
      // Control: an approved disposition removes the same content through the guarded path.
      const d = await svc.propose('transitory', 'schedule expired', { id: 'rm-1', name: 'R One' });
      await svc.approve(d.id, { id: 'rm-2', name: 'R Two' });
      expect((await s.store.getRecord('device-a/msg-1'))?.recordJson).toBe('');
      expect((await verifyStore(s.store)).problems).toEqual([]);
      // Even then, other columns of a disposed-of row stay immutable.
      await expect(s.attacker.sql("UPDATE records SET sender = 'x@y' WHERE record_id = $1", ['device-a/msg-1'])).rejects.toThrow(/append-only/);
      // Someone with the database blanks a record behind the guards: verify names it.
      await s.attacker.sqlUnguarded("UPDATE records SET record_json = '', body = '' WHERE record_id = $1", ['device-a/msg-5']);
      expect((await verifyStore(s.store)).problems[0]?.message).toMatch(/record device-a\/msg-5 \(leaf 4\) has been altered/);
      // Marking it disposed of by a disposition that was never approved does not help.
      await s.attacker.sql("INSERT INTO rm_disposed (leaf_index, disposition_id) VALUES (4, 'forged')");
      expect((await verifyStore(s.store)).problems[0]?.message).toMatch(/msg-5.*never approved/);
    });

    it('holds and releases need reasons; a released hold no longer protects', async () => {
      await expect(svc.placeHold({ matter: 'M', reason: '', scope: { terms: ['budget'] } }, 'l')).rejects.toThrow(/reason/);
      await expect(svc.placeHold({ matter: 'M', reason: 'r', scope: {} }, 'l')).rejects.toThrow(/needs a scope/);
      const h = await svc.placeHold({ matter: 'M', reason: 'r', scope: { conversations: ['bob@agency.example.gov'] } }, 'l');
      expect((await svc.eligible('transitory')).records).toHaveLength(0);
      await expect(svc.releaseHold(h.id, '', 'l')).rejects.toThrow(/reason/);
      await svc.releaseHold(h.id, 'matter closed', 'l');
      expect((await svc.listHolds())[0]?.released).toMatchObject({ reason: 'matter closed', by: 'l' });
      expect((await svc.eligible('transitory')).records).toHaveLength(4);
    });

    it('records that arrive after a hold was placed and match its scope are held too', async () => {
      await svc.placeHold({ matter: 'Audit 2025', reason: 'IG audit', scope: { terms: ['invoice'] } }, 'legal-1');
      expect((await svc.eligible('transitory')).records).toHaveLength(4);
      const late = [makeRecord(7, { body: 'the invoice for January' }), makeRecord(8, { body: 'unrelated note' })];
      expect((await ingestor.ingest(batch(late), { tokenId: 't', tokenName: 'test' })).status).toBe(200);
      const after = await svc.eligible('transitory');
      expect(after.records.map((r) => r.recordId).sort()).toEqual(['device-a/msg-1', 'device-a/msg-2', 'device-a/msg-3', 'device-a/msg-4', 'device-a/msg-8']);
      expect(after.held).toBe(1);
    });

    it('reclassification moves a conversation to another series', async () => {
      await svc.saveSeries({ id: 'executive', name: 'Executive', retentionDays: null, citation: 'RDA 01-001', isDefault: false }, 'admin');
      await svc.reclassify('bob@agency.example.gov', 'executive', 'governor involved', 'rm-1');
      expect((await svc.eligible('transitory')).records).toHaveLength(0);
      const convs = await svc.classified();
      expect(convs.find((c) => c.conversationKey === 'bob@agency.example.gov')).toMatchObject({ seriesId: 'executive', because: 'reclassified', expiresAt: null });
    });
  });
}
