/**
 * The one way in. Every message that arrives — live, as a carbon, from a room, or from an archive (MAM) —
 * and every room subject and invitation goes: guards → journal (spool) → shown. Nothing is shown before
 * its record is in the spool. When the spool cannot be written, arrivals are held in order (not shown,
 * not lost), the session state says receiving is paused, and they are retried until the spool works.
 *
 * End-to-end-encrypted payloads (OMEMO, OpenPGP for XMPP, OTR…) cannot be retained: the conversation shows
 * "Encrypted message blocked by policy", the envelope is journaled and an audit event is raised.
 * Message-processing hints on inbound messages (no-store…) are ignored: they never stop journaling.
 */
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../../../shared/ipc/types';
import type { AuditSink } from '../audit';
import type { ConversationStore } from '../chat/conversationStore';
import type { EventSink } from '../ipc/router';
import type { Logger } from '../log';
import type { InboundGuard, JournalPort } from '../ports';
import { envelopeOf, type CoreMessage } from '../xmpp/messages';
import type { RoomEvents } from '../xmpp/rooms';
import type { Live } from '../outbound/outbound';

/** CONTRACTS.md "Encrypted inbound payload". */
export const ENCRYPTED_BLOCKED_NOTICE = 'Encrypted message blocked by policy';
/** Why receiving is paused (session state `receivingPaused`); the renderer's alert puts "Receiving is paused." before it. */
export const RECEIVING_PAUSED =
  'Incoming messages can’t be recorded for retention right now, so they are held and not shown. Sending is stopped too. They appear as soon as recording works again.';

export interface InboundDeps {
  journal: JournalPort;
  guards: readonly InboundGuard[];
  store: ConversationStore;
  emit: EventSink;
  log: Logger;
  audit: AuditSink;
  live(): Live | null;
  groupChat(): boolean;
  /** The conversation on screen (no unread count for it). */
  openConversation(): string | null;
  /** Receiving was paused or resumed: push the session state. */
  pausedChanged(): void;
  /** How often held arrivals are retried. */
  retryMs?: number;
}

interface Work {
  /** Spool the record(s). Throws when the spool cannot be written. */
  record(): Promise<unknown>;
  /** Show it (after its record is spooled). */
  show(): ChatMessage | null;
}

export type Inbound = ReturnType<typeof createInbound>;

