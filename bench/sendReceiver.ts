/**
 * The receiving peer for bench/sendWorker.ts, in its own process as a real peer would be: a stock
 * @xmpp/client bob (Nagle off). For each message with a body it reports the body and the time it arrived
 * on the monotonic clock shared by every process of the machine (process.hrtime), through the IPC channel.
 */
import type { Socket } from 'node:net';
import { client as stockClient, xml } from '@xmpp/client';
import type { XmppElement } from '../main/core/xmpp/types';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { domain: string; port: number };
const bob = stockClient({ service: `xmpp://localhost:${cfg.port}`, domain: cfg.domain, username: 'bob', password: 'bob-pass', resource: `bench-${Math.random()}` });
bob.on('error', () => {});
bob.reconnect.stop();
bob.on('connect', () => (bob.socket as Socket).setNoDelay(true));
bob.on('stanza', (st: XmppElement) => {
  if (!st.is('message')) return;
  const at = process.hrtime.bigint();
  const body = st.getChildText('body');
  if (body !== null) process.send?.({ body, at: String(at) });
});
await bob.start();
await bob.send(xml('presence'));
process.send?.({ ready: true });
process.on('disconnect', () => {
  void bob.stop().finally(() => process.exit(0));
});
