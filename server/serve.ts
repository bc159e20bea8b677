/**
 * Composition root of the retention server: store + signing key + tree heads + ingestor + HTTP app.
 * Used by `retention serve` and, in-process, by tests and the bench.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startCentralAudit, type CentralAuditServeOptions, type RunningCentralAudit } from './audit/serve';
import { deviceServices } from './devices';
import { buildApp, loggerOptions } from './http';
import type { RateLimits } from './rateLimit';
import { startXmppAccount, type XmppAccount, type XmppAccountOptions } from './xmppAccount';
import { prepareConsole, type ConsoleOptions } from './console/setup';
import { migrateConsoleState, sqlPendingSignIns, sqlSessions } from './console/sharedState';
import { registerConsole, type ConsoleConfig } from './routes/console';
import { sqlFor } from './audit/sql';
import { Ingestor } from './ingest';
import { loadSigningKey } from './signing';
import { parseDb } from './store/open';
import { startReconcileSchedule } from './reconcileSchedule';
import type { Store } from './store/types';
import { TreeHeads, type Logger, type TreeHeadOptions } from './treeHeads';

export interface ServeOptions {
  store: Store;
  /** Ed25519 private key file (PKCS#8 PEM); created if missing. */
  signingKeyFile: string;
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string };
  treeHeads?: Partial<TreeHeadOptions>;
  /** Log level, or false for no log. Logs go to stderr. */
  logLevel?: string | false;
  /** Central audit: expected policy, groups, SIEM forwarding, device-auth and disposition seams. */
  centralAudit?: CentralAuditServeOptions;
  /** The retention server's own XMPP account, where devices send enrollment proofs (issue 12). */
  xmpp?: XmppAccountOptions;
  /** Addresses (CIDR) of TLS-terminating proxies whose X-Forwarded-For names the real caller. */
  trustProxy?: string[];
  limits?: Partial<RateLimits>;
  /** The records console at /console (server/console/); off when absent. */
  console?: ConsoleOptions;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  treeHeads: TreeHeads;
  /** Client events, fleet, reports and SIEM forwarding. */
  central: RunningCentralAudit;
  /** Stop accepting requests, sign a final head if the tree grew, and close the store. */
  close(): Promise<void>;
}

export const DEFAULT_TREE_HEADS: TreeHeadOptions = { everyRecords: 1000, everyMs: 60_000 };

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The default key file: next to the SQLite database; for PostgreSQL, one file per database in the
 * server's state directory ($RETENTION_STATE_DIR, else ~/.local/state/approved-im-retention). Servers
 * that share a PostgreSQL database should all be given the same file with --signing-key.
 */
export function defaultSigningKeyFile(db: string): string {
  const target = parseDb(db);
  if (target.kind === 'sqlite') return `${target.location}.signing-key.pem`;
  const url = new URL(target.location);
  const name = `${url.hostname || 'local'}_${url.port || '5432'}_${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const dir = process.env.RETENTION_STATE_DIR ?? join(homedir(), '.local', 'state', 'approved-im-retention');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${name}.signing-key.pem`);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (!options.tls && !isLoopback(options.host)) {
    throw new Error(
      `Refusing to serve plain HTTP on ${options.host}: records would cross the network unencrypted. ` +
        'Give --tls-cert FILE and --tls-key FILE, or bind to 127.0.0.1 behind a TLS-terminating proxy.',
    );
  }
  const https = options.tls
    ? { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile), minVersion: 'TLSv1.2' as const }
    : undefined;

  const signer = loadSigningKey(options.signingKeyFile, true);
  const treeHeads = new TreeHeads(options.store, signer, { ...DEFAULT_TREE_HEADS, ...options.treeHeads });
  await treeHeads.registerKey();
  const ingestor = new Ingestor(options.store, treeHeads);
  const central = await startCentralAudit(options.store, options.signingKeyFile, options.centralAudit ?? {});
  const logger = options.logLevel === false ? false : loggerOptions(options.logLevel ?? 'info');
  // The app's logger, for the device services built before the app.
  const log: Logger = {
    info: (o, m) => app.log.info(o, m),
    warn: (o, m) => app.log.warn(o, m),
    error: (o, m) => app.log.error(o, m),
  };
  const devices = deviceServices(options.store, { xmppJid: options.xmpp?.jid.toLowerCase() ?? null, limits: options.limits, log });
  const app: FastifyInstance = buildApp(
    { store: options.store, ingestor, treeHeads, devices },
    { ...(https ? { https } : {}), logger, ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}) },
    [central.routes],
  );

  let consoleConfig: ConsoleConfig | undefined;
  if (options.console) {
    // Sessions and OIDC sign-ins in progress live in the database, so servers sharing it share them.
    const sql = sqlFor(options.store);
    await migrateConsoleState(sql);
    consoleConfig = prepareConsole(options.console, !https && isLoopback(options.host), { sessions: sqlSessions(sql), pending: sqlPendingSignIns(sql) });
  }
  if (consoleConfig) registerConsole(app, { store: options.store, treeHeads, clock: () => new Date() }, consoleConfig, [central.consoleRoutes]);

  await app.listen({ host: options.host, port: options.port });
  let xmpp: XmppAccount | null = null;
  if (options.xmpp) {
    xmpp = startXmppAccount(options.xmpp, (challenge, from) => devices.enrollments.proof(challenge, from), app.log);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref());
    const first = await Promise.race([xmpp.online.then(() => 'online' as const, (err: Error) => err), timeout]);
    if (first !== 'online') app.log.warn({ jid: options.xmpp.jid, err: first === 'timeout' ? 'timeout' : first.message }, 'retention XMPP account not online yet; enrollment waits for it (it keeps retrying)');
  }
  treeHeads.start(app.log);
  await central.start(app.log, treeHeads.options.everyMs);
  const reconciliation = startReconcileSchedule(options.store, app.log, { ownJid: devices.xmppJid });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  const url = `${https ? 'https' : 'http'}://${host}:${port}`;
  if (consoleConfig?.oidc && !consoleConfig.oidc.options.redirectUri) consoleConfig.oidc.options.redirectUri = `${url}/console/oidc/callback`;

  let closed = false;
  return {
    url,
    app,
    treeHeads,
    central,
    close: async () => {
      if (closed) return;
      closed = true;
      treeHeads.stop();
      await xmpp?.stop();
      reconciliation.stop();
      await app.close();
      try {
        await central.stop();
        await treeHeads.signNow(false, app.log);
      } finally {
        await options.store.close();
      }
    },
  };
}
