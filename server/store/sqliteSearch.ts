/**
 * Record search on SQLite (GET /v1/records, the console's search, exports, reconciliation): results in
 * (sent_at_ms, leaf_index) order, a page at a time. Every shape first finds the page's leaf indexes through
 * small covering indexes, then reads the page's full rows ("limit before join"):
 *
 *  - time range / everything: records_sent (sent_at_ms, leaf_index), already in result order;
 *  - conversation: records_conversation (conversation_key, sent_at_ms, leaf_index), in result order;
 *  - participant: the participant's leaves from the participants primary key (jid, leaf_index) and, for
 *    the conversations that are the participant, from records_conversation; their times from
 *    records_leaf_sent (leaf_index, sent_at_ms), sorted (no full records row is read);
 *  - words: a rare word (under `commonMatches` matches) collects its matches from FTS5 and sorts them;
 *    a common word walks the other filters' result order in windows (sized by the hit rate seen) and keeps
 *    the leaves that one FTS5 query over the window's leaf range matches (leaf order follows arrival, so
 *    the range is narrow; the rowid range is bound as an integer, which FTS5 needs to use it).
 *
 * Disposed-of records (content destroyed, rm_disposed) are left out unless asked for, through
 * rm_disposed's primary key, so the covering indexes stay covering.
 */
import type Database from 'better-sqlite3';
import { storedRow, type Row } from './rows';
import type { RecordQuery, StoredRow } from './types';

const COLUMNS = 'r.record_id, r.hash, r.leaf_index, r.stored_at, r.record_json, r.sent_at_ms';
/** The first window of a common-word search, and its upper bound as it doubles. */
const FIRST_WINDOW = 400;
const MAX_WINDOW = 200_000;

interface Filter {
  from: string;
  where: string[];
  args: unknown[];
}

/** The query's filters other than words, on `records r` (and participants p). */
export function filterOf(q: RecordQuery, after = q.after): Filter {
  const where: string[] = [];
  const args: unknown[] = [];
  let from = 'records r';
  if (q.participant !== undefined && q.conversation === undefined) {
    // The participant's leaves (participants rows, and the conversations that are the participant: ingest
    // does not repeat a conversation's own key in participants), with their times from the small
    // (leaf_index, sent_at_ms) index.
    from = 'records r INDEXED BY records_leaf_sent';
    where.push('r.leaf_index IN (SELECT leaf_index FROM participants WHERE jid = ? UNION ALL SELECT leaf_index FROM records WHERE conversation_key = ?)');
    args.push(q.participant, q.participant);
  } else if (q.participant !== undefined && q.participant !== q.conversation) {
    // (A participant who is the conversation itself matches every record of it.)
    where.push('r.leaf_index IN (SELECT leaf_index FROM participants WHERE jid = ?)');
    args.push(q.participant);
  }
  if (q.conversation !== undefined) {
    where.push('r.conversation_key = ?');
    args.push(q.conversation);
  }
  if (q.fromMs !== undefined) {
    where.push('r.sent_at_ms >= ?');
    args.push(q.fromMs);
  }
  if (q.toMs !== undefined) {
    where.push('r.sent_at_ms <= ?');
    args.push(q.toMs);
  }
  if (!q.includeDisposed) where.push('NOT EXISTS (SELECT 1 FROM rm_disposed d WHERE d.leaf_index = r.leaf_index)');
  if (after) {
    where.push('(r.sent_at_ms, r.leaf_index) > (?, ?)');
    args.push(after.sentAtMs, after.leafIndex);
  }
  return { from, where, args };
}

const whereSql = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');

/** The SQL of one page's leaves (leaf_index, sent_at_ms) in result order; exported for the plan tests. */
export function pageSql(f: Filter, extra: string[] = []): string {
  return `SELECT r.leaf_index, r.sent_at_ms FROM ${f.from} ${whereSql([...f.where, ...extra])} ORDER BY r.sent_at_ms, r.leaf_index LIMIT ?`;
}

