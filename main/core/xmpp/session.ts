import { EventEmitter } from 'node:events';
import { createXmppClient, AuthenticationError, type XmppConnectOptions } from './client';
import { NS } from './ns';
import { ArchiveCursors, archivedChats } from './archive';
import { discoInfoQuery, CAPS_NODE, capsVerification } from './disco';
import { Outbox } from './outbox';
import { Roster } from './roster';
import { carriesContent, toCoreMessage, type CoreMessage } from './messages';
import * as stanzas from './stanzas';
import type { ClearedText } from './cleared';
import type { OwnPresence } from './stanzas';
import type { XmppClient, XmppElement } from './types';
import type { Contact, DeliveryState, TypingState } from '../../../shared/ipc/types';
import { bareJid } from '../../../shared/xmpp/jid';
import type { Logger } from '../log';

export type { CoreMessage } from './messages';
/** Stream errors (RFC 6120 §4.9.3) after which the server would refuse a reconnect the same way. */
const FINAL_STREAM_ERRORS: ReadonlySet<string> = new Set(['policy-violation', 'not-authorized', 'host-unknown']);

export type ConnectionPhase = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface SessionEvents {
  phase: [ConnectionPhase, string | undefined];
  roster: [Contact[]];
  /** A live inbound message (or a carbon): before guards, journal and display. */
  message: [CoreMessage];
  messageState: [{ id: string; conversation: string; state: DeliveryState }];
  typing: [{ jid: string; state: TypingState }];
  /** Someone asks to see our presence (to add us as a contact). */
  subscriptionRequest: [{ jid: string }];
  /** Every inbound stanza, for guards (file-transfer refusal etc.) and the room manager. */
  stanza: [XmppElement];
}

/** Refuse to put anything but text on the wire: the last gate before the socket. */
export type OutboundGuard = (stanza: XmppElement) => string | null;

/**
 * One signed-in XMPP session: the connection (stream management, reconnects, carbons, disco), and the
 * parts split by concern: roster and presence (roster.ts), chat with receipts and the outbox
 * (outbox.ts), history (archive.ts); rooms are rooms.ts. Stanzas come from stanzas.ts.
 */
export class XmppSession extends EventEmitter<SessionEvents> {
  readonly client: XmppClient;
  private readonly outbox: Outbox;
  private readonly rosterState: Roster;
  private phaseValue: ConnectionPhase = 'connecting';
  private stopped = false;
  private readonly archiveCursors = new ArchiveCursors();
  private firstOnline: Promise<void> | null = null;
  private own: OwnPresence = { show: 'online' };
  /** Set by the room manager so room presences are not mistaken for contacts. */
  isRoomJid?: (bareJid: string) => boolean;

  constructor(private readonly opts: XmppConnectOptions & { log: Logger; outboundGuard: OutboundGuard }) {
    super();
    this.client = createXmppClient(opts);
    this.outbox = new Outbox(this.client, (e) => this.emit('messageState', e));
    this.rosterState = new Roster(
      () => this.bareJid,
      (contacts) => this.emit('roster', contacts),
      (jid) => this.emit('subscriptionRequest', { jid }),
      (j) => this.isRoomJid?.(j) ?? false,
    );
    this.wire();
  }

  get phase(): ConnectionPhase {
    return this.phaseValue;
  }

  get jid(): string {
    return this.client.jid ? this.client.jid.toString() : `${this.opts.username}@${this.opts.domain}`;
  }

