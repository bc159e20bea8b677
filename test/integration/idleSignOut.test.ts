/**
 * Idle sign-out (IdleSignOutMinutes) against a real Prosody: the core's timer on a manual clock, fed by
 * 'session:activity' as the renderer feeds it. Checks the warning, the sign-out itself (the server sees
 * the user go offline), the sentence for the sign-in screen, the audit event, that a remembered password
 * is kept, and that runtime changes (a user setting saved from Settings, a policy set to 0) apply.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { createManualClock } from '../../main/core/clock';
import { createMemoryAuditSink } from '../../main/core/audit';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { createPolicyService, type PolicyService } from '../../main/core/policy/service';
import { userSettingsSource, type PolicySource } from '../../main/core/policy/source';
import { createSettingsStore } from '../../main/core/settings';
import { userPolicyValues } from '../../main/core/userSettings';
import { silentLogger } from '../../main/core/log';

let server: ProsodyServer;
const cores: ReturnType<typeof makeCore>[] = [];
const services: PolicyService[] = [];
const jid = (u: string) => `${u}@${server.domain}`;
const MIN = 60_000;

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['erin', 'frank', 'gina']) server.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  for (const c of cores) await c.core.shutdown().catch(() => {});
  for (const s of services) s.close();
  await server?.stop();
});

/** The hosts' wiring: an administrator's policy plus the user's own settings, both read by the policy service. */
async function clientFor(user: string, adminExtra: Record<string, unknown> = {}) {
  let admin: Record<string, unknown> = {
    XmppDomain: server.domain,
    XmppHost: 'localhost',
    XmppPort: server.port,
    XmppCaCertificateFile: server.certs.caFile,
    ...adminExtra,
  };
  const adminSource: PolicySource = {
    name: 'test-admin',
    kind: 'policy',
    read: async () => ({ layers: [{ level: 'mandatory-machine', source: 'test-admin', values: admin }], problems: [] }),
  };
  const settings = createSettingsStore(mkdtempSync(join(tmpdir(), 'aim-idle-')));
  const policy = await createPolicyService({ sources: [adminSource, userSettingsSource({ read: userPolicyValues(settings) })], isPackaged: false, watch: false, logger: silentLogger });
  services.push(policy);
  const clock = createManualClock(Date.now());
  const audit = createMemoryAuditSink();
  const credentials = createMemoryStore();
  const c = makeCore(server, {}, { policy, settings, clock, audit, credentials });
  cores.push(c);
  const setAdmin = async (values: Record<string, unknown>) => {
    admin = { ...admin, ...values };
    await policy.refresh();
  };
  return { ...c, policy, clock, audit, credentials, setAdmin, address: jid(user), password: `${user}-pass-1` };
}

