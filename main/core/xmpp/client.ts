import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Client, xml, jid as parseJid } from '@xmpp/client-core';
import _reconnect from '@xmpp/reconnect';
import _tcp from '@xmpp/tcp';
import _middleware from '@xmpp/middleware';
import _streamFeatures from '@xmpp/stream-features';
import _iqCaller from '@xmpp/iq/caller.js';
import _iqCallee from '@xmpp/iq/callee.js';
import _resourceBinding from '@xmpp/resource-binding';
import _streamManagement from '@xmpp/stream-management';
import { canUpgrade, upgrade } from '@xmpp/starttls/starttls.js';
import { procedure } from '@xmpp/events';
import { ScramSha1, ScramSha256, ScramError, type ScramMechanismInstance } from './scram';
import type { XmppClient, XmppElement } from './types';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';

export interface XmppConnectOptions {
  /** Host and port to connect to (policy XmppHost / XmppPort). */
  host: string;
  port: number;
  /** The XMPP domain (policy XmppDomain); the server certificate must be valid for it. */
  domain: string;
  username: string;
  password: string;
  resource?: string;
  /** Extra trusted CA certificates (PEM), added to the system store; verification is never turned off. */
  extraCa?: string[];
}

export class AuthenticationError extends Error {
  constructor(
    message: string,
    readonly condition: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

function decodeBase64(text: string): string {
  return text === '=' ? '' : Buffer.from(text, 'base64').toString('utf8');
}

/**
 * Assemble an xmpp.js client from its parts, as @xmpp/client does, with three differences that the
 * policy requires: STARTTLS is mandatory and verifies the server against system roots plus the
 * policy's CA file; only SCRAM (SHA-256, then SHA-1) is offered, computed natively and with the
 * server's signature checked; no WebSocket, SASL2/FAST or anonymous login.
 */
export function createXmppClient(opts: XmppConnectOptions): XmppClient {
  const entity = new Client({ service: `xmpp://${opts.host}:${opts.port}`, domain: opts.domain }) as XmppClient;
  entity.jid = parseJid(opts.username, opts.domain);

  const reconnect = _reconnect({ entity });
  _tcp({ entity });
  const middleware = _middleware({ entity });
  const streamFeatures = _streamFeatures({ middleware });
  const iqCaller = _iqCaller({ middleware, entity });
  const iqCallee = _iqCallee({ middleware, entity });
  const ca = [...rootCertificates, ...(opts.extraCa ?? [])];
  /** The current connection's TCP socket (under TLS), for noDelay(). */
  let tcp: Socket | null = null;

  // 1. STARTTLS, with real verification.
  streamFeatures.use('starttls', NS_TLS, async ({ entity: e }: { entity: XmppClient }) => {
    if (!canUpgrade(e.socket)) return;
    tcp = e.socket as Socket;
    const element = await e.sendReceive(xml('starttls', { xmlns: NS_TLS }));
    if (!element.is('proceed', NS_TLS)) throw new Error('STARTTLS_FAILURE');
    const tlsSocket = await upgrade(e.socket, {
      host: opts.host,
      servername: opts.domain,
      ca,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    e._attachSocket(tlsSocket);
    await e.restart();
  });

  // 2. SASL only over TLS, SCRAM only.
  streamFeatures.use('mechanisms', NS_SASL, async ({ entity: e }: { entity: XmppClient }, _next: unknown, element: XmppElement) => {
    if (!e.isSecure()) throw new AuthenticationError('The server did not offer an encrypted connection (STARTTLS); refusing to sign in.', 'tls-required');
    const offered = new Set(element.getChildren('mechanism', NS_SASL).map((m) => m.text()));
    const Mech = offered.has('SCRAM-SHA-256') ? ScramSha256 : offered.has('SCRAM-SHA-1') ? ScramSha1 : null;
    if (!Mech) throw new AuthenticationError('The server offers no supported sign-in method (SCRAM).', 'no-mechanism');
    const mech: ScramMechanismInstance = new Mech();
    const cred = { username: opts.username, password: opts.password };
    const first = mech.response(cred);
    await procedure(
      e,
      xml('auth', { xmlns: NS_SASL, mechanism: mech.name }, Buffer.from(first).toString('base64')),
      async (el: XmppElement, done: () => void) => {
        if (el.getNS() !== NS_SASL) return;
        if (el.name === 'challenge') {
          mech.challenge(decodeBase64(el.text()));
          const resp = mech.response(cred);
          await e.send(xml('response', { xmlns: NS_SASL }, resp ? Buffer.from(resp).toString('base64') : ''));
          return;
        }
        if (el.name === 'failure') {
          const condition = el.children.find((c): c is XmppElement => typeof c !== 'string' && c.name !== 'text')?.name ?? 'failure';
          throw new AuthenticationError(
            condition === 'not-authorized' ? 'The address or password is not correct.' : `Sign-in failed (${condition}).`,
            condition,
          );
        }
        if (el.name === 'success') {
          const extra = el.text();
          if (!mech.serverVerified) {
            try {
              mech.verifyServerFinal(decodeBase64(extra));
            } catch (err) {
              throw new AuthenticationError((err as ScramError).message, 'server-not-verified');
            }
          }
          done();
        }
      },
    );
    await e.restart();
  });

  const streamManagement = _streamManagement({ streamFeatures, entity, middleware });
  _resourceBinding({ iqCaller, streamFeatures }, opts.resource ?? `approved-im-${Math.random().toString(36).slice(2, 10)}`);
  iqCallee.get('urn:xmpp:ping', 'ping', () => ({}));

  /**
   * Nagle's algorithm off for this connection: a stanza leaves when written, instead of waiting for the
   * peer's delayed ACK of the previous segment (tens of ms on the send path). The session calls it once
   * it is set up: turned on during sign-in, the changed timing makes xmpp.js's stream management ack
   * fewer stanzas than before and Prosody drops the stream (`undefined-condition`).
   */
  const noDelay = () => {
    tcp?.setNoDelay(true);
  };
  return Object.assign(entity, { entity, reconnect, middleware, streamFeatures, iqCaller, iqCallee, streamManagement, noDelay });
}
