/**
 * Ships the spool to the retention server, oldest first, one batch in flight. The batch id (the
 * idempotency key) is derived from the batch's content, so a resend after a crash or a timeout is the
 * same batch; the server dedupes by record id anyway. An entry leaves the spool only when a receipt
 * for its exact hash comes back. Failures back off exponentially with full jitter.
 *
 *   200 → ack every receipted entry
 *   409 → ack the receipted ones, quarantine the conflicting ones (kept locally, never resent)
 *   400/413 → split the batch; a single refused record is quarantined
 *   403 + a record reason (sender-mismatch…) → like 400: split, quarantine the single refused record
 *   403 + a device reason (not enrolled, revoked, bad signature) → enroll again, keep everything
 *   401/403 otherwise → credential problem: keep everything, retry slowly
 *   429 → keep everything, wait at least Retry-After
 *   network, TLS, 5xx → keep everything, retry with backoff
 *
 * Every batch is signed by the device key (issue 12): `sign` returns the headers, enrolling first when
 * needed; an EnrollmentPending (not signed in yet…) keeps the records spooled and retries later.
 */
import { createHash } from 'node:crypto';
import {
  BATCH_LIMITS,
  ErrorResponseSchema,
  JournalBatchConflictResponseSchema,
  JournalBatchResponseSchema,
  type Receipt,
} from '../../../shared/journal/api';
import { DeviceRefusalSchema, RECORD_REASONS, REENROLL_REASONS } from '../../../shared/journal/enrollment';
import type { JournalBatchRequest } from '../../../shared/journal/api';
import { EnrollmentPending } from './enrollment';
import type { BatchTransport } from './transport';
import type { SpoolEntry, SpoolStorage } from './spool';
import type { Logger } from '../log';

export interface UploaderHealth {
  /** null until the first attempt; true after a batch was accepted; false while failing. */
  reachable: boolean | null;
  /** Why the last attempt failed (a sentence for people; no bodies, no tokens). */
  error?: string;
  /** When the next attempt is due (ms since epoch), while backing off. */
  retryAt?: number;
}

/** The part of the spool the uploader uses. */
export type UploadSource = Pick<SpoolStorage, 'pendingCount' | 'readBatch' | 'ack' | 'quarantine'>;

export interface UploaderOptions {
  spool: UploadSource;
  /** The transport for the current policy, or null when no retention server is configured. */
  transport: () => BatchTransport | null;
  log: Logger;
  onChange: () => void;
  /** The device's signature headers for a batch (enrolling first if needed). */
  sign: (batch: JournalBatchRequest, transport: BatchTransport) => Promise<Record<string, string>>;
  /** The server refused the device's credential (reason from REENROLL_REASONS): enroll again. */
  deviceRefused: (reason: string) => void;
  now?: () => number;
  random?: () => number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxRecords?: number;
  maxBytes?: number;
}

const DEFAULTS = { backoffBaseMs: 1_000, backoffCapMs: 60_000, maxRecords: 500, maxBytes: BATCH_LIMITS.maxBytes - 512 * 1024 };

