import { describe, expect, it } from 'vitest';
import { highlight } from './search';

describe('highlight', () => {
  it('splits around every case-insensitive match', () => {
    expect(highlight('Budget memo: budget due', 'BUDGET')).toEqual([
      { text: 'Budget', hit: true },
      { text: ' memo: ', hit: false },
      { text: 'budget', hit: true },
      { text: ' due', hit: false },
    ]);
  });
  it('returns the text whole when there is no query or no match', () => {
    expect(highlight('abc', ' ')).toEqual([{ text: 'abc', hit: false }]);
    expect(highlight('abc', 'x')).toEqual([{ text: 'abc', hit: false }]);
  });
  it('keeps markup as plain text', () => {
    expect(highlight('<b>x</b>', 'x').map((p) => p.text).join('')).toBe('<b>x</b>');
  });
});
