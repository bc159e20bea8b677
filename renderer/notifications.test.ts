import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '../shared/ipc/api';
import type { ChatMessage } from '../shared/ipc/types';
import { notificationBody, notificationTitle, setNotificationsEnabled, shouldNotify, subscribeNotifications, type NotifyState } from './notifications';
import { initialState, type AppState } from './state/reducer';

const DANA = 'dana.whitfield@agency.example.gov';
const ROOM = 'budget-office@conference.agency.example.gov';

const msg = (extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm1',
  conversation: DANA,
  conversationType: 'chat',
  direction: 'in',
  from: DANA,
  fromName: 'Dana Whitfield',
  body: 'Can you send the figures?',
  sentAt: '2026-05-01T15:00:00Z',
  state: 'received',
  ...extra,
});

const ready: NotifyState = { enabled: true, permission: 'granted', ownPresence: 'online', documentHidden: false, openConversation: null, known: false };

describe('shouldNotify', () => {
  it('notifies an incoming 1:1 message when its conversation is not open', () => {
    expect(shouldNotify(msg(), ready)).toBe(true);
    expect(shouldNotify(msg(), { ...ready, openConversation: 'marcus.lee@agency.example.gov' })).toBe(true);
  });

  it('notifies the open conversation only while the window is hidden', () => {
    expect(shouldNotify(msg(), { ...ready, openConversation: DANA })).toBe(false);
    expect(shouldNotify(msg(), { ...ready, openConversation: DANA, documentHidden: true })).toBe(true);
  });

  it('in rooms, only messages that mention the user', () => {
    const room = msg({ conversation: ROOM, conversationType: 'groupchat', from: `${ROOM}/Dana Whitfield` });
    expect(shouldNotify(room, ready)).toBe(false);
    expect(shouldNotify({ ...room, mention: false }, ready)).toBe(false);
    expect(shouldNotify({ ...room, mention: true }, ready)).toBe(true);
    expect(shouldNotify({ ...room, mention: true }, { ...ready, openConversation: ROOM })).toBe(false);
  });

  it('never while the user is in Do not disturb, turned it off, or has no permission', () => {
    expect(shouldNotify(msg(), { ...ready, ownPresence: 'dnd' })).toBe(false);
    expect(shouldNotify(msg(), { ...ready, ownPresence: 'dnd', documentHidden: true })).toBe(false);
    expect(shouldNotify(msg(), { ...ready, ownPresence: 'away' })).toBe(true);
    expect(shouldNotify(msg(), { ...ready, enabled: false })).toBe(false);
    for (const permission of ['default', 'denied', 'unsupported'] as const) expect(shouldNotify(msg(), { ...ready, permission })).toBe(false);
  });

  it('not for own messages, repeats, corrections, retractions or empty bodies', () => {
    expect(shouldNotify(msg({ direction: 'out', from: 'alex.morgan@agency.example.gov' }), ready)).toBe(false);
    expect(shouldNotify(msg(), { ...ready, known: true })).toBe(false);
    expect(shouldNotify(msg({ edited: true }), ready)).toBe(false);
    expect(shouldNotify(msg({ retracted: true, body: '' }), ready)).toBe(false);
    expect(shouldNotify(msg({ body: '  ' }), ready)).toBe(false);
    expect(shouldNotify(msg({ body: '', notice: 'File sharing is blocked by policy' }), ready)).toBe(true);
  });
});

describe('notification text', () => {
  it('body with NotificationShowsText on: the first 120 characters on one line', () => {
    const on = { showText: true, title: 'Dana W.' };
    expect(notificationBody(msg({ body: 'one\n\ntwo' }), on)).toBe('one two');
    const long = notificationBody(msg({ body: 'x'.repeat(300) }), on);
    expect(Array.from(long).length).toBe(120);
    expect(long.endsWith('…')).toBe(true);
    expect(notificationBody(msg({ body: 'y'.repeat(120) }), on)).toBe('y'.repeat(120));
  });

  it('body with NotificationShowsText off: "New message from <name>" and none of the text', () => {
    const body = notificationBody(msg({ body: 'SSN 123-45-6789 for the form' }), { showText: false, title: 'Dana W.' });
    expect(body).toBe('New message from Dana W.');
    expect(body).not.toContain('123-45-6789');
  });

  it('title: the contact, or who said it in which room', () => {
    const state = { contacts: [{ jid: DANA, name: 'Dana W.', subscription: 'both' as const, ask: false, presence: 'online' as const, unread: 0 }], rooms: [] };
    expect(notificationTitle(msg(), state)).toBe('Dana W.');
    expect(notificationTitle(msg({ fromName: undefined }), { contacts: [], rooms: [] })).toBe('Dana Whitfield');
    const room = msg({ conversation: ROOM, conversationType: 'groupchat', from: `${ROOM}/Priya`, fromName: undefined, mention: true });
    expect(notificationTitle(room, { contacts: [], rooms: [] })).toBe('Priya in budget-office');
  });
});

