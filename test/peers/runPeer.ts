/**
 * Runs test/peers/file_sender.py (Debian's python3-slixmpp) against a signed-in client and collects
 * its JSON lines. Use /usr/bin/python3: the pyenv python3 on PATH has no slixmpp.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProsodyServer } from '../support/prosody';

const script = join(dirname(fileURLToPath(import.meta.url)), 'file_sender.py');

export interface PeerResult {
  action: string;
  outcome?: string;
  condition?: string;
  type?: string;
  text?: string;
  [key: string]: unknown;
}

export interface PeerRun {
  results: Map<string, PeerResult>;
  /** Connections the client made to the peer's trap HTTP server and SOCKS5 streamhost. */
  trapHits: string[];
  stderr: string;
}

export async function runPeer(opts: {
  server: ProsodyServer;
  local: string;
  password: string;
  /** The client's full JID, or 'wait-for-message' (take it from the first chat message the client sends). */
  target: string;
  actions: string[];
  file: string;
  timeoutMs?: number;
  /** Each result as it arrives (e.g. 'ready' once the peer is online). */
  onResult?: (r: PeerResult) => void;
}): Promise<PeerRun> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const cfg = {
    jid: `${opts.local}@${opts.server.domain}/peer`,
    password: opts.password,
    host: '127.0.0.1',
    port: opts.server.port,
    ca: opts.server.certs.caFile,
    target: opts.target,
    actions: opts.actions,
    file: opts.file,
    timeout: Math.round(timeoutMs / 1000),
  };
  const proc = spawn('/usr/bin/python3', [script, JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  let out = '';
  let err = '';
  let partial = '';
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) opts.onResult?.(JSON.parse(line) as PeerResult);
  });
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), timeoutMs + 10_000);
    proc.on('exit', (c) => {
      clearTimeout(t);
      resolve(c);
    });
  });
  const results = new Map<string, PeerResult>();
  let trapHits: string[] | null = null;
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as PeerResult;
    if (r.action === 'done') trapHits = (r.trapHits as string[]) ?? [];
    else results.set(r.action, r);
  }
  if (trapHits === null) throw new Error(`peer did not finish (exit ${code}): ${err.slice(-2000)}\n${out.slice(-2000)}`);
  return { results, trapHits, stderr: err };
}

/** go-sendxmpp (Debian package) uploading a file with XEP-0363 and sending its link (with OOB). */
export function goSendxmppUpload(opts: { server: ProsodyServer; local: string; password: string; to: string; file: string; home: string }): { status: number | null; output: string } {
  const r = spawnSync('/usr/bin/go-sendxmpp', ['-u', `${opts.local}@${opts.server.domain}`, '-p', opts.password, '-j', `localhost:${opts.server.port}`, '-h', opts.file, opts.to], {
    env: { ...process.env, SSL_CERT_FILE: opts.server.certs.caFile, HOME: opts.home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
