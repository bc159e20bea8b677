import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootClient, type BootedClient } from './boot';
import { createMemoryStore } from '../../core/credentials/credentialStore';
import { createFileKeyStore } from '../../core/journal';
import { silentLogger } from '../../core/log';
import type { PolicyView } from '../../../shared/ipc/types';

const running: BootedClient[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.shutdown();
});

async function boot(values: Record<string, unknown>, isPackaged = false): Promise<BootedClient> {
  const dir = mkdtempSync(join(tmpdir(), 'aim-boot-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ XmppDomain: 'example.gov', XmppHost: '127.0.0.1', XmppCaCertificateFile: '/etc/ssl/certs/ca-certificates.crt', ...values }));
  const client = await bootClient({
    platform: 'linux',
    overrideFile: file,
    isPackaged,
    credentials: createMemoryStore(),
    journalKeys: createFileKeyStore(join(dir, 'keys')),
    dataDir: join(dir, 'data'),
    log: silentLogger,
    deliver: () => {},
    isTrustedSender: (s) => s.isMainFrame && s.origin === 'app://test',
  });
  running.push(client);
  return client;
}

async function policyView(client: BootedClient): Promise<PolicyView> {
  const res = await client.router.dispatch('policy:get', {}, { origin: 'app://test', isMainFrame: true });
  if (!res.ok) throw new Error(`policy:get failed: ${JSON.stringify(res)}`);
  return res.value as PolicyView;
}

describe('the one host boot (both hosts)', () => {
  it('reads the development policy file and answers policy:get through the router; NotificationShowsText reaches the renderer view', async () => {
    const on = await boot({ NotificationShowsText: true });
    expect((await policyView(on)).entries.find((e) => e.name === 'NotificationShowsText')?.value).toBe('true');
    // Control: not set → the definition's default, off.
    const off = await boot({});
    const entry = (await policyView(off)).entries.find((e) => e.name === 'NotificationShowsText');
    expect(entry?.value).toBe('false');
    expect(off.policy.current().values.NotificationShowsText).toBe(false);
  });

  it('refuses a foreign sender before any handler runs (control: the trusted one above is answered)', async () => {
    const client = await boot({});
    const res = await client.router.dispatch('policy:get', {}, { origin: 'https://evil.example', isMainFrame: true });
    expect(res.ok).toBe(false);
  });

  it('a packaged build refuses --policy: fatal, naming it', async () => {
    const client = await boot({}, true);
    expect(client.policy.current().fatal.map((p) => p.policy).join(' ')).toContain('--policy');
  });
});
