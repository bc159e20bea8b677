import { xml } from '@xmpp/client-core';
import { NS } from './ns';
import { bareOf } from './archive';
import type { XmppSession } from './session';

const NS_VCARD = 'vcard-temp';

/**
 * Contact management (RFC 6121): add, remove, rename, answer subscription requests; and display names
 * from vCard (XEP-0054) for contacts the user has not named.
 */
export class ContactManager {
  private readonly vcardNames = new Map<string, string | null>();

  constructor(private readonly session: XmppSession) {}

  private async rosterSet(item: Record<string, string>) {
    await this.session.client.iqCaller.request(xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', item))), 15_000);
  }

  /** Add to the roster and ask to see their presence. */
  async add(jid: string, name?: string): Promise<void> {
    const j = bareOf(jid);
    await this.rosterSet({ jid: j, ...(name ? { name } : {}) });
    await this.session.sendRaw(xml('presence', { to: j, type: 'subscribe' }));
  }

  async remove(jid: string): Promise<void> {
    await this.rosterSet({ jid: bareOf(jid), subscription: 'remove' });
  }

  async rename(jid: string, name: string): Promise<void> {
    await this.rosterSet({ jid: bareOf(jid), name });
  }

  /** Accept (and subscribe back) or refuse a subscription request. */
  async respond(jid: string, accept: boolean): Promise<void> {
    const j = bareOf(jid);
    await this.session.sendRaw(xml('presence', { to: j, type: accept ? 'subscribed' : 'unsubscribed' }));
    if (accept) {
      const c = this.session.roster().find((x) => x.jid === j);
      if (!c || c.subscription === 'none' || c.subscription === 'from') await this.session.sendRaw(xml('presence', { to: j, type: 'subscribe' }));
    }
  }

  /** Full name or nickname from the contact's vCard; cached; null when none. */
  async displayName(jid: string): Promise<string | null> {
    const j = bareOf(jid);
    if (this.vcardNames.has(j)) return this.vcardNames.get(j) ?? null;
    let name: string | null = null;
    try {
      const res = await this.session.client.iqCaller.request(xml('iq', { type: 'get', to: j }, xml('vCard', { xmlns: NS_VCARD })), 10_000);
      const v = res.getChild('vCard', NS_VCARD);
      name = (v?.getChildText('FN') || v?.getChildText('NICKNAME') || '').trim().slice(0, 200) || null;
    } catch {
      name = null;
    }
    this.vcardNames.set(j, name);
    return name;
  }

  /** Publish our own vCard full name (used by tests and the profile). */
  async publishOwnName(fullName: string): Promise<void> {
    await this.session.client.iqCaller.request(xml('iq', { type: 'set' }, xml('vCard', { xmlns: NS_VCARD }, xml('FN', {}, fullName))), 10_000);
  }
}
