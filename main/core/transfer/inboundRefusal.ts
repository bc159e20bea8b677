import { randomUUID } from 'node:crypto';
import { discoInfoGet, discoItemsGet, jingleDecline, refusalError, unknownJingleSession } from '../xmpp/refusalStanzas';
import type { AuditSink, RefusedTransferEvent, TransferProtocol } from '../audit';
import type { Logger } from '../log';
import { NS } from '../xmpp/ns';
import type { XmppSession } from '../xmpp/session';
import type { XmppElement, XmppJid } from '../xmpp/types';
import { fileTransferProtocolOf } from './namespaces';
import { installWireGuard } from './outboundGuard';
import { declaredFileFacts, findFileTransferPayloads, primaryProtocol } from './payload';

export const NS_JINGLE = 'urn:xmpp:jingle:1';
export const NS_JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';
export const NS_SI = 'http://jabber.org/protocol/si';
export const NS_IBB = 'http://jabber.org/protocol/ibb';
export const NS_BYTESTREAMS = 'http://jabber.org/protocol/bytestreams';
export const NS_IQ_OOB = 'jabber:iq:oob';
export const NS_BOB = 'urn:xmpp:bob';

/** What the peer reads in our error replies and Jingle decline. */
export const PEER_REFUSAL_TEXT = 'File transfer refused: this client is text only (Policy 630-04).';

type Condition = 'forbidden' | 'not-acceptable' | 'item-not-found';

function bare(j: string | undefined): string {
  if (!j) return '';
  const slash = j.indexOf('/');
  return (slash === -1 ? j : j.slice(0, slash)).toLowerCase();
}

function stanzaError(condition: Condition): XmppElement {
  return refusalError(condition, PEER_REFUSAL_TEXT);
}

const ACTION_OF: Record<Condition, RefusedTransferEvent['action']> = {
  forbidden: 'error-forbidden',
  'not-acceptable': 'error-not-acceptable',
  'item-not-found': 'error-item-not-found',
};

export interface InboundRefusalDeps {
  audit: AuditSink;
  log: Logger;
}

/** An event for the audit sink (and, through it, the journal). Never a body or a file name. */
export function refusalEvent(input: {
  peer: string;
  protocol: TransferProtocol;
  direction: 'in' | 'out';
  action: RefusedTransferEvent['action'];
  stanza?: XmppElement;
  sid?: string;
  archived?: boolean;
}): RefusedTransferEvent {
  const facts = input.stanza ? declaredFileFacts(findFileTransferPayloads(input.stanza).payloads) : {};
  const stanzaId = input.stanza?.attrs.id;
  return {
    type: 'refused-transfer',
    kind: 'refused-transfer',
    id: randomUUID(),
    ...(stanzaId ? { stanzaId } : {}),
    peer: input.peer,
    protocol: input.protocol,
    direction: input.direction,
    action: input.action,
    at: new Date().toISOString(),
    ...(input.sid ? { sid: input.sid.slice(0, 128) } : {}),
    ...(facts.size !== undefined ? { size: facts.size } : {}),
    ...(facts.mediaType ? { mediaType: facts.mediaType } : {}),
    ...(input.archived ? { archived: true } : {}),
  };
}

interface IqCtx {
  stanza: XmppElement;
  from?: XmppJid;
}

/**
 * Refuse every inbound file-transfer offer on this session with the protocol's own refusal:
 *  - SI file transfer (XEP-0095/0096): `forbidden` (the XEP's "Offer Declined");
 *  - IBB open (XEP-0047): `not-acceptable`; data/close for a session that never existed: `item-not-found`;
 *  - SOCKS5 bytestream offers (XEP-0065) and OOB iq (XEP-0066): `not-acceptable`;
 *  - Jingle session-initiate (XEP-0166/0234): ack, then `session-terminate` with `<decline/>`;
 *  - any other iq in a file-transfer namespace (BoB, file lists, SI publishing…): `forbidden`;
 *  - messages without a body that carry file payloads (IBB over messages, Jingle Message proposals,
 *    bare OOB): dropped (the session only shows bodies) and audited.
 * Also puts the outbound guard under every write of the session's client. Every refusal is audited.
 */
