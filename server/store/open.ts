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

/** Open and migrate. */
export async function openStore(db: string): Promise<Store> {
  const target = parseDb(db);
  let store: Store;
  if (target.kind === 'sqlite') {
    const { SqliteStore } = await import('./sqlite');
    store = new SqliteStore(target.location);
  } else {
    const { PostgresStore } = await import('./postgres');
    store = new PostgresStore(target.location);
  }
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

/** A connection URL with any password replaced, safe for logs and messages. */
export { redactUrl } from './redact';
