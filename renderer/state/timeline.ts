import type { ChatMessage } from '../../shared/ipc/types';

/**
 * One row of the virtualized message list: a message, with the day separator drawn above it when it is
 * the first of its local day. (Separators are not rows of their own, so every row is keyed by a message
 * id and the list can keep its place when older history arrives.)
 */
export interface TimelineRow {
  key: string;
  message: ChatMessage;
  /** "Today", "Yesterday", … when this message starts a new day. */
  day: string | null;
  /** First of a run of messages from the same sender: shows the sender's name, avatar and time. */
  groupStart: boolean;
  /** Last of the run: gets the rounded tail and the extra gap below. */
  groupEnd: boolean;
  /** The first of the messages that were unread when the conversation was opened. */
  firstNew: boolean;
}

/** Messages from one sender closer together than this are grouped under one header. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

function localDayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "Today", "Yesterday", a weekday within the last week, else a date (with the year when not this year). */
export function dayLabel(date: Date, now: Date, locale?: string): string {
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return date.toLocaleDateString(locale, { weekday: 'long' });
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(locale, {
    weekday: sameYear ? 'long' : undefined,
    month: 'long',
    day: 'numeric',
    year: sameYear ? undefined : 'numeric',
  });
}

export function timeLabel(date: Date, locale?: string): string {
  return date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}

/** A full date and time for tooltips and screen readers. */
export function fullTimeLabel(date: Date, locale?: string): string {
  return date.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short' });
}

function parseDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

function sameSender(a: ChatMessage, b: ChatMessage): boolean {
  return a.direction === b.direction && a.from === b.from;
}

/**
 * Turn a conversation's messages (oldest first) into list rows: a day label on the first message of
 * each local day, runs of messages from one sender within GROUP_GAP_MS grouped, and the message
 * `firstNewId` marked for the "New messages" line.
 * Pure: `now` decides "Today"/"Yesterday".
 */
export function buildTimeline(messages: readonly ChatMessage[], now: Date, locale?: string, firstNewId: string | null = null): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let prev: ChatMessage | null = null;
  let prevTime = 0;
  let prevDay = '';
  for (const m of messages) {
    const date = parseDate(m.sentAt);
    const dayKey = localDayKey(date);
    const newDay = dayKey !== prevDay;
    const groupStart = newDay || prev === null || !sameSender(prev, m) || date.getTime() - prevTime > GROUP_GAP_MS || m.id === firstNewId;
    const last = rows[rows.length - 1];
    if (groupStart && last) last.groupEnd = true;
    const firstNew = m.id === firstNewId;
    rows.push({ key: m.id, message: m, day: newDay ? dayLabel(date, now, locale) : null, groupStart, groupEnd: false, firstNew });
    prev = m;
    prevTime = date.getTime();
    prevDay = dayKey;
  }
  const last = rows[rows.length - 1];
  if (last) last.groupEnd = true;
  return rows;
}

/** The unread ones are the last `count` incoming messages: the id of the earliest of them, if any. */
export function firstUnreadId(messages: readonly ChatMessage[], count: number): string | null {
  let id: string | null = null;
  for (let i = messages.length - 1, left = count; i >= 0 && left > 0; i -= 1) {
    const m = messages[i];
    if (m?.direction === 'in') {
      id = m.id;
      left -= 1;
    }
  }
  return id;
}