export function createInbound(deps: InboundDeps) {
  const held: Work[] = [];
  let draining = false;
  let retry: NodeJS.Timeout | null = null;

  const toUi = (m: CoreMessage): ChatMessage => {
    const { id, conversation, conversationType, direction, from, fromName, body, sentAt, state, edited, retracted, notice, mention } = m;
    return {
      id, conversation, conversationType, direction, from, body, sentAt, state,
      ...(fromName ? { fromName } : {}),
      ...(edited ? { edited } : {}),
      ...(retracted ? { retracted } : {}),
      ...(notice ? { notice } : {}),
      ...(mention ? { mention } : {}),
    };
  };

  function applyGuards(m: CoreMessage): CoreMessage | null {
    let cur: CoreMessage | null = m;
    for (const g of deps.guards) {
      if (!cur) return null;
      cur = g(cur);
    }
    return cur;
  }

  /** Show a message: corrections and retractions fold into their original (the record keeps every version). */
  function show(m: CoreMessage, live: boolean): ChatMessage | null {
    const { store, emit } = deps;
    const ui = toUi(m);
    const target = m.replaces ?? m.retracts;
    if (target) {
      const original = store.get(m.conversation, target);
      // Only the original sender may correct or retract a message.
      if (original && original.from === ui.from) {
        const updated = m.retracts ? store.update(m.conversation, target, { retracted: true, body: '' }) : store.update(m.conversation, target, { body: ui.body, edited: true, notice: ui.notice });
        if (updated && live) emit('chat:message', updated);
        return updated ?? null;
      }
      if (m.retracts) return null;
    }
    const { isNew, message } = store.upsert(ui);
    if (!live) return message;
    if (!isNew) return null;
    emit('chat:message', message);
    if (m.direction === 'in' && deps.openConversation() !== m.conversation) {
      const unread = store.addUnread(m.conversation);
      const l = deps.live();
      if (m.conversationType === 'groupchat') l?.rooms.setUnread(m.conversation, unread);
      else l?.session.setUnread(m.conversation, unread);
    }
    return message;
  }

  function recordFor(m: CoreMessage): () => Promise<unknown> {
    const { journal } = deps;
    const ui = toUi(m);
    const original = (id: string) => {
      const o = deps.store.get(m.conversation, id);
      return o ? { original: { from: o.from, body: o.body } } : {};
    };
    // Rooms: the sender is the occupant (room/nick); 1:1: the peer's bare JID.
    const sender = ui.from;
    const message = ui;
    const meta = m.direction === 'out' ? { via: m.archived ? 'archive' : m.carbon ? 'carbon' : 'reflection' } : m.archived ? { via: 'archive' } : undefined;
    const base = { ...(m.stanzaId ? { stanzaId: m.stanzaId } : {}), ...(meta ? { meta } : {}) };
    if (m.encrypted) {
      return () => journal.append('encrypted-blocked', { id: m.id, conversation: m.conversation, conversationType: m.conversationType, from: sender, protocol: m.encrypted ?? '', sentAt: m.sentAt, envelope: m.stanza ? envelopeOf(m.stanza) : '', ...(m.stanzaId ? { stanzaId: m.stanzaId } : {}) });
    }
    if (m.retracts) {
      const r = m.retracts;
      return () => journal.append('retraction', { id: m.id, replacesId: r, conversation: m.conversation, conversationType: m.conversationType, direction: m.direction, from: sender, sentAt: m.sentAt, ...original(r), ...(meta ? { meta } : {}) });
    }
    if (m.replaces) {
      const r = m.replaces;
      return () => journal.append('correction', { message, replacesId: r, ...original(r), ...base });
    }
    return () => journal.append('message', { message, ...base });
  }

  /** Journal, then show; in arrival order; held while the spool cannot be written. */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    const wasPaused = held.length > 0 && retry !== null;
    try {
      while (held.length) {
        const w = held[0]!;
        try {
          await w.record();
        } catch (err) {
          deps.log.error('journal.inbound-held', { held: held.length, name: (err as Error).name });
          if (!retry) {
            retry = setInterval(() => void drain(), deps.retryMs ?? 2_000);
            retry.unref?.();
            deps.pausedChanged();
          }
          return;
        }
        held.shift();
        w.show();
      }
      if (retry) {
        clearInterval(retry);
        retry = null;
      }
      if (wasPaused) deps.pausedChanged();
    } finally {
      draining = false;
    }
  }

  function enqueue(w: Work): Promise<void> {
    held.push(w);
    return drain();
  }

  function blockEncrypted(m: CoreMessage): CoreMessage {
    if (!m.archived) deps.audit.record({ type: 'encrypted-blocked', peer: m.conversation, protocol: m.encrypted ?? '', direction: m.direction });
    return { ...m, body: '', notice: ENCRYPTED_BLOCKED_NOTICE };
  }

  /**
   * A correspondent who reuses an id for other text must not make the client hide it: on screen it gets an
   * id of its own (the record is keyed by content already, and the journal adds an alert record).
   */
  function distinct(m: CoreMessage): CoreMessage {
    if (m.direction !== 'in' || m.replaces || m.retracts) return m;
    const shown = deps.store.get(m.conversation, m.id);
    if (!shown || shown.body === m.body || shown.edited) return m;
    return { ...m, id: `${m.id}#${createHash('sha256').update(m.body).digest('hex').slice(0, 12)}` };
  }

  function prepare(raw: CoreMessage): CoreMessage | null {
    const guarded = applyGuards(raw);
    if (!guarded) return null;
    return guarded.encrypted ? blockEncrypted(guarded) : guarded;
  }

  return {
    /** Whether arrivals are being held because the spool cannot be written. */
    paused(): string | null {
      return retry !== null ? RECEIVING_PAUSED : null;
    },

    /** A live message (1:1, carbon or room). */
    live(raw: CoreMessage): Promise<void> {
      // Our own message reflected by a room is its delivery confirmation (already journaled when sent).
      if (raw.conversationType === 'groupchat' && raw.direction === 'out' && deps.store.has(raw.conversation, raw.id)) {
        const updated = deps.store.setState(raw.conversation, raw.id, 'delivered');
        if (updated) deps.emit('chat:messageState', { id: raw.id, conversation: raw.conversation, state: updated.state });
        return Promise.resolve();
      }
      const m = prepare(raw);
      if (!m) return Promise.resolve();
      return enqueue({ record: recordFor(m), show: () => show(distinct(m), true) });
    },

    /**
     * A page of history: each message is journaled when first seen (the archive's stanza-id makes a
     * second paging a duplicate), then stored. Returns what may be shown; held ones are not.
     */
    async history(page: CoreMessage[]): Promise<ChatMessage[]> {
      const out: ChatMessage[] = [];
      for (const raw of page) {
        const m = prepare(raw);
        if (!m) continue;
        await enqueue({
          record: recordFor(m),
          show: () => {
            const s = show(distinct(m), false);
            if (s) out.push(s);
            return s;
          },
        });
      }
      return out;
    },

    /** A room subject someone else set (ours was journaled when we sent it). */
    subject(e: RoomEvents['subject'][0]): Promise<void> {
      const apply = () => {
        deps.live()?.rooms.applySubject(e.room, e.subject);
        return null;
      };
      // Our own subject was journaled when we sent it; an empty subject is how a room says the join is
      // complete (XEP-0045 §7.2.15): no text, no record.
      if (e.own || !e.subject) return Promise.resolve(void apply());
      return enqueue({ record: () => deps.journal.append('room-subject', { room: e.room, direction: 'in', sender: e.from, subject: e.subject, sentAt: e.sentAt, id: e.id }), show: apply });
    },

    /** An invitation to a room: journaled, then offered to the user (when group chat is allowed). */
    invitation(inv: RoomEvents['invitation'][0]): Promise<void> {
      const account = deps.live()?.session.bareJid ?? '';
      return enqueue({
        record: () => deps.journal.append('invitation', { room: inv.room, direction: 'in', from: inv.from, to: account, reason: inv.reason ?? '', sentAt: new Date().toISOString(), id: inv.id }),
        show: () => {
          if (deps.groupChat()) deps.emit('room:invitation', { room: inv.room, from: inv.from, ...(inv.reason ? { reason: inv.reason } : {}) });
          return null;
        },
      });
    },

    /** Sign-out: held arrivals are dropped from memory (they stay in the server's archive). */
    reset() {
      held.length = 0;
      if (retry) clearInterval(retry);
      retry = null;
    },
  };
}
