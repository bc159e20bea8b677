/**
 * The session lifecycle: sign-in and sign-out, idle sign-out, the records notice, runtime policy changes,
 * and the session state the renderer shows (pushed in order, with a sequence number).
 */
import { readFileSync } from 'node:fs';
import type { SessionState } from '../../../shared/ipc/types';
import type { AuditSink } from '../audit';
import type { Clock } from '../clock';
import type { CredentialStore } from '../credentials/credentialStore';
import { UserFacingError, type EventSink } from '../ipc/router';
import type { Logger } from '../log';
import type { Live } from '../outbound/outbound';
import { parseAddress } from '../outbound/checks';
import { createNoticeHasher, noticeAckRecord, noticeReason, noticeRequired, type NoticeStore } from '../policy/notice';
import type { JournalPort, PolicyProvider } from '../ports';
import type { SettingsStore } from '../settings';
import { AuthenticationError } from '../xmpp/client';
import { ContactManager } from '../xmpp/contacts';
import { RoomManager } from '../xmpp/rooms';
import { XmppSession, type OutboundGuard } from '../xmpp/session';
import { createIdleSignOut } from './idleSignOut';

export interface LifecycleDeps {
  policy: PolicyProvider;
  credentials: CredentialStore;
  settings: SettingsStore;
  log: Logger;
  emit: EventSink;
  notice: NoticeStore;
  audit: AuditSink;
  journal: JournalPort;
  clock: Clock;
  outboundGuard: OutboundGuard;
  /** A new session: wire its events (the inbound path, features). */
  attach(live: Live): void;
  /** The session ended: forget what it showed. */
  ended(): void;
  /** Why receiving is paused (the spool cannot be written), or null. */
  receivingPaused(): string | null;
}

export type Lifecycle = ReturnType<typeof createLifecycle>;

