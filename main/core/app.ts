import { readFileSync } from 'node:fs';
import { xml } from '@xmpp/client-core';
import { NS } from './xmpp/ns';
import type { EffectivePolicy } from '../../shared/policy/evaluate';
import type { ChatMessage, JournalStatus, SessionState } from '../../shared/ipc/types';
import type { IpcHandlers, EventSink } from './ipc/router';
import { UserFacingError } from './ipc/router';
import type { Logger } from './log';
import type { CredentialStore } from './credentials/credentialStore';
import type { SettingsStore } from './settings';
import { XmppSession, normaliseBareJid, type CoreMessage } from './xmpp/session';
import { AuthenticationError } from './xmpp/client';
import type { XmppElement } from './xmpp/types';
import { ConversationStore } from './chat/conversationStore';
import { outboundFileTransferGuard } from './transfer/outboundGuard';
import { checkOutgoingText } from './chat/textPolicy';
import type { PolicyView } from '../../shared/ipc/types';
import { RoomManager } from './xmpp/rooms';
import { ContactManager } from './xmpp/contacts';
import { createFeatureHandlers } from './features';
import { noticeRequired, noticeReason, noticeAckRecord, type NoticeStore } from './policy/notice';
import type { AuditSink } from './audit';
import { systemClock, type Clock } from './clock';
import { createIdleSignOut } from './session/idleSignOut';
import { createUserSettingsHandlers } from './userSettings';

/** What the rest of the core needs from the policy system. */
export interface PolicyProvider {
  current(): EffectivePolicy & { hash: string };
  view(now?: Date): PolicyView;
  /** Runtime policy changes (the watching policy service); static providers have none. */
  onChange?(listener: (p: EffectivePolicy & { hash: string }, restartRequired: string[]) => void): () => void;
  /** Re-read every source now (after the user saved a setting); static providers have none. */
  refresh?(): Promise<void>;
}

/** A check on the send path, after the text policy and before the journal. */
export interface SendGate {
  check(input: { to: string; body: string; justification?: string }): Promise<
    { action: 'allow'; meta?: Record<string, string> } | { action: 'refuse'; reason: string } | { action: 'justify'; reason: string; findings: { type: string; start: number; end: number }[] }
  >;
}

/** Journaling hooks: the journal must accept a record before a message is sent or shown. */
export interface JournalHooks {
  /** Any other record (records-notice acknowledgement…), in the journal record's shape without ids. */
  append?(record: {
    kind: 'notice-ack' | 'refused-transfer' | 'dlp-override' | 'dlp-log';
    conversation: string;
    conversationType: 'chat' | 'groupchat';
    direction: 'in' | 'out';
    sender: string;
    recipients: string[];
    sentAt: string;
    body: string;
    meta?: Record<string, string>;
  }): Promise<void>;
  /** meta.kind: 'message' | 'correction' | 'retraction'; meta.replaces: the id a correction/retraction refers to. */
  outbound(message: ChatMessage, meta?: Record<string, string>): Promise<void>;
  inbound(message: ChatMessage, meta?: Record<string, string>): Promise<void>;
}

export interface CoreDeps {
  policy: PolicyProvider;
  credentials: CredentialStore;
  settings: SettingsStore;
  log: Logger;
  emit: EventSink;
  sendGates?: SendGate[];
  journal?: JournalHooks;
  /** Inbound guards may annotate (notice) or drop a message before it is journaled and shown. */
  inboundGuards?: ((message: CoreMessage) => CoreMessage | null)[];
  /** Called for every new session, so features (file-transfer refusal, rooms…) can attach. */
  onSession?: (session: XmppSession) => void;
  /** The session's last check before sending (default: refuse file-transfer payloads, unaudited). */
  outboundGuard?: (stanza: XmppElement) => string | null;
  /** The journal's state for the UI (connected / N pending / blocked); 'disabled' when there is none. */
  journalStatus?: () => JournalStatus;
  /** Records notice acknowledgements (Policy 630-04); without it (tests, tools) no notice is required. */
  notice?: NoticeStore;
  /** Audit events of the core itself (idle sign-out, a changed user setting); identifiers and numbers only. */
  audit?: AuditSink;
  /** Time for the idle sign-out timer (tests move a manual clock). Default: the system clock. */
  clock?: Clock;
}

export interface Core {
  handlers: IpcHandlers;
  state(): Promise<SessionState>;
  shutdown(): Promise<void>;
  /** For tests and features. */
  session(): XmppSession | null;
}

