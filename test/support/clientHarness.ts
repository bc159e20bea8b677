import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreDeps, type PolicyProvider } from '../../main/core/app';
import { createSafetyDeps, staticPolicyProvider } from '../../main/core/compose';
import type { KeyStore } from '../../main/core/journal';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { createSettingsStore } from '../../main/core/settings';
import { silentLogger } from '../../main/core/log';
import type { EventChannel, EventOf } from '../../shared/ipc/contract';
import type { ProsodyServer } from './prosody';

export interface CapturedEvent {
  channel: EventChannel;
  payload: unknown;
}

export interface HarnessOptions {
  /** The records notice counts as acknowledged before the first sign-in (default true), in the real notice store. */
  noticeAcknowledged?: boolean;
  /** The profile directory (journal spool, notice store); a fresh temporary one by default. */
  dataDir?: string;
  /** Where the spool key is kept (memory by default). */
  keys?: KeyStore;
  /** Reported at device enrollment (default: this build's version). */
  clientVersion?: string;
  /** Tests: journal backoff, injected spool storage. */
  journalOverrides?: Parameters<typeof createSafetyDeps>[0]['journalOverrides'];
}

/**
 * A client core wired as the hosts wire it — the real journal (local spool), DLP and text-only gates, file
 * transfer refusal, notice store and audit — with every event captured for assertions. `overrides`
 * replaces parts (a journal that talks to a retention server, a manual clock…).
 */
export function makeCore(
  server: ProsodyServer,
  extraPolicy: Record<string, unknown> = {},
  overrides: Partial<CoreDeps> | ((policy: PolicyProvider) => Partial<CoreDeps>) = {},
  options: HarnessOptions = {},
) {
  const events: CapturedEvent[] = [];
  const waiters = new Set<() => void>();
  const policy = staticPolicyProvider([
    {
      level: 'mandatory-machine',
      source: 'test',
      values: { XmppDomain: server.domain, XmppHost: 'localhost', XmppPort: server.port, XmppCaCertificateFile: server.certs.caFile, ...extraPolicy },
    },
  ], { developmentBuild: true });
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'aim-core-'));
  const emit: CoreDeps['emit'] = (channel, payload) => {
    events.push({ channel, payload });
    for (const w of [...waiters]) w();
  };
  let core: Core | null = null;
  const extra = typeof overrides === 'function' ? overrides(policy) : overrides;
  const safety = createSafetyDeps({
    policy: extra.policy ?? policy,
    dataDir,
    log: silentLogger,
    keys: options.keys ?? createMemoryStore(),
    account: () => core?.session()?.bareJid ?? '',
    session: () => core?.session() ?? null,
    onJournalStatus: (status) => emit('journal:status', status),
    ...(extra.audit ? { audit: extra.audit } : {}),
    ...(options.journalOverrides ? { journalOverrides: options.journalOverrides } : {}),
    ...(options.clientVersion ? { clientVersion: options.clientVersion } : {}),
  });
  const created = createCore({
    policy,
    credentials: createMemoryStore(),
    settings: createSettingsStore(mkdtempSync(join(tmpdir(), 'aim-settings-'))),
    log: silentLogger,
    emit,
    ...safety.deps,
    // An audit override is where the real sinks also write (it does not replace the journal's sink).
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'audit')),
  });
  const notice = extra.notice ?? safety.deps.notice;
  const signIn = created.handlers['session:signIn'];
  // As a user who acknowledged the records notice at an earlier sign-in (unless the test is about the notice).
  created.handlers['session:signIn'] = async (req) => {
    if (options.noticeAcknowledged !== false) await notice.acknowledge(req.address.trim().toLowerCase(), (extra.policy ?? policy).current().values.RecordsNoticeText, new Date());
    return signIn(req);
  };
  core = {
    ...created,
    async shutdown() {
      await created.shutdown();
      await safety.close();
    },
  };
  const of = <E extends EventChannel>(channel: E) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventOf<E>);
  return {
    core,
    policy,
    dataDir,
    journal: safety.journal,
    events,
    of,
    /** Resolves as soon as a matching event is emitted (event-driven, so benchmarks can use it). */
    waitForEvent<E extends EventChannel>(channel: E, pred: (p: EventOf<E>) => boolean, what?: string, timeoutMs = 30_000): Promise<EventOf<E>> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = of(channel).find(pred);
          if (hit === undefined) return false;
          cleanup();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Timed out waiting for ${what ?? channel}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        if (!check()) waiters.add(check);
      });
    },
  };
}
