import { FILE_TRANSFER_NAMESPACES } from './namespaces';
import type { XmppElement } from '../xmpp/types';

const CLOSED = new Set(FILE_TRANSFER_NAMESPACES);

function findClosedNamespace(el: XmppElement, depth = 0): string | null {
  if (depth > 32) return 'too-deep';
  const ns = el.attrs.xmlns;
  if (ns && CLOSED.has(ns)) return ns;
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    const hit = findClosedNamespace(child, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * The last check before the socket: refuses any outbound stanza that carries a file-transfer or
 * attachment payload, even one built by mistake upstream. Returns a reason, or null to allow.
 */
export function outboundFileTransferGuard(stanza: XmppElement): string | null {
  const hit = findClosedNamespace(stanza);
  return hit ? `Refused to send a file-transfer payload (${hit}): Policy 630-04 allows text only.` : null;
}
