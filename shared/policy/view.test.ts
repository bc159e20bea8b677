import { describe, expect, it } from 'vitest';
import { PolicyViewSchema } from '../ipc/types';
import { evaluatePolicy } from './evaluate';
import { MASK, buildPolicyView, isManaged, policyExportJson, reviewState } from './view';

const TOKEN = 'secret-client-token-0123456789';
const policy = evaluatePolicy([
  {
    level: 'mandatory-machine',
    source: '/etc/approved-im/policies/managed/10.json',
    values: {
      XmppDomain: 'example.gov',
      XmppHost: 'xmpp.example.gov',
      XmppCaCertificateFile: '/etc/pki/ca.pem',
      RetentionServerUrl: 'https://records.example.gov',
      RetentionServerToken: TOKEN,
      PolicyVersion: '2026.1',
      PolicyReviewedOn: '2026-01-15',
      AllowedContactDomains: ['example.gov'],
    },
  },
  { level: 'mandatory-user', source: 'HKCU', values: { RetentionServerToken: 'another-secret-token-000000' } },
  { level: 'user-setting', source: 'settings', values: { IdleSignOutMinutes: 20 } },
]);

describe('buildPolicyView', () => {
  const view = buildPolicyView(policy, { hash: 'h'.repeat(64), now: new Date('2026-06-01T12:00:00Z'), restartRequired: ['XmppHost'] });

  it('matches the IPC schema and lists every policy', () => {
    expect(PolicyViewSchema.safeParse(view).success).toBe(true);
    expect(view.entries.length).toBe(policy.entries.length);
    expect(view.policyVersion).toBe('2026.1');
    expect(view.reviewedOn).toBe('2026-01-15');
    expect(view.reviewOverdue).toBe(false);
  });

  it('masks sensitive values everywhere, including conflicts and the export', () => {
    const token = view.entries.find((e) => e.name === 'RetentionServerToken')!;
    expect(token.value).toBe(MASK);
    expect(token.conflicts?.[0]?.value).toBe(MASK);
    expect(JSON.stringify(view)).not.toContain('secret');
    expect(policyExportJson(view)).not.toContain('secret');
    expect(JSON.parse(policyExportJson(view)).policies.RetentionServerToken.value).toBe(MASK);
  });

  it('formats values, marks managed settings locked and flags restarts', () => {
    const byName = Object.fromEntries(view.entries.map((e) => [e.name, e]));
    expect(byName.AllowedContactDomains?.value).toBe('["example.gov"]');
    expect(byName.XmppPort?.value).toBe('5222');
    expect(byName.XmppHost?.locked).toBe(true);
    expect(byName.XmppHost?.restartRequired).toBe(true);
    expect(byName.XmppHost?.message).toMatch(/restart/);
    expect(byName.IdleSignOutMinutes).toMatchObject({ locked: false, value: '20', level: 'user-setting' });
    expect(byName.GroupChatAllowed).toMatchObject({ locked: false, status: 'unset', value: 'true' });
    expect(isManaged({ level: 'recommended-user' })).toBe(true);
  });
});

describe('reviewState', () => {
  it('flags a review older than 365 days, or none', () => {
    expect(reviewState('2025-06-01', new Date('2026-06-01T00:00:00Z'))).toMatchObject({ overdue: false, ageDays: 365 });
    expect(reviewState('2025-05-31', new Date('2026-06-01T23:59:00Z'))).toMatchObject({ overdue: true, ageDays: 366 });
    expect(reviewState('', new Date()).overdue).toBe(true);
    expect(reviewState('', new Date()).message).toMatch(/not set/);
  });
});
