import { randomUUID } from 'node:crypto';
import { xml } from '@xmpp/client-core';
import { NS } from './ns';
import type { XmppClient, XmppElement } from './types';
import { bareJid as bareOf } from '../../../shared/xmpp/jid';
import { carriesContent, toCoreMessage, type CoreMessage } from './messages';

export interface ArchivedStanza {
  message: XmppElement;
  /** The archive's id for the result (XEP-0359 stanza-id of the archived message). */
  archiveId?: string;
  stamp?: string;
}

export interface ArchivePage {
  items: ArchivedStanza[];
  complete: boolean;
  /** RSM cursor of the oldest item, for the next (older) page. */
  first: string | null;
}

/**
 * One page of a MAM archive (XEP-0313), newest page first: the user's own archive filtered `with` a
 * contact, or a room's archive (`archive` = the room JID). Results are accepted only from the archive
 * that was asked. Uses iqCaller.request because get/set only return a same-named child.
 */
export async function queryArchive(
  client: XmppClient,
  opts: { ownBareJid: string; archive?: string; with?: string; before?: string | null; max?: number },
): Promise<ArchivePage> {
  const queryid = randomUUID();
  const expectedFrom = opts.archive ? bareOf(opts.archive) : opts.ownBareJid;
  const items: ArchivedStanza[] = [];
  const onStanza = (stanza: XmppElement) => {
    if (!stanza.is('message')) return;
    const from = stanza.attrs.from ? bareOf(stanza.attrs.from) : opts.ownBareJid;
    if (from !== expectedFrom) return;
    const result = stanza.getChild('result', NS.mam);
    if (!result || result.attrs.queryid !== queryid) return;
    const fwd = result.getChild('forwarded', NS.forward);
    const inner = fwd?.getChild('message');
    if (!inner) return;
    const stamp = fwd?.getChild('delay', NS.delay)?.attrs.stamp;
    items.push({ message: inner, ...(result.attrs.id ? { archiveId: result.attrs.id } : {}), ...(stamp ? { stamp } : {}) });
  };
  client.on('stanza', onStanza);
  try {
    const fields = [xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS.mam))];
    if (opts.with) fields.push(xml('field', { var: 'with' }, xml('value', {}, opts.with)));
    const form = xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...fields);
    const rsm = xml('set', { xmlns: NS.rsm }, xml('max', {}, String(opts.max ?? 50)), xml('before', {}, opts.before ?? ''));
    const iq = xml('iq', { type: 'set', ...(opts.archive ? { to: bareOf(opts.archive) } : {}) }, xml('query', { xmlns: NS.mam, queryid }, form, rsm));
    const res = await client.iqCaller.request(iq, 20_000);
    const fin = res.getChild('fin', NS.mam);
    return { items, complete: fin?.attrs.complete === 'true', first: fin?.getChild('set', NS.rsm)?.getChildText('first') ?? null };
  } finally {
    client.removeListener('stanza', onStanza);
  }
}

/** Remembers where each conversation's history paging stopped. */
export class ArchiveCursors {
  private readonly cursors = new Map<string, string | null>();
  /** The `before` value for a page, or undefined when the older history is exhausted. */
  before(key: string, older: boolean): string | undefined {
    if (!older) return '';
    const c = this.cursors.get(key);
    return c === null ? undefined : (c ?? '');
  }
  update(key: string, page: ArchivePage) {
    this.cursors.set(key, page.complete ? null : page.first);
  }
  /** Where paging back stands: a cursor, null once the oldest page was read, undefined before any page. */
  peek(key: string): string | null | undefined {
    return this.cursors.get(key);
  }
  /** Put back a cursor from `peek` (a re-opened conversation whose newest page joins what was already read). */
  restore(key: string, cursor: string | null | undefined) {
    if (cursor === undefined) this.cursors.delete(key);
    else this.cursors.set(key, cursor);
  }
}

/** A page of the user's own archive with one contact, as CoreMessages (newest page first). */
export async function archivedChats(client: XmppClient, cursors: ArchiveCursors, opts: { ownBareJid: string; peer: string; older: boolean }): Promise<{ messages: CoreMessage[]; complete: boolean }> {
  const before = cursors.before(opts.peer, opts.older);
  if (before === undefined) return { messages: [], complete: true };
  const page = await queryArchive(client, { ownBareJid: opts.ownBareJid, with: opts.peer, before });
  cursors.update(opts.peer, page);
  const messages: CoreMessage[] = [];
  for (const item of page.items) {
    const inner = item.message;
    const fromBare = bareOf(inner.attrs.from ?? '');
    const direction = fromBare === opts.ownBareJid ? 'out' : 'in';
    const peerJid = direction === 'out' ? bareOf(inner.attrs.to ?? '') : fromBare;
    if (peerJid !== opts.peer || !carriesContent(inner)) continue;
    const msg = toCoreMessage(inner, { ownBareJid: opts.ownBareJid, peer: peerJid, direction, archived: true, ...(item.stamp ? { stamp: item.stamp } : {}), ...(item.archiveId ? { archiveId: item.archiveId } : {}) });
    msg.state = direction === 'out' ? 'delivered' : 'received';
    messages.push(msg);
  }
  return { messages, complete: page.complete };
}
