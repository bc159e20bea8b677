import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/ipc/types';
import { ConversationStore } from '../chat/conversationStore';
import { silentLogger } from '../log';
import { ArchiveCursors } from '../xmpp/archive';
import { chatHandlers, OLDER_PAGE, OPEN_PAGE } from './chat';
import type { HandlerContext } from './context';

// The paging rules of 'chat:open' / 'chat:loadOlder' with an archive of fixed pages. The real archive and
// Prosody are in test/integration/historyPaging.test.ts; here the timestamps are chosen, which a live
// server cannot do: whole bursts in one second, as MAM's whole-second stamps make them.

const PEER = 'bob@example.test';
const msg = (n: number, sentAt: string): ChatMessage => ({
  id: `m${n}`,
  conversation: PEER,
  conversationType: 'chat',
  from: PEER,
  direction: 'in',
  body: `#${n}`,
  sentAt,
  state: 'received',
});

/** An archive of `messages` (oldest first) read back in pages of `size`, newest page first. */
function setup(messages: ChatMessage[], size = 50) {
  const store = new ConversationStore();
  const cursors = new ArchiveCursors();
  let reads = 0;
  const archivePage = async (peer: string, older: boolean) => {
    const before = cursors.before(peer, older);
    if (before === undefined) return { messages: [], complete: true };
    reads++;
    const end = before === '' ? messages.length : Number(before);
    const start = Math.max(0, end - size);
    cursors.update(peer, { items: [], first: String(start), complete: start === 0 } as never);
    return { messages: messages.slice(start, end), complete: start === 0 };
  };
  const session = { archivePage, archivePaging: cursors, setUnread: () => {} };
  const rooms = { isRoom: () => false };
  const ctx = {
    lifecycle: { requireLive: () => ({ session, rooms }) },
    outbound: { address: (j: string) => j, contactAddress: (j: string) => j },
    inbound: { history: async (page: ChatMessage[]) => page.map((m) => store.upsert(m).message) },
    store,
    log: silentLogger,
  } as unknown as HandlerContext;
  return { handlers: chatHandlers(ctx), store, reads: () => reads };
}

/** The renderer: open, then ask for older pages with its oldest id until complete. */
async function readAll(handlers: ReturnType<typeof chatHandlers>) {
  const opened = await handlers['chat:open']({ jid: PEER });
  const held = new Map(opened.messages.map((m) => [m.id, m]));
  let oldest = opened.messages[0];
  let complete = opened.complete;
  let calls = 0;
  while (!complete) {
    const r = await handlers['chat:loadOlder']({ jid: PEER, before: oldest!.id });
    for (const m of r.messages) held.set(m.id, m);
    oldest = [...held.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt))[0];
    complete = r.complete;
    if (++calls > 100) throw new Error('paging made no progress');
  }
  return { opened, held, calls };
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString();

describe('chat:open and chat:loadOlder paging', () => {
  it('hands over only the newest page on a re-open and the rest from memory, without reading the archive again', async () => {
    const all = Array.from({ length: 1000 }, (_, i) => msg(i, at(i)));
    const { handlers, reads } = setup(all);
    const first = await readAll(handlers);
    expect(first.held.size).toBe(1000);
    const readsAfterFirst = reads();

    const again = await readAll(handlers);
    expect(again.opened.messages.map((m) => m.body)).toEqual(all.slice(-OPEN_PAGE).map((m) => m.body));
    expect(again.held.size).toBe(1000);
    // One newest page on the re-open; paging back came from memory (the cursor was kept).
    expect(reads()).toBe(readsAfterFirst + 1);
    expect(again.calls).toBe(Math.ceil((1000 - OPEN_PAGE) / OLDER_PAGE));
  });

  it('makes progress through a burst that shares one second, past the page size, to the first message', async () => {
    // 20 older messages, then 600 in the same second: more than a page of ties.
    const all = [...Array.from({ length: 20 }, (_, i) => msg(i, at(i))), ...Array.from({ length: 600 }, (_, i) => msg(20 + i, at(30)))];
    const { handlers } = setup(all);
    const first = await readAll(handlers);
    expect(first.held.size).toBe(620);
    const again = await readAll(handlers);
    expect(again.opened.messages).toHaveLength(OPEN_PAGE);
    expect(again.held.size).toBe(620);
  });

  it('hands over a whole burst when nothing older than it is left in memory', async () => {
    const all = Array.from({ length: 600 }, (_, i) => msg(i, at(30)));
    const { handlers } = setup(all);
    expect((await readAll(handlers)).held.size).toBe(600);
    const again = await readAll(handlers);
    expect(again.opened.messages).toHaveLength(OPEN_PAGE);
    expect(again.held.size).toBe(600);
  });

  it('an old renderer without a cursor gets the next archive page, as before', async () => {
    const all = Array.from({ length: 120 }, (_, i) => msg(i, at(i)));
    const { handlers } = setup(all);
    const opened = await handlers['chat:open']({ jid: PEER });
    expect(opened.messages.map((m) => m.body)).toEqual(all.slice(70).map((m) => m.body));
    const older = await handlers['chat:loadOlder']({ jid: PEER });
    expect(older.messages.map((m) => m.body)).toEqual(all.slice(20, 70).map((m) => m.body));
    expect(older.complete).toBe(false);
  });
});
