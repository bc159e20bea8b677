import type { ChatMessage } from '../../../shared/ipc/types';

/**
 * Messages per conversation, keyed by origin-id so a message seen live, as a carbon, after a stream
 * resume or again from the archive is shown once.
 */
export class ConversationStore {
  private readonly byConversation = new Map<string, Map<string, ChatMessage>>();
  private readonly unread = new Map<string, number>();
  /** The conversation on screen: arrivals there are not counted as unread. */
  open: string | null = null;

  /** Returns the stored message and whether it was new. */
  upsert(message: ChatMessage): { message: ChatMessage; isNew: boolean } {
    let conv = this.byConversation.get(message.conversation);
    if (!conv) this.byConversation.set(message.conversation, (conv = new Map()));
    const existing = conv.get(message.id);
    if (existing) {
      // Keep the furthest delivery state and the earliest timestamp we saw.
      const merged: ChatMessage = { ...existing, ...message, state: furthest(existing.state, message.state), sentAt: existing.sentAt };
      conv.set(message.id, merged);
      return { message: merged, isNew: false };
    }
    conv.set(message.id, message);
    return { message, isNew: true };
  }

  setState(conversation: string, id: string, state: ChatMessage['state']): ChatMessage | undefined {
    const conv = this.byConversation.get(conversation);
    const m = conv?.get(id);
    if (!conv || !m) return undefined;
    const next = { ...m, state: furthest(m.state, state) };
    conv.set(id, next);
    return next;
  }

  get(conversation: string, id: string): ChatMessage | undefined {
    return this.byConversation.get(conversation)?.get(id);
  }

  /** Change fields of a stored message (a correction or retraction); returns the updated message. */
  update(conversation: string, id: string, patch: Partial<Pick<ChatMessage, 'body' | 'edited' | 'retracted' | 'notice'>>): ChatMessage | undefined {
    const conv = this.byConversation.get(conversation);
    const m = conv?.get(id);
    if (!conv || !m) return undefined;
    const next = { ...m, ...patch };
    conv.set(id, next);
    return next;
  }

  /** Every stored message whose text contains the query (case-insensitive), newest first. */
  search(query: string, conversation?: string): ChatMessage[] {
    const q = query.toLocaleLowerCase();
    const out: ChatMessage[] = [];
    for (const [conv, msgs] of this.byConversation) {
      if (conversation && conv !== conversation) continue;
      for (const m of msgs.values()) if (!m.retracted && m.body.toLocaleLowerCase().includes(q)) out.push(m);
    }
    return out.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  }

  list(conversation: string): ChatMessage[] {
    return [...(this.byConversation.get(conversation)?.values() ?? [])].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  }

  /** The newest `limit` messages of a conversation, oldest first, and whether older ones remain in memory. */
  newest(conversation: string, limit: number): { messages: ChatMessage[]; olderHere: boolean } {
    const all = this.list(conversation);
    return { messages: all.slice(Math.max(0, all.length - limit)), olderHere: all.length > limit };
  }

  /**
   * The `limit` messages sent before the message `beforeId` (oldest first), the others sent at the same
   * moment as it (archive stamps have whole seconds, so a burst shares one: the caller merges by id), and
   * whether older ones remain in memory. Null when `beforeId` is unknown.
   */
  before(conversation: string, beforeId: string, limit: number): { older: ChatMessage[]; sameMoment: ChatMessage[]; olderHere: boolean } | null {
    const at = this.get(conversation, beforeId)?.sentAt;
    if (at === undefined) return null;
    const all = this.list(conversation);
    let end = 0;
    while (end < all.length && all[end]!.sentAt.localeCompare(at) < 0) end++;
    let tiesEnd = end;
    while (tiesEnd < all.length && all[tiesEnd]!.sentAt.localeCompare(at) === 0) tiesEnd++;
    const start = Math.max(0, end - limit);
    return { older: all.slice(start, end), sameMoment: all.slice(end, tiesEnd).filter((m) => m.id !== beforeId), olderHere: start > 0 };
  }

  has(conversation: string, id: string): boolean {
    return this.byConversation.get(conversation)?.has(id) ?? false;
  }

  addUnread(conversation: string): number {
    const n = (this.unread.get(conversation) ?? 0) + 1;
    this.unread.set(conversation, n);
    return n;
  }

  clearUnread(conversation: string) {
    this.unread.set(conversation, 0);
  }

  clear() {
    this.byConversation.clear();
    this.unread.clear();
    this.open = null;
  }
}

const ORDER: ChatMessage['state'][] = ['pending', 'failed', 'sent', 'received', 'delivered', 'read'];
function furthest(a: ChatMessage['state'], b: ChatMessage['state']): ChatMessage['state'] {
  if (a === 'failed' && b === 'pending') return 'pending';
  return ORDER.indexOf(b) >= ORDER.indexOf(a) ? b : a;
}
