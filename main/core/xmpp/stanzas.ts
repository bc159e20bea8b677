/**
 * Every stanza the client sends, built here and nowhere else (outside xmpp/ no code builds stanzas).
 * Builders that carry user text take ClearedText. No message with a body carries a no-store or
 * no-permanent-store hint (XEP-0334): retention must not be asked away.
 */
import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { NS } from './ns';
import { capsElement } from './disco';
import type { ClearedText } from './cleared';
import type { XmppElement } from './types';
import type { TypingState } from '../../../shared/ipc/types';
import pkg from '../../../package.json';

export const NS_CONFERENCE = 'jabber:x:conference';
export const NS_VCARD = 'vcard-temp';
export const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
export const NS_BOOKMARKS = 'urn:xmpp:bookmarks:1';
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';

export type OwnShow = 'online' | 'away' | 'xa' | 'dnd';
export interface OwnPresence {
  show: OwnShow;
  status?: ClearedText;
  idleSince?: string;
}

/** A 1:1 message with receipts, markers and chat state; `replaces` makes it a correction (XEP-0308). */
export function chatMessage(to: string, body: ClearedText, id: string, replaces?: string): XmppElement {
  return xml(
    'message',
    { to, type: 'chat', id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.sid, id }),
    xml('request', { xmlns: NS.receipts }),
    xml('markable', { xmlns: NS.markers }),
    xml('active', { xmlns: NS.chatStates }),
    replaces ? xml('replace', { xmlns: NS.correction, id: replaces }) : null,
  );
}

export function groupchatMessage(room: string, body: ClearedText, id: string, replaces?: string): XmppElement {
  return xml(
    'message',
    { to: room, type: 'groupchat', id },
    xml('body', {}, body),
    xml('origin-id', { xmlns: NS.sid, id }),
    replaces ? xml('replace', { xmlns: NS.correction, id: replaces }) : null,
  );
}

/** XEP-0424 retraction, with the fallback body older clients show. */
export function retraction(to: string, type: 'chat' | 'groupchat', id: string, target: string): XmppElement {
  return xml(
    'message',
    { to, type, id },
    xml('retract', { xmlns: NS.retract, id: target }),
    xml('fallback', { xmlns: 'urn:xmpp:fallback:0', for: NS.retract }),
    xml('body', {}, 'This person attempted to retract a previous message, but it is unsupported by your client.'),
    xml('store', { xmlns: NS.hints }),
  );
}

/** Mediated invitation through the room (XEP-0045 §7.8.2), which works for members-only rooms too. */
export function mediatedInvite(room: string, invitee: string, id: string, reason?: ClearedText): XmppElement {
  return xml('message', { to: room, id }, xml('x', { xmlns: NS.mucUser }, xml('invite', { to: invitee }, reason ? xml('reason', {}, reason) : null)));
}

export function roomSubject(room: string, subject: ClearedText, id: string): XmppElement {
  return xml('message', { to: room, type: 'groupchat', id }, xml('subject', {}, subject));
}

/** Enter a room as `nick` (the nickname was cleared when the user chose it). */
export function joinPresence(room: string, nick: string): XmppElement {
  return xml('presence', { to: `${room}/${nick}` }, xml('x', { xmlns: NS.muc }, xml('history', { maxstanzas: '0' })));
}

export function leavePresence(room: string, nick: string): XmppElement {
  return xml('presence', { to: `${room}/${nick}`, type: 'unavailable' });
}

export function ownPresence({ show, status, idleSince }: OwnPresence): XmppElement {
  return xml(
    'presence',
    {},
    show !== 'online' ? xml('show', {}, show) : null,
    status ? xml('status', {}, status) : null,
    idleSince ? xml('idle', { xmlns: NS.idle, since: idleSince }) : null,
    capsElement(),
  );
}

export function unavailable(): XmppElement {
  return xml('presence', { type: 'unavailable' });
}

export function subscription(to: string, type: 'subscribe' | 'subscribed' | 'unsubscribed'): XmppElement {
  return xml('presence', { to, type });
}

