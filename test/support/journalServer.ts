/**
 * A real retention server for the client-journal tests, driven through its CLI as operators run it:
 * `npx tsx server/cli.ts serve …` in its own process group, tokens from `token create`, and reads
 * through GET /v1/records with an auditor token. Works on SQLite or on a database of a throwaway
 * PostgreSQL cluster (test/support/postgres.ts).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RecordsResponseSchema, type StoredRecord } from '../../shared/journal/api';
import { freePort } from './ports';
import { startPostgres, type TestPostgres } from './postgres';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export interface RetentionServer {
  url: string;
  db: string;
  clientToken: string;
  auditorToken: string;
  /** Stop (SIGTERM) and wait; `start()` brings it back on the same port and database. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Every stored record (all pages), via the read API. */
  records(query?: Record<string, string>): Promise<StoredRecord[]>;
  /** GET an ops endpoint as the auditor (alerts, devices/:id/gaps…). */
  get(path: string): Promise<unknown>;
  /** `retention verify`: exit code and output. */
  verify(): Promise<{ code: number; output: string }>;
  /** Stop and drop the cluster, if any. */
  close(): Promise<void>;
  /** `retention <args>` on this server's database (device list, device revoke…). */
  cli(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** `device list --json`. */
  devices(): Promise<{ deviceId: string; jid: string; state: string; enrolledAt: string; lastSeen: string | null; clientVersion: string }[]>;
  /** The retention server's own XMPP account, when it has one. */
  readonly xmppJid: string | null;
  /**
   * Give a running server its XMPP account now (created on that Prosody) and restart it on the same
   * port and database: for a Prosody that could only be configured once the server's URL was known.
   */
  attachXmpp(xmpp: RetentionXmpp): Promise<void>;
}

/** The retention server's XMPP account on a test Prosody (created by startRetentionServer). */
export interface RetentionXmpp {
  /** Prosody to create the account on and connect to. */
  prosody: { domain: string; port: number; certs: { caFile: string }; addUser(local: string, password: string): void };
  local?: string;
}

export interface RetentionServerOptions {
  kind: 'sqlite' | 'postgres';
  tls?: { certFile: string; keyFile: string; caFile: string };
  xmpp?: RetentionXmpp;
  /** Extra `serve` arguments. */
  serveArgs?: string[];
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return run('npx', ['tsx', 'server/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port }, () => {
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => resolve(false));
  });
}

export async function startRetentionServer(opts: RetentionServerOptions): Promise<RetentionServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aim-retention-'));
  const env = { ...process.env, RETENTION_STATE_DIR: dir };
  let pg: TestPostgres | null = null;
  let db: string;
  if (opts.kind === 'postgres') {
    pg = await startPostgres();
    db = await pg.createDatabase('journal');
  } else db = `sqlite:${join(dir, 'retention.db')}`;
  const token = async (role: string) => (await cli(['token', 'create', '--db', db, '--role', role, '--name', `${role}-test`], env)).stdout.trimEnd().split('\n').at(-1) ?? '';
  const clientToken = await token('client');
  const auditorToken = await token('auditor');
  const port = await freePort();
  const tlsArgs = opts.tls ? ['--tls-cert', opts.tls.certFile, '--tls-key', opts.tls.keyFile] : [];
  let xmppJid: string | null = null;
  let xmppArgs: string[] = [];
  const xmppAccount = (xmpp: RetentionXmpp) => {
    const local = xmpp.local ?? `retention-${Math.random().toString(36).slice(2, 8)}`;
    const password = `rs-${Math.random().toString(36).slice(2)}`;
    xmpp.prosody.addUser(local, password);
    const passwordFile = join(dir, 'xmpp-password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    xmppJid = `${local}@${xmpp.prosody.domain}`;
    xmppArgs = ['--xmpp-jid', xmppJid, '--xmpp-password-file', passwordFile, '--xmpp-host', 'localhost', '--xmpp-port', String(xmpp.prosody.port), '--xmpp-ca', xmpp.prosody.certs.caFile];
  };
  if (opts.xmpp) xmppAccount(opts.xmpp);
  tlsArgs.push(...(opts.serveArgs ?? []));
  let child: ChildProcess | null = null;
  let url = '';

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const start = (): Promise<void> => {
    if (running()) return Promise.resolve(); // idempotent: a second server on the same port would just fail
    return new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--db', db, '--port', String(port), '--sign-interval', '3600', ...tlsArgs, ...xmppArgs], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      child = c;
      let out = '';
      let err = '';
      c.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      c.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Retention server listening on (\S+)/.exec(out);
        if (m?.[1]) {
          url = m[1].replace(/\/$/, '');
          resolve();
        }
      });
      c.on('exit', (code) => reject(new Error(`retention server exited (${code}): ${err}`)));
    });
  };

  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || !c.pid) return;
    const exited = new Promise((r) => c.once('exit', r));
    process.kill(-c.pid, 'SIGTERM');
    await exited;
    // npx may exit before the server process it started has closed its port: wait until nothing answers.
    for (let i = 0; i < 100 && (await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
  };

  const get = (path: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const u = new URL(path, `${url}/`);
      const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
        u,
        { headers: { authorization: `Bearer ${auditorToken}` }, ...(opts.tls ? { ca: [readFileSync(opts.tls.caFile, 'utf8')] } : {}) },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${body}`))));
        },
      );
      req.on('error', reject);
      req.end();
    });

  await start();
  return {
    get url() {
      return url;
    },
    db,
    clientToken,
    auditorToken,
    stop,
    start,
    get,
    async records(query = {}) {
      const all: StoredRecord[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ ...query, limit: '1000', ...(cursor ? { cursor } : {}) });
        const page = RecordsResponseSchema.parse(await get(`/v1/records?${q}`));
        all.push(...page.records);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    async verify() {
      try {
        const r = await cli(['verify', '--db', db], env);
        return { code: 0, output: r.stdout };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      }
    },
    async close() {
      await stop();
      await pg?.stop();
    },
    cli: (args) => cli([...args.slice(0, 2), '--db', db, ...args.slice(2)], env),
    async devices() {
      return JSON.parse((await cli(['device', 'list', '--db', db, '--json'], env)).stdout) as Awaited<ReturnType<RetentionServer['devices']>>;
    },
    get xmppJid() {
      return xmppJid;
    },
    async attachXmpp(xmpp) {
      xmppAccount(xmpp);
      await stop();
      await start();
    },
  };
}
