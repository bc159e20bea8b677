import { EventEmitter } from 'node:events';
import { NS } from './ns';
import { queryArchive, ArchiveCursors } from './archive';
import { carriesContent, toCoreMessage, type CoreMessage } from './messages';
import * as stanzas from './stanzas';
import { NS_BOOKMARKS, NS_CONFERENCE, NS_PUBSUB } from './stanzas';
import type { ClearedText } from './cleared';
import type { XmppElement } from './types';
import type { XmppSession } from './session';
import type { RoomInfo, Occupant } from '../../../shared/ipc/types';
import { bareJid as bareOf } from '../../../shared/xmpp/jid';

interface RoomState {
  jid: string;
  nick: string;
  joined: boolean;
  subject: string;
  occupants: Map<string, Occupant>;
  selfRole: string;
  selfAffiliation: string;
  name: string;
  autojoin: boolean;
  bookmarked: boolean;
  unread: number;
}

export interface RoomEvents {
  room: [RoomInfo];
  message: [CoreMessage];
  invitation: [{ room: string; from: string; reason?: string; id: string }];
  /** A subject set in a room (live, or the current subject sent on joining): journaled like a message. */
  subject: [{ room: string; from: string; subject: string; id: string; sentAt: string; own: boolean }];
}

export class RoomError extends Error {
  constructor(
    message: string,
    readonly condition: string,
  ) {
    super(message);
    this.name = 'RoomError';
  }
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Multi-user chat (XEP-0045) with bookmarks (XEP-0402) and room history from the room's archive (MAM).
 * Live room messages, subjects, occupants, and invitations (direct XEP-0249 and mediated) are parsed
 * here; the app decides what to journal and show.
 */
export class RoomManager extends EventEmitter<RoomEvents> {
  private readonly rooms = new Map<string, RoomState>();
  private readonly cursors = new ArchiveCursors();
  private readonly created = new Set<string>();
  private readonly joinWaiters = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly session: XmppSession) {
    super();
    session.on('stanza', (s) => this.onStanza(s));
    session.on('phase', (phase) => {
      if (phase === 'online') void this.rejoinAll();
      if (phase === 'reconnecting') for (const r of this.rooms.values()) r.joined = false;
    });
  }

  isRoom(jid: string): boolean {
    return this.rooms.has(bareOf(jid));
  }

  info(jid: string): RoomInfo | undefined {
    const r = this.rooms.get(bareOf(jid));
    return r ? this.toInfo(r) : undefined;
  }

  list(): RoomInfo[] {
    return [...this.rooms.values()].map((r) => this.toInfo(r)).sort((a, b) => a.name.localeCompare(b.name));
  }

  private toInfo(r: RoomState): RoomInfo {
    return {
      jid: r.jid,
      name: r.name || r.jid.split('@')[0] || r.jid,
      nick: r.nick,
      joined: r.joined,
      subject: r.subject,
      occupants: [...r.occupants.values()].sort((a, b) => a.nick.localeCompare(b.nick)),
      role: r.selfRole,
      affiliation: r.selfAffiliation,
      bookmarked: r.bookmarked,
      autojoin: r.autojoin,
      unread: r.unread,
    };
  }

  private emitRoom(r: RoomState) {
    this.emit('room', this.toInfo(r));
  }

  /** Show a room's subject (after the inbound path journaled it). */
  applySubject(jid: string, subject: string) {
    const r = this.rooms.get(bareOf(jid));
    if (!r || r.subject === subject) return;
    r.subject = subject;
    this.emitRoom(r);
  }

  setUnread(jid: string, unread: number) {
    const r = this.rooms.get(bareOf(jid));
    if (r && r.unread !== unread) {
      r.unread = unread;
      this.emitRoom(r);
    }
  }

  private readonly joining = new Map<string, Promise<RoomInfo>>();

  /**
   * Join (creating if needed) a room. Resolves once the server reflects our own presence. A join already
   * in flight for the same room (e.g. autojoin racing the user's own join) is shared, not repeated.
   */
  join(roomJid: string, nick: ClearedText, opts: { bookmark?: boolean; name?: string } = {}): Promise<RoomInfo> {
    return this.enter(roomJid, nick, opts);
  }

