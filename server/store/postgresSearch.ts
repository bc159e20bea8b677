/** Record search on PostgreSQL (GET /v1/records, the console, exports): the SQL of one page. */
import type { RecordQuery } from './types';

/**
 * The search's SQL and arguments (also for EXPLAIN: a date range prunes the partitions of records and
 * participants). With a participant, the participant's rows are walked in result order (the
 * participants index is (jid, sent_at_ms, leaf_index)) and each is looked up in its month's records
 * partition, so a page stops after its first matches instead of sorting every record of that person.
 */
export function postgresSearchSql(q: RecordQuery): { sql: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const range = (col: string) =>
    [q.fromMs !== undefined ? ` AND ${col} >= ${arg(q.fromMs)}` : '', q.toMs !== undefined ? ` AND ${col} <= ${arg(q.toMs)}` : ''].join('');
  // Order (and the cursor) follow the participants rows when there is a participant, else the records.
  // A participant who is the conversation itself matches every record of it.
  const participant = q.participant !== undefined && q.participant !== q.conversation ? q.participant : undefined;
  const o = participant !== undefined ? 'p' : 'r';
  let from = 'records r';
  const lateral = () => `CROSS JOIN LATERAL (SELECT * FROM records r WHERE r.leaf_index = p.leaf_index AND r.sent_at_ms = p.sent_at_ms${range('r.sent_at_ms')} OFFSET 0) r`;
  if (participant !== undefined && q.conversation === undefined) {
    // Ingest does not repeat a conversation's own key in participants: the participant's leaves are their
    // participants rows and the records of the conversations that are the participant (older rows
    // that do repeat it are left out of the second part), both walked in result order and merged.
    // The date range is repeated in each part, so each prunes its partitions at plan time.
    const x = arg(participant);
    from = `(SELECT e.leaf_index, e.sent_at_ms FROM participants e WHERE e.jid = ${x}${range('e.sent_at_ms')}
      UNION ALL SELECT c.leaf_index, c.sent_at_ms FROM records c WHERE c.conversation_key = ${x}${range('c.sent_at_ms')}
        AND NOT EXISTS (SELECT 1 FROM participants d WHERE d.jid = ${x} AND d.sent_at_ms = c.sent_at_ms AND d.leaf_index = c.leaf_index${range('d.sent_at_ms')})) p ${lateral()}`;
  } else if (participant !== undefined) {
    from = `participants p ${lateral()}`;
    where.push(`p.jid = ${arg(participant)}`);
  }
  for (const t of q.terms ?? []) where.push(`r.body_tsv @@ phraseto_tsquery('simple', ${arg(t)})`);
  if (q.conversation !== undefined) where.push(`r.conversation_key = ${arg(q.conversation)}`);
  if (q.fromMs !== undefined) where.push(`${o}.sent_at_ms >= ${arg(q.fromMs)}`);
  if (q.toMs !== undefined) where.push(`${o}.sent_at_ms <= ${arg(q.toMs)}`);
  // Records whose content a disposition destroyed only when asked (the console shows them as such).
  if (!q.includeDisposed) where.push("r.record_json <> ''");
  if (q.after) where.push(`(${o}.sent_at_ms, ${o}.leaf_index) > (${arg(q.after.sentAtMs)}, ${arg(q.after.leafIndex)})`);
  const sql = `SELECT r.record_id, r.hash, r.leaf_index, r.stored_at, r.record_json, r.sent_at_ms FROM ${from}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${o}.sent_at_ms, ${o}.leaf_index LIMIT ${arg(q.limit)}`;
  return { sql, args };
}
