import { describe, expect, it } from 'vitest';
import { ALL_POLICIES, POLICY_BY_NAME, POLICY_DEFINITIONS, defaultPolicyValues, findPolicy } from './schema';

const CONTRACT_NAMES = [
  'XmppDomain', 'XmppHost', 'XmppPort', 'XmppCaCertificateFile', 'AllowedContactDomains', 'RecordsNoticeText',
  'PolicyVersion', 'PolicyReviewedOn', 'DevToolsAllowed', 'RememberPasswordAllowed', 'RetentionServerUrl',
  'RetentionServerToken', 'RetentionFailMode',
  'DlpBuiltinDetectors', 'DlpActions', 'DlpKeywordLists', 'DlpPatterns', 'DlpClassificationMarkings',
  'DlpMinConfidence', 'GroupChatAllowed', 'MessageCorrectionAllowed', 'MessageRetractionAllowed', 'MaxMessageLength', 'IdleSignOutMinutes',
  'RecordsNoticeIntervalDays', 'RetentionMaxBacklogAgeMinutes', 'RetentionMaxBacklogRecords', 'AuditEndpointUrl',
];

describe('policy definitions', () => {
  it('define every contract name exactly once, in PascalCase', () => {
    const names = ALL_POLICIES.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of CONTRACT_NAMES) expect(POLICY_BY_NAME.has(n), n).toBe(true);
    for (const n of names) expect(n).toMatch(/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$/);
  });

  it.each(ALL_POLICIES.map((d) => [d.name, d] as const))('%s is consistent', (_name, d) => {
    expect(d.title.length).toBeGreaterThan(3);
    expect(d.description.length).toBeGreaterThan(20);
    expect(d.schema.safeParse(d.example).success).toBe(true);
    if ((d.required ?? 'optional') === 'optional') expect(d.schema.safeParse(d.default).success).toBe(true);
    if (d.kind === 'integer') {
      expect(typeof d.min === 'number' && typeof d.max === 'number').toBe(true);
      expect(d.schema.safeParse(d.min).success && d.schema.safeParse(d.max).success).toBe(true);
      expect(d.schema.safeParse(d.min! - 1).success || d.schema.safeParse(d.max! + 1).success).toBe(false);
      expect(d.schema.safeParse(d.min! + 0.5).success).toBe(false);
    }
    if (d.kind === 'enum') for (const v of d.values ?? []) expect(d.schema.safeParse(v).success).toBe(true);
    if (d.kind === 'boolean') expect(typeof d.default).toBe('boolean');
    if (d.kind === 'string-list') expect(Array.isArray(d.example)).toBe(true);
    if (d.kind === 'json') expect(typeof d.example).toBe('object');
    if (d.kind === 'number') expect(typeof d.example).toBe('number');
    if (d.kind === 'string' || d.kind === 'enum') expect(typeof d.example).toBe('string');
    if (d.scope === 'machine') expect(d.userSettable ?? false).toBe(false);
  });

  it('marks the server, retention and DLP policies security-critical and the token sensitive', () => {
    const critical = ALL_POLICIES.filter((d) => d.securityCritical).map((d) => d.name);
    for (const n of ['XmppDomain', 'XmppHost', 'XmppPort', 'XmppCaCertificateFile', 'RetentionServerUrl', 'DlpBuiltinDetectors', 'DlpActions', 'DlpKeywordLists', 'DlpPatterns', 'DlpClassificationMarkings']) {
      expect(critical).toContain(n);
    }
    expect(ALL_POLICIES.filter((d) => d.sensitive).map((d) => d.name)).toEqual(['RetentionServerToken']);
    expect(POLICY_BY_NAME.get('MessageRetractionAllowed')?.default).toBe(false);
    expect(POLICY_BY_NAME.get('RecordsNoticeIntervalDays')?.default).toBe(365);
    expect(POLICY_BY_NAME.get('RetentionFailMode')?.values).toEqual(['fail-open-spooled', 'fail-closed']);
  });

  it('summarises Policy 630-04 in the default records notice', () => {
    const text = String(POLICY_BY_NAME.get('RecordsNoticeText')?.default);
    expect(text).toMatch(/business/i);
    expect(text).toMatch(/sensitive or confidential/i);
    expect(text).toMatch(/text only/i);
    expect(text).toMatch(/record/i);
    expect(text).toMatch(/monitor/i);
    expect(text).toMatch(/disclose/i);
  });

  it('validates values sensibly', () => {
    const ok = (name: string, v: unknown) => POLICY_BY_NAME.get(name)!.schema.safeParse(v).success;
    expect(ok('XmppHost', 'xmpp.example.gov')).toBe(true);
    expect(ok('XmppHost', 'xmpp example')).toBe(false);
    expect(ok('XmppHost', '')).toBe(false);
    expect(ok('XmppCaCertificateFile', 'C:\\ProgramData\\ca.pem')).toBe(true);
    expect(ok('XmppCaCertificateFile', 'relative/ca.pem')).toBe(false);
    expect(ok('XmppCaCertificateFile', '\\\\server\\share\\ca.pem')).toBe(false);
    expect(ok('RetentionServerUrl', 'https://records.example.gov')).toBe(true);
    expect(ok('RetentionServerUrl', 'http://127.0.0.1:8080')).toBe(true);
    expect(ok('RetentionServerUrl', 'http://records.example.gov')).toBe(false);
    expect(ok('RetentionServerUrl', 'https://user:pw@records.example.gov')).toBe(false);
    expect(ok('PolicyReviewedOn', '2026-02-29')).toBe(false);
    expect(ok('PolicyReviewedOn', '2028-02-29')).toBe(true);
    expect(ok('AllowedContactDomains', ['*.example.gov', 'partner.org'])).toBe(true);
    expect(ok('AllowedContactDomains', ['*'])).toBe(false);
    expect(ok('RecordsNoticeText', '   ')).toBe(false);
    expect(ok('DlpBuiltinDetectors', { US_SSN: false })).toBe(true);
    expect(ok('DlpBuiltinDetectors', { US_SNN: false })).toBe(false);
    expect(ok('DlpActions', { US_SSN: 'block', CUSTOM_X: 'warn' })).toBe(true);
    expect(ok('DlpActions', { PROJECT: 'warn' })).toBe(false);
    expect(ok('DlpActions', { US_SSN: 'deny' })).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: '\\d{3}' }])).toBe(true);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: '(a)\\1' }])).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: '[' }])).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: 'x', flags: 'u' }])).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: '(?=x)y' }])).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: 'a*' }])).toBe(false);
    expect(ok('DlpMinConfidence', 0.7)).toBe(true);
    expect(ok('DlpMinConfidence', 1.5)).toBe(false);
    expect(ok('DlpPatterns', [{ name: 'a', pattern: 'x' }, { name: 'a', pattern: 'y' }])).toBe(false);
    expect(ok('DlpKeywordLists', [{ name: 'k', keywords: [] }])).toBe(false);
    expect(ok('DlpKeywordLists', [{ name: 'k', keywords: ['x'], extra: 1 }])).toBe(false);
  });

  it('offers typed defaults and case-insensitive lookup', () => {
    const d = defaultPolicyValues();
    expect(d.XmppPort).toBe(5222);
    expect(d.MessageRetractionAllowed).toBe(false);
    expect(findPolicy('xmppdomain')?.name).toBe('XmppDomain');
    expect(POLICY_DEFINITIONS.length).toBe(ALL_POLICIES.length);
  });
});
