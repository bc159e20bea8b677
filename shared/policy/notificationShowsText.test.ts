import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_BY_NAME } from './schema';
import { evaluatePolicy } from './evaluate';

const BUILD = join(import.meta.dirname, '..', '..', 'build', 'policy-templates');

/** Issue 11 item 7: NotificationShowsText decides whether desktop notifications carry message text. */
describe('policy NotificationShowsText', () => {
  it('is a boolean, off by default, user-scoped and applied at runtime', () => {
    const def = POLICY_BY_NAME.get('NotificationShowsText');
    expect(def).toMatchObject({ kind: 'boolean', default: false, scope: 'user', runtime: true, securityCritical: false, sensitive: false });
    expect(def?.description).toContain('New message from');
  });

  it('evaluates to false when unset and to the value a policy sets (control)', () => {
    const base = { XmppDomain: 'example.gov', XmppHost: 'xmpp.example.gov', XmppCaCertificateFile: '/etc/ca.pem' };
    const unset = evaluatePolicy([{ level: 'mandatory-machine', source: 'test', values: base }], { developmentBuild: true });
    expect(unset.values.NotificationShowsText).toBe(false);
    const on = evaluatePolicy([{ level: 'mandatory-machine', source: 'test', values: { ...base, NotificationShowsText: true } }], { developmentBuild: true });
    expect(on.values.NotificationShowsText).toBe(true);
  });

  it('is in every generated template (ADMX, ADML, mobileconfig, JSON schema, reference)', () => {
    for (const file of ['windows/ApprovedIM.admx', 'windows/en-US/ApprovedIM.adml', 'macos/gov.state.approvedim.mobileconfig', 'linux/policy.schema.json', 'policy-reference.md']) {
      expect(readFileSync(join(BUILD, file), 'utf8'), file).toContain('NotificationShowsText');
    }
  });
});
