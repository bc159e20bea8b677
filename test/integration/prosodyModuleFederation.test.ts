/**
 * mod_approved_im on federated one-to-one messages: two real Prosody processes (one.test and two.test),
 * each loading the module, federate over s2s on loopback (STARTTLS and dialback, both servers connecting to
 * each other; test/peers/prosody/mod_test_s2s_loopback.lua stands in for DNS). slixmpp users on both sides
 * chat in both directions; each message is tapped by the sending server (path s2s-out) and by the
 * receiving server (path s2s-in) with the sender and recipient as the servers authenticated them — the
 * remote sender as its own server asserted it over the verified s2s link. Control in the same setup: a
 * local message on one.test is tapped once, as "local". Same Merkle tree, no gaps, `verify` passes.
 * A third server without the module (three.test) shows the policy on what arrives over s2s: its user's
 * OMEMO message to one.test is bounced by one.test with the policy error and never delivered, while the
 * same user's plain text right after is delivered and recorded s2s-in (three.test records nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { freePort, waitFor } from '../support/ports';
import type { ProsodyServer } from '../support/prosody';
import { chatPeer, moduleProsody, startModuleRetention, type ChatPeer, type ModuleRetention } from './prosodyModuleHarness';

const SLOW = 180_000;

describe('mod_approved_im on federated messages (two Prosody servers over s2s)', () => {
  let rs: ModuleRetention;
  let one: ProsodyServer;
  let two: ProsodyServer;
  let three: ProsodyServer;
  const peers: ChatPeer[] = [];
  beforeAll(async () => {
    rs = await startModuleRetention('sqlite');
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    one = await moduleProsody(rs, { domain: 'one.test', s2s: { port: p1, peers: { 'two.test': p2, 'three.test': p3 } } });
    two = await moduleProsody(rs, { domain: 'two.test', s2s: { port: p2, peers: { 'one.test': p1 } } });
    three = await moduleProsody(rs, { module: false, domain: 'three.test', s2s: { port: p3, peers: { 'one.test': p1 } } });
    for (const u of ['alice', 'bob']) one.addUser(u, `${u}-pass-1`);
    two.addUser('carol', 'carol-pass-1');
    three.addUser('dave', 'dave-pass-1');
  }, SLOW);
  afterAll(async () => {
    for (const p of peers) await p.close();
    await one?.stop();
    await two?.stop();
    await three?.stop();
    await rs?.close();
  });

  it(
    'a message each way is tapped on both servers (s2s-out, s2s-in) with the authenticated sender and recipient; a local message once',
    async () => {
      const alice = await chatPeer(one, 'alice', 'alice-pass-1');
      const bob = await chatPeer(one, 'bob', 'bob-pass-1');
      const carol = await chatPeer(two, 'carol', 'carol-pass-1');
      peers.push(alice, bob, carol);
      const carolBare = `carol@${two.domain}`;
      const aliceBare = `alice@${one.domain}`;

      alice.send({ cmd: 'send', to: carolBare, body: 'hello carol, across the federation', id: 'f1' });
      const atCarol = await carol.waitFor((e) => e.event === 'message' && e.id === 'f1', 'alice’s message over s2s', 60_000);
      expect(atCarol.from).toBe(alice.jid);
      carol.send({ cmd: 'send', to: aliceBare, body: 'hi alice, from two.test', id: 'f2' });
      const atAlice = await alice.waitFor((e) => e.event === 'message' && e.id === 'f2', 'carol’s reply over s2s', 60_000);
      expect(atAlice.from).toBe(carol.jid);
      // Control: a local message on one.test.
      alice.send({ cmd: 'send', to: `bob@${one.domain}`, body: 'hello bob, next door', id: 'l1' });
      await bob.waitFor((e) => e.event === 'message' && e.id === 'l1', 'the local message');

      const wanted = (rs: StoredRecord[]) => rs.filter((r) => r.meta?.source === 'xmpp-server' && r.kind === 'message');
      const records = await waitFor(async () => {
        const r = wanted(await rs.records({ participant: aliceBare }));
        return r.length >= 5 ? r : undefined;
      }, { timeoutMs: 30_000, what: 'five server records' });
      const of = (mid: string, host: string) => records.filter((r) => r.meta?.messageId === mid && r.meta?.host === host);

      // alice@one.test → carol@two.test: one.test hands it to s2s, two.test receives it from the verified link.
      expect(of('f1', one.domain)).toHaveLength(1);
      expect(of('f1', one.domain)[0]).toMatchObject({
        deviceId: `xmpp-server:${one.domain}`,
        sender: aliceBare,
        recipients: [carolBare],
        body: 'hello carol, across the federation',
        meta: expect.objectContaining({ path: 's2s-out', senderFull: alice.jid, to: carolBare }),
      });
      expect(of('f1', two.domain)).toHaveLength(1);
      expect(of('f1', two.domain)[0]).toMatchObject({
        deviceId: `xmpp-server:${two.domain}`,
        sender: aliceBare,
        recipients: [carolBare],
        body: 'hello carol, across the federation',
        meta: expect.objectContaining({ path: 's2s-in', senderFull: alice.jid }),
      });
      // The receiving server's stanza-id (carol's archive) is the one carol saw.
      expect(of('f1', two.domain)[0]?.stanzaId).toBe(atCarol.stanzaId);

      // carol@two.test → alice@one.test: the other way round.
      expect(of('f2', two.domain)).toHaveLength(1);
      expect(of('f2', two.domain)[0]).toMatchObject({
        sender: carolBare,
        recipients: [aliceBare],
        meta: expect.objectContaining({ path: 's2s-out', senderFull: carol.jid }),
      });
      expect(of('f2', one.domain)).toHaveLength(1);
      expect(of('f2', one.domain)[0]).toMatchObject({
        sender: carolBare,
        recipients: [aliceBare],
        body: 'hi alice, from two.test',
        meta: expect.objectContaining({ path: 's2s-in', senderFull: carol.jid }),
      });
      expect(of('f2', one.domain)[0]?.stanzaId).toBe(atAlice.stanzaId);

      // Control: the local message, once, on one.test only.
      expect(records.filter((r) => r.meta?.messageId === 'l1')).toHaveLength(1);
      expect(of('l1', one.domain)[0]).toMatchObject({ sender: aliceBare, recipients: [`bob@${one.domain}`], meta: expect.objectContaining({ path: 'local' }) });

      // Each server is its own device with a gap-free sequence, in the same tree that `verify` checks.
      for (const s of [one, two]) {
        const gaps = (await rs.get(`/v1/devices/${encodeURIComponent(`xmpp-server:${s.domain}`)}/gaps`)) as { missing: number };
        expect(gaps.missing, s.domain).toBe(0);
      }
      const verify = await rs.verify();
      expect(verify.code, verify.output).toBe(0);
    },
    SLOW,
  );

  it(
    'a federated server without the module: its OMEMO message is bounced by ours on arrival, its plain text is delivered and recorded s2s-in',
    async () => {
      const alice = peers.find((p) => p.jid.startsWith(`alice@${one.domain}/`)) ?? (await chatPeer(one, 'alice', 'alice-pass-1'));
      if (!peers.includes(alice)) peers.push(alice);
      const dave = await chatPeer(three, 'dave', 'dave-pass-1');
      peers.push(dave);
      const aliceBare = `alice@${one.domain}`;
      dave.send({ cmd: 'send', to: aliceBare, body: 'I sent you an OMEMO encrypted message.', id: 'x1', omemo: true });
      dave.send({ cmd: 'send', to: aliceBare, body: 'plain text from three.test', id: 'x2' });
      await alice.waitFor((e) => e.event === 'message' && e.id === 'x2', 'dave’s plain message over s2s', 60_000);
      const err = await dave.waitFor((e) => e.event === 'error' && e.id === 'x1', 'the bounce from one.test', 30_000);
      expect(err).toMatchObject({ condition: 'policy-violation', type: 'modify' });
      expect(String(err.text)).toContain('cannot be retained');
      expect(alice.events.some((e) => e.event === 'message' && e.id === 'x1')).toBe(false);
      expect(dave.events.some((e) => e.event === 'error' && e.id === 'x2')).toBe(false);

      const recorded = await waitFor(async () => {
        const r = (await rs.records({ participant: aliceBare })).filter((x) => x.meta?.source === 'xmpp-server' && x.meta?.messageId === 'x2');
        return r.length >= 1 ? r : undefined;
      }, { timeoutMs: 30_000, what: 'the s2s-in record of x2' });
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({ sender: `dave@${three.domain}`, meta: expect.objectContaining({ host: one.domain, path: 's2s-in', senderFull: dave.jid }) });
      const all = await rs.records({ participant: aliceBare });
      expect(all.filter((x) => x.meta?.messageId === 'x1')).toEqual([]);
      expect(all.some((x) => x.deviceId === `xmpp-server:${three.domain}`)).toBe(false);
    },
    SLOW,
  );
});
