/**
 * A throwaway PostgreSQL cluster for tests and benches: initdb into a temp dir, start on a free loopback
 * port (socket dir inside the temp dir), trust auth, and remove everything on stop().
 *
 *   const pg = await startPostgres();          // { url, stop, createDatabase }
 *   const url = await pg.createDatabase('t1'); // a fresh database on the same cluster
 *   await pg.stop();
 *
 * Uses the Debian server binaries (/usr/lib/postgresql/<v>/bin, or $PG_BIN). As root, initdb and postgres
 * refuse to run, so they run as the `postgres` user via runuser and the temp dir is chowned to it.
 * `durable: false` (the default) turns fsync off: fine for tests, not for measuring commit latency.
 */
import pg from 'pg';
import { clusterDir, postgresBinDir } from './postgresCluster';
import { freePort } from './ports';

export { postgresBinDir } from './postgresCluster';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Create a database on the cluster and return its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Keep fsync and synchronous commit on (for benches). Default false. */
  durable?: boolean;
}

/** True when a PostgreSQL server can be started here (tests skip otherwise, saying why). */
export function postgresAvailable(): boolean {
  return postgresBinDir() !== undefined;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const cluster = clusterDir('pg-test-');
  try {
    await cluster.tool('initdb', ['-D', cluster.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const port = await freePort();
    await cluster.start(port, [
      '-c max_connections=50',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ]);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      createDatabase: async (name) => {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop: cluster.stop,
    };
  } catch (err) {
    cluster.abort();
    throw err;
  }
}
