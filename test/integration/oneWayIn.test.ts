/**
 * Issue 11, "one way in": every arrival is spooled before it is shown, through the real core (real journal
 * and spool) against a real Prosody. The other party is a real client core sending raw stanzas where the
 * test needs a hostile or unusual sender. Each negative has its control in the same setup.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore, type HarnessOptions } from '../support/clientHarness';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import type { AuditEvent } from '../../main/core/audit';
import type { KeyStore } from '../../main/core/journal';
import { ENCRYPTED_BLOCKED_NOTICE } from '../../main/core/inbound/inbound';

let server: ProsodyServer;
const cores: ReturnType<typeof makeCore>[] = [];
const jid = (u: string) => `${u}@${server.domain}`;

async function signedIn(user: string, options: HarnessOptions = {}, audit?: AuditEvent[]) {
  const c = makeCore(server, {}, audit ? { audit: { record: (e) => audit.push(e) } } : {}, options);
  cores.push(c);
  await c.core.handlers['session:signIn']({ address: jid(user), password: `${user}-pass-1`, remember: false });
  return c;
}

/** Put a raw stanza on the wire from a (test) peer. */
async function raw(peer: ReturnType<typeof makeCore>, to: string, id: string, ...children: ReturnType<typeof xml>[]) {
  await peer.core.session()!.client.send(xml('message', { to, type: 'chat', id }, ...children));
}

const spooled = (c: ReturnType<typeof makeCore>, kind: string) => c.journal.pending().filter((r) => r.kind === kind);
const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) server.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  for (const c of cores) await c.core.shutdown().catch(() => {});
  await server?.stop();
});

describe('every arrival is spooled before it is shown', () => {
  it('keeps a message whose id the sender reuses after the recipient restarts: a new record plus an alert', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aim-reuse-'));
    const keys = createMemoryStore();
    const alice1 = await signedIn('alice', { dataDir, keys });
    const mallory = await signedIn('bob');
    await raw(mallory, jid('alice'), 'reused-1', xml('body', {}, 'Meet at noon'));
    await alice1.waitForEvent('chat:message', (m) => m.body === 'Meet at noon');
    await alice1.core.shutdown();

    const alice2 = await signedIn('alice', { dataDir, keys });
    await raw(mallory, jid('alice'), 'reused-1', xml('body', {}, 'Wire the funds today'));
    await raw(mallory, jid('alice'), 'reused-1', xml('body', {}, 'Wire the funds today')); // the same stanza again
    const shown = await alice2.waitForEvent('chat:message', (m) => m.body === 'Wire the funds today');
    expect(shown.from).toBe(jid('bob'));
    await settle();
    const messages = spooled(alice2, 'message').filter((r) => r.meta?.messageId === 'reused-1');
    expect(messages.map((r) => r.body)).toEqual(['Meet at noon', 'Wire the funds today']); // control: the repeat is one record
    expect(spooled(alice2, 'alert')).toMatchObject([{ conversation: jid('bob'), meta: { alert: 'reused-message-id', messageId: 'reused-1', sender: jid('bob') } }]);

    // In one session too: the reused id is shown as its own message, not swallowed.
    await raw(mallory, jid('alice'), 'reused-1', xml('body', {}, 'Third text, same id'));
    await alice2.waitForEvent('chat:message', (m) => m.body === 'Third text, same id');
    expect(alice2.of('chat:message').filter((m) => m.body === 'Wire the funds today')).toHaveLength(1);
  });

  it('holds incoming messages while the spool cannot be written (keyring down), says so, stops sending, and shows them when it recovers', async () => {
    let keyringUp = false;
    const memory = createMemoryStore();
    const keys: KeyStore = {
      get: async (a) => (keyringUp ? memory.get(a) : Promise.reject(new Error('keyring locked'))),
      set: async (a, s) => (keyringUp ? memory.set(a, s) : Promise.reject(new Error('keyring locked'))),
    };
    const carol = await signedIn('carol', { keys });
    const dave = await signedIn('dave');
    const sent = await dave.core.handlers['chat:send']({ to: jid('carol'), body: 'Held until it can be recorded' });
    expect(sent.status).toBe('sent'); // control: Dave's own spool works
    const paused = await carol.waitForEvent('session:state', (s) => !!s.receivingPaused, 'receiving paused');
    // The reason only: the renderer's alert adds the heading "Receiving is paused.".
    expect(paused.receivingPaused).toMatch(/^Incoming messages can’t be recorded/);
    expect(carol.of('chat:message')).toHaveLength(0);
    const refused = await carol.core.handlers['chat:send']({ to: jid('dave'), body: 'reply' });
    expect(refused.status).toBe('refused');

    keyringUp = true;
    const shown = await carol.waitForEvent('chat:message', (m) => m.body === 'Held until it can be recorded', 'held message shown', 15_000);
    expect(shown.from).toBe(jid('dave'));
    await carol.waitForEvent('session:state', (s) => s.seq! > paused.seq! && !s.receivingPaused, 'receiving resumed');
    expect(spooled(carol, 'message').map((r) => r.body)).toContain('Held until it can be recorded');
    await expect(carol.core.handlers['chat:send']({ to: jid('dave'), body: 'reply' })).resolves.toMatchObject({ status: 'sent' });
  });

  it('journals history from MAM and from a room archive when first seen, exactly once, by stanza-id', async () => {
    const erin = await signedIn('erin');
    // Frank is offline: the message waits in his archive (and offline storage).
    const sent = await erin.core.handlers['chat:send']({ to: jid('frank'), body: 'Sent while you were away' });
    expect(sent.status).toBe('sent');
    const room = `hist-${Date.now()}@${server.mucDomain}`;
    await erin.core.handlers['room:join']({ room });
    await erin.core.handlers['chat:send']({ to: room, body: 'Minutes are posted' });
    await settle();

    const dataDir = mkdtempSync(join(tmpdir(), 'aim-mam-'));
    const keys = createMemoryStore();
    const frank = await signedIn('frank', { dataDir, keys });
    const fromArchive = (c: ReturnType<typeof makeCore>, body: string) => spooled(c, 'message').filter((r) => r.body === body);
    const open = await frank.core.handlers['chat:open']({ jid: jid('erin') });
    expect(open.messages.map((m) => m.body)).toContain('Sent while you were away');
    await frank.core.handlers['room:join']({ room });
    const history = await frank.core.handlers['chat:open']({ jid: room });
    expect(history.messages.map((m) => m.body)).toContain('Minutes are posted');
    // Paging again, and again after a restart on the same profile: still one record each.
    await frank.core.handlers['chat:open']({ jid: jid('erin') });
    await frank.core.handlers['chat:open']({ jid: room });
    const direct = fromArchive(frank, 'Sent while you were away');
    expect(direct).toHaveLength(1);
    expect(direct[0]).toMatchObject({ direction: 'in', sender: jid('erin') });
    // Frank joined after it was posted: the room's archive is the only way he saw it.
    expect(fromArchive(frank, 'Minutes are posted')).toMatchObject([{ conversationType: 'groupchat', stanzaId: expect.any(String), meta: { via: 'archive' } }]);
    await frank.core.shutdown();
    const again = await signedIn('frank', { dataDir, keys });
    await again.core.handlers['chat:open']({ jid: jid('erin') });
    await again.core.handlers['room:join']({ room });
    await again.core.handlers['chat:open']({ jid: room });
    expect(fromArchive(again, 'Sent while you were away')).toHaveLength(1);
    expect(fromArchive(again, 'Minutes are posted')).toHaveLength(1);
  });
});

