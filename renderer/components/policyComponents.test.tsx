import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../shared/policy/evaluate';
import { DEFAULT_RECORDS_NOTICE } from '../../shared/policy/schema';
import { buildPolicyView, settingLock } from '../../shared/policy/view';
import { ConfigErrorScreen } from './ConfigErrorScreen';
import { LockedSetting } from './LockedSetting';
import { PolicyPage } from './PolicyPage';
import { RecordsNotice } from './RecordsNotice';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

const policy = evaluatePolicy([
  {
    level: 'mandatory-machine',
    source: 'HKLM\\Software\\Policies\\ApprovedIM',
    values: {
      XmppDomain: 'example.gov',
      XmppHost: 'xmpp.example.gov',
      XmppCaCertificateFile: '/etc/pki/ca.pem',
      RetentionServerUrl: 'https://records.example.gov',
      RetentionServerToken: 'top-secret-token-123456',
      PolicyVersion: '2026.1',
      PolicyReviewedOn: '2024-01-01',
      MaxMessageLength: 'long',
      IdleSignOutMinutes: 30,
    },
  },
  { level: 'mandatory-user', source: 'HKCU\\Software\\Policies\\ApprovedIM', values: { IdleSignOutMinutes: 5 } },
]);
const view = buildPolicyView(policy, { hash: 'ab'.repeat(32), now: new Date('2026-06-01T00:00:00Z'), restartRequired: ['XmppHost'] });

describe('PolicyPage', () => {
  const html = renderToStaticMarkup(<PolicyPage view={view} onReload={() => {}} />);
  const t = text(html);

  it('has the heading "Policy" and an "Export" button', () => {
    expect(html).toMatch(/<h1[^>]*>Policy<\/h1>/);
    expect(html).toMatch(/<button[^>]*>Export<\/button>/);
  });

  it('lists every policy with value, source, scope and status, masking sensitive values', () => {
    for (const e of view.entries) expect(t).toContain(e.name);
    expect(html).not.toContain('top-secret');
    expect(t).toContain('•••••••• (hidden)');
    expect(t).toContain('HKLM\\Software\\Policies\\ApprovedIM');
    expect(t).toMatch(/Invalid .*MaxMessageLength|MaxMessageLength.*Invalid/);
    expect(t).toContain('Conflict');
    expect(t).toContain('5 from HKCU\\Software\\Policies\\ApprovedIM');
    expect(t).toContain('Not set');
    expect(t).toContain('Restart required');
  });

  it('shows version, review date with an overdue warning, and the hash', () => {
    expect(t).toContain('2026.1');
    expect(t).toContain('2024-01-01');
    expect(t).toContain('Review overdue.');
    expect(t).toContain('ab'.repeat(32));
  });

  it('shows a loading state and errors', () => {
    expect(text(renderToStaticMarkup(<PolicyPage view={null} />))).toContain('Loading policy');
    expect(renderToStaticMarkup(<PolicyPage view={null} error="The policy could not be read." />)).toContain('role="alert"');
  });
});

describe('RecordsNotice', () => {
  it('shows the policy text as text and an "Acknowledge" button', () => {
    const html = renderToStaticMarkup(
      <RecordsNotice text={`${DEFAULT_RECORDS_NOTICE}\n\n<script>alert(1)</script>`} intervalDays={365} reason="changed" onAcknowledge={() => {}} onSignOut={() => {}} />,
    );
    expect(html).toMatch(/<button[^>]*>Acknowledge<\/button>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(text(html)).toContain('This notice has changed');
    expect(text(html)).toContain('asked again in 365 days');
    expect((html.match(/<p>/g) ?? []).length).toBeGreaterThanOrEqual(5);
  });
  it('disables the button while recording and reports failures', () => {
    const html = renderToStaticMarkup(<RecordsNotice text="x" intervalDays={1} onAcknowledge={() => {}} busy error="Could not record." />);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Acknowledge<\/button>/);
    expect(html).toContain('role="alert"');
  });
});

describe('ConfigErrorScreen', () => {
  it('says "Configuration error — contact your administrator" and names each policy and problem', () => {
    const html = renderToStaticMarkup(<ConfigErrorScreen problems={policy.fatal.concat([{ policy: 'XmppHost', message: 'Required policy is not set.' }])} warnings={policy.warnings} onShowPolicy={() => {}} />);
    const t = text(html);
    expect(t).toContain('Configuration error — contact your administrator');
    expect(t).toContain('XmppHost Required policy is not set.');
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<button[^>]*>Policy<\/button>/);
  });
});

describe('LockedSetting', () => {
  it('shows a managed setting as locked with "Managed by your organization"', () => {
    const lock = settingLock(view, 'IdleSignOutMinutes');
    expect(lock).toMatchObject({ locked: true, value: '30' });
    const html = renderToStaticMarkup(
      <LockedSetting label="Sign out after idle minutes" controlId="idle" locked={lock.locked} source={lock.source} policy="IdleSignOutMinutes">
        {(c) => <input id="idle" type="number" defaultValue={lock.value} {...c} />}
      </LockedSetting>,
    );
    expect(text(html)).toContain('Managed by your organization');
    expect(html).toMatch(/<input[^>]*disabled=""/);
    const describedBy = /aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`id="${describedBy}"`);
  });
  it('leaves unmanaged settings editable', () => {
    const html = renderToStaticMarkup(
      <LockedSetting label="x" controlId="x" locked={settingLock(view, 'GroupChatAllowed').locked}>
        {(c) => <input id="x" {...c} />}
      </LockedSetting>,
    );
    expect(html).not.toContain('Managed by your organization');
    expect(html).not.toContain('disabled');
  });
});
