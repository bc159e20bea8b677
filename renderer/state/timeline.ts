import type { ChatMessage } from '../../shared/ipc/types';

/** One row of the virtualized message list. */
export type TimelineRow =
  | { kind: 'day'; key: string; label: string }
  | {
      kind: 'message';
      key: string;
      message: ChatMessage;
      /** First of a run of messages from the same sender: shows the sender's name, avatar and time. */
      groupStart: boolean;
      /** Last of the run: gets the rounded tail and the extra gap below. */
      groupEnd: boolean;
    };

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
 * Turn a conversation's messages (oldest first) into list rows: a day separator before the first
 * message of each local day, and runs of messages from one sender within GROUP_GAP_MS grouped.
 * Pure: `now` decides "Today"/"Yesterday".
 */
export function buildTimeline(messages: readonly ChatMessage[], now: Date, locale?: string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let prev: ChatMessage | null = null;
  let prevTime = 0;
  let prevDay = '';
  let lastMessageRow: Extract<TimelineRow, { kind: 'message' }> | null = null;
  for (const m of messages) {
    const date = parseDate(m.sentAt);
    const day = localDayKey(date);
    const newDay = day !== prevDay;
    if (newDay) {
      rows.push({ kind: 'day', key: `day:${day}`, label: dayLabel(date, now, locale) });
    }
    const groupStart = newDay || prev === null || !sameSender(prev, m) || date.getTime() - prevTime > GROUP_GAP_MS;
    if (groupStart && lastMessageRow) lastMessageRow.groupEnd = true;
    const row: Extract<TimelineRow, { kind: 'message' }> = { kind: 'message', key: m.id, message: m, groupStart, groupEnd: false };
    rows.push(row);
    lastMessageRow = row;
    prev = m;
    prevTime = date.getTime();
    prevDay = day;
  }
  if (lastMessageRow) lastMessageRow.groupEnd = true;
  return rows;
}
