import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import type { PolicyProvider } from '../ports';
import { createOutbound, type Live } from './outbound';

/** Just enough of a signed-in session to reach the gates: sending is "blocked" there, after the policy step. */
function setup(domains: string[]) {
  const values = { XmppDomain: 'example.gov', AllowedContactDomains: domains, GroupChatAllowed: true, MaxMessageLength: 1000 };
  const policy = { current: () => ({ values, hash: 'h' }) } as unknown as PolicyProvider;
  const out = createOutbound({ policy, gates: [], journal: { append: () => Promise.reject(new Error('not reached')) } as never, log: silentLogger, blocked: () => Promise.resolve('held at the gate') });
  const live = { session: { phase: 'online', bareJid: 'alice@example.gov' }, rooms: { info: () => undefined }, contacts: {} } as unknown as Live;
  return { out, live, values };
}

describe('outbound peer check', () => {
  it('checks the peer again when AllowedContactDomains changes, even for the same address (the remembered check is keyed by value)', async () => {
    const { out, live, values } = setup(['partner.gov']);
    const send = () => out.message(live, { to: 'bob@partner.gov', body: 'hi' }, () => {});
    // Allowed: passes the policy step and stops at the gate (the control).
    expect(await send()).toEqual({ status: 'refused', reason: 'held at the gate' });
    expect(await send()).toEqual({ status: 'refused', reason: 'held at the gate' });
    // The same values object, its list changed in place: refused by policy now.
    values.AllowedContactDomains = [];
    const refused = await send();
    expect(refused.status).toBe('refused');
    expect((refused as { reason: string }).reason).toMatch(/partner\.gov is not allowed by policy/);
    // Another address is checked on its own.
    expect(await out.message(live, { to: 'carol@example.gov', body: 'hi' }, () => {})).toEqual({ status: 'refused', reason: 'held at the gate' });
  });
});
