import { randomUUID } from 'node:crypto';
import type { RefusedTransferEvent } from '../audit';
import type { IpcHandlers } from '../ipc/router';
import type { HandlerContext } from './context';

type TransferChannels = 'composer:refused';

/** At most this many window refusals are audited per minute; the rest are counted, not recorded. */
export const REFUSAL_AUDIT_CAP = 20;
export const REFUSAL_AUDIT_WINDOW_MS = 60_000;

/**
 * Refusals the composer reports (a pasted or dropped file or image, a pasted encoded binary): one audit
 * event each (type 'refused-transfer', `via` paste or drop), which the audit sinks forward to the journal and
 * the central audit. The renderer is untrusted, so the events are capped: past REFUSAL_AUDIT_CAP in a
 * minute they are counted and the count rides on the next recorded event (`suppressed`).
 */
export function transferHandlers(ctx: Pick<HandlerContext, 'audit' | 'clock' | 'log'>): Pick<IpcHandlers, TransferChannels> {
  const { audit, clock, log } = ctx;
  let windowStart = -Infinity;
  let recorded = 0;
  let suppressed = 0;
  return {
    'composer:refused': async (req) => {
      const now = clock.now();
      if (now - windowStart >= REFUSAL_AUDIT_WINDOW_MS) {
        windowStart = now;
        recorded = 0;
      }
      if (recorded >= REFUSAL_AUDIT_CAP) {
        if (suppressed === 0) log.warn('transfer.refusal-audit-capped', { cap: REFUSAL_AUDIT_CAP });
        suppressed += 1;
        return {};
      }
      recorded += 1;
      const event: RefusedTransferEvent = {
        type: 'refused-transfer',
        kind: 'refused-transfer',
        id: randomUUID(),
        peer: '',
        protocol: req.what === 'encoded-binary' ? 'encoded-binary' : 'local-file',
        direction: 'out',
        action: 'send-blocked',
        at: new Date(now).toISOString(),
        via: req.how,
        what: req.what,
        ...(req.mime ? { mediaType: req.mime.toLowerCase() } : {}),
        ...(req.count !== undefined ? { count: req.count } : {}),
        ...(suppressed > 0 ? { suppressed } : {}),
      };
      suppressed = 0;
      audit.record(event);
      return {};
    },
  };
}
