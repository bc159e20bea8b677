/**
 * Desktop notifications (issue 7). An incoming 1:1 message, or a room message that mentions the user,
 * raises a system notification when the window is hidden or the conversation is not open, unless the
 * user is in "Do not disturb" or turned notifications off. Clicking one focuses the window and opens the
 * conversation. The unread count in the window title is App.tsx's ("(N) Approved IM"); a host can read it.
 *
 * The decision is the pure `shouldNotify`; the browser parts (Notification, localStorage) are injected
 * so they can be replaced in tests and are absent-safe (no Notification API: nothing happens).
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { RendererApi } from '../shared/ipc/api';
import type { ChatMessage } from '../shared/ipc/types';
import { activeJid, type AppState, type OwnPresence } from './state/reducer';
import { localPart, nameFromAddress } from './state/people';
import { resourceOf } from '../shared/xmpp/jid';
import { watchNotificationTextPolicy } from './notificationPolicy';

/** Characters of the message shown in the notification. */
export const NOTIFY_BODY_CHARS = 120;

export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

export interface NotifyState {
  /** The user's own switch (Settings); on unless turned off. */
  enabled: boolean;
  permission: NotifyPermission;
  ownPresence: OwnPresence;
  /** The window is minimised, on another desktop, or behind other windows (document.hidden). */
  documentHidden: boolean;
  /** The conversation on screen, if any. */
  openConversation: string | null;
  /** This message id came before (a repeat after a reconnect): it was notified, or decided, already. */
  known: boolean;
}

/** Should this 'chat:message' event raise a desktop notification? */
export function shouldNotify(message: ChatMessage, state: NotifyState): boolean {
  if (!state.enabled || state.permission !== 'granted') return false;
  if (state.ownPresence === 'dnd') return false;
  // A correction or retraction of an earlier message is not news.
  if (message.direction !== 'in' || state.known || message.edited || message.retracted) return false;
  if (!message.body.trim() && !message.notice) return false;
  if (message.conversationType === 'groupchat' && message.mention !== true) return false;
  return state.documentHidden || state.openConversation !== message.conversation;
}

/**
 * The text of the notification. Policy NotificationShowsText off (the default): "New message from <name>"
 * and nothing of the message, because the OS keeps notifications on disk outside the encrypted spool.
 * On: the first NOTIFY_BODY_CHARS characters, on one line.
 */
export function notificationBody(message: ChatMessage, opts: { showText: boolean; title: string }): string {
  if (!opts.showText) return `New message from ${opts.title}`;
  const text = (message.body.trim() ? message.body : (message.notice ?? '')).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > NOTIFY_BODY_CHARS ? `${chars.slice(0, NOTIFY_BODY_CHARS - 1).join('')}…` : text;
}

/** "Dana Whitfield", or "Dana Whitfield in Budget Office" for a room. */
export function notificationTitle(message: ChatMessage, state: Pick<AppState, 'contacts' | 'rooms'>): string {
  if (message.conversationType === 'groupchat') {
    const room = state.rooms.find((r) => r.jid === message.conversation);
    const roomName = room?.name || localPart(message.conversation);
    const nick = message.fromName || resourceOf(message.from) || 'Someone';
    return `${nick} in ${roomName}`;
  }
  const contact = state.contacts.find((c) => c.jid === message.conversation);
  return contact?.name || message.fromName || nameFromAddress(message.conversation);
}

// ---------------------------------------------------------------------------------------------------
// The user's switch and the browser's permission, as one small external store.

const PREF_KEY = 'approvedIm.desktopNotifications';
const OFFER_KEY = 'approvedIm.desktopNotificationsOffer';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // Storage refused (private mode, quota): the choice lasts until the window closes.
  }
}

const memory: Record<string, string> = {};
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

export function currentPermission(): NotifyPermission {
  if (typeof window === 'undefined' || typeof window.Notification === 'undefined') return 'unsupported';
  const p = window.Notification.permission;
  return p === 'granted' || p === 'denied' ? p : 'default';
}

export interface NotifySettings {
  enabled: boolean;
  permission: NotifyPermission;
  /** The sidebar's "Enable desktop notifications" offer was answered or dismissed. */
  offerDone: boolean;
}

function snapshot(): string {
  const enabled = (memory[PREF_KEY] ?? read(PREF_KEY)) !== 'off';
  const offerDone = (memory[OFFER_KEY] ?? read(OFFER_KEY)) === 'done';
  return `${currentPermission()}|${enabled ? 1 : 0}|${offerDone ? 1 : 0}`;
}

function parse(snap: string): NotifySettings {
  const [permission, enabled, offerDone] = snap.split('|');
  return { permission: permission as NotifyPermission, enabled: enabled === '1', offerDone: offerDone === '1' };
}

