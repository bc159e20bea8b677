/**
 * The client journal: every record goes into the durable spool before the message is sent or shown,
 * and the uploader ships it to the retention server. Concurrent appends are grouped into one
 * transaction (one fsync). The journal decides whether sending may go on:
 *  - the spool cannot be written → sending stops, whatever the fail mode;
 *  - fail-closed and the backlog is older or larger than the policy allows → sending stops until the
 *    retention server has caught up;
 *  - fail-open-spooled → messaging continues and records wait in the spool.
 */
import { readFileSync } from 'node:fs';
import type { ChatMessage, JournalStatus } from '../../../shared/ipc/types';
import { JournalRecordSchema } from '../../../shared/journal/record';
import { UserFacingError } from '../ipc/router';
import type { Logger } from '../log';
import type { JournalHooks } from '../app';
import type { KeyStore } from './keys';
import { openSpool, type AppendRequest, type AppendResult, type SpoolStorage } from './spool';
import { createHttpTransport, type BatchTransport } from './transport';
import { Uploader, type UploaderOptions } from './uploader';
import { DeviceEnrollment, EnrollmentPending } from './enrollment';
import { eventsSigningText } from '../../../shared/journal/events';
import type { EnrollmentProofPort } from './ports';
import {
  correctionDraft,
  dlpDraft,
  draftRecordId,
  genericDraft,
  finalizeRecord,
  messageDraft,
  noticeAckDraft,
  refusedTransferDraft,
  retractionDraft,
  type DlpDecisionInput,
  type RecordDraft,
  type RefusedTransferInput,
  type RetractionInput,
} from './records';

export type FailMode = 'fail-open-spooled' | 'fail-closed';

export interface JournalConfig {
  url: string;
  token: string;
  failMode: FailMode;
  maxBacklogAgeMinutes: number;
  maxBacklogRecords: number;
  /** PEM file trusted in addition to the bundled roots (XmppCaCertificateFile). */
  caFile: string;
}

/** The journal settings from the effective policy values. */
export function journalConfigFromPolicy(values: Record<string, unknown>): JournalConfig {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    url: typeof values.RetentionServerUrl === 'string' ? values.RetentionServerUrl : '',
    token: typeof values.RetentionServerToken === 'string' ? values.RetentionServerToken : '',
    failMode: values.RetentionFailMode === 'fail-closed' ? 'fail-closed' : 'fail-open-spooled',
    maxBacklogAgeMinutes: num(values.RetentionMaxBacklogAgeMinutes, 1440),
    maxBacklogRecords: num(values.RetentionMaxBacklogRecords, 10_000),
    caFile: typeof values.XmppCaCertificateFile === 'string' ? values.XmppCaCertificateFile : '',
  };
}

export interface JournalOptions {
  /** The spool directory (in the data directory). */
  dir: string;
  keys: KeyStore;
  log: Logger;
  config: () => JournalConfig;
  policyHash: () => string;
  onStatus?: (status: JournalStatus) => void;
  /** The signed-in account (bare JID), if the journal should ask rather than be told (setAccount). */
  account?: () => string;
  /** Sends the enrollment proof from the signed-in XMPP session (issue 12). */
  enrollmentProof: EnrollmentProofPort;
  /** Reported at enrollment. */
  clientVersion?: string;
  /** Tests: faster enrollment polling. */
  enrollment?: { pollMs?: number; proofTimeoutMs?: number };
  now?: () => number;
  /** Storage injection (tests: a failing layer). */
  openStorage?: (dir: string, keys: KeyStore, log: Logger) => Promise<SpoolStorage>;
  transport?: (config: JournalConfig, extraCa: string[]) => BatchTransport;
  uploader?: Pick<UploaderOptions, 'backoffBaseMs' | 'backoffCapMs' | 'maxRecords' | 'random'>;
}

const SPOOL_FAILED = 'Sending is stopped: messages cannot be written to the local journal (the disk may be full or not writable). Free some disk space or contact your administrator.';
const OUTBOUND_KINDS = new Set(['message', 'correction', 'retraction']);

