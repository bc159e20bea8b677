/**
 * The stanzas of the file-transfer refusals (main/core/transfer/): stanza errors with a fixed text, the
 * Jingle decline, and upload-service discovery. Built here, like every stanza (no user text in any).
 */
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { NS } from './ns';
import type { XmppElement } from './types';

const NS_STANZA_ERRORS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const NS_JINGLE = 'urn:xmpp:jingle:1';
const NS_JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';
const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

/** An iq error (type cancel) with a condition and a fixed English text. */
export function refusalError(condition: 'forbidden' | 'not-acceptable' | 'item-not-found', text: string): XmppElement {
  return xml('error', { type: 'cancel' }, xml(condition, { xmlns: NS_STANZA_ERRORS }), xml('text', { xmlns: NS_STANZA_ERRORS, 'xml:lang': 'en' }, text));
}

/** XEP-0166 §7.2.7: no such session (we never have one). */
export function unknownJingleSession(): XmppElement {
  return xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: NS_STANZA_ERRORS }), xml('unknown-session', { xmlns: NS_JINGLE_ERRORS }));
}

/** XEP-0166 §6.3: decline a session the peer initiated. */
export function jingleDecline(to: string, sid: string, text: string): XmppElement {
  return xml('iq', { type: 'set', to, id: randomUUID() }, xml('jingle', { xmlns: NS_JINGLE, action: 'session-terminate', sid }, xml('reason', {}, xml('decline'), xml('text', {}, text))));
}

export function discoItemsGet(to: string): XmppElement {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS_DISCO_ITEMS }));
}

export function discoInfoGet(to: string): XmppElement {
  return xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo }));
}