export function notifySettings(): NotifySettings {
  return parse(snapshot());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // The permission can change outside the app (site or system settings).
  const onFocus = () => listener();
  window.addEventListener('focus', onFocus);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('focus', onFocus);
  };
}

/** Turn notifications on or off. Turning on asks for the permission if it was never asked (needs a click). */
export async function setNotificationsEnabled(on: boolean): Promise<NotifySettings> {
  memory[PREF_KEY] = on ? 'on' : 'off';
  write(PREF_KEY, memory[PREF_KEY]);
  if (on && currentPermission() === 'default') {
    try {
      await window.Notification.requestPermission();
    } catch {
      // An old callback-style API or a refused request: the permission below says what happened.
    }
  }
  memory[OFFER_KEY] = 'done';
  write(OFFER_KEY, 'done');
  changed();
  return notifySettings();
}

export function dismissNotificationOffer(): void {
  memory[OFFER_KEY] = 'done';
  write(OFFER_KEY, 'done');
  changed();
}

export function useNotifySettings(): NotifySettings {
  return parse(useSyncExternalStore(subscribe, snapshot, () => 'unsupported|0|1'));
}

// ---------------------------------------------------------------------------------------------------
// Showing them.

export interface NotifierDeps {
  getState: () => AppState;
  /** Open a conversation (the notification was clicked). */
  open: (jid: string) => void;
  /** Policy NotificationShowsText, as last read (see notificationPolicy.ts); false until known. */
  showText: () => boolean;
  /** Defaults to the browser's. */
  createNotification?: (title: string, options: NotificationOptions) => Notification | null;
  documentHidden?: () => boolean;
  focusWindow?: () => void;
}

const MAX_REMEMBERED = 500;

/**
 * Listen for incoming messages and raise notifications. Returns the unsubscribe function and a way to
 * close a conversation's notification once the user has opened it.
 */
export function subscribeNotifications(api: RendererApi, deps: NotifierDeps): { off: () => void; closeFor: (jid: string) => void } {
  const create =
    deps.createNotification ??
    ((title: string, options: NotificationOptions) => (typeof window.Notification === 'function' ? new window.Notification(title, options) : null));
  const hidden = deps.documentHidden ?? (() => document.visibilityState === 'hidden');
  const focus = deps.focusWindow ?? (() => window.focus());
  const seen = new Set<string>();
  const shown = new Map<string, Notification>();

  const off = api.on('chat:message', (message) => {
    const state = deps.getState();
    const key = `${message.conversation}\u0000${message.id}`;
    // Not the app state: the store may or may not have taken this message in yet.
    const known = seen.has(key);
    seen.add(key);
    if (seen.size > MAX_REMEMBERED) seen.delete(seen.values().next().value as string);
    const settings = notifySettings();
    const decide: NotifyState = {
      enabled: settings.enabled,
      permission: settings.permission,
      ownPresence: state.ownPresence,
      documentHidden: hidden(),
      openConversation: activeJid(state),
      known,
    };
    if (!shouldNotify(message, decide)) return;
    let n: Notification | null = null;
    try {
      // The tag replaces the conversation's previous notification instead of stacking them.
      const title = notificationTitle(message, state);
      n = create(title, { body: notificationBody(message, { showText: deps.showText(), title }), tag: message.conversation });
    } catch {
      return; // The host refused (e.g. a permission revoked meanwhile): the unread count still shows it.
    }
    if (!n) return;
    shown.set(message.conversation, n);
    n.onclick = () => {
      focus();
      deps.open(message.conversation);
      n?.close();
    };
    n.onclose = () => {
      if (shown.get(message.conversation) === n) shown.delete(message.conversation);
    };
  });

  return {
    off,
    closeFor(jid) {
      shown.get(jid)?.close();
      shown.delete(jid);
    },
  };
}

/** Raise notifications while signed in (MainLayout), and close a conversation's once it is opened. */
export function useDesktopNotifications(api: RendererApi, state: AppState, open: (jid: string) => void): void {
  const stateRef = useRef(state);
  stateRef.current = state;
  const openRef = useRef(open);
  openRef.current = open;
  const closeRef = useRef<((jid: string) => void) | null>(null);

  useEffect(() => {
    const textPolicy = watchNotificationTextPolicy(api);
    const sub = subscribeNotifications(api, { getState: () => stateRef.current, open: (jid) => openRef.current(jid), showText: textPolicy.current });
    closeRef.current = sub.closeFor;
    return () => {
      closeRef.current = null;
      sub.off();
      textPolicy.off();
    };
  }, [api]);

  const open$ = activeJid(state);
  useEffect(() => {
    if (open$) closeRef.current?.(open$);
  }, [open$]);
}
