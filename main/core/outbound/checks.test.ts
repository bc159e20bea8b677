import { describe, expect, it } from 'vitest';
import { checkContactAddress, checkLineText, checkMessageText, domainAllowed, parseAddress, stripControlCharacters } from './checks';

const values = { XmppDomain: 'agency.gov', AllowedContactDomains: [] as string[] };

describe('outbound checks', () => {
  it('strips control characters and bidi overrides from bodies but keeps newlines and tabs', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\td\r\ne\u202Ef\u009B')).toBe('abc\td\nef');
  });

  it('refuses empty and over-long messages with a reason', () => {
    expect(checkMessageText('\u0000 ', 20)).toEqual({ ok: false, reason: 'The message is empty.' });
    const long = checkMessageText('x'.repeat(21), 20);
    expect(!long.ok && long.reason).toMatch(/limit is 20/);
    expect(checkMessageText('hi', 20)).toEqual({ ok: true, value: 'hi' });
  });

  it('always allows the XmppDomain (and its rooms service), even when the list names only subdomains', () => {
    const wild = { XmppDomain: 'example.gov', AllowedContactDomains: ['*.example.gov'] };
    expect(domainAllowed('example.gov', wild)).toBe(true);
    expect(domainAllowed('rooms.example.gov', wild)).toBe(true);
    expect(domainAllowed('dot.example.gov', wild)).toBe(true);
    expect(domainAllowed('example.gov.evil.com', wild)).toBe(false);
    expect(domainAllowed('partner.gov', { ...values, AllowedContactDomains: ['partner.gov'] })).toBe(true);
    expect(domainAllowed('conference.partner.gov', { ...values, AllowedContactDomains: ['partner.gov'] })).toBe(true);
    expect(domainAllowed('gmail.com', values)).toBe(false);
  });

  it('refuses a disallowed domain with a sentence naming what is allowed', () => {
    const r = checkContactAddress('eve@gmail.com', { ...values, AllowedContactDomains: ['partner.gov'] });
    expect(r).toEqual({ ok: false, reason: 'Chat with gmail.com is not allowed by policy. You can chat with: agency.gov, partner.gov.' });
    expect(checkContactAddress('Bob@Agency.gov', values)).toEqual({ ok: true, value: 'bob@agency.gov' });
  });

  it('refuses control characters in addresses and one-line fields, before anything is sent', () => {
    expect(parseAddress('bob\u0001@agency.gov')).toEqual({ ok: false, reason: 'The address contains a control character. Type it again without it.' });
    expect(parseAddress('bob@agency.gov\u0000')).toMatchObject({ ok: false });
    expect(checkLineText('Budget\u0007', 'subject', 100)).toMatchObject({ ok: false, reason: expect.stringMatching(/subject contains a control character/) });
    expect(checkLineText('Budget', 'subject', 100)).toEqual({ ok: true, value: 'Budget' });
  });
});
