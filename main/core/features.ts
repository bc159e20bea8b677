import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { NS } from './xmpp/ns';
import { normaliseBareJid, type XmppSession } from './xmpp/session';
import type { RoomManager } from './xmpp/rooms';
import { RoomError } from './xmpp/rooms';
import type { ContactManager } from './xmpp/contacts';
import type { ConversationStore } from './chat/conversationStore';
import { UserFacingError, type EventSink, type IpcHandlers } from './ipc/router';
import type { JournalHooks } from './app';
import type { Logger } from './log';
import type { ChatMessage } from '../../shared/ipc/types';

type FeatureChannels =
  | 'chat:correct'
  | 'chat:retract'
  | 'chat:search'
  | 'room:list'
  | 'room:join'
  | 'room:leave'
  | 'room:invite'
  | 'room:setSubject'
  | 'contact:add'
  | 'contact:remove'
  | 'contact:rename'
  | 'contact:respond'
  | 'presence:set';

export interface FeatureContext {
  requireSession(): XmppSession;
  rooms(): RoomManager | null;
  contacts(): ContactManager | null;
  store: ConversationStore;
  emit: EventSink;
  features(): { groupChat: boolean; correction: boolean; retraction: boolean };
  sendText(input: { to: string; body: string; justification?: string; replaces?: string }): ReturnType<IpcHandlers['chat:send']>;
  journal: JournalHooks | undefined;
  log: Logger;
}

async function xmppCall<T>(fn: () => Promise<T>, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RoomError) throw new UserFacingError(err.condition, err.message);
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('xmpp-failed', `Could not ${what}. Check your connection and try again.`);
  }
}

/** Rooms, corrections, retraction, search, contacts and presence: the everyday IM features (issue 7). */
export function createFeatureHandlers(ctx: FeatureContext): Pick<IpcHandlers, FeatureChannels> {
  const rooms = () => {
    const r = ctx.rooms();
    if (!r) throw new UserFacingError('signed-out', 'You are signed out. Sign in to chat.');
    if (!ctx.features().groupChat) throw new UserFacingError('group-chat-off', 'Group chat is turned off by policy.');
    return r;
  };
  const contacts = () => {
    const c = ctx.contacts();
    if (!c) throw new UserFacingError('signed-out', 'You are signed out. Sign in to chat.');
    return c;
  };

  return {
    'chat:correct': async ({ to, id, body, justification }) => {
      if (!ctx.features().correction) return { status: 'refused', reason: 'Editing sent messages is turned off by policy.' };
      const peer = normaliseBareJid(to);
      const original = ctx.store.get(peer, id);
      if (!original || original.direction !== 'out' || original.retracted) return { status: 'refused', reason: 'Only your own messages can be edited.' };
      return ctx.sendText({ to: peer, body, replaces: id, ...(justification ? { justification } : {}) });
    },

    'chat:retract': async ({ to, id }) => {
      if (!ctx.features().retraction) return { status: 'refused', reason: 'Retracting messages is turned off by policy. Sent messages are kept as records.' };
      const s = ctx.requireSession();
      const peer = normaliseBareJid(to);
      const original = ctx.store.get(peer, id);
      if (!original || original.direction !== 'out') return { status: 'refused', reason: 'Only your own messages can be retracted.' };
      const isRoom = ctx.rooms()?.isRoom(peer) ?? false;
      const rid = randomUUID();
      const stanza = xml(
        'message',
        { to: peer, type: isRoom ? 'groupchat' : 'chat', id: rid },
        xml('retract', { xmlns: NS.retract, id }),
        xml('fallback', { xmlns: 'urn:xmpp:fallback:0', for: NS.retract }),
        xml('body', {}, 'This person attempted to retract a previous message, but it is unsupported by your client.'),
        xml('store', { xmlns: NS.hints }),
      );
      const record: ChatMessage = { ...original, id: rid, body: '', sentAt: new Date().toISOString(), state: 'pending' };
      await ctx.journal?.outbound(record, { kind: 'retraction', replaces: id });
      await s.sendChat(peer, rid, stanza);
      const updated = ctx.store.update(peer, id, { retracted: true, body: '' });
      if (updated) ctx.emit('chat:message', updated);
      return { status: 'retracted' };
    },

    'chat:search': async ({ query, jid }) => {
      const conv = jid ? normaliseBareJid(jid) : undefined;
      // The loaded history is searched here; Prosody's MAM has no full-text search, so the archive is
      // not queried (searchedArchive: false). Full-text search of everything is the retention server's job.
      return { messages: ctx.store.search(query, conv).slice(0, 200), searchedArchive: false };
    },

    'room:list': async () => ctx.rooms()?.list() ?? [],

    'room:join': async ({ room, nick }) => {
      const s = ctx.requireSession();
      const jid = normaliseBareJid(room);
      const own = s.bareJid.split('@')[0] ?? 'me';
      return xmppCall(() => rooms().join(jid, nick ?? own), 'join the room');
    },

    'room:leave': async ({ room, forget }) => {
      await xmppCall(() => rooms().leave(normaliseBareJid(room), { forget }), 'leave the room');
      return {};
    },

    'room:invite': async ({ room, jid, reason }) => {
      await xmppCall(() => rooms().invite(normaliseBareJid(room), normaliseBareJid(jid), reason), 'send the invitation');
      return {};
    },

    'room:setSubject': async ({ room, subject }) => {
      await xmppCall(() => rooms().setSubject(normaliseBareJid(room), subject), 'change the subject');
      return {};
    },

    'contact:add': async ({ jid, name }) => {
      await xmppCall(() => contacts().add(normaliseBareJid(jid), name), 'add the contact');
      return {};
    },
    'contact:remove': async ({ jid }) => {
      await xmppCall(() => contacts().remove(normaliseBareJid(jid)), 'remove the contact');
      return {};
    },
    'contact:rename': async ({ jid, name }) => {
      await xmppCall(() => contacts().rename(normaliseBareJid(jid), name), 'rename the contact');
      return {};
    },
    'contact:respond': async ({ jid, accept }) => {
      await xmppCall(() => contacts().respond(normaliseBareJid(jid), accept), 'answer the request');
      return {};
    },

    'presence:set': async ({ show, status, idleSince }) => {
      const s = ctx.requireSession();
      await xmppCall(() => s.setPresence({ show, ...(status ? { status } : {}), ...(idleSince ? { idleSince } : {}) }), 'change your status');
      return {};
    },
  };
}
