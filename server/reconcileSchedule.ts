/**
 * Reconciliation on a schedule, so body mismatches between server and client records raise their alert
 * without anyone asking: every `everyMs` (default one hour) the last `windowMs` (default two hours) is
 * reconciled and new mismatches become `body-mismatch` alerts (ids and hashes only). `ownJid` is the
 * retention server's own XMPP account, whose messages reconciliation leaves out.
 */
import { alertMismatches, reconcile } from './reconcile';
import type { Store } from './store/types';
import type { Logger } from './treeHeads';

export interface ReconcileSchedule {
  /** One pass now; resolves to the number of new alerts. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function startReconcileSchedule(
  store: Store,
  log: Logger,
  opts: { everyMs?: number; windowMs?: number; clock?: () => Date; ownJid?: string | null } = {},
): ReconcileSchedule {
  const everyMs = opts.everyMs ?? 3_600_000;
  const windowMs = opts.windowMs ?? 2 * 3_600_000;
  const clock = opts.clock ?? (() => new Date());
  let running = false;
  const runOnce = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      const now = clock();
      const result = await reconcile(store, now.getTime() - windowMs, now.getTime(), { ownJid: opts.ownJid ?? null });
      const alerted = await alertMismatches(store, result.bodyMismatches, now.toISOString());
      if (alerted > 0) log.warn({ alerts: alerted }, 'retention alert: body-mismatch between server and client records');
      return alerted;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'scheduled reconciliation failed'));
  }, everyMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
