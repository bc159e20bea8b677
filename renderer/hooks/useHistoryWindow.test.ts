import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/ipc/types';
import { INITIAL_WINDOW, defaultStart } from './useHistoryWindow';

const history = (n: number): ChatMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    conversation: 'dana@x.gov',
    conversationType: 'chat' as const,
    direction: 'in' as const,
    from: 'dana@x.gov',
    body: `#${i}`,
    sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    state: 'received' as const,
  }));

describe('defaultStart (the part of a long history rendered on open)', () => {
  const list = history(10_000);
  it('is the newest INITIAL_WINDOW messages', () => {
    expect(defaultStart(list, null)).toBe(10_000 - INITIAL_WINDOW);
    // Control: a short history is shown whole.
    expect(defaultStart(history(50), null)).toBe(0);
  });
  it('reaches up to the first unread message when it is older than that', () => {
    expect(defaultStart(list, 'm5000')).toBe(5000 - 3);
    // Unread inside the default window change nothing.
    expect(defaultStart(list, 'm9990')).toBe(10_000 - INITIAL_WINDOW);
    // An id that is not there changes nothing either.
    expect(defaultStart(list, 'gone')).toBe(10_000 - INITIAL_WINDOW);
  });
});
