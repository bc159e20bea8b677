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
import type { JournalStatus } from '../../../shared/ipc/types';
import type { JournalRecord, RecordKind } from '../../../shared/journal/record';
import { checkRecord } from '../../../shared/journal/recordCheck';
import { UserFacingError } from '../ipc/router';
import type { Logger } from '../log';
import type { KeyStore } from './keys';
import { openSpool, type AppendRequest, type AppendResult, type SpoolAlert, type SpoolStorage } from './spool';
import { createHttpTransport, type BatchTransport } from './transport';
import { Uploader, type UploaderOptions } from './uploader';
import { draftFor, draftRecordId, finalizeRecord, type RecordDraft, type RecordInput, type ClientRecordKind } from './records';
import { DeviceEnrollment, EnrollmentPending } from './enrollment';
import { eventsSigningText } from '../../../shared/journal/events';
import type { EnrollmentProofPort } from './ports';
import type { JournalConfig } from './journalConfig';

export { journalConfigFromPolicy, type FailMode, type JournalConfig } from './journalConfig';

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
/** How long after a commit the spool's index is written (spool.ts: maintain). */
const MAINTAIN_DELAY_MS = 20;
/** Outbound kinds that obey the fail mode: everything the user puts on the wire. */
const OUTBOUND_KINDS = new Set<RecordKind>(['message', 'correction', 'retraction', 'room-subject', 'invitation', 'presence-status', 'profile']);

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
  private maintainTimer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly spoolAlerts: SpoolAlert[] = [];
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
    this.ticker ??= setInterval(() => {
      this.statusChanged();
      this.reportSpoolAlerts();
    }, 5_000);
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
        this.spoolAlerts.push(...(s.alerts ?? []));
        this.reportSpoolAlerts();
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

  /**
   * What the spool found at open (a lost key) becomes alert records once the account is known: they are
   * the device's own reports, sent by the signed-in account (tried on each append and every 5 s).
   */
  private reportSpoolAlerts() {
    if (!this.spoolAlerts.length || !this.account) return;
    for (const a of this.spoolAlerts.splice(0)) {
      const at = new Date(this.now()).toISOString();
      this.append('alert', { alert: a.alert, conversation: '', sentAt: at, id: a.details.oldDeviceId, details: a.details }).catch((err: unknown) => {
        this.o.log.error('journal.alert-failed', { alert: a.alert, name: (err as Error).name });
        this.spoolAlerts.push(a);
      });
    }
  }

  /** False while records cannot be written (spool unopenable or a write failed): receiving is held. */
  writable(): boolean {
    return !this.closed && this.writeError === null;
  }

  /**
   * Spool one record of `kind`, built by that kind's one builder (records.ts); durable when this resolves.
   * Outbound kinds obey the fail mode. An inbound id reused with other content is also an alert record.
   */
  async append<K extends ClientRecordKind>(kind: K, input: RecordInput[K]): Promise<AppendResult> {
    const draft = draftFor(kind, input, this.account);
    if (kind !== 'alert') this.reportSpoolAlerts();
    const result = await this.appendDraft(draft);
    if (result.reused) {
      await this.appendDraft(
        draftFor('alert', {
          alert: 'reused-message-id',
          conversation: draft.conversation,
          sentAt: draft.sentAt,
          id: result.recordId.split('/').pop() ?? result.recordId,
          details: { sender: draft.sender, messageId: draft.meta?.messageId ?? '', recordId: result.recordId },
        }, this.account),
      );
    }
    return result;
  }

  private async appendDraft(draft: RecordDraft): Promise<AppendResult> {
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
    // The schema's verdict (a hand check first, zod only to decide and name a doubtful record's problem).
    const probe = checkRecord(finalizeRecord(draft, { deviceId: storage.deviceId, seq: 1, recordedAt, policyHash }));
    if (!probe.success) {
      this.o.log.error('journal.record-invalid', { kind: draft.kind, fields: probe.fields });
      throw new UserFacingError('journal-invalid', 'This could not be recorded for retention, so it was not sent. Contact your administrator.');
    }
    const req: AppendRequest = {
      recordId: draftRecordId(storage.deviceId, draft),
      ...(draft.identity ? { identity: draft.identity } : {}),
      ...(draft.aliases ? { aliases: draft.aliases } : {}),
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
      // The records are durable: their senders go on (the stanza leaves) before the bookkeeping runs.
      setImmediate(() => {
        if (this.closed) return;
        this.uploader.kick();
        this.statusChanged();
        this.scheduleMaintain();
      });
    } catch (err) {
      this.writeError = SPOOL_FAILED;
      this.o.log.error('journal.append-failed', { records: items.length, name: (err as Error).name, code: (err as NodeJS.ErrnoException).code });
      for (const item of items) item.reject(new UserFacingError('journal-unwritable', SPOOL_FAILED));
      this.statusChanged();
    }
  }

  /**
   * The spool's index write and log rotation, a little after the commit (coalesced under a burst): not on
   * the send path, and not while the stanza is still on its way to the peer. The uploader's reads index
   * what they need themselves.
   */
  private scheduleMaintain() {
    if (this.maintainTimer || this.closed) return;
    this.maintainTimer = setTimeout(() => {
      this.maintainTimer = null;
      if (this.closed) return;
      try {
        this.storage?.maintain?.();
      } catch (err) {
        // The records are in the spool's log; the index catches up on the next try or the next open.
        this.o.log.error('journal.spool-maintain-failed', { name: (err as Error).name, code: (err as NodeJS.ErrnoException).code });
      }
    }, MAINTAIN_DELAY_MS);
    this.maintainTimer.unref?.();
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

  /** The records waiting in the spool, oldest first (the policy page's details, and tests). */
  pending(max = 1000): JournalRecord[] {
    return (this.storage?.readBatch(max, Number.MAX_SAFE_INTEGER) ?? []).map((e) => e.record);
  }

  /** Upload now, ignoring backoff; resolves when the spool is empty or an attempt failed. */
  flush(): Promise<void> {
    return this.uploader.flush();
  }

  async close(): Promise<void> {
    if (this.queue.length) this.commit();
    this.closed = true;
    this.enrollment.stop();
    this.uploader.stop();
    await this.uploader.idle();
    if (this.ticker) clearInterval(this.ticker);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    if (this.maintainTimer) clearTimeout(this.maintainTimer);
    this.transportValue?.close();
    this.storage?.close();
    this.storage = null;
  }
}
