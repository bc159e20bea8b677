import * as stanzas from './stanzas';
import { NS_VCARD } from './stanzas';
import type { ClearedText } from './cleared';
import type { XmppSession } from './session';
import { bareJid } from '../../../shared/xmpp/jid';

/**
 * Contact management (RFC 6121): add, remove, rename, answer subscription requests; and display names
 * from vCard (XEP-0054) for contacts the user has not named. Names are user text: cleared.
 */
export class ContactManager {
  private readonly vcardNames = new Map<string, string | null>();

  constructor(private readonly session: XmppSession) {}

  /** Add to the roster and ask to see their presence. */
  async add(jid: string, name?: ClearedText): Promise<void> {
    const j = bareJid(jid);
    await this.session.client.iqCaller.request(stanzas.rosterSet(j, name ? { name } : {}), 15_000);
    await this.session.sendRaw(stanzas.subscription(j, 'subscribe'));
  }

  async remove(jid: string): Promise<void> {
    await this.session.client.iqCaller.request(stanzas.rosterSet(bareJid(jid), { remove: true }), 15_000);
  }

  async rename(jid: string, name: ClearedText): Promise<void> {
    await this.session.client.iqCaller.request(stanzas.rosterSet(bareJid(jid), { name }), 15_000);
  }

  /** Accept (and subscribe back) or refuse a subscription request. */
  async respond(jid: string, accept: boolean): Promise<void> {
    const j = bareJid(jid);
    await this.session.sendRaw(stanzas.subscription(j, accept ? 'subscribed' : 'unsubscribed'));
    if (accept) {
      const c = this.session.roster().find((x) => x.jid === j);
      if (!c || c.subscription === 'none' || c.subscription === 'from') await this.session.sendRaw(stanzas.subscription(j, 'subscribe'));
    }
  }

  /** Full name or nickname from the contact's vCard; cached; null when none. */
  async displayName(jid: string): Promise<string | null> {
    const j = bareJid(jid);
    if (this.vcardNames.has(j)) return this.vcardNames.get(j) ?? null;
    let name: string | null = null;
    try {
      const res = await this.session.client.iqCaller.request(stanzas.vcardGet(j), 10_000);
      const v = res.getChild('vCard', NS_VCARD);
      name = (v?.getChildText('FN') || v?.getChildText('NICKNAME') || '').trim().slice(0, 200) || null;
    } catch {
      name = null;
    }
    this.vcardNames.set(j, name);
    return name;
  }

  /** Publish our own vCard full name (cleared by the outbound path). */
  async publishOwnName(fullName: ClearedText): Promise<void> {
    await this.session.client.iqCaller.request(stanzas.vcardSetName(fullName), 10_000);
  }
}
