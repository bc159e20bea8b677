/**
 * Child process for bench/prosody.bench.ts (NODE_EXTRA_CA_CERTS = the test CA, as for xmppWorker.ts).
 * Two stock @xmpp/client sessions, alice → bob (or cfg.users, sender first):
 *   mode "burst": send `count` messages back to back; prints { ms } until bob has them all;
 *   mode "paced": send `count` messages at `rate` per second; prints { sentAt: { id: epochMs } }.
 */
import { xml } from '@xmpp/client';
import type { XmppElement } from '../main/core/xmpp/types';
import { aliceAndBob } from './stockClient';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { domain: string; port: number; mode: 'burst' | 'paced'; count: number; rate?: number; prefix: string; users?: [string, string] };

const { a, b } = await aliceAndBob(cfg, cfg.users);
let received = 0;
const all = new Promise<void>((resolve) => {
  b.on('stanza', (st: XmppElement) => {
    if (st.is('message') && st.getChildText('body') && String(st.attrs.id ?? '').startsWith(cfg.prefix) && ++received === cfg.count) resolve();
  });
});
// To bob's full JID: a session of an earlier run still hibernating (stream management) must not share them.
const bobJid = b.jid?.toString() ?? `bob@${cfg.domain}`;
const message = (i: number) => xml('message', { to: bobJid, type: 'chat', id: `${cfg.prefix}${i}` }, xml('body', {}, `bench message ${i} about the quarterly figures`));
const giveUp = setTimeout(() => {
  process.stderr.write(`prosodyWorker: bob received ${received} of ${cfg.count} in 120 s\n`);
  process.exit(2);
}, 120_000);
const sentAt: Record<string, number> = {};
const t0 = performance.now();
if (cfg.mode === 'burst') {
  for (let i = 0; i < cfg.count; i++) void a.send(message(i));
} else {
  const interval = 1000 / (cfg.rate ?? 200);
  for (let i = 0; i < cfg.count; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sentAt[`${cfg.prefix}${i}`] = Date.now();
    void a.send(message(i));
  }
}
await all;
const ms = performance.now() - t0;
clearTimeout(giveUp);
await a.stop();
await b.stop();
process.stdout.write(JSON.stringify({ ms, sentAt }) + '\n');
process.exit(0);
