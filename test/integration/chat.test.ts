import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { waitFor } from '../support/ports';

let server: ProsodyServer;

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
});
afterAll(async () => {
  await server?.stop();
});

describe('1:1 chat against a real Prosody', () => {
  it('refuses a wrong password with a clear message', async () => {
    const a = makeCore(server);
    await expect(a.core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'wrong', remember: false })).rejects.toThrow(
      /not correct/,
    );
    expect((await a.core.state()).phase).toBe('signed-out');
  });

  it('refuses a server whose certificate is not signed by a trusted CA: verification is never off', async () => {
    const { makeCertificates } = await import('../support/certs');
    const { join } = await import('node:path');
    const other = makeCertificates(join(server.dir, 'other-ca'), [server.domain]);
    const a = makeCore(server, { XmppCaCertificateFile: other.caFile });
    await expect(a.core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'alice-pass-1', remember: false })).rejects.toThrow(
      /certificate/,
    );
  });

  it('signs in, exchanges messages both ways with receipts, and shows history after signing in again', async () => {
    const a = makeCore(server);
    const b = makeCore(server);
    const alice = `alice@${server.domain}`;
    const bob = `bob@${server.domain}`;
    const st = await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    expect(st.phase).toBe('online');
    await b.core.handlers['session:signIn']({ address: bob, password: 'bob-pass-1', remember: false });

    const sent = await a.core.handlers['chat:send']({ to: bob, body: 'Status report is ready <b>for review</b>' });
    expect(sent.status).toBe('sent');
    const id = sent.status === 'sent' ? sent.message.id : '';
    const got = await b.waitForEvent('chat:message', (m) => m.id === id, 'bob receives');
    expect(got.body).toBe('Status report is ready <b>for review</b>');
    expect(got.direction).toBe('in');
    await a.waitForEvent('chat:messageState', (s) => s.id === id && s.state === 'delivered', 'delivery receipt');

    const reply = await b.core.handlers['chat:send']({ to: alice, body: 'Thanks, reading it now' });
    const replyId = reply.status === 'sent' ? reply.message.id : '';
    await a.waitForEvent('chat:message', (m) => m.id === replyId && m.from === bob, 'alice receives');

    // Typing notifications
    await b.core.handlers['chat:setTyping']({ to: alice, state: 'composing' });
    await a.waitForEvent('chat:typing', (t) => t.jid === bob && t.state === 'composing');

    // History from the server archive after signing in again
    await a.core.handlers['session:signOut']({ forgetPassword: false });
    const a2 = makeCore(server);
    await a2.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    const history = await a2.core.handlers['chat:open']({ jid: bob });
    const bodies = history.messages.map((m) => m.body);
    expect(bodies).toContain('Status report is ready <b>for review</b>');
    expect(bodies).toContain('Thanks, reading it now');
    expect(new Set(history.messages.map((m) => m.id)).size).toBe(history.messages.length);
    await a2.core.shutdown();
    await b.core.shutdown();
  });

  it('survives a Prosody restart: a message sent while the server is down is delivered exactly once', async () => {
    const a = makeCore(server);
    const b = makeCore(server);
    const alice = `alice@${server.domain}`;
    const bob = `bob@${server.domain}`;
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    await b.core.handlers['session:signIn']({ address: bob, password: 'bob-pass-1', remember: false });

    const restarting = server.restart();
    await a.waitForEvent('session:state', (s) => s.phase === 'reconnecting', 'alice notices the outage');
    const sent = await a.core.handlers['chat:send']({ to: bob, body: 'sent during the outage' });
    expect(sent.status).toBe('sent');
    const id = sent.status === 'sent' ? sent.message.id : '';
    expect(sent.status === 'sent' && sent.message.state).toBe('pending');
    await restarting;
    await b.waitForEvent('chat:message', (m) => m.id === id, 'bob receives after restart');
    await a.waitForEvent('chat:messageState', (s) => s.id === id && s.state === 'delivered', 'delivered after restart');
    // Give any duplicate a chance to arrive, then count.
    await new Promise((r) => setTimeout(r, 1500));
    expect(b.of('chat:message').filter((m) => m.body === 'sent during the outage')).toHaveLength(1);
    const history = await b.core.handlers['chat:open']({ jid: alice });
    expect(history.messages.filter((m) => m.body === 'sent during the outage')).toHaveLength(1);
    await waitFor(() => a.of('session:state').some((s) => s.phase === 'online'));
    await a.core.shutdown();
    await b.core.shutdown();
  });
});

describe('remember password', () => {
  it('keeps the password only in the credential store, never in a file, and forgets it on request', async () => {
    const { readdirSync, readFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { createMemoryStore } = await import('../../main/core/credentials/credentialStore');
    const { createSettingsStore } = await import('../../main/core/settings');
    const dataDir = mkdtempSync(join(tmpdir(), 'aim-remember-'));
    const credentials = createMemoryStore();
    const a = makeCore(server, { RememberPasswordAllowed: true }, { credentials, settings: createSettingsStore(dataDir) });
    const alice = `alice@${server.domain}`;
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: true });
    expect(await credentials.get(alice)).toBe('alice-pass-1');
    const state = await a.core.state();
    expect(state).toMatchObject({ savedAddress: alice, hasSavedPassword: true });
    for (const f of readdirSync(dataDir)) expect(readFileSync(join(dataDir, f), 'utf8')).not.toContain('alice-pass-1');
    await a.core.handlers['session:signOut']({ forgetPassword: true });
    expect(await credentials.get(alice)).toBeNull();
    expect((await a.core.state()).hasSavedPassword).toBe(false);
  });

  it('does not remember when policy forbids it', async () => {
    const { createMemoryStore } = await import('../../main/core/credentials/credentialStore');
    const credentials = createMemoryStore();
    const a = makeCore(server, { RememberPasswordAllowed: false }, { credentials });
    const alice = `alice@${server.domain}`;
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: true });
    expect(await credentials.get(alice)).toBeNull();
    await a.core.shutdown();
  });
});
