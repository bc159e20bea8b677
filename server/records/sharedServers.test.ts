/**
 * Records management with two servers on one PostgreSQL database (two stores, two services): a hold
 * placed on one server while the other is approving a disposition wins (the approval is refused with 409
 * and destroys nothing; approved again, the held records are withheld), and two servers approving the
 * same disposition at once destroy once (the other gets 409). The control: the approval itself works.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey, type SignedTreeHead } from '../signing';
import { PostgresStore } from '../store/postgres';
import { batch, makeRecord, postgresHarness } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { verifyStore } from '../verify';
import { RecordsError, RecordsService } from './service';

const harness = postgresHarness();
const NOW = new Date(Date.UTC(2025, 6, 1));

describe.skipIf(!harness.available)(`records management on servers sharing a database (${harness.title})`, () => {
  beforeAll(() => harness.setup(), 120_000);
  afterAll(() => harness.teardown());

  it('a hold placed on server B while server A approves wins; concurrent approvals destroy once', async () => {
    const s = await harness.open();
    const storeB = new PostgresStore(s.db);
    try {
      const heads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 });
      await heads.registerKey();
      const recs = [1, 2, 3, 4].map((n) => makeRecord(n, { body: n === 2 ? 'the payroll audit file' : `budget note ${n}` }));
      expect((await new Ingestor(s.store, heads).ingest(batch(recs), { tokenId: 't', tokenName: 'test' })).status).toBe(200);
      const svcB = new RecordsService(storeB, heads, () => NOW);
      // Server A's heads: between A's hold check and its execution (where A signs the head before),
      // server B places a hold on the payroll record — once.
      let raced = false;
      const racingHeads = {
        signNow: async (force: boolean): Promise<SignedTreeHead | undefined> => {
          if (!raced) {
            raced = true;
            await svcB.placeHold({ matter: 'Smith v. State', reason: 'litigation', scope: { terms: ['payroll'] } }, 'legal-b');
          }
          return heads.signNow(force);
        },
      };
      const svcA = new RecordsService(s.store, racingHeads, () => NOW);
      await svcA.saveSeries({ id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2 item 020', isDefault: true }, 'admin');
      const d = await svcA.propose('transitory', 'schedule expired', { id: 'rm-1', name: 'R One' });
      expect(d.count).toBe(4);

      const refused = await svcA.approve(d.id, { id: 'rm-2', name: 'R Two' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RecordsError);
      expect((refused as RecordsError).status).toBe(409);
      expect((refused as Error).message).toMatch(/a hold was placed while this disposition was being approved/);
      expect((await s.store.searchRecords({ limit: 10 })).length).toBe(4); // nothing destroyed

      // Approved again (control: the approval path works): the held record is withheld, the rest destroyed;
      // server B approving at the same moment gets 409 and nothing is destroyed twice.
      const both = await Promise.allSettled([svcA.approve(d.id, { id: 'rm-2', name: 'R Two' }), svcB.approve(d.id, { id: 'rm-3', name: 'R Three' })]);
      const ok = both.filter((r) => r.status === 'fulfilled');
      const lost = both.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]?.reason as RecordsError).status).toBe(409);
      const cert = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<RecordsService['approve']>>>).value;
      expect(cert).toMatchObject({ count: 3, withheldByHolds: 1 });
      expect((await s.store.searchRecords({ limit: 10 })).map((r) => r.recordId)).toEqual(['device-a/msg-2']);
      expect((await verifyStore(s.store)).problems).toEqual([]);
    } finally {
      await storeB.close();
      await s.cleanup();
    }
  });
});
