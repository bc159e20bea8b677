import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { xml, jid as makeJid } from '@xmpp/client-core';
import parseJid from '@xmpp/jid';
import { createXmppClient, AuthenticationError, type XmppConnectOptions } from './client';
import { NS } from './ns';
import { ArchiveCursors, queryArchive } from './archive';
import { capsElement, discoInfoQuery, CAPS_NODE, capsVerification } from './disco';
import type { XmppClient, XmppElement } from './types';
import type { ChatMessage, Contact, DeliveryState, PresenceShow, TypingState } from '../../../shared/ipc/types';
import type { Logger } from '../log';

export type ConnectionPhase = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** An inbound or outbound chat message as the core sees it, before it becomes a UI message. */
export interface CoreMessage extends ChatMessage {
  /** XEP-0359 origin-id (ours) or the sender's id: the dedupe key. */
  originId: string;
  /** Server-assigned stanza-id (XEP-0359), when known. */
  stanzaId?: string;
  /** The stanza, for guards that inspect payloads (never logged). */
  stanza?: XmppElement;
  /** True when the message came from the server archive (MAM) rather than live. */
  archived?: boolean;
  /** True when it is a carbon of a message sent from another of the user's devices. */
  carbon?: boolean;
  /** XEP-0308: this message corrects the message with this id. */
  replaces?: string;
  /** XEP-0424: this message retracts the message with this id. */
  retracts?: string;
}

export interface SessionEvents {
  phase: [ConnectionPhase, string | undefined];
  roster: [Contact[]];
  /** A live inbound message (or a carbon): after guards, before it is shown. */
  message: [CoreMessage];
  messageState: [{ id: string; conversation: string; state: DeliveryState }];
  typing: [{ jid: string; state: TypingState }];
  /** Someone asks to see our presence (to add us as a contact). */
  subscriptionRequest: [{ jid: string }];
  /** Every inbound stanza, for guards (file-transfer refusal etc.); return value ignored. */
  stanza: [XmppElement];
}

interface OutboxItem {
  id: string;
  to: string;
  stanza: XmppElement;
  state: DeliveryState;
}

const SHOW_RANK: Record<PresenceShow, number> = { chat: 5, online: 4, away: 3, xa: 2, dnd: 1, offline: 0 };

function bare(j: string): string {
  const slash = j.indexOf('/');
  return (slash === -1 ? j : j.slice(0, slash)).toLowerCase();
}

/** Refuse to put anything but text on the wire: the last gate before the socket. */
export type OutboundGuard = (stanza: XmppElement) => string | null;

/**
 * One signed-in XMPP session: roster and presence, 1:1 chat with receipts, chat states, carbons,
 * history from MAM, and an outbox that survives reconnects (stream management resume, or a resend
 * with the same origin-id when the server lost the session).
 */
export class XmppSession extends EventEmitter<SessionEvents> {
  readonly client: XmppClient;
  private contacts = new Map<string, Contact>();
  private presences = new Map<string, Map<string, { show: PresenceShow; status?: string; idleSince?: string }>>();
  private outbox = new Map<string, OutboxItem>();
  private phaseValue: ConnectionPhase = 'connecting';
  private stopped = false;
  private readonly archiveCursors = new ArchiveCursors();

  constructor(
    private readonly opts: XmppConnectOptions & { log: Logger; outboundGuard?: OutboundGuard },
  ) {
    super();
    this.client = createXmppClient(opts);
    this.wire();
  }

  get phase(): ConnectionPhase {
    return this.phaseValue;
  }

  get jid(): string {
    return this.client.jid ? this.client.jid.toString() : `${this.opts.username}@${this.opts.domain}`;
  }

  get bareJid(): string {
    return bare(this.jid);
  }

  private setPhase(phase: ConnectionPhase, detail?: string) {
    if (phase === this.phaseValue && !detail) return;
    this.phaseValue = phase;
    this.emit('phase', phase, detail);
  }

