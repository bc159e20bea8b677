import { describe, expect, it } from 'vitest';
import type { ChatMessage, Contact, SessionState } from '../../shared/ipc/types';
import { initialState, mergeMessages, reducer, type AppState } from './reducer';

const session = (phase: SessionState['phase']): SessionState => ({
  phase,
  jid: 'me@x.gov',
  configErrors: [],
  configWarnings: [],
  rememberPasswordAllowed: true,
  hasSavedPassword: false,
});
const msg = (id: string, sentAt: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  conversation: 'dana@x.gov',
  conversationType: 'chat',
  direction: 'in',
  from: 'dana@x.gov',
  body: id,
  sentAt,
  state: 'received',
  ...extra,
});
const contact = (jid: string, unread = 0): Contact => ({ jid, name: jid, subscription: 'both', ask: false, presence: 'online', unread });
const online = (): AppState => reducer(initialState, { type: 'session', session: session('online') });

describe('mergeMessages', () => {
  it('replaces by id and keeps time order', () => {
    const a = msg('a', '2026-01-01T10:00:00Z');
    const b = msg('b', '2026-01-01T11:00:00Z');
    const older = msg('o', '2026-01-01T09:00:00Z');
    const edited = { ...a, body: 'fixed', edited: true };
    expect(mergeMessages([a, b], [edited, older]).map((m) => [m.id, m.body])).toEqual([
      ['o', 'o'],
      ['a', 'fixed'],
      ['b', 'b'],
    ]);
  });
  it('orders canonical (toISOString) and other ISO times by the time they name', () => {
    // 10:30Z written with an offset comes after 10:00:00.000Z and before 11:00:00.000Z.
    const a = msg('a', '2026-01-01T10:00:00.000Z');
    const b = msg('b', '2026-01-01T11:00:00.000Z');
    const offset = msg('x', '2026-01-01T12:30:00+02:00');
    expect(mergeMessages([a, b], [offset]).map((m) => m.id)).toEqual(['a', 'x', 'b']);
    // Control: canonical strings already in order are kept as they came.
    const c = msg('c', '2026-01-01T11:00:00.001Z');
    expect(mergeMessages([a, b], [c]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(mergeMessages([b], [a]).map((m) => m.id)).toEqual(['a', 'b']);
  });
  it('returns the same array when nothing comes in', () => {
    const list = [msg('a', '2026-01-01T10:00:00Z')];
    expect(mergeMessages(list, [])).toBe(list);
  });
});

describe('reducer', () => {
  it('remembers having been online, and forgets everything on sign-out', () => {
    let s = online();
    expect(s.wasOnline).toBe(true);
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z') });
    s = reducer(s, { type: 'draft', jid: 'dana@x.gov', text: 'hi' });
    s = reducer(s, { type: 'session', session: session('reconnecting') });
    expect(s.wasOnline).toBe(true);
    expect(s.conversations['dana@x.gov']?.messages).toHaveLength(1);
    s = reducer(s, { type: 'session', session: session('signed-out') });
    expect(s.wasOnline).toBe(false);
    expect(s.conversations).toEqual({});
    expect(s.drafts).toEqual({});
  });

  it('drops conversation data that arrives after sign-out (late events, a draft saved on unmount)', () => {
    const out = reducer(online(), { type: 'session', session: session('signed-out') });
    expect(reducer(out, { type: 'draft', jid: 'dana@x.gov', text: 'secret draft' })).toBe(out);
    expect(reducer(out, { type: 'message', message: msg('late', '2026-01-01T10:00:00Z') })).toBe(out);
    expect(reducer(initialState, { type: 'roster', contacts: [contact('a@x.gov')] })).toBe(initialState);
  });

  it('counts unread only for conversations that are not open, and opening clears', () => {
    let s = online();
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z') });
    s = reducer(s, { type: 'message', message: msg('b', '2026-01-01T10:01:00Z') });
    // The same id again (an update) does not count twice; own messages never count.
    s = reducer(s, { type: 'message', message: msg('b', '2026-01-01T10:01:00Z', { edited: true }) });
    s = reducer(s, { type: 'message', message: msg('c', '2026-01-01T10:02:00Z', { direction: 'out' }) });
    expect(s.unread['dana@x.gov']).toBe(2);
    s = reducer(s, { type: 'view', view: { kind: 'conversation', jid: 'dana@x.gov' } });
    expect(s.unread['dana@x.gov']).toBe(0);
    s = reducer(s, { type: 'message', message: msg('d', '2026-01-01T10:03:00Z') });
    expect(s.unread['dana@x.gov']).toBe(0);
  });

  it('remembers how many were unread when a conversation opens, until it is left', () => {
    let s = online();
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z') });
    s = reducer(s, { type: 'message', message: msg('b', '2026-01-01T10:01:00Z') });
    s = reducer(s, { type: 'view', view: { kind: 'conversation', jid: 'dana@x.gov' } });
    expect(s.conversations['dana@x.gov']?.unreadAtOpen).toBe(2);
    s = reducer(s, { type: 'view', view: { kind: 'home' } });
    expect(s.conversations['dana@x.gov']?.unreadAtOpen).toBe(0);
  });

  it('takes the higher unread count from a roster update, except for the open conversation', () => {
    let s = online();
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z') });
    s = reducer(s, { type: 'view', view: { kind: 'conversation', jid: 'open@x.gov' } });
    s = reducer(s, { type: 'roster', contacts: [contact('dana@x.gov', 0), contact('bob@x.gov', 3), contact('open@x.gov', 5)] });
    expect(s.unread).toMatchObject({ 'dana@x.gov': 1, 'bob@x.gov': 3, 'open@x.gov': 0 });
  });

  it('applies delivery states and ignores unknown ids', () => {
    let s = online();
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z', { direction: 'out', state: 'pending' }) });
    s = reducer(s, { type: 'messageState', id: 'a', conversation: 'dana@x.gov', state: 'delivered' });
    expect(s.conversations['dana@x.gov']?.messages[0]?.state).toBe('delivered');
    expect(reducer(s, { type: 'messageState', id: 'zz', conversation: 'dana@x.gov', state: 'read' })).toBe(s);
  });

  it('tracks typing by bare address and clears it when the peer’s message arrives', () => {
    let s = online();
    s = reducer(s, { type: 'typing', jid: 'dana@x.gov/desk', state: 'composing', at: 1 });
    expect(s.conversations['dana@x.gov']?.peerTyping).toBe('composing');
    s = reducer(s, { type: 'typing', jid: 'dana@x.gov', state: 'gone', at: 2 });
    expect(s.conversations['dana@x.gov']?.peerTyping).toBeNull();
    s = reducer(s, { type: 'typing', jid: 'dana@x.gov', state: 'composing', at: 1 });
    s = reducer(s, { type: 'message', message: msg('a', '2026-01-01T10:00:00Z') });
    expect(s.conversations['dana@x.gov']?.peerTyping).toBeNull();
  });

  it('merges history pages and learns completeness from older pages', () => {
    let s = online();
    s = reducer(s, { type: 'history', jid: 'dana@x.gov', messages: [msg('b', '2026-01-02T10:00:00Z')], complete: false, older: false });
    s = reducer(s, { type: 'loadingOlder', jid: 'dana@x.gov', loading: true });
    s = reducer(s, { type: 'history', jid: 'dana@x.gov', messages: [msg('a', '2026-01-01T10:00:00Z')], complete: true, older: true });
    const c = s.conversations['dana@x.gov'];
    expect(c?.messages.map((m) => m.id)).toEqual(['a', 'b']);
    expect(c).toMatchObject({ loaded: true, complete: true, loadingOlder: false });
    // Re-opening answers with the recent page only; it must not forget that the history is complete.
    s = reducer(s, { type: 'history', jid: 'dana@x.gov', messages: [msg('b', '2026-01-02T10:00:00Z')], complete: false, older: false });
    expect(s.conversations['dana@x.gov']?.complete).toBe(true);
  });

  it('keeps drafts per conversation and drops empty ones', () => {
    let s = online();
    s = reducer(s, { type: 'draft', jid: 'a@x.gov', text: 'one' });
    s = reducer(s, { type: 'draft', jid: 'b@x.gov', text: 'two' });
    s = reducer(s, { type: 'draft', jid: 'a@x.gov', text: '' });
    expect(s.drafts).toEqual({ 'b@x.gov': 'two' });
  });
});
