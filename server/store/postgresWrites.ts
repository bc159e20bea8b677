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

/** Renumber `$k` to `$(k + offset)`. */
function shift(sql: string, offset: number): string {
  return offset === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** One statement running all of `list` (for one, the statement itself). */
export function combine(list: Statement[]): Statement {
  if (list.length === 1) return list[0] as Statement;
  const args: unknown[] = [];
  const parts = list.map((s, i) => {
    const part = `w${i} AS (${shift(s.sql, args.length)})`;
    args.push(...s.args);
    return part;
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
