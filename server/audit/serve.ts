/**
 * Wiring of the central audit into `retention serve`: the event log (migrated with the store), its routes
 * (events, fleet, reports), events-head signing on the records' timer and at shutdown, and the SIEM
 * forwarder when a collector is configured.
 */
import pkg from '../../package.json';
import type { RouteRegistrar } from '../routes/context';
import type { ConsoleRouteRegistrar } from '../routes/consoleContext';
import { registerConsoleAuditRoutes } from '../routes/consoleAudit';
import { registerEventRoutes } from '../routes/events';
import { registerFleetRoutes } from '../routes/fleet';
import { registerReviewRoutes } from '../routes/review';
import { SiemForwarder, parseSiemUrl } from '../siem/forwarder';
import type { SiemFormat } from '../siem/format';
import { PostgresStore } from '../store/postgres';
import { SIEM_LEADER_LOCK } from '../store/postgresLeader';
import type { Store } from '../store/types';
import { errorText, silentLogger, type Logger } from '../treeHeads';
import { CentralAudit, type CentralAuditConfig, type DeviceAuthenticator, type DispositionSource } from './centralAudit';

export interface SiemOptions {
  /** tls://host:port */
  url: string;
  caFile: string;
  format: SiemFormat;
  intervalMs?: number;
  settleMs?: number;
}

export interface CentralAuditServeOptions {
  config?: Partial<CentralAuditConfig>;
  siem?: SiemOptions;
  authenticateDevice?: DeviceAuthenticator;
  dispositionTotals?: DispositionSource;
}

export interface RunningCentralAudit {
  audit: CentralAudit;
  siem: SiemForwarder | undefined;
  routes: RouteRegistrar;
  /** The records console's Fleet page API (server/routes/consoleAudit.ts). */
  consoleRoutes: ConsoleRouteRegistrar;
  start(log: Logger, signEveryMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCentralAudit(store: Store, signingKeyFile: string, o: CentralAuditServeOptions): Promise<RunningCentralAudit> {
  const audit = new CentralAudit({
    store,
    signingKeyFile,
    ...(o.config ? { config: o.config } : {}),
    ...(o.authenticateDevice ? { authenticateDevice: o.authenticateDevice } : {}),
    ...(o.dispositionTotals ? { dispositionTotals: o.dispositionTotals } : {}),
  });
  await audit.migrate();
  const siemOptions = o.siem;
  const ca = siemOptions ? SiemForwarder.caFromFile(siemOptions.caFile) : '';
  const target = siemOptions ? parseSiemUrl(siemOptions.url) : undefined;
  let siem: SiemForwarder | undefined;
  let timer: NodeJS.Timeout | undefined;
  let log: Logger = silentLogger;
  return {
    audit,
    get siem() {
      return siem;
    },
    routes: (app, ctx) => {
      registerEventRoutes(app, ctx, audit);
      registerFleetRoutes(app, ctx, audit);
      registerReviewRoutes(app, ctx, audit);
      // The SIEM also gets the access audit: look right after every request that may have written one.
      if (siemOptions) app.addHook('onResponse', async () => siem?.wake());
    },
    consoleRoutes: (c, ctx) => registerConsoleAuditRoutes(c, ctx, audit),
    async start(logger, signEveryMs) {
      log = logger;
      if (signEveryMs > 0) {
        timer = setInterval(() => {
          audit.signNow(false).catch((err: unknown) => log.error({ err: errorText(err) }, 'periodic events-head signing failed'));
        }, signEveryMs);
        timer.unref();
      }
      if (siemOptions && target) {
        siem = new SiemForwarder({
          events: audit.log,
          store,
          target,
          ca,
          format: siemOptions.format,
          productVersion: pkg.version,
          log,
          ...(siemOptions.intervalMs !== undefined ? { intervalMs: siemOptions.intervalMs } : {}),
          ...(siemOptions.settleMs !== undefined ? { settleMs: siemOptions.settleMs } : {}),
          // Several servers on one PostgreSQL database: one of them forwards.
          ...(store instanceof PostgresStore ? { leader: store.leadership(SIEM_LEADER_LOCK) } : {}),
        });
        audit.onAppend(() => siem?.wake());
        await siem.start();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      await siem?.stop();
      await audit.signNow(false);
    },
  };
}
