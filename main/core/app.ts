/**
 * The core, wired: the session lifecycle, the one way out (outbound/), the one way in (inbound/) and the
 * IPC handlers (handlers/, one file per domain). Wiring only: every decision lives in those modules.
 * The safety dependencies (send gates, journal, notice, audit, guards) are required: there is no core
 * that sends without DLP or shows without a journal.
 */
import type { SessionState } from '../../shared/ipc/types';
import type { AuditSink } from './audit';
import { ConversationStore } from './chat/conversationStore';
import { systemClock, type Clock } from './clock';
import type { CredentialStore } from './credentials/credentialStore';
import { chatHandlers } from './handlers/chat';
import { contactHandlers } from './handlers/contacts';
import type { HandlerContext } from './handlers/context';
import { roomHandlers } from './handlers/rooms';
import { sessionHandlers } from './handlers/session';
import { transferHandlers } from './handlers/transfer';
import { createInbound } from './inbound/inbound';
import type { EventSink, IpcHandlers } from './ipc/router';
import type { Logger } from './log';
import { createOutbound, type Live } from './outbound/outbound';
import type { NoticeStore } from './policy/notice';
import type { InboundGuard, JournalPort, PolicyProvider, SendGate, SendTrace } from './ports';
import type { SettingsStore } from './settings';
import { createLifecycle } from './session/lifecycle';
import { createUserSettingsHandlers } from './userSettings';
import type { OutboundGuard, XmppSession } from './xmpp/session';

export type { PolicyProvider, SendGate, JournalPort, InboundGuard } from './ports';

export interface CoreDeps {
  policy: PolicyProvider;
  credentials: CredentialStore;
  settings: SettingsStore;
  log: Logger;
  emit: EventSink;
  /** In order, after the text policy and before the journal: encoded binaries, then DLP. */
  sendGates: readonly SendGate[];
  /** Every record is spooled before a message is sent or shown. */
  journal: JournalPort;
  /** Inbound guards may annotate (notice) or drop a message before it is journaled and shown. */
  inboundGuards: readonly InboundGuard[];
  /** The session's last check before the socket (refuses file-transfer payloads, audited). */
  outboundGuard: OutboundGuard;
  /** Records notice acknowledgements (Policy 630-04). */
  notice: NoticeStore;
  /** Audit events of the core itself; identifiers and numbers only. */
  audit: AuditSink;
  /** Called for every new session, so features (file-transfer refusal…) can attach. */
  onSession?: (session: XmppSession) => void;
  /** Time for the idle sign-out timer (tests move a manual clock). Default: the system clock. */
  clock?: Clock;
  /** Bench and tests only: the send path's steps and times (no host wires it; never content). */
  sendTrace?: SendTrace;
}

export interface Core {
  handlers: IpcHandlers;
  state(): Promise<SessionState>;
  shutdown(): Promise<void>;
  /** For tests and features. */
  session(): XmppSession | null;
}

export function createCore(deps: CoreDeps): Core {
  const { policy, log, emit, journal } = deps;
  const store = new ConversationStore();
  const groupChat = () => policy.current().values.GroupChatAllowed;

  const inbound = createInbound({
    journal,
    guards: deps.inboundGuards,
    store,
    emit,
    log,
    audit: deps.audit,
    live: () => lifecycle.live(),
    groupChat,
    openConversation: () => store.open,
    pausedChanged: () => void lifecycle.pushState(),
  });

  const outbound = createOutbound({
    policy,
    gates: deps.sendGates,
    journal,
    log,
    blocked: async () => {
      if (await lifecycle.isNoticeRequired()) return 'Acknowledge the records notice before chatting.';
      const paused = inbound.paused();
      return paused ? `Receiving is paused. ${paused}` : null;
    },
    ...(deps.sendTrace ? { trace: deps.sendTrace } : {}),
  });

  /** A new session's events: arrivals take the inbound path; display names and bookmarks once online. */
  function attach({ session, rooms, contacts }: Live) {
    session.on('roster', (c) => emit('roster:changed', c));
    session.on('message', (m) => void inbound.live(m));
    session.on('messageState', (e) => {
      const m = store.setState(e.conversation, e.id, e.state);
      emit('chat:messageState', { id: e.id, conversation: e.conversation, state: m?.state ?? e.state });
    });
    session.on('typing', (t) => emit('chat:typing', t));
    session.on('subscriptionRequest', (r) => emit('contact:request', r));
    session.isRoomJid = (j) => rooms.isRoom(j);
    rooms.on('room', (info) => emit('room:changed', info));
    rooms.on('message', (m) => void inbound.live(m));
    rooms.on('subject', (e) => void inbound.subject(e));
    rooms.on('invitation', (inv) => void inbound.invitation(inv));
    let first = true;
    session.on('phase', (phase) => {
      if (phase !== 'online' || !first) return;
      first = false;
      if (groupChat()) void rooms.loadBookmarks();
      void (async () => {
        for (const jid of session.unnamedContacts()) {
          const name = await contacts.displayName(jid);
          if (name) session.setDisplayName(jid, name);
        }
      })();
    });
    deps.onSession?.(session);
  }

  const lifecycle = createLifecycle({
    policy,
    credentials: deps.credentials,
    settings: deps.settings,
    log,
    emit,
    notice: deps.notice,
    audit: deps.audit,
    journal,
    clock: deps.clock ?? systemClock,
    outboundGuard: deps.outboundGuard,
    attach,
    ended: () => {
      store.clear();
      inbound.reset();
    },
    receivingPaused: () => inbound.paused(),
  });

  const ctx: HandlerContext = { lifecycle, outbound, inbound, store, policy, journal, emit, log, audit: deps.audit, clock: deps.clock ?? systemClock };
  const handlers: IpcHandlers = {
    ...sessionHandlers(ctx),
    ...chatHandlers(ctx),
    ...roomHandlers(ctx),
    ...contactHandlers(ctx),
    ...transferHandlers(ctx),
    ...createUserSettingsHandlers({ settings: deps.settings, policy, log, audit: deps.audit }),
  };

  return {
    handlers,
    state: () => lifecycle.state(),
    session: () => lifecycle.live()?.session ?? null,
    shutdown: () => lifecycle.shutdown(),
  };
}
