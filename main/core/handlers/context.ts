import type { AuditSink } from '../audit';
import type { Clock } from '../clock';
import type { ConversationStore } from '../chat/conversationStore';
import type { Inbound } from '../inbound/inbound';
import type { EventSink } from '../ipc/router';
import { UserFacingError } from '../ipc/router';
import type { Logger } from '../log';
import type { Outbound } from '../outbound/outbound';
import type { JournalPort, PolicyProvider } from '../ports';
import type { Lifecycle } from '../session/lifecycle';
import { RoomError } from '../xmpp/rooms';

/** What the IPC handlers delegate to: they validate nothing themselves (the router did) and decide nothing. */
export interface HandlerContext {
  lifecycle: Lifecycle;
  outbound: Outbound;
  inbound: Inbound;
  store: ConversationStore;
  policy: PolicyProvider;
  journal: JournalPort;
  emit: EventSink;
  log: Logger;
  /** Audit events the handlers record themselves (refusals the renderer reports). */
  audit: AuditSink;
  clock: Clock;
}

/** An XMPP call whose failure becomes a sentence for the user. */
export async function xmppCall<T>(fn: () => Promise<T>, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RoomError) throw new UserFacingError(err.condition, err.message);
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('xmpp-failed', `Could not ${what}. Check your connection and try again.`);
  }
}
