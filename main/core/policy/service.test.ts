import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PolicyViewSchema } from '../../../shared/ipc/types';
import { linuxPolicySource } from './linuxSource';
import { regFileReader } from './regFile';
import { OVERRIDE_REFUSED, createPolicyService, defaultPolicySources, policyHash, type AppliedPolicy, type PolicyService } from './service';
import { userSettingsSource, type PolicySource } from './source';

const uid = process.getuid?.() ?? 0;
const BASE = {
  XmppDomain: 'example.gov',
  XmppHost: 'xmpp.example.gov',
  XmppPort: 5222,
  XmppCaCertificateFile: '/etc/pki/agency-ca.pem',
  RetentionServerUrl: 'https://records.example.gov',
  RetentionServerToken: 'secret-client-token-0123456789',
};

let root: string;
let service: PolicyService | undefined;
const managed = async (values: Record<string, unknown> | string, name = '10.json') => {
  await mkdir(join(root, 'managed'), { recursive: true });
  const file = join(root, 'managed', name);
  await writeFile(file, typeof values === 'string' ? values : JSON.stringify(values));
  await chmod(file, 0o644);
  return file;
};
const linux = () => linuxPolicySource({ root, trustedUid: uid, pollMs: 200 });
const nextChange = (s: PolicyService) =>
  new Promise<{ p: AppliedPolicy; restart: string[] }>((resolve) => {
    const off = s.onChange((p, restart) => {
      off();
      resolve({ p, restart });
    });
  });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'policy-service-'));
  await chmod(root, 0o755);
});
afterEach(async () => {
  service?.close();
  service = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('policy service', () => {
  it('applies a runtime policy change without a restart (file watcher)', async () => {
    await managed({ ...BASE, MaxMessageLength: 1000 });
    service = await createPolicyService({ sources: [linux()], isPackaged: true, debounceMs: 20 });
    expect(service.current().values.MaxMessageLength).toBe(1000);
    const changed = nextChange(service);
    await managed({ ...BASE, MaxMessageLength: 2000 });
    const { p, restart } = await changed;
    expect(p.values.MaxMessageLength).toBe(2000);
    expect(service.current().values.MaxMessageLength).toBe(2000);
    expect(restart).toEqual([]);
  });

  it('keeps restart-only policies at their start-up value and says a restart is required', async () => {
    await managed(BASE);
    service = await createPolicyService({ sources: [linux()], isPackaged: true, watch: false });
    const before = service.current().hash;
    await managed({ ...BASE, XmppHost: 'xmpp2.example.gov', GroupChatAllowed: false });
    await service.refresh();
    expect(service.current().values.XmppHost).toBe('xmpp.example.gov');
    expect(service.current().values.GroupChatAllowed).toBe(false);
    expect(service.current().hash).not.toBe(before);
    expect(service.restartRequired()).toEqual(['XmppHost']);
    const entry = service.view().entries.find((e) => e.name === 'XmppHost')!;
    expect(entry).toMatchObject({ restartRequired: true, value: 'xmpp.example.gov' });
    expect(service.view().restartRequired).toEqual(['XmppHost']);
  });

  it('fails closed at runtime when a managed file becomes corrupt, and never throws', async () => {
    await managed(BASE);
    service = await createPolicyService({ sources: [linux()], isPackaged: true, watch: false });
    const changed = nextChange(service);
    await managed('{"XmppHost": ', '20.json');
    await service.refresh();
    const { p } = await changed;
    expect(p.fatal).toEqual([{ policy: join(root, 'managed', '20.json'), message: expect.stringMatching(/not valid JSON/) }]);
  });

  it('while stopped on a configuration error, a fix applies at once', async () => {
    await managed({ ...BASE, XmppHost: 'bad host' });
    service = await createPolicyService({ sources: [linux()], isPackaged: true, watch: false });
    expect(service.current().fatal.map((f) => f.policy)).toEqual(['XmppHost']);
    await managed(BASE);
    await service.refresh();
    expect(service.current().fatal).toEqual([]);
    expect(service.current().values.XmppHost).toBe('xmpp.example.gov');
    expect(service.restartRequired()).toEqual([]);
  });

  it('hashes the canonical effective values', async () => {
    await managed(BASE);
    service = await createPolicyService({ sources: [linux()], isPackaged: true, watch: false });
    const { hash, values } = service.current();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(policyHash(values));
    const reordered = Object.fromEntries(Object.entries(values).reverse()) as typeof values;
    expect(policyHash(reordered)).toBe(hash);
    expect(service.view().hash).toBe(hash);
  });

  it('serves a masked view that matches the IPC schema', async () => {
    await managed({ ...BASE, PolicyReviewedOn: '2020-01-01' });
    service = await createPolicyService({ sources: [linux()], isPackaged: true, watch: false });
    const view = service.view(new Date('2026-06-01T00:00:00Z'));
    expect(PolicyViewSchema.safeParse(view).success).toBe(true);
    expect(JSON.stringify(view)).not.toContain('secret-client-token');
    expect(view.reviewOverdue).toBe(true);
  });

  it('turns a throwing source into a fatal problem', async () => {
    const broken: PolicySource = {
      name: 'broken',
      kind: 'policy',
      read: async () => {
        throw new Error('boom');
      },
    };
    service = await createPolicyService({ sources: [broken], isPackaged: true, watch: false });
    expect(service.current().fatal[0]).toEqual({ policy: 'broken', message: 'Could not read policy (boom).' });
  });
});

describe('--policy override', () => {
  it('is impossible in a packaged build: refused, fatal, and the file is never used', async () => {
    const file = join(root, 'override.json');
    await writeFile(file, JSON.stringify({ ...BASE, DevToolsAllowed: true }));
    await managed(BASE);
    service = await createPolicyService({ sources: [linux()], overrideFile: file, isPackaged: true, watch: false });
    const p = service.current();
    expect(p.fatal).toContainEqual({ policy: '--policy', message: OVERRIDE_REFUSED });
    expect(p.values.DevToolsAllowed).toBe(false);
    expect(p.sources.map((s) => s.source)).not.toContain(`--policy ${file}`);
  });

  it('replaces the OS policy sources in development builds and keeps user settings', async () => {
    const file = join(root, 'override.json');
    const { RetentionServerUrl: _u, RetentionServerToken: _t, ...xmppOnly } = BASE;
    await writeFile(file, JSON.stringify({ ...xmppOnly, XmppHost: 'dev.example.gov' }));
    await managed({ ...BASE, MaxMessageLength: 7 });
    const settings = userSettingsSource({ read: async () => ({ IdleSignOutMinutes: 9 }) });
    service = await createPolicyService({ sources: [linux(), settings], overrideFile: file, isPackaged: false, watch: false });
    const p = service.current();
    expect(p.fatal).toEqual([]);
    expect(p.values.XmppHost).toBe('dev.example.gov');
    expect(p.values.MaxMessageLength).toBe(10_000);
    expect(p.values.IdleSignOutMinutes).toBe(9);
    expect(p.warnings.map((w) => w.policy)).toEqual(['RetentionServerUrl']);
    expect(p.entries.find((e) => e.name === 'XmppHost')?.source).toBe(`--policy ${file}`);
  });

  it('fails closed on an unreadable or corrupt override file', async () => {
    service = await createPolicyService({ sources: [], overrideFile: join(root, 'missing.json'), isPackaged: false, watch: false });
    expect(service.current().fatal[0]?.message).toMatch(/Cannot read policy file/);
  });
});

describe('defaultPolicySources', () => {
  it('picks the reader for each OS', () => {
    expect(defaultPolicySources('linux').map((s) => s.name)).toEqual(['linux:/etc/approved-im/policies']);
    expect(defaultPolicySources('freebsd', { linuxRoot: '/x' }).map((s) => s.name)).toEqual(['linux:/x']);
    expect(defaultPolicySources('win32', { registryReader: regFileReader([]) }).map((s) => s.name)).toEqual(['registry:Software\\Policies\\ApprovedIM']);
    expect(defaultPolicySources('darwin', { userSettings: async () => ({}) }).map((s) => [s.name, s.kind])).toEqual([
      ['macos:gov.state.approvedim', 'policy'],
      ['user settings', 'user-settings'],
    ]);
  });
});