interface Waiting {
  req: AppendRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

export class Journal {
  private storage: SpoolStorage | null = null;
  private opening: Promise<SpoolStorage> | null = null;
  private writeError: string | null = null;
  private queue: Waiting[] = [];
  private commitScheduled = false;
  private accountValue = '';
  private readonly uploader: Uploader;
  private readonly enrollment: DeviceEnrollment;
  private transportKey = '';
  private transportValue: BatchTransport | null = null;
  private configError: string | null = null;
  private lastStatus = '';
  private lastEmitMs = 0;
  private statusTimer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly o: JournalOptions) {
    this.now = o.now ?? Date.now;
    this.enrollment = new DeviceEnrollment({
      keys: o.keys,
      proof: o.enrollmentProof,
      account: () => this.account,
      clientVersion: o.clientVersion ?? '',
      log: o.log,
      ...o.enrollment,
    });
    this.uploader = new Uploader({
      spool: {
        pendingCount: () => this.storage?.pendingCount() ?? 0,
        readBatch: (n, b) => this.storage?.readBatch(n, b) ?? [],
        ack: (ids, t) => this.storage?.ack(ids, t),
        quarantine: (ids, r) => this.storage?.quarantine(ids, r),
      },
      transport: () => this.transport(),
      log: o.log,
      onChange: () => this.statusChanged(),
      sign: (batch, transport) => {
        const s = this.storage;
        if (!s) return Promise.reject(new EnrollmentPending('The journal is not open yet.'));
        return this.enrollment.signBatch(s.deviceId, batch, transport);
      },
      deviceRefused: (reason) => this.enrollment.invalidate(reason),
      now: this.now,
      ...o.uploader,
    });
  }

  /** Open the spool and start uploading what an earlier run left behind. */
  start(): Promise<void> {
    this.ticker ??= setInterval(() => this.statusChanged(), 5_000);
    this.ticker.unref?.();
    return this.ready().then(
      () => undefined,
      () => undefined,
    );
  }

  private ready(): Promise<SpoolStorage> {
    if (this.storage) return Promise.resolve(this.storage);
    this.opening ??= (this.o.openStorage ?? openSpool)(this.o.dir, this.o.keys, this.o.log).then(
      (s) => {
        this.storage = s;
        this.opening = null;
        this.writeError = null;
        this.o.log.info('journal.opened', { deviceId: s.deviceId, pending: s.pendingCount() });
        this.uploader.kick(0);
        this.statusChanged();
        return s;
      },
      (err: unknown) => {
        this.opening = null;
        this.writeError = SPOOL_FAILED;
        this.o.log.error('journal.open-failed', { name: (err as Error).name, code: (err as NodeJS.ErrnoException).code });
        this.statusChanged();
        throw err;
      },
    );
    return this.opening;
  }

  get deviceId(): string | null {
    return this.storage?.deviceId ?? null;
  }

  /** Device headers for a central-audit events body (issue 15), once this device is enrolled; else null. */
  signEvents(body: unknown): Record<string, string> | null {
    const deviceId = this.storage?.deviceId;
    return deviceId ? this.enrollment.signText(deviceId, eventsSigningText(deviceId, body)) : null;
  }

  /** The signed-in account (bare JID): the recipient of inbound 1:1 messages, the sender of outbound ones. */
  setAccount(bareJid: string): void {
    this.accountValue = bareJid;
  }

  private get account(): string {
    return this.o.account?.() || this.accountValue;
  }

  /** Why an outbound message may not be sent now (fail-closed backlog), or null. */
  sendRefusal(): string | null {
    const cfg = this.o.config();
    if (cfg.failMode !== 'fail-closed' || !cfg.url || !this.storage) return null;
    const pending = this.storage.pendingCount();
    const oldest = this.storage.oldestPendingMs();
    const ageMin = oldest === null ? 0 : (this.now() - oldest) / 60_000;
    if (pending >= cfg.maxBacklogRecords || ageMin >= cfg.maxBacklogAgeMinutes) {
      const minutes = Math.floor(ageMin);
      return `Sending is stopped: ${pending} message record${pending === 1 ? ' has' : 's have'} not reached the retention server${
        minutes >= 1 ? ` (the oldest for ${minutes} minute${minutes === 1 ? '' : 's'})` : ''
      }, and policy requires retention before sending. Sending resumes by itself when the retention server is reachable again.`;
    }
    return null;
  }

