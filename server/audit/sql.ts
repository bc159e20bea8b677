/**
 * The central-audit tables (client events, their Merkle tree and signed heads, SIEM cursors) use the
 * store's own connection through the one SQL port (server/store/sqlPort.ts), so they work on SQLite and
 * PostgreSQL with one set of queries.
 */
import { PostgresStore } from '../store/postgres';
import { SqliteStore } from '../store/sqlite';
import { postgresPort, sqlitePort, type SqlPort } from '../store/sqlPort';
import type { Store } from '../store/types';

export function sqlFor(store: Store): SqlPort {
  if (store instanceof SqliteStore) return sqlitePort((fn) => store.exclusive(fn));
  if (store instanceof PostgresStore) return postgresPort(store.sqlPool);
  throw new Error(`central audit does not support the ${store.kind} store implementation`);
}

/**
 * Reads only (reports): on PostgreSQL the store's read pool, which is a streaming replica when the server
 * runs with --read-db; otherwise the same as sqlFor(store).
 */
export function readSqlFor(store: Store): Pick<SqlPort, 'all'> {
  if (store instanceof PostgresStore) return postgresPort(store.readSqlPool);
  return sqlFor(store);
}
