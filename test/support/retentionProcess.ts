/**
 * Retention server processes for multi-server tests: `retention serve …` as a child process in its own
 * process group (stdout's "listening" line gives its URL), and one-shot CLI commands (`verify`, …).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function retentionCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  url: string;
  pid: number;
  /** SIGTERM (the server signs a final head and closes) and wait for the exit. */
  stop(): Promise<CliResult>;
  /** What it wrote so far (logs are JSON on stderr). */
  output(): { stdout: string; stderr: string };
}

/** `retention serve ARGS`; resolves once it prints "Retention server listening on <url>". */
export function startServe(args: string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let listening = false;
    const closed = new Promise<CliResult>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    const kill = () => {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    };
    process.once('exit', kill);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Retention server listening on (\S+)/.exec(stdout);
      if (m?.[1] && !listening) {
        listening = true;
        resolve({
          url: m[1],
          pid: child.pid ?? 0,
          output: () => ({ stdout, stderr }),
          stop: async () => {
            process.removeListener('exit', kill);
            if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
            return closed;
          },
        });
      }
    });
    void closed.then((r) => {
      process.removeListener('exit', kill);
      if (!listening) reject(new Error(`serve exited (${r.code}) before listening: ${r.stderr.slice(-2000)}`));
    });
  });
}

/**
 * `count` `serve` processes on one database (started one after another), sharing one signing key file in
 * `dir` as server/README.md says (the first creates it); `extraArgs` go to each.
 */
export async function startSharedServers(db: string, dir: string, count: number, extraArgs: string[] = []): Promise<ServeProcess[]> {
  const args = ['--db', db, '--port', '0', '--signing-key', join(dir, 'tree-heads.pem'), '--log-level', 'warn', ...extraArgs];
  const servers: ServeProcess[] = [];
  for (let i = 0; i < count; i++) servers.push(await startServe(args, { RETENTION_STATE_DIR: dir }));
  return servers;
}
