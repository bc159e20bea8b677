/**
 * A small SQL port so the records-management store is written once for SQLite and PostgreSQL. Queries
 * use $1, $2… placeholders, each used once and in order (SQLite gets `?`). Inside tx() the port runs
 * on the transaction's connection (SQLite: inside the store's one queue, like ingest).
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Row } from '../store/row';

export interface SqlPort {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, args?: unknown[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  run(sql: string, args?: unknown[]): Promise<number>;
  /** Insert many rows; pgTypes are the PostgreSQL array element types (e.g. 'text', 'bigint'). */
  bulkInsert(table: string, cols: string[], pgTypes: string[], rows: unknown[][]): Promise<void>;
  tx<T>(fn: (sql: SqlPort) => Promise<T>): Promise<T>;
}

const toQ = (sql: string) => sql.replace(/\$\d+/g, '?');

export function sqlitePort(db: Database.Database, serial: <T>(fn: () => T | Promise<T>) => Promise<T>): SqlPort {
  const direct: SqlPort = {
    kind: 'sqlite',
    all: async (sql, args = []) => db.prepare(toQ(sql)).all(...args) as Row[],
    run: async (sql, args = []) => db.prepare(toQ(sql)).run(...args).changes,
    bulkInsert: async (table, cols, _types, rows) => {
      const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const r of rows) stmt.run(...r);
    },
    tx: () => Promise.reject(new Error('nested transaction')),
  };
  const outer: SqlPort = {
    kind: 'sqlite',
    all: (sql, args) => serial(() => direct.all(sql, args)),
    run: (sql, args) => serial(() => direct.run(sql, args)),
    bulkInsert: (t, c, ty, r) => outer.tx((s) => s.bulkInsert(t, c, ty, r)),
    tx: (fn) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(direct);
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

export function postgresPort(pool: pg.Pool): SqlPort {
  const on = (c: Pick<pg.PoolClient, 'query'>): SqlPort => ({
    kind: 'postgres',
    all: async (sql, args = []) => (await c.query(sql, args)).rows as Row[],
    run: async (sql, args = []) => (await c.query(sql, args)).rowCount ?? 0,
    bulkInsert: async (table, cols, types, rows) => {
      if (rows.length === 0) return;
      await c.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
        cols.map((_, i) => rows.map((r) => r[i])),
      );
    },
    tx: () => Promise.reject(new Error('nested transaction')),
  });
  return {
    ...on(pool),
    tx: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(on(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
