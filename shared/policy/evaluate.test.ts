import { describe, expect, it } from 'vitest';
import { POLICY_LEVELS, evaluatePolicy, type PolicyLayer, type PolicyLevel } from './evaluate';

const BASE = {
  XmppDomain: 'example.gov',
  XmppHost: 'xmpp.example.gov',
  XmppPort: 5222,
  XmppCaCertificateFile: '/etc/pki/agency-ca.pem',
  RetentionServerUrl: 'https://records.example.gov',
  RetentionServerToken: 'client-token-0123456789',
};
const base = (extra: Record<string, unknown> = {}): PolicyLayer => ({ level: 'mandatory-machine', source: 'base', values: { ...BASE, ...extra } });
const entry = (p: ReturnType<typeof evaluatePolicy>, name: string) => p.entries.find((e) => e.name === name)!;

describe('evaluatePolicy: precedence', () => {
  // Every subset of the five levels, each setting a different value: the strongest present level wins.
  const subsets = Array.from({ length: 32 }, (_, mask) => POLICY_LEVELS.filter((_, i) => mask & (1 << i)));
  it.each(subsets.map((s) => [s.join(' + ') || '(none)', s] as const))('IdleSignOutMinutes from %s', (_label, levels) => {
    const valueAt = (l: PolicyLevel) => 10 + POLICY_LEVELS.indexOf(l);
    // Pass the layers weakest first to show that input order does not matter across levels.
    const layers = [...levels].reverse().map((l) => ({ level: l, source: `src-${l}`, values: { IdleSignOutMinutes: valueAt(l) } }));
    const p = evaluatePolicy([base(), ...layers]);
    const e = entry(p, 'IdleSignOutMinutes');
    if (levels.length === 0) {
      expect(e).toMatchObject({ value: 0, level: 'default', status: 'unset' });
      return;
    }
    const winner = levels[0]!;
    expect(p.values.IdleSignOutMinutes).toBe(valueAt(winner));
    expect(e.level).toBe(winner);
    expect(e.source).toBe(`src-${winner}`);
    expect(e.status).toBe(levels.length > 1 ? 'conflict' : 'ok');
    expect(e.conflicts.map((c) => c.level)).toEqual(levels.slice(1));
    expect(e.conflicts.map((c) => c.value)).toEqual(levels.slice(1).map(valueAt));
    expect(p.fatal).toEqual([]);
  });

  it('machine beats user: HKCU never overrides HKLM', () => {
    const p = evaluatePolicy([
      { level: 'mandatory-user', source: 'HKCU', values: { MaxMessageLength: 50_000 } },
      base({ MaxMessageLength: 2000 }),
    ]);
    expect(p.values.MaxMessageLength).toBe(2000);
    expect(entry(p, 'MaxMessageLength').conflicts).toEqual([expect.objectContaining({ source: 'HKCU', value: 50_000 })]);
  });

  it('equal values at weaker levels are not conflicts', () => {
    const p = evaluatePolicy([base({ GroupChatAllowed: false }), { level: 'mandatory-user', source: 'u', values: { GroupChatAllowed: false } }]);
    expect(entry(p, 'GroupChatAllowed')).toMatchObject({ status: 'ok', conflicts: [] });
  });

  it('within one level the first layer wins and the others are shown as conflicts', () => {
    const p = evaluatePolicy([base({ MaxMessageLength: 100 }), { level: 'mandatory-machine', source: 'second', values: { MaxMessageLength: 200 } }]);
    expect(p.values.MaxMessageLength).toBe(100);
    expect(entry(p, 'MaxMessageLength')).toMatchObject({ status: 'conflict', message: expect.stringContaining('second') });
  });

  it('honours machine-scope policies only from mandatory machine policy', () => {
    for (const level of POLICY_LEVELS.slice(1)) {
      const p = evaluatePolicy([base(), { level, source: 'weak', values: { XmppPort: 5223, DevToolsAllowed: true } }]);
      expect(p.values.XmppPort).toBe(5222);
      expect(p.values.DevToolsAllowed).toBe(false);
      expect(entry(p, 'DevToolsAllowed').conflicts[0]?.reason).toMatch(/only be set by mandatory machine policy/);
    }
  });

  it('takes user settings only for user-settable policies', () => {
    const p = evaluatePolicy([base(), { level: 'user-setting', source: 'settings', values: { IdleSignOutMinutes: 15, MessageRetractionAllowed: true } }]);
    expect(p.values.IdleSignOutMinutes).toBe(15);
    expect(p.values.MessageRetractionAllowed).toBe(false);
    expect(p.warnings.filter((w) => w.policy === 'MessageRetractionAllowed')).toEqual([]);
  });
});

