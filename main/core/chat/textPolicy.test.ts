import { describe, expect, it } from 'vitest';
import { checkOutgoingText, stripControlCharacters } from './textPolicy';

const base = { maxLength: 20, allowedDomains: [], ownDomain: 'agency.gov', recipient: 'bob@agency.gov' };

describe('text policy', () => {
  it('strips control characters and bidi overrides but keeps newlines and tabs', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\td\r\ne\u202Ef\u009B')).toBe('abc\td\nef');
  });
  it('refuses empty, over-long and disallowed-domain messages with a reason', () => {
    expect(checkOutgoingText('\u0000 ', base)).toEqual({ ok: false, reason: 'The message is empty.' });
    const long = checkOutgoingText('x'.repeat(21), base);
    expect(long.ok).toBe(false);
    expect(!long.ok && long.reason).toMatch(/limit is 20/);
    const foreign = checkOutgoingText('hi', { ...base, recipient: 'eve@gmail.com' });
    expect(!foreign.ok && foreign.reason).toMatch(/gmail.com is not allowed/);
    expect(checkOutgoingText('hi', { ...base, allowedDomains: ['partner.gov'], recipient: 'x@partner.gov' })).toEqual({ ok: true, body: 'hi' });
  });
});