  /** Connect and sign in. Rejects with AuthenticationError on bad credentials. */
  async start(): Promise<void> {
    this.setPhase('connecting');
    try {
      await this.client.start();
      await this.firstOnline;
    } catch (err) {
      this.stopped = true;
      this.client.reconnect.stop();
      await this.client.stop().catch(() => {});
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.client.reconnect.stop();
    try {
      if (this.client.status === 'online') await this.client.send(xml('presence', { type: 'unavailable' }));
    } catch {
      /* going away anyway */
    }
    await this.client.stop().catch(() => {});
    this.setPhase('offline');
  }

  private wire() {
    const c = this.client;
    const sm = c.streamManagement;
    // Ack faster than the library's 30 s default so delivery state is prompt and resume loses little.
    sm.requestAckInterval = 5_000;
    sm.timeout = 20_000;
    c.reconnect.delay = 1_000;
    // xmpp.js's iqCaller registers a reply handler before send() resolves but only observes it after:
    // a fast error reply (e.g. item-not-found) would reject unobserved and crash the process as an
    // unhandled rejection. Observe each pending reply as soon as it is registered; callers still get it.
    const pending = (c.iqCaller as unknown as { handlers: Map<string, { promise: Promise<unknown> }> }).handlers;
    const register = pending.set.bind(pending);
    pending.set = (id, deferred) => {
      deferred.promise.catch(() => undefined);
      return register(id, deferred);
    };
    c.iqCallee.get(NS.discoInfo, 'query', ({ stanza }) => {
      const node = stanza.getChild('query', NS.discoInfo)?.attrs.node;
      if (node && node !== `${CAPS_NODE}#${capsVerification()}`) return undefined;
      return discoInfoQuery(node);
    });
    c.iqCallee.get(NS.version, 'query', () => xml('query', { xmlns: NS.version }, xml('name', {}, 'Approved IM')));

    c.on('error', (err: Error) => {
      if (err instanceof AuthenticationError) return;
      this.opts.log.warn('xmpp.error', { name: err.name, code: (err as { code?: string }).code, condition: (err as { condition?: string }).condition });
    });
    c.on('offline', () => this.setPhase('offline'));
    c.on('disconnect', () => {
      if (!this.stopped) this.setPhase('reconnecting');
    });
    c.on('online', () => {
      const setup = this.onOnline();
      this.firstOnline ??= setup;
    });
    sm.on('resumed', () => {
      this.setPhase('online');
    });
    sm.on('ack', (stanza: XmppElement) => {
      const item = stanza.name === 'message' && stanza.attrs.id ? this.outbox.get(stanza.attrs.id) : undefined;
      if (item && item.state === 'pending') this.updateState(item, 'sent');
    });
    sm.on('fail', (stanza: XmppElement) => {
      // The server lost the session before acknowledging: resend on the next session with the same
      // origin-id, so receivers (and the archive) can drop a duplicate.
      const item = stanza.name === 'message' && stanza.attrs.id ? this.outbox.get(stanza.attrs.id) : undefined;
      if (item) item.state = 'pending';
    });
    c.on('stanza', (stanza: XmppElement) => {
      try {
        this.onStanza(stanza);
      } catch (err) {
        this.opts.log.warn('xmpp.stanza-failed', { name: stanza.name, error: (err as Error).name });
      }
    });
  }

  private firstOnline: Promise<void> | null = null;
  private own: { show: 'online' | 'away' | 'xa' | 'dnd'; status?: string; idleSince?: string } = { show: 'online' };

  private ownPresence(): XmppElement {
    const { show, status, idleSince } = this.own;
    return xml(
      'presence',
      {},
      show !== 'online' ? xml('show', {}, show) : null,
      status ? xml('status', {}, status) : null,
      idleSince ? xml('idle', { xmlns: NS.idle, since: idleSince }) : null,
      capsElement(),
    );
  }

  /** Our own availability, status text and idle time (XEP-0319); kept across reconnects. */
  async setPresence(p: { show: 'online' | 'away' | 'xa' | 'dnd'; status?: string; idleSince?: string }): Promise<void> {
    this.own = p;
    await this.sendRaw(this.ownPresence());
  }

  get ownStatus() {
    return this.own;
  }

  private async onOnline() {
    const c = this.client;
    try {
      await this.fetchRoster();
      await c.send(this.ownPresence());
      await c.iqCaller.request(xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.carbons })), 10_000).catch(() => undefined);
    } catch (err) {
      this.opts.log.warn('xmpp.online-setup-failed', { error: (err as Error).name });
    }
    this.setPhase('online');
    await this.flushOutbox();
  }

  private async flushOutbox() {
    for (const item of this.outbox.values()) {
      if (item.state !== 'pending') continue;
      if (this.client.status !== 'online') return;
      const alreadyQueued = this.client.streamManagement.outbound_q.some((q) => q.stanza.attrs.id === item.id);
      if (alreadyQueued) continue;
      try {
        await this.client.send(item.stanza);
      } catch {
        return; // still offline; the next 'online' flushes again
      }
    }
  }

  private async fetchRoster() {
    const res = await this.client.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster })), 15_000);
    const query = res.getChild('query', NS.roster);
    const next = new Map<string, Contact>();
    for (const item of query?.getChildren('item') ?? []) {
      const c = this.contactFromItem(item);
      if (c) next.set(c.jid, c);
    }
    this.contacts = next;
    this.emitRoster();
  }

  private readonly displayNames = new Map<string, string>();
  private readonly rosterNamed = new Set<string>();

  /** A display name from the contact's vCard, used when the user has not named the contact. */
  setDisplayName(jid: string, name: string) {
    const key = bare(jid);
    this.displayNames.set(key, name);
    const c = this.contacts.get(key);
    if (c && !this.rosterNamed.has(key) && c.name !== name) {
      c.name = name;
      this.emitRoster();
    }
  }

  /** Contacts the user has not named (candidates for a vCard display name). */
  unnamedContacts(): string[] {
    return [...this.contacts.keys()].filter((k) => !this.rosterNamed.has(k) && !this.displayNames.has(k));
  }

  private contactFromItem(item: XmppElement): Contact | null {
    const j = item.attrs.jid;
    if (!j) return null;
    const key = bare(j);
    const old = this.contacts.get(key);
    if (item.attrs.name) this.rosterNamed.add(key);
    else this.rosterNamed.delete(key);
    const sub = (item.attrs.subscription ?? 'none') as Contact['subscription'];
    const best = this.bestPresence(key);
    return {
      jid: key,
      name: item.attrs.name || this.displayNames.get(key) || key.split('@')[0] || key,
      subscription: ['none', 'to', 'from', 'both', 'remove'].includes(sub) ? sub : 'none',
      ask: item.attrs.ask === 'subscribe',
      presence: best.show,
      ...(best.status ? { status: best.status } : {}),
      unread: old?.unread ?? 0,
    };
  }

  private bestPresence(key: string): { show: PresenceShow; status?: string; idleSince?: string } {
    let best: { show: PresenceShow; status?: string; idleSince?: string } = { show: 'offline' };
    for (const p of this.presences.get(key)?.values() ?? []) if (SHOW_RANK[p.show] > SHOW_RANK[best.show]) best = p;
    return best;
  }

  private emitRoster() {
    this.emit('roster', this.roster());
  }

  roster(): Contact[] {
    return [...this.contacts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  setUnread(jid: string, unread: number) {
    const c = this.contacts.get(bare(jid));
    if (c && c.unread !== unread) {
      c.unread = unread;
      this.emitRoster();
    }
  }

  private onStanza(stanza: XmppElement) {
    this.emit('stanza', stanza);
    if (stanza.is('iq') && stanza.attrs.type === 'set') {
      const q = stanza.getChild('query', NS.roster);
      if (q && (!stanza.attrs.from || bare(stanza.attrs.from) === this.bareJid)) {
        for (const item of q.getChildren('item')) {
          const c = this.contactFromItem(item);
          if (!c) continue;
          if (c.subscription === 'remove') this.contacts.delete(c.jid);
          else this.contacts.set(c.jid, c);
        }
        void this.client.send(xml('iq', { type: 'result', id: stanza.attrs.id ?? '' })).catch(() => {});
        this.emitRoster();
      }
      return;
    }
    if (stanza.is('presence')) return this.onPresence(stanza);
    if (stanza.is('message')) return this.onMessage(stanza);
  }

  private onPresence(p: XmppElement) {
    const from = p.attrs.from;
    if (!from) return;
    const key = bare(from);
    const resource = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    const type = p.attrs.type;
    if (type === 'subscribe') {
      if (!from.includes('/') && key !== this.bareJid) this.emit('subscriptionRequest', { jid: key });
      return;
    }
    if (type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed' || type === 'error' || type === 'probe') return;
    if (key.includes('@') && this.isRoomJid?.(key)) return; // room occupants are tracked by the room manager
    let map = this.presences.get(key);
    if (!map) this.presences.set(key, (map = new Map()));
    if (type === 'unavailable') map.delete(resource);
    else {
      const showText = p.getChildText('show') ?? '';
      const show: PresenceShow = (['chat', 'away', 'xa', 'dnd'] as const).find((s) => s === showText) ?? 'online';
      const status = p.getChildText('status') ?? undefined;
      const idleSince = p.getChild('idle', NS.idle)?.attrs.since;
      map.set(resource, { show, ...(status ? { status: status.slice(0, 500) } : {}), ...(idleSince && !Number.isNaN(Date.parse(idleSince)) ? { idleSince: new Date(idleSince).toISOString() } : {}) });
    }
    const c = this.contacts.get(key);
    if (c) {
      const best = this.bestPresence(key);
      c.presence = best.show;
      if (best.status) c.status = best.status;
      else delete c.status;
      if (best.idleSince) c.idleSince = best.idleSince;
      else delete c.idleSince;
      this.emitRoster();
    }
  }

  /** Set by the room manager so room presences are not mistaken for contacts. */
  isRoomJid?: (bareJid: string) => boolean;

  private onMessage(m: XmppElement) {
    const type = m.attrs.type ?? 'normal';
    if (type === 'error') {
      const id = m.attrs.id;
      const item = id ? this.outbox.get(id) : undefined;
      if (item) this.updateState(item, 'failed');
      return;
    }
    // Carbons: only from our own bare JID (XEP-0280 security considerations).
    const received = m.getChild('received', NS.carbons);
    const sent = m.getChild('sent', NS.carbons);
    if (received || sent) {
      if (!m.attrs.from || bare(m.attrs.from) !== this.bareJid) return;
      const inner = (received ?? sent)?.getChild('forwarded', NS.forward)?.getChild('message');
      if (inner) this.onChatMessage(inner, { carbonSent: !!sent });
      return;
    }
    if (m.getChild('result', NS.mam)) return; // archive results are handled by the query that asked for them
    this.onChatMessage(m, { carbonSent: false });
  }

  private onChatMessage(m: XmppElement, ctx: { carbonSent: boolean }) {
    const type = m.attrs.type ?? 'normal';
    if (type !== 'chat' && type !== 'normal') return;
    const from = m.attrs.from ?? '';
    const to = m.attrs.to ?? '';
    const peer = ctx.carbonSent ? bare(to) : bare(from);
    if (!peer) return;

    // Receipts (XEP-0184) for our messages.
    const receivedReceipt = m.getChild('received', NS.receipts);
    if (receivedReceipt && !ctx.carbonSent) {
      const item = this.outbox.get(receivedReceipt.attrs.id ?? '');
      if (item) this.updateState(item, 'delivered');
    }
    const displayed = m.getChild('displayed', NS.markers);
    if (displayed && !ctx.carbonSent) {
      const item = this.outbox.get(displayed.attrs.id ?? '');
      if (item) this.updateState(item, 'read');
    }

    const chatState = (['active', 'composing', 'paused', 'inactive', 'gone'] as const).find((s) => m.getChild(s, NS.chatStates));
    const body = m.getChildText('body');
    if (chatState && !ctx.carbonSent) this.emit('typing', { jid: peer, state: body ? 'active' : chatState });
    if (body === null && !m.getChild('retract', NS.retract)) return;

    const message = this.toCoreMessage(m, { peer, direction: ctx.carbonSent ? 'out' : 'in', archived: false });
    message.carbon = ctx.carbonSent;
    // Acknowledge receipt requests for live inbound messages.
    if (!ctx.carbonSent && m.getChild('request', NS.receipts) && m.attrs.id && from) {
      void this.client
        .send(xml('message', { to: from, id: randomUUID() }, xml('received', { xmlns: NS.receipts, id: m.attrs.id }), xml('store', { xmlns: NS.hints })))
        .catch(() => {});
    }
    this.emit('message', message);
  }

  toCoreMessage(m: XmppElement, ctx: { peer: string; direction: 'in' | 'out'; archived: boolean; stamp?: string; archiveId?: string }): CoreMessage {
    const originId = m.getChild('origin-id', NS.sid)?.attrs.id ?? m.attrs.id ?? ctx.archiveId ?? randomUUID();
    const stanzaIdEl = m.getChildren('stanza-id', NS.sid).find((s) => s.attrs.by && bare(s.attrs.by) === (ctx.direction === 'out' ? this.bareJid : this.bareJid));
    const delay = m.getChild('delay', NS.delay)?.attrs.stamp;
    const sentAt = ctx.stamp ?? delay ?? new Date().toISOString();
    const from = ctx.direction === 'out' ? this.bareJid : ctx.peer;
    const stanzaId = stanzaIdEl?.attrs.id ?? ctx.archiveId;
    const replaces = m.getChild('replace', NS.correction)?.attrs.id;
    const retracts = m.getChild('retract', NS.retract)?.attrs.id;
    return {
      ...(replaces ? { replaces } : {}),
      ...(retracts ? { retracts } : {}),
      id: originId,
      originId,
      ...(stanzaId ? { stanzaId } : {}),
      conversation: ctx.peer,
      conversationType: 'chat',
      direction: ctx.direction,
      from,
      body: m.getChildText('body') ?? '',
      sentAt: new Date(sentAt).toISOString(),
      state: ctx.direction === 'out' ? 'sent' : 'received',
      archived: ctx.archived,
      stanza: m,
    };
  }

  private updateState(item: OutboxItem, state: DeliveryState) {
    const order: DeliveryState[] = ['pending', 'failed', 'sent', 'delivered', 'read'];
    if (order.indexOf(state) <= order.indexOf(item.state) && state !== 'failed') return;
    item.state = state;
    this.emit('messageState', { id: item.id, conversation: item.to, state });
    // Keep recent messages after delivery so a later read marker can still be matched.
    if (state === 'read') this.outbox.delete(item.id);
    if (this.outbox.size > 2000) {
      for (const [id, it] of this.outbox) {
        if (this.outbox.size <= 1500) break;
        if (it.state === 'delivered' || it.state === 'read' || it.state === 'sent') this.outbox.delete(id);
      }
    }
  }

  /** Build the outbound stanza for a chat message. The caller journals it before calling send(). */
  buildChat(to: string, body: string, id: string = randomUUID(), extra: XmppElement[] = []): { id: string; stanza: XmppElement } {
    const stanza = xml(
      'message',
      { to, type: 'chat', id },
      xml('body', {}, body),
      xml('origin-id', { xmlns: NS.sid, id }),
      xml('request', { xmlns: NS.receipts }),
      xml('markable', { xmlns: NS.markers }),
      xml('active', { xmlns: NS.chatStates }),
      ...extra,
    );
    return { id, stanza };
  }

  /**
   * Put a built chat stanza on the wire through the outbox: it stays 'pending' until the server acks it
   * (stream management), is resent after a reconnect, and is never sent twice on a resumed stream.
   */
  async sendChat(to: string, id: string, stanza: XmppElement): Promise<DeliveryState> {
    const refusal = this.opts.outboundGuard?.(stanza);
    if (refusal) throw new Error(refusal);
    const item: OutboxItem = { id, to: bare(to), stanza, state: 'pending' };
    this.outbox.set(id, item);
    if (this.client.status === 'online') {
      try {
        await this.client.send(stanza);
      } catch {
        /* offline: flushed on the next 'online' */
      }
    }
    return item.state;
  }

  /** Any other stanza (chat states, markers, presence): best effort, guarded. */
  async sendRaw(stanza: XmppElement): Promise<void> {
    const refusal = this.opts.outboundGuard?.(stanza);
    if (refusal) throw new Error(refusal);
    if (this.client.status !== 'online') return;
    await this.client.send(stanza);
  }

  async sendTyping(to: string, state: TypingState): Promise<void> {
    await this.sendRaw(xml('message', { to, type: 'chat', id: randomUUID() }, xml(state, { xmlns: NS.chatStates }), xml('no-store', { xmlns: NS.hints })));
  }

  async sendDisplayed(to: string, id: string): Promise<void> {
    await this.sendRaw(xml('message', { to, type: 'chat', id: randomUUID() }, xml('displayed', { xmlns: NS.markers, id }), xml('store', { xmlns: NS.hints })));
  }

  /** A page of history with one contact from the user's archive, newest first (chat:open / chat:loadOlder). */
  async archivePage(peer: string, older: boolean): Promise<{ messages: CoreMessage[]; complete: boolean }> {
    const key = bare(peer);
    const before = this.archiveCursors.before(key, older);
    if (before === undefined) return { messages: [], complete: true };
    const page = await queryArchive(this.client, { ownBareJid: this.bareJid, with: key, before });
    this.archiveCursors.update(key, page);
    const messages: CoreMessage[] = [];
    for (const item of page.items) {
      const inner = item.message;
      const fromBare = bare(inner.attrs.from ?? '');
      const direction = fromBare === this.bareJid ? 'out' : 'in';
      const peerJid = direction === 'out' ? bare(inner.attrs.to ?? '') : fromBare;
      if (peerJid !== key || inner.getChildText('body') === null) continue;
      const msg = this.toCoreMessage(inner, { peer: peerJid, direction, archived: true, ...(item.stamp ? { stamp: item.stamp } : {}), ...(item.archiveId ? { archiveId: item.archiveId } : {}) });
      msg.state = direction === 'out' ? 'delivered' : 'received';
      messages.push(msg);
    }
    return { messages, complete: page.complete };
  }
}

export function normaliseBareJid(address: string): string {
  const j = parseJid(address.trim());
  if (!j.local || !j.domain) throw new Error('invalid address');
  return makeJid(j.local, j.domain).toString().toLowerCase();
}