/** Chat state notification: no body, so the no-store hint is allowed (XEP-0085 §5.6). */
export function typing(to: string, state: TypingState): XmppElement {
  return xml('message', { to, type: 'chat', id: randomUUID() }, xml(state, { xmlns: NS.chatStates }), xml('no-store', { xmlns: NS.hints }));
}

export function displayed(to: string, id: string): XmppElement {
  return xml('message', { to, type: 'chat', id: randomUUID() }, xml('displayed', { xmlns: NS.markers, id }), xml('store', { xmlns: NS.hints }));
}

export function receipt(to: string, id: string): XmppElement {
  return xml('message', { to, id: randomUUID() }, xml('received', { xmlns: NS.receipts, id }), xml('store', { xmlns: NS.hints }));
}

export function rosterGet(): XmppElement {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster }));
}

export function rosterResult(id: string): XmppElement {
  return xml('iq', { type: 'result', id });
}

/** A roster change: `name` is user text and cleared; a removal has none. */
export function rosterSet(jid: string, item: { name?: ClearedText; remove?: boolean }): XmppElement {
  const attrs: Record<string, string> = { jid, ...(item.name ? { name: item.name } : {}), ...(item.remove ? { subscription: 'remove' } : {}) };
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', attrs)));
}

export function carbonsEnable(): XmppElement {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.carbons }));
}

export function vcardGet(jid: string): XmppElement {
  return xml('iq', { type: 'get', to: jid }, xml('vCard', { xmlns: NS_VCARD }));
}

export function vcardSetName(fullName: ClearedText): XmppElement {
  return xml('iq', { type: 'set' }, xml('vCard', { xmlns: NS_VCARD }, xml('FN', {}, fullName)));
}

/** XEP-0092: the product name and version, which mod_approved_im's enforce mode checks against its approved list. */
export function versionQuery(): XmppElement {
  return xml('query', { xmlns: NS.version }, xml('name', {}, 'Approved IM'), xml('version', {}, pkg.version));
}

/** A new room: accept the service's default configuration (an "instant room"). */
export function instantRoomConfig(room: string): XmppElement {
  return xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC_OWNER }, xml('x', { xmlns: NS.dataForms, type: 'submit' })));
}

export function bookmarksGet(): XmppElement {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_BOOKMARKS })));
}

export function bookmarkPublish(b: { room: string; nick: string; name?: string; autojoin: boolean }): XmppElement {
  const field = (v: string, value: string, type?: string) => xml('field', { var: v, ...(type ? { type } : {}) }, xml('value', {}, value));
  const publishOptions = xml(
    'publish-options',
    {},
    xml(
      'x',
      { xmlns: NS.dataForms, type: 'submit' },
      field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options', 'hidden'),
      field('pubsub#persist_items', 'true'),
      field('pubsub#max_items', 'max'),
      field('pubsub#send_last_published_item', 'never'),
      field('pubsub#access_model', 'whitelist'),
    ),
  );
  const conference = xml('conference', { xmlns: NS_BOOKMARKS, autojoin: b.autojoin ? 'true' : 'false', ...(b.name ? { name: b.name } : {}) }, xml('nick', {}, b.nick));
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('publish', { node: NS_BOOKMARKS }, xml('item', { id: b.room }, conference)), publishOptions));
}

export function bookmarkRetract(room: string): XmppElement {
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS_PUBSUB }, xml('retract', { node: NS_BOOKMARKS, notify: 'true' }, xml('item', { id: room }))));
}

/**
 * The device-enrollment proof (issue 12) to the retention server's account: a fixed line with a
 * server-issued challenge, not user text. Kept out of carbons; like every message with a body it asks
 * no archive to forget it (no no-store hint).
 */
export function enrollmentProof(to: string, body: string): XmppElement {
  return xml('message', { to, type: 'chat', id: randomUUID() }, xml('body', {}, body), xml('no-copy', { xmlns: NS.hints }), xml('private', { xmlns: NS.carbons }));
}
