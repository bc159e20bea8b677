/** Record search on PostgreSQL (GET /v1/records, the console, exports): the SQL of one page. */
import type { RecordQuery } from './types';

/**
 * The search's SQL and arguments (also for EXPLAIN: a date range prunes the partitions of records and
 * participants). With a participant, the participant's rows are walked in result order (the
 * participants index is (jid, sent_at_ms, leaf_index)) and each is looked up in its month's records
 * partition, so a page stops after its first matches instead of sorting every record of that person.
 *
 * Ingest does not repeat a conversation's own key in participants, so a participant search without a
 * conversation is two such walks, each stopping after a page: the participant's participants rows, and
 * the records of the conversations that are the participant (records_conversation, in result order;
 * older rows that do repeat the key are left out there by NOT EXISTS); the two pages are merged. A
 * participant who is the conversation itself matches every record of it.
 */
export function postgresSearchSql(q: RecordQuery): { sql: string; args: unknown[] } {
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const from = q.fromMs !== undefined ? arg(q.fromMs) : undefined;
  const to = q.toMs !== undefined ? arg(q.toMs) : undefined;
  const terms = (q.terms ?? []).map(arg);
  const conversation = q.conversation !== undefined ? arg(q.conversation) : undefined;
  const after = q.after ? [arg(q.after.sentAtMs), arg(q.after.leafIndex)] : undefined;
  const limit = arg(q.limit);
  const range = (col: string) => `${from ? ` AND ${col} >= ${from}` : ''}${to ? ` AND ${col} <= ${to}` : ''}`;
  /** The filters on the records alias `r`, with order and cursor on the alias `o` (participants or records). */
  const filters = (r: string, o: string): string[] => [
    ...terms.map((t) => `${r}.body_tsv @@ phraseto_tsquery('simple', ${t})`),
    ...(conversation ? [`${r}.conversation_key = ${conversation}`] : []),
    ...(from ? [`${o}.sent_at_ms >= ${from}`] : []),
    ...(to ? [`${o}.sent_at_ms <= ${to}`] : []),
    // Records whose content a disposition destroyed only when asked (the console shows them as such).
    ...(q.includeDisposed ? [] : [`${r}.record_json <> ''`]),
    ...(after ? [`(${o}.sent_at_ms, ${o}.leaf_index) > (${after[0]}, ${after[1]})`] : []),
  ];
  const cols = (r: string) => `${r}.record_id, ${r}.hash, ${r}.leaf_index, ${r}.stored_at, ${r}.record_json, ${r}.sent_at_ms`;
  const where = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
  const page = (r: string, o: string, fromSql: string, w: string[]) =>
    `SELECT ${cols(r)} FROM ${fromSql} ${where(w)} ORDER BY ${o}.sent_at_ms, ${o}.leaf_index LIMIT ${limit}`;

  const participant = q.participant !== undefined && q.participant !== q.conversation ? q.participant : undefined;
  if (participant === undefined) return { sql: page('r', 'r', 'records r', filters('r', 'r')), args };
  const x = arg(participant);
  const lateral = `participants p CROSS JOIN LATERAL (SELECT * FROM records r WHERE r.leaf_index = p.leaf_index AND r.sent_at_ms = p.sent_at_ms${range('r.sent_at_ms')} OFFSET 0) r`;
  const viaParticipants = page('r', 'p', lateral, [`p.jid = ${x}`, ...filters('r', 'p')]);
  if (q.conversation !== undefined) return { sql: viaParticipants, args };
  const repeated = `NOT EXISTS (SELECT 1 FROM participants d WHERE d.jid = ${x} AND d.sent_at_ms = c.sent_at_ms AND d.leaf_index = c.leaf_index${range('d.sent_at_ms')})`;
  const viaConversation = page('c', 'c', 'records c', [`c.conversation_key = ${x}`, ...filters('c', 'c'), repeated]);
  return { sql: `SELECT u.* FROM ((${viaParticipants}) UNION ALL (${viaConversation})) u ORDER BY u.sent_at_ms, u.leaf_index LIMIT ${limit}`, args };
}
