import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/ipc/types';
import { buildTimeline, dayLabel, firstUnreadId } from './timeline';

const local = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi);
const msg = (id: string, at: Date, direction: 'in' | 'out' = 'in'): ChatMessage => ({
  id,
  conversation: 'dana@x.gov',
  conversationType: 'chat',
  direction,
  from: direction === 'in' ? 'dana@x.gov' : 'me@x.gov',
  body: id,
  sentAt: at.toISOString(),
  state: 'received',
});

describe('dayLabel', () => {
  const now = local(2026, 11, 28, 9);
  it('says Today, Yesterday, a weekday within the week, else a date', () => {
    expect(dayLabel(local(2026, 11, 28, 0, 5), now, 'en-US')).toBe('Today');
    expect(dayLabel(local(2026, 11, 27, 23, 59), now, 'en-US')).toBe('Yesterday');
    expect(dayLabel(local(2026, 11, 24), now, 'en-US')).toBe('Tuesday');
    expect(dayLabel(local(2026, 10, 2), now, 'en-US')).toBe('Friday, October 2');
    expect(dayLabel(local(2025, 12, 31), now, 'en-US')).toBe('December 31, 2025');
  });
});

describe('buildTimeline', () => {
  const now = local(2026, 11, 28, 18);
  it('puts a separator before each local day and groups runs from one sender', () => {
    const rows = buildTimeline(
      [
        msg('y1', local(2026, 11, 27, 9, 0)),
        msg('t1', local(2026, 11, 28, 9, 0)),
        msg('t2', local(2026, 11, 28, 9, 2)),
        msg('t3', local(2026, 11, 28, 9, 3), 'out'),
        msg('t4', local(2026, 11, 28, 9, 20), 'out'),
      ],
      now,
      'en-US',
    );
    expect(rows.map((r) => `${r.day ? `[${r.day}] ` : ''}${r.key}${r.groupStart ? '<' : ''}${r.groupEnd ? '>' : ''}`)).toEqual([
      '[Yesterday] y1<>',
      '[Today] t1<',
      't2>',
      't3<>',
      // 17 minutes later: a new group even from the same sender.
      't4<>',
    ]);
  });
  it('starts a new group at a day boundary even for the same sender', () => {
    const rows = buildTimeline([msg('a', local(2026, 11, 27, 23, 58)), msg('b', local(2026, 11, 28, 0, 1))], now, 'en-US');
    expect(rows.map((r) => r.groupStart)).toEqual([true, true]);
  });
  it('marks the first of the unread incoming messages, which starts a group', () => {
    const messages = [msg('a', local(2026, 11, 28, 9, 0)), msg('b', local(2026, 11, 28, 9, 1)), msg('o', local(2026, 11, 28, 9, 2), 'out'), msg('c', local(2026, 11, 28, 9, 3))];
    expect(firstUnreadId(messages, 2)).toBe('b');
    expect(firstUnreadId(messages, 0)).toBeNull();
    expect(firstUnreadId(messages, 9)).toBe('a');
    const rows = buildTimeline(messages, now, 'en-US', 'b');
    expect(rows.filter((r) => r.firstNew).map((r) => r.key)).toEqual(['b']);
    expect(rows.find((r) => r.key === 'b')?.groupStart).toBe(true);
    expect(buildTimeline(messages, now, 'en-US').some((r) => r.firstNew)).toBe(false);
  });
  it('returns nothing for no messages', () => {
    expect(buildTimeline([], now)).toEqual([]);
  });
});