  /** Join with a nickname that was cleared earlier (the user's own join, or a bookmark's). */
  private enter(roomJid: string, nick: string, opts: { bookmark?: boolean; name?: string }): Promise<RoomInfo> {
    const jid = bareOf(roomJid);
    const inFlight = this.joining.get(jid);
    if (inFlight) return inFlight;
    const p = this.doJoin(jid, nick, opts).finally(() => this.joining.delete(jid));
    this.joining.set(jid, p);
    return p;
  }

  private async doJoin(jid: string, nick: string, opts: { bookmark?: boolean; name?: string }): Promise<RoomInfo> {
    let r = this.rooms.get(jid);
    if (!r) {
      r = { jid, nick, joined: false, subject: '', occupants: new Map(), selfRole: 'none', selfAffiliation: 'none', name: opts.name ?? '', autojoin: true, bookmarked: false, unread: 0 };
      this.rooms.set(jid, r);
    }
    r.nick = nick;
    const joined = new Promise<void>((resolve, reject) => this.joinWaiters.set(jid, { resolve, reject }));
    const timeout = setTimeout(() => this.joinWaiters.get(jid)?.reject(new RoomError('The room did not answer. Try again later.', 'timeout')), 20_000);
    try {
      await this.session.sendRaw(stanzas.joinPresence(jid, nick));
      await joined;
      // A new room stays locked until its owner configures it: finish that before anyone uses it.
      if (this.created.delete(jid)) await this.acceptDefaultConfig(jid);
    } catch (err) {
      if (!r.joined && !r.bookmarked) this.rooms.delete(jid);
      throw err;
    } finally {
      clearTimeout(timeout);
      this.joinWaiters.delete(jid);
    }
    if (opts.bookmark !== false && !r.bookmarked) await this.saveBookmark(r).catch(() => undefined);
    this.emitRoom(r);
    return this.toInfo(r);
  }

  async leave(roomJid: string, opts: { forget?: boolean } = {}): Promise<void> {
    const r = this.rooms.get(bareOf(roomJid));
    if (!r) return;
    await this.session.sendRaw(stanzas.leavePresence(r.jid, r.nick)).catch(() => {});
    r.joined = false;
    if (opts.forget) {
      this.rooms.delete(r.jid);
      await this.removeBookmark(r.jid).catch(() => undefined);
    }
    this.emitRoom(r);
  }

  private async rejoinAll() {
    for (const r of this.rooms.values()) if (r.autojoin || r.joined) await this.autojoin(r.jid, r.nick);
  }

  /**
   * Join without the user waiting (autojoin, rejoin after reconnect). Our previous session may still hold
   * the nickname for a moment after a restart: wait and retry, then fall back to a suffixed nickname.
   */
  private async autojoin(jid: string, nick: string): Promise<void> {
    for (const [attempt, candidate] of [nick, nick, `${nick}~2`].entries()) {
      try {
        await this.enter(jid, candidate, { bookmark: false });
        return;
      } catch (err) {
        if (!(err instanceof RoomError) || err.condition !== 'conflict') return;
        if (attempt === 0) await new Promise((r) => setTimeout(r, 1500));
      }
    }
  }

  /** Mediated invitation through the room (XEP-0045 §7.8.2), which works for members-only rooms too. */
  async invite(roomJid: string, invitee: string, id: string, reason?: ClearedText): Promise<void> {
    await this.session.sendRaw(stanzas.mediatedInvite(bareOf(roomJid), bareOf(invitee), id, reason));
  }

  async setSubject(roomJid: string, subject: ClearedText, id: string): Promise<void> {
    await this.session.sendRaw(stanzas.roomSubject(bareOf(roomJid), subject, id));
  }

  /** A groupchat message or correction with cleared text; sent through the session's outbox like 1:1 messages. */
  buildGroupchat(roomJid: string, body: ClearedText, id: string, replaces?: string): XmppElement {
    return stanzas.groupchatMessage(bareOf(roomJid), body, id, replaces);
  }

