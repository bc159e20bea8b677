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

/** The local calendar day as one number (yyyymmdd): cheaper than a string for 10,000 messages. */
function localDayKey(d: Date): number {
  return d.getFullYear() * 10_000 + (d.getMonth() + 1) * 100 + d.getDate();
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * Intl formatters are costly to build; toLocale*String with options builds one per call. Keep one per shape,
 * found by a short name (each visible row asks twice per render, so no JSON.stringify of the options).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, shape: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${shape}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** "Today", "Yesterday", a weekday within the last week, else a date (with the year when not this year). */
export function dayLabel(date: Date, now: Date, locale?: string): string {
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return formatter(locale, 'weekday', { weekday: 'long' }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return (sameYear ? formatter(locale, 'day', { weekday: 'long', month: 'long', day: 'numeric' }) : formatter(locale, 'date', { month: 'long', day: 'numeric', year: 'numeric' })).format(date);
}

export function timeLabel(date: Date, locale?: string): string {
  return formatter(locale, 'time', { hour: 'numeric', minute: '2-digit' }).format(date);
}

/** A full date and time for tooltips and screen readers. */
export function fullTimeLabel(date: Date, locale?: string): string {
  return formatter(locale, 'full', { dateStyle: 'full', timeStyle: 'short' }).format(date);
}

/** Build the formatters the message list uses, ahead of need (MainLayout calls it when the browser is idle). */
export function warmTimeLabels(now = new Date()): void {
  timeLabel(now);
  fullTimeLabel(now);
  dayLabel(new Date(now.getTime() - 3 * 86_400_000), now);
  dayLabel(new Date(now.getTime() - 30 * 86_400_000), now);
  dayLabel(new Date(now.getTime() - 400 * 86_400_000), now);
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
 * `previous` is the message just before `messages` when they are the newest part of a longer history (the
 * message list renders a window of it): the first row then gets its day label and grouping as in the whole.
 * Pure: `now` decides "Today"/"Yesterday".
 */
export function buildTimeline(
  messages: readonly ChatMessage[],
  now: Date,
  locale?: string,
  firstNewId: string | null = null,
  previous: ChatMessage | null = null,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let prev: ChatMessage | null = previous;
  const prevDate = previous ? parseDate(previous.sentAt) : null;
  let prevTime = prevDate ? prevDate.getTime() : 0;
  let prevDay = prevDate ? localDayKey(prevDate) : -1;
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
