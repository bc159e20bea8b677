import type { ChatMessage, Contact, DeliveryState, JournalStatus, PresenceShow, RoomInfo, SessionState, TypingState } from '../../shared/ipc/types';
import { bareJid } from '../../shared/xmpp/jid';

export interface RoomInvitation {
  room: string;
  from: string;
  reason?: string;
}

/** The presence the user can choose for themselves ('presence:set'). */
export type OwnPresence = Extract<PresenceShow, 'online' | 'away' | 'xa' | 'dnd'>;

/** One 1:1 conversation as the renderer knows it. Messages are kept sorted oldest first. */
export interface ConversationState {
  jid: string;
  messages: ChatMessage[];
  /** True once 'chat:open' answered. */
  loaded: boolean;
  /** No older history left on the server. */
  complete: boolean;
  loadingOlder: boolean;
  /** What the peer last said about typing; null when nothing (or 'gone'). */
  peerTyping: TypingState | null;
  /** When that typing state arrived (ms since epoch), so a stale "typing…" can expire. */
  peerTypingAt: number;
  /** Why history could not be loaded (shown with a retry); null when fine. */
  historyError: string | null;
  /** Unread incoming messages when the conversation was opened: the "New messages" line sits above them. */
  unreadAtOpen: number;
}

/** Which page fills the main pane. New screens (rooms, journal status…) add a variant here. */
export type MainView = { kind: 'home' } | { kind: 'conversation'; jid: string } | { kind: 'policy' } | { kind: 'search' } | { kind: 'settings' };

export interface AppState {
  session: SessionState | null;
  /** Has this renderer seen the 'online' phase since the last sign-out? Decides what 'connecting' shows. */
  wasOnline: boolean;
  /** The address last signed in with (kept across sign-out, to prefill the form when none is saved). */
  lastAddress: string;
  contacts: Contact[];
  conversations: Record<string, ConversationState>;
  unread: Record<string, number>;
  drafts: Record<string, string>;
  view: MainView;
  /** What the user last chose for their own presence (main does not echo it back). */
  ownPresence: OwnPresence;
  /** The user's own status text, sent with every 'presence:set' so an automatic change keeps it. */
  ownStatus: string;
  /** Set while the app reports the user idle (XEP-0319, automatic 'away'); ownPresence stays their choice. */
  ownIdleSince: string | null;
  /** The client journal (records spool and upload); null until main has said. */
  journal: JournalStatus | null;
  /** People asking to add the user as a contact, waiting for an answer. */
  contactRequests: string[];
  /** Group chats (XEP-0045) the user is in or has bookmarked. */
  rooms: RoomInfo[];
  roomInvitations: RoomInvitation[];
}

export type Action =
  | { type: 'session'; session: SessionState }
  | { type: 'roster'; contacts: Contact[] }
  | { type: 'view'; view: MainView }
  | { type: 'history'; jid: string; messages: ChatMessage[]; complete: boolean; older: boolean }
  | { type: 'loadingOlder'; jid: string; loading: boolean }
  | { type: 'historyError'; jid: string; error: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'messageState'; id: string; conversation: string; state: DeliveryState }
  | { type: 'typing'; jid: string; state: TypingState; at: number }
  | { type: 'draft'; jid: string; text: string }
  | { type: 'ownPresence'; show: OwnPresence }
  | { type: 'ownIdle'; since: string | null }
  | { type: 'journal'; status: JournalStatus }
  | { type: 'contactRequest'; jid: string }
  | { type: 'contactRequestDone'; jid: string }
  | { type: 'rooms'; rooms: RoomInfo[] }
  | { type: 'room'; room: RoomInfo }
  | { type: 'roomGone'; jid: string }
  | { type: 'roomInvitation'; invitation: RoomInvitation }
  | { type: 'roomInvitationDone'; room: string };

export const initialState: AppState = {
  session: null,
  wasOnline: false,
  lastAddress: '',
  contacts: [],
  conversations: {},
  unread: {},
  drafts: {},
  view: { kind: 'home' },
  ownPresence: 'online',
  ownStatus: '',
  ownIdleSince: null,
  journal: null,
  contactRequests: [],
  rooms: [],
  roomInvitations: [],
};

export function emptyConversation(jid: string): ConversationState {
  return { jid, messages: [], loaded: false, complete: false, loadingOlder: false, peerTyping: null, peerTypingAt: 0, historyError: null, unreadAtOpen: 0 };
}

