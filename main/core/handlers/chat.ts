import type { ChatMessage } from '../../../shared/ipc/types';
import type { IpcHandlers } from '../ipc/router';
import type { HandlerContext } from './context';

/** Messages 'chat:open' returns: the newest page; the renderer asks for older ones as its reader scrolls up. */
export const OPEN_PAGE = 200;
/** Messages per 'chat:loadOlder' answered from memory. */
export const OLDER_PAGE = 400;
/** Archive pages read in one 'chat:loadOlder' while they hold only messages already here. */
const ARCHIVE_PAGES_PER_CALL = 20;

type ChatChannels = 'chat:open' | 'chat:loadOlder' | 'chat:send' | 'chat:correct' | 'chat:retract' | 'chat:search' | 'chat:setTyping' | 'chat:markRead';

/** Conversations: open (with history), send, correct, retract, search, typing, read markers. */
export function chatHandlers(ctx: HandlerContext): Pick<IpcHandlers, ChatChannels> {
  const { lifecycle, outbound, inbound, store } = ctx;
  const values = () => ctx.policy.current().values;

  const historyPage = (peer: string, older: boolean) => {
    const { rooms, session } = lifecycle.requireLive();
    return rooms.isRoom(peer) ? rooms.history(peer, older) : session.archivePage(peer, older);
  };
  const paging = (peer: string) => {
    const { rooms, session } = lifecycle.requireLive();
    return rooms.isRoom(peer) ? rooms.historyPaging : session.archivePaging;
  };

  /** Send a new message or a correction through the outbound path; the conversation shows it once recorded. */
  const send = async (input: { to: string; body: string; justification?: string; replaces?: string }) => {
    const live = lifecycle.requireLive();
    const replaces = input.replaces;
    const result = await outbound.message(live, input, (message) => {
      if (replaces) store.update(message.conversation, replaces, { body: message.body, edited: true });
      else store.upsert(message);
    });
    if (result.status !== 'sent') return result;
    const { message, state } = result;
    if (replaces) {
      const shown = store.get(message.conversation, replaces) ?? message;
      ctx.emit('chat:message', shown);
      return { status: 'sent' as const, message: shown };
    }
    return { status: 'sent' as const, message: store.setState(message.conversation, message.id, state) ?? { ...message, state } };
  };

  return {
    'chat:open': async ({ jid }) => {
      const { rooms, session } = lifecycle.requireLive();
      // A new chat is a contact the policy allows (AllowedContactDomains; the XmppDomain always).
      const peer = outbound.contactAddress(jid);
      store.open = peer;
      store.clearUnread(peer);
      if (rooms.isRoom(peer)) rooms.setUnread(peer, 0);
      else session.setUnread(peer, 0);
      // When the archive cannot be read, what is here is all there is to show (as before).
      let archiveDone = true;
      try {
        const cursors = paging(peer);
        const pagedBack = cursors.peek(peer);
        const page = await historyPage(peer, false);
        // A newest page that reaches messages already here joins them: paging back goes on from where it
        // had got to rather than reading again pages that are already here.
        if (pagedBack !== undefined && page.messages.some((m) => store.has(peer, m.id))) cursors.restore(peer, pagedBack);
        archiveDone = cursors.peek(peer) === null;
        await inbound.history(page.messages);
      } catch (err) {
        ctx.log.warn('chat.archive-failed', { name: (err as Error).name });
      }
      // Only the newest page crosses to the renderer (a conversation may hold years of messages here).
      const shown = store.newest(peer, OPEN_PAGE);
      return { messages: shown.messages, complete: archiveDone && !shown.olderHere };
    },

    'chat:loadOlder': async ({ jid, before }) => {
      const peer = outbound.address(jid);
      // Older messages already in memory first, a page at a time, just before the renderer's oldest.
      let out: ChatMessage[] = [];
      if (before !== undefined) {
        const here = store.before(peer, before, OLDER_PAGE);
        if (here && here.older.length > 0) return { messages: [...here.older, ...here.sameMoment], complete: !here.olderHere && paging(peer).peek(peer) === null };
        // Only messages sent at the same moment as `before` are left here (the renderer may not hold them
        // all): they go with what the archive has further back, so every call makes progress.
        out = here?.sameMoment ?? [];
      }
      // Then the archive, skipping pages that hold only what is already here.
      for (let i = 0; i < ARCHIVE_PAGES_PER_CALL; i++) {
        const page = await historyPage(peer, true);
        const known = before !== undefined && page.messages.every((m) => store.has(peer, m.id));
        out.push(...(await inbound.history(page.messages)));
        if (page.complete) return { messages: out, complete: true };
        if (!known) break;
      }
      return { messages: out, complete: false };
    },

    'chat:send': async ({ to, body, justification }) => send({ to, body, ...(justification ? { justification } : {}) }),

    'chat:correct': async ({ to, id, body, justification }) => {
      if (!values().MessageCorrectionAllowed) return { status: 'refused', reason: 'Editing sent messages is turned off by policy.' };
      const peer = outbound.address(to);
      const original = store.get(peer, id);
      if (!original || original.direction !== 'out' || original.retracted) return { status: 'refused', reason: 'Only your own messages can be edited.' };
      return send({ to: peer, body, replaces: id, ...(justification ? { justification } : {}) });
    },

    'chat:retract': async ({ to, id }) => {
      if (!values().MessageRetractionAllowed) return { status: 'refused', reason: 'Retracting messages is turned off by policy. Sent messages are kept as records.' };
      const live = lifecycle.requireLive();
      const peer = outbound.address(to);
      const original = store.get(peer, id);
      if (!original || original.direction !== 'out') return { status: 'refused', reason: 'Only your own messages can be retracted.' };
      await outbound.retract(live, original);
      const updated = store.update(peer, id, { retracted: true, body: '' });
      if (updated) ctx.emit('chat:message', updated);
      return { status: 'retracted' };
    },

    'chat:search': async ({ query, jid }) => {
      const conv = jid ? outbound.address(jid) : undefined;
      // The loaded history is searched here; Prosody's MAM has no full-text search, so the archive is
      // not queried (searchedArchive: false). Full-text search of everything is the retention server's job.
      const messages: ChatMessage[] = store.search(query, conv).slice(0, 200);
      return { messages, searchedArchive: false };
    },

    'chat:setTyping': async ({ to, state }) => {
      const s = lifecycle.live()?.session;
      if (s && s.phase === 'online') await s.sendTyping(outbound.address(to), state).catch(() => {});
      return {};
    },

    'chat:markRead': async ({ jid }) => {
      const { session } = lifecycle.requireLive();
      const peer = outbound.address(jid);
      store.open = peer;
      store.clearUnread(peer);
      session.setUnread(peer, 0);
      const lastIn = store.list(peer).filter((m) => m.direction === 'in').at(-1);
      if (lastIn) await session.sendDisplayed(peer, lastIn.id).catch(() => {});
      return {};
    },
  };
}
