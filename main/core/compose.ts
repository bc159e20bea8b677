import { createCore, type Core, type PolicyProvider } from './app';
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
import { createClientJournal, createJournalAuditSink, xmppEnrollmentProof, type Journal, type KeyStore } from './journal';
import { createFileTransferPolicy } from './transfer';
import { createDlpGate } from './dlp/gate';
import { createCentralAuditWatch, createHttpAuditSink, CLIENT_VERSION } from './auditEndpoint';

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

/** The composition root shared by the Electron host and the web host. */
export function composeClient(opts: ComposeOptions): { core: Core; router: IpcRouter; journal: Journal } {
  const emit = validatedEventSink(opts.deliver, opts.log);
  const watchRef: { current?: ReturnType<typeof createCentralAuditWatch> } = {};
  // Retention (Policy 630-04): every record is spooled before a message is sent or shown.
  const journal = createClientJournal({
    dataDir: opts.dataDir,
    policy: opts.policy,
    keys: opts.journalKeys ?? opts.credentials,
    log: opts.log,
    onStatus: (status) => {
      emit('journal:status', status);
      watchRef.current?.journalStatus(status);
    },
    account: () => core.session()?.bareJid ?? '',
    enrollmentProof: xmppEnrollmentProof(() => core.session()),
    clientVersion: CLIENT_VERSION,
  });
  // Central audit feed (AuditEndpointUrl): client version and policy hash with every event.
  const central = createHttpAuditSink({
    policy: opts.policy,
    account: () => core.session()?.bareJid ?? '',
    log: opts.log,
    deviceId: () => journal.deviceId,
    backlog: () => journal.status().pending,
    signEvents: (body) => journal.signEvents(body),
  });
  const audit = combineAuditSinks(opts.audit ?? createLoggerAuditSink(opts.log), createJournalAuditSink(journal, opts.log), central);
  watchRef.current = createCentralAuditWatch({ audit, policy: opts.policy });
  // Text only: every file-transfer path refused, both ways (docs/file-transfer.md).
  const transfer = createFileTransferPolicy({ audit, log: opts.log });
  const core = createCore({
    policy: opts.policy,
    credentials: opts.credentials,
    settings: opts.settings ?? createSettingsStore(opts.dataDir),
    log: opts.log,
    emit,
    audit,
    ...(opts.clock ? { clock: opts.clock } : {}),
    inboundGuards: [transfer.inboundGuard],
    // Order: encoded binaries first (a file is never a DLP question), then DLP on the exact text.
    sendGates: [transfer.sendGate, createDlpGate({ policy: opts.policy, audit, log: opts.log })],
    onSession: (session) => {
      transfer.attach(session);
      // Report which client and which policy signed in (Policy 630-04: only approved clients and settings).
      const onPhase = (phase: string) => {
        if (phase !== 'online') return;
        session.off('phase', onPhase);
        audit.record({ type: 'session-start', clientVersion: CLIENT_VERSION, policyHash: opts.policy.current().hash });
      };
      session.on('phase', onPhase);
      session.on('phase', (phase: string) => watchRef.current?.sessionPhase(phase, core.session()?.bareJid ?? ''));
    },
    outboundGuard: transfer.outboundGuard,
    journal: journal.hooks(),
    journalStatus: () => journal.status(),
    notice: createNoticeStore(join(opts.dataDir, 'notice.json')),
  });
  const router = createIpcRouter({ handlers: core.handlers, isTrustedSender: opts.isTrustedSender, log: opts.log });
  const shutdown = async () => {
    await core.shutdown();
    watchRef.current?.close();
    await central.close();
    await journal.close();
  };
  return { core: { ...core, shutdown }, router, journal };
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
