/**
 * The part of a conversation's history the message list renders (issue 18 item 7). A conversation may
 * hold years of messages (10,000 and more); opening it renders only the newest INITIAL_WINDOW of them, so
 * the timeline, the virtualizer's measurements and React's work are sized by the window, not the history.
 * Scrolling near the top reveals WINDOW_STEP more from memory (`revealOlder`), and only once everything in
 * memory is shown does the list ask main for older history. Nothing is dropped: the window only grows.
 *
 * The window's first message is pinned by id once the history is in, so new messages at the bottom and
 * older history arriving on top never move what the user is reading.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';

/** Messages rendered when a conversation opens: several screens' worth at any window size. */
export const INITIAL_WINDOW = 120;
/** Messages revealed each time the user scrolls near the top of the window. */
export const WINDOW_STEP = 240;
/** Unread messages above the default window: the window reaches this many above the first of them. */
const UNREAD_CONTEXT = 3;

export interface HistoryWindow {
  /** Index in `messages` of the first message rendered. */
  start: number;
  /** The messages rendered (`messages.slice(start)`; the same array while nothing changed). */
  shown: readonly ChatMessage[];
  /** The message just above the window (for its first row's day label and grouping), or null. */
  previous: ChatMessage | null;
  /** Show WINDOW_STEP more older messages from memory; false when every message is shown already. */
  revealOlder: () => boolean;
}

/** Where the window starts before it is pinned: the newest INITIAL_WINDOW, reaching up to the first unread. */
export function defaultStart(messages: readonly ChatMessage[], firstNewId: string | null): number {
  const start = Math.max(0, messages.length - INITIAL_WINDOW);
  if (firstNewId === null || start === 0) return start;
  // The "New messages" line must be in the window: find it from the end (the usual case, a few unread,
  // stays short) and open the window a little above it when it is older than the default window.
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]?.id === firstNewId) return Math.min(start, Math.max(0, i - UNREAD_CONTEXT));
  }
  return start;
}

/** Where message `id` is, trying `hint` (its last place) first: O(1) unless older history changed the front. */
function locate(messages: readonly ChatMessage[], id: string, hint: number): number {
  if (messages[hint]?.id === id) return hint;
  return messages.findIndex((m) => m.id === id);
}

/** The window's top: a message (by id), every message ('all': older history arriving is shown too), or not yet fixed. */
type Pin = { id: string } | 'all' | null;

export function useHistoryWindow(messages: readonly ChatMessage[], loaded: boolean, firstNewId: string | null): HistoryWindow {
  const [pin, setPin] = useState<Pin>(null);
  const lastStart = useRef(0);
  const start = useMemo(() => {
    if (pin === 'all') return 0;
    if (pin === null) return defaultStart(messages, firstNewId);
    const at = locate(messages, pin.id, lastStart.current);
    // The pinned message is gone (a new list): fall back to the default window.
    return at < 0 ? defaultStart(messages, firstNewId) : at;
  }, [messages, pin, firstNewId]);
  lastStart.current = start;

  // Pin the window's top once there is history, before paint (the re-render finds everything memoised).
  useLayoutEffect(() => {
    if (pin !== null || !loaded || messages.length === 0) return;
    const first = messages[start];
    setPin(start === 0 || !first ? 'all' : { id: first.id });
  }, [pin, loaded, messages, start]);

  const shown = useMemo(() => (start === 0 ? messages : messages.slice(start)), [messages, start]);
  const previous = start > 0 ? (messages[start - 1] ?? null) : null;

  const revealOlder = useCallback(() => {
    if (start === 0) return false;
    const next = start - WINDOW_STEP;
    const first = messages[next];
    setPin(next <= 0 || !first ? 'all' : { id: first.id });
    return true;
  }, [messages, start]);

  return { start, shown, previous, revealOlder };
}
