/**
 * Child process for bench/xmpp.bench.ts. Runs with NODE_EXTRA_CA_CERTS pointing at the test CA, because
 * stock @xmpp/client's STARTTLS takes no CA option; our core gets the same CA through its policy.
 * Prints one JSON line with raw samples in milliseconds.
 */
import { readFileSync } from 'node:fs';
import { xml } from '@xmpp/client';
import { createXmppClient } from '../main/core/xmpp/client';
import { makeCore } from '../test/support/clientHarness';
import type { ProsodyServer } from '../test/support/prosody';
import type { XmppElement } from '../main/core/xmpp/types';
import { aliceAndBob, stock as stockFor } from './stockClient';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { domain: string; port: number; caFile: string; iterations: number; rtt: number };
const server = { domain: cfg.domain, port: cfg.port, certs: { caFile: cfg.caFile } } as unknown as ProsodyServer;
const ca = readFileSync(cfg.caFile, 'utf8');

const stock = (user: string) => stockFor(cfg, user);

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

const loginStock: number[] = [];
const loginOurs: number[] = [];
const loginOursCore: number[] = [];
for (let i = 0; i < cfg.iterations; i++) {
  {
    const c = stock('alice');
    const [ms] = await time(() => c.start());
    loginStock.push(ms);
    await c.stop();
  }
  {
    const c = createXmppClient({ host: 'localhost', port: cfg.port, domain: cfg.domain, username: 'alice', password: 'alice-pass', extraCa: [ca] });
    c.on('error', () => {});
    const [ms] = await time(() => c.start());
    loginOurs.push(ms);
    c.reconnect.stop();
    await c.stop();
  }
  {
    const a = makeCore(server);
    const [ms] = await time(() => a.core.handlers['session:signIn']({ address: `alice@${cfg.domain}`, password: 'alice-pass', remember: false }));
    loginOursCore.push(ms);
    await a.core.shutdown();
  }
}

// Round trip alice -> bob, live sessions.
const rttStock: number[] = [];
{
  const { a, b } = await aliceAndBob(cfg);
  for (let i = 0; i < cfg.rtt; i++) {
    const id = `s${i}`;
    const got = new Promise<void>((resolve) => {
      const on = (st: XmppElement) => {
        if (st.is('message') && st.attrs.id === id) {
          b.removeListener('stanza', on);
          resolve();
        }
      };
      b.on('stanza', on);
    });
    const [ms] = await time(async () => {
      await a.send(xml('message', { to: `bob@${cfg.domain}`, type: 'chat', id }, xml('body', {}, `ping ${i}`)));
      await got;
    });
    rttStock.push(ms);
  }
  await a.stop();
  await b.stop();
}
const rttOurs: number[] = [];
{
  const a = makeCore(server);
  const b = makeCore(server);
  await a.core.handlers['session:signIn']({ address: `alice@${cfg.domain}`, password: 'alice-pass', remember: false });
  await b.core.handlers['session:signIn']({ address: `bob@${cfg.domain}`, password: 'bob-pass', remember: false });
  for (let i = 0; i < cfg.rtt; i++) {
    const [ms] = await time(async () => {
      const r = await a.core.handlers['chat:send']({ to: `bob@${cfg.domain}`, body: `ping ${i}` });
      const id = r.status === 'sent' ? r.message.id : '';
      await b.waitForEvent('chat:message', (m) => m.id === id);
    });
    rttOurs.push(ms);
  }
  await a.core.shutdown();
  await b.core.shutdown();
}
process.stdout.write(JSON.stringify({ loginStock, loginOurs, loginOursCore, rttStock, rttOurs }) + '\n');
process.exit(0);
