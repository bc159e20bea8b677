import { describe, expect, it } from 'vitest';
import { ADVERTISED_FEATURES, capsVerification, discoInfoQuery } from '../xmpp/disco';
import { FILE_TRANSFER_NAMESPACES, isFileTransferNamespace } from './namespaces';

describe('nothing file-related is advertised', () => {
  it('disco#info features contain no file-transfer namespace', () => {
    expect(ADVERTISED_FEATURES.filter(isFileTransferNamespace)).toEqual([]);
    const advertised = discoInfoQuery().getChildren('feature').map((f) => f.attrs.var);
    expect(advertised.filter((f) => isFileTransferNamespace(f))).toEqual([]);
    for (const ns of FILE_TRANSFER_NAMESPACES) expect(advertised).not.toContain(ns);
  });

  it('the entity-caps hash is computed from exactly those features', () => {
    expect(capsVerification()).toBe(capsVerification([...ADVERTISED_FEATURES]));
    expect(capsVerification()).not.toBe(capsVerification([...ADVERTISED_FEATURES, 'urn:xmpp:jingle:apps:file-transfer:5']));
  });

  it('classifies families and +notify features, not unrelated ones', () => {
    for (const ns of [
      'urn:xmpp:jingle:1',
      'urn:xmpp:jingle:apps:file-transfer:5',
      'urn:xmpp:jingle:apps:file-transfer:7',
      'urn:xmpp:jingle:transports:s5b:1',
      'urn:xmpp:jingle:transports:ibb:1',
      'http://jabber.org/protocol/si',
      'http://jabber.org/protocol/si/profile/file-transfer',
      'http://jabber.org/protocol/ibb',
      'http://jabber.org/protocol/bytestreams',
      'jabber:iq:oob',
      'jabber:x:oob',
      'urn:xmpp:http:upload:0',
      'urn:xmpp:sims:1',
      'urn:xmpp:sfs:0',
      'urn:xmpp:file:metadata:0',
      'urn:xmpp:bob',
      'urn:xmpp:sfs:0+notify',
    ]) {
      expect(isFileTransferNamespace(ns), ns).toBe(true);
    }
    for (const ns of ['urn:xmpp:receipts', 'urn:xmpp:reference:0', 'http://jabber.org/protocol/chatstates', 'urn:xmpp:sid:0', 'jabber:client', undefined]) {
      expect(isFileTransferNamespace(ns), String(ns)).toBe(false);
    }
  });
});
