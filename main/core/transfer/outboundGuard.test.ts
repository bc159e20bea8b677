import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { xml } from '@xmpp/client-core';
import { createMemoryAuditSink } from '../audit';
import type { XmppClient, XmppElement } from '../xmpp/types';
import { installWireGuard, isJingleRefusal, outboundFileTransferGuard, OutboundTransferRefused, stripEchoFromErrorReply } from './outboundGuard';

const to = 'bob@approved.test/desk';
const chat = (...payload: XmppElement[]) => xml('message', { to, type: 'chat', id: 'm1' }, xml('body', {}, 'hello'), ...payload);

describe('outbound guard: no file-transfer payload ever leaves', () => {
  it.each([
    ['OOB in a message (XEP-0066)', chat(xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, 'https://upload.example/f.pdf')))],
    ['HTTP upload slot request (XEP-0363)', xml('iq', { type: 'get', to: 'upload.approved.test', id: 'q' }, xml('request', { xmlns: 'urn:xmpp:http:upload:0', filename: 'a.pdf', size: '10' }))],
    ['legacy HTTP upload', xml('iq', { type: 'get', id: 'q' }, xml('request', { xmlns: 'urn:xmpp:http:upload' }))],
    ['SI file offer (XEP-0096)', xml('iq', { type: 'set', to, id: 'q' }, xml('si', { xmlns: 'http://jabber.org/protocol/si', id: 's', profile: 'http://jabber.org/protocol/si/profile/file-transfer' }, xml('file', { xmlns: 'http://jabber.org/protocol/si/profile/file-transfer', name: 'a', size: '1' })))],
    ['IBB open (XEP-0047)', xml('iq', { type: 'set', to, id: 'q' }, xml('open', { xmlns: 'http://jabber.org/protocol/ibb', sid: 's', 'block-size': '4096' }))],
    ['IBB data in a message', xml('message', { to }, xml('data', { xmlns: 'http://jabber.org/protocol/ibb', sid: 's', seq: '0' }, 'AAAA'))],
    ['SOCKS5 bytestreams (XEP-0065)', xml('iq', { type: 'set', to, id: 'q' }, xml('query', { xmlns: 'http://jabber.org/protocol/bytestreams', sid: 's' }))],
    ['OOB iq', xml('iq', { type: 'set', to, id: 'q' }, xml('query', { xmlns: 'jabber:iq:oob' }, xml('url', {}, 'http://x/y')))],
    ['Jingle file transfer (XEP-0234)', xml('iq', { type: 'set', to, id: 'q' }, xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's' }, xml('content', { creator: 'initiator', name: 'f' }, xml('description', { xmlns: 'urn:xmpp:jingle:apps:file-transfer:5' }))))],
    ['a future Jingle FT version', xml('iq', { type: 'set', to, id: 'q' }, xml('description', { xmlns: 'urn:xmpp:jingle:apps:file-transfer:9' }))],
    ['Jingle Message Initiation', xml('message', { to }, xml('propose', { xmlns: 'urn:xmpp:jingle-message:0', id: 'p' }))],
    ['SIMS (XEP-0385)', chat(xml('reference', { xmlns: 'urn:xmpp:reference:0', type: 'data' }, xml('media-sharing', { xmlns: 'urn:xmpp:sims:1' })))],
    ['a data reference without SIMS', chat(xml('reference', { xmlns: 'urn:xmpp:reference:0', type: 'data', uri: 'https://x/y' }))],
    ['stateless file sharing (XEP-0447)', chat(xml('file-sharing', { xmlns: 'urn:xmpp:sfs:0' }, xml('file', { xmlns: 'urn:xmpp:file:metadata:0' })))],
    ['encrypted file sharing (XEP-0448)', chat(xml('encrypted', { xmlns: 'urn:xmpp:esfs:0' }))],
    ['bits of binary (XEP-0231)', chat(xml('data', { xmlns: 'urn:xmpp:bob', cid: 'sha1+x@bob.xmpp.org', type: 'image/png' }, 'iVBORw0KGgo='))],
    ['an XHTML-IM image', chat(xml('html', { xmlns: 'http://jabber.org/protocol/xhtml-im' }, xml('body', { xmlns: 'http://www.w3.org/1999/xhtml' }, xml('p', {}, xml('img', { src: 'data:image/png;base64,AAAA' })))))],
    ['a payload hidden deep inside', chat(xml('a', { xmlns: 'urn:example' }, xml('b', {}, xml('c', {}, xml('x', { xmlns: 'jabber:x:oob' })))))],
    ['a prefixed namespace', chat(xml('f:x', { 'xmlns:f': 'jabber:x:oob' }))],
  ])('refuses %s', (_name, stanza) => {
    expect(outboundFileTransferGuard(stanza)).toMatch(/Refused to send a file-transfer payload .*Policy 630-04/);
  });

  it('refuses absurdly deep trees', () => {
    let el = xml('leaf', {});
    for (let i = 0; i < 40; i++) el = xml('n', {}, el);
    expect(outboundFileTransferGuard(xml('message', { to }, el))).toMatch(/nested too deeply/);
  });

  it.each([
    ['a chat message', xml('message', { to, type: 'chat', id: 'm' }, xml('body', {}, 'hi'), xml('request', { xmlns: 'urn:xmpp:receipts' }), xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'm' }))],
    ['a mention reference', chat(xml('reference', { xmlns: 'urn:xmpp:reference:0', type: 'mention', uri: 'xmpp:bob@approved.test', begin: '0', end: '3' }))],
    ['presence with caps', xml('presence', {}, xml('c', { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: 'n', ver: 'v' }))],
    ['our Jingle decline', xml('iq', { type: 'set', to, id: 't' }, xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-terminate', sid: 's1' }, xml('reason', {}, xml('decline'), xml('text', {}, 'no'))))],
    ['a bare error reply with a Jingle condition', xml('iq', { type: 'error', to, id: 'q' }, xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }), xml('unknown-session', { xmlns: 'urn:xmpp:jingle:errors:1' })))],
  ])('allows %s', (_name, stanza) => {
    expect(outboundFileTransferGuard(stanza)).toBeNull();
  });

  it('a "decline" that smuggles a description is not a decline', () => {
    const smuggle = xml('iq', { type: 'set', to, id: 't' }, xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-terminate', sid: 's' }, xml('reason', {}, xml('decline')), xml('content', {}, xml('description', { xmlns: 'urn:xmpp:jingle:apps:file-transfer:5' }))));
    expect(isJingleRefusal(smuggle)).toBe(false);
    expect(outboundFileTransferGuard(smuggle)).not.toBeNull();
    const initiate = xml('iq', { type: 'set', to, id: 't' }, xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's' }, xml('reason', {}, xml('decline'))));
    expect(outboundFileTransferGuard(initiate)).not.toBeNull();
  });

  it('error replies never echo the offer back', () => {
    const reply = xml('iq', { type: 'error', to, id: 'q' }, xml('si', { xmlns: 'http://jabber.org/protocol/si' }, xml('file', {})), xml('error', { type: 'cancel' }, xml('forbidden', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })));
    expect(outboundFileTransferGuard(reply)).not.toBeNull();
    stripEchoFromErrorReply(reply);
    expect(reply.getChildElements().map((c) => c.name)).toEqual(['error']);
    expect(outboundFileTransferGuard(reply)).toBeNull();
  });
});

