import type { TransferProtocol } from '../audit';

/**
 * Every file-transfer and attachment namespace Policy 630-04 closes, with the protocol it belongs to.
 * None of these is ever advertised (disco#info, entity caps), accepted inbound, or put on the wire.
 */
export const FILE_TRANSFER_NAMESPACE_PROTOCOL: Readonly<Record<string, TransferProtocol>> = {
  'urn:xmpp:jingle:1': 'jingle', // XEP-0166 (session-level; refined to jingle-ft by the description)
  'urn:xmpp:jingle:errors:1': 'jingle',
  'urn:xmpp:jingle:apps:file-transfer:5': 'jingle-ft', // XEP-0234
  'urn:xmpp:jingle:apps:file-transfer:4': 'jingle-ft',
  'urn:xmpp:jingle:apps:file-transfer:3': 'jingle-ft',
  'urn:xmpp:jingle:apps:file-transfer:2': 'jingle-ft',
  'urn:xmpp:jingle:apps:file-transfer:errors:0': 'jingle-ft',
  'urn:xmpp:jingle:transports:s5b:1': 'jingle-ft', // XEP-0260
  'urn:xmpp:jingle:transports:ibb:1': 'jingle-ft', // XEP-0261
  'urn:xmpp:jingle:transports:webrtc-datachannel:1': 'jingle-ft', // XEP-0343
  'urn:xmpp:jingle:transports:webrtc-datachannel:0': 'jingle-ft',
  'urn:xmpp:jingle-message:0': 'jingle-message', // XEP-0353
  'urn:xmpp:jingle-message:1': 'jingle-message',
  'http://jabber.org/protocol/si': 'si-file-transfer', // XEP-0095
  'http://jabber.org/protocol/si/profile/file-transfer': 'si-file-transfer', // XEP-0096
  'http://jabber.org/protocol/sipub': 'si-file-transfer', // XEP-0137
  'http://jabber.org/protocol/ibb': 'ibb', // XEP-0047
  'http://jabber.org/protocol/bytestreams': 'socks5-bytestreams', // XEP-0065
  'http://jabber.org/protocol/bytestreams#udp': 'socks5-bytestreams',
  'jabber:iq:oob': 'oob-iq', // XEP-0066
  'jabber:x:oob': 'oob',
  'urn:xmpp:http:upload:0': 'http-upload', // XEP-0363
  'urn:xmpp:http:upload': 'http-upload',
  'eu:siacs:conversations:http:upload': 'http-upload',
  'urn:xmpp:sims:1': 'sims', // XEP-0385
  'urn:xmpp:file:metadata:0': 'file-sharing', // XEP-0446
  'urn:xmpp:sfs:0': 'file-sharing', // XEP-0447
  'urn:xmpp:esfs:0': 'file-sharing', // XEP-0448
  'http://jabber.org/protocol/url-data': 'file-sharing', // XEP-0103 (sources of XEP-0447)
  'urn:xmpp:bob': 'bits-of-binary', // XEP-0231
  'urn:xmpp:thumbs:1': 'sims', // XEP-0264 thumbnails of shared files
  'urn:xmpp:fis:1': 'file-information', // XEP-0329
  'http://jabber.org/protocol/files': 'file-information', // XEP-0135
};

export const FILE_TRANSFER_NAMESPACES: readonly string[] = Object.keys(FILE_TRANSFER_NAMESPACE_PROTOCOL);

/** Families closed wholesale, including versions that do not exist yet. */
const CLOSED_PREFIXES = ['urn:xmpp:jingle:', 'urn:xmpp:jingle-message:', 'urn:xmpp:http:upload', 'urn:xmpp:sfs:', 'urn:xmpp:esfs:', 'urn:xmpp:sims:', 'urn:xmpp:file:', 'http://jabber.org/protocol/si/', 'urn:xmpp:fis:'];

/** The protocol a namespace belongs to, or null when it is not a file-transfer namespace. */
export function fileTransferProtocolOf(ns: string | undefined): TransferProtocol | null {
  if (!ns) return null;
  const exact = FILE_TRANSFER_NAMESPACE_PROTOCOL[ns];
  if (exact) return exact;
  // Disco features may carry +notify (PEP) suffixes.
  const base = ns.endsWith('+notify') ? ns.slice(0, -'+notify'.length) : ns;
  if (base !== ns && FILE_TRANSFER_NAMESPACE_PROTOCOL[base]) return FILE_TRANSFER_NAMESPACE_PROTOCOL[base];
  if (CLOSED_PREFIXES.some((p) => base.startsWith(p))) {
    if (base.startsWith('urn:xmpp:jingle:apps:file-transfer') || base.startsWith('urn:xmpp:jingle:transports:')) return 'jingle-ft';
    if (base.startsWith('urn:xmpp:jingle-message:')) return 'jingle-message';
    if (base.startsWith('urn:xmpp:jingle:')) return 'jingle';
    if (base.startsWith('urn:xmpp:http:upload')) return 'http-upload';
    if (base.startsWith('urn:xmpp:sims:')) return 'sims';
    if (base.startsWith('http://jabber.org/protocol/si/')) return 'si-file-transfer';
    if (base.startsWith('urn:xmpp:fis:')) return 'file-information';
    return 'file-sharing';
  }
  return null;
}

export function isFileTransferNamespace(ns: string | undefined): boolean {
  return fileTransferProtocolOf(ns) !== null;
}

/** XEP-0372 references (mentions use them too; only data references carry files). */
export const NS_REFERENCE = 'urn:xmpp:reference:0';
/** XEP-0071 XHTML-IM (its <img> can carry or point at a file). */
export const NS_XHTML_IM = 'http://jabber.org/protocol/xhtml-im';
export const NS_XHTML = 'http://www.w3.org/1999/xhtml';
export const NS_STANZA_ERRORS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