describe('evaluatePolicy: fail closed', () => {
  it('stops on a missing required server policy', () => {
    const p = evaluatePolicy([{ level: 'mandatory-machine', source: 'f', values: { XmppDomain: 'example.gov' } }]);
    expect(p.fatal.map((f) => f.policy)).toEqual(expect.arrayContaining(['XmppHost', 'XmppCaCertificateFile', 'RetentionServerUrl']));
    expect(entry(p, 'XmppHost')).toMatchObject({ status: 'invalid', message: 'Required policy is not set.' });
  });

  it('stops on an invalid security-critical value instead of using a default', () => {
    const p = evaluatePolicy([base({ XmppPort: 0, RetentionFailMode: 'fail_closed', DlpActions: { US_SSN: 'allow' } })]);
    expect(p.fatal.map((f) => f.policy).sort()).toEqual(['DlpActions', 'RetentionFailMode', 'XmppPort']);
    expect(p.fatal.find((f) => f.policy === 'XmppPort')?.message).toMatch(/at least 1/);
  });

  it('falls back to the default with a warning for a non-critical invalid value', () => {
    const p = evaluatePolicy([base({ MaxMessageLength: -5, GroupChatAllowed: 'yes' })]);
    expect(p.fatal).toEqual([]);
    expect(p.values.MaxMessageLength).toBe(10_000);
    expect(p.values.GroupChatAllowed).toBe(true);
    expect(entry(p, 'MaxMessageLength')).toMatchObject({ status: 'invalid', message: expect.stringMatching(/default \(10000\) is used/) });
    expect(p.warnings.map((w) => w.policy)).toEqual(expect.arrayContaining(['MaxMessageLength', 'GroupChatAllowed']));
  });

  it('treats a value a reader could not decode as invalid', () => {
    const p = evaluatePolicy([{ ...base(), invalid: { XmppPort: 'expected REG_DWORD or REG_QWORD, found REG_BINARY' } }]);
    expect(p.fatal).toEqual([{ policy: 'XmppPort', message: 'Invalid value: expected REG_DWORD or REG_QWORD, found REG_BINARY.' }]);
  });

  it('requires RetentionServerUrl in packaged builds only', () => {
    const { RetentionServerUrl: _u, RetentionServerToken: _t, ...xmppOnly } = BASE;
    const layer: PolicyLayer = { level: 'mandatory-machine', source: 'f', values: xmppOnly };
    expect(evaluatePolicy([layer]).fatal).toEqual([{ policy: 'RetentionServerUrl', message: 'Required policy is not set.' }]);
    const dev = evaluatePolicy([layer], { developmentBuild: true });
    expect(dev.fatal).toEqual([]);
    expect(dev.warnings.map((w) => w.policy)).toEqual(['RetentionServerUrl']);
  });

  it('requires the token once a retention server is set', () => {
    const { RetentionServerToken: _t, ...noToken } = BASE;
    const p = evaluatePolicy([{ level: 'mandatory-machine', source: 'f', values: noToken }]);
    expect(p.fatal).toEqual([{ policy: 'RetentionServerToken', message: 'Required when RetentionServerUrl is set.' }]);
  });

  it('refuses DLP actions for types nobody declares', () => {
    const ok = evaluatePolicy([base({ DlpActions: { CUSTOM_PROJECT: 'warn' }, DlpKeywordLists: [{ name: 'p', type: 'CUSTOM_PROJECT', keywords: ['x'] }] })]);
    expect(ok.fatal).toEqual([]);
    const bad = evaluatePolicy([base({ DlpActions: { PROJECT: 'warn' } })]);
    expect(bad.fatal[0]).toMatchObject({ policy: 'DlpActions', message: expect.stringContaining('PROJECT') });
    const badPattern = evaluatePolicy([base({ DlpPatterns: [{ name: 'case', pattern: '(a)\\1' }] })]);
    expect(badPattern.fatal[0]).toMatchObject({ policy: 'DlpPatterns', message: expect.stringContaining('pattern "case"') });
  });

  it('fails closed on problems with mandatory sources and warns for recommended ones', () => {
    const p = evaluatePolicy([base()], {
      sourceProblems: [
        { source: '/etc/approved-im/policies/managed/bad.json', level: 'mandatory-machine', message: 'not valid JSON', fatal: true },
        { source: '/etc/approved-im/policies/recommended/x.json', level: 'recommended-machine', message: 'not valid JSON', fatal: false },
      ],
    });
    expect(p.fatal).toEqual([{ policy: '/etc/approved-im/policies/managed/bad.json', message: 'not valid JSON' }]);
    expect(p.warnings).toEqual([{ policy: '/etc/approved-im/policies/recommended/x.json', message: 'not valid JSON' }]);
  });

  it('warns about unknown names and suggests the right spelling', () => {
    const p = evaluatePolicy([base({ xmpphost: 'a.example', Whatever: 1 })]);
    expect(p.warnings).toEqual(
      expect.arrayContaining([
        { policy: 'xmpphost', message: 'Unknown policy in base; ignored. Did you mean XmppHost?' },
        { policy: 'Whatever', message: 'Unknown policy in base; ignored.' },
      ]),
    );
  });

  it('never throws on hostile input', () => {
    const weird: PolicyLayer[] = [
      { level: 'mandatory-machine', source: 'x', values: JSON.parse('{"__proto__":{"polluted":1},"XmppPort":{"a":1},"DlpPatterns":"[["}') },
      { level: 'mandatory-user', source: 'y', values: { MaxMessageLength: null, AllowedContactDomains: [null, 1] } },
    ];
    const p = evaluatePolicy(weird);
    expect(p.fatal.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists the sources that contributed, strongest first', () => {
    const p = evaluatePolicy([{ level: 'recommended-machine', source: 'r', values: {} }, base()]);
    expect(p.sources).toEqual([
      { level: 'mandatory-machine', source: 'base' },
      { level: 'recommended-machine', source: 'r' },
    ]);
  });
});
