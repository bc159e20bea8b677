/**
 * A streaming standby of a throwaway PostgreSQL cluster (test/support/postgres.ts): `pg_basebackup -R`
 * from the primary into a temp dir, started on its own free loopback port with hot_standby on. Reads only;
 * `pauseReplay()` / `resumeReplay()` stop and restart WAL replay (what a lagging replica looks like).
 */
import pg from 'pg';
import { freePort } from './ports';
import type { TestPostgres } from './postgres';
import { clusterDir } from './postgresCluster';


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
  const cluster = clusterDir('pg-standby-');
  try {
    // -R writes primary_conninfo and standby.signal: the copy starts as a streaming replica.
    await cluster.tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', cluster.data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    const port = await freePort();
    await cluster.start(port, ['-c hot_standby=on', '-c max_connections=50']);
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
      stop: cluster.stop,
    };
  } catch (err) {
    cluster.abort();
    throw err;
  }
}
