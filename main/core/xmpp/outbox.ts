/**
 * The outbox for chat and room messages: a message stays 'pending' until the server acknowledges it
 * (stream management), is resent with the same id after the server lost the session, and is never sent
 * twice on a resumed stream. Delivery states only move forward (pending → sent → delivered → read).
 */
import type { DeliveryState } from '../../../shared/ipc/types';
import { bareJid } from '../../../shared/xmpp/jid';
import type { XmppClient, XmppElement } from './types';

interface OutboxItem {
  id: string;
  to: string;
  stanza: XmppElement;
  state: DeliveryState;
}

const ORDER: DeliveryState[] = ['pending', 'failed', 'sent', 'delivered', 'read'];

export class Outbox {
  private readonly items = new Map<string, OutboxItem>();

  constructor(
    private readonly client: XmppClient,
    private readonly changed: (e: { id: string; conversation: string; state: DeliveryState }) => void,
  ) {}

  async send(to: string, id: string, stanza: XmppElement): Promise<DeliveryState> {
    const item: OutboxItem = { id, to: bareJid(to), stanza, state: 'pending' };
    this.items.set(id, item);
    if (this.client.status === 'online') {
      try {
        await this.client.send(stanza);
      } catch {
        /* offline: flushed on the next 'online' */
      }
    }
    return item.state;
  }

  /** After (re)connecting: everything still pending that the stream does not already carry. */
  async flush() {
    for (const item of this.items.values()) {
      if (item.state !== 'pending') continue;
      if (this.client.status !== 'online') return;
      if (this.client.streamManagement.outbound_q.some((q) => q.stanza.attrs.id === item.id)) continue;
      try {
        await this.client.send(item.stanza);
      } catch {
        return; // still offline; the next 'online' flushes again
      }
    }
  }

  /** The server acknowledged (sent), the peer confirmed (delivered) or read it, or it bounced (failed). */
  mark(id: string | undefined, state: DeliveryState) {
    const item = id ? this.items.get(id) : undefined;
    if (!item) return;
    if (ORDER.indexOf(state) <= ORDER.indexOf(item.state) && state !== 'failed') return;
    item.state = state;
    this.changed({ id: item.id, conversation: item.to, state });
    // Keep recent messages after delivery so a later read marker can still be matched.
    if (state === 'read') this.items.delete(item.id);
    if (this.items.size > 2000) {
      for (const [key, it] of this.items) {
        if (this.items.size <= 1500) break;
        if (it.state === 'delivered' || it.state === 'read' || it.state === 'sent') this.items.delete(key);
      }
    }
  }

  /** The server lost the session before acknowledging: resend on the next session with the same id. */
  unacknowledged(id: string | undefined) {
    const item = id ? this.items.get(id) : undefined;
    if (item) item.state = 'pending';
  }

  isPending(id: string | undefined): boolean {
    return !!id && this.items.get(id)?.state === 'pending';
  }
}
