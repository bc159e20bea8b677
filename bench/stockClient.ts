/**
 * Stock @xmpp/client sessions for the bench child processes (bench/xmppWorker.ts, bench/prosodyWorker.ts).
 * They run with NODE_EXTRA_CA_CERTS = the test CA, because stock @xmpp/client's STARTTLS takes no CA option.
 */
import { client as stockClient, xml } from '@xmpp/client';
import type { XmppClient } from '../main/core/xmpp/types';

export interface StockTarget {
  domain: string;
  port: number;
}

/** A stock session for `user` (password `<user>-pass`), without reconnects and with errors swallowed. */
export function stock(target: StockTarget, user: string): XmppClient {
  const c = stockClient({ service: `xmpp://localhost:${target.port}`, domain: target.domain, username: user, password: `${user}-pass`, resource: `bench-${Math.random()}` });
  c.on('error', () => {});
  c.reconnect.stop();
  return c;
}

/**
 * Signs alice and bob in (or the two `users` given, sender first) and sends initial presence (without it the
 * server does not route bare-JID messages to a resource).
 */
export async function aliceAndBob(target: StockTarget, users: readonly [string, string] = ['alice', 'bob']): Promise<{ a: XmppClient; b: XmppClient }> {
  const a = stock(target, users[0]);
  const b = stock(target, users[1]);
  await a.start();
  await b.start();
  await a.send(xml('presence'));
  await b.send(xml('presence'));
  return { a, b };
}
