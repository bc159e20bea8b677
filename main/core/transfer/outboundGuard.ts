import { randomUUID } from 'node:crypto';
import type { AuditSink } from '../audit';
import type { XmppClient, XmppElement } from '../xmpp/types';
import { findFileTransferPayloads, primaryProtocol } from './payload';

const NS_JINGLE = 'urn:xmpp:jingle:1';
/** XEP-0166 reason conditions a refusal may carry. */
const REFUSAL_REASONS = new Set(['decline', 'cancel', 'unsupported-applications', 'unsupported-transports', 'security-error', 'general-error', 'failed-application', 'failed-transport']);

/**
 * The one shape of outbound stanza that may name a file-transfer namespace: our own refusal of a Jingle
 * session, `<iq type='set'><jingle action='session-terminate' sid='…'><reason><decline/></reason></jingle></iq>`,
 * with no description, transport or anything else that could carry a file.
 */
export function isJingleRefusal(stanza: XmppElement): boolean {
  if (stanza.name !== 'iq' || stanza.attrs.type !== 'set') return false;
  const children = stanza.getChildElements();
  if (children.length !== 1) return false;
  const jingle = children[0]!;
  if (jingle.name !== 'jingle' || jingle.attrs.xmlns !== NS_JINGLE || jingle.attrs.action !== 'session-terminate' || !jingle.attrs.sid) return false;
  const inner = jingle.getChildElements();
  if (inner.length !== 1 || inner[0]!.name !== 'reason' || inner[0]!.attrs.xmlns) return false;
  const reason = inner[0]!.getChildElements();
  return reason.length >= 1 && reason.every((r, i) => (i === 0 ? REFUSAL_REASONS.has(r.name) && !r.attrs.xmlns && r.getChildElements().length === 0 : r.name === 'text' && !r.attrs.xmlns && r.getChildElements().length === 0));
}

/**
 * An error reply that carries only its <error/> (conditions and text, nothing nested): it refuses
 * something and cannot carry a file, even when a condition is namespaced (e.g. Jingle's unknown-session).
 */
export function isBareErrorReply(stanza: XmppElement): boolean {
  if (stanza.attrs.type !== 'error') return false;
  const kids = stanza.getChildElements();
  return kids.length > 0 && kids.every((k) => k.name === 'error' && k.getChildElements().every((c) => c.getChildElements().length === 0));
}

/**
 * The last check before the socket: refuses any outbound stanza that carries a file-transfer or
 * attachment payload, even one built by mistake upstream. Returns a reason, or null to allow.
 */
export function outboundFileTransferGuard(stanza: XmppElement): string | null {
  if (isJingleRefusal(stanza) || isBareErrorReply(stanza)) return null;
  const { payloads, tooDeep } = findFileTransferPayloads(stanza);
  if (tooDeep) return 'Refused to send a malformed stanza (nested too deeply).';
  const hit = payloads[0];
  return hit ? `Refused to send a file-transfer payload (${hit.ns}): Policy 630-04 allows text messages only.` : null;
}

/**
 * Error replies may echo the request (RFC 6120 §8.3.1 makes that optional). Ours never do: an echoed
 * SI offer or Jingle description would put the file-transfer payload back on the wire.
 */
export function stripEchoFromErrorReply(stanza: XmppElement): void {
  if (stanza.attrs.type !== 'error') return;
  if (!stanza.getChildElements().some((c) => c.name !== 'error')) return;
  stanza.children = stanza.children.filter((c) => typeof c !== 'string' && c.name === 'error');
}

export class OutboundTransferRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundTransferRefused';
  }
}

function bare(j: string | undefined): string {
  if (!j) return '';
  const slash = j.indexOf('/');
  return (slash === -1 ? j : j.slice(0, slash)).toLowerCase();
}

function recordOutboundRefusal(stanza: XmppElement, audit: AuditSink): void {
  const { payloads } = findFileTransferPayloads(stanza);
  audit.record({
    type: 'refused-transfer',
    kind: 'refused-transfer',
    id: randomUUID(),
    ...(stanza.attrs.id ? { stanzaId: stanza.attrs.id } : {}),
    peer: bare(stanza.attrs.to),
    protocol: primaryProtocol(payloads) ?? 'file-sharing',
    direction: 'out',
    action: 'send-blocked',
    at: new Date().toISOString(),
  });
}

/** The guard for the session's own check (CoreDeps.outboundGuard), auditing each refusal. */
export function createAuditedOutboundGuard(audit: AuditSink): (stanza: XmppElement) => string | null {
  return (stanza) => {
    const refusal = outboundFileTransferGuard(stanza);
    if (refusal) recordOutboundRefusal(stanza, audit);
    return refusal;
  };
}

/**
 * Put the guard under every write the XMPP client makes (`send` and `sendMany`: our own stanzas,
 * iq replies from the middleware, stream-management resends), not only under the session's outbox.
 * Refused stanzas never reach the socket: the send rejects with OutboundTransferRefused and an audit
 * event (direction 'out', action 'send-blocked') is recorded. Idempotent.
 */
export function installWireGuard(client: XmppClient, audit: AuditSink, guard: (s: XmppElement) => string | null = outboundFileTransferGuard): void {
  const marked = client as XmppClient & { __fileTransferWireGuard?: true };
  if (marked.__fileTransferWireGuard) return;
  marked.__fileTransferWireGuard = true;
  const send = client.send.bind(client);
  const sendMany = client.sendMany.bind(client);
  const check = (stanza: XmppElement) => {
    // Stream-level elements (SM acks, nonzas) carry no payloads; stanzas are checked.
    if (stanza.name !== 'iq' && stanza.name !== 'message' && stanza.name !== 'presence') return;
    stripEchoFromErrorReply(stanza);
    const refusal = guard(stanza);
    if (!refusal) return;
    recordOutboundRefusal(stanza, audit);
    throw new OutboundTransferRefused(refusal);
  };
  // Not async functions: the returned promise must be the transport's own, with no extra ticks.
  // xmpp.js's iqCaller only listens for the reply once send() resolves, so any delay here lets a fast
  // error reply reject unobserved (an unhandled rejection).
  client.send = (stanza: XmppElement) => {
    try {
      check(stanza);
    } catch (err) {
      return Promise.reject(err);
    }
    return send(stanza);
  };
  client.sendMany = (stanzas: XmppElement[]) => {
    try {
      for (const s of stanzas) check(s);
    } catch (err) {
      return Promise.reject(err);
    }
    return sendMany(stanzas);
  };
}
