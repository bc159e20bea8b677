/**
 * mod_approved_im end to end: a real Prosody loading the module on the VirtualHost and the MUC component,
 * the real retention server (SQLite and PostgreSQL) and clients we did not write (slixmpp), plus our own
 * client core with its journal.
 *  - two slixmpp users chat: every message (corrections, retractions, a no-store hint, a room message
 *    once) is on the retention server; reconciliation lists them server-only and the sessions unapproved;
 *  - our client and a slixmpp user chat: the messages reconcile (server and client records matched).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { postgresAvailable } from '../support/postgres';
import { waitFor } from '../support/ports';
import type { ProsodyServer } from '../support/prosody';
import { journaledCore } from '../support/journalHarness';
import { chatPeer, moduleProsody, startModuleRetention, type ChatPeer, type ModuleRetention } from './prosodyModuleHarness';
import pkg from '../../package.json';

const SLOW = 120_000;

const isServer = (r: StoredRecord) => r.meta?.source === 'xmpp-server';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable())(`mod_approved_im → retention server on ${kind}`, () => {
    let rs: ModuleRetention;
    let prosody: ProsodyServer;
    const peers: ChatPeer[] = [];
    beforeAll(async () => {
      rs = await startModuleRetention(kind);
      // Rooms open at once (no configuration step for the slixmpp owner).
      prosody = await moduleProsody(rs, { options: { muc_room_locking: false } });
      for (const u of ['alice', 'bob', 'carol', 'dave']) prosody.addUser(u, `${u}-pass-1`);
      // The retention server's own XMPP account on this Prosody, so our client's journal enrolls (issue 12).
      await rs.attachXmpp({ prosody });
    }, SLOW);
    afterAll(async () => {
      for (const p of peers) await p.close();
      await prosody?.stop();
      await rs?.close();
    });
    const jid = (u: string) => `${u}@${prosody.domain}`;
    const serverRecords = async (participant: string) => (await rs.records({ participant })).filter(isServer);

    it(
      'two slixmpp users chat: every message is retained once with the server’s stanza-id, and reconciliation lists them server-only and the sessions unapproved',
      async () => {
        const start = new Date(Date.now() - 1000).toISOString();
        const alice = await chatPeer(prosody, 'alice', 'alice-pass-1');
        const bob = await chatPeer(prosody, 'bob', 'bob-pass-1', { name: 'Gajim', version: '1.8.4' });
        peers.push(alice, bob);
        alice.send({ cmd: 'send', to: jid('bob'), body: 'hello bob', id: 'm1', originId: 'm1' });
        bob.send({ cmd: 'send', to: alice.jid, body: 'hi alice, full JID', id: 'm2' });
        alice.send({ cmd: 'send', to: jid('bob'), body: 'not for the archive', id: 'm3', hints: ['no-store', 'no-permanent-store'] });
        alice.send({ cmd: 'send', to: jid('bob'), body: 'hello bob (edited)', id: 'm4', replace: 'm1' });
        alice.send({ cmd: 'send', to: jid('bob'), body: 'This person attempted to retract a previous message', id: 'm5', retract: 'm3' });
        await bob.waitFor((e) => e.event === 'message' && e.id === 'm5', 'the retraction');
        await alice.waitFor((e) => e.event === 'message' && e.id === 'm2', 'bob’s reply');
        // A room: both join, one message → one server record, from the MUC component.
        const room = `ops@${prosody.mucDomain}`;
        for (const [p, nick] of [[alice, 'Alice'], [bob, 'Bob']] as const) {
          const ref = p.send({ cmd: 'join', room, nick });
          const joined = await p.waitFor((e) => e.ref === ref && e.event !== 'sent', 'join the room');
          expect(joined.event, JSON.stringify(joined)).toBe('joined');
        }
        alice.send({ cmd: 'send', to: room, type: 'groupchat', body: 'hello room', id: 'g1' });
        await bob.waitFor((e) => e.event === 'message' && e.id === 'g1', 'the room message');

        const records = await waitFor(async () => {
          const r = await serverRecords(jid('alice'));
          return r.filter((x) => x.kind !== 'xmpp-session').length >= 6 ? r : undefined;
        }, { timeoutMs: 20_000, what: 'six server records' });
        const byId = (mid: string) => records.filter((r) => r.meta?.messageId === mid && r.kind !== 'xmpp-session');
        for (const mid of ['m1', 'm2', 'm3', 'm4', 'm5', 'g1']) expect(byId(mid), mid).toHaveLength(1);
        const m1 = byId('m1')[0]!;
        expect(m1).toMatchObject({ kind: 'message', sender: jid('alice'), recipients: [jid('bob')], conversation: jid('bob'), body: 'hello bob', conversationType: 'chat' });
        expect(m1.meta).toMatchObject({ senderFull: alice.jid, path: 'local', source: 'xmpp-server' });
        // The server's stanza-id (mod_mam, by the recipient) is the record's stanzaId and what bob saw.
        const bobSaw = bob.events.find((e) => e.event === 'message' && e.id === 'm1');
        expect(m1.stanzaId).toBeTruthy();
        expect(m1.stanzaId).toBe(bobSaw?.stanzaId);
        expect(byId('m2')[0]).toMatchObject({ sender: jid('bob'), recipients: [jid('alice')], body: 'hi alice, full JID' });
        // A processing hint does not stop the tap (MAM did not store it, so no stanza-id).
        expect(byId('m3')[0]).toMatchObject({ body: 'not for the archive', meta: expect.objectContaining({ hints: 'no-store no-permanent-store' }) });
        expect(byId('m3')[0]?.stanzaId).toBeUndefined();
        expect(byId('m4')[0]).toMatchObject({ kind: 'correction', body: 'hello bob (edited)', meta: expect.objectContaining({ replacesMessageId: 'm1' }) });
        expect(byId('m5')[0]).toMatchObject({ kind: 'retraction', meta: expect.objectContaining({ replacesMessageId: 'm3' }) });
        expect(byId('g1')[0]).toMatchObject({ conversationType: 'groupchat', conversation: room, sender: jid('alice'), meta: expect.objectContaining({ occupant: `${room}/Alice`, path: 'muc' }) });
        expect(byId('g1')[0]?.stanzaId).toBeTruthy();

        const sessions = await waitFor(async () => {
          const s = (await rs.records({ participant: jid('bob') })).filter((r) => r.kind === 'xmpp-session');
          return s.length >= 1 ? s : undefined;
        }, { timeoutMs: 20_000, what: 'bob’s session report' });
        expect(sessions[0]?.meta).toMatchObject({ software: 'Gajim', softwareVersion: '1.8.4', approved: 'false', action: 'reported' });

        const rec = await rs.reconciliation(start, new Date(Date.now() + 1000).toISOString());
        const serverOnly = new Set(rec.serverOnly.map((r) => r.messageId));
        for (const mid of ['m1', 'm2', 'm3', 'm4', 'm5', 'g1']) expect(serverOnly.has(mid), mid).toBe(true);
        expect(rec.serverOnly.find((r) => r.messageId === 'm2')?.senderSoftware).toMatchObject({ name: 'Gajim', approved: false });
        const unapproved = rec.unapprovedSessions.map((s) => s.jid);
        expect(unapproved).toContain(alice.jid);
        expect(unapproved).toContain(bob.jid);
        expect(rec.unapprovedSessions.find((s) => s.jid === alice.jid)).toMatchObject({ software: null, action: 'reported' });

        // Same Merkle tree, same verify.
        const verify = await rs.verify();
        expect(verify.code, verify.output).toBe(0);
      },
      SLOW,
    );

    it(
      'our client and a slixmpp user chat: server and client records match, and our client’s session is approved',
      async () => {
        const start = new Date(Date.now() - 1000).toISOString();
        const carol = journaledCore(prosody, rs);
        const dave = await chatPeer(prosody, 'dave', 'dave-pass-1');
        peers.push(dave);
        try {
          await carol.core.handlers['session:signIn']({ address: jid('carol'), password: 'carol-pass-1', remember: false });
          const sent = await carol.send(jid('dave'), 'status report for dave');
          expect(sent.status).toBe('sent');
          const sentId = sent.status === 'sent' ? sent.message!.id : '';
          const inbound = await dave.waitFor((e) => e.event === 'message' && e.body === 'status report for dave', 'carol’s message');
          expect(inbound.id).toBe(sentId);
          dave.send({ cmd: 'send', to: jid('carol'), body: 'thanks carol', id: 'd1' });
          await carol.waitForEvent('chat:message', (m) => (m as { body?: string }).body === 'thanks carol', 'dave’s reply');

          const rec = await waitFor(async () => {
            const r = await rs.reconciliation(start, new Date(Date.now() + 1000).toISOString());
            const matchedBoth = !r.serverOnly.some((s) => s.messageId === sentId || s.messageId === 'd1') && r.serverRecords >= 2;
            return matchedBoth && r.unapprovedSessions.some((s) => s.jid === dave.jid) ? r : undefined;
          }, { timeoutMs: 30_000, what: 'both messages reconciled' });
          expect(rec.matched).toBeGreaterThanOrEqual(2);
          expect(rec.bodyMismatches).toEqual([]);
          expect(rec.clientOnly.filter((c) => c.messageId === sentId || c.messageId === 'd1')).toEqual([]);
          // The enrollment proof carol's client sent the retention server's own account: the server tap has it,
          // no client journals it, and reconciliation leaves it out rather than listing it server-only.
          const proofs = (await rs.records({ participant: rs.xmppJid! })).filter((r) => isServer(r) && r.kind === 'message' && r.sender === jid('carol'));
          expect(proofs.length).toBeGreaterThanOrEqual(1);
          const proofIds = new Set(proofs.map((p) => p.recordId));
          expect(rec.serverOnly.filter((m) => proofIds.has(m.recordId))).toEqual([]);
          // Control in the same run: dave's own session is unapproved, carol's (Approved IM) is not.
          expect(rec.unapprovedSessions.some((s) => s.jid.startsWith(`${jid('carol')}/`))).toBe(false);
          const carolSessions = (await rs.records({ participant: jid('carol') })).filter((r) => r.kind === 'xmpp-session');
          // XEP-0092: our client answers with its product name and version (package.json), as enforce mode with a
          // minimum version needs.
          expect(carolSessions.at(-1)?.meta).toMatchObject({ software: 'Approved IM', softwareVersion: pkg.version, approved: 'true' });
        } finally {
          await carol.close();
        }
      },
      SLOW,
    );
  });
}
