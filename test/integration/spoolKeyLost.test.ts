/**
 * Issue 11, "nothing silently lost": when the spool key is gone (a new keyring, a wiped profile key),
 * the records the old spool never uploaded are out of reach. The retention server hears about it: an
 * alert record naming the old device id and its last acknowledged sequence number. Real Prosody, real
 * retention server, real client cores on the same profile directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { waitFor } from '../support/ports';
import { startRetentionServer, type RetentionServer } from '../support/journalServer';
import { journaledCore } from '../support/journalHarness';

let prosody: ProsodyServer;
let rs: RetentionServer;
const jid = (u: string) => `${u}@${prosody.domain}`;

beforeAll(async () => {
  prosody = await startProsody();
  for (const u of ['alice', 'bob']) prosody.addUser(u, `${u}-pass-1`);
  rs = await startRetentionServer({ kind: 'sqlite', xmpp: { prosody } });
});
afterAll(async () => {
  await rs?.close();
  await prosody?.stop();
});

describe('a lost spool key', () => {
  it('is reported to the retention server with the old device id and its last acknowledged sequence number', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aim-lostkey-'));
    const keys = createMemoryStore();
    const alerts = async () => (await rs.records()).filter((r) => r.kind === 'alert');

    const first = journaledCore(prosody, rs, {}, { dataDir, keys });
    await first.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
    for (const n of [1, 2, 3]) expect((await first.send(jid('bob'), `Acknowledged ${n}`)).status).toBe('sent');
    await waitFor(() => first.journal.status().pending === 0, { what: 'uploaded' });
    const oldDevice = first.journal.deviceId!;
    const acked = (await rs.records()).filter((r) => r.deviceId === oldDevice);
    const lastAckedSeq = Math.max(...acked.map((r) => r.seq));
    // Two more that never reach the server: it is down when they are spooled.
    await rs.stop();
    for (const n of [4, 5]) expect((await first.send(jid('bob'), `Unsent ${n}`)).status).toBe('sent');
    await first.close();
    await rs.start();

    // Control: the same key opens the same spool, which uploads its backlog; no alert.
    const same = journaledCore(prosody, rs, {}, { dataDir, keys });
    expect((await same.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false })).phase).toBe('online');
    await waitFor(() => same.journal.deviceId === oldDevice && same.journal.status().pending === 0, { what: 'backlog uploaded' });
    expect(await alerts()).toEqual([]);
    await rs.stop();
    expect((await same.send(jid('bob'), 'Unsent 6')).status).toBe('sent');
    await same.close();
    await rs.start();
    const lastAcked = Math.max(...(await rs.records()).filter((r) => r.deviceId === oldDevice).map((r) => r.seq));
    expect(lastAcked).toBeGreaterThan(lastAckedSeq);

    // The key is gone: a new spool and device, and an alert the server receives.
    const fresh = journaledCore(prosody, rs, {}, { dataDir, keys: createMemoryStore() });
    // (The new device enrolls through the signed-in session before it can upload.)
    await fresh.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
    await expect.poll(async () => (await alerts()).length, { timeout: 60_000, interval: 500 }).toBe(1);
    expect(fresh.journal.deviceId).not.toBe(oldDevice);
    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ deviceId: fresh.journal.deviceId, kind: 'alert', meta: { alert: 'spool-key-lost', oldDeviceId: oldDevice, lastAckedSeq: String(lastAcked), unsentEntries: '1' } });
    await fresh.close();
  }, 120_000);
});
