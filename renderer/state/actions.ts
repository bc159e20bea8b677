import type { RendererApi } from '../../shared/ipc/api';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { PolicyView, RoomInfo, TypingState, UserSettingRequest } from '../../shared/ipc/types';
import { activeJid, type Action, type AppState, type MainView, type OwnPresence } from './reducer';

export type SendResult = ResponseOf<'chat:send'>;

/** Everything the UI asks of main, in one place; components never call `api.invoke` themselves. */
export interface Actions {
  /** Ask main for the session state (at start); events keep it current after that. */
  refreshSession(): Promise<void>;
  signIn(address: string, password: string, remember: boolean): Promise<void>;
  signOut(forgetPassword: boolean): Promise<void>;
  show(view: MainView): void;
  openConversation(jid: string): Promise<void>;
  loadOlder(jid: string): Promise<void>;
  send(to: string, body: string, justification?: string): Promise<SendResult>;
  /** Correct an own message (XEP-0308): the same checks as sending; the original stays on record. */
  correct(to: string, id: string, body: string, justification?: string): Promise<SendResult>;
  /** Retract an own message (XEP-0424), if policy allows; the original stays on record. */
  retract(to: string, id: string): Promise<ResponseOf<'chat:retract'>>;
  setTyping(to: string, state: TypingState): void;
  /** Tell main the composer refused a pasted or dropped file, image or encoded binary (audited there). */
  transferRefused(report: RequestOf<'composer:refused'>): void;
  setDraft(jid: string, text: string): void;
  refreshRoster(): Promise<void>;
  setPresence(show: OwnPresence): Promise<void>;
  /** Automatic idle (XEP-0319): a date reports 'away' idle since then (only when the user chose 'online');
   *  null restores the chosen presence without idleSince. Keeps the user's status text. */
  setIdle(since: Date | null): Promise<void>;
  refreshJournal(): Promise<void>;
  refreshRooms(): Promise<void>;
  /** Join (or create) a room. Rejects with a user-facing reason (members-only, banned…). */
  joinRoom(room: string, nick?: string): Promise<RoomInfo>;
  leaveRoom(room: string): Promise<void>;
  inviteToRoom(room: string, jid: string, reason?: string): Promise<void>;
  declineRoomInvitation(room: string): void;
  addContact(jid: string, name?: string): Promise<void>;
  /** Rename a roster entry; the new roster arrives with 'roster:changed'. Rejects with a user-facing reason. */
  renameContact(jid: string, name: string): Promise<void>;
  /** Remove a roster entry (and the presence subscription); the roster arrives with 'roster:changed'. */
  removeContact(jid: string): Promise<void>;
  /** Answer someone's request to add the user (presence subscription). */
  respondToContact(jid: string, accept: boolean): Promise<void>;
  /** Record that the user acknowledged the records notice; main answers with the new session state. */
  acknowledgeNotice(): Promise<void>;
  /** Keyboard/mouse activity for main's idle sign-out timer (throttled by the caller; see idle.ts). */
  reportActivity(): Promise<void>;
  /** Save the user's own value for a user-settable policy (IdleSignOutMinutes; null clears it). Main answers
   *  with the policy now in force, or rejects with a reason (e.g. the setting is managed by the organization). */
  saveSetting(name: UserSettingRequest['name'], value: UserSettingRequest['value']): Promise<PolicyView>;
}

/** A user-facing sentence from a rejected invoke (IpcError messages are written for people). */
export function errorText(err: unknown, fallback = 'Something went wrong. Try again.'): string {
  if (err instanceof Error && err.message) return err.message;
  return fallback;
}

/**
 * Counts 'session:state' events. An invoke that answers with a SessionState may answer after an event
 * that is newer than its answer (sign-in: connecting → event offline → event signed-out → the answer
 * "connecting"); the answer is applied only when no event came while it was in flight.
 */
export interface SessionClock {
  events: number;
}

