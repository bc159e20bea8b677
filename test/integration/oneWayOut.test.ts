/**
 * Issue 11, "one way out": every bypass the security review found, through the real core (real journal,
 * real DLP and text-only gates) against a real Prosody. Each refusal has its control in the same setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';

let server: ProsodyServer;
const cores: ReturnType<typeof makeCore>[] = [];
const jid = (u: string) => `${u}@${server.domain}`;
const SSN = '536-22-8147';

async function signedIn(user: string, policy: Record<string, unknown> = {}) {
  const c = makeCore(server, policy);
  cores.push(c);
  await c.core.handlers['session:signIn']({ address: jid(user), password: `${user}-pass-1`, remember: false });
  return c;
}

/** What the real journal holds in its local spool, by kind. */
const spooled = (c: ReturnType<typeof makeCore>, kind: string) => c.journal.pending().filter((r) => r.kind === kind);
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['alice', 'bob', 'carol']) server.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  for (const c of cores) await c.core.shutdown().catch(() => {});
  await server?.stop();
});

describe('every outgoing text goes through policy → DLP → journal → socket', () => {
  it('refuses an SSN in an invite reason, a room subject, a status text and a nickname; clean ones are sent and journaled', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const room = `audit-${Date.now()}@${server.mucDomain}`;

    // Nickname: refused with the SSN, never joined; the control joins with a clean one and it is journaled.
    await expect(alice.core.handlers['room:join']({ room, nick: `Al ${SSN}` })).rejects.toThrow(/Social Security number/);
    expect((await alice.core.handlers['room:list']({})).map((r) => r.jid)).not.toContain(room);
    await alice.core.handlers['room:join']({ room, nick: 'Alice' });
    expect(spooled(alice, 'profile').map((r) => [r.meta?.field, r.body])).toEqual([['nickname', 'Alice']]);

    // Subject: refused, the room keeps none; control: a clean subject is set, journaled, and reaches Bob.
    await bob.core.handlers['room:join']({ room, nick: 'Bob' });
    await expect(alice.core.handlers['room:setSubject']({ room, subject: `Case of ${SSN}` })).rejects.toThrow(/Social Security number/);
    await alice.core.handlers['room:setSubject']({ room, subject: 'FY27 budget' });
    await bob.waitForEvent('room:changed', (r) => r.jid === room && r.subject === 'FY27 budget');
    expect(bob.of('room:changed').some((r) => r.subject.includes(SSN))).toBe(false);
    expect(spooled(alice, 'room-subject').map((r) => [r.direction, r.body])).toEqual([['out', 'FY27 budget']]);
    // The subject Bob received is journaled on his side too.
    await expect.poll(() => spooled(bob, 'room-subject').map((r) => [r.direction, r.body, r.sender])).toEqual([['in', 'FY27 budget', `${room}/Alice`]]);

    // Invite reason: refused; control: a clean reason reaches Carol and both sides journal it.
    const carol = await signedIn('carol');
    await expect(alice.core.handlers['room:invite']({ room, jid: jid('carol'), reason: `re ${SSN}` })).rejects.toThrow(/Social Security number/);
    await alice.core.handlers['room:invite']({ room, jid: jid('carol'), reason: 'Budget sync' });
    const inv = await carol.waitForEvent('room:invitation', (i) => i.room === room);
    expect(inv.reason).toBe('Budget sync');
    expect(carol.of('room:invitation')).toHaveLength(1);
    expect(spooled(alice, 'invitation').map((r) => [r.direction, r.body, r.recipients])).toEqual([['out', 'Budget sync', [jid('carol')]]]);
    await expect.poll(() => spooled(carol, 'invitation').map((r) => [r.direction, r.body])).toEqual([['in', 'Budget sync']]);

    // Status text: refused, presence unchanged; control: a clean status reaches Bob's roster and is journaled.
    await bob.core.handlers['contact:add']({ jid: jid('alice') });
    await alice.waitForEvent('contact:request', (r) => r.jid === jid('bob'));
    await alice.core.handlers['contact:respond']({ jid: jid('bob'), accept: true });
    await bob.waitForEvent('roster:changed', (l) => l.some((c) => c.jid === jid('alice') && (c.subscription === 'to' || c.subscription === 'both')));
    await expect(alice.core.handlers['presence:set']({ show: 'away', status: `call me re ${SSN}` })).rejects.toThrow(/Social Security number/);
    await alice.core.handlers['presence:set']({ show: 'away', status: 'In a hearing' });
    await bob.waitForEvent('roster:changed', (l) => l.some((c) => c.jid === jid('alice') && c.status === 'In a hearing'));
    expect(bob.of('roster:changed').some((l) => l.some((c) => c.status?.includes(SSN)))).toBe(false);
    expect(spooled(alice, 'presence-status').map((r) => r.body)).toEqual(['In a hearing']);

    // Contact name (kept on the server in the roster): refused; control: a clean name is journaled.
    await expect(alice.core.handlers['contact:rename']({ jid: jid('bob'), name: `Bob ${SSN}` })).rejects.toThrow(/Social Security number/);
    await alice.core.handlers['contact:rename']({ jid: jid('bob'), name: 'Bob (Budget)' });
    await alice.waitForEvent('roster:changed', (l) => l.some((c) => c.jid === jid('bob') && c.name === 'Bob (Budget)'));
    expect(alice.of('roster:changed').some((l) => l.some((c) => c.name.includes(SSN)))).toBe(false);
    expect(spooled(alice, 'profile').map((r) => r.body)).toEqual(['Alice', 'Bob (Budget)']);

    // Nothing with the SSN was journaled anywhere.
    for (const c of [alice, bob, carol]) expect(JSON.stringify(c.journal.pending())).not.toContain(SSN);
  });

  it('checks AllowedContactDomains on new chat, join, invite and add contact, and always allows the XmppDomain', async () => {
    // Only subdomains are listed: the XmppDomain itself must still work (it did not before).
    const alice = await signedIn('alice', { AllowedContactDomains: [`*.${server.domain}`] });
    const elsewhere = 'eve@gmail.com';
    const refused = /Chat with gmail\.com is not allowed by policy\. You can chat with: /;
    await expect(alice.core.handlers['chat:open']({ jid: elsewhere })).rejects.toThrow(refused);
    await expect(alice.core.handlers['contact:add']({ jid: elsewhere })).rejects.toThrow(refused);
    await expect(alice.core.handlers['room:join']({ room: 'lobby@conference.gmail.com' })).rejects.toThrow(/Chat with conference\.gmail\.com is not allowed/);
    const room = `dom-${Date.now()}@${server.mucDomain}`;
    await alice.core.handlers['room:join']({ room }); // control: the rooms service under the XmppDomain
    await expect(alice.core.handlers['room:invite']({ room, jid: elsewhere })).rejects.toThrow(refused);
    const sent = await alice.core.handlers['chat:send']({ to: elsewhere, body: 'hello' });
    expect(sent).toMatchObject({ status: 'refused', reason: expect.stringMatching(refused) });
    expect(spooled(alice, 'invitation')).toEqual([]);
    // Controls: the XmppDomain itself is allowed for a new chat, a message and a contact.
    await expect(alice.core.handlers['chat:open']({ jid: jid('bob') })).resolves.toMatchObject({ messages: [] });
    await expect(alice.core.handlers['chat:send']({ to: jid('bob'), body: 'hello Bob' })).resolves.toMatchObject({ status: 'sent' });
    await expect(alice.core.handlers['contact:add']({ jid: jid('carol') })).resolves.toEqual({});
  });

  it('refuses control characters in addresses, nicknames and subjects before sending, and the connection stays up', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const bad = `bob\u0001@${server.domain}`;
    const res = await alice.core.handlers['chat:send']({ to: bad, body: 'hello' });
    expect(res).toEqual({ status: 'refused', reason: 'The address contains a control character. Type it again without it.' });
    await expect(alice.core.handlers['contact:add']({ jid: bad })).rejects.toThrow(/control character/);
    const room = `ctl-${Date.now()}@${server.mucDomain}`;
    await expect(alice.core.handlers['room:join']({ room, nick: 'Al\u0007ice' })).rejects.toThrow(/nickname contains a control character/);
    await alice.core.handlers['room:join']({ room, nick: 'Alice' });
    await expect(alice.core.handlers['room:setSubject']({ room, subject: 'Budget\u0000' })).rejects.toThrow(/subject contains a control character/);
    await settle();
    // No stream error, no reconnect loop: still online, and the next message goes through (the control).
    expect(alice.of('session:state').some((s) => s.phase === 'reconnecting')).toBe(false);
    const ok = await alice.core.handlers['chat:send']({ to: jid('bob'), body: 'still here' });
    expect(ok.status).toBe('sent');
    await bob.waitForEvent('chat:message', (m) => m.body === 'still here');
    expect(spooled(alice, 'message').map((r) => r.body)).toEqual(['still here']);
  });
});
