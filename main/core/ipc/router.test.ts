import { describe, expect, it, vi } from 'vitest';
import { createIpcRouter, UserFacingError, type IpcHandlers } from './router';
import { INVOKE_CHANNELS, ipcInvokeContract } from '../../../shared/ipc/contract';
import { createCore } from '../app';
import { createSafetyDeps, staticPolicyProvider } from '../compose';
import { createMemoryStore } from '../credentials/credentialStore';
import { createSettingsStore } from '../settings';
import { silentLogger } from '../log';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function realHandlers(): IpcHandlers {
  const policy = staticPolicyProvider([{ level: 'mandatory-machine', source: 'test', values: { XmppDomain: 'example.gov', XmppHost: 'localhost', XmppPort: 5222 } }]);
  const dataDir = mkdtempSync(join(tmpdir(), 'aim-ipc-'));
  const safety = createSafetyDeps({ policy, dataDir, log: silentLogger, keys: createMemoryStore(), account: () => '', session: () => null, onJournalStatus: () => {} });
  return createCore({ policy, credentials: createMemoryStore(), settings: createSettingsStore(dataDir), log: silentLogger, emit: () => {}, ...safety.deps }).handlers;
}

const trusted = { origin: 'app://approved-im', isMainFrame: true };

describe('IPC contract', () => {
  it('has exactly one handler per channel and no handler without a channel', () => {
    const handlers = realHandlers();
    expect(Object.keys(handlers).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const c of INVOKE_CHANNELS) expect(typeof handlers[c]).toBe('function');
  });

  it('names every channel domain:verb', () => {
    for (const c of Object.keys(ipcInvokeContract)) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });
});

describe('IPC router', () => {
  function spyRouter() {
    const calls: string[] = [];
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((c) => [
        c,
        vi.fn(async () => {
          calls.push(c);
          return {};
        }),
      ]),
    ) as unknown as IpcHandlers;
    const router = createIpcRouter({ handlers, isTrustedSender: (s) => s.isMainFrame && s.origin === trusted.origin, log: silentLogger });
    return { router, calls };
  }

  it('rejects a malformed request without calling the handler (no side effects)', async () => {
    const { router, calls } = spyRouter();
    const cases: [string, unknown][] = [
      ['session:signIn', { address: 'not-an-address', password: 'x', remember: false }],
      ['session:signIn', { address: 'a@b.gov', password: '', remember: false }],
      ['session:signIn', { address: 'a@b.gov', password: 'x', remember: 'yes' }],
      ['session:signIn', { address: 'a@b.gov', password: 'x', remember: false, extra: 1 }],
      ['chat:send', { to: 'a@b.gov', body: '' }],
      ['chat:send', { to: 'a@b.gov', body: 'x'.repeat(100_001) }],
      ['chat:send', null],
      ['chat:send', 'hello'],
      ['roster:list', { sneaky: true }],
      // session:activity carries nothing.
      ['session:activity', { at: Date.now() }],
      ['session:activity', null],
      // settings:set: only userSettable policies, with a value that policy's schema accepts.
      ['settings:set', { name: 'XmppHost', value: 'evil.example' }],
      ['settings:set', { name: 'RememberPasswordAllowed', value: true }],
      ['settings:set', { name: '__proto__', value: 1 }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: -1 }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: 1441 }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: 2.5 }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: '30' }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: { valueOf: 30 } }],
      ['settings:set', { name: 'IdleSignOutMinutes' }],
      ['settings:set', { name: 'IdleSignOutMinutes', value: 30, level: 'mandatory-machine' }],
      ['settings:set', [{ name: 'IdleSignOutMinutes', value: 30 }]],
      // composer:refused: facts only, never content, names or text; an unknown field is refused.
      ['composer:refused', { how: 'paste', what: 'file', name: 'salaries.xlsx' }],
      ['composer:refused', { how: 'paste', what: 'encoded-binary', text: 'JVBERi0xLjQK' }],
      ['composer:refused', { how: 'type', what: 'file' }],
      ['composer:refused', { how: 'drop', what: 'video' }],
      ['composer:refused', { how: 'drop' }],
      ['composer:refused', { how: 'drop', what: 'image', mime: 'image/png; name=secret.png' }],
      ['composer:refused', { how: 'drop', what: 'image', mime: 'x'.repeat(101) }],
      ['composer:refused', { how: 'drop', what: 'file', count: 0 }],
      ['composer:refused', { how: 'drop', what: 'file', count: 2.5 }],
      ['composer:refused', { how: 'drop', what: 'file', count: 1001 }],
      ['composer:refused', null],
    ];
    for (const [channel, req] of cases) {
      const res = await router.dispatch(channel, req, trusted);
      expect(res.ok, `${channel} ${JSON.stringify(req)?.slice(0, 40)}`).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('invalid-request');
    }
    expect(calls).toEqual([]);
  });

  it('passes well-formed activity reports and user settings to their handlers', async () => {
    const { router, calls } = spyRouter();
    expect(await router.dispatch('session:activity', {}, trusted)).toEqual({ ok: true, value: {} });
    // (The spy answers {} where a policy view is due, so the reply is refused; the request got through.)
    for (const value of [30, 0, 1440, null]) await router.dispatch('settings:set', { name: 'IdleSignOutMinutes', value }, trusted);
    expect(calls).toEqual(['session:activity', 'settings:set', 'settings:set', 'settings:set', 'settings:set']);
  });

  it('passes well-formed transfer refusals to their handler', async () => {
    const { router, calls } = spyRouter();
    expect(await router.dispatch('composer:refused', { how: 'paste', what: 'encoded-binary' }, trusted)).toEqual({ ok: true, value: {} });
    expect(await router.dispatch('composer:refused', { how: 'drop', what: 'image', mime: 'image/png', count: 3 }, trusted)).toEqual({ ok: true, value: {} });
    expect(calls).toEqual(['composer:refused', 'composer:refused']);
  });

  it('rejects unknown channels, including prototype names', async () => {
    const { router, calls } = spyRouter();
    for (const ch of ['fs:read', '__proto__', 'constructor', 'toString', 42, null]) {
      const res = await router.dispatch(ch, {}, trusted);
      expect(res).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses foreign origins and sub-frames before any handler runs', async () => {
    const { router, calls } = spyRouter();
    expect(await router.dispatch('roster:list', {}, { origin: 'https://evil.example', isMainFrame: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await router.dispatch('roster:list', {}, { origin: trusted.origin, isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('passes user-facing errors through and hides internal ones', async () => {
    const handlers = realHandlers();
    handlers['roster:list'] = async () => {
      throw new UserFacingError('signed-out', 'You are signed out.');
    };
    handlers['policy:get'] = async () => {
      throw new Error('secret internal detail /etc/passwd');
    };
    const router = createIpcRouter({ handlers, isTrustedSender: () => true, log: silentLogger });
    expect(await router.dispatch('roster:list', {}, trusted)).toEqual({ ok: false, error: { code: 'signed-out', message: 'You are signed out.' } });
    const res = await router.dispatch('policy:get', {}, trusted);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).not.toContain('passwd');
  });

  it('validates responses so a handler cannot leak unexpected fields', async () => {
    const handlers = realHandlers();
    (handlers as unknown as Record<string, () => Promise<unknown>>)['roster:list'] = async () => [{ jid: 'a@b', password: 'x' }];
    const router = createIpcRouter({ handlers, isTrustedSender: () => true, log: silentLogger });
    const res = await router.dispatch('roster:list', {}, trusted);
    expect(res.ok).toBe(false);
  });
});