describe('subscribeNotifications', () => {
  let emitted: ((m: ChatMessage) => void) | null;
  let state: AppState;
  const api = {
    invoke: vi.fn(),
    on: (_channel: string, listener: (m: ChatMessage) => void) => {
      emitted = listener;
      return () => (emitted = null);
    },
  } as unknown as RendererApi;

  beforeEach(() => {
    emitted = null;
    state = { ...initialState, view: { kind: 'conversation', jid: 'marcus.lee@agency.example.gov' } };
    const store = new Map<string, string>();
    vi.stubGlobal('window', {
      Notification: { permission: 'granted', requestPermission: vi.fn(async () => 'granted') },
      localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      focus: vi.fn(),
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  let showText = true;
  function setup() {
    const shown: { title: string; options: NotificationOptions; n: { onclick: (() => void) | null; onclose: (() => void) | null; close: () => void } }[] = [];
    const open = vi.fn();
    const focusWindow = vi.fn();
    const sub = subscribeNotifications(api, {
      getState: () => state,
      open,
      focusWindow,
      documentHidden: () => false,
      showText: () => showText,
      createNotification: (title, options) => {
        const n = { onclick: null, onclose: null, close: vi.fn() };
        shown.push({ title, options, n });
        return n as unknown as Notification;
      },
    });
    return { shown, open, focusWindow, sub };
  }

  it('shows title, 120-character body and the conversation as tag; a click focuses and opens it', () => {
    const { shown, open, focusWindow } = setup();
    emitted?.(msg({ body: 'z'.repeat(200) }));
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('Dana Whitfield');
    expect(shown[0]!.options).toEqual({ body: `${'z'.repeat(119)}…`, tag: DANA });
    shown[0]!.n.onclick?.();
    expect(focusWindow).toHaveBeenCalled();
    expect(open).toHaveBeenCalledWith(DANA);
    expect(shown[0]!.n.close).toHaveBeenCalled();
  });

  it('policy NotificationShowsText off: the notification names the sender and carries no text (control: on carries it)', () => {
    const { shown } = setup();
    showText = false;
    emitted?.(msg({ id: 'secret', body: 'the code is 4417' }));
    showText = true;
    emitted?.(msg({ id: 'plain', body: 'the code is 4417' }));
    expect(shown.map((s) => s.options.body)).toEqual(['New message from Dana Whitfield', 'the code is 4417']);
    expect(shown[0]!.title).toBe('Dana Whitfield');
  });

  it('the same message twice notifies once; Do not disturb and the Settings switch silence it', async () => {
    const { shown } = setup();
    emitted?.(msg());
    emitted?.(msg());
    expect(shown).toHaveLength(1);
    state = { ...state, ownPresence: 'dnd' };
    emitted?.(msg({ id: 'm2' }));
    expect(shown).toHaveLength(1);
    state = { ...state, ownPresence: 'online' };
    await setNotificationsEnabled(false);
    emitted?.(msg({ id: 'm3' }));
    expect(shown).toHaveLength(1);
    await setNotificationsEnabled(true);
    emitted?.(msg({ id: 'm4' }));
    expect(shown).toHaveLength(2);
  });

  it('closes a conversation notification once it is opened, and stops on unsubscribe', () => {
    const { shown, sub } = setup();
    emitted?.(msg());
    sub.closeFor(DANA);
    expect(shown[0]!.n.close).toHaveBeenCalled();
    sub.off();
    expect(emitted).toBeNull();
  });
});
