import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { ContactManager } from '../../main/core/xmpp/contacts';
import type { ClearedText } from '../../main/core/xmpp/cleared';

let server: ProsodyServer;
const cores: ReturnType<typeof makeCore>[] = [];
const jid = (u: string) => `${u}@${server.domain}`;

async function signedIn(user: string, policy: Record<string, unknown> = {}) {
  const c = makeCore(server, policy);
  cores.push(c);
  await c.core.handlers['session:signIn']({ address: jid(user), password: `${user}-pass-1`, remember: false });
  return c;
}

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['alice', 'bob', 'carol', 'dave']) server.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  for (const c of cores) await c.core.shutdown().catch(() => {});
  await server?.stop();
});

describe('group chat (XEP-0045) against a real Prosody', () => {
  it('creates and joins a room, shows occupants, subject, messages, mentions and room history', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const room = `budget-${Date.now()}@${server.mucDomain}`;
    const info = await alice.core.handlers['room:join']({ room });
    expect(info).toMatchObject({ jid: room, joined: true, nick: 'alice' });
    expect(info.affiliation).toBe('owner');
    await alice.core.handlers['room:setSubject']({ room, subject: 'FY27 budget review' });
    await alice.waitForEvent('room:changed', (r) => r.jid === room && r.subject === 'FY27 budget review');

    // Mediated invitation reaches Bob.
    await alice.core.handlers['room:invite']({ room, jid: jid('bob'), reason: 'Budget sync' });
    const inv = await bob.waitForEvent('room:invitation', (i) => i.room === room);
    expect(inv.reason).toBe('Budget sync');
    await bob.core.handlers['room:join']({ room, nick: 'Bob' });
    await alice.waitForEvent('room:changed', (r) => r.jid === room && r.occupants.some((o) => o.nick === 'Bob'));

    const sent = await alice.core.handlers['chat:send']({ to: room, body: 'Draft numbers are in, Bob please check line 4' });
    expect(sent.status).toBe('sent');
    const id = sent.status === 'sent' ? sent.message.id : '';
    const got = await bob.waitForEvent('chat:message', (m) => m.id === id);
    expect(got).toMatchObject({ conversation: room, conversationType: 'groupchat', fromName: 'alice', mention: true });
    await alice.waitForEvent('chat:messageState', (s) => s.id === id && s.state === 'delivered', 'room reflection');
    // Alice's own message is shown once, not again from the room's reflection.
    expect(alice.of('chat:message').filter((m) => m.id === id)).toHaveLength(0);

    const reply = await bob.core.handlers['chat:send']({ to: room, body: 'Checked, looks right' });
    expect(reply.status).toBe('sent');
    await alice.waitForEvent('chat:message', (m) => m.body === 'Checked, looks right' && m.fromName === 'Bob');

    // Room history from the room's archive, for a newcomer.
    const carol = await signedIn('carol');
    await carol.core.handlers['room:join']({ room });
    const history = await carol.core.handlers['chat:open']({ jid: room });
    expect(history.messages.map((m) => m.body)).toEqual(expect.arrayContaining(['Draft numbers are in, Bob please check line 4', 'Checked, looks right']));
  });

  it('bookmarks rooms (XEP-0402) and autojoins them at the next sign-in', async () => {
    const dave = await signedIn('dave');
    const room = `standup-${Date.now()}@${server.mucDomain}`;
    await dave.core.handlers['room:join']({ room });
    await dave.core.shutdown();
    const again = await signedIn('dave');
    const joined = await again.waitForEvent('room:changed', (r) => r.jid === room && r.joined, 'autojoin');
    expect(joined.bookmarked).toBe(true);
    expect((await again.core.handlers['room:list']({})).map((r) => r.jid)).toContain(room);
  });

  it('refuses group chat when policy turns it off', async () => {
    const alice = await signedIn('alice', { GroupChatAllowed: false });
    await expect(alice.core.handlers['room:join']({ room: `x@${server.mucDomain}` })).rejects.toThrow(/turned off by policy/);
    expect((await alice.core.state()).features?.groupChat).toBe(false);
  });
});

