/**
 * An in-memory RendererApi for developing and screenshotting the renderer without a host or an
 * XMPP server. Never part of a product build: scripts/renderer-preview.ts bundles it as bridge.js.
 *
 * Modes (URL hash, comma separated): signed-out (default), online, connecting, reconnecting,
 * offline, config-error, saved (a password is saved), no-remember (policy forbids saving),
 * journal-pending, journal-blocked (records spool states), notice (records notice to acknowledge),
 * request (someone asks to add you, after signing in), idle-warning (the idle sign-out warning, 60 s,
 * shortly after being online), idle-soon (the same with 3 s left: then signed out for inactivity),
 * idle-managed (IdleSignOutMinutes set by group policy), receiving-paused (arrivals held: the spool can't be
 * written), notify-text (NotificationShowsText on), scale
 * (2,000 contacts, 200 rooms, a 10,000-message conversation: renderer/dev/scaleData.ts). Activity ('session:activity') ends a warning.
 * Sending: a body with something like an SSN (123-45-6789) needs a justification; "password: …"
 * is refused; an address outside the agency domain is refused; messages to Tom Alvarez fail.
 */
import { IpcError, type RendererApi } from '../../shared/ipc/api';
import type { EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { ChatMessage, Contact, RoomInfo, SessionState } from '../../shared/ipc/types';
import { BUDGET_ROOM, DOMAIN, RECORDS_NOTICE, REPLIES, ROOM_DOMAIN, SELF, jidOf, newRoom, nextId, olderMessages, sampleContacts, sampleHistory, samplePolicy, sampleRoomHistory, sampleRooms } from './sampleData';
import { SCALE_CONVERSATION, scaleContacts, scaleHistory, scaleRooms } from './scaleData';

export interface FakeBridgeOptions {
  modes: readonly string[];
  /** Multiplies every delay (0 for instant). */
  speed?: number;
}

/** What the fake saw, for tests: channel and request, passwords blanked. */
export interface FakeCall {
  channel: string;
  request: unknown;
}

const OLDER_PAGE = 25;
const OLDER_PAGES = 3;

export function createFakeBridge(opts: FakeBridgeOptions): RendererApi & { calls: FakeCall[] } {
  const has = (m: string) => opts.modes.includes(m);
  const speed = opts.speed ?? 1;
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const calls: FakeCall[] = [];
  const now = new Date();
  // 'scale': 2,000 contacts (500 unread), 200 rooms, a 10,000-message conversation (bench/renderer.bench.ts).
  let contacts: Contact[] = has('scale') ? scaleContacts() : sampleContacts();
  const history = sampleHistory(now);
  history[BUDGET_ROOM] = sampleRoomHistory(now);
  if (has('scale')) history[SCALE_CONVERSATION] = scaleHistory(now);
  let rooms: RoomInfo[] = has('scale') ? [...sampleRooms(), ...scaleRooms()] : sampleRooms();
  const isRoom = (jid: string) => jid.endsWith(`@${ROOM_DOMAIN}`);
  const putRoom = (r: RoomInfo) => {
    rooms = rooms.some((x) => x.jid === r.jid) ? rooms.map((x) => (x.jid === r.jid ? r : x)) : [...rooms, r];
    emit('room:changed', r);
    return r;
  };
  const olderLeft: Record<string, number> = { [jidOf('dana.whitfield')]: OLDER_PAGES };
  let replyIndex = 0;
  // Idle sign-out: the user's own value saved from Settings, and the pending sign-out after a warning.
  let idleUserMinutes: number | null = null;
  let idleTimer: number | null = null;

  const base: Omit<SessionState, 'phase'> = {
    configErrors: [],
    configWarnings: [],
    rememberPasswordAllowed: !has('no-remember'),
    savedAddress: SELF,
    hasSavedPassword: has('saved'),
    features: { groupChat: true, correction: true, retraction: true, maxMessageLength: 4000 },
  };
  let session: SessionState = has('config-error')
    ? {
        ...base,
        phase: 'config-error',
        savedAddress: undefined,
        configErrors: [
          { policy: 'XmppHost', message: 'Missing. The messaging server must be set by group policy.' },
          { policy: 'RetentionServerUrl', message: 'Invalid value "htp:/records": must be an https:// address.' },
        ],
      }
    : (['online', 'connecting', 'reconnecting', 'offline'] as const).find(has)
      ? // A lost connection happens to an established session: start online, then drop (see below).
        { ...base, phase: has('connecting') ? 'connecting' : 'online', jid: SELF }
      : { ...base, phase: 'signed-out' };
  if (has('receiving-paused') && session.phase === 'online') {
    session = {
      ...session,
      receivingPaused:
        'Incoming messages can’t be recorded for retention right now, so they are held and not shown. Sending is stopped too. They appear as soon as recording works again.',
    };
  }

  // Things that happen "a moment after start" are scheduled when the renderer starts listening for them,
  // however slowly it loads: a dropped connection (after it has seen the session online), a contact
  // request, a room invitation.
  const onFirstListener = new Map<EventChannel, () => void>();
  const lost = has('reconnecting') ? 'reconnecting' : has('offline') ? 'offline' : null;
  if (lost) onFirstListener.set('session:state', () => window.setTimeout(() => setSession({ ...session, phase: lost }), 600 * speed));
  if (has('request') && session.phase === 'online') {
    onFirstListener.set('contact:request', () => window.setTimeout(() => emit('contact:request', { jid: jidOf('sam.fisher') }), 900 * speed));
  }
  const idleWarningSeconds = has('idle-soon') ? 3 : has('idle-warning') ? 60 : 0;
  if (idleWarningSeconds && session.phase === 'online') {
    onFirstListener.set('session:state', () => window.setTimeout(() => warnIdle(idleWarningSeconds), 800 * speed));
  }
  if (has('invite') && session.phase === 'online') {
    onFirstListener.set('room:invitation', () =>
      window.setTimeout(
        () => emit('room:invitation', { room: `records-training@${ROOM_DOMAIN}`, from: jidOf('dana.whitfield'), reason: 'Training logistics' }),
        900 * speed,
      ),
    );
  }

  /** Main's warning, then (without activity) its idle sign-out, as the core does it. */
  function warnIdle(seconds: number): void {
    if (session.phase === 'signed-out') return;
    setSession({ ...session, idleWarning: { secondsLeft: seconds } });
    idleTimer = window.setTimeout(() => {
      idleTimer = null;
      setSession({
        ...base,
        phase: 'signed-out',
        savedAddress: session.jid ?? SELF,
        hasSavedPassword: session.hasSavedPassword,
        signedOutReason: 'You were signed out after 30 minutes without activity.',
      });
    }, seconds * 1000);
  }

  function emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    listeners.get(channel)?.forEach((l) => l(payload));
  }
  const later = (ms: number, fn: () => void) => window.setTimeout(fn, ms * speed);
  // 'notice' mode: the records notice must be acknowledged after signing in.
  let noticeAcked = !has('notice');
  const view = (): SessionState => ({ ...session, noticeRequired: Boolean(session.jid) && session.phase !== 'signed-out' && !noticeAcked });
  const setSession = (next: SessionState) => {
    session = next;
    emit('session:state', view());
  };
  const store = (m: ChatMessage) => {
    const list = (history[m.conversation] ??= []);
    const i = list.findIndex((x) => x.id === m.id);
    if (i >= 0) list[i] = m;
    else list.push(m);
  };
  const setState = (m: ChatMessage, state: ChatMessage['state']) => {
    m.state = state;
    emit('chat:messageState', { id: m.id, conversation: m.conversation, state });
  };

  function roomReplies(room: string) {
    const r = rooms.find((x) => x.jid === room);
    const speaker = r?.occupants.find((o) => o.jid !== SELF);
    if (!speaker) return;
    later(1500, () => {
      const reply: ChatMessage = {
        id: nextId('g'),
        conversation: room,
        conversationType: 'groupchat',
        direction: 'in',
        from: `${room}/${speaker.nick}`,
        fromName: speaker.nick,
        body: REPLIES[replyIndex++ % REPLIES.length] ?? 'OK',
        sentAt: new Date().toISOString(),
        state: 'received',
      };
      store(reply);
      emit('chat:message', reply);
    });
  }

  function peerReplies(to: string) {
    const contact = contacts.find((c) => c.jid === to);
    if (!contact || contact.presence === 'offline') return;
    later(700, () => emit('chat:typing', { jid: to, state: 'composing' }));
    later(1900, () => {
      const reply: ChatMessage = {
        id: nextId('r'),
        conversation: to,
        conversationType: 'chat',
        direction: 'in',
        from: to,
        fromName: contact.name,
        body: REPLIES[replyIndex++ % REPLIES.length] ?? 'OK',
        sentAt: new Date().toISOString(),
        state: 'received',
      };
      store(reply);
      emit('chat:message', reply);
    });
  }

  // Partial: a channel added to the contract later answers "not available in the preview" until the fake learns it.
  const handlers: { [C in InvokeChannel]?: (req: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> } = {
    'session:getState': () => view(),
    'session:signIn': (req) => {
      if (req.password === 'wrong') throw new IpcError('auth-failed', 'Incorrect address or password. Check both and try again.');
      setSession({ ...session, phase: 'connecting', jid: req.address, error: undefined, signedOutReason: undefined, savedAddress: req.address, hasSavedPassword: req.remember });
      later(500, () => setSession({ ...session, phase: 'online' }));
      if (has('request')) later(1200, () => emit('contact:request', { jid: jidOf('sam.fisher') }));
      return view();
    },
    'session:activity': () => {
      if (session.idleWarning) {
        if (idleTimer !== null) window.clearTimeout(idleTimer);
        idleTimer = null;
        const { idleWarning: _warning, ...rest } = session;
        setSession(rest);
      }
      return {};
    },
    'session:signOut': (req) => {
      setSession({ ...base, phase: 'signed-out', savedAddress: session.jid ?? SELF, hasSavedPassword: session.hasSavedPassword && !req.forgetPassword });
      return view();
    },
    'roster:list': () => contacts,
    'chat:open': (req) => ({ messages: [...(history[req.jid] ?? [])], complete: !(olderLeft[req.jid] ?? 0) }),
    'chat:loadOlder': async (req) => {
      await new Promise((r) => later(400, () => r(undefined)));
      const left = olderLeft[req.jid] ?? 0;
      if (!left) return { messages: [], complete: true };
      olderLeft[req.jid] = left - 1;
      const list = history[req.jid] ?? [];
      const first = list[0] ? new Date(list[0].sentAt) : new Date();
      const page = olderMessages(req.jid, first, OLDER_PAGE);
      history[req.jid] = [...page, ...list];
      return { messages: page, complete: left - 1 === 0 };
    },
    'chat:send': (req) => {
      const domain = req.to.split('@')[1] ?? '';
      if (domain !== DOMAIN && domain !== ROOM_DOMAIN) return { status: 'refused', reason: `Messages to ${domain} are not allowed by policy (AllowedContactDomains).` };
      if (/password\s*[:=]/i.test(req.body))
        return { status: 'refused', reason: 'Not sent: the message appears to contain a password. Policy 630-04 does not allow sensitive information in IM.' };
      const ssn = /\b\d{3}-\d{2}-\d{4}\b/.exec(req.body);
      if (ssn && !req.justification)
        return {
          status: 'needs-justification',
          reason: 'This message looks like it contains a Social Security number. Send it only if state business requires it; your justification is recorded with the message.',
          findings: [{ type: 'US_SSN', start: ssn.index, end: ssn.index + ssn[0].length }],
        };
      const room = rooms.find((x) => x.jid === req.to);
      const m: ChatMessage = {
        id: nextId('o'),
        conversation: req.to,
        conversationType: room ? 'groupchat' : 'chat',
        direction: 'out',
        from: SELF,
        ...(room ? { fromName: room.nick } : {}),
        body: req.body,
        sentAt: new Date().toISOString(),
        state: 'pending',
      };
      store(m);
      if (room) {
        later(300, () => setState(m, 'delivered'));
        roomReplies(req.to);
        return { status: 'sent', message: { ...m } };
      }
      const offline = contacts.find((c) => c.jid === req.to)?.presence === 'offline';
      later(300, () => setState(m, 'sent'));
      if (offline) later(1500, () => setState(m, 'failed'));
      else {
        later(800, () => setState(m, 'delivered'));
        later(1400, () => setState(m, 'read'));
        peerReplies(req.to);
      }
      return { status: 'sent', message: { ...m } };
    },
    'chat:setTyping': () => ({}),
    'composer:refused': () => ({}),
    'chat:markRead': (req) => {
      contacts = contacts.map((c) => (c.jid === req.jid ? { ...c, unread: 0 } : c));
      return {};
    },
    'policy:get': () => samplePolicy({ idleUserMinutes, idleManaged: has('idle-managed'), notificationText: has('notify-text') }),
    'settings:set': (req) => {
      if (req.name !== 'IdleSignOutMinutes') throw new IpcError('invalid-request', `${req.name} is not a setting users may choose`);
      if (has('idle-managed')) throw new IpcError('managed', 'Your organization manages this setting, so it can’t be changed here.');
      idleUserMinutes = typeof req.value === 'number' ? req.value : null;
      return samplePolicy({ idleUserMinutes });
    },
    'chat:correct': (req) => {
      const m = (history[req.to] ?? []).find((x) => x.id === req.id && x.direction === 'out');
      if (!m) return { status: 'refused', reason: 'Only your own recent messages can be corrected.' };
      const updated: ChatMessage = { ...m, body: req.body, edited: true };
      store(updated);
      emit('chat:message', updated);
      return { status: 'sent', message: updated };
    },
    'chat:retract': (req) => {
      const m = (history[req.to] ?? []).find((x) => x.id === req.id && x.direction === 'out');
      if (!m) return { status: 'refused', reason: 'Only your own messages can be retracted.' };
      const updated: ChatMessage = { ...m, body: '', retracted: true };
      store(updated);
      emit('chat:message', updated);
      return { status: 'retracted' };
    },
    'chat:search': (req) => {
      const q = req.query.trim().toLowerCase();
      const pool = req.jid ? (history[req.jid] ?? []) : Object.values(history).flat();
      return { messages: pool.filter((m) => m.body.toLowerCase().includes(q)), searchedArchive: false };
    },
    'room:list': () => rooms,
    'room:join': (req) => {
      if (!isRoom(req.room)) throw new IpcError('join-failed', 'That room does not exist.');
      const existing = rooms.find((x) => x.jid === req.room);
      return putRoom(existing ? { ...existing, joined: true } : newRoom(req.room, req.nick ?? 'Alex Morgan'));
    },
    'room:leave': (req) => {
      rooms = rooms.filter((x) => x.jid !== req.room);
      return {};
    },
    'room:invite': () => ({}),
    'room:setSubject': () => ({}),
    'contact:add': (req) => {
      if (!contacts.some((c) => c.jid === req.jid)) {
        contacts = [...contacts, { jid: req.jid, name: req.name ?? '', subscription: 'none', ask: true, presence: 'offline', unread: 0 }];
        emit('roster:changed', contacts);
      }
      return {};
    },
    'contact:remove': (req) => {
      contacts = contacts.filter((c) => c.jid !== req.jid);
      emit('roster:changed', contacts);
      return {};
    },
    'contact:rename': (req) => {
      contacts = contacts.map((c) => (c.jid === req.jid ? { ...c, name: req.name } : c));
      emit('roster:changed', contacts);
      return {};
    },
    'contact:respond': (req) => {
      if (req.accept && !contacts.some((c) => c.jid === req.jid)) {
        contacts = [...contacts, { jid: req.jid, name: '', subscription: 'both', ask: false, presence: 'online', unread: 0 }];
        emit('roster:changed', contacts);
      }
      return {};
    },
    'presence:set': () => ({}),
    'notice:get': () => ({
      required: !noticeAcked,
      ...(noticeAcked ? {} : { reason: 'first' as const }),
      text: RECORDS_NOTICE,
      intervalDays: 365,
    }),
    'notice:acknowledge': () => {
      noticeAcked = true;
      emit('session:state', view());
      return view();
    },
    'journal:getStatus': () =>
      has('journal-blocked')
        ? { state: 'blocked', pending: 412, oldestPendingAgeSeconds: 7200, failMode: 'fail-closed', message: 'The retention server has not answered for 2 hours and policy stops sending after 1 hour. Contact the IT service desk.' }
        : has('journal-pending')
          ? { state: 'pending', pending: 12, oldestPendingAgeSeconds: 600, failMode: 'fail-open-spooled', message: 'The retention server is not reachable; records are kept on this computer until it is.' }
          : { state: 'connected', pending: 0, failMode: 'fail-open-spooled' },
  };

  return {
    calls,
    async invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const logged = channel === 'session:signIn' ? { ...(request as object), password: '•' } : request;
      calls.push({ channel, request: logged });
      await Promise.resolve();
      const handler = handlers[channel] as ((req: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>) | undefined;
      if (!handler) throw new IpcError('unavailable', `${channel} is not available in the preview.`);
      return handler(request);
    },
    on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void {
      const first = onFirstListener.get(channel);
      onFirstListener.delete(channel);
      first?.();
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
