/**
 * The writes of one PostgreSQL ingest transaction, sent together: each statement that returns nothing
 * the caller reads (an INSERT or UPDATE without RETURNING) is queued, and the queue goes to the server as
 * one statement of data-modifying CTEs (`WITH w0 AS (…), w1 AS (…) SELECT 1`), which PostgreSQL runs
 * exactly once each, to completion. A batch's records, leaves, participants, origins, tree state, alerts,
 * batch log and tree head then cost one round trip instead of eight.
 *
 * Order: the store flushes the queue before every read in the transaction and before COMMIT, so a read
 * sees every earlier write. The statements of one flush run in one snapshot and must not depend on each
 * other: they write different rows (one UPDATE at most per flush; a second UPDATE flushes first). An
 * error in any of them fails the flush and the transaction rolls back, as before.
 *
 * The statements queued here are the store's own: their parameters are `$1…$n` and they hold no other `$`.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withBinaryArrays } from './postgresBinary';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface Statement {
  sql: string;
  args: unknown[];
}

/** The cast written after each `$k` of `sql` (`::text[]`, or '' for none); null for a `$k` written with two casts. */
function castsOf(sql: string): Map<number, string | null> {
  const casts = new Map<number, string | null>();
  for (const m of sql.matchAll(/\$(\d+)(::[a-z0-9_]+(?:\[\])?)?/gi)) {
    const k = Number(m[1]);
    const cast = (m[2] ?? '').toLowerCase();
    casts.set(k, casts.has(k) && casts.get(k) !== cast ? null : cast);
  }
  return casts;
}

/**
 * One statement running all of `list` (for one, the statement itself). An argument object (an array or a
 * Buffer) given to several statements with the same cast is sent once and each of them reads the same
 * `$n`: ingest's leaves insert takes the records insert's leaf indexes, ids, hashes and times (~11% of
 * the bytes of a batch). Only the very same object is shared (never equal values), so the combined text
 * depends on the statements alone and its prepared statement is reused batch after batch.
 */
export function combine(list: Statement[]): Statement {
  if (list.length === 1) return list[0] as Statement;
  const args: unknown[] = [];
  const sent = new Map<object, Map<string, number>>();
  const parts = list.map((s, i) => {
    const casts = castsOf(s.sql);
    const slots = s.args.map((a, j) => {
      const cast = casts.get(j + 1);
      const shared = typeof a === 'object' && a !== null && cast !== undefined && cast !== null;
      const seen = shared ? sent.get(a)?.get(cast) : undefined;
      if (seen !== undefined) return seen;
      args.push(a);
      if (shared) sent.set(a, (sent.get(a) ?? new Map<string, number>()).set(cast, args.length));
      return args.length;
    });
    const sql = s.sql.replace(/\$(\d+)/g, (whole: string, n: string) => {
      const slot = slots[Number(n) - 1];
      if (slot === undefined) throw new Error(`a queued statement reads ${whole} but has ${s.args.length} arguments`);
      return `$${slot}`;
    });
    return `w${i} AS (${sql})`;
  });
  return { sql: `WITH ${parts.join(', ')} SELECT 1`, args };
}

/**
 * A named (prepared) statement for `sql`: PostgreSQL parses and plans it once per connection and reuses
 * the plan (a generic plan after five runs), instead of planning every batch's statements again (planning
 * was ~6% of the backend's CPU per batch). The name is derived from the text, so one name never stands for
 * two texts on a connection. Needs session-level connections (not a transaction-pooling proxy). JS arrays
 * for `$n::text[]` / `$n::bigint[]` go in binary format (postgresBinary.ts, withBinaryArrays).
 */
export function preparedQuery(sql: string, args: unknown[]): pg.QueryConfig {
  return { name: `ret_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, text: sql, values: withBinaryArrays(sql, args) };
}

const UPDATE = /^\s*UPDATE\b/i;

export class DeferredWrites {
  private pending: Statement[] = [];

  constructor(private readonly client: Queryable) {}

  /** Queue a write; a second UPDATE sends the queue first (one UPDATE per flush). */
  async add(sql: string, args: unknown[]): Promise<void> {
    if (UPDATE.test(sql) && this.pending.some((s) => UPDATE.test(s.sql))) await this.flush();
    this.pending.push({ sql, args });
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const { sql, args } = combine(this.pending);
    this.pending = [];
    await this.client.query(preparedQuery(sql, args));
  }
}

/** A column of an unnest insert: its name, its PostgreSQL type, and either every row's values or one value for all rows. */
export interface UnnestColumn {
  name: string;
  type: 'text' | 'bigint';
  /** Every row's values (an array or its binary form, postgresBinary.ts), or `{ all }`: the one value of every row, sent once. */
  values: unknown[] | Buffer | { all: string };
}

/**
 * `INSERT INTO table (…) SELECT … FROM unnest(…)` with `$k` the k-th column: a column given `{ all }` is a
 * scalar parameter in the select list instead of an array (ingest's stored_at, batch_id and ingested_by are
 * the batch's, so an array of 500 equal strings was sent for each).
 */
export function unnestInsert(table: string, columns: readonly UnnestColumn[]): Statement {
  const arrays = columns.flatMap((c, i) => (isAll(c.values) ? [] : [{ k: i + 1, type: c.type }]));
  const select = columns.map((c, i) => (isAll(c.values) ? `$${i + 1}::${c.type}` : `u.c${i + 1}`));
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) SELECT ${select.join(', ')} ` +
    `FROM unnest(${arrays.map((a) => `$${a.k}::${a.type}[]`).join(', ')}) AS u(${arrays.map((a) => `c${a.k}`).join(', ')})`;
  return { sql, args: columns.map((c) => (isAll(c.values) ? c.values.all : c.values)) };
}

function isAll(v: UnnestColumn['values']): v is { all: string } {
  return !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** `{ all }` when every row gives the same string (and there is at least one row), else the rows' values. */
export function sameForAll<T>(rows: readonly T[], f: (r: T) => string): { all: string } | string[] {
  const values = rows.map(f);
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? { all: first } : values;
}
