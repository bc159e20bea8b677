/** Open a store from a --db URL: `sqlite:FILE` (also `sqlite://FILE`) or `postgres://…` / `postgresql://…`. */
import { redactUrl } from './redact';
import { resolve } from 'node:path';
import type { Store } from './types';

export interface DbTarget {
  kind: 'sqlite' | 'postgres';
  /** Absolute file path (sqlite) or the connection URL (postgres). */
  location: string;
}

export function parseDb(db: string): DbTarget {
  if (db.startsWith('sqlite://')) return sqliteTarget(db.slice('sqlite://'.length));
  if (db.startsWith('sqlite:')) return sqliteTarget(db.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(db)) return { kind: 'postgres', location: db };
  throw new Error(`--db must be sqlite:FILE or postgres://…, not "${redactUrl(db)}"`);
}

function sqliteTarget(file: string): DbTarget {
  if (!file) throw new Error('--db sqlite: needs a file name, e.g. sqlite:/var/lib/retention/records.db');
  if (file === ':memory:') throw new Error('an in-memory store cannot retain records; give a file');
  return { kind: 'sqlite', location: resolve(file) };
}

export interface OpenOptions {
  /** A streaming replica of the PostgreSQL primary for read-only queries (`serve --read-db`). */
  readDb?: string;
}

/** Open and migrate. */
export async function openStore(db: string, options: OpenOptions = {}): Promise<Store> {
  const target = parseDb(db);
  const read = options.readDb === undefined ? undefined : parseDb(options.readDb);
  if (read && (read.kind !== 'postgres' || target.kind !== 'postgres')) {
    throw new Error('--read-db needs a PostgreSQL --db and a postgres://… replica of it');
  }
  let store: Store;
  let replica: { checkReadReplica(): Promise<void> } | undefined;
  if (target.kind === 'sqlite') {
    const { SqliteStore } = await import('./sqlite');
    store = new SqliteStore(target.location);
  } else {
    const { PostgresStore } = await import('./postgres');
    const pgStore = new PostgresStore(target.location, 10, read?.location);
    replica = pgStore;
    store = pgStore;
  }
  try {
    await store.migrate();
    await replica?.checkReadReplica();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

/** A connection URL with any password replaced, safe for logs and messages. */
export { redactUrl } from './redact';
