/**
 * The one way out. Every text the user puts on the wire — chat and room messages, corrections, invite
 * reasons, room subjects, status texts, nicknames, contact names, vCard fields — goes through here, in
 * this order: policy (allowed domains, length, control characters) → send gates (encoded binaries, DLP)
 * → journal → socket. This module is the only place that mints ClearedText, the type every stanza
 * builder with user text requires (ESLint keeps the cast here and `sendRaw` under xmpp/).
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage, DeliveryState } from '../../../shared/ipc/types';
import { UserFacingError } from '../ipc/router';
import type { Logger } from '../log';
import type { JournalPort, OutboundKind, PolicyProvider, SendGate, SendTrace } from '../ports';
import type { ClearedText } from '../xmpp/cleared';
import type { ContactManager } from '../xmpp/contacts';
import type { RoomManager } from '../xmpp/rooms';
import type { XmppSession } from '../xmpp/session';
import type { OwnShow } from '../xmpp/stanzas';
import { checkContactAddress, checkLineText, checkMessageText, parseAddress, type Checked } from './checks';

/** The signed-in session's parts. */
export interface Live {
  session: XmppSession;
  rooms: RoomManager;
  contacts: ContactManager;
}

export interface OutboundDeps {
  policy: PolicyProvider;
  gates: readonly SendGate[];
  journal: JournalPort;
  log: Logger;
  /** Why nothing may be sent right now (records notice not acknowledged, receiving paused), or null. */
  blocked(): Promise<string | null>;
  /** Bench and tests: where a message's time goes (step names and times only). */
  trace?: SendTrace;
}

export type MessageResult =
  | { status: 'sent'; message: ChatMessage; state: DeliveryState }
  | { status: 'refused'; reason: string }
  | { status: 'needs-justification'; reason: string; findings: { type: string; start: number; end: number }[] };

type Gated = { ok: true; text: ClearedText; meta: Record<string, string> } | Exclude<MessageResult, { status: 'sent' }>;

const NOT_RECORDED = 'It was not sent: it could not be recorded for retention. Contact your administrator.';

function orThrow<T>(c: Checked<T>, code: string): T {
  if (!c.ok) throw new UserFacingError(code, c.reason);
  return c.value;
}

export type Outbound = ReturnType<typeof createOutbound>;

