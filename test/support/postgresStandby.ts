/**
 * A streaming standby of a throwaway PostgreSQL cluster (test/support/postgres.ts): `pg_basebackup -R`
 * from the primary into a temp dir, started on its own free loopback port with hot_standby on. Reads only;
 * `pauseReplay()` / `resumeReplay()` stop and restart WAL replay (what a lagging replica looks like).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports';
import { postgresBinDir, type TestPostgres } from './postgres';

const run = promisify(execFile);

export interface TestStandby {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/NAME on the standby. */
  urlOf(database: string): string;
  query<R extends pg.QueryResultRow>(database: string, sql: string, args?: unknown[]): Promise<R[]>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandby(primary: TestPostgres): Promise<TestStandby> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install postgresql, or set PG_BIN)');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'pg-standby-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const cmd = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  let started = false;
  const stopSync = () => {
    if (started) {
      try {
        const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
        if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
        else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  try {
    // -R writes primary_conninfo and standby.signal: the copy starts as a streaming replica.
    await cmd('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    const port = await freePort();
    const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c hot_standby=on', '-c max_connections=50'].join(' ');
    await cmd('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
    started = true;
    const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    const query = async <R extends pg.QueryResultRow>(database: string, sql: string, args: unknown[] = []): Promise<R[]> => {
      const client = new pg.Client({ connectionString: urlOf(database) });
      await client.connect();
      try {
        return (await client.query<R>(sql, args)).rows;
      } finally {
        await client.end();
      }
    };
    return {
      port,
      urlOf,
      query,
      pauseReplay: async () => void (await query('postgres', 'SELECT pg_wal_replay_pause()')),
      resumeReplay: async () => void (await query('postgres', 'SELECT pg_wal_replay_resume()')),
      stop: async () => {
        process.removeListener('exit', stopSync);
        if (started) {
          await cmd('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
          started = false;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw err;
  }
}
