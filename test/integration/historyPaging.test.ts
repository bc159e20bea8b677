import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { OLDER_PAGE, OPEN_PAGE } from '../../main/core/handlers/chat';
import type { ChatMessage } from '../../shared/ipc/types';

// History paging between main and the renderer (issue 18 item 7): 'chat:open' hands over only the newest
// page, and 'chat:loadOlder' with the renderer's oldest id walks back through main's memory, then the
// archive, until the first message. A real Prosody keeps the archive (50 per MAM page).

const TOTAL = 450;
let server: ProsodyServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
  alice = `alice@${server.domain}`;
  bob = `bob@${server.domain}`;
  const a = makeCore(server);
  await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
  for (let i = 0; i < TOTAL; i++) {
    const r = await a.core.handlers['chat:send']({ to: bob, body: `paging #${i}` });
    expect(r.status).toBe('sent');
  }
  await a.core.shutdown();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const numbers = (ms: ChatMessage[]) => ms.map((m) => Number(m.body.slice('paging #'.length)));
// Archive stamps have whole seconds, so a burst's order within a second is not kept: compare as sets.
const sorted = (ms: ChatMessage[]) => numbers(ms).sort((x, y) => x - y);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** What the renderer does: open, then ask for older pages with its oldest id until told it is complete. */
async function scrollToTheTop(core: ReturnType<typeof makeCore>['core'], jid: string) {
  const opened = await core.handlers['chat:open']({ jid });
  let held = opened.messages;
  let complete = opened.complete;
  const pages: number[] = [];
  while (!complete) {
    const older = await core.handlers['chat:loadOlder']({ jid, before: held[0]!.id });
    pages.push(older.messages.length);
    const known = new Set(held.map((m) => m.id));
    held = [...older.messages.filter((m) => !known.has(m.id)), ...held].sort((x, y) => x.sentAt.localeCompare(y.sentAt));
    complete = older.complete;
    expect(pages.length).toBeLessThan(40);
  }
  return { opened, held, pages };
}

describe('history paging between main and the renderer', () => {
  it('a fresh sign-in reads the archive back page by page to the first message, and a re-open answers from memory', async () => {
    const a = makeCore(server);
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    const first = await scrollToTheTop(a.core, bob);
    // Memory is empty after signing in: the open shows the archive's newest page, the rest comes from the archive.
    expect(sorted(first.opened.messages)).toEqual(range(TOTAL - 50, TOTAL));
    expect(sorted(first.held)).toEqual(range(0, TOTAL));
    expect(new Set(first.held.map((m) => m.id)).size).toBe(TOTAL);

    // Opened again: only the newest page crosses over, and paging back continues from memory…
    const again = await a.core.handlers['chat:open']({ jid: bob });
    expect(again.messages).toHaveLength(OPEN_PAGE);
    expect(again.complete).toBe(false);
    const older = await a.core.handlers['chat:loadOlder']({ jid: bob, before: again.messages[0]!.id });
    expect(older.messages.length).toBeGreaterThanOrEqual(Math.min(OLDER_PAGE, TOTAL - OPEN_PAGE));
    const both = new Map([...again.messages, ...older.messages].map((m) => [m.id, m]));
    expect(sorted([...both.values()])).toEqual(range(0, TOTAL));
    expect(older.complete).toBe(true);
    await a.core.shutdown();
  }, 60_000);

  it('a message sent in this session and the archive pages meet without a gap or a duplicate', async () => {
    const a = makeCore(server);
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    await a.core.handlers['chat:send']({ to: bob, body: `paging #${TOTAL}` });
    const { opened, held } = await scrollToTheTop(a.core, bob);
    expect(opened.messages.length).toBeLessThanOrEqual(OPEN_PAGE);
    expect(numbers(opened.messages).at(-1)).toBe(TOTAL);
    expect(sorted(held)).toEqual(range(0, TOTAL + 1));
    expect(new Set(held.map((m) => m.id)).size).toBe(held.length);
    await a.core.shutdown();
  }, 60_000);

  it('without a cursor, loadOlder reads the next archive page as before (older renderers)', async () => {
    const a = makeCore(server);
    await a.core.handlers['session:signIn']({ address: alice, password: 'alice-pass-1', remember: false });
    const opened = await a.core.handlers['chat:open']({ jid: bob });
    expect(opened.messages).toHaveLength(50);
    expect(opened.complete).toBe(false);
    const older = await a.core.handlers['chat:loadOlder']({ jid: bob });
    expect(older.messages).toHaveLength(50);
    expect(older.complete).toBe(false);
    expect(Math.max(...numbers(older.messages))).toBeLessThan(Math.min(...numbers(opened.messages)));
    await a.core.shutdown();
  }, 60_000);
});
