/**
 * SIEM forwarding: every client event, every access-audit entry and every retention alert, as RFC 5424
 * syslog over TLS (RFC 5425, octet-counted) to one collector.
 *
 * The durable queue is the store itself: client events, the access audit and the alerts are append-only tables, and
 * `siem_cursors` keeps, per source, the last position the collector has surely received. Delivery is at
 * least once: TCP syslog has no acknowledgement, so a position is committed only after the connection has
 * stayed healthy for `settleMs` with nothing left in our send buffer (or after a clean close). When the
 * connection breaks, sending restarts from the committed positions, so a collector outage or restart
 * loses nothing; the few messages sent just before the break may arrive twice, each with the same
 * `source` and `id` in its structured data.
 */
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import type { EventLog } from '../audit/eventLog';
import type { Store } from '../store/types';
import { errorText, silentLogger, type Logger } from '../treeHeads';
import { frame, fromAccessAudit, fromAlert, fromClientEvent, syslogMessage, type SiemEvent, type SiemFormat } from './format';

export interface SiemTarget {
  host: string;
  port: number;
}

/** `tls://host:port` (port required). */
export function parseSiemUrl(url: string): SiemTarget {
  const m = /^tls:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(url);
  const port = Number(m?.[2]);
  if (!m?.[1] || !(port > 0 && port < 65536)) throw new Error(`--siem-url must be tls://host:port, not "${url}"`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export interface SiemForwarderOptions {
  events: EventLog;
  store: Store;
  target: SiemTarget;
  /** PEM of the CA that signed the collector's certificate (verification is always on). */
  ca: string;
  format: SiemFormat;
  productVersion: string;
  log?: Logger;
  /** How often to look for new entries (ms). */
  intervalMs?: number;
  /** How long a connection must stay healthy after the last write before positions are committed. */
  settleMs?: number;
  batchSize?: number;
  /** Syslog HOSTNAME (default: this machine's). */
  host?: string;
  /**
   * Servers sharing a PostgreSQL database: only the one holding this forwards (it starts from the
   * committed positions when it takes over), so the collector does not get everything once per server.
   */
  leader?: { acquire(): Promise<boolean>; release(): Promise<void> };
}

const CONNECT_TIMEOUT_MS = 10_000;
const WRITE_TIMEOUT_MS = 30_000;

const SOURCES = { client: 'siem:client-events', access: 'siem:access-audit', alert: 'siem:alerts' } as const;
type Source = keyof typeof SOURCES;

export class SiemForwarder {
  private socket: TLSSocket | undefined;
  private connecting: Promise<TLSSocket> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private stopped = true;
  private backoffUntil = 0;
  private failures = 0;
  /** Positions written on the current connection, and those known received. */
  private sent: Record<Source, number> = { client: -1, access: 0, alert: 0 };
  private committed: Record<Source, number> = { client: -1, access: 0, alert: 0 };
  private lastWriteAt = 0;
  private readonly log: Logger;
  forwarded = 0;

  constructor(private readonly o: SiemForwarderOptions) {
    this.log = o.log ?? silentLogger;
  }

  static caFromFile(file: string): string {
    return readFileSync(file, 'utf8');
  }

  private leading = false;

  private async loadCursors(): Promise<void> {
    this.committed = {
      client: await this.o.events.cursor(SOURCES.client),
      access: Math.max(0, await this.o.events.cursor(SOURCES.access)),
      alert: Math.max(0, await this.o.events.cursor(SOURCES.alert)),
    };
    this.sent = { ...this.committed };
  }

  async start(): Promise<void> {
    await this.loadCursors();
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.o.intervalMs ?? 1000);
    this.timer.unref();
    this.wake();
  }

  /** Look for new entries now (called after appends). */
  wake(): void {
    if (this.stopped || this.pumping) return;
    this.pumping = this.pump()
      .catch((err: unknown) => this.broken(err))
      .finally(() => (this.pumping = undefined));
  }

  /** Stop; positions are committed only if the connection closes cleanly. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pumping;
    const s = this.socket;
    this.socket = undefined;
    if (s && !s.destroyed) {
      const clean = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 5000);
        s.once('close', (hadError: boolean) => {
          clearTimeout(t);
          resolve(!hadError);
        });
        s.end();
      });
      if (clean) await this.commit();
      s.destroy();
    }
    await this.o.leader?.release();
  }

  private async pump(): Promise<void> {
    if (Date.now() < this.backoffUntil) return;
    if (this.o.leader) {
      const leading = await this.o.leader.acquire();
      // Taking over: another server may have forwarded and committed meanwhile.
      if (leading && !this.leading) await this.loadCursors();
      this.leading = leading;
      if (!leading) return;
    }
    const batch = this.o.batchSize ?? 500;
    const client = await this.o.events.query({ afterLeaf: this.sent.client, limit: batch });
    const access = await this.o.store.listAudit({ afterId: this.sent.access, limit: batch });
    const alerts = await this.o.store.listAlerts({ afterId: this.sent.alert, limit: batch });
    const items: { kind: Source; pos: number; e: SiemEvent }[] = [
      ...client.map((e) => ({ kind: 'client' as const, pos: e.leafIndex, e: fromClientEvent(e) })),
      ...access.map((a) => ({ kind: 'access' as const, pos: a.id, e: fromAccessAudit(a) })),
      ...alerts.map((a) => ({ kind: 'alert' as const, pos: a.id, e: fromAlert(a) })),
    ];
    if (items.length === 0) {
      await this.maybeCommit();
      return;
    }
    const socket = await this.connection();
    const chunks = items.map((i) => frame(syslogMessage(i.e, this.o.format, { productVersion: this.o.productVersion, ...(this.o.host ? { host: this.o.host } : {}) })));
    // A collector that stops reading must not stall forwarding (or shutdown) forever.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('collector did not take the data within 30 s'));
      }, WRITE_TIMEOUT_MS);
      socket.write(Buffer.concat(chunks), (err) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      });
    });
    if (socket.destroyed || this.socket !== socket) throw new Error('collector connection closed while sending');
    for (const i of items) this.sent[i.kind] = Math.max(this.sent[i.kind], i.pos);
    this.lastWriteAt = Date.now();
    this.forwarded += items.length;
    if (client.length === batch || access.length === batch || alerts.length === batch) setImmediate(() => this.wake());
  }

  private async maybeCommit(): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed || s.writableLength > 0) return;
    if (Date.now() - this.lastWriteAt < (this.o.settleMs ?? 2000)) return;
    await this.commit();
  }

  private async commit(): Promise<void> {
    const sent = { ...this.sent };
    for (const k of Object.keys(SOURCES) as Source[]) if (sent[k] !== this.committed[k]) await this.o.events.saveCursor(SOURCES[k], sent[k]);
    this.committed = sent;
  }

  private connection(): Promise<TLSSocket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<TLSSocket>((resolve, reject) => {
      const s = connect({ host: this.o.target.host, port: this.o.target.port, ca: this.o.ca, servername: this.o.target.host, minVersion: 'TLSv1.2' });
      const timer = setTimeout(() => fail(new Error('collector did not answer within 10 s')), CONNECT_TIMEOUT_MS);
      const fail = (err: Error) => {
        clearTimeout(timer);
        s.destroy();
        reject(err);
      };
      s.once('error', fail);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        s.off('error', fail);
        s.on('error', (err) => {
          if (this.socket === s) this.broken(err);
        });
        s.on('close', () => {
          if (this.socket === s) this.broken(new Error('collector closed the connection'));
        });
        // The collector does not talk back; anything it sends is ignored.
        s.on('data', () => undefined);
        this.socket = s;
        this.failures = 0;
        this.log.info({ collector: `${this.o.target.host}:${this.o.target.port}` }, 'SIEM collector connected');
        resolve(s);
      });
    }).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The connection failed or closed: resend everything not committed, after a backoff. */
  private broken(err: unknown): void {
    if (this.stopped) return;
    const s = this.socket;
    this.socket = undefined;
    s?.destroy();
    this.failures++;
    this.backoffUntil = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
    this.sent = { ...this.committed };
    this.log.warn({ err: errorText(err), retryInMs: Math.max(0, this.backoffUntil - Date.now()) }, 'SIEM collector unreachable; events stay queued');
  }
}