export function createOutbound(deps: OutboundDeps) {
  const values = () => deps.policy.current().values;
  const trace = deps.trace;
  const mark = trace ? (step: Parameters<SendTrace>[0]) => trace(step, performance.now()) : () => {};

  /** A contact, room or invitee the user may reach (AllowedContactDomains; the XmppDomain always). */
  const contactAddress = (address: string, what = 'address') => orThrow(checkContactAddress(address, values(), what), 'address-refused');
  /**
   * The message's peer: checkContactAddress of the last address and policy values, kept (a conversation
   * sends to the same peer again and again; parsing the JID twice cost ~25 µs a message). The check is pure
   * in the address, XmppDomain and AllowedContactDomains, so those three are the key, compared by value.
   */
  let lastPeer: { key: string; checked: Checked<string> } | null = null;
  const peerAddress = (input: string): Checked<string> => {
    const v = values();
    const key = `${input}\n${v.XmppDomain}\n${v.AllowedContactDomains.join('\n')}`;
    if (lastPeer?.key === key) return lastPeer.checked;
    const checked = checkContactAddress(input, v);
    lastPeer = { key, checked };
    return checked;
  };
  /** Any address the user typed (control characters refused). */
  const address = (input: string, what = 'address') => orThrow(parseAddress(input, what), 'invalid-address');

  /** Policy passed: the gates in order (encoded binaries, then DLP), on the exact text that will be sent. */
  async function gate(kind: OutboundKind, to: string, text: string, justification?: string): Promise<Gated> {
    const blocked = await deps.blocked();
    mark('blocked');
    if (blocked) return { status: 'refused', reason: blocked };
    let meta: Record<string, string> = {};
    for (const g of deps.gates) {
      const verdict = await g.check({ to, body: text, kind, ...(justification ? { justification } : {}) });
      mark('gate');
      if (verdict.action === 'refuse') return { status: 'refused', reason: verdict.reason };
      if (verdict.action === 'justify') return { status: 'needs-justification', reason: verdict.reason, findings: verdict.findings };
      if (verdict.meta) meta = { ...meta, ...verdict.meta };
    }
    return { ok: true, text: text as ClearedText, meta };
  }

  /** The gates for a one-line field, where there is no justification dialog: anything but allow refuses. */
  async function gateField(kind: OutboundKind, to: string, text: string): Promise<ClearedText> {
    const g = await gate(kind, to, text);
    if ('ok' in g) return g.text;
    throw new UserFacingError('refused', g.reason);
  }

  /** The journal step: nothing goes on the wire unless its record is in the spool. */
  async function record(run: () => Promise<unknown>): Promise<string | null> {
    try {
      await run();
      return null;
    } catch (err) {
      if (err instanceof UserFacingError) return err.message;
      deps.log.error('journal.outbound-failed', { name: (err as Error).name });
      return NOT_RECORDED;
    }
  }

  async function recordOrThrow(run: () => Promise<unknown>): Promise<void> {
    const refusal = await record(run);
    if (refusal) throw new UserFacingError('journal-refused', refusal);
  }

  const now = () => new Date().toISOString();
  const account = (live: Live) => live.session.bareJid;

  /** A contact's name is kept on the server (the roster): user text like any other. */
  async function contactName(live: Live, jid: string, name: string): Promise<ClearedText> {
    const value = orThrow(checkLineText(name, 'name', 200), 'refused');
    const cleared = await gateField('contact-name', jid, value);
    await recordOrThrow(() => deps.journal.append('profile', { field: 'contact-name', target: jid, value, sentAt: now(), id: randomUUID() }));
    return cleared;
  }

  return {
    address,
    contactAddress,

    /**
     * A chat or room message, or a correction of one. `recorded` runs once the record is spooled and before
     * the stanza goes out (the conversation shows it as pending).
     */
    async message(live: Live, input: { to: string; body: string; justification?: string; replaces?: string }, recorded: (m: ChatMessage) => void): Promise<MessageResult> {
      const { session, rooms } = live;
      mark('start');
      if (session.phase === 'connecting') throw new UserFacingError('not-connected', 'Still connecting. Try again in a moment.');
      const peer = peerAddress(input.to);
      if (!peer.ok) return { status: 'refused', reason: peer.reason };
      const room = rooms.info(peer.value);
      if (room && !values().GroupChatAllowed) return { status: 'refused', reason: 'Group chat is turned off by policy.' };
      if (room && !room.joined) return { status: 'refused', reason: 'You are not in this room right now. Join it again to send.' };
      const text = checkMessageText(input.body, values().MaxMessageLength);
      if (!text.ok) return { status: 'refused', reason: text.reason };
      mark('policy');
      const g = await gate(input.replaces ? 'correction' : 'message', peer.value, text.value, input.justification);
      if (!('ok' in g)) return g;
      const id = randomUUID();
      const stanza = room ? rooms.buildGroupchat(peer.value, g.text, id, input.replaces) : session.buildChat(peer.value, g.text, id, input.replaces);
      mark('built');
      const message: ChatMessage = {
        id,
        conversation: peer.value,
        conversationType: room ? 'groupchat' : 'chat',
        direction: 'out',
        from: account(live),
        ...(room ? { fromName: room.nick } : {}),
        body: g.text,
        sentAt: now(),
        state: 'pending',
      };
      const refusal = await record(() =>
        input.replaces ? deps.journal.append('correction', { message, replacesId: input.replaces, meta: g.meta }) : deps.journal.append('message', { message, meta: g.meta }),
      );
      mark('journal');
      if (refusal) return { status: 'refused', reason: refusal.replace(/^It was/, 'The message was') };
      // A DLP warning the user overrode, or a logged finding, is also its own record.
      if (g.meta.dlpAction === 'warn' || g.meta.dlpAction === 'log') {
        const d = { messageId: id, conversation: peer.value, conversationType: message.conversationType, findings: (g.meta.dlpTypes ?? '').split(',').filter(Boolean), rules: (g.meta.dlpRules ?? '').split(',').filter(Boolean), sentAt: message.sentAt };
        await (g.meta.dlpAction === 'warn' ? deps.journal.append('dlp-override', { ...d, justification: g.meta.justification ?? '' }) : deps.journal.append('dlp-log', d)).catch((err: unknown) =>
          deps.log.error('journal.dlp-record-failed', { name: (err as Error).name }),
        );
      }
      recorded(message);
      mark('recorded');
      try {
        const state = await session.sendChat(peer.value, id, stanza);
        mark('socket');
        return { status: 'sent', message, state };
      } catch (err) {
        return { status: 'refused', reason: (err as Error).message };
      }
    },

    /** XEP-0424 retraction of our own message: recorded, then sent. */
    async retract(live: Live, original: ChatMessage): Promise<void> {
      const rid = randomUUID();
      const type = live.rooms.isRoom(original.conversation) ? 'groupchat' : 'chat';
      await recordOrThrow(() =>
        deps.journal.append('retraction', { id: rid, replacesId: original.id, conversation: original.conversation, conversationType: original.conversationType, direction: 'out', from: account(live), sentAt: now() }),
      );
      await live.session.sendChat(original.conversation, rid, live.session.buildRetraction(original.conversation, type, rid, original.id));
    },

    async invite(live: Live, input: { room: string; jid: string; reason?: string }): Promise<void> {
      const room = address(input.room, 'room address');
      const invitee = contactAddress(input.jid);
      const reason = input.reason ? orThrow(checkLineText(input.reason, 'invitation message', 500), 'refused') : '';
      const cleared = reason ? await gateField('invite-reason', invitee, reason) : undefined;
      const id = randomUUID();
      await recordOrThrow(() => deps.journal.append('invitation', { room, direction: 'out', from: account(live), to: invitee, reason, sentAt: now(), id }));
      await live.rooms.invite(room, invitee, id, cleared);
    },

    async setSubject(live: Live, input: { room: string; subject: string }): Promise<void> {
      const room = address(input.room, 'room address');
      const subject = orThrow(checkLineText(input.subject, 'subject', 1000), 'refused');
      const cleared = await gateField('room-subject', room, subject);
      const id = randomUUID();
      await recordOrThrow(() => deps.journal.append('room-subject', { room, direction: 'out', sender: account(live), subject, sentAt: now(), id }));
      await live.rooms.setSubject(room, cleared, id);
    },

    async join(live: Live, input: { room: string; nick?: string }) {
      const room = contactAddress(input.room, 'room address');
      const nick = orThrow(checkLineText(input.nick ?? account(live).split('@')[0] ?? 'me', 'nickname', 64), 'refused');
      const cleared = await gateField('nickname', room, nick);
      await recordOrThrow(() => deps.journal.append('profile', { field: 'nickname', target: room, value: nick, sentAt: now(), id: `nick:${room}:${nick}` }));
      return live.rooms.join(room, cleared);
    },

    async setPresence(live: Live, input: { show: OwnShow; status?: string; idleSince?: string }): Promise<void> {
      const status = input.status ? orThrow(checkLineText(input.status, 'status message', 500), 'refused') : '';
      const cleared = status ? await gateField('presence-status', account(live), status) : undefined;
      if (status && status !== live.session.ownStatus.status) {
        await recordOrThrow(() => deps.journal.append('presence-status', { account: account(live), show: input.show, status, sentAt: now(), id: randomUUID() }));
      }
      await live.session.setPresence({ show: input.show, ...(cleared ? { status: cleared } : {}), ...(input.idleSince ? { idleSince: input.idleSince } : {}) });
    },

    async addContact(live: Live, input: { jid: string; name?: string }): Promise<void> {
      const jid = contactAddress(input.jid);
      const name = input.name ? await contactName(live, jid, input.name) : undefined;
      await live.contacts.add(jid, name);
    },

    async renameContact(live: Live, input: { jid: string; name: string }): Promise<void> {
      const jid = address(input.jid);
      await live.contacts.rename(jid, await contactName(live, jid, input.name));
    },

    /** Our own vCard full name. */
    async publishName(live: Live, fullName: string): Promise<void> {
      const value = orThrow(checkLineText(fullName, 'name', 200), 'refused');
      const cleared = await gateField('vcard', account(live), value);
      await recordOrThrow(() => deps.journal.append('profile', { field: 'vcard-fn', target: account(live), value, sentAt: now(), id: randomUUID() }));
      await live.contacts.publishOwnName(cleared);
    },
  };
}
