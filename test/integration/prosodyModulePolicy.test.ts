/**
 * mod_approved_im's policy at the server, for clients we did not write (slixmpp):
 *  - every file-transfer offer (SI, IBB, SOCKS5, OOB iq, Jingle file transfer) and the HTTP upload slot
 *    request are refused by the server with the protocol's error; control: on a Prosody without the
 *    module the same offers reach the peer and the upload slot is granted;
 *  - OMEMO, OX and OTR messages are bounced with an explanation and not delivered; control: plain text
 *    from the same sender right after is delivered;
 *  - enforce mode closes sessions that do not identify as an approved client and version, with a clear
 *    stream error; control: approved software (slixmpp saying so, and our own client) stays connected.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_VERSION } from '../../main/core/version';
import { makeCore } from '../support/clientHarness';
import type { ProsodyServer } from '../support/prosody';
import { runPeer } from '../peers/runPeer';
import { chatPeer, moduleProsody, startModuleRetention, type ChatPeer, type ModuleRetention } from './prosodyModuleHarness';

const SLOW = 120_000;
const FT_TEXT = 'File transfer is blocked by policy 630-04 on this server: send text only.';
const OFFERS = ['si', 'ibb', 's5b', 'oob-iq', 'jingle', 'upload'];

let rs: ModuleRetention;
const peers: ChatPeer[] = [];
const servers: ProsodyServer[] = [];

beforeAll(async () => {
  rs = await startModuleRetention('sqlite');
}, SLOW);
afterAll(async () => {
  for (const p of peers) await p.close();
  for (const s of servers) await s.stop();
  await rs?.close();
});

async function server(opts: Parameters<typeof moduleProsody>[1] = {}): Promise<ProsodyServer> {
  const s = await moduleProsody(rs, { ...opts, options: { muc_room_locking: false, ...opts.options } });
  servers.push(s);
  for (const u of ['alice', 'bob']) s.addUser(u, `${u}-pass-1`);
  return s;
}

async function waitForSession(s: ProsodyServer, jid: string, action: string, software: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await rs.records({ participant: jid })).find((r) => r.kind === 'xmpp-session' && r.meta?.action === action && r.meta.software === software);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no xmpp-session record "${action}" of ${software} for ${jid} on ${s.domain}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function peer(s: ProsodyServer, local: string, software: { name: string; version?: string } | null = null): Promise<ChatPeer> {
  const p = await chatPeer(s, local, `${local}-pass-1`, software);
  peers.push(p);
  return p;
}

describe('file transfer is refused by the server for every client', () => {
  it(
    'SI, IBB, SOCKS5, OOB iq, Jingle file transfer and an upload slot request each get the protocol’s error; without the module they reach the peer',
    async () => {
      const file = join(tmpdir(), 'aim-report.pdf');
      writeFileSync(file, '%PDF-1.4 quarterly report\n');
      const results = async (s: ProsodyServer) => {
        const bob = await peer(s, 'bob');
        const run = await runPeer({ server: s, local: 'alice', password: 'alice-pass-1', target: bob.jid, actions: ['disco', ...OFFERS], file, timeoutMs: 60_000 });
        return run.results;
      };
      const [on, off] = await Promise.all([server({ httpUpload: true }), server({ httpUpload: true, module: false })]);
      const refused = await results(on);
      expect(refused.get('disco')).toMatchObject({ outcome: 'result' }); // ordinary iqs still pass
      const expected: Record<string, string> = { si: 'forbidden', ibb: 'not-acceptable', s5b: 'not-acceptable', 'oob-iq': 'not-acceptable', jingle: 'forbidden', upload: 'not-allowed' };
      for (const action of OFFERS) {
        expect(refused.get(action), action).toMatchObject({ outcome: 'error', condition: expected[action], text: FT_TEXT });
      }
      // Control: the same offers on a Prosody without the module reach bob's client (which declines in its
      // own words), and the upload component grants a slot.
      const passed = await results(off);
      expect(passed.get('upload')).toMatchObject({ outcome: 'sent' });
      expect(String(passed.get('upload')?.url)).toMatch(/^https?:\/\//);
      for (const action of OFFERS.filter((a) => a !== 'upload')) {
        expect(passed.get(action)?.text ?? '', action).not.toBe(FT_TEXT);
      }
    },
    SLOW,
  );
});

describe('end-to-end-encrypted payloads are bounced', () => {
  it(
    'OMEMO, OX and OTR messages get a policy-violation error explaining why and never reach the peer; plain text right after does',
    async () => {
      const s = await server();
      const alice = await peer(s, 'alice');
      const bob = await peer(s, 'bob');
      const to = `bob@${s.domain}`;
      alice.send({ cmd: 'send', to, body: 'I sent you an OMEMO encrypted message but your client doesn’t seem to support that.', id: 'e1', omemo: true });
      alice.send({ cmd: 'send', to, body: 'This is an OpenPGP for XMPP encrypted message.', id: 'e2', ox: true });
      alice.send({ cmd: 'send', to, body: '?OTRv3? alice has requested an Off-the-Record private conversation.', id: 'e3' });
      alice.send({ cmd: 'send', to, body: 'plain text is fine', id: 'p1' });
      await bob.waitFor((e) => e.event === 'message' && e.id === 'p1', 'the plain message');
      for (const id of ['e1', 'e2', 'e3']) {
        const err = await alice.waitFor((e) => e.event === 'error' && e.id === id, `the bounce of ${id}`);
        expect(err).toMatchObject({ condition: 'policy-violation', type: 'modify' });
        expect(String(err.text)).toContain('cannot be retained');
      }
      expect(bob.events.filter((e) => e.event === 'message' && ['e1', 'e2', 'e3'].includes(String(e.id)))).toEqual([]);
      expect(alice.events.some((e) => e.event === 'error' && e.id === 'p1')).toBe(false);
      // Bounced messages are not records; the plain one is.
      const ids = async () => (await rs.records({ participant: `alice@${s.domain}` })).map((r) => r.meta?.messageId);
      for (let i = 0; i < 50 && !(await ids()).includes('p1'); i++) await new Promise((r) => setTimeout(r, 200));
      const stored = await ids();
      expect(stored).toContain('p1');
      expect(stored.filter((id) => ['e1', 'e2', 'e3'].includes(String(id)))).toEqual([]);

      // In a room too: OMEMO bounced, plain text delivered to the other occupant.
      const room = `e2ee@${s.mucDomain}`;
      for (const [p, nick] of [[alice, 'Alice'], [bob, 'Bob']] as const) {
        const ref = p.send({ cmd: 'join', room, nick });
        const joined = await p.waitFor((e) => e.ref === ref && e.event !== 'sent', 'join the room');
        expect(joined.event, JSON.stringify(joined)).toBe('joined');
      }
      alice.send({ cmd: 'send', to: room, type: 'groupchat', body: 'I sent you an OMEMO encrypted message.', id: 'ge1', omemo: true });
      alice.send({ cmd: 'send', to: room, type: 'groupchat', body: 'plain text in the room', id: 'gp1' });
      await bob.waitFor((e) => e.event === 'message' && e.id === 'gp1', 'the plain room message');
      const roomErr = await alice.waitFor((e) => e.event === 'error' && e.id === 'ge1', 'the room bounce');
      expect(roomErr).toMatchObject({ condition: 'policy-violation' });
      expect(bob.events.some((e) => e.event === 'message' && e.id === 'ge1')).toBe(false);
    },
    SLOW,
  );
});

describe('enforce mode', () => {
  it(
    'closes sessions that are not an approved client and version with a policy-violation stream error; approved ones stay',
    async () => {
      // Our client must say its version (XEP-0092) for a minimum version to admit it.
      const s = await server({ options: { approved_im_clients: 'enforce', approved_im_approved_clients: [`Approved IM >= ${CLIENT_VERSION}`, 'Partner Client >= 2.0'] } });
      const plain = await peer(s, 'alice'); // slixmpp, no version answer
      const old = await peer(s, 'bob', { name: 'Partner Client', version: '1.9.9' });
      for (const p of [plain, old]) {
        const err = await p.waitFor((e) => e.event === 'stream-error', 'the stream error');
        expect(err.condition).toBe('policy-violation');
        expect(String(err.text)).toContain('accepts only approved client software');
        await p.waitFor((e) => e.event === 'disconnected', 'disconnection');
      }
      // Controls: an approved version (slixmpp saying so) and our own client stay connected and can chat.
      const partner = await peer(s, 'alice', { name: 'Partner Client', version: '2.1' });
      const core = makeCore(s);
      try {
        await core.core.handlers['session:signIn']({ address: `bob@${s.domain}`, password: 'bob-pass-1', remember: false });
        await new Promise((r) => setTimeout(r, 2500)); // past the identification round trip
        partner.send({ cmd: 'send', to: `bob@${s.domain}`, body: 'still here', id: 'ok1' });
        await core.waitForEvent('chat:message', (m) => (m as { body?: string }).body === 'still here', 'the partner’s message');
        expect(partner.events.some((e) => e.event === 'stream-error' || e.event === 'disconnected')).toBe(false);
        const sessions = (await rs.records({ participant: `bob@${s.domain}` })).filter((r) => r.kind === 'xmpp-session');
        expect(sessions.some((r) => r.meta?.action === 'closed' && r.meta.software === 'Partner Client')).toBe(true);
        expect(sessions.some((r) => r.meta?.approved === 'true' && r.meta.software === 'Approved IM' && r.meta.softwareVersion === CLIENT_VERSION)).toBe(true);
      } finally {
        await core.core.shutdown();
      }
    },
    SLOW,
  );

  it(
    'our own client below the approved minimum version is closed too, says why and does not reconnect; the same client with its version approved stays (control above)',
    async () => {
      const s = await server({ options: { approved_im_clients: 'enforce', approved_im_approved_clients: ['Approved IM >= 999.0'] } });
      const core = makeCore(s);
      try {
        await core.core.handlers['session:signIn']({ address: `alice@${s.domain}`, password: 'alice-pass-1', remember: false });
        const closedAt = await waitForSession(s, `alice@${s.domain}`, 'closed', 'Approved IM');
        expect(closedAt.meta).toMatchObject({ software: 'Approved IM', softwareVersion: CLIENT_VERSION, approved: 'false' });
        // The user is told why, in the server's words, and the client does not knock again every second.
        const left = await core.waitForEvent('session:state', (st) => st.phase === 'offline' && !!st.error, 'the session to go offline with a reason');
        expect(left.error).toContain('The server closed the session:');
        expect(left.error).toContain('accepts only approved client software');
        await new Promise((r) => setTimeout(r, 4000)); // reconnects come 1 s apart
        const closed = (await rs.records({ participant: `alice@${s.domain}` })).filter((r) => r.kind === 'xmpp-session' && r.meta?.action === 'closed' && r.meta.software === 'Approved IM');
        expect(closed).toHaveLength(1);
      } finally {
        await core.core.shutdown();
      }
    },
    SLOW,
  );
});