describe('corrections, retraction, markers and search', () => {
  it('corrects a message (shown as edited to the peer) and refuses retraction by default', async () => {
    const alice = await signedIn('alice');
    const bob = await signedIn('bob');
    const sent = await alice.core.handlers['chat:send']({ to: jid('bob'), body: 'Meeting at 3pm' });
    const id = sent.status === 'sent' ? sent.message.id : '';
    await bob.waitForEvent('chat:message', (m) => m.id === id);
    const fixed = await alice.core.handlers['chat:correct']({ to: jid('bob'), id, body: 'Meeting at 4pm' });
    expect(fixed.status).toBe('sent');
    const edited = await bob.waitForEvent('chat:message', (m) => m.id === id && m.edited === true);
    expect(edited.body).toBe('Meeting at 4pm');
    // Bob cannot "correct" Alice's message.
    await expect(bob.core.handlers['chat:correct']({ to: jid('alice'), id, body: 'hijack' })).resolves.toMatchObject({ status: 'refused' });
    // Retraction is off by default.
    await expect(alice.core.handlers['chat:retract']({ to: jid('bob'), id })).resolves.toMatchObject({ status: 'refused', reason: expect.stringMatching(/turned off by policy/) });
    // Read marker (XEP-0333): Bob reads, Alice sees "read".
    await bob.core.handlers['chat:open']({ jid: jid('alice') });
    await bob.core.handlers['chat:markRead']({ jid: jid('alice') });
    await alice.waitForEvent('chat:messageState', (s) => s.id === id && s.state === 'read', 'read marker');
    // Search the loaded history.
    const found = await bob.core.handlers['chat:search']({ query: '4PM' });
    expect(found.messages.map((m) => m.id)).toContain(id);
  });

  it('retracts when policy allows it, and the peer sees it retracted', async () => {
    const alice = await signedIn('alice', { MessageRetractionAllowed: true });
    const bob = await signedIn('bob');
    const sent = await alice.core.handlers['chat:send']({ to: jid('bob'), body: 'wrong chat, sorry' });
    const id = sent.status === 'sent' ? sent.message.id : '';
    await bob.waitForEvent('chat:message', (m) => m.id === id);
    await expect(alice.core.handlers['chat:retract']({ to: jid('bob'), id })).resolves.toEqual({ status: 'retracted' });
    const r = await bob.waitForEvent('chat:message', (m) => m.id === id && m.retracted === true);
    expect(r.body).toBe('');
  });
});

describe('contacts and presence', () => {
  // Other sessions of the same users (other resources) would mask the presence under test.
  beforeAll(async () => {
    for (const c of cores.splice(0)) await c.core.shutdown().catch(() => {});
  });

  it('adds a contact, the peer accepts, presence with status and idle shows, rename and remove work', async () => {
    const carol = await signedIn('carol');
    const dave = await signedIn('dave');
    // Dave publishes a vCard name; Carol's roster shows it when she has not named him.
    // (A peer's own profile, set up directly: the client itself publishes names only through the outbound path.)
    await new ContactManager(dave.core.session()!).publishOwnName('Dave Director' as ClearedText);
    await carol.core.handlers['contact:add']({ jid: jid('dave') });
    await dave.waitForEvent('contact:request', (r) => r.jid === jid('carol'));
    await dave.core.handlers['contact:respond']({ jid: jid('carol'), accept: true });
    await carol.waitForEvent('roster:changed', (list) => list.some((c) => c.jid === jid('dave') && (c.subscription === 'to' || c.subscription === 'both')));
    const idleSince = new Date(Date.now() - 10 * 60_000).toISOString();
    await dave.core.handlers['presence:set']({ show: 'away', status: 'In a hearing until 2', idleSince });
    const seen = await carol.waitForEvent('roster:changed', (list) => list.some((c) => c.jid === jid('dave') && c.presence === 'away'));
    expect(seen.find((c) => c.jid === jid('dave'))).toMatchObject({ status: 'In a hearing until 2', idleSince });
    await carol.core.handlers['contact:rename']({ jid: jid('dave'), name: 'Dave (Legal)' });
    await carol.waitForEvent('roster:changed', (list) => list.some((c) => c.jid === jid('dave') && c.name === 'Dave (Legal)'));
    await carol.core.handlers['contact:remove']({ jid: jid('dave') });
    await carol.waitForEvent('roster:changed', (list) => !list.some((c) => c.jid === jid('dave')));
  });

  it('refuses a subscription request when asked to', async () => {
    const alice = await signedIn('alice');
    const carol = await signedIn('carol');
    await alice.core.handlers['contact:add']({ jid: jid('carol') });
    await carol.waitForEvent('contact:request', (r) => r.jid === jid('alice'));
    await carol.core.handlers['contact:respond']({ jid: jid('alice'), accept: false });
    await new Promise((r) => setTimeout(r, 500));
    const roster = await alice.core.handlers['roster:list']({});
    expect(roster.find((c) => c.jid === jid('carol'))?.subscription).not.toMatch(/to|both/);
  });
});
