import { createHash } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { NS } from './ns';
import type { XmppElement } from './types';

export const CAPS_NODE = 'https://approved-im.example.gov/caps';
export const IDENTITY = { category: 'client', type: 'pc', name: 'Approved IM' } as const;

/**
 * What we advertise in disco#info (XEP-0030) and entity caps (XEP-0115). Text messaging only:
 * no Jingle, SI, IBB, SOCKS5 bytestreams, OOB, HTTP upload, SIMS or file sharing namespaces, ever.
 */
export const ADVERTISED_FEATURES: readonly string[] = [
  NS.discoInfo,
  NS.caps,
  NS.receipts,
  NS.chatStates,
  NS.carbons,
  NS.sid,
  NS.markers,
  NS.ping,
  NS.version,
  NS.muc,
  NS.correction,
  'urn:xmpp:time',
].sort();

/** XEP-0115 verification string (SHA-1, no extended forms). */
export function capsVerification(features: readonly string[] = ADVERTISED_FEATURES): string {
  let s = `${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<`;
  for (const f of [...features].sort()) s += `${f}<`;
  return createHash('sha1').update(s, 'utf8').digest('base64');
}

export function discoInfoQuery(node?: string, features: readonly string[] = ADVERTISED_FEATURES): XmppElement {
  return xml(
    'query',
    { xmlns: NS.discoInfo, ...(node ? { node } : {}) },
    xml('identity', { ...IDENTITY }),
    ...features.map((f) => xml('feature', { var: f })),
  );
}

export function capsElement(features: readonly string[] = ADVERTISED_FEATURES): XmppElement {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node: CAPS_NODE, ver: capsVerification(features) });
}