/** The conversation currently on screen, if any. */
export function activeJid(state: AppState): string | null {
  return state.view.kind === 'conversation' ? state.view.jid : null;
}

const byTime = (a: ChatMessage, b: ChatMessage): number => {
  const ta = Date.parse(a.sentAt);
  const tb = Date.parse(b.sentAt);
  return (Number.isNaN(ta) ? 0 : ta) - (Number.isNaN(tb) ? 0 : tb);
};

/** A time as toISOString writes it (what main sends): such strings sort as the times they name. */
function isCanonicalIso(at: string): boolean {
  return at.length === 24 && at.charCodeAt(10) === 84 /* T */ && at.charCodeAt(23) === 90; /* Z */
}

/** `a` is earlier than `b`; a string comparison for canonical times (10,000 Date.parse calls cost ms). */
function earlier(a: string, b: string): boolean {
  if (isCanonicalIso(a) && isCanonicalIso(b)) return a < b;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return (Number.isNaN(ta) ? 0 : ta) < (Number.isNaN(tb) ? 0 : tb);
}

/** Merge messages by id (a later copy replaces an earlier one) and keep them in time order. */
export function mergeMessages(existing: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return existing;
  const index = new Map<string, number>();
  const out = existing.slice();
  out.forEach((m, i) => index.set(m.id, i));
  let needsSort = false;
  let lastAt = out.length ? out[out.length - 1]!.sentAt : null;
  for (const m of incoming) {
    const at = index.get(m.id);
    if (at !== undefined) {
      out[at] = m;
      if (at === out.length - 1) lastAt = m.sentAt;
      continue;
    }
    if (lastAt !== null && earlier(m.sentAt, lastAt)) needsSort = true;
    lastAt = m.sentAt;
    index.set(m.id, out.length);
    out.push(m);
  }
  // Array.prototype.sort is stable, so equal timestamps keep arrival order.
  return needsSort ? out.sort(byTime) : out;
}

function withConversation(state: AppState, jid: string, update: (c: ConversationState) => ConversationState): AppState {
  const current = state.conversations[jid] ?? emptyConversation(jid);
  return { ...state, conversations: { ...state.conversations, [jid]: update(current) } };
}

function setUnread(state: AppState, jid: string, count: number): AppState {
  if ((state.unread[jid] ?? 0) === count) return state;
  return { ...state, unread: { ...state.unread, [jid]: count } };
}

function signedOut(phase: SessionState['phase']): boolean {
  return phase === 'signed-out' || phase === 'config-error';
}

/** A room's unread count from main, kept at least as high as ours, and zero while it is open. */
function withRoomUnread(state: AppState, room: RoomInfo): AppState {
  const count = activeJid(state) === room.jid ? 0 : Math.max(state.unread[room.jid] ?? 0, room.unread);
  return setUnread(state, room.jid, count);
}

/** Conversation data that arrives while nobody is signed in (a late event, a draft saved on unmount) is dropped. */
const USER_DATA: ReadonlySet<Action['type']> = new Set(['roster', 'history', 'message', 'messageState', 'typing', 'draft', 'historyError', 'contactRequest', 'rooms', 'room', 'roomInvitation']);