describe('wire guard: under every write of the client', () => {
  function fakeClient() {
    const written: string[] = [];
    const c = new EventEmitter() as unknown as XmppClient;
    c.send = async (s: XmppElement) => {
      written.push(s.toString());
    };
    c.sendMany = async (ss: XmppElement[]) => {
      for (const s of ss) written.push(s.toString());
    };
    return { c, written };
  }

  it('blocks file payloads from send and sendMany, audits them, and lets text through', async () => {
    const { c, written } = fakeClient();
    const audit = createMemoryAuditSink();
    installWireGuard(c, audit);
    installWireGuard(c, audit); // idempotent
    await c.send(chat());
    await expect(c.send(chat(xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, 'https://u/x'))))).rejects.toBeInstanceOf(OutboundTransferRefused);
    await expect(c.sendMany([chat(), xml('iq', { type: 'get', id: 'u' }, xml('request', { xmlns: 'urn:xmpp:http:upload:0' }))])).rejects.toThrow(/file-transfer payload/);
    expect(written).toHaveLength(1);
    expect(audit.events).toHaveLength(2);
    expect(audit.events[0]).toMatchObject({ type: 'refused-transfer', kind: 'refused-transfer', direction: 'out', protocol: 'oob', action: 'send-blocked', peer: 'bob@approved.test', stanzaId: 'm1' });
    expect(audit.events[1]).toMatchObject({ protocol: 'http-upload' });
    for (const e of audit.events) expect(JSON.stringify(e)).not.toMatch(/hello|https:\/\/u/);
  });

  it('strips the echo from error replies built by the iq middleware', async () => {
    const { c, written } = fakeClient();
    installWireGuard(c, createMemoryAuditSink());
    await c.send(xml('iq', { type: 'error', to, id: 'q' }, xml('open', { xmlns: 'http://jabber.org/protocol/ibb', sid: 's' }), xml('error', { type: 'cancel' }, xml('not-acceptable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }))));
    expect(written[0]).not.toContain('ibb');
    expect(written[0]).toContain('not-acceptable');
  });
});
