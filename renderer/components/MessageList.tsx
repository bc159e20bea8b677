import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';
import { useHistoryWindow } from '../hooks/useHistoryWindow';
import type { ConversationState } from '../state/reducer';
import { buildTimeline, firstUnreadId, type TimelineRow } from '../state/timeline';
import { MessageRow } from './MessageRow';

/** What the user may do with their own messages (policy decides which are offered). */
export interface MessageActions {
  onEdit?: (m: ChatMessage) => void;
  onDelete?: (m: ChatMessage) => void;
  onRetry?: (m: ChatMessage) => void;
  canAct: (m: ChatMessage) => boolean;
}

interface Props {
  conversation: ConversationState;
  peerName: string;
  /** A room: "Messages in <room>" rather than "Messages with <person>". */
  isRoom?: boolean;
  actions?: MessageActions;
  onLoadOlder: () => void;
}

/** How close to the bottom (px) still counts as "at the bottom" for following new messages. */
const STICK_SLACK = 48;
/** Start fetching older history when the top is this close (px). */
const LOAD_OLDER_AT = 200;
/** Reveal more of the history in memory when the top of what is rendered is this many screens away. */
const REVEAL_SCREENS = 3;
/** Room above the first row for the "start of history" / "loading" line. */
const HEAD = 56;

function useToday(): string {
  // "Today"/"Yesterday" must re-label after midnight; checking each minute is plenty.
  const [today, setToday] = useState(() => new Date().toDateString());
  useEffect(() => {
    const t = window.setInterval(() => setToday(new Date().toDateString()), 60_000);
    return () => window.clearInterval(t);
  }, []);
  return today;
}

/**
 * The conversation's messages as a virtualized role=log. The virtualizer is anchored to the end, so
 * it follows new messages while the user is at the bottom, keeps the row in view steady when older
 * history arrives on top, and asks for older history near the top.
 */
