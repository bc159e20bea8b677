/**
 * The device services the HTTP app needs (issue 12): enrollment, the signed-batch verifier, the rate
 * limiter and the refusal counter. `deviceServices()` builds them from a store; serve.ts passes the
 * XMPP account's JID so enrollment can run.
 */
import type { FastifyRequest } from 'fastify';
import { DeviceBatchVerifier } from './batchSignature';
import { Enrollments } from './enroll';
import { DEFAULT_LIMITS, RateLimiter, type RateLimits } from './rateLimit';
import type { DeviceRegistry } from './store/deviceTypes';
import type { Store } from './store/types';
import { silentLogger, type Logger } from './treeHeads';

export interface DeviceServices {
  registry: DeviceRegistry;
  enrollments: Enrollments;
  verifier: DeviceBatchVerifier;
  limiter: RateLimiter;
  limits: RateLimits;
  /** The retention server's own XMPP account (enrollment proofs go to it), when it has one. */
  xmppJid: string | null;
  /** Count one refused request for its credential in the current minute (no audit row per refusal). */
  refused(credential: string, reason: string): Promise<void>;
}

export interface DeviceServiceOptions {
  xmppJid?: string | null;
  limits?: Partial<RateLimits>;
  clock?: () => Date;
  log?: Logger;
}

export function deviceServices(store: Store, o: DeviceServiceOptions = {}): DeviceServices {
  const clock = o.clock ?? (() => new Date());
  const registry = store.deviceRegistry();
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const limiter = new RateLimiter(() => clock().getTime());
  const log = o.log ?? silentLogger;
  return {
    registry,
    limits,
    limiter,
    xmppJid: o.xmppJid ?? null,
    enrollments: new Enrollments({ store, registry, xmppJid: o.xmppJid ?? null, clock, log }),
    verifier: new DeviceBatchVerifier({ store, registry, limiter, limits, clock }),
    refused: async (credential, reason) => {
      try {
        await registry.countRefusal(clock().toISOString().slice(0, 16), credential, reason);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'refusal could not be counted');
      }
    },
  };
}

/** The credential a refusal is counted against: the token when there is one, else the caller's address. */
export function credentialOf(req: Pick<FastifyRequest, 'caller' | 'ip'>): string {
  return req.caller ? `token:${req.caller.id}` : `ip:${req.ip}`;
}
