/**
 * Central audit (Policy 630-04: approved clients and settings; ARCHITECTURE.md: "client version and policy
 * hash reported centrally"). Every audit event is posted, in small batches, as JSON to AuditEndpointUrl, or,
 * when that is unset, to the retention server's `POST /v1/events` (RetentionServerUrl + CENTRAL_AUDIT_PATH),
 * with an event id, the device id, the client version, the effective policy hash, version and review date,
 * whether the review is overdue, the journal backlog and the account. The retention token is sent only to
 * the retention server's own origin (never to a third-party collector).
 * Events never carry message bodies, matched values, passwords or tokens (AuditEvent is body-free).
 * https is required (plain http only to this computer); the server certificate is verified against the
 * bundled roots plus the policy's CA. Delivery is best effort with a bounded queue: the authoritative
 * record of messages is the journal, not this feed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { AuditEvent, AuditSink } from './audit';
import type { JournalStatus } from '../../shared/ipc/types';
import type { PolicyProvider } from './ports';
import type { PolicyValues } from '../../shared/policy/schema';
import type { Logger } from './log';
import { isLoopbackHost, postJson } from './journal/transport';
import { reviewState } from '../../shared/policy/view';
import { CLIENT_VERSION } from './version';

/** Where the retention server takes client audit events (server/routes/events.ts). */
export const CENTRAL_AUDIT_PATH = '/v1/events';

/** The client's own version, from package.json (bundled into the app at build time). */
export { CLIENT_VERSION } from './version';
const MAX_QUEUE = 1000;
const MAX_BATCH = 100;

export interface AuditEnvelope extends AuditEvent {
  at: string;
  clientVersion: string;
  policyHash: string;
  policyVersion: string;
  policyReviewedOn: string;
  reviewOverdue: boolean;
  account: string;
  eventId: string;
  deviceId: string;
  backlog: number;
}

/** AuditEndpointUrl, else the retention server's events endpoint; null when neither is usable. */
export function centralAuditUrl(values: Partial<Pick<PolicyValues, 'AuditEndpointUrl' | 'RetentionServerUrl'>>): URL | null {
  const explicit = auditEndpointUrl(values.AuditEndpointUrl);
  if (explicit || values.AuditEndpointUrl) return explicit;
  const base = auditEndpointUrl(values.RetentionServerUrl);
  return base ? new URL(CENTRAL_AUDIT_PATH.slice(1), base.href.endsWith('/') ? base : `${base.href}/`) : null;
}

/** The retention token goes only to the retention server's own origin. */
function authHeaders(url: URL, values: PolicyValues): Record<string, string> {
  const base = auditEndpointUrl(values.RetentionServerUrl);
  const token = values.RetentionServerToken;
  return base && base.origin === url.origin && token ? { authorization: `Bearer ${token}` } : {};
}

export function auditEndpointUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  } catch {
    /* invalid: the policy system reports it */
  }
  return null;
}

export interface HttpAuditSink extends AuditSink {
  /** Send what is queued now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface HttpAuditSinkOptions {
  policy: PolicyProvider;
  account: () => string;
  log: Logger;
  intervalMs?: number;
  /** The journal's device id ('' until the journal is open). */
  deviceId?: () => string | null;
  /** Journal records not yet receipted by the retention server. */
  backlog?: () => number;
  /** The enrolled device's headers over a body (device enrollment); null while not enrolled. */
  signEvents?: (body: unknown) => Record<string, string> | null;
}

