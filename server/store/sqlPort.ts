/**
 * The one small SQL port over a store's own connection, so code outside the ingest path (records
 * management in server/records/, central audit in server/audit/) is written once for SQLite and
 * PostgreSQL. Queries use $1, $2… placeholders, each used once and in order (SQLite gets `?`, and
 * booleans become 0/1). Inside tx() the port runs on the transaction's connection (SQLite: inside the
 * store's one queue, like ingest, so a transaction never interleaves with another request's statements).
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Row } from './row';

export interface SqlPort {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, args?: unknown[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  run(sql: string, args?: unknown[]): Promise<number>;
  /** A script of several statements without arguments (schema). */
  exec(script: string): Promise<void>;
  /** Insert many rows; pgTypes are the PostgreSQL array element types (e.g. 'text', 'bigint'). */
  bulkInsert(table: string, cols: string[], pgTypes: string[], rows: unknown[][]): Promise<void>;
  /** One transaction (SQLite: BEGIN IMMEDIATE). Errors roll back. Not nestable. */
  tx<T>(fn: (sql: SqlPort) => Promise<T>): Promise<T>;
}

/** Runs fn with the SQLite connection inside the store's one queue (SqliteStore.exclusive). */
export type SqliteExclusive = <T>(fn: (db: Database.Database) => T | Promise<T>) => Promise<T>;

const toQ = (sql: string) => sql.replace(/\$\d+/g, '?');
const sqliteArgs = (args: unknown[]): unknown[] => args.map((a) => (typeof a === 'boolean' ? (a ? 1 : 0) : a));
const nested = (): Promise<never> => Promise.reject(new Error('nested transaction'));

function sqliteOn(db: Database.Database): SqlPort {
  return {
    kind: 'sqlite',
    all: async (sql, args = []) => db.prepare(toQ(sql)).all(...sqliteArgs(args)) as Row[],
    run: async (sql, args = []) => db.prepare(toQ(sql)).run(...sqliteArgs(args)).changes,
    exec: async (script) => void db.exec(script),
    bulkInsert: async (table, cols, _types, rows) => {
      const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const r of rows) stmt.run(...sqliteArgs(r));
    },
    tx: nested,
  };
}

export function sqlitePort(exclusive: SqliteExclusive): SqlPort {
  const outer: SqlPort = {
    kind: 'sqlite',
    all: (sql, args) => exclusive((db) => sqliteOn(db).all(sql, args)),
    run: (sql, args) => exclusive((db) => sqliteOn(db).run(sql, args)),
    exec: (script) => exclusive((db) => sqliteOn(db).exec(script)),
    bulkInsert: (t, c, ty, r) => outer.tx((s) => s.bulkInsert(t, c, ty, r)),
    tx: (fn) =>
      exclusive(async (db) => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(sqliteOn(db));
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
  };
  return outer;
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK on error; the connection always goes back. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function postgresPort(pool: pg.Pool): SqlPort {
  const on = (c: Pick<pg.PoolClient, 'query'>): SqlPort => ({
    kind: 'postgres',
    all: async (sql, args = []) => (await c.query(sql, args)).rows as Row[],
    run: async (sql, args = []) => (await c.query(sql, args)).rowCount ?? 0,
    exec: async (script) => void (await c.query(script)),
    bulkInsert: async (table, cols, types, rows) => {
      if (rows.length === 0) return;
      await c.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
        cols.map((_, i) => rows.map((r) => r[i])),
      );
    },
    tx: nested,
  });
  return { ...on(pool), tx: (fn) => pgTransaction(pool, (client) => fn(on(client))) };
}