export function createCore(deps: CoreDeps): Core {
  const { policy, credentials, settings, log, emit } = deps;
  const store = new ConversationStore();
  let session: XmppSession | null = null;
  let rooms: RoomManager | null = null;
  let contacts: ContactManager | null = null;
  const seenRecords = new Set<string>();
  let openConversation: string | null = null;
  let lastError: string | undefined;
  /** Why the last session ended without the user signing out (idle sign-out), until the next sign-in. */
  let signedOutReason: string | undefined;
  const clock = deps.clock ?? systemClock;

  const policyValue = <T>(name: string, fallback: T): T => {
    const v = (policy.current().values as Record<string, unknown>)[name];
    return v === undefined || v === null ? fallback : (v as T);
  };

  async function state(): Promise<SessionState> {
    const p = policy.current();
    const s = await settings.read();
    const savedAddress = typeof s.lastAddress === 'string' ? s.lastAddress : undefined;
    const rememberAllowed = policyValue('RememberPasswordAllowed', true);
    let hasSavedPassword = false;
    if (savedAddress && rememberAllowed) {
      try {
        hasSavedPassword = (await credentials.get(savedAddress)) !== null;
      } catch {
        hasSavedPassword = false;
      }
    }
    const phase: SessionState['phase'] = p.fatal.length ? 'config-error' : session ? session.phase : 'signed-out';
    return {
      phase,
      ...(session ? { jid: session.bareJid } : {}),
      ...(lastError ? { error: lastError } : {}),
      configErrors: p.fatal,
      configWarnings: p.warnings,
      rememberPasswordAllowed: rememberAllowed,
      ...(savedAddress ? { savedAddress } : {}),
      hasSavedPassword,
      features: features(),
      noticeRequired: await isNoticeRequired(),
      ...(session && idle.warningUntil !== null ? { idleWarning: { secondsLeft: Math.max(0, Math.ceil((idle.warningUntil - clock.now()) / 1000)) } } : {}),
      ...(!session && signedOutReason ? { signedOutReason } : {}),
      seq: ++stateSeq,
    };
  }

  /** End the current session (sign-out, idle sign-out, fatal policy): nothing of it stays in memory. */
  async function endSession(): Promise<void> {
    const s = session;
    session = null;
    openConversation = null;
    store.clear();
    idle.stop();
    if (s) await s.stop().catch(() => {});
  }

  // Idle sign-out (IdleSignOutMinutes): enforced here, fed by 'session:activity'; the renderer only reports
  // activity and shows the warning. Signing out this way keeps a remembered password (it is not a forget).
  const idle = createIdleSignOut({
    clock,
    minutes: () => policyValue('IdleSignOutMinutes', 0),
    onWarn: () => void pushState(),
    onWarnCleared: () => void pushState(),
    onIdle: (minutes) => void signOutIdle(minutes),
  });

  async function signOutIdle(minutes: number): Promise<void> {
    if (!session) return;
    const setBy = policy.current().entries.find((e) => e.name === 'IdleSignOutMinutes')?.level ?? 'default';
    // Audited while the session is still known, so central audit names the account.
    deps.audit?.record({ type: 'idle-sign-out', minutes, setBy });
    log.info('session.idle-sign-out', { minutes, setBy });
    // Set before the session goes, so no state pushed meanwhile says "signed out" without saying why.
    lastError = undefined;
    signedOutReason = `You were signed out after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity.`;
    await endSession();
    await pushState();
  }

  /** The signed-in user must acknowledge the records notice before chatting. */
  async function isNoticeRequired(): Promise<boolean> {
    if (!deps.notice || !session) return false;
    const values = policy.current().values;
    return noticeRequired(values, await deps.notice.last(session.bareJid), new Date());
  }

  // Runtime policy changes: a fatal problem stops the session (fail closed); anything else is re-read
  // where it is used (limits, switches, DLP) and the renderer gets the new state.
  policy.onChange?.((p) => {
    void (async () => {
      if (p.fatal.length && session) {
        log.warn('policy.fatal-at-runtime', { problems: p.fatal.length });
        await endSession();
      }
      idle.policyChanged();
      if (!policyValue('RememberPasswordAllowed', false)) {
        const { lastAddress } = await settings.read();
        if (typeof lastAddress === 'string') await credentials.delete(lastAddress).catch(() => false);
      }
      await pushState();
    })();
  });

  function features() {
    return {
      groupChat: policyValue('GroupChatAllowed', true),
      correction: policyValue('MessageCorrectionAllowed', true),
      retraction: policyValue('MessageRetractionAllowed', false),
      maxMessageLength: policyValue('MaxMessageLength', 10_000),
    };
  }

  // Session state goes out in order: each push is computed and emitted after the previous one, and
  // carries a sequence number so the renderer can drop a reply older than the last event it saw.
  let stateChain: Promise<void> = Promise.resolve();
  let stateSeq = 0;
  const pushState = (): Promise<void> => {
    stateChain = stateChain.then(async () => emit('session:state', await state())).catch(() => undefined);
    return stateChain;
  };

  function toUi(m: CoreMessage | ChatMessage): ChatMessage {
    const { id, conversation, conversationType, direction, from, fromName, body, sentAt, state: st, edited, retracted, notice, mention } = m;
    return {
      id,
      conversation,
      conversationType,
      direction,
      from,
      ...(fromName ? { fromName } : {}),
      body,
      sentAt,
      state: st,
      ...(edited ? { edited } : {}),
      ...(retracted ? { retracted } : {}),
      ...(notice ? { notice } : {}),
      ...(mention ? { mention } : {}),
    };
  }

  function applyInboundGuards(m: CoreMessage): CoreMessage | null {
    let cur: CoreMessage | null = m;
    for (const g of deps.inboundGuards ?? []) {
      if (!cur) return null;
      cur = g(cur);
    }
    return cur;
  }

  /** Journal, then show. Corrections and retractions update the original (the record keeps every version). */
  async function onLiveMessage(raw: CoreMessage) {
    const m = applyInboundGuards(raw);
    if (!m) return;
    if (seenRecords.has(m.id) || (store.has(m.conversation, m.id) && !m.replaces && !m.retracts)) {
      // Seen already (resume, carbon, duplicate). Our own message reflected by a room is its delivery confirmation.
      if (m.conversationType === 'groupchat' && m.direction === 'out') {
        const updated = store.setState(m.conversation, m.id, 'delivered');
        if (updated) emit('chat:messageState', { id: m.id, conversation: m.conversation, state: updated.state });
      }
      return;
    }
    seenRecords.add(m.id);
    const ui = toUi(m);
    const kind = m.retracts ? 'retraction' : m.replaces ? 'correction' : 'message';
    const meta: Record<string, string> = { kind, ...(m.replaces ? { replaces: m.replaces } : {}), ...(m.retracts ? { replaces: m.retracts } : {}) };
    try {
      if (m.direction === 'in') await deps.journal?.inbound(ui, meta);
      else await deps.journal?.outbound(ui, { ...meta, via: m.carbon ? 'carbon' : 'reflection' });
    } catch (err) {
      log.error('journal.inbound-failed', { error: (err as Error).name });
    }
    const target = m.replaces ?? m.retracts;
    if (target) {
      const original = store.get(m.conversation, target);
      // Only the original sender may correct or retract a message.
      if (original && original.from === ui.from) {
        const updated = m.retracts ? store.update(m.conversation, target, { retracted: true, body: '' }) : store.update(m.conversation, target, { body: ui.body, edited: true, notice: ui.notice });
        if (updated) emit('chat:message', updated);
        return;
      }
      if (m.retracts) return;
    }
    const { isNew, message } = store.upsert(ui);
    if (!isNew) return;
    emit('chat:message', message);
    if (m.direction === 'in' && openConversation !== m.conversation) {
      const unread = store.addUnread(m.conversation);
      if (m.conversationType === 'groupchat') rooms?.setUnread(m.conversation, unread);
      else session?.setUnread(m.conversation, unread);
    }
  }

  function attach(s: XmppSession) {
    s.on('phase', (phase) => {
      if (s !== session) return; // a session that was replaced or stopped no longer speaks for the app
      if (phase === 'online') lastError = undefined;
      void pushState();
    });
    s.on('roster', (contacts) => emit('roster:changed', contacts));
    s.on('message', (m) => void onLiveMessage(m));
    s.on('messageState', (e) => {
      const m = store.setState(e.conversation, e.id, e.state);
      emit('chat:messageState', { id: e.id, conversation: e.conversation, state: m?.state ?? e.state });
    });
    s.on('typing', (t) => emit('chat:typing', t));
    s.on('subscriptionRequest', (r) => emit('contact:request', r));
    const r = new RoomManager(s);
    const c = new ContactManager(s);
    rooms = r;
    contacts = c;
    s.isRoomJid = (j) => r.isRoom(j);
    r.on('room', (info) => emit('room:changed', info));
    r.on('message', (m) => void onLiveMessage(m));
    r.on('invitation', (inv) => {
      if (features().groupChat) emit('room:invitation', inv);
    });
    let first = true;
    s.on('phase', (phase) => {
      if (phase !== 'online' || !first) return;
      first = false;
      if (features().groupChat) void r.loadBookmarks();
      void (async () => {
        for (const jid of s.unnamedContacts()) {
          const name = await c.displayName(jid);
          if (name) s.setDisplayName(jid, name);
        }
      })();
    });
    deps.onSession?.(s);
  }

  function requireSession(): XmppSession {
    if (!session) throw new UserFacingError('signed-out', 'You are signed out. Sign in to chat.');
    return session;
  }

  function historyPage(s: XmppSession, peer: string, older: boolean) {
    return rooms?.isRoom(peer) ? rooms.history(peer, older) : s.archivePage(peer, older);
  }

  /** An archived message: corrections and retractions fold into their original; the rest is stored. */
  function absorbArchived(raw: CoreMessage): ChatMessage | null {
    const m = applyInboundGuards(raw);
    if (!m) return null;
    const target = m.replaces ?? m.retracts;
    if (target) {
      const original = store.get(m.conversation, target);
      if (original && original.from === m.from) {
        return m.retracts ? (store.update(m.conversation, target, { retracted: true, body: '' }) ?? null) : (store.update(m.conversation, target, { body: m.body, edited: true, notice: m.notice }) ?? null);
      }
      if (m.retracts) return null;
    }
    return store.upsert(toUi(m)).message;
  }

  type SendResult = Awaited<ReturnType<IpcHandlers['chat:send']>>;

  /**
   * The send path (ARCHITECTURE.md): text policy → send gates (DLP, encoded binaries) → journal → outbox.
   * Used for new messages and corrections, in 1:1 chats and rooms.
   */
  async function sendText(input: { to: string; body: string; justification?: string; replaces?: string }): Promise<SendResult> {
    const s = requireSession();
    if (await isNoticeRequired()) return { status: 'refused', reason: 'Acknowledge the records notice before chatting.' };
    if (s.phase === 'connecting') throw new UserFacingError('not-connected', 'Still connecting. Try again in a moment.');
    let peer: string;
    try {
      peer = normaliseBareJid(input.to);
    } catch {
      return { status: 'refused', reason: 'Enter the address as name@domain.' };
    }
    const room = rooms?.info(peer);
    if (room && !features().groupChat) return { status: 'refused', reason: 'Group chat is turned off by policy.' };
    if (room && !room.joined) return { status: 'refused', reason: 'You are not in this room right now. Join it again to send.' };
    const text = checkOutgoingText(input.body, {
      maxLength: policyValue('MaxMessageLength', 10_000),
      allowedDomains: policyValue<string[]>('AllowedContactDomains', []),
      ownDomain: String(policy.current().values.XmppDomain),
      recipient: peer,
    });
    if (!text.ok) return { status: 'refused', reason: text.reason };
    let meta: Record<string, string> = { kind: input.replaces ? 'correction' : 'message', ...(input.replaces ? { replaces: input.replaces } : {}) };
    for (const gate of deps.sendGates ?? []) {
      const verdict = await gate.check({ to: peer, body: text.body, ...(input.justification ? { justification: input.justification } : {}) });
      if (verdict.action === 'refuse') return { status: 'refused', reason: verdict.reason };
      if (verdict.action === 'justify') return { status: 'needs-justification', reason: verdict.reason, findings: verdict.findings };
      if (verdict.meta) meta = { ...meta, ...verdict.meta };
    }
    const extra = input.replaces ? [xml('replace', { xmlns: NS.correction, id: input.replaces })] : [];
    const built = room && rooms ? rooms.buildGroupchat(peer, text.body, undefined, extra) : s.buildChat(peer, text.body, undefined, extra);
    const { id, stanza } = built;
    const message: ChatMessage = {
      id,
      conversation: peer,
      conversationType: room ? 'groupchat' : 'chat',
      direction: 'out',
      from: s.bareJid,
      ...(room ? { fromName: room.nick } : {}),
      body: text.body,
      sentAt: new Date().toISOString(),
      state: 'pending',
    };
    // Journal first: if the record cannot be spooled, the message is not sent.
    if (deps.journal) {
      try {
        await deps.journal.outbound(message, meta);
      } catch (err) {
        if (err instanceof UserFacingError) return { status: 'refused', reason: err.message };
        log.error('journal.outbound-failed', { name: (err as Error).name });
        return { status: 'refused', reason: 'The message was not sent: it could not be recorded for retention. Contact your administrator.' };
      }
    }
    // A DLP warning the user overrode, or a logged finding, is also its own record (kind dlp-override / dlp-log).
    if (meta.dlpAction === 'warn' || meta.dlpAction === 'log') {
      await deps.journal
        ?.append?.({
          kind: meta.dlpAction === 'warn' ? 'dlp-override' : 'dlp-log',
          conversation: peer,
          conversationType: message.conversationType,
          direction: 'out',
          sender: s.bareJid,
          recipients: [peer],
          sentAt: message.sentAt,
          body: '',
          meta: { message: id, types: meta.dlpTypes ?? '', rules: meta.dlpRules ?? '', ...(meta.justification ? { justification: meta.justification } : {}) },
        })
        .catch((err: unknown) => log.error('journal.dlp-record-failed', { name: (err as Error).name }));
    }
    seenRecords.add(id); // our own reflection from a room must not be journaled twice
    let shown: ChatMessage;
    if (input.replaces) {
      shown = store.update(peer, input.replaces, { body: text.body, edited: true }) ?? message;
    } else {
      shown = store.upsert(message).message;
    }
    try {
      const st = await s.sendChat(peer, id, stanza);
      if (!input.replaces) shown = store.setState(peer, id, st) ?? shown;
    } catch (err) {
      return { status: 'refused', reason: (err as Error).message };
    }
    if (input.replaces) emit('chat:message', shown);
    return { status: 'sent', message: toUi(shown) };
  }

  const handlers: IpcHandlers = {
    'session:getState': async () => state(),

    'session:signIn': async ({ address, password, remember }) => {
      const p = policy.current();
      if (p.fatal.length) throw new UserFacingError('config-error', 'Configuration error — contact your administrator.');
      let bareJid: string;
      try {
        bareJid = normaliseBareJid(address);
      } catch {
        throw new UserFacingError('invalid-address', 'Enter your address as name@domain.');
      }
      const domain = String(p.values.XmppDomain).toLowerCase();
      const [local, addrDomain] = bareJid.split('@') as [string, string];
      if (addrDomain !== domain) throw new UserFacingError('wrong-domain', `Sign in with your ${domain} address.`);
      if (session) await endSession();
      store.clear();
      signedOutReason = undefined;
      const caFile = String(p.values.XmppCaCertificateFile ?? '');
      let extraCa: string[] = [];
      if (caFile) {
        try {
          extraCa = [readFileSync(caFile, 'utf8')];
        } catch {
          throw new UserFacingError('config-error', `Configuration error — contact your administrator. XmppCaCertificateFile: cannot read ${caFile}.`);
        }
      }
      const s = new XmppSession({
        host: String(p.values.XmppHost),
        port: Number(p.values.XmppPort),
        domain,
        username: local,
        password,
        extraCa,
        log,
        outboundGuard: deps.outboundGuard ?? outboundFileTransferGuard,
      });
      session = s;
      attach(s);
      lastError = undefined;
      await pushState();
      try {
        await s.start();
      } catch (err) {
        session = null;
        lastError =
          err instanceof AuthenticationError
            ? err.message
            : (err as NodeJS.ErrnoException).code === 'ECONNREFUSED'
              ? 'The chat server cannot be reached. Check your network, or try again later.'
              : /certificate|self.signed|CERT|altname/i.test(String((err as Error).message) + String((err as NodeJS.ErrnoException).code))
                ? 'The chat server’s certificate could not be verified. Contact your administrator.'
                : 'Sign-in failed. Try again, or contact your administrator.';
        log.warn('session.sign-in-failed', { code: (err as NodeJS.ErrnoException).code, name: (err as Error).name });
        await pushState();
        throw new UserFacingError('sign-in-failed', lastError);
      }
      await settings.update({ lastAddress: bareJid });
      const rememberAllowed = policyValue('RememberPasswordAllowed', true);
      try {
        if (remember && rememberAllowed) await credentials.set(bareJid, password);
        else await credentials.delete(bareJid);
      } catch (err) {
        log.warn('credentials.store-failed', { name: (err as Error).name });
      }
      if (session === s) idle.start();
      return state();
    },

    'session:signOut': async ({ forgetPassword }) => {
      await endSession();
      signedOutReason = undefined;
      if (forgetPassword) {
        const { lastAddress } = await settings.read();
        if (typeof lastAddress === 'string') await credentials.delete(lastAddress).catch(() => false);
      }
      await pushState();
      return state();
    },

    'session:activity': async () => {
      // Only ever postpones sign-out; while signed out there is nothing to do.
      if (session) idle.activity();
      await stateChain; // a cleared warning reaches the renderer before this answer
      return {};
    },

    'roster:list': async () => session?.roster() ?? [],

    'chat:open': async ({ jid }) => {
      const s = requireSession();
      const peer = normaliseBareJid(jid);
      openConversation = peer;
      store.clearUnread(peer);
      if (rooms?.isRoom(peer)) rooms.setUnread(peer, 0);
      else s.setUnread(peer, 0);
      let complete = true;
      try {
        const page = await historyPage(s, peer, false);
        complete = page.complete;
        for (const m of page.messages) absorbArchived(m);
      } catch (err) {
        log.warn('chat.archive-failed', { name: (err as Error).name });
      }
      return { messages: store.list(peer), complete };
    },

    'chat:loadOlder': async ({ jid }) => {
      const s = requireSession();
      const peer = normaliseBareJid(jid);
      const page = await historyPage(s, peer, true);
      const messages: ChatMessage[] = [];
      for (const m of page.messages) {
        const stored = absorbArchived(m);
        if (stored) messages.push(stored);
      }
      return { messages, complete: page.complete };
    },

    'chat:send': async ({ to, body, justification }) => sendText({ to, body, ...(justification ? { justification } : {}) }),

    'chat:setTyping': async ({ to, state: typing }) => {
      const s = session;
      if (s && s.phase === 'online') await s.sendTyping(normaliseBareJid(to), typing).catch(() => {});
      return {};
    },

    'chat:markRead': async ({ jid }) => {
      const s = requireSession();
      const peer = normaliseBareJid(jid);
      openConversation = peer;
      store.clearUnread(peer);
      s.setUnread(peer, 0);
      const lastIn = store.list(peer).filter((m) => m.direction === 'in').at(-1);
      if (lastIn) await s.sendDisplayed(peer, lastIn.id).catch(() => {});
      return {};
    },

    'policy:get': async () => policy.view(),

    'notice:get': async () => {
      const values = policy.current().values;
      const last = session && deps.notice ? await deps.notice.last(session.bareJid) : null;
      const reason = session && deps.notice ? noticeReason(values, last, new Date()) : null;
      return {
        required: reason !== null,
        ...(reason ? { reason } : {}),
        text: values.RecordsNoticeText,
        intervalDays: values.RecordsNoticeIntervalDays,
        ...(last ? { lastAcknowledgedAt: last.at } : {}),
      };
    },

    'notice:acknowledge': async () => {
      const s = requireSession();
      if (!deps.notice) return state();
      const values = policy.current().values;
      const ack = await deps.notice.acknowledge(s.bareJid, values.RecordsNoticeText, new Date());
      // Journaled for central audit: the record carries exactly the text the user acknowledged.
      await deps.journal?.append?.(noticeAckRecord(s.bareJid, ack, values)).catch((err: unknown) => log.error('journal.notice-ack-failed', { name: (err as Error).name }));
      log.info('notice.acknowledged', { intervalDays: values.RecordsNoticeIntervalDays });
      await pushState();
      return state();
    },

    'journal:getStatus': async () => deps.journalStatus?.() ?? { state: 'disabled', pending: 0, failMode: policyValue('RetentionFailMode', 'fail-open-spooled') },

    ...createFeatureHandlers({
      requireSession,
      rooms: () => rooms,
      contacts: () => contacts,
      store,
      emit,
      features,
      sendText,
      journal: deps.journal,
      log,
    }),

    ...createUserSettingsHandlers({ settings, policy, log, ...(deps.audit ? { audit: deps.audit } : {}) }),
  };

  return {
    handlers,
    state,
    session: () => session,
    async shutdown() {
      idle.stop();
      if (session) await session.stop();
      session = null;
    },
  };
}
