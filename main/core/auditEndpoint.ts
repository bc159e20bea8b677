/**
 * Central audit (Policy 630-04: approved clients and settings; ARCHITECTURE.md: "client version and policy
 * hash reported centrally"). When AuditEndpointUrl is set, every audit event is posted, in small batches,
 * as JSON to that URL with the client version, the effective policy hash and version, and the account.
 * Events never carry message bodies, matched values, passwords or tokens (AuditEvent is body-free).
 * https is required (plain http only to this computer); the server certificate is verified against the
 * bundled roots plus the policy's CA. Delivery is best effort with a bounded queue: the authoritative
 * record of messages is the journal, not this feed.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { AuditEvent, AuditSink } from './audit';
import type { PolicyProvider } from './ports';
import type { Logger } from './log';
import { isLoopbackHost, postJson } from './journal/transport';
import pkg from '../../package.json';

/** The client's own version, from package.json (bundled into the app at build time). */
export const CLIENT_VERSION: string = pkg.version;
const MAX_QUEUE = 1000;
const MAX_BATCH = 100;

export interface AuditEnvelope extends AuditEvent {
  at: string;
  clientVersion: string;
  policyHash: string;
  policyVersion: string;
  account: string;
}

export function auditEndpointUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || !value) return null;
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

export function createHttpAuditSink(opts: { policy: PolicyProvider; account: () => string; log: Logger; intervalMs?: number }): HttpAuditSink {
  const queue: AuditEnvelope[] = [];
  let sending: Promise<void> | null = null;
  let dropped = 0;
  const flush = async (): Promise<void> => {
    if (sending) return sending;
    const values = opts.policy.current().values;
    const url = auditEndpointUrl(values.AuditEndpointUrl);
    if (!url || !queue.length) return;
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
        const status = await postJson(url, JSON.stringify({ events: batch, ...(dropped ? { dropped } : {}) }), ca, 10_000);
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
      if (!auditEndpointUrl(p.values.AuditEndpointUrl)) return;
      if (queue.length >= MAX_QUEUE) {
        queue.shift();
        dropped++;
      }
      queue.push({
        ...event,
        at: new Date().toISOString(),
        clientVersion: CLIENT_VERSION,
        policyHash: p.hash,
        policyVersion: p.values.PolicyVersion,
        account: opts.account(),
      });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