  get bareJid(): string {
    return bareJid(this.jid);
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
      if (this.client.status === 'online') await this.client.send(stanzas.unavailable());
    } catch {
      /* going away anyway */
    }
    await this.client.stop().catch(() => {});
    this.setPhase('offline');
  }

  /**
   * The server ended the session with a stream error that reconnecting cannot mend (e.g. mod_approved_im's
   * enforce mode refusing unapproved software): stop reconnecting (retrying every second would only be
   * refused again) and go offline with the server's words for the user.
   */
  private endByServer(condition: string, text: string | undefined) {
    if (this.stopped) return;
    this.stopped = true;
    this.client.reconnect.stop();
    const why = text?.trim() ? text.trim() : `the server refused the session (${condition})`;
    this.setPhase('offline', `The server closed the session: ${why}`);
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
    c.iqCallee.get(NS.version, 'query', () => stanzas.versionQuery());

    c.on('error', (err: Error) => {
      if (err instanceof AuthenticationError) return;
      const condition = (err as { condition?: string }).condition;
      this.opts.log.warn('xmpp.error', { name: err.name, code: (err as { code?: string }).code, condition });
      if (err.name === 'StreamError' && condition && FINAL_STREAM_ERRORS.has(condition)) this.endByServer(condition, (err as { text?: string }).text);
    });
    c.on('offline', () => this.setPhase('offline'));
    c.on('disconnect', () => {
      if (!this.stopped) this.setPhase('reconnecting');
    });
    c.on('online', () => {
      const setup = this.onOnline();
      this.firstOnline ??= setup;
    });
    sm.on('resumed', () => this.setPhase('online'));
    sm.on('ack', (stanza: XmppElement) => {
      if (stanza.name === 'message' && this.outbox.isPending(stanza.attrs.id)) this.outbox.mark(stanza.attrs.id, 'sent');
    });
    sm.on('fail', (stanza: XmppElement) => {
      if (stanza.name === 'message') this.outbox.unacknowledged(stanza.attrs.id);
    });
    c.on('stanza', (stanza: XmppElement) => {
      try {
        this.onStanza(stanza);
      } catch (err) {
        this.opts.log.warn('xmpp.stanza-failed', { name: stanza.name, error: (err as Error).name });
      }
    });
  }

  /** Our own availability, status text (cleared) and idle time (XEP-0319); kept across reconnects. */
  async setPresence(p: OwnPresence): Promise<void> {
    this.own = p;
    await this.sendRaw(stanzas.ownPresence(p));
  }

  get ownStatus(): OwnPresence {
    return this.own;
  }

  private async onOnline() {
    const c = this.client;
    try {
      this.rosterState.load(await c.iqCaller.request(stanzas.rosterGet(), 15_000));
      await c.send(stanzas.ownPresence(this.own));
      await c.iqCaller.request(stanzas.carbonsEnable(), 10_000).catch(() => undefined);
    } catch (err) {
      this.opts.log.warn('xmpp.online-setup-failed', { error: (err as Error).name });
    }
    c.noDelay?.();
    this.setPhase('online');
    await this.outbox.flush();
  }

  setDisplayName(jid: string, name: string) {
    this.rosterState.setDisplayName(jid, name);
  }

  unnamedContacts(): string[] {
    return this.rosterState.unnamed();
  }

  roster(): Contact[] {
    return this.rosterState.list();
  }

  setUnread(jid: string, unread: number) {
    this.rosterState.setUnread(jid, unread);
  }

  private onStanza(stanza: XmppElement) {
    this.emit('stanza', stanza);
    if (stanza.is('iq') && stanza.attrs.type === 'set') {
      if (this.rosterState.push(stanza)) void this.client.send(stanzas.rosterResult(stanza.attrs.id ?? '')).catch(() => {});
      return;
    }
    if (stanza.is('presence')) return this.rosterState.presence(stanza);
    if (stanza.is('message')) return this.onMessage(stanza);
  }

  private onMessage(m: XmppElement) {
    const type = m.attrs.type ?? 'normal';
    if (type === 'error') return this.outbox.mark(m.attrs.id, 'failed');
    // Carbons: only from our own bare JID (XEP-0280 security considerations).
    const received = m.getChild('received', NS.carbons);
    const sent = m.getChild('sent', NS.carbons);
    if (received || sent) {
      if (!m.attrs.from || bareJid(m.attrs.from) !== this.bareJid) return;
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
    const peer = ctx.carbonSent ? bareJid(m.attrs.to ?? '') : bareJid(from);
    if (!peer) return;
    if (!ctx.carbonSent) {
      // Receipts (XEP-0184) and read markers (XEP-0333) for our messages.
      const receipt = m.getChild('received', NS.receipts);
      if (receipt) this.outbox.mark(receipt.attrs.id, 'delivered');
      const displayed = m.getChild('displayed', NS.markers);
      if (displayed) this.outbox.mark(displayed.attrs.id, 'read');
    }
    const chatState = (['active', 'composing', 'paused', 'inactive', 'gone'] as const).find((s) => m.getChild(s, NS.chatStates));
    const body = m.getChildText('body');
    if (chatState && !ctx.carbonSent) this.emit('typing', { jid: peer, state: body ? 'active' : chatState });
    if (!carriesContent(m)) return;
    const message = toCoreMessage(m, { ownBareJid: this.bareJid, peer, direction: ctx.carbonSent ? 'out' : 'in', archived: false });
    message.carbon = ctx.carbonSent;
    // Acknowledge receipt requests for live inbound messages.
    if (!ctx.carbonSent && m.getChild('request', NS.receipts) && m.attrs.id && from) {
      void this.client.send(stanzas.receipt(from, m.attrs.id)).catch(() => {});
    }
    this.emit('message', message);
  }

  /** A 1:1 message or correction with cleared text. The caller journals it before send(). */
  buildChat(to: string, body: ClearedText, id: string, replaces?: string): XmppElement {
    return stanzas.chatMessage(to, body, id, replaces);
  }

  buildRetraction(to: string, type: 'chat' | 'groupchat', id: string, target: string): XmppElement {
    return stanzas.retraction(to, type, id, target);
  }

  /**
   * Put a built message on the wire through the outbox (guarded): pending until the server acks it,
   * resent after a reconnect, never sent twice on a resumed stream.
   */
  async sendChat(to: string, id: string, stanza: XmppElement): Promise<DeliveryState> {
    const refusal = this.opts.outboundGuard(stanza);
    if (refusal) throw new Error(refusal);
    return this.outbox.send(to, id, stanza);
  }

  /**
   * Any other stanza (chat states, markers, presence, invitations…): best effort, guarded. Only code
   * under xmpp/ calls this (lint), and only with stanzas from stanzas.ts, whose user text is cleared.
   */
  async sendRaw(stanza: XmppElement): Promise<void> {
    const refusal = this.opts.outboundGuard(stanza);
    if (refusal) throw new Error(refusal);
    if (this.client.status !== 'online') return;
    await this.client.send(stanza);
  }

  /** The device-enrollment proof (journal/enrollmentProof.ts): a server-issued challenge, not user text. */
  async sendEnrollmentProof(to: string, body: string): Promise<void> {
    await this.sendRaw(stanzas.enrollmentProof(to, body));
  }

  async sendTyping(to: string, state: TypingState): Promise<void> {
    await this.sendRaw(stanzas.typing(to, state));
  }

  async sendDisplayed(to: string, id: string): Promise<void> {
    await this.sendRaw(stanzas.displayed(to, id));
  }

  /** A page of history with one contact from the user's archive, newest first (chat:open / chat:loadOlder). */
  async archivePage(peer: string, older: boolean): Promise<{ messages: CoreMessage[]; complete: boolean }> {
    return archivedChats(this.client, this.archiveCursors, { ownBareJid: this.bareJid, peer: bareJid(peer), older });
  }

  /** How far back the archive with `peer` has been paged (see ArchiveCursors.peek / restore). */
  get archivePaging(): Pick<ArchiveCursors, 'peek' | 'restore'> {
    return this.archiveCursors;
  }
}