export function createHttpAuditSink(opts: HttpAuditSinkOptions): HttpAuditSink {
  const queue: AuditEnvelope[] = [];
  let sending: Promise<void> | null = null;
  let dropped = 0;
  const flush = async (): Promise<void> => {
    if (sending) return sending;
    const values = opts.policy.current().values;
    const url = centralAuditUrl(values);
    if (!url || !queue.length) return;
    const device = opts.deviceId?.() ?? '';
    for (const e of queue) if (!e.deviceId) e.deviceId = device;
    const caFile = values.XmppCaCertificateFile ?? '';
    let ca = [...rootCertificates];
    try {
      if (caFile) ca = [...ca, readFileSync(caFile, 'utf8')];
    } catch {
      /* the XMPP connection reports an unreadable CA file */
    }
    const batch = queue.slice(0, MAX_BATCH);
    sending = (async () => {
      try {
        const body = { events: batch, ...(dropped ? { dropped } : {}) };
        const auth = authHeaders(url, values);
        // To the retention server, an enrolled device signs its events (the fleet token alone is accepted too).
        const device = auth.authorization ? (opts.signEvents?.(body) ?? {}) : {};
        const status = await postJson(url, JSON.stringify(body), ca, 10_000, { ...auth, ...device });
        if (status >= 200 && status < 300) {
          queue.splice(0, batch.length);
          dropped = 0;
        } else opts.log.warn('audit-endpoint.refused', { status });
      } catch (err) {
        opts.log.warn('audit-endpoint.unreachable', { code: (err as NodeJS.ErrnoException).code ?? (err as Error).name });
      } finally {
        sending = null;
      }
    })();
    return sending;
  };
  const timer = setInterval(() => void flush(), opts.intervalMs ?? 5000);
  timer.unref?.();
  return {
    record(event) {
      const p = opts.policy.current();
      const values = p.values;
      if (!centralAuditUrl(values)) return;
      if (queue.length >= MAX_QUEUE) {
        queue.shift();
        dropped++;
      }
      queue.push({
        ...event,
        at: new Date().toISOString(),
        clientVersion: CLIENT_VERSION,
        policyHash: p.hash,
        policyVersion: values.PolicyVersion,
        policyReviewedOn: values.PolicyReviewedOn ?? '',
        reviewOverdue: reviewState(values.PolicyReviewedOn ?? '', new Date()).overdue,
        account: opts.account() || (typeof event.account === 'string' ? event.account : ''),
        eventId: randomUUID(),
        deviceId: opts.deviceId?.() ?? '',
        backlog: opts.backlog?.() ?? 0,
      });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/**
 * Client state changes worth a central event: sign-out (session-end when the session goes offline for
 * good, with the account that was signed in), a policy review overdue at sign-in, a runtime policy change (new hash and version), and the start
 * and end of a fail-closed period of the journal (sending stopped because the backlog is over its limit).
 */
export function createCentralAuditWatch(opts: { audit: AuditSink; policy: PolicyProvider; now?: () => number }) {
  const now = opts.now ?? Date.now;
  let account = '';
  let blockedSince: number | null = null;
  const off = opts.policy.onChange?.((p) =>
    opts.audit.record({ type: 'policy-changed', policyHash: p.hash, policyVersion: p.values.PolicyVersion }),
  );
  return {
    sessionPhase(phase: string, bareJid: string): void {
      if (phase === 'online' && bareJid && bareJid !== account) {
        account = bareJid;
        const values = opts.policy.current().values;
        const review = reviewState(String(values.PolicyReviewedOn ?? ''), new Date(now()));
        if (review.overdue) opts.audit.record({ type: 'policy-review-overdue', policyReviewedOn: String(values.PolicyReviewedOn ?? ''), ...(review.ageDays !== undefined ? { ageDays: review.ageDays } : {}) });
      } else if (phase === 'offline' && account) {
        opts.audit.record({ type: 'session-end', account });
        account = '';
      }
    },
    journalStatus(status: JournalStatus): void {
      if (status.state === 'blocked' && blockedSince === null) {
        blockedSince = now();
        opts.audit.record({ type: 'journal-fail-closed', pending: status.pending });
      } else if (status.state !== 'blocked' && blockedSince !== null) {
        opts.audit.record({ type: 'journal-fail-closed-ended', pending: status.pending, seconds: Math.round((now() - blockedSince) / 1000) });
        blockedSince = null;
      }
    },
    close(): void {
      off?.();
    },
  };
}
