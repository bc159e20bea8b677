/** Every file-transfer and attachment namespace Policy 630-04 closes. */
export const FILE_TRANSFER_NAMESPACES: readonly string[] = [
  'urn:xmpp:jingle:1', // XEP-0166
  'urn:xmpp:jingle:apps:file-transfer:5', // XEP-0234
  'urn:xmpp:jingle:apps:file-transfer:4',
  'urn:xmpp:jingle:apps:file-transfer:3',
  'urn:xmpp:jingle:transports:s5b:1', // XEP-0260
  'urn:xmpp:jingle:transports:ibb:1', // XEP-0261
  'http://jabber.org/protocol/si', // XEP-0095
  'http://jabber.org/protocol/si/profile/file-transfer', // XEP-0096
  'http://jabber.org/protocol/ibb', // XEP-0047
  'http://jabber.org/protocol/bytestreams', // XEP-0065
  'jabber:iq:oob', // XEP-0066
  'jabber:x:oob',
  'urn:xmpp:http:upload:0', // XEP-0363
  'urn:xmpp:http:upload',
  'urn:xmpp:sims:1', // XEP-0385
  'urn:xmpp:references:0',
  'urn:xmpp:file:metadata:0', // XEP-0446
  'urn:xmpp:sfs:0', // XEP-0447
  'urn:xmpp:esfs:0', // XEP-0448
  'urn:xmpp:bob', // XEP-0231 bits of binary
  'urn:xmpp:thumbs:1',
];
