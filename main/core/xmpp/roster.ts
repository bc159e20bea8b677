/**
 * Roster and presence (RFC 6121): the contact list from the server, roster pushes, every resource's
 * presence, and display names from vCards for contacts the user has not named. State only: the session
 * feeds it stanzas and sends what it asks.
 */
import { NS } from './ns';
import type { XmppElement } from './types';
import type { Contact, PresenceShow } from '../../../shared/ipc/types';
import { bareJid } from '../../../shared/xmpp/jid';

const SHOW_RANK: Record<PresenceShow, number> = { chat: 5, online: 4, away: 3, xa: 2, dnd: 1, offline: 0 };
type Presence = { show: PresenceShow; status?: string; idleSince?: string };

export class Roster {
  private contacts = new Map<string, Contact>();
  private readonly presences = new Map<string, Map<string, Presence>>();
  private readonly displayNames = new Map<string, string>();
  private readonly rosterNamed = new Set<string>();

  constructor(
    private readonly ownBareJid: () => string,
    private readonly changed: (contacts: Contact[]) => void,
    private readonly subscriptionRequest: (jid: string) => void,
    /** Room JIDs: their presences are the room manager's. */
    private readonly isRoom: (bare: string) => boolean,
  ) {}

  list(): Contact[] {
    return [...this.contacts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  find(jid: string): Contact | undefined {
    return this.contacts.get(bareJid(jid));
  }

  /** The roster result (iq get). */
  load(result: XmppElement) {
    const next = new Map<string, Contact>();
    for (const item of result.getChild('query', NS.roster)?.getChildren('item') ?? []) {
      const c = this.fromItem(item);
      if (c) next.set(c.jid, c);
    }
    this.contacts = next;
    this.emit();
  }

  /** A roster push (iq set from our own account); true when it was one. */
  push(stanza: XmppElement): boolean {
    const q = stanza.getChild('query', NS.roster);
    if (!q || (stanza.attrs.from && bareJid(stanza.attrs.from) !== this.ownBareJid())) return false;
    for (const item of q.getChildren('item')) {
      const c = this.fromItem(item);
      if (!c) continue;
      if (c.subscription === 'remove') this.contacts.delete(c.jid);
      else this.contacts.set(c.jid, c);
    }
    this.emit();
    return true;
  }

  /** A display name from the contact's vCard, used when the user has not named the contact. */
  setDisplayName(jid: string, name: string) {
    const key = bareJid(jid);
    this.displayNames.set(key, name);
    const c = this.contacts.get(key);
    if (c && !this.rosterNamed.has(key) && c.name !== name) {
      c.name = name;
      this.emit();
    }
  }

  /** Contacts the user has not named (candidates for a vCard display name). */
  unnamed(): string[] {
    return [...this.contacts.keys()].filter((k) => !this.rosterNamed.has(k) && !this.displayNames.has(k));
  }

  setUnread(jid: string, unread: number) {
    const c = this.contacts.get(bareJid(jid));
    if (c && c.unread !== unread) {
      c.unread = unread;
      this.emit();
    }
  }

  presence(p: XmppElement) {
    const from = p.attrs.from;
    if (!from) return;
    const key = bareJid(from);
    const resource = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    const type = p.attrs.type;
    if (type === 'subscribe') {
      if (!from.includes('/') && key !== this.ownBareJid()) this.subscriptionRequest(key);
      return;
    }
    if (type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed' || type === 'error' || type === 'probe') return;
    if (key.includes('@') && this.isRoom(key)) return;
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
    if (!c) return;
    const best = this.best(key);
    c.presence = best.show;
    if (best.status) c.status = best.status;
    else delete c.status;
    if (best.idleSince) c.idleSince = best.idleSince;
    else delete c.idleSince;
    this.emit();
  }

  private fromItem(item: XmppElement): Contact | null {
    const j = item.attrs.jid;
    if (!j) return null;
    const key = bareJid(j);
    const old = this.contacts.get(key);
    if (item.attrs.name) this.rosterNamed.add(key);
    else this.rosterNamed.delete(key);
    const sub = item.attrs.subscription ?? 'none';
    const subscription = (['none', 'to', 'from', 'both', 'remove'] as const).find((s) => s === sub) ?? 'none';
    const best = this.best(key);
    return {
      jid: key,
      name: item.attrs.name || this.displayNames.get(key) || key.split('@')[0] || key,
      subscription,
      ask: item.attrs.ask === 'subscribe',
      presence: best.show,
      ...(best.status ? { status: best.status } : {}),
      unread: old?.unread ?? 0,
    };
  }

  private best(key: string): Presence {
    let best: Presence = { show: 'offline' };
    for (const p of this.presences.get(key)?.values() ?? []) if (SHOW_RANK[p.show] > SHOW_RANK[best.show]) best = p;
    return best;
  }

  private emit() {
    this.changed(this.list());
  }
}