export function attachInboundRefusals(session: XmppSession, deps: InboundRefusalDeps): void {
  const { audit, log } = deps;
  const client = session.client;
  installWireGuard(client, audit);

  const record = (e: RefusedTransferEvent) => {
    try {
      audit.record(e);
    } catch (err) {
      log.warn('transfer.audit-failed', { name: (err as Error).name });
    }
  };

  const refuse = (protocol: TransferProtocol, condition: Condition, sidOf?: (el: XmppElement) => string | undefined) =>
    ({ stanza }: IqCtx) => {
      const child = stanza.getChildElements()[0];
      const sid = child && sidOf ? sidOf(child) : undefined;
      record(refusalEvent({ peer: bare(stanza.attrs.from), protocol, direction: 'in', action: ACTION_OF[condition], stanza, ...(sid ? { sid } : {}) }));
      return stanzaError(condition);
    };
  const attrSid = (el: XmppElement) => el.attrs.sid ?? el.attrs.id;

  client.iqCallee.set(NS_SI, 'si', refuse('si-file-transfer', 'forbidden', (el) => el.attrs.id));
  client.iqCallee.set(NS_IBB, 'open', refuse('ibb', 'not-acceptable', attrSid));
  client.iqCallee.set(NS_IBB, 'data', refuse('ibb', 'item-not-found', attrSid));
  client.iqCallee.set(NS_IBB, 'close', refuse('ibb', 'item-not-found', attrSid));
  client.iqCallee.set(NS_BYTESTREAMS, 'query', refuse('socks5-bytestreams', 'not-acceptable', attrSid));
  client.iqCallee.set(NS_IQ_OOB, 'query', refuse('oob-iq', 'not-acceptable', attrSid));
  client.iqCallee.get(NS_BOB, 'data', refuse('bits-of-binary', 'item-not-found'));

  client.iqCallee.set(NS_JINGLE, 'jingle', ({ stanza }: IqCtx) => {
    const jingle = stanza.getChild('jingle', NS_JINGLE)!;
    const action = jingle.attrs.action ?? '';
    const sid = jingle.attrs.sid ?? '';
    const from = stanza.attrs.from;
    if (action === 'session-terminate') return true; // the peer ends it: acknowledge
    if (action !== 'session-initiate' || !sid) {
      // No session of ours exists, ever (XEP-0166 §7.2.7 / §8.1).
      return unknownJingleSession();
    }
    const { payloads } = findFileTransferPayloads(jingle);
    const protocol = payloads.some((p) => p.protocol === 'jingle-ft') ? 'jingle-ft' : 'jingle';
    record(refusalEvent({ peer: bare(from), protocol, direction: 'in', action: 'session-terminate-decline', stanza, sid }));
    if (from) {
      // XEP-0166 §6.3: acknowledge the session-initiate first (this handler's result), then decline.
      setTimeout(() => {
        client.iqCaller.request(jingleDecline(from, sid, PEER_REFUSAL_TEXT), 15_000).catch(() => undefined);
      }, 0);
    }
    return true;
  });

  // Any other iq get/set whose payload is in a file-transfer namespace (SI publishing, file lists,
  // upload slot requests addressed to us…): `forbidden`. Runs after the handlers above.
  client.middleware.use((ctx, next) => {
    const c = ctx as typeof ctx & { element?: XmppElement; type?: string };
    if (!c.stanza.is('iq') || (c.type !== 'get' && c.type !== 'set') || !c.element) return next();
    const protocol = fileTransferProtocolOf(c.element.getNS());
    if (!protocol) return next();
    record(refusalEvent({ peer: bare(c.stanza.attrs.from), protocol, direction: 'in', action: 'error-forbidden', stanza: c.stanza }));
    return stanzaError('forbidden');
  });

  // Messages without a body never reach the UI, but file payloads in them are still audited (once per
  // peer, protocol and session id, so an IBB-over-messages flood is one record).
  const seen = new Set<string>();
  session.on('stanza', (stanza: XmppElement) => {
    if (!stanza.is('message') || stanza.attrs.type === 'error') return;
    if (stanza.getChild('result', NS.mam)) return; // history: the archive query's guard handles it
    let inner: XmppElement | undefined = stanza;
    let direction: 'in' | 'out' = 'in';
    const received = stanza.getChild('received', NS.carbons);
    const sent = stanza.getChild('sent', NS.carbons);
    if (received || sent) {
      if (bare(stanza.attrs.from) !== session.bareJid) return;
      inner = (received ?? sent)?.getChild('forwarded', NS.forward)?.getChild('message');
      direction = sent ? 'out' : 'in';
    }
    if (!inner || inner.getChild('body') !== undefined) return; // with a body: the message guard decides
    const { payloads } = findFileTransferPayloads(inner);
    const protocol = primaryProtocol(payloads);
    if (!protocol) return;
    const peer = bare(direction === 'out' ? inner.attrs.to : inner.attrs.from);
    const sid = payloads[0]?.element.attrs.sid ?? payloads[0]?.element.attrs.id ?? '';
    const key = `${peer}\n${protocol}\n${sid}`;
    if (seen.has(key)) return;
    if (seen.size > 512) seen.clear();
    seen.add(key);
    record(refusalEvent({ peer, protocol, direction, action: 'ignored', stanza: inner, ...(sid ? { sid } : {}) }));
  });
}

/**
 * The upload services of the user's own server (XEP-0363 discovery: disco#items, then disco#info).
 * Only discovery: no slot is ever requested. Links to these hosts are file links.
 */
export async function discoverUploadHosts(session: XmppSession, timeoutMs = 10_000): Promise<string[]> {
  const client = session.client;
  const domain = session.bareJid.split('@')[1];
  if (!domain) return [];
  const hosts: string[] = [];
  try {
    const items = await client.iqCaller.request(discoItemsGet(domain), timeoutMs);
    const jids = (items.getChild('query', 'http://jabber.org/protocol/disco#items')?.getChildren('item') ?? [])
      .map((i) => i.attrs.jid)
      .filter((j): j is string => !!j && !j.includes('@') && !j.includes('/'))
      .slice(0, 16);
    await Promise.all(
      [domain, ...jids].map(async (jid) => {
        try {
          const info = await client.iqCaller.request(discoInfoGet(jid), timeoutMs);
          const features = info.getChild('query', NS.discoInfo)?.getChildren('feature').map((f) => f.attrs.var) ?? [];
          if (features.some((f) => fileTransferProtocolOf(f) === 'http-upload')) hosts.push(jid.toLowerCase());
        } catch {
          /* not every item answers disco#info */
        }
      }),
    );
  } catch {
    /* discovery is best effort; the URL heuristics still apply */
  }
  return hosts;
}
