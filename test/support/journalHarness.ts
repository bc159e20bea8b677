/**
 * Client cores with a real journal, against a real Prosody and a real retention server:
 *  - journaledCore(): in this process (makeCore + createClientJournal, fast backoff for tests);
 *  - runJournalClient(): a client core in a child process (test/support/journalClient.ts) that can be
 *    SIGKILLed mid-burst and restarted on the same data directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyStore } from '../../main/core/journal';
import type { JournalStatus } from '../../shared/ipc/types';
import { makeCore } from './clientHarness';
import type { JournalClientConfig } from './journalClient';
import type { ProsodyServer } from './prosody';
import type { RetentionServer } from './journalServer';

const ROOT = join(import.meta.dirname, '..', '..');

export function journaledCore(server: ProsodyServer, rs: Pick<RetentionServer, 'url' | 'clientToken'>, extraPolicy: Record<string, unknown> = {}, opts: { dataDir?: string; keys?: KeyStore } = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aim-journal-data-'));
  const h = makeCore(server, { RetentionServerUrl: rs.url, RetentionServerToken: rs.clientToken, ...extraPolicy }, {}, {
    dataDir,
    ...(opts.keys ? { keys: opts.keys } : {}),
    clientVersion: 'test',
    journalOverrides: { uploader: { backoffBaseMs: 200, backoffCapMs: 1_000 }, enrollment: { pollMs: 100 } },
  });
  return {
    ...h,
    /** Every journal status the core pushed to the UI. */
    get statuses(): JournalStatus[] {
      return h.of('journal:status');
    },
    dataDir,
    async send(to: string, body: string) {
      return h.core.handlers['chat:send']({ to, body });
    },
    async close() {
      await h.core.shutdown();
    },
  };
}

export interface ClientRun {
  pid: number;
  lines: string[];
  accepted: string[];
  device(): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  waitForLine(pred: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

export function runJournalClient(cfg: JournalClientConfig): ClientRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/journalClient.ts'], {
    cwd: ROOT,
    env: { ...process.env, JOURNAL_CLIENT: JSON.stringify(cfg) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const accepted: string[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      if (line.startsWith('ACCEPTED ')) accepted.push(line.slice(9));
    }
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLine = (pred: (line: string) => boolean, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.find(pred);
        if (hit === undefined) return false;
        done();
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`client: timed out; last lines ${lines.slice(-3).join(' | ')}; stderr ${stderr}`));
      }, timeoutMs);
      const onExit = () => setTimeout(() => check() || (done(), reject(new Error(`client exited; stderr ${stderr}`))), 50);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', onExit);
      };
      if (!check()) {
        waiters.add(check);
        child.once('exit', onExit);
      }
    });
  return {
    pid: child.pid ?? 0,
    lines,
    accepted,
    device: () => waitForLine((l) => l.startsWith('DEVICE ')).then((l) => l.slice(7)),
    exited,
    waitForLine,
    kill: (signal) => child.kill(signal),
  };
}