export function createActions(api: RendererApi, dispatch: (a: Action) => void, getState: () => AppState, clock: SessionClock = { events: 0 }): Actions {
  const inFlightOlder = new Set<string>();

  async function sessionCall(call: () => Promise<AppState['session']>): Promise<void> {
    const before = clock.events;
    const session = await call();
    if (session && clock.events === before) dispatch({ type: 'session', session });
  }

  const markRead = (jid: string): void => {
    api.invoke('chat:markRead', { jid }).catch(() => undefined);
  };

  const actions: Actions = {
    async refreshSession() {
      await sessionCall(() => api.invoke('session:getState', {}));
    },
    async signIn(address, password, remember) {
      await sessionCall(() => api.invoke('session:signIn', { address: address.trim(), password, remember }));
    },
    async signOut(forgetPassword) {
      await sessionCall(() => api.invoke('session:signOut', { forgetPassword }));
    },
    show(view) {
      dispatch({ type: 'view', view });
    },
    async openConversation(jid) {
      dispatch({ type: 'view', view: { kind: 'conversation', jid } });
      markRead(jid);
      try {
        const { messages, complete } = await api.invoke('chat:open', { jid });
        dispatch({ type: 'history', jid, messages, complete, older: false });
      } catch (err) {
        dispatch({ type: 'historyError', jid, error: errorText(err, 'Messages could not be loaded.') });
      }
    },
    async loadOlder(jid) {
      const conv = getState().conversations[jid];
      if (!conv || conv.complete || inFlightOlder.has(jid)) return;
      // History never arrived (chat:open failed): retry that first.
      if (!conv.loaded) return actions.openConversation(jid);
      inFlightOlder.add(jid);
      dispatch({ type: 'loadingOlder', jid, loading: true });
      try {
        const oldest = conv.messages[0]?.id;
        const { messages, complete } = await api.invoke('chat:loadOlder', oldest === undefined ? { jid } : { jid, before: oldest });
        dispatch({ type: 'history', jid, messages, complete, older: true });
      } catch (err) {
        dispatch({ type: 'historyError', jid, error: errorText(err, 'Earlier messages could not be loaded.') });
      } finally {
        inFlightOlder.delete(jid);
      }
    },
    async send(to, body, justification) {
      const result = await api.invoke('chat:send', justification === undefined ? { to, body } : { to, body, justification });
      if (result.status === 'sent') dispatch({ type: 'message', message: result.message });
      return result;
    },
    async correct(to, id, body, justification) {
      const result = await api.invoke('chat:correct', justification === undefined ? { to, id, body } : { to, id, body, justification });
      if (result.status === 'sent') dispatch({ type: 'message', message: result.message });
      return result;
    },
    async retract(to, id) {
      const result = await api.invoke('chat:retract', { to, id });
      const m = getState().conversations[to]?.messages.find((x) => x.id === id);
      if (result.status === 'retracted' && m) dispatch({ type: 'message', message: { ...m, body: '', retracted: true } });
      return result;
    },
    setTyping(to, state) {
      api.invoke('chat:setTyping', { to, state }).catch(() => undefined);
    },
    transferRefused(report) {
      api.invoke('composer:refused', report).catch(() => undefined);
    },
    setDraft(jid, text) {
      dispatch({ type: 'draft', jid, text });
    },
    async setPresence(show) {
      const before = getState().ownPresence;
      const beforeIdle = getState().ownIdleSince;
      const status = getState().ownStatus.trim();
      dispatch({ type: 'ownPresence', show });
      dispatch({ type: 'ownIdle', since: null });
      try {
        await api.invoke('presence:set', status ? { show, status } : { show });
      } catch (err) {
        dispatch({ type: 'ownPresence', show: before });
        dispatch({ type: 'ownIdle', since: beforeIdle });
        throw err;
      }
    },
    async setIdle(since) {
      const { ownPresence, ownIdleSince, ownStatus, session } = getState();
      const status = ownStatus.trim();
      if (since) {
        if (ownPresence !== 'online' || ownIdleSince || session?.phase !== 'online') return;
        const idleSince = since.toISOString();
        dispatch({ type: 'ownIdle', since: idleSince });
        await api.invoke('presence:set', { show: 'away', idleSince, ...(status ? { status } : {}) });
      } else {
        if (!ownIdleSince) return;
        dispatch({ type: 'ownIdle', since: null });
        if (session?.phase !== 'online') return;
        await api.invoke('presence:set', status ? { show: ownPresence, status } : { show: ownPresence });
      }
    },
    async refreshRooms() {
      dispatch({ type: 'rooms', rooms: await api.invoke('room:list', {}) });
    },
    async joinRoom(room, nick) {
      const info = await api.invoke('room:join', nick ? { room, nick } : { room });
      dispatch({ type: 'room', room: info });
      dispatch({ type: 'roomInvitationDone', room: info.jid });
      return info;
    },
    async leaveRoom(room) {
      await api.invoke('room:leave', { room, forget: true });
      dispatch({ type: 'roomGone', jid: room });
    },
    async inviteToRoom(room, jid, reason) {
      await api.invoke('room:invite', reason ? { room, jid, reason } : { room, jid });
    },
    declineRoomInvitation(room) {
      dispatch({ type: 'roomInvitationDone', room });
    },
    async addContact(jid, name) {
      await api.invoke('contact:add', name ? { jid, name } : { jid });
    },
    async renameContact(jid, name) {
      await api.invoke('contact:rename', { jid, name: name.trim() });
    },
    async removeContact(jid) {
      await api.invoke('contact:remove', { jid });
    },
    async respondToContact(jid, accept) {
      await api.invoke('contact:respond', { jid, accept });
      dispatch({ type: 'contactRequestDone', jid });
    },
    async acknowledgeNotice() {
      await sessionCall(() => api.invoke('notice:acknowledge', {}));
    },
    async reportActivity() {
      await api.invoke('session:activity', {});
    },
    saveSetting(name, value) {
      return api.invoke('settings:set', { name, value });
    },
    async refreshJournal() {
      dispatch({ type: 'journal', status: await api.invoke('journal:getStatus', {}) });
    },
    async refreshRoster() {
      const contacts = await api.invoke('roster:list', {});
      dispatch({ type: 'roster', contacts });
    },
  };

  return actions;
}

