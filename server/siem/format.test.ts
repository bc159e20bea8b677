import { describe, expect, it } from 'vitest';
import { cefPayload, frame, fromAccessAudit, syslogMessage, type SiemEvent } from './format';
import { parseSiemUrl } from './forwarder';

const e: SiemEvent = {
  source: 'client',
  id: 12,
  at: '2026-03-01T10:00:00.000Z',
  type: 'dlp-block',
  severity: 4,
  fields: { jid: 'alice@agency.gov', deviceId: 'dev-1', action: 'block', types: 'US_SSN', rules: 'ssn=strict', note: 'a|b\\c\nd' },
};

describe('SIEM message format', () => {
  it('is RFC 5424 with structured data naming the event, and octet-counted', () => {
    const msg = syslogMessage(e, 'json', { host: 'records-1', productVersion: '0.1.0' });
    expect(msg).toMatch(/^<108>1 2026-03-01T10:00:00\.000Z records-1 approved-im - dlp-block \[approvedim@32473 source="client" id="12"\] \{/);
    expect(JSON.parse(msg.slice(msg.indexOf('] ') + 2))).toMatchObject({ source: 'client', id: 12, type: 'dlp-block', jid: 'alice@agency.gov', types: 'US_SSN' });
    const f = frame('héllo');
    expect(f.toString('utf8')).toBe('6 héllo');
  });

  it('CEF escapes header pipes and extension equals signs, backslashes and newlines', () => {
    const cef = cefPayload({ ...e, type: 'odd|type' }, '0.1.0');
    expect(cef).toMatch(/^CEF:0\|Approved IM\|Approved IM Retention\|0\.1\.0\|odd\\\|type\|odd\\\|type\|7\|rt=1772359200000 /);
    expect(cef).toContain('suser=alice@agency.gov');
    expect(cef).toContain('act=block');
    expect(cef).toContain('cs4Label=types cs4=US_SSN');
    expect(cef).toContain('cs5Label=rules cs5=ssn\\=strict');
    expect(cef).toContain('msg=note:a|b\\\\c\\nd');
    expect(cef).not.toContain('\n');
  });

  it('keeps free-text search terms of the access audit out of the SIEM', () => {
    const s = fromAccessAudit({ id: 4, at: e.at, tokenId: 't', tokenName: 'officer', role: 'records', action: 'records.search', query: { q: 'ssn 536-22-8147', participant: 'a@b' }, resultCount: 2, outcome: 'ok', remote: '127.0.0.1' });
    expect(JSON.stringify(s)).not.toContain('536-22-8147');
    expect(s.fields.query).toContain('a@b');
  });

  it('accepts only tls://host:port collectors', () => {
    expect(parseSiemUrl('tls://siem.agency.gov:6514')).toEqual({ host: 'siem.agency.gov', port: 6514 });
    expect(parseSiemUrl('tls://[::1]:6514')).toEqual({ host: '::1', port: 6514 });
    for (const bad of ['udp://siem:514', 'tls://siem', 'siem:6514', 'tls://siem:99999']) expect(() => parseSiemUrl(bad)).toThrow(/tls:\/\/host:port/);
  });
});
