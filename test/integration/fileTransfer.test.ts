/**
 * Policy 630-04 "IM file transfers shall be blocked", against a real Prosody and real peers that no
 * one here wrote: Debian's python3-slixmpp (test/peers/file_sender.py drives its plugins) and
 * go-sendxmpp. The client under test is the core wired exactly as composeClient wires it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { createSettingsStore } from '../../main/core/settings';
import { createMemoryAuditSink, type RefusedTransferEvent } from '../../main/core/audit';
import { silentLogger } from '../../main/core/log';
import { createFileTransferPolicy, FILE_SHARING_NOTICE, PEER_REFUSAL_TEXT } from '../../main/core/transfer';
import { FILE_TRANSFER_NAMESPACES, isFileTransferNamespace } from '../../main/core/transfer/namespaces';
import { capsVerification } from '../../main/core/xmpp/disco';
import { goSendxmppUpload, runPeer, type PeerRun } from '../peers/runPeer';
import { filesContaining, listTree } from '../peers/diskCheck';

let server: ProsodyServer;
let client: ReturnType<typeof makeCore>;
let audit: ReturnType<typeof createMemoryAuditSink>;
let dataDir: string;
let peerDir: string;
let offered: string;
let target: string;
let dataBefore: string[];
const marker = `APPROVED-IM-MARKER-${randomUUID()}`;
const startedAt = Date.now();
const alice = () => `alice@${server.domain}`;
const peerJid = () => `peer@${server.domain}`;
const refusals = () => audit.events.filter((e): e is RefusedTransferEvent => e.type === 'refused-transfer');

beforeAll(async () => {
  server = await startProsody({ httpUpload: true });
  server.addUser('alice', 'alice-pass-1');
  server.addUser('peer', 'peer-pass-1');
  peerDir = mkdtempSync(join(tmpdir(), 'aim-peer-'));
  offered = join(peerDir, 'quarterly-report.pdf');
  writeFileSync(offered, `%PDF-1.4\n% ${marker}\n${'0123456789'.repeat(200)}\n%%EOF\n`);
  dataDir = mkdtempSync(join(tmpdir(), 'aim-client-data-'));
  audit = createMemoryAuditSink();
  const transfer = createFileTransferPolicy({ audit, log: silentLogger });
  client = makeCore(server, {}, {
    settings: createSettingsStore(dataDir),
    inboundGuards: [transfer.inboundGuard],
    sendGates: [transfer.sendGate],
    onSession: transfer.attach,
    outboundGuard: transfer.outboundGuard,
  });
  await client.core.handlers['session:signIn']({ address: alice(), password: 'alice-pass-1', remember: false });
  target = client.core.session()!.jid;
  expect(target).toContain('/'); // iq offers go to the full JID
  dataBefore = listTree(dataDir);
});

afterAll(async () => {
  await client?.core.shutdown();
  await server?.stop();
});

const peer = (actions: string[]): Promise<PeerRun> => runPeer({ server, local: 'peer', password: 'peer-pass-1', target, actions, file: offered });

describe('file transfer is refused everywhere (real Prosody, slixmpp and go-sendxmpp peers)', () => {
  it('advertises no file-transfer feature: disco#info from a peer, and the caps hash of exactly that', async () => {
    const run = await peer(['disco']);
    const disco = run.results.get('disco')!;
    expect(disco.outcome).toBe('result');
    const features = disco.features as string[];
    expect(features.length).toBeGreaterThan(3);
    expect(features.filter((f) => isFileTransferNamespace(f))).toEqual([]);
    for (const ns of [...FILE_TRANSFER_NAMESPACES, 'urn:xmpp:jingle:apps:file-transfer:5', 'http://jabber.org/protocol/si/profile/file-transfer', 'urn:xmpp:http:upload:0', 'urn:xmpp:sims:1', 'urn:xmpp:sfs:0']) {
      expect(features).not.toContain(ns);
    }
    // The peer computed the XEP-0115 hash from what it saw; the client answers for that caps node only
    // if it is the hash it advertises in presence, with the same features.
    expect(disco.ver).toBe(capsVerification());
    expect(disco.nodeFeatures).toEqual(features);
  });

  it('answers SI, IBB, SOCKS5 and OOB offers with the protocol’s refusal, and declines Jingle', async () => {
    const before = refusals().length;
    const run = await peer(['si', 'ibb', 's5b', 'oob-iq', 'jingle', 'ibb-message', 'jingle-info', 'fis', 'bob-get']);
    const r = (a: string) => run.results.get(a)!;
    expect(r('si')).toMatchObject({ outcome: 'error', type: 'cancel', condition: 'forbidden', text: PEER_REFUSAL_TEXT }); // XEP-0095 "Offer Declined"
    expect(r('ibb')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' }); // XEP-0047 §2.2
    expect(r('s5b')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' }); // XEP-0065 §5.3.1
    expect(r('oob-iq')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' }); // XEP-0066 §3.2
    // XEP-0166/0234: the session-initiate is acknowledged, then terminated with <decline/>.
    expect(r('jingle')).toMatchObject({ outcome: 'terminated', ackType: 'result', jingleAction: 'session-terminate', sidMatches: true, from: target });
    expect((r('jingle').reasons as string[])[0]).toBe('decline');
    expect(r('jingle-info')).toMatchObject({ outcome: 'error', condition: 'item-not-found' }); // XEP-0166 unknown-session
    expect(r('fis')).toMatchObject({ outcome: 'error', condition: 'forbidden' }); // XEP-0329 file lists
    expect(r('bob-get')).toMatchObject({ outcome: 'error', condition: 'item-not-found' }); // XEP-0231
    // The streamhost and OOB URL were traps: the client never connected to either.
    expect(run.trapHits).toEqual([]);

    const events = refusals().slice(before);
    const byProtocol = (p: string) => events.filter((e) => e.protocol === p);
    expect(byProtocol('si-file-transfer')).toEqual([expect.objectContaining({ direction: 'in', peer: peerJid(), action: 'error-forbidden', mediaType: 'application/pdf' })]);
    expect(byProtocol('ibb').map((e) => e.action).sort()).toEqual(['error-not-acceptable', 'ignored']);
    expect(byProtocol('socks5-bytestreams')).toEqual([expect.objectContaining({ action: 'error-not-acceptable' })]);
    expect(byProtocol('oob-iq')).toEqual([expect.objectContaining({ action: 'error-not-acceptable' })]);
    expect(byProtocol('jingle-ft')).toEqual([expect.objectContaining({ action: 'session-terminate-decline', sid: expect.any(String), size: expect.any(Number) })]);
    expect(byProtocol('file-information')).toEqual([expect.objectContaining({ action: 'error-forbidden' })]);
    expect(byProtocol('bits-of-binary')).toEqual([expect.objectContaining({ action: 'error-item-not-found' })]);
    // No file names, no bodies in audit events.
    expect(JSON.stringify(events)).not.toMatch(/quarterly-report|Quarterly report/);
    // Offers are not messages: nothing reached the conversation.
    expect(client.of('chat:message').filter((m) => m.from === peerJid())).toEqual([]);
  });

  it('shows file-sharing messages as plain text with the notice and never fetches the file', async () => {
    const before = refusals().length;
    const run = await peer(['oob-message', 'upload', 'sims', 'sfs', 'oob-correction', 'text']);
    for (const a of ['oob-message', 'upload', 'sims', 'sfs', 'oob-correction', 'text']) expect(run.results.get(a)?.outcome, `${a}: ${JSON.stringify(run.results.get(a))}`).toBe('sent');
    const uploadUrl = run.results.get('upload')!.url as string;
    expect(uploadUrl).toMatch(/^http:\/\/localhost:\d+\/file_share\//); // a real XEP-0363 upload to Prosody

    const shown = async (body: string) => client.waitForEvent('chat:message', (m) => m.body === body && m.from === peerJid(), body);
    for (const a of ['oob-message', 'upload', 'sims', 'sfs']) {
      const m = await shown(run.results.get(a)!.body as string);
      expect(m.notice, a).toBe(FILE_SHARING_NOTICE);
      expect(m.body).toBe(run.results.get(a)!.body); // the text, as text
    }
    // A correction (XEP-0308) that turns a harmless message into a file link gets the notice too.
    const corrected = await client.waitForEvent('chat:message', (m) => m.id === run.results.get('oob-correction')!.originalId && m.edited === true, 'corrected message');
    expect(corrected).toMatchObject({ body: run.results.get('oob-correction')!.body, notice: FILE_SHARING_NOTICE });
    const plain = await shown('plain text from the peer');
    expect(plain.notice).toBeUndefined();

    // go-sendxmpp: its own XEP-0363 upload, then a message with the link and OOB.
    const home = mkdtempSync(join(tmpdir(), 'aim-gosendxmpp-'));
    const sent = goSendxmppUpload({ server, local: 'peer', password: 'peer-pass-1', to: alice(), file: offered, home });
    expect(sent.status, sent.output).toBe(0);
    const viaGo = await client.waitForEvent('chat:message', (m) => m.from === peerJid() && /\/file_share\/.*quarterly-report\.pdf$/.test(m.body) && m.body !== uploadUrl, 'go-sendxmpp upload link');
    expect(viaGo.notice).toBe(FILE_SHARING_NOTICE);

    expect(run.trapHits).toEqual([]);
    const events = refusals().slice(before);
    // slixmpp's OOB message, its upload (link + OOB), its OOB correction, go-sendxmpp's upload (link + OOB), SIMS, SFS.
    expect(events.map((e) => e.protocol).sort()).toEqual(['file-sharing', 'oob', 'oob', 'oob', 'oob', 'sims']);
    expect(events.every((e) => e.direction === 'in' && e.action === 'notice' && e.peer === peerJid())).toBe(true);

    // The archive (MAM) shows the same messages with the same notice, and does not audit them again.
    const countBefore = refusals().length;
    const history = await client.core.handlers['chat:open']({ jid: peerJid() });
    const fromArchive = history.messages.filter((m) => m.body === uploadUrl || m.body === 'the plan' || m.body === 'photo from the site visit');
    expect(fromArchive.length).toBeGreaterThanOrEqual(3);
    for (const m of fromArchive) expect(m.notice).toBe(FILE_SHARING_NOTICE);
    expect(history.messages.find((m) => m.body === 'plain text from the peer')?.notice).toBeUndefined();
    expect(refusals().length).toBe(countBefore);
  });

  it('never puts a file-transfer payload on the wire and never requests an upload slot', async () => {
    const s = client.core.session()!;
    const wire: string[] = [];
    const onSend = (el: { toString(): string }) => wire.push(el.toString());
    s.client.on('send', onSend);
    try {
      // Built by mistake upstream: an OOB attachment, and a slot request (both stopped before the socket).
      await expect(s.sendRaw(xml('message', { to: peerJid(), type: 'chat', id: 'x1' }, xml('body', {}, 'see attachment'), xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, 'https://upload.example/x.pdf'))))).rejects.toThrow(/file-transfer payload/);
      await expect(s.client.iqCaller.request(xml('iq', { type: 'get', to: `upload.${server.domain}` }, xml('request', { xmlns: 'urn:xmpp:http:upload:0', filename: 'x.pdf', size: '10', 'content-type': 'application/pdf' })), 5_000)).rejects.toThrow(/file-transfer payload/);
      // Text still goes out.
      const ok = await client.core.handlers['chat:send']({ to: peerJid(), body: 'plain text is fine' });
      expect(ok.status).toBe('sent');
      // A file encoded as text is refused in main, with a sentence, before anything is sent.
      const pdf64 = Buffer.from(`%PDF-1.4\n% ${marker}\n`).toString('base64');
      const refused = await client.core.handlers['chat:send']({ to: peerJid(), body: `here it is ${pdf64}` });
      expect(refused).toEqual({ status: 'refused', reason: expect.stringMatching(/^This message contains a base64-encoded PDF document\. Policy 630-04 allows text messages only/) });
      const dataUri = await client.core.handlers['chat:send']({ to: peerJid(), body: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' });
      expect(dataUri.status).toBe('refused');
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      s.client.removeListener('send', onSend);
    }
    expect(wire.join('\n')).not.toMatch(/urn:xmpp:http:upload|jabber:x:oob|JVBERi0/);
    expect(wire.join('\n')).toContain('plain text is fine');
    const out = refusals().filter((e) => e.direction === 'out');
    expect(out.map((e) => [e.protocol, e.action])).toEqual([
      ['oob', 'send-blocked'],
      ['http-upload', 'send-blocked'],
      ['encoded-binary', 'send-blocked'],
      ['encoded-binary', 'send-blocked'],
    ]);
  });

  it('wrote nothing to disk: the client data directory is unchanged, and the file is nowhere under tmp', async () => {
    expect(listTree(dataDir)).toEqual(dataBefore);
    // Prosody's own store holds the uploads (the peer put them there); the peer's copy is the original.
    mkdirSync(peerDir, { recursive: true });
    expect(filesContaining(marker, startedAt, [server.dir, peerDir])).toEqual([]);
  });
});
