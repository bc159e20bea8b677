import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from './app';
import { createSafetyDeps } from './compose';
import { createMemoryAuditSink } from './audit';
import { createMemoryStore } from './credentials/credentialStore';
import { createIpcRouter } from './ipc/router';
import { silentLogger } from './log';
import { createPolicyService, type PolicyService } from './policy/service';
import { userSettingsSource, type PolicySource } from './policy/source';
import { createSettingsStore } from './settings';
import { userPolicyValues, USER_POLICY_KEY } from './userSettings';

const BASE = { XmppDomain: 'example.gov', XmppHost: 'localhost', XmppPort: 5222 };

/** A policy source whose values the test changes (an administrator editing policy). */
function adminSource(values: Record<string, unknown>): PolicySource & { set(v: Record<string, unknown>): void } {
  let current = values;
  return {
    name: 'test-admin',
    kind: 'policy',
    read: async () => ({ layers: [{ level: 'mandatory-machine', source: 'test-admin', values: current }], problems: [] }),
    set: (v) => (current = v),
  };
}

let service: PolicyService | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

async function setup(adminValues: Record<string, unknown> = BASE) {
  const dataDir = mkdtempSync(join(tmpdir(), 'aim-usersettings-'));
  const settings = createSettingsStore(dataDir);
  const admin = adminSource(adminValues);
  service = await createPolicyService({ sources: [admin, userSettingsSource({ read: userPolicyValues(settings) })], isPackaged: false, watch: false });
  const audit = createMemoryAuditSink();
  const safety = createSafetyDeps({ policy: service, dataDir, log: silentLogger, keys: createMemoryStore(), account: () => '', session: () => null, onJournalStatus: () => {}, audit });
  const core = createCore({ policy: service, credentials: createMemoryStore(), settings, log: silentLogger, emit: () => {}, ...safety.deps, audit });
  const router = createIpcRouter({ handlers: core.handlers, isTrustedSender: () => true, log: silentLogger });
  return { dataDir, settings, admin, service, audit, core, router };
}

const trusted = { origin: 'app://approved-im', isMainFrame: true };

describe("settings:set (the user's own IdleSignOutMinutes)", () => {
  it('saves the value where the user-settings source reads it, and the policy service applies it at once', async () => {
    const { router, service: policy, dataDir, audit } = await setup();
    expect(policy.current().values.IdleSignOutMinutes).toBe(0);
    const res = await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value: 25 }, trusted);
    expect(res.ok).toBe(true);
    const entry = res.ok ? (res.value as { entries: { name: string; value: string; level: string; locked?: boolean }[] }).entries.find((e) => e.name === 'IdleSignOutMinutes') : undefined;
    expect(entry).toMatchObject({ value: '25', level: 'user-setting' });
    expect(entry?.locked ?? false).toBe(false);
    expect(policy.current().values.IdleSignOutMinutes).toBe(25);
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(file[USER_POLICY_KEY]).toEqual({ IdleSignOutMinutes: 25 });
    expect(audit.events).toEqual([{ type: 'user-setting-changed', name: 'IdleSignOutMinutes', value: 25 }]);

    // null clears it: the default applies again; other settings in the file are kept.
    const cleared = await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value: null }, trusted);
    expect(cleared.ok).toBe(true);
    expect(policy.current().values.IdleSignOutMinutes).toBe(0);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))[USER_POLICY_KEY]).toEqual({});
  });

  it('keeps the saved value across a restart (a new settings store and policy service on the same data dir)', async () => {
    const { router, dataDir } = await setup();
    await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value: 45 }, trusted);
    const again = createSettingsStore(dataDir);
    const restarted = await createPolicyService({ sources: [adminSource(BASE), userSettingsSource({ read: userPolicyValues(again) })], isPackaged: false, watch: false });
    expect(restarted.current().values.IdleSignOutMinutes).toBe(45);
    restarted.close();
  });

  it('refuses when a policy sets the value (locked: "Managed by your organization"), and saves nothing', async () => {
    const { router, dataDir, service: policy } = await setup({ ...BASE, IdleSignOutMinutes: 15 });
    const res = await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value: 0 }, trusted);
    expect(res).toEqual({ ok: false, error: { code: 'managed', message: expect.stringContaining('Your organization manages this setting') } });
    expect(policy.current().values.IdleSignOutMinutes).toBe(15);
    expect(() => readFileSync(join(dataDir, 'settings.json'), 'utf8')).toThrow();
  });

  it('a policy set later wins over the saved value; removing the policy brings the user value back', async () => {
    const { router, admin, service: policy } = await setup();
    await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value: 20 }, trusted);
    admin.set({ ...BASE, IdleSignOutMinutes: 5 });
    await policy.refresh();
    expect(policy.current().values.IdleSignOutMinutes).toBe(5);
    admin.set(BASE);
    await policy.refresh();
    expect(policy.current().values.IdleSignOutMinutes).toBe(20);
  });

  it('refuses names that are not user settings and values outside the schema before the handler runs', async () => {
    const { router, dataDir } = await setup();
    for (const req of [
      { name: 'XmppHost', value: 'evil.example' },
      { name: 'IdleSignOutMinutes', value: 99_999 },
      { name: 'IdleSignOutMinutes', value: '10' },
    ]) {
      expect(await router.dispatch('settings:set', req, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(() => readFileSync(join(dataDir, 'settings.json'), 'utf8')).toThrow();
  });
});
