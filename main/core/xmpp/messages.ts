/**
 * From a message stanza to the core's CoreMessage: ids (origin-id, the archive's stanza-id), times,
 * corrections, retractions, and end-to-end-encrypted payloads, which cannot be retained (they are
 * recognised here and blocked by the inbound path).
 */
import { randomUUID } from 'node:crypto';
import { NS } from './ns';
import type { XmppElement } from './types';
import type { ChatMessage } from '../../../shared/ipc/types';
import { bareJid } from '../../../shared/xmpp/jid';

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
  /** An end-to-end-encrypted payload (omemo, ox, otr, pgp-legacy): it cannot be retained, so it is not shown. */
  encrypted?: string;
}

/** The end-to-end encryption a message carries, if any (OMEMO, OpenPGP for XMPP, legacy PGP, OTR). */
export function encryptionOf(m: XmppElement): string | undefined {
  if (m.getChild('encrypted', 'eu.siacs.conversations.axolotl') || m.getChild('encrypted', 'urn:xmpp:omemo:2') || m.getChild('encrypted', 'urn:xmpp:omemo:1')) return 'omemo';
  if (m.getChild('openpgp', 'urn:xmpp:openpgp:0')) return 'ox';
  if (m.getChild('x', 'jabber:x:encrypted')) return 'pgp-legacy';
  if (/^\?OTR[:,v?]/.test(m.getChildText('body') ?? '')) return 'otr';
  const eme = m.getChild('encryption', 'urn:xmpp:eme:0')?.attrs.namespace;
  return eme ? `eme:${eme}` : undefined;
}

/** Whether the message is worth a CoreMessage: a body, a retraction or an encrypted payload. */
export function carriesContent(m: XmppElement): boolean {
  return m.getChildText('body') !== null || !!m.getChild('retract', NS.retract) || encryptionOf(m) !== undefined;
}

/** The envelope of a message, without any payload: for the record of a blocked encrypted message. */
export function envelopeOf(m: XmppElement): string {
  const children = m.getChildElements().map((c) => `${c.name}${c.getNS() ? `[${c.getNS()}]` : ''}`);
  return JSON.stringify({ from: m.attrs.from ?? '', to: m.attrs.to ?? '', type: m.attrs.type ?? 'normal', id: m.attrs.id ?? '', children });
}

export function toCoreMessage(
  m: XmppElement,
  ctx: { ownBareJid: string; peer: string; direction: 'in' | 'out'; archived: boolean; stamp?: string; archiveId?: string; stanzaIdBy?: string },
): CoreMessage {
  const by = ctx.stanzaIdBy ?? ctx.ownBareJid;
  const stanzaIdEl = m.getChildren('stanza-id', NS.sid).find((s) => s.attrs.by && bareJid(s.attrs.by) === by);
  const stanzaId = ctx.archiveId ?? stanzaIdEl?.attrs.id;
  const originId = m.getChild('origin-id', NS.sid)?.attrs.id ?? m.attrs.id ?? stanzaId ?? randomUUID();
  const delay = m.getChild('delay', NS.delay)?.attrs.stamp;
  const sentAt = ctx.stamp ?? delay ?? new Date().toISOString();
  const replaces = m.getChild('replace', NS.correction)?.attrs.id;
  const retracts = m.getChild('retract', NS.retract)?.attrs.id;
  const encrypted = encryptionOf(m);
  return {
    ...(replaces ? { replaces } : {}),
    ...(retracts ? { retracts } : {}),
    ...(encrypted ? { encrypted } : {}),
    id: originId,
    originId,
    ...(stanzaId ? { stanzaId } : {}),
    conversation: ctx.peer,
    conversationType: 'chat',
    direction: ctx.direction,
    from: ctx.direction === 'out' ? ctx.ownBareJid : ctx.peer,
    body: m.getChildText('body') ?? '',
    sentAt: new Date(sentAt).toISOString(),
    state: ctx.direction === 'out' ? 'sent' : 'received',
    archived: ctx.archived,
    stanza: m,
  };
}
