/**
 * The retention server's own XMPP account (`serve --xmpp-jid JID --xmpp-password-file FILE`), where
 * devices send their enrollment proofs. Assembled from xmpp.js parts (the same ones @xmpp/client
 * bundles) so that STARTTLS is mandatory and the server certificate is verified against the system
 * roots plus --xmpp-ca; SASL is SCRAM-SHA-1 over TLS only. It answers pings, sends presence so that
 * chat messages to the bare JID reach it, reconnects by itself, and hands every chat body with a
 * proof to `onProof` together with the sender's bare JID as the XMPP server stamped it.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Client, jid as makeJid, xml } from '@xmpp/client-core';
import _iqCallee from '@xmpp/iq/callee.js';
import _iqCaller from '@xmpp/iq/caller.js';
import _middleware from '@xmpp/middleware';
import _reconnect from '@xmpp/reconnect';
import _resourceBinding from '@xmpp/resource-binding';
import _sasl from '@xmpp/sasl';
import scramsha1 from '@xmpp/sasl-scram-sha-1';
import { canUpgrade, upgrade } from '@xmpp/starttls/starttls.js';
import _streamFeatures from '@xmpp/stream-features';
import _tcp from '@xmpp/tcp';
import SASLFactory from 'saslmechanisms';
import { challengeFromProof } from '../shared/journal/enrollment';
import type { Logger } from './treeHeads';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

export interface XmppAccountOptions {
  /** Bare JID of the account, e.g. retention@agency.gov. */
  jid: string;
  passwordFile: string;
  /** Where to connect (default: the JID's domain, port 5222). */
  host?: string;
  port?: number;
  /** PEM file trusted in addition to the system roots. */
  caFile?: string;
}

interface Stanza {
  name: string;
  attrs: Record<string, string | undefined>;
  getChildText(name: string): string | null;
}

interface Entity {
  status: string;
  jid: unknown;
  socket: unknown;
  on(event: string, fn: (arg: never) => void): void;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(el: unknown): Promise<void>;
  sendReceive(el: unknown): Promise<{ is(name: string, ns?: string): boolean }>;
  isSecure(): boolean;
  restart(): Promise<void>;
  _attachSocket(socket: unknown): void;
}

export interface XmppAccount {
  readonly jid: string;
  /** Resolves once signed in (rejects if the first attempt fails, e.g. a bad password or certificate). */
  online: Promise<void>;
  stop(): Promise<void>;
}

export function bareOf(address: string): string {
  const slash = address.indexOf('/');
  return (slash === -1 ? address : address.slice(0, slash)).toLowerCase();
}

export function startXmppAccount(opts: XmppAccountOptions, onProof: (challenge: string, fromBareJid: string) => Promise<void>, log: Logger): XmppAccount {
  const [local, domain] = opts.jid.split('@');
  if (!local || !domain || opts.jid.includes('/')) throw new Error(`--xmpp-jid must be a bare JID such as retention@example.gov, not "${opts.jid}"`);
  const password = readFileSync(opts.passwordFile, 'utf8').trim();
  if (!password) throw new Error(`--xmpp-password-file ${opts.passwordFile} is empty`);
  const ca = [...rootCertificates, ...(opts.caFile ? [readFileSync(opts.caFile, 'utf8')] : [])];
  const host = opts.host ?? domain;
  const port = opts.port ?? 5222;

  const entity = new Client({ service: `xmpp://${host}:${port}`, domain }) as Entity;
  entity.jid = makeJid(local, domain);
  const reconnect = _reconnect({ entity }) as { delay: number };
  reconnect.delay = 2_000;
  _tcp({ entity });
  const middleware = _middleware({ entity }) as { use(fn: (ctx: { stanza: Stanza }, next: () => unknown) => unknown): void };
  const streamFeatures = _streamFeatures({ middleware }) as { use(name: string, ns: string, fn: (ctx: { entity: Entity }, next: () => unknown) => unknown): void };
  const iqCaller = _iqCaller({ middleware, entity });
  const iqCallee = _iqCallee({ middleware, entity }) as { get(ns: string, name: string, fn: () => unknown): void };

  streamFeatures.use('starttls', NS_TLS, async ({ entity: e }) => {
    if (!canUpgrade(e.socket)) return;
    const proceed = await e.sendReceive(xml('starttls', { xmlns: NS_TLS }));
    if (!proceed.is('proceed', NS_TLS)) throw new Error('STARTTLS_FAILURE');
    e._attachSocket(await upgrade(e.socket, { host, servername: domain, ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' }));
    await e.restart();
  });
  const saslFactory = new SASLFactory();
  scramsha1(saslFactory);
  _sasl({ streamFeatures, saslFactory }, async (authenticate: (c: object, m: string) => Promise<void>, mechanisms: string[]) => {
    if (!entity.isSecure()) throw new Error('the XMPP server did not offer STARTTLS; refusing to sign in');
    if (!mechanisms.includes('SCRAM-SHA-1')) throw new Error('the XMPP server offers no SCRAM-SHA-1 sign-in');
    await authenticate({ username: local, password }, 'SCRAM-SHA-1');
  });
  _resourceBinding({ iqCaller, streamFeatures }, `retention-${process.pid}`);
  iqCallee.get('urn:xmpp:ping', 'ping', () => ({}));

  middleware.use(async ({ stanza }, next) => {
    if (stanza.name === 'message' && (stanza.attrs.type ?? 'normal') !== 'groupchat' && stanza.attrs.type !== 'error') {
      const challenge = challengeFromProof(stanza.getChildText('body') ?? '');
      const from = stanza.attrs.from;
      if (challenge && from) {
        try {
          await onProof(challenge, bareOf(from));
        } catch (err) {
          log.error({ err: (err as Error).message }, 'enrollment proof could not be recorded');
        }
      }
    }
    return next();
  });

  let settled = false;
  let resolveOnline!: () => void;
  let rejectOnline!: (err: Error) => void;
  const online = new Promise<void>((res, rej) => {
    resolveOnline = res;
    rejectOnline = rej;
  });
  online.catch(() => undefined);
  entity.on('online', (() => {
    void entity.send(xml('presence', {}, xml('priority', {}, '1'))).catch(() => undefined);
    log.info({ jid: opts.jid }, 'retention XMPP account online');
    if (!settled) {
      settled = true;
      resolveOnline();
    }
  }) as (arg: never) => void);
  entity.on('error', ((err: Error) => {
    log.warn({ err: err.message }, 'retention XMPP account error');
    if (!settled) {
      settled = true;
      rejectOnline(err);
    }
  }) as (arg: never) => void);
  entity.start().catch((err: Error) => {
    if (!settled) {
      settled = true;
      rejectOnline(err);
    }
  });

  return {
    jid: opts.jid.toLowerCase(),
    online,
    async stop() {
      (reconnect as unknown as { stop(): void }).stop?.();
      await entity.stop().catch(() => undefined);
    },
  };
}