export function reducer(state: AppState, action: Action): AppState {
  if (USER_DATA.has(action.type) && (!state.session || signedOut(state.session.phase))) return state;
  switch (action.type) {
    case 'session': {
      const s = action.session;
      if (signedOut(s.phase)) {
        // Nothing of the previous user's stays on screen after sign-out.
        return { ...initialState, session: s, journal: state.journal, lastAddress: s.jid ?? state.lastAddress };
      }
      return { ...state, session: s, wasOnline: state.wasOnline || s.phase === 'online', lastAddress: s.jid ?? state.lastAddress };
    }
    case 'roster': {
      const active = activeJid(state);
      const unread: Record<string, number> = { ...state.unread };
      for (const c of action.contacts) {
        // main may or may not count; keep whichever is higher so a roster refresh never hides new messages.
        unread[c.jid] = c.jid === active ? 0 : Math.max(unread[c.jid] ?? 0, c.unread);
      }
      return { ...state, contacts: action.contacts, unread };
    }
    case 'view': {
      const prev = activeJid(state);
      const jid = action.view.kind === 'conversation' ? action.view.jid : null;
      let next: AppState = { ...state, view: action.view };
      if (prev && prev !== jid && state.conversations[prev]?.unreadAtOpen) {
        next = withConversation(next, prev, (c) => ({ ...c, unreadAtOpen: 0 }));
      }
      if (!jid || jid === prev) return jid ? setUnread(next, jid, 0) : next;
      const unread = state.unread[jid] ?? 0;
      next = withConversation(next, jid, (c) => ({ ...c, unreadAtOpen: unread }));
      return setUnread(next, jid, 0);
    }
    case 'history':
      return withConversation(state, action.jid, (c) => ({
        ...c,
        messages: mergeMessages(c.messages, action.messages),
        loaded: true,
        // Only an answer about older history says whether more is left; a re-open keeps what we learnt.
        complete: action.older || !c.loaded ? action.complete : c.complete,
        loadingOlder: action.older ? false : c.loadingOlder,
        historyError: null,
      }));
    case 'historyError':
      return withConversation(state, action.jid, (c) => ({ ...c, loadingOlder: false, historyError: action.error }));
    case 'loadingOlder':
      return withConversation(state, action.jid, (c) => ({ ...c, loadingOlder: action.loading }));
    case 'message': {
      const m = action.message;
      const known = state.conversations[m.conversation]?.messages.some((x) => x.id === m.id) ?? false;
      let next = withConversation(state, m.conversation, (c) => ({
        ...c,
        messages: mergeMessages(c.messages, [m]),
        // A message from the peer means they stopped typing.
        peerTyping: m.direction === 'in' ? null : c.peerTyping,
      }));
      if (!known && m.direction === 'in' && activeJid(state) !== m.conversation) {
        next = setUnread(next, m.conversation, (state.unread[m.conversation] ?? 0) + 1);
      }
      return next;
    }
    case 'messageState': {
      const c = state.conversations[action.conversation];
      if (!c || !c.messages.some((m) => m.id === action.id)) return state;
      return withConversation(state, action.conversation, (conv) => ({
        ...conv,
        messages: conv.messages.map((m) => (m.id === action.id ? { ...m, state: action.state } : m)),
      }));
    }
    case 'typing': {
      const shown = action.state === 'composing' ? 'composing' : action.state === 'paused' ? 'paused' : null;
      return withConversation(state, bareJid(action.jid), (c) => ({ ...c, peerTyping: shown, peerTypingAt: action.at }));
    }
    case 'draft': {
      if ((state.drafts[action.jid] ?? '') === action.text) return state;
      const drafts = { ...state.drafts };
      if (action.text) drafts[action.jid] = action.text;
      else delete drafts[action.jid];
      return { ...state, drafts };
    }
    case 'contactRequest': {
      const jid = bareJid(action.jid);
      return state.contactRequests.includes(jid) ? state : { ...state, contactRequests: [...state.contactRequests, jid] };
    }
    case 'contactRequestDone':
      return { ...state, contactRequests: state.contactRequests.filter((j) => j !== action.jid) };
    case 'rooms': {
      let next: AppState = { ...state, rooms: action.rooms };
      for (const r of action.rooms) next = withRoomUnread(next, r);
      return next;
    }
    case 'room': {
      const at = state.rooms.findIndex((r) => r.jid === action.room.jid);
      const rooms = at === -1 ? [...state.rooms, action.room] : state.rooms.map((r, i) => (i === at ? action.room : r));
      return withRoomUnread({ ...state, rooms }, action.room);
    }
    case 'roomGone': {
      const next = { ...state, rooms: state.rooms.filter((r) => r.jid !== action.jid) };
      return activeJid(next) === action.jid ? { ...next, view: { kind: 'home' } } : next;
    }
    case 'roomInvitation': {
      const inv = action.invitation;
      if (state.roomInvitations.some((i) => i.room === inv.room) || state.rooms.some((r) => r.jid === inv.room && r.joined)) return state;
      return { ...state, roomInvitations: [...state.roomInvitations, inv] };
    }
    case 'roomInvitationDone':
      return { ...state, roomInvitations: state.roomInvitations.filter((i) => i.room !== action.room) };
    case 'journal':
      return { ...state, journal: action.status };
    case 'ownPresence':
      return state.ownPresence === action.show ? state : { ...state, ownPresence: action.show };
    case 'ownIdle':
      return state.ownIdleSince === action.since ? state : { ...state, ownIdleSince: action.since };
  }
}