function signInError(err: unknown): string {
  if (err instanceof AuthenticationError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'The chat server cannot be reached. Check your network, or try again later.';
  if (/certificate|self.signed|CERT|altname/i.test(String((err as Error).message) + String(code))) return 'The chat server’s certificate could not be verified. Contact your administrator.';
  return 'Sign-in failed. Try again, or contact your administrator.';
}

export function createLifecycle(deps: LifecycleDeps) {
  const { policy, credentials, settings, log, emit } = deps;
  const values = () => policy.current().values;
  let live: Live | null = null;
  let lastError: string | undefined;
  /** Why the last session ended without the user signing out (idle sign-out), until the next sign-in. */
  let signedOutReason: string | undefined;
  let stateChain: Promise<void> = Promise.resolve();
  let stateSeq = 0;

  const features = () => {
    const v = values();
    return { groupChat: v.GroupChatAllowed, correction: v.MessageCorrectionAllowed, retraction: v.MessageRetractionAllowed, maxMessageLength: v.MaxMessageLength };
  };

  const noticeHash = createNoticeHasher();
  async function isNoticeRequired(): Promise<boolean> {
    if (!live) return false;
    return noticeRequired(values(), await deps.notice.last(live.session.bareJid), new Date(), noticeHash);
  }

  async function state(): Promise<SessionState> {
    const p = policy.current();
    const s = await settings.read();
    const savedAddress = typeof s.lastAddress === 'string' ? s.lastAddress : undefined;
    const rememberAllowed = p.values.RememberPasswordAllowed;
    let hasSavedPassword = false;
    if (savedAddress && rememberAllowed) hasSavedPassword = (await credentials.get(savedAddress).catch(() => null)) !== null;
    const session = live?.session;
    const paused = live ? deps.receivingPaused() : null;
    return {
      phase: p.fatal.length ? 'config-error' : (session?.phase ?? 'signed-out'),
      ...(session ? { jid: session.bareJid } : {}),
      ...(lastError ? { error: lastError } : {}),
      configErrors: p.fatal,
      configWarnings: p.warnings,
      rememberPasswordAllowed: rememberAllowed,
      ...(savedAddress ? { savedAddress } : {}),
      hasSavedPassword,
      features: features(),
      noticeRequired: await isNoticeRequired(),
      ...(session && idle.warningUntil !== null ? { idleWarning: { secondsLeft: Math.max(0, Math.ceil((idle.warningUntil - deps.clock.now()) / 1000)) } } : {}),
      ...(!session && signedOutReason ? { signedOutReason } : {}),
      ...(paused ? { receivingPaused: paused } : {}),
      seq: ++stateSeq,
    };
  }

  /** Session state goes out in order: each push is computed and emitted after the previous one. */
  const pushState = (): Promise<void> => {
    stateChain = stateChain.then(async () => emit('session:state', await state())).catch(() => undefined);
    return stateChain;
  };

  /** End the current session (sign-out, idle sign-out, fatal policy): nothing of it stays in memory. */
  async function endSession(): Promise<void> {
    const l = live;
    live = null;
    deps.ended();
    idle.stop();
    if (l) await l.session.stop().catch(() => {});
  }

  // Idle sign-out (IdleSignOutMinutes): enforced here, fed by 'session:activity'. It keeps a remembered password.
  const idle = createIdleSignOut({
    clock: deps.clock,
    minutes: () => values().IdleSignOutMinutes,
    onWarn: () => void pushState(),
    onWarnCleared: () => void pushState(),
    onIdle: (minutes) => void signOutIdle(minutes),
  });

  async function signOutIdle(minutes: number): Promise<void> {
    if (!live) return;
    const setBy = policy.current().entries.find((e) => e.name === 'IdleSignOutMinutes')?.level ?? 'default';
    // Audited while the session is still known, so central audit names the account.
    deps.audit.record({ type: 'idle-sign-out', minutes, setBy });
    log.info('session.idle-sign-out', { minutes, setBy });
    lastError = undefined;
    signedOutReason = `You were signed out after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity.`;
    await endSession();
    await pushState();
  }

  // Runtime policy changes: a fatal problem stops the session (fail closed); anything else is re-read where used.
  policy.onChange?.((p) => {
    void (async () => {
      if (p.fatal.length && live) {
        log.warn('policy.fatal-at-runtime', { problems: p.fatal.length });
        await endSession();
      }
      idle.policyChanged();
      if (!p.values.RememberPasswordAllowed) {
        const { lastAddress } = await settings.read();
        if (typeof lastAddress === 'string') await credentials.delete(lastAddress).catch(() => false);
      }
      await pushState();
    })();
  });

  function connect(bareJid: string, password: string): XmppSession {
    const v = values();
    const caFile = v.XmppCaCertificateFile ?? '';
    let extraCa: string[] = [];
    if (caFile) {
      try {
        extraCa = [readFileSync(caFile, 'utf8')];
      } catch {
        throw new UserFacingError('config-error', `Configuration error — contact your administrator. XmppCaCertificateFile: cannot read ${caFile}.`);
      }
    }
    const [local] = bareJid.split('@') as [string];
    return new XmppSession({ host: v.XmppHost, port: v.XmppPort, domain: v.XmppDomain.toLowerCase(), username: local, password, extraCa, log, outboundGuard: deps.outboundGuard });
  }

  function requireLive(): Live {
    if (!live) throw new UserFacingError('signed-out', 'You are signed out. Sign in to chat.');
    return live;
  }

  return {
    state,
    pushState,
    isNoticeRequired,
    requireLive,
    live: () => live,

    async signIn({ address, password, remember }: { address: string; password: string; remember: boolean }): Promise<SessionState> {
      if (policy.current().fatal.length) throw new UserFacingError('config-error', 'Configuration error — contact your administrator.');
      const parsed = parseAddress(address);
      if (!parsed.ok) throw new UserFacingError('invalid-address', parsed.reason.replace('the address', 'your address'));
      const bareJid = parsed.value;
      const domain = values().XmppDomain.toLowerCase();
      if (bareJid.split('@')[1] !== domain) throw new UserFacingError('wrong-domain', `Sign in with your ${domain} address.`);
      if (live) await endSession();
      deps.ended();
      signedOutReason = undefined;
      const session = connect(bareJid, password);
      const l: Live = { session, rooms: new RoomManager(session), contacts: new ContactManager(session) };
      live = l;
      session.on('phase', (phase, detail) => {
        if (live !== l) return; // a session that was replaced or stopped no longer speaks for the app
        if (phase === 'online') lastError = undefined;
        if (phase === 'offline' && detail) lastError = detail; // the server ended the session, in its words
        void pushState();
      });
      deps.attach(l);
      lastError = undefined;
      await pushState();
      try {
        await session.start();
      } catch (err) {
        live = null;
        lastError = signInError(err);
        log.warn('session.sign-in-failed', { code: (err as NodeJS.ErrnoException).code, name: (err as Error).name });
        await pushState();
        throw new UserFacingError('sign-in-failed', lastError);
      }
      await settings.update({ lastAddress: bareJid });
      try {
        if (remember && values().RememberPasswordAllowed) await credentials.set(bareJid, password);
        else await credentials.delete(bareJid);
      } catch (err) {
        log.warn('credentials.store-failed', { name: (err as Error).name });
      }
      if (live === l) idle.start();
      return state();
    },

    async signOut({ forgetPassword }: { forgetPassword: boolean }): Promise<SessionState> {
      await endSession();
      signedOutReason = undefined;
      if (forgetPassword) {
        const { lastAddress } = await settings.read();
        if (typeof lastAddress === 'string') await credentials.delete(lastAddress).catch(() => false);
      }
      await pushState();
      return state();
    },

    async activity(): Promise<void> {
      // Only ever postpones sign-out; while signed out there is nothing to do.
      if (live) idle.activity();
      await stateChain; // a cleared warning reaches the renderer before this answer
    },

    async notice() {
      const v = values();
      const last = live ? await deps.notice.last(live.session.bareJid) : null;
      const reason = live ? noticeReason(v, last, new Date()) : null;
      return { required: reason !== null, ...(reason ? { reason } : {}), text: v.RecordsNoticeText, intervalDays: v.RecordsNoticeIntervalDays, ...(last ? { lastAcknowledgedAt: last.at } : {}) };
    },

    async acknowledgeNotice(): Promise<SessionState> {
      const l = requireLive();
      const v = values();
      const ack = await deps.notice.acknowledge(l.session.bareJid, v.RecordsNoticeText, new Date());
      // Journaled for central audit: the record carries exactly the text the user acknowledged.
      await deps.journal.append('notice-ack', noticeAckRecord(ack, v)).catch((err: unknown) => log.error('journal.notice-ack-failed', { name: (err as Error).name }));
      log.info('notice.acknowledged', { intervalDays: v.RecordsNoticeIntervalDays });
      await pushState();
      return state();
    },

    async shutdown(): Promise<void> {
      idle.stop();
      const l = live;
      live = null;
      if (l) await l.session.stop();
    },
  };
}
