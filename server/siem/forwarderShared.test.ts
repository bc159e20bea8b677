/**
 * The SIEM forwarder on two servers sharing one PostgreSQL database: one leads (an advisory lock), so the
 * collector gets each alert once, not once per server; when the leader stops, the other takes over from
 * the committed positions and forwards what arrived since (nothing lost, nothing twice). The control in
 * the same setup: every alert does reach the collector.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates } from '../../test/support/certs';
import { EventLog } from '../audit/eventLog';
import { PostgresStore } from '../store/postgres';
import { SIEM_LEADER_LOCK } from '../store/postgresLeader';
import type { Store } from '../store/types';
import { postgresHarness } from '../test/fixtures';
import { startSiemCollector } from '../test/siemCollector';
import { SiemForwarder } from './forwarder';

const harness = postgresHarness();

const alert = (store: Store, n: number) =>
  store.transaction(async (tx) => tx.insertAlerts([{ type: 'hash-conflict', at: new Date().toISOString(), deviceId: 'device-a', recordId: `r-${n}`, detail: { storedHash: 'aa', receivedHash: 'bb' } }]));

describe.skipIf(!harness.available)(`SIEM forwarding from servers sharing a database (${harness.title})`, () => {
  beforeAll(() => harness.setup(), 120_000);
  afterAll(() => harness.teardown());

  it('one server forwards; the other takes over when it stops; each alert reaches the collector once', { timeout: 60_000 }, async () => {
    const s = await harness.open();
    const other = new PostgresStore(s.db);
    const certs = makeCertificates(join(s.dir, 'siem-certs'), ['localhost']);
    const { port, received, close } = await startSiemCollector(certs.certFile, certs.keyFile);
    const forwarder = async (store: PostgresStore) => {
      const events = new EventLog(store);
      await events.migrate();
      return new SiemForwarder({ events, store, target: { host: 'localhost', port }, ca: readFileSync(certs.caFile, 'utf8'), format: 'json', productVersion: '0.1.0', intervalMs: 50, settleMs: 100, leader: store.leadership(SIEM_LEADER_LOCK) });
    };
    const alertIds = () => received.filter((m) => m.includes('source="alert"')).map((m) => Number(/id="(\d+)"/.exec(m)?.[1]));
    const waitFor = async (n: number) => {
      for (let i = 0; i < 400 && alertIds().length < n; i++) await new Promise((r) => setTimeout(r, 25));
    };
    try {
      const a = await forwarder(s.store as PostgresStore);
      const b = await forwarder(other);
      await a.start();
      await b.start();
      for (let n = 1; n <= 5; n++) await alert(n % 2 ? s.store : other, n);
      await waitFor(5);
      await new Promise((r) => setTimeout(r, 500)); // both forwarders had many chances to send
      expect(alertIds()).toEqual([1, 2, 3, 4, 5]);
      expect(a.forwarded + b.forwarded).toBe(5);
      const [leader, follower] = a.forwarded > 0 ? [a, b] : [b, a];
      expect(follower.forwarded).toBe(0);
      await leader.stop(); // a clean close commits the positions and frees the lock
      for (let n = 6; n <= 8; n++) await alert(other, n);
      await waitFor(8);
      await new Promise((r) => setTimeout(r, 300));
      await follower.stop();
      expect(alertIds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(follower.forwarded).toBe(3);
    } finally {
      close();
      await other.close();
      await s.cleanup();
    }
  });
});
