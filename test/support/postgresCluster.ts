/**
 * The part every throwaway PostgreSQL cluster shares (test/support/postgres.ts's primary and
 * postgresStandby.ts's standby): a temp dir owned by the `postgres` user when we run as root (initdb and
 * postgres refuse to run as root), Debian's server tools run through runuser, and a stop that also runs
 * when the test process exits without calling it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export interface ClusterDir {
  /** The temp dir (also the unix socket dir); the cluster's data is in `data`. */
  dir: string;
  data: string;
  /** Run one of PostgreSQL's server tools (initdb, pg_ctl, pg_basebackup…). */
  tool(name: string, args: string[]): Promise<unknown>;
  /** Start the cluster in `data` on `port` with extra `-c` settings; stop() and exit then stop it. */
  start(port: number, settings: string[]): Promise<void>;
  /** Stop the cluster (fast shutdown) if it was started, and remove the temp dir. */
  stop(): Promise<void>;
  /** For a failed start: stop at once and remove, synchronously. */
  abort(): void;
}

export function clusterDir(prefix: string): ClusterDir {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install postgresql, or set PG_BIN)');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const argv = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]] : [join(bin, name), args];
  const tool = (name: string, args: string[]) => run(...argv(name, args));
  let started = false;
  const abort = () => {
    process.removeListener('exit', abort);
    if (started) {
      try {
        execFileSync(...argv('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', abort);
  return {
    dir,
    data,
    tool,
    start: async (port, settings) => {
      const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...settings].join(' ');
      await tool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      started = true;
    },
    stop: async () => {
      process.removeListener('exit', abort);
      if (started) {
        await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
        started = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
    abort,
  };
}
