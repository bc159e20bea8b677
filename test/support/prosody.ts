import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freePort, waitFor } from './ports';
import { makeCertificates, type TestCertificates } from './certs';

export interface ProsodyServer {
  domain: string;
  mucDomain: string;
  host: string;
  port: number;
  dir: string;
  certs: TestCertificates;
  addUser(local: string, password: string): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Write a policy JSON file pointing at this server. */
  policyFile(extra?: Record<string, unknown>): string;
  log(): string;
}

/**
 * A real Prosody from Debian, with a throwaway config on a free loopback port, a self-signed CA,
 * MAM, carbons, stream management, MUC with MAM and HTTP upload off (the client must not use it anyway).
 */
export interface ProsodyOptions {
  domain?: string;
  extraModules?: string[];
  httpUpload?: boolean;
  iterationCount?: number;
  /** Extra plugin_paths (e.g. server/prosody for mod_approved_im). */
  pluginPaths?: string[];
  /** Extra modules for the MUC component (besides muc_mam). */
  mucModules?: string[];
  /** Global options, written as `name = <Lua value>` (strings are quoted, arrays become tables). */
  globalOptions?: Record<string, string | number | boolean | string[]>;
  /** Global config lines written verbatim (Lua tables such as `network_settings = { nagle = false }`). */
  extraConfigLines?: string[];
  /** Modules of the default set to leave off (benches: what one module costs). */
  disabledModules?: string[];
  /**
   * Server-to-server on: listen for s2s on `port` (127.0.0.1), with dialback, and connect to each domain of
   * `peers` at 127.0.0.1:<port> (test/peers/prosody/mod_test_s2s_loopback.lua stands in for DNS).
   */
  s2s?: { port: number; peers: Record<string, number> };
}

const S2S_TEST_MODULES = join(import.meta.dirname, '..', 'peers', 'prosody');

function luaValue(v: string | number | boolean | string[]): string {
  if (Array.isArray(v)) return `{ ${v.map((x) => JSON.stringify(x)).join(', ')} }`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export async function startProsody(opts: ProsodyOptions = {}): Promise<ProsodyServer> {
  const domain = opts.domain ?? 'approved.test';
  const mucDomain = `rooms.${domain}`;
  const dir = mkdtempSync(join(tmpdir(), 'aim-prosody-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dir, 0o755);
  const certs = makeCertificates(join(dir, 'certs'), [domain, mucDomain, `upload.${domain}`, 'localhost']);
  const port = await freePort();
  const httpPort = await freePort();
  const isRoot = process.getuid?.() === 0;
  const modules = ['roster', 'saslauth', 'tls', 'disco', 'carbons', 'mam', 'smacks', 'ping', 'vcard_legacy', 'private', 'bookmarks', 'pep', 'blocklist', 'time', 'version', 'lastactivity', ...(opts.s2s ? ['dialback', 'test_s2s_loopback'] : []), ...(opts.extraModules ?? [])];
  const pluginPaths = [...(opts.pluginPaths ?? []), ...(opts.s2s ? [S2S_TEST_MODULES] : [])];
  const s2sLoopback = opts.s2s ? `test_s2s_loopback = ${luaValue(Object.entries(opts.s2s.peers).map(([d, p]) => `${d}=127.0.0.1:${p}`))}` : '';
  const config = `
${isRoot ? 'run_as_root = true' : ''}
daemonize = false
pidfile = "${dir}/prosody.pid"
data_path = "${dataDir}"
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${port} }
c2s_direct_tls_ports = {}
s2s_ports = { ${opts.s2s?.port ?? ''} }
http_ports = { ${httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = {}
default_iteration_count = ${opts.iterationCount ?? 4096}
authentication = "internal_hashed"
c2s_require_encryption = true
allow_registration = false
storage = "internal"
archive_expires_after = "never"
default_archive_policy = true
max_archive_query_results = 200
smacks_hibernation_time = 120
log = { { levels = { min = "info" }, to = "file", filename = "${dir}/prosody.log" } }
${pluginPaths.length ? `plugin_paths = ${luaValue(pluginPaths)}` : ''}
${s2sLoopback}
${Object.entries(opts.globalOptions ?? {}).map(([k, v]) => `${k} = ${luaValue(v)}`).join('\n')}
${(opts.extraConfigLines ?? []).join('\n')}
modules_enabled = { ${modules.map((m) => `"${m}"`).join(', ')} }
modules_disabled = { ${[...(opts.s2s ? [] : ['s2s']), ...(opts.disabledModules ?? [])].map((m) => `"${m}"`).join(', ')} }
ssl = { key = "${certs.keyFile}", certificate = "${certs.certFile}" }
VirtualHost "${domain}"
  ssl = { key = "${certs.keyFile}", certificate = "${certs.certFile}" }
Component "${mucDomain}" "muc"
  modules_enabled = { ${['muc_mam', ...(opts.mucModules ?? [])].map((m) => `"${m}"`).join(', ')} }
  muc_log_by_default = true
  muc_log_all_rooms = true
  restrict_room_creation = false
  ssl = { key = "${certs.keyFile}", certificate = "${certs.certFile}" }
${opts.httpUpload ? `Component "upload.${domain}" "http_file_share"\n  http_file_share_size_limit = 1048576\n  http_host = "localhost" -- slot URLs peers can resolve: http://localhost:<port>/file_share/…\n  ssl = { key = "${certs.keyFile}", certificate = "${certs.certFile}" }` : ''}
`;
  const configFile = join(dir, 'prosody.cfg.lua');
  writeFileSync(configFile, config);

  let proc: ChildProcess | null = null;
  const launch = async () => {
    proc = spawn('prosody', ['--config', configFile], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env } });
    proc.stderr?.on('data', () => {});
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(port, '127.0.0.1', () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
      { timeoutMs: 20_000, what: `Prosody on port ${port}` },
    );
  };
  const kill = async () => {
    const p = proc as ChildProcess | null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return; // already gone (exited, or killed by a signal)
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        p.kill('SIGKILL');
      }, 5000);
      p.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      p.kill('SIGTERM');
    });
  };

  await launch();

  const server: ProsodyServer = {
    domain,
    mucDomain,
    host: '127.0.0.1',
    port,
    dir,
    certs,
    addUser(local, password) {
      execFileSync('prosodyctl', ['--config', configFile, 'register', local, domain, password], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
    },
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      if (!process.env.KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
    policyFile(extra = {}) {
      const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(
        file,
        JSON.stringify({ XmppDomain: domain, XmppHost: 'localhost', XmppPort: port, XmppCaCertificateFile: certs.caFile, ...extra }, null, 2),
      );
      return file;
    },
    log() {
      const f = join(dir, 'prosody.log');
      return existsSync(f) ? readFileSync(f, 'utf8') : '';
    },
  };
  return server;
}
