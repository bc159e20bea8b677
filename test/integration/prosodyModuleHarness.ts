/**
 * Support for the Prosody module's tests: a real retention server with an `xmpp-server` token, a real
 * Prosody loading server/prosody/mod_approved_im.lua on the VirtualHost and the MUC component, and
 * slixmpp users (test/peers/chat_peer.py) driven line by line.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startProsody, type ProsodyOptions, type ProsodyServer } from '../support/prosody';
import { startRetentionServer, type RetentionServer } from '../support/journalServer';
import { waitFor } from '../support/ports';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export interface ModuleRetention extends RetentionServer {
  serverToken: string;
  reconciliation(from: string, to: string): Promise<Reconciliation>;
}

/** The parts of GET /v1/reconciliation the tests read. */
export interface Reconciliation {
  serverRecords: number;
  clientRecords: number;
  matched: number;
  serverOnly: { recordId: string; sender: string; messageId: string | null; kind: string; senderSoftware: { name: string | null; approved: boolean } | null }[];
  clientOnly: { recordId: string; messageId: string | null }[];
  bodyMismatches: { serverRecordId: string; clientRecordId: string }[];
  unapprovedSessions: { jid: string; software: string | null; version: string | null; action: string | null }[];
  sessions: number;
}

export async function startModuleRetention(kind: 'sqlite' | 'postgres'): Promise<ModuleRetention> {
  const rs = await startRetentionServer({ kind });
  const out = await run('npx', ['tsx', 'server/cli.ts', 'token', 'create', '--db', rs.db, '--role', 'xmpp-server', '--name', 'prosody-test'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const serverToken = out.stdout.trimEnd().split('\n').at(-1) ?? '';
  return Object.assign(rs, {
    serverToken,
    async reconciliation(from: string, to: string) {
      return (await rs.get(`/v1/reconciliation?${new URLSearchParams({ from, to })}`)) as Reconciliation;
    },
  });
}

export function moduleProsody(
  rs: Pick<ModuleRetention, 'url' | 'serverToken'>,
  opts: ProsodyOptions & { module?: boolean; options?: Record<string, string | number | boolean | string[]> } = {},
): Promise<ProsodyServer> {
  const on = opts.module ?? true;
  return startProsody({
    ...opts,
    pluginPaths: [join(ROOT, 'server', 'prosody'), ...(opts.pluginPaths ?? [])],
    extraModules: [...(opts.extraModules ?? []), ...(on ? ['approved_im'] : [])],
    mucModules: [...(opts.mucModules ?? []), ...(on ? ['approved_im'] : [])],
    globalOptions: {
      approved_im_retention_url: rs.url,
      approved_im_retention_token: rs.serverToken,
      approved_im_retry_max: 2,
      ...opts.options,
    },
  });
}

export interface PeerEvent {
  event: string;
  ref?: string;
  [key: string]: unknown;
}

export interface ChatPeer {
  jid: string;
  events: PeerEvent[];
  send(cmd: Record<string, unknown>): string;
  waitFor(pred: (e: PeerEvent) => boolean, what: string, timeoutMs?: number): Promise<PeerEvent>;
  close(): Promise<void>;
  exited: Promise<number | null>;
}

let refs = 0;

/** A slixmpp user; resolves once it is online (or rejects with what it printed). */
export async function chatPeer(server: ProsodyServer, local: string, password: string, software: { name: string; version?: string } | null = null): Promise<ChatPeer> {
  const cfg = { jid: `${local}@${server.domain}/slix`, password, host: '127.0.0.1', port: server.port, ca: server.certs.caFile, software };
  const proc = spawn('/usr/bin/python3', [join(ROOT, 'test', 'peers', 'chat_peer.py'), JSON.stringify(cfg)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const events: PeerEvent[] = [];
  let partial = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as PeerEvent);
  });
  proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  let done = false;
  void exited.then(() => (done = true));
  const find = (pred: (e: PeerEvent) => boolean) => events.find(pred);
  const peer: ChatPeer = {
    jid: '',
    events,
    exited,
    send(cmd) {
      const ref = `r${++refs}`;
      proc.stdin.write(`${JSON.stringify({ ...cmd, ref })}\n`);
      return ref;
    },
    async waitFor(pred, what, timeoutMs = 20_000) {
      await waitFor(() => find(pred) !== undefined || (done && find(pred) === undefined && events.some((e) => e.event === 'disconnected')), {
        timeoutMs,
        what: `${local}: ${what}`,
      });
      const hit = find(pred);
      if (!hit) throw new Error(`${local}: ${what}: the peer disconnected first (${JSON.stringify(events.slice(-5))}) ${stderr}`);
      return hit;
    },
    async close() {
      if (!done) {
        proc.stdin.end();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
  const ready = await peer.waitFor((e) => e.event === 'ready' || e.event === 'failed-auth', 'sign in', 30_000);
  if (ready.event !== 'ready') throw new Error(`${local}: sign-in failed`);
  peer.jid = String(ready.jid);
  return peer;
}