export function MessageList({ conversation, peerName, isRoom = false, actions, onLoadOlder }: Props) {
  const where = `${isRoom ? 'in' : 'with'} ${peerName}`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const today = useToday();
  // Where the "New messages" line goes: fixed once the history is in, so later arrivals don't move it.
  const [firstNew, setFirstNew] = useState<string | null | undefined>(undefined);
  const { loaded: historyIn, unreadAtOpen, messages } = conversation;
  // Known in the first render with the history (the window below must include it), kept from then on.
  const firstNewNow = firstNew !== undefined ? firstNew : historyIn ? firstUnreadId(messages, unreadAtOpen) : null;
  useEffect(() => {
    if (firstNew === undefined && historyIn) setFirstNew(firstNewNow);
  }, [firstNew, historyIn, firstNewNow]);
  // Only the newest part of a long history is rendered; scrolling up reveals more (hooks/useHistoryWindow.ts).
  const { start, shown, previous, revealOlder } = useHistoryWindow(messages, historyIn, firstNewNow);
  const rows = useMemo<TimelineRow[]>(() => buildTimeline(shown, new Date(today), undefined, firstNewNow, previous), [shown, today, firstNewNow, previous]);

  // Stable while the rows are: the virtualizer re-measures every row whenever getItemKey changes.
  const estimateSize = useCallback((i: number) => (rows[i]?.day ? 100 : rows[i]?.groupStart ? 64 : 44), [rows]);
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 8,
    paddingStart: HEAD,
    paddingEnd: 8,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: STICK_SLACK,
  });

  const atBottom = useRef(true);
  // Set once the list has been at its end after opening: before that, scroll events are the opening itself.
  const openedAtEnd = useRef(false);
  const [unseen, setUnseen] = useState(0);
  const lastRow = rows[rows.length - 1];
  const lastKey = lastRow?.key;
  const prevLastKey = useRef<string | undefined>(undefined);

  const toBottom = useCallback(() => {
    atBottom.current = true;
    setUnseen(0);
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // A new last row: own messages always bring the view down; others are counted when the user has scrolled up.
  useLayoutEffect(() => {
    const appended = prevLastKey.current !== undefined && lastKey !== prevLastKey.current;
    prevLastKey.current = lastKey;
    if (!appended || !lastRow) return;
    if (lastRow.message.direction === 'out') toBottom();
    else if (!atBottom.current) setUnseen((n) => n + 1);
  }, [lastKey, lastRow, toBottom]);

  // The pane shrinks when the composer grows or a panel opens under the log: stay at the bottom if we were there.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { loaded, complete, loadingOlder, historyError } = conversation;
  const canLoad = loaded && !complete && !loadingOlder && !historyError;
  // Near the top: first show more of what is in memory, then ask main for older history.
  const older = useCallback(() => {
    if (!revealOlder() && canLoad) onLoadOlder();
  }, [revealOlder, canLoad, onLoadOlder]);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK;
    if (atBottom.current) setUnseen(0);
    // After this scroll has been handled (the virtualizer keeps the reader's row in place as rows arrive above).
    const revealAt = el.clientHeight * REVEAL_SCREENS;
    if (atBottom.current && el.scrollTop > revealAt) openedAtEnd.current = true;
    // Rows from memory are revealed a few screens before the top, so they are in place before the reader
    // gets there (the virtualizer keeps the rows in view where they are); main is asked at the very top.
    if (el.scrollTop < LOAD_OLDER_AT) older();
    else if (openedAtEnd.current && el.scrollTop < revealAt) revealOlder();
  }, [older, revealOlder]);

  // A short history may not fill the pane (no scroll event ever fires): fetch more until it does.
  const total = virtualizer.getTotalSize();
  useEffect(() => {
    const el = scrollRef.current;
    if (el && el.scrollHeight <= el.clientHeight + LOAD_OLDER_AT) older();
  }, [older, total]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="log-wrap">
      <div
        ref={scrollRef}
        className="log"
        role="log"
        aria-label={`Messages ${where}`}
        aria-busy={!loaded || loadingOlder}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div className="log-inner" style={{ height: total }}>
          <LogTop
            loaded={loaded}
            complete={complete && start === 0}
            loadingOlder={loadingOlder}
            error={historyError}
            empty={rows.length === 0}
            where={where}
            onRetry={onLoadOlder}
          />
          <div className="log-items" style={{ transform: `translateY(${items[0]?.start ?? HEAD}px)` }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="log-row">
                  {row.day && (
                    <div className="day-separator">
                      <span>{row.day}</span>
                    </div>
                  )}
                  {row.firstNew && (
                    <div className="new-separator">
                      <span>New messages</span>
                    </div>
                  )}
                  <MessageRow
                    message={row.message}
                    groupStart={row.groupStart}
                    groupEnd={row.groupEnd}
                    peerName={peerName}
                    onEdit={actions?.onEdit && actions.canAct(row.message) ? actions.onEdit : undefined}
                    onDelete={actions?.onDelete && actions.canAct(row.message) ? actions.onDelete : undefined}
                    onRetry={actions?.onRetry}
                  />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {unseen > 0 && (
        <button type="button" className="jump-latest" onClick={toBottom}>
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} — jump to latest
        </button>
      )}
    </div>
  );
}

interface LogTopProps {
  loaded: boolean;
  complete: boolean;
  loadingOlder: boolean;
  error: string | null;
  empty: boolean;
  /** "with Dana Whitfield" / "in Budget Office". */
  where: string;
  onRetry: () => void;
}

function LogTop(props: LogTopProps) {
  if (props.error) {
    return (
      <p className="log-top log-top-error">
        {props.error}
        <button type="button" className="btn-link" onClick={props.onRetry}>
          Try again
        </button>
      </p>
    );
  }
  if (!props.loaded || props.loadingOlder) {
    return (
      <p className="log-top log-top-loading">
        <span className="spinner" aria-hidden="true" />
        Loading messages…
      </p>
    );
  }
  if (!props.complete) return <p className="log-top" />;
  return (
    <p className="log-top">
      {props.empty ? 'No messages yet. ' : 'This is the start of your conversation history. '}
      Messages {props.where} are retained as public records.
    </p>
  );
}
