import { createCore, type Core, type CoreDeps } from './app';
import type { PolicyProvider } from './ports';
import type { JournalStatus } from '../../shared/ipc/types';
import type { XmppSession } from './xmpp/session';
import { createIpcRouter, validatedEventSink, type IpcRouter, type IpcSender } from './ipc/router';
import type { Logger } from './log';
import type { CredentialStore } from './credentials/credentialStore';
import { createSettingsStore, type SettingsStore } from './settings';
import type { Clock } from './clock';
import type { EventChannel } from '../../shared/ipc/contract';
import { evaluatePolicy, type PolicyLayer } from '../../shared/policy/evaluate';
import { buildPolicyView } from '../../shared/policy/view';
import { policyHash } from './policy/service';
import { createNoticeStore } from './policy/notice';
import { join } from 'node:path';
import { combineAuditSinks, createLoggerAuditSink, type AuditSink } from './audit';
import { createClientJournal, createJournalAuditSink, type Journal, type KeyStore } from './journal';
import { xmppEnrollmentProof } from './journal/enrollmentProof';
import { createFileTransferPolicy } from './transfer';
import { createDlpGate } from './dlp/gate';
import { createHttpAuditSink, CLIENT_VERSION } from './auditEndpoint';

export interface ComposeOptions {
  policy: PolicyProvider;
  credentials: CredentialStore;
  dataDir: string;
  log: Logger;
  deliver: (channel: EventChannel, payload: unknown) => void;
  isTrustedSender: (sender: IpcSender) => boolean;
  /** Where audit events go (refused transfers…); defaults to the log. */
  audit?: AuditSink;
  /** Where the journal spool key is kept; defaults to `credentials` (the OS credential store). */
  journalKeys?: KeyStore;
  /**
   * The settings store in `dataDir`. Pass the one the policy service's user-settings source reads
   * (userPolicyValues), so a value saved from Settings is the value the policy service sees.
   */
  settings?: SettingsStore;
  /** Time for the idle sign-out timer (tests). */
  clock?: Clock;
}

export interface SafetyOptions {
  policy: PolicyProvider;
  dataDir: string;
  log: Logger;
  /** Where the journal spool key is kept (the OS credential store in production). */
  keys: KeyStore;
  /** The signed-in account and session, asked late (the core is built after these). */
  account: () => string;
  session: () => XmppSession | null;
  onJournalStatus: (status: JournalStatus) => void;
  /** Where audit events go besides the journal and the central endpoint; defaults to the log. */
  audit?: AuditSink;
  /** Reported at device enrollment; defaults to this build's version. */
  clientVersion?: string;
  /** Tests: faster journal backoff, injected spool storage. */
  journalOverrides?: Parameters<typeof createClientJournal>[0]['overrides'];
}

/**
 * The core's safety dependencies, real ones: the journal (spool in `<dataDir>/journal`), audit (log +
 * journal + central endpoint), file-transfer refusal both ways, the DLP gate, and the records notice.
 * The hosts and the test harness build them here, so a core is never wired without them.
 */
export function createSafetyDeps(o: SafetyOptions) {
  // Retention (Policy 630-04): every record is spooled before a message is sent or shown.
  const journal = createClientJournal({
    dataDir: o.dataDir,
    policy: o.policy,
    keys: o.keys,
    log: o.log,
    onStatus: o.onJournalStatus,
    account: o.account,
    // Enrollment (issue 12): the proof goes out through the signed-in XMPP session.
    enrollmentProof: xmppEnrollmentProof(o.session),
    clientVersion: o.clientVersion ?? CLIENT_VERSION,
    ...(o.journalOverrides ? { overrides: o.journalOverrides } : {}),
  });
  // Central audit feed (AuditEndpointUrl): client version and policy hash with every event.
  const central = createHttpAuditSink({ policy: o.policy, account: o.account, log: o.log });
  const audit = combineAuditSinks(o.audit ?? createLoggerAuditSink(o.log), createJournalAuditSink(journal, o.log), central);
  // Text only: every file-transfer path refused, both ways (docs/file-transfer.md).
  const transfer = createFileTransferPolicy({ audit, log: o.log });
  const deps = {
    journal,
    audit,
    inboundGuards: [transfer.inboundGuard],
    // Order: encoded binaries first (a file is never a DLP question), then DLP on the exact text.
    sendGates: [transfer.sendGate, createDlpGate({ policy: o.policy, audit, log: o.log })],
    outboundGuard: transfer.outboundGuard,
    notice: createNoticeStore(join(o.dataDir, 'notice.json')),
    onSession: (session: XmppSession) => {
      transfer.attach(session);
      // Report which client and which policy signed in (Policy 630-04: only approved clients and settings).
      const onPhase = (phase: string) => {
        if (phase !== 'online') return;
        session.off('phase', onPhase);
        audit.record({ type: 'session-start', clientVersion: CLIENT_VERSION, policyHash: o.policy.current().hash });
      };
      session.on('phase', onPhase);
    },
  } satisfies Partial<CoreDeps>;
  const close = async () => {
    await central.close();
    await journal.close();
  };
  return { journal, deps, close };
}

/** The composition root shared by the Electron host and the web host. */
export function composeClient(opts: ComposeOptions): { core: Core; router: IpcRouter; journal: Journal } {
  const emit = validatedEventSink(opts.deliver, opts.log);
  let core: Core | null = null;
  const safety = createSafetyDeps({
    policy: opts.policy,
    dataDir: opts.dataDir,
    log: opts.log,
    keys: opts.journalKeys ?? opts.credentials,
    account: () => core?.session()?.bareJid ?? '',
    session: () => core?.session() ?? null,
    onJournalStatus: (status) => emit('journal:status', status),
    ...(opts.audit ? { audit: opts.audit } : {}),
  });
  const created = createCore({
    policy: opts.policy,
    credentials: opts.credentials,
    settings: opts.settings ?? createSettingsStore(opts.dataDir),
    log: opts.log,
    emit,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...safety.deps,
  });
  core = created;
  const router = createIpcRouter({ handlers: created.handlers, isTrustedSender: opts.isTrustedSender, log: opts.log });
  const shutdown = async () => {
    await created.shutdown();
    await safety.close();
  };
  return { core: { ...created, shutdown }, router, journal: safety.journal };
}

/** A fixed policy from layers: for tests and tools; the hosts use the watching policy service. */
export function staticPolicyProvider(layers: PolicyLayer[], opts: { developmentBuild?: boolean } = {}): PolicyProvider {
  const effective = evaluatePolicy(layers, opts);
  const current = { ...effective, hash: policyHash(effective.values) };
  return {
    current: () => current,
    view: (now = new Date()) => buildPolicyView(current, { hash: current.hash, now, restartRequired: [] }),
  };
}
