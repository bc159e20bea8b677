import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type PolicyProvider } from '../../main/core/app';
import { staticPolicyProvider } from '../../main/core/compose';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { createSettingsStore } from '../../main/core/settings';
import { silentLogger } from '../../main/core/log';
import type { EventChannel, EventOf } from '../../shared/ipc/contract';
import type { ProsodyServer } from './prosody';

export interface CapturedEvent {
  channel: EventChannel;
  payload: unknown;
}

/** A client core wired as the hosts wire it, with every event captured for assertions. */
export function makeCore(
  server: ProsodyServer,
  extraPolicy: Record<string, unknown> = {},
  overrides: Partial<Parameters<typeof createCore>[0]> | ((policy: PolicyProvider) => Partial<Parameters<typeof createCore>[0]>) = {},
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
  const core: Core = createCore({
    policy,
    credentials: createMemoryStore(),
    settings: createSettingsStore(mkdtempSync(join(tmpdir(), 'aim-settings-'))),
    log: silentLogger,
    emit: (channel, payload) => {
      events.push({ channel, payload });
      for (const w of [...waiters]) w();
    },
    ...(typeof overrides === 'function' ? overrides(policy) : overrides),
  });
  const of = <E extends EventChannel>(channel: E) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventOf<E>);
  return {
    core,
    policy,
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