describe('idle sign-out against a real Prosody', () => {
  it('warns, then signs an idle session out; the server sees it end, the password stays remembered, and it is audited', async () => {
    const erin = await clientFor('erin', { IdleSignOutMinutes: 10, RememberPasswordAllowed: true });
    const frank = await clientFor('frank');
    await erin.core.handlers['session:signIn']({ address: erin.address, password: erin.password, remember: true });
    await frank.core.handlers['session:signIn']({ address: frank.address, password: frank.password, remember: false });
    // Frank sees Erin's presence, so the end of her session is visible from the server's side.
    await frank.core.handlers['contact:add']({ jid: erin.address });
    await erin.waitForEvent('contact:request', (r) => r.jid === frank.address);
    await erin.core.handlers['contact:respond']({ jid: frank.address, accept: true });
    await frank.waitForEvent('roster:changed', (l) => l.some((c) => c.jid === erin.address && c.presence === 'online'), 'Erin online');

    // Activity reports (about every 30 s while she works) keep the session.
    for (let i = 0; i < 30; i++) {
      erin.clock.advance(30_000);
      await erin.core.handlers['session:activity']({});
    }
    expect((await erin.core.state()).phase).toBe('online');
    expect((await erin.core.state()).idleWarning).toBeUndefined();

    // 9 quiet minutes: the warning, 60 s before sign-out.
    erin.clock.advance(9 * MIN);
    const warned = await erin.waitForEvent('session:state', (s) => s.idleWarning !== undefined, 'idle warning');
    expect(warned).toMatchObject({ phase: 'online', idleWarning: { secondsLeft: 60 } });
    // "Stay signed in" (any activity): the warning goes, the session stays.
    await erin.core.handlers['session:activity']({});
    const kept = erin.of('session:state').at(-1);
    expect(kept?.idleWarning).toBeUndefined();
    expect(kept?.phase).toBe('online');

    // Quiet for the full 10 minutes: signed out.
    erin.clock.advance(10 * MIN);
    const out = await erin.waitForEvent('session:state', (s) => s.phase === 'signed-out', 'idle sign-out');
    expect(out.signedOutReason).toBe('You were signed out after 10 minutes without activity.');
    expect(out.error).toBeUndefined();
    expect(out.idleWarning).toBeUndefined();
    expect(erin.core.session()).toBeNull();
    await frank.waitForEvent('roster:changed', (l) => l.some((c) => c.jid === erin.address && c.presence === 'offline'), 'Erin offline at the server');

    // Not a forget: the remembered password is still in the credential store, and the sign-in screen offers it.
    expect(await erin.credentials.get(erin.address)).toBe(erin.password);
    expect(await erin.core.state()).toMatchObject({ phase: 'signed-out', hasSavedPassword: true, savedAddress: erin.address });
    // Audited with numbers and names only.
    const events = erin.audit.events.filter((e) => e.type === 'idle-sign-out');
    expect(events).toEqual([{ type: 'idle-sign-out', minutes: 10, setBy: 'mandatory-machine' }]);
    expect(JSON.stringify(erin.audit.events)).not.toContain(erin.password);
    // Activity while signed out does nothing; signing in again clears the sentence.
    await expect(erin.core.handlers['session:activity']({})).resolves.toEqual({});
    await erin.core.handlers['session:signIn']({ address: erin.address, password: erin.password, remember: true });
    expect((await erin.core.state()).signedOutReason).toBeUndefined();
  });

  it("applies the user's own value saved from Settings, and a runtime policy of 0 turns it off", async () => {
    const gina = await clientFor('gina');
    await gina.core.handlers['session:signIn']({ address: gina.address, password: gina.password, remember: false });
    gina.clock.advance(120 * MIN);
    expect(gina.core.session()).not.toBeNull(); // off by default

    // Gina chooses 5 minutes in Settings: in force at once (a full warning first, since she has been idle for long).
    await gina.core.handlers['settings:set']({ name: 'IdleSignOutMinutes', value: 5 });
    await gina.waitForEvent('session:state', (s) => s.idleWarning?.secondsLeft === 60, 'warning after the new value');
    await gina.core.handlers['session:activity']({});

    // The administrator then sets 0: no sign-out however long she is away, and a saved value can't override it.
    await gina.setAdmin({ IdleSignOutMinutes: 0 });
    gina.clock.advance(60 * MIN);
    expect(gina.core.session()).not.toBeNull();
    await expect(gina.core.handlers['settings:set']({ name: 'IdleSignOutMinutes', value: 5 })).rejects.toThrow(/organization manages this setting/);

    // The administrator sets 3 minutes while she is away: warning first, then signed out after 3 minutes.
    await gina.setAdmin({ IdleSignOutMinutes: 3 });
    gina.clock.advance(MIN);
    const out = await gina.waitForEvent('session:state', (s) => s.phase === 'signed-out', 'signed out under the new policy');
    expect(out.signedOutReason).toBe('You were signed out after 3 minutes without activity.');
    expect(gina.audit.events.filter((e) => e.type === 'idle-sign-out')).toEqual([{ type: 'idle-sign-out', minutes: 3, setBy: 'mandatory-machine' }]);
  });
});
