/**
 * A small SQL adapter over the store's own connection, so the central-audit tables (client events, their
 * Merkle tree and signed heads, SIEM cursors) work on SQLite and PostgreSQL with one set of queries.
 * Queries use $1, $2 … placeholders in order (rewritten to ? for SQLite).
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { PostgresStore } from '../store/postgres';
import type { Row } from '../store/row';
import { SqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';

export interface SqlQuery {
  all(sql: string, args?: unknown[]): Promise<Row[]>;
  run(sql: string, args?: unknown[]): Promise<number>;
}

export interface Sql extends SqlQuery {
  readonly dialect: 'sqlite' | 'postgres';
  exec(script: string): Promise<void>;
  /** One transaction; on PostgreSQL `lockSql` (SELECT … FOR UPDATE) runs first, SQLite takes BEGIN IMMEDIATE. */
  tx<T>(fn: (q: SqlQuery) => Promise<T>, lockSql?: string): Promise<T>;
}

const toSqlite = (sql: string): string => sql.replace(/\$\d+/g, '?');
const sqliteArgs = (args: unknown[]): unknown[] => args.map((a) => (typeof a === 'boolean' ? (a ? 1 : 0) : a));

function sqliteQuery(db: Database.Database): SqlQuery {
  return {
    all: async (sql, args = []) => db.prepare(toSqlite(sql)).all(...sqliteArgs(args)) as Row[],
    run: async (sql, args = []) => db.prepare(toSqlite(sql)).run(...sqliteArgs(args)).changes,
  };
}

function pgQuery(db: Pick<pg.PoolClient, 'query'>): SqlQuery {
  return {
    all: async (sql, args = []) => (await db.query(sql, args)).rows as Row[],
    run: async (sql, args = []) => (await db.query(sql, args)).rowCount ?? 0,
  };
}

export function sqlFor(store: Store): Sql {
  if (store instanceof SqliteStore) {
    return {
      dialect: 'sqlite',
      all: (sql, args) => store.exclusive((db) => sqliteQuery(db).all(sql, args)),
      run: (sql, args) => store.exclusive((db) => sqliteQuery(db).run(sql, args)),
      exec: (script) => store.exclusive((db) => void db.exec(script)),
      tx: (fn) =>
        store.exclusive(async (db) => {
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await fn(sqliteQuery(db));
            db.exec('COMMIT');
            return result;
          } catch (err) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw err;
          }
        }),
    };
  }
  if (store instanceof PostgresStore) {
    const pool = store.sqlPool;
    return {
      dialect: 'postgres',
      all: (sql, args) => pgQuery(pool).all(sql, args),
      run: (sql, args) => pgQuery(pool).run(sql, args),
      exec: async (script) => void (await pool.query(script)),
      tx: async (fn, lockSql) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          if (lockSql) await client.query(lockSql);
          const result = await fn(pgQuery(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
    };
  }
  throw new Error(`central audit does not support the ${store.kind} store implementation`);
}

/**
 * Reads only (reports): on PostgreSQL the store's read pool, which is a streaming replica when the server
 * runs with --read-db; otherwise the same as sqlFor(store).
 */
export function readSqlFor(store: Store): Pick<Sql, 'all'> {
  if (store instanceof PostgresStore) {
    const pool = store.readSqlPool;
    return { all: (sql, args) => pgQuery(pool).all(sql, args) };
  }
  return sqlFor(store);
}