export function batchIdFor(entries: SpoolEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${e.recordId}\n${e.hash}\n`);
  return `b-${h.digest('base64url')}`;
}

type Outcome = 'progress' | 'retry';

export class Uploader {
  private readonly o: Required<Omit<UploaderOptions, 'now' | 'random'>> & { now: () => number; random: () => number };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private attempt = 0;
  private limit: number;
  private h: UploaderHealth = { reachable: null };

  constructor(opts: UploaderOptions) {
    this.o = { ...DEFAULTS, now: Date.now, random: Math.random, ...opts } as typeof this.o;
    this.limit = this.o.maxRecords;
  }

  health(): UploaderHealth {
    return { ...this.h };
  }

  /** Upload soon (new entries), unless a backoff is running. */
  kick(delayMs = 25): void {
    if (this.stopped || this.timer) return;
    this.schedule(delayMs);
  }

  /** Try now, ignoring any backoff (recovery checks, tests). Resolves when the spool is empty or an attempt failed. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    this.timer.unref?.();
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.timer && !this.stopped);
      } catch (err) {
        this.o.log.error('journal.upload-loop-failed', { name: (err as Error).name });
        this.backoff('The journal could not be read.');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async drain() {
    while (!this.stopped && this.o.spool.pendingCount() > 0) {
      const transport = this.o.transport();
      if (!transport) return;
      const entries = this.o.spool.readBatch(this.limit, this.o.maxBytes);
      if (entries.length === 0) return;
      const outcome = await this.send(transport, entries);
      if (outcome === 'retry') return;
    }
  }

  private backoff(error: string, atLeastMs = 0) {
    const ceiling = Math.min(this.o.backoffCapMs, this.o.backoffBaseMs * 2 ** Math.min(this.attempt, 30));
    const delay = Math.max(100, atLeastMs, Math.floor(this.o.random() * ceiling));
    this.attempt += 1;
    this.h = { reachable: false, error, retryAt: this.o.now() + delay };
    if (!this.stopped) this.schedule(delay);
    this.o.onChange();
  }

  private succeeded() {
    this.attempt = 0;
    const changed = this.h.reachable !== true || this.h.error !== undefined;
    this.h = { reachable: true };
    if (changed) this.o.onChange();
  }

  private ackReceipts(entries: SpoolEntry[], receipts: Receipt[]): number {
    const byId = new Map(entries.map((e) => [e.recordId, e]));
    const ok = receipts.filter((r) => byId.get(r.recordId)?.hash === r.hash).map((r) => r.recordId);
    if (ok.length) this.o.spool.ack(ok, this.o.now());
    return ok.length;
  }

  private async send(transport: BatchTransport, entries: SpoolEntry[]): Promise<Outcome> {
    const batchId = batchIdFor(entries);
    const batch = { batchId, records: entries.map((e) => ({ record: e.record, hash: e.hash })) };
    let res;
    try {
      const headers = await this.o.sign(batch, transport);
      res = await transport.post(batch, headers);
    } catch (err) {
      if (err instanceof EnrollmentPending) {
        this.o.log.info('journal.enrollment-pending', { records: entries.length });
        this.backoff(err.message);
        return 'retry';
      }
      const e = err as NodeJS.ErrnoException;
      const tls = /CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|certificate/i.test(`${e.code ?? ''} ${e.message}`);
      this.o.log.warn('journal.upload-failed', { batchId, records: entries.length, code: e.code ?? e.name, tls });
      this.backoff(tls ? 'The retention server’s certificate could not be verified.' : 'The retention server cannot be reached.');
      return 'retry';
    }
    const { status, body } = res;
    if (status === 200) {
      const parsed = JournalBatchResponseSchema.safeParse(body);
      const acked = parsed.success ? this.ackReceipts(entries, parsed.data.receipts) : 0;
      this.o.log.info('journal.batch-stored', { batchId, records: entries.length, acked });
      if (acked === 0) {
        this.backoff('The retention server gave no receipts.');
        return 'retry';
      }
      this.limit = this.o.maxRecords;
      this.succeeded();
      this.o.onChange();
      return 'progress';
    }
    if (status === 409) {
      const parsed = JournalBatchConflictResponseSchema.safeParse(body);
      if (!parsed.success) {
        this.backoff('The retention server sent an unexpected answer.');
        return 'retry';
      }
      this.ackReceipts(entries, parsed.data.receipts);
      const conflicts = parsed.data.conflicts.map((c) => c.recordId);
      this.o.spool.quarantine(conflicts, 'conflict: the server holds a different record with this id');
      this.o.log.error('journal.batch-conflict', { batchId, conflicts });
      this.succeeded();
      this.o.onChange();
      return 'progress';
    }
    const refusal = status === 403 ? DeviceRefusalSchema.safeParse(body).data : undefined;
    if (refusal && (REENROLL_REASONS as readonly string[]).includes(refusal.reason)) {
      this.o.deviceRefused(refusal.reason);
      this.attempt = 0;
      this.backoff('This device is enrolling again with the retention server.');
      return 'retry';
    }
    if (status === 400 || status === 413 || (refusal && (RECORD_REASONS as readonly string[]).includes(refusal.reason))) {
      const reason = ErrorResponseSchema.safeParse(body).data?.error ?? `HTTP ${status}`;
      if (entries.length > 1) {
        this.limit = Math.max(1, Math.ceil(entries.length / 2));
        this.o.log.warn('journal.batch-refused-splitting', { batchId, records: entries.length, status });
        return 'progress';
      }
      const only = entries[0]!;
      this.o.spool.quarantine([only.recordId], `refused: ${reason}`.slice(0, 500));
      this.o.log.error('journal.record-refused', { recordId: only.recordId, seq: only.seq, status, reason });
      this.o.onChange();
      return 'progress';
    }
    this.o.log.warn('journal.upload-http-error', { batchId, status });
    if (status === 429) this.backoff('The retention server asked this device to slow down.', (res.retryAfterSeconds ?? 1) * 1000);
    else if (status === 401 || status === 403) this.backoff('The retention server refused this client’s credential (RetentionServerToken). Contact your administrator.');
    else this.backoff(`The retention server is not accepting records right now (HTTP ${status}).`);
    return 'retry';
  }
}