  /** Spool one record (group-committed, durable when this resolves). Outbound messages obey the fail mode. */
  async append(draft: RecordDraft): Promise<AppendResult> {
    if (this.closed) throw new UserFacingError('journal-closed', SPOOL_FAILED);
    let storage: SpoolStorage;
    try {
      storage = await this.ready();
    } catch {
      throw new UserFacingError('journal-unwritable', SPOOL_FAILED);
    }
    if (draft.direction === 'out' && OUTBOUND_KINDS.has(draft.kind)) {
      let refusal = this.sendRefusal();
      if (refusal) {
        // Maybe the server is back: try it now rather than waiting out the backoff (one attempt at a time).
        await Promise.race([this.uploader.flush(), new Promise((r) => setTimeout(r, 3_000).unref?.())]);
        refusal = this.sendRefusal();
      }
      if (refusal) {
        this.statusChanged();
        throw new UserFacingError('journal-blocked', refusal);
      }
    }
    const recordedAt = new Date(this.now()).toISOString();
    const policyHash = this.o.policyHash();
    const probe = JournalRecordSchema.safeParse(finalizeRecord(draft, { deviceId: storage.deviceId, seq: 1, recordedAt, policyHash }));
    if (!probe.success) {
      this.o.log.error('journal.record-invalid', { kind: draft.kind, fields: probe.error.issues.map((i) => i.path.join('.')) });
      throw new UserFacingError('journal-invalid', 'This could not be recorded for retention, so it was not sent. Contact your administrator.');
    }
    const req: AppendRequest = {
      recordId: draftRecordId(storage.deviceId, draft),
      build: (seq, deviceId) => finalizeRecord(draft, { deviceId, seq, recordedAt, policyHash }),
    };
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => this.commit());
      }
    });
  }

  /** Group commit: everything queued since the last commit goes into one transaction. */
  private commit() {
    this.commitScheduled = false;
    const items = this.queue.splice(0);
    const storage = this.storage;
    if (!items.length) return;
    try {
      if (!storage) throw new Error('spool not open');
      const results = storage.append(
        items.map((i) => i.req),
        this.now(),
      );
      this.writeError = null;
      items.forEach((item, n) => item.resolve(results[n]!));
      this.uploader.kick();
    } catch (err) {
      this.writeError = SPOOL_FAILED;
      this.o.log.error('journal.append-failed', { records: items.length, name: (err as Error).name, code: (err as NodeJS.ErrnoException).code });
      for (const item of items) item.reject(new UserFacingError('journal-unwritable', SPOOL_FAILED));
    }
    this.statusChanged();
  }

  /** Chat message in or out (1:1 or room). meta.kind 'correction' / 'retraction' with meta.replaces record edits. */
  message(m: ChatMessage, meta?: Record<string, string>): Promise<AppendResult> {
    const { kind, replaces, ...rest } = meta ?? {};
    const extra = Object.keys(rest).length ? rest : undefined;
    const account = this.account || (m.direction === 'out' ? m.from : '');
    if (kind === 'correction' && replaces) return this.append(correctionDraft(m, replaces, account, extra));
    if (kind === 'retraction' && replaces) {
      const r: RetractionInput = { id: m.id, replacesId: replaces, conversation: m.conversation, conversationType: m.conversationType, direction: m.direction, from: m.from, sentAt: m.sentAt };
      return this.append(retractionDraft(extra ? { ...r, meta: extra } : r, account));
    }
    return this.append(messageDraft(m, account, extra));
  }

  correction(m: ChatMessage, replacesId: string, meta?: Record<string, string>): Promise<AppendResult> {
    return this.append(correctionDraft(m, replacesId, this.account || m.from, meta));
  }

  retraction(r: RetractionInput): Promise<AppendResult> {
    return this.append(retractionDraft(r, this.account || r.from));
  }

  refusedTransfer(t: RefusedTransferInput): Promise<AppendResult> {
    return this.append(refusedTransferDraft(t, this.account));
  }

  dlpOverride(d: DlpDecisionInput): Promise<AppendResult> {
    return this.append(dlpDraft('dlp-override', d, this.account));
  }

  dlpLog(d: DlpDecisionInput): Promise<AppendResult> {
    return this.append(dlpDraft('dlp-log', d, this.account));
  }

  noticeAck(n: { noticeId: string; at: string; text?: string }): Promise<AppendResult> {
    return this.append(noticeAckDraft(n, this.account));
  }

  /** The hooks createCore calls: outbound before the stanza is sent, inbound before it is shown, other kinds via append. */
  hooks(): JournalHooks {
    return {
      outbound: async (message, meta) => void (await this.message(message, meta)),
      inbound: async (message, meta) => void (await this.message(message, meta)),
      append: async (record) => void (await this.append(genericDraft(record))),
    };
  }

  private transport(): BatchTransport | null {
    const cfg = this.o.config();
    if (!cfg.url) return null;
    const key = `${cfg.url}\n${cfg.token}\n${cfg.caFile}`;
    if (key === this.transportKey) return this.transportValue;
    this.transportValue?.close();
    this.transportKey = key;
    this.transportValue = null;
    this.configError = null;
    try {
      const extraCa = cfg.caFile ? [readFileSync(cfg.caFile, 'utf8')] : [];
      this.transportValue = (this.o.transport ?? ((c, ca) => createHttpTransport({ url: c.url, token: c.token, extraCa: ca })))(cfg, extraCa);
    } catch (err) {
      this.configError = `Records cannot be sent to the retention server: ${(err as Error).name === 'RetentionUrlError' ? (err as Error).message : 'its certificate authority file cannot be read.'} Contact your administrator.`;
      this.o.log.error('journal.transport-config', { name: (err as Error).name });
    }
    return this.transportValue;
  }

  status(): JournalStatus {
    const cfg = this.o.config();
    const failMode = cfg.failMode;
    const s = this.storage;
    const pending = s?.pendingCount() ?? 0;
    const oldest = s?.oldestPendingMs() ?? null;
    const age = oldest === null ? undefined : Math.max(0, Math.round((this.now() - oldest) / 1000));
    const base = { pending, failMode, ...(age !== undefined ? { oldestPendingAgeSeconds: age } : {}) };
    if (this.writeError) return { ...base, state: 'blocked', message: this.writeError };
    if (!s) return { ...base, state: 'pending', message: 'Opening the journal…' };
    const refusal = this.sendRefusal();
    if (refusal) return { ...base, state: 'blocked', message: refusal };
    if (!cfg.url) return { ...base, state: 'disabled', message: 'No retention server is configured (RetentionServerUrl): records are kept in the local journal only.' };
    if (this.configError) return { ...base, state: 'pending', message: this.configError };
    const h = this.uploader.health();
    if (h.reachable === false) return { ...base, state: 'pending', message: `${h.error ?? 'The retention server cannot be reached.'} Records are kept safely and sent when it is back.` };
    if (pending === 0 || (age ?? 0) < 10) return { ...base, state: 'connected' };
    return { ...base, state: 'pending' };
  }

  /** Emit the status when it changed (pending-count changes at most every 250 ms). */
  private statusChanged() {
    if (!this.o.onStatus || this.closed) return;
    const st = this.status();
    const key = JSON.stringify({ ...st, oldestPendingAgeSeconds: undefined });
    if (key === this.lastStatus) return;
    const prev = this.lastStatus ? (JSON.parse(this.lastStatus) as JournalStatus) : null;
    const onlyCount = prev && prev.state === st.state && prev.message === st.message;
    const wait = onlyCount ? 250 - (this.now() - this.lastEmitMs) : 0;
    if (wait > 0) {
      this.statusTimer ??= setTimeout(() => {
        this.statusTimer = null;
        this.statusChanged();
      }, wait);
      this.statusTimer.unref?.();
      return;
    }
    this.lastStatus = key;
    this.lastEmitMs = this.now();
    this.o.onStatus(st);
  }

  /** Upload now, ignoring backoff; resolves when the spool is empty or an attempt failed. */
  flush(): Promise<void> {
    return this.uploader.flush();
  }

  async close(): Promise<void> {
    if (this.queue.length) this.commit();
    this.closed = true;
    this.uploader.stop();
    await this.uploader.idle();
    if (this.ticker) clearInterval(this.ticker);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.transportValue?.close();
    this.storage?.close();
    this.storage = null;
  }
}