/**
 * Subscribe to main's events. Returns the unsubscribe function. An incoming message in the open
 * conversation is marked read straight away, so main's unread count agrees with the screen.
 */
export function subscribeEvents(
  api: RendererApi,
  dispatch: (a: Action) => void,
  getState: () => AppState,
  clock: SessionClock = { events: 0 },
  onSessionEvent?: () => void,
): () => void {
  const offs = [
    api.on('session:state', (session) => {
      clock.events += 1;
      dispatch({ type: 'session', session });
      onSessionEvent?.();
    }),
    api.on('roster:changed', (contacts) => dispatch({ type: 'roster', contacts })),
    api.on('chat:message', (message) => {
      dispatch({ type: 'message', message });
      if (message.direction === 'in' && activeJid(getState()) === message.conversation && document.visibilityState === 'visible') {
        api.invoke('chat:markRead', { jid: message.conversation }).catch(() => undefined);
      }
    }),
    api.on('chat:messageState', ({ id, conversation, state }) => dispatch({ type: 'messageState', id, conversation, state })),
    api.on('chat:typing', ({ jid, state }) => dispatch({ type: 'typing', jid, state, at: Date.now() })),
    api.on('journal:status', (status) => dispatch({ type: 'journal', status })),
    api.on('contact:request', ({ jid }) => dispatch({ type: 'contactRequest', jid })),
    api.on('room:changed', (room) => dispatch({ type: 'room', room })),
    api.on('room:invitation', (invitation) => dispatch({ type: 'roomInvitation', invitation })),
  ];
  return () => offs.forEach((off) => off());
}