  /** How far back each room's archive has been paged (see ArchiveCursors.peek / restore). */
  get historyPaging(): Pick<ArchiveCursors, 'peek' | 'restore'> {
    return this.cursors;
  }

  /** Room history from the room's own archive (MAM), newest page first. */
  async history(roomJid: string, older: boolean): Promise<{ messages: CoreMessage[]; complete: boolean }> {
    const jid = bareOf(roomJid);
    const before = this.cursors.before(jid, older);
    if (before === undefined) return { messages: [], complete: true };
    const page = await queryArchive(this.session.client, { ownBareJid: this.session.bareJid, archive: jid, before });
    this.cursors.update(jid, page);
    const messages: CoreMessage[] = [];
    for (const item of page.items) {
      const m = this.toRoomMessage(item.message, { archived: true, ...(item.stamp ? { stamp: item.stamp } : {}), ...(item.archiveId ? { archiveId: item.archiveId } : {}) });
      if (m) messages.push(m);
    }
    return { messages, complete: page.complete };
  }

  private toRoomMessage(m: XmppElement, ctx: { archived: boolean; stamp?: string; archiveId?: string }): CoreMessage | null {
    const from = m.attrs.from ?? '';
    const room = this.rooms.get(bareOf(from));
    const nick = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    if (!room || !nick) return null;
    if (!carriesContent(m)) return null;
    const own = nick === room.nick;
    // The room's stanza-id is stamped `by` the room.
    const core = toCoreMessage(m, {
      ownBareJid: this.session.bareJid,
      peer: room.jid,
      direction: own ? 'out' : 'in',
      archived: ctx.archived,
      stanzaIdBy: room.jid,
      ...(ctx.stamp ? { stamp: ctx.stamp } : {}),
      ...(ctx.archiveId ? { archiveId: ctx.archiveId } : {}),
    });
    const mention = !own && new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escapeRegExp(room.nick)}(?![\\p{L}\\p{N}_])`, 'iu').test(core.body);
    return {
      ...core,
      conversationType: 'groupchat',
      from: own ? this.session.bareJid : from,
      fromName: nick,
      state: own ? 'delivered' : 'received',
      ...(mention ? { mention: true } : {}),
    };
  }

  private onStanza(stanza: XmppElement) {
    if (stanza.is('presence')) this.onPresence(stanza);
    else if (stanza.is('message')) this.onMessage(stanza);
  }

  private onPresence(p: XmppElement) {
    const from = p.attrs.from ?? '';
    const room = this.rooms.get(bareOf(from));
    if (!room) return;
    const nick = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    const waiter = this.joinWaiters.get(room.jid);
    if (p.attrs.type === 'error') {
      const cond = p.getChild('error')?.getChildElements()[0]?.name ?? 'error';
      const messages: Record<string, string> = {
        'not-authorized': 'This room needs a password.',
        forbidden: 'You are banned from this room.',
        'registration-required': 'This room is members-only. Ask a room owner to invite you.',
        conflict: 'That nickname is already used in this room.',
        'not-allowed': 'You may not create rooms on this service.',
        'item-not-found': 'That room does not exist.',
      };
      waiter?.reject(new RoomError(messages[cond] ?? `Could not join the room (${cond}).`, cond));
      return;
    }
    const x = p.getChild('x', NS.mucUser);
    const item = x?.getChild('item');
    const codes = new Set((x?.getChildren('status') ?? []).map((s) => s.attrs.code));
    const isSelf = codes.has('110') || nick === room.nick;
    if (p.attrs.type === 'unavailable') {
      room.occupants.delete(nick);
      if (isSelf) room.joined = false;
    } else {
      const show = p.getChildText('show');
      room.occupants.set(nick, {
        nick,
        role: item?.attrs.role ?? 'participant',
        affiliation: item?.attrs.affiliation ?? 'none',
        ...(item?.attrs.jid ? { jid: bareOf(item.attrs.jid) } : {}),
        presence: show === 'away' || show === 'xa' || show === 'dnd' || show === 'chat' ? show : 'online',
      });
      if (isSelf) {
        room.selfRole = item?.attrs.role ?? 'participant';
        room.selfAffiliation = item?.attrs.affiliation ?? 'none';
        if (codes.has('201')) this.created.add(room.jid);
        room.joined = true;
        waiter?.resolve();
      }
    }
    this.emitRoom(room);
  }

  /** A new room: accept the service's default configuration (an "instant room"). */
  private async acceptDefaultConfig(jid: string) {
    await this.session.client.iqCaller.request(stanzas.instantRoomConfig(jid), 10_000).catch(() => undefined);
  }

  private onMessage(m: XmppElement) {
    const from = m.attrs.from ?? '';
    // Mediated invitation, from the room (servers may add a direct-invitation element to it too).
    const invite = m.getChild('x', NS.mucUser)?.getChild('invite');
    if (invite && !from.includes('/')) {
      const reason = invite.getChildText('reason') || m.getChild('x', NS_CONFERENCE)?.attrs.reason;
      this.emit('invitation', { room: bareOf(from), from: bareOf(invite.attrs.from ?? from), id: m.attrs.id ?? '', ...(reason ? { reason } : {}) });
      return;
    }
    // Direct invitation (XEP-0249).
    const direct = m.getChild('x', NS_CONFERENCE);
    if (direct?.attrs.jid && m.attrs.type !== 'groupchat') {
      this.emit('invitation', { room: bareOf(direct.attrs.jid), from: bareOf(from), id: m.attrs.id ?? '', ...(direct.attrs.reason ? { reason: direct.attrs.reason } : {}) });
      return;
    }
    if (m.attrs.type !== 'groupchat') return;
    const room = this.rooms.get(bareOf(from));
    if (!room) return;
    const subject = m.getChild('subject');
    if (subject && m.getChildText('body') === null) {
      // Shown only once the inbound path has journaled it: it calls applySubject.
      const stamp = m.getChild('delay', NS.delay)?.attrs.stamp;
      const own = from.slice(from.indexOf('/') + 1) === room.nick;
      this.emit('subject', { room: room.jid, from, own, subject: subject.text(), id: m.attrs.id ?? '', sentAt: stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp).toISOString() : new Date().toISOString() });
      return;
    }
    if (m.getChild('delay', NS.delay) && m.getChildText('body') !== null && !room.joined) return; // discussion history replay: MAM is the source
    const msg = this.toRoomMessage(m, { archived: false });
    if (msg) this.emit('message', msg);
  }

  // --- Bookmarks (XEP-0402) ---

  async loadBookmarks(): Promise<void> {
    const res = await this.session.client.iqCaller.request(stanzas.bookmarksGet(), 10_000).catch(() => null);
    const items = res?.getChild('pubsub', NS_PUBSUB)?.getChild('items')?.getChildren('item') ?? [];
    for (const it of items) {
      const conf = it.getChild('conference', NS_BOOKMARKS);
      const jid = it.attrs.id ? bareOf(it.attrs.id) : '';
      if (!conf || !jid) continue;
      const nick = conf.getChildText('nick') || this.session.bareJid.split('@')[0] || 'me';
      const existing = this.rooms.get(jid);
      const r: RoomState = existing ?? { jid, nick, joined: false, subject: '', occupants: new Map(), selfRole: 'none', selfAffiliation: 'none', name: '', autojoin: false, bookmarked: true, unread: 0 };
      r.name = conf.attrs.name ?? r.name;
      r.autojoin = conf.attrs.autojoin === 'true' || conf.attrs.autojoin === '1';
      r.bookmarked = true;
      this.rooms.set(jid, r);
      this.emitRoom(r);
    }
    for (const r of this.rooms.values()) if (r.autojoin && !r.joined) await this.autojoin(r.jid, r.nick);
  }

  private async saveBookmark(r: RoomState) {
    await this.session.client.iqCaller.request(stanzas.bookmarkPublish({ room: r.jid, nick: r.nick, autojoin: r.autojoin, ...(r.name ? { name: r.name } : {}) }), 10_000);
    r.bookmarked = true;
  }

  private async removeBookmark(jid: string) {
    await this.session.client.iqCaller.request(stanzas.bookmarkRetract(jid), 10_000);
  }
}