function rowsOf(db: Database.Database, leaves: number[]): StoredRow[] {
  if (leaves.length === 0) return [];
  return (db.prepare(`SELECT ${COLUMNS} FROM records r WHERE r.leaf_index IN (SELECT value FROM json_each(?)) ORDER BY r.sent_at_ms, r.leaf_index`)
    .all(JSON.stringify(leaves)) as Row[]).map(storedRow);
}

/** FTS5 query text: every term quoted (a phrase of its tokens), all required. */
export function matchOf(terms: string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

export interface SearchTuning {
  /** From this many full-text matches on, a word is searched in windows instead of collected and sorted. */
  commonMatches: number;
  /** The first window (tests make it small); default 400. */
  firstWindow?: number;
}

export function searchSqlite(db: Database.Database, q: RecordQuery, tuning: SearchTuning): StoredRow[] {
  const { commonMatches } = tuning;
  if (!q.terms || q.terms.length === 0) {
    const f = filterOf(q);
    return rowsOf(db, (db.prepare(pageSql(f)).all(...f.args, q.limit) as Row[]).map((r) => Number(r.leaf_index)));
  }
  const match = matchOf(q.terms);
  const { n } = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ? LIMIT ?)').get(match, commonMatches) as { n: number };
  if (n < commonMatches) {
    const f = filterOf(q);
    const sql = pageSql(f, ['r.leaf_index IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)']);
    return rowsOf(db, (db.prepare(sql).all(...f.args, match, q.limit) as Row[]).map((r) => Number(r.leaf_index)));
  }
  return rowsOf(db, commonWordPage(db, q, match, tuning.firstWindow ?? FIRST_WINDOW));
}

/** Walk the other filters' results in windows; keep the leaves one FTS5 range query per chunk matches. */
function commonWordPage(db: Database.Database, q: RecordQuery, match: string, firstWindow: number): number[] {
  const found: number[] = [];
  // The window's leaves that match, intersected inside SQLite (no JS value per match in the range).
  const inRange = db
    .prepare('SELECT value FROM json_each(?) WHERE value IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ?)')
    .pluck();
  // A participant's page sorts all of the participant's leaves whatever the window, so take one big window.
  const sortsAll = q.participant !== undefined && q.conversation === undefined;
  let chunk = Math.max(firstWindow, 4 * q.limit);
  let size = sortsAll ? MAX_WINDOW : chunk;
  let after = q.after;
  for (;;) {
    const f = filterOf(q, after);
    const window = db.prepare(pageSql(f)).all(...f.args, size) as { leaf_index: number; sent_at_ms: number }[];
    for (let i = 0; i < window.length; ) {
      const part = window.slice(i, i + chunk);
      i += part.length;
      let lo = Infinity;
      let hi = -Infinity;
      for (const w of part) {
        lo = Math.min(lo, w.leaf_index);
        hi = Math.max(hi, w.leaf_index);
      }
      // Integers as BigInt: FTS5 uses (and gets right) a rowid range only when it is bound as an integer;
      // better-sqlite3 binds a JS number as a REAL.
      const hits = new Set((inRange.all(JSON.stringify(part.map((w) => w.leaf_index)), match, BigInt(lo), BigInt(hi)) as number[]).map(Number));
      for (const w of part) {
        if (!hits.has(w.leaf_index)) continue;
        found.push(w.leaf_index);
        if (found.length >= q.limit) return found;
      }
      // The next chunk is sized by this one's hit rate (×1.5), at least double.
      const rate = Math.max(hits.size, 1) / part.length;
      chunk = Math.min(MAX_WINDOW, Math.max(chunk * 2, Math.ceil((1.5 * (q.limit - found.length)) / rate)));
    }
    if (window.length < size) return found;
    const last = window[window.length - 1] as { leaf_index: number; sent_at_ms: number };
    after = { sentAtMs: last.sent_at_ms, leafIndex: last.leaf_index };
    if (!sortsAll) size = chunk;
  }
}