describe('no archive bypass', () => {
  it('blocks OMEMO, OpenPGP-for-XMPP and OTR payloads: a notice, the envelope journaled, an audit event; plain text still shows', async () => {
    const audit: AuditEvent[] = [];
    const alice = await signedIn('alice', {}, audit);
    const bob = await signedIn('bob');
    await raw(
      bob,
      jid('alice'),
      'omemo-1',
      xml('encrypted', { xmlns: 'eu.siacs.conversations.axolotl' }, xml('header', { sid: '42' }, xml('key', { rid: '7' }, 'a2V5'), xml('iv', {}, 'aXY=')), xml('payload', {}, 'c2VjcmV0')),
      xml('body', {}, 'I sent you an OMEMO encrypted message but your client doesn’t seem to support that.'),
      xml('store', { xmlns: 'urn:xmpp:hints' }),
    );
    await raw(bob, jid('alice'), 'ox-1', xml('openpgp', { xmlns: 'urn:xmpp:openpgp:0' }, 'LS0tLS1CRUdJTiBQR1A='));
    await raw(bob, jid('alice'), 'otr-1', xml('body', {}, '?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADA'));
    await raw(bob, jid('alice'), 'plain-1', xml('body', {}, 'Plain text is fine'));
    const plain = await alice.waitForEvent('chat:message', (m) => m.body === 'Plain text is fine');
    expect(plain.notice).toBeUndefined();
    const blocked = alice.of('chat:message').filter((m) => m.notice === ENCRYPTED_BLOCKED_NOTICE);
    expect(blocked.map((m) => m.id).sort()).toEqual(['omemo-1', 'otr-1', 'ox-1']);
    expect(blocked.every((m) => m.body === '')).toBe(true);
    const records = spooled(alice, 'encrypted-blocked');
    expect(records.map((r) => r.meta?.protocol).sort()).toEqual(['omemo', 'otr', 'ox']);
    expect(records.every((r) => r.body === '' && r.sender === jid('bob'))).toBe(true);
    expect(JSON.stringify(records)).not.toMatch(/c2VjcmV0|LS0tLS1CRUdJTiBQR1A|AAMDJ/); // the envelope, never the payload
    expect(records.find((r) => r.meta?.protocol === 'omemo')?.meta?.envelope).toContain('encrypted[eu.siacs.conversations.axolotl]');
    expect(audit.filter((e) => e.type === 'encrypted-blocked').map((e) => e.protocol).sort()).toEqual(['omemo', 'otr', 'ox']);
    expect(spooled(alice, 'message').map((r) => r.body)).toEqual(['Plain text is fine']);
  });

  it('journals a message that asks not to be stored (no-store, no-permanent-store hints)', async () => {
    const carol = await signedIn('carol');
    const dave = await signedIn('dave');
    await raw(dave, jid('carol'), 'hint-1', xml('body', {}, 'Please do not keep this'), xml('no-store', { xmlns: 'urn:xmpp:hints' }), xml('no-permanent-store', { xmlns: 'urn:xmpp:hints' }));
    await raw(dave, jid('carol'), 'hint-2', xml('body', {}, 'An ordinary message'));
    await carol.waitForEvent('chat:message', (m) => m.body === 'An ordinary message');
    expect(carol.of('chat:message').map((m) => m.body)).toContain('Please do not keep this');
    expect(spooled(carol, 'message').map((r) => r.body)).toEqual(['Please do not keep this', 'An ordinary message']);
  });
});
