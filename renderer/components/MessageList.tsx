import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationState } from '../state/reducer';
import { buildTimeline, type TimelineRow } from '../state/timeline';
import { MessageRow } from './MessageRow';

interface Props {
  conversation: ConversationState;
  peerName: string;
  onLoadOlder: () => void;
}

type Row = TimelineRow | { kind: 'top'; key: string };

/** How close to the bottom (px) still counts as "at the bottom" for sticking to new messages. */
const STICK_SLACK = 80;
/** Start fetching older history when the top is this close (px). */
const LOAD_OLDER_AT = 160;

function useNow(): Date {
  // Re-render at midnight-ish granularity is enough for "Today"/"Yesterday"; refresh every minute.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(t);
  }, []);
  return now;
}

/**
 * The conversation's messages as a virtualized role=log. Sticks to the bottom while the user is
 * there, keeps their place when they have scrolled up, and asks for older history at the top.
 */
export function MessageList({ conversation, peerName, onLoadOlder }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const today = now.toDateString();
  const rows = useMemo<Row[]>(
    // Keyed on the day, not the minute: "Today"/"Yesterday" re-label after midnight.
    () => [{ kind: 'top', key: 'top' }, ...buildTimeline(conversation.messages, new Date(today))],
    [conversation.messages, today],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'day' ? 44 : rows[i]?.kind === 'top' ? 72 : 56),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 8,
  });

  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const firstKey = rows.find((r) => r.kind === 'message')?.key;
  const lastRow = rows[rows.length - 1];
  const lastKey = lastRow?.key;
  const prev = useRef<{ firstKey?: string; lastKey?: string; total: number; scrollTop: number }>({ total: 0, scrollTop: 0 });
  const total = virtualizer.getTotalSize();

  const scrollToBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // Keep the view steady when rows change: stick to the bottom, or hold position when older rows arrive on top.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const p = prev.current;
    if (el) {
      const prepended = p.firstKey !== undefined && firstKey !== p.firstKey && lastKey === p.lastKey;
      const appended = lastKey !== p.lastKey;
      if (prepended && !atBottom.current) {
        el.scrollTop = p.scrollTop + (total - p.total);
      } else if (atBottom.current) {
        scrollToBottom();
      } else if (appended && lastRow?.kind === 'message') {
        if (lastRow.message.direction === 'out') {
          atBottom.current = true;
          scrollToBottom();
        } else {
          setUnseen((n) => n + 1);
        }
      }
    }
    prev.current = { firstKey, lastKey, total, scrollTop: el?.scrollTop ?? 0 };
  }, [firstKey, lastKey, total, lastRow, scrollToBottom]);

  // The pane shrinks when the composer grows or a panel opens above it: stay at the bottom if we were there.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) scrollToBottom();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [scrollToBottom]);

  const { loaded, complete, loadingOlder } = conversation;
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_SLACK;
    if (atBottom.current) setUnseen(0);
    prev.current.scrollTop = el.scrollTop;
    if (el.scrollTop < LOAD_OLDER_AT && loaded && !complete && !loadingOlder) onLoadOlder();
  }, [loaded, complete, loadingOlder, onLoadOlder]);

  // A short history may not fill the pane (no scroll event ever fires): fetch more until it does.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && loaded && !complete && !loadingOlder && el.scrollHeight <= el.clientHeight + LOAD_OLDER_AT) onLoadOlder();
  }, [loaded, complete, loadingOlder, total, onLoadOlder]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="log-wrap">
      <div
        ref={scrollRef}
        className="log"
        role="log"
        aria-label={`Messages with ${peerName}`}
        aria-busy={!loaded || loadingOlder}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div className="log-inner" style={{ height: total }}>
          <div className="log-items" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="log-row">
                  {row.kind === 'top' ? (
                    <LogTop loaded={loaded} complete={complete} loadingOlder={loadingOlder} empty={rows.length === 1} peerName={peerName} />
                  ) : row.kind === 'day' ? (
                    <div className="day-separator">
                      <span>{row.label}</span>
                    </div>
                  ) : (
                    <MessageRow message={row.message} groupStart={row.groupStart} groupEnd={row.groupEnd} peerName={peerName} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {unseen > 0 && (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            atBottom.current = true;
            setUnseen(0);
            scrollToBottom();
          }}
        >
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} — jump to latest
        </button>
      )}
    </div>
  );
}

function LogTop(props: { loaded: boolean; complete: boolean; loadingOlder: boolean; empty: boolean; peerName: string }) {
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
      Messages with {props.peerName} are retained as public records.
    </p>
  );
}
