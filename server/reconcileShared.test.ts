/**
 * Scheduled reconciliation on several servers sharing one PostgreSQL database: when two servers find the
 * same body mismatch at the same moment, it becomes one alert, not two; a different mismatch found in the
 * same race still gets its own alert (the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertMismatches, type BodyMismatch } from './reconcile';
import { PostgresStore } from './store/postgres';
import { postgresHarness } from './test/fixtures';

const harness = postgresHarness();
const mismatch = (n: number): BodyMismatch => ({
  serverRecordId: `xmpp-server/msg-${n}`,
  clientRecordId: `device-a/msg-${n}`,
  messageId: `m${n}`,
  serverBodySha256: 'a'.repeat(64),
  clientBodySha256: 'b'.repeat(64),
});

describe.skipIf(!harness.available)(`body-mismatch alerts from servers sharing a database (${harness.title})`, () => {
  beforeAll(() => harness.setup(), 120_000);
  afterAll(() => harness.teardown());

  it('the same mismatch found by two servers at once is alerted once; another mismatch in the same race is alerted too', async () => {
    const s = await harness.open();
    const second = new PostgresStore(s.db);
    try {
      const at = new Date().toISOString();
      for (let round = 0; round < 5; round++) {
        const found = await Promise.all([alertMismatches(s.store, [mismatch(round)], at), alertMismatches(second, [mismatch(round), mismatch(100 + round)], at)]);
        expect(found[0] + found[1]).toBe(2);
      }
      const alerts = (await s.store.listAlerts({ limit: 100 })).filter((a) => a.type === 'body-mismatch');
      expect(alerts).toHaveLength(10);
      expect(new Set(alerts.map((a) => a.recordId)).size).toBe(10);
    } finally {
      await second.close();
      await s.cleanup();
    }
  });
});
