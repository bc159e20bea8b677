/**
 * Loading the records bench's PostgreSQL store with COPY (issue 18 item 4), so ten million records load in
 * minutes: the same generated records as bench/records.bench.ts (same seed), with their real content
 * hashes, leaf hashes and participants, streamed through three COPY FROM STDIN at once (records, leaves,
 * participants) into the monthly partitions (made first with retention_ensure_month), then the Merkle
 * frontier saved in tree_state, so the store is a consistent one that `verify` and ingest accept.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalRecordJson, type JournalRecord } from '../shared/journal/record';
import { contentHash } from '../server/hash';
import { bareJid } from '../shared/xmpp/jid';
import { MerkleFrontier, recordLeafHash } from '../server/merkle';
import { monthOf } from '../server/store/postgresPartitions';

const COPY = {
  records: `COPY records (leaf_index, record_id, hash, stored_at, record_json, device_id, seq, conversation, conversation_key,
    conversation_type, direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by) FROM STDIN`,
  leaves: 'COPY leaves (leaf_index, record_id, hash, stored_at, leaf_hash) FROM STDIN',
  participants: 'COPY participants (jid, leaf_index, sent_at_ms) FROM STDIN',
} as const;

/** COPY text format: backslash, tab, newline and carriage return escaped; null is \N. */
function field(v: string | number | null): string {
  if (v === null) return '\\N';
  return typeof v === 'number' ? String(v) : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
const line = (cols: (string | number | null)[]) => `${cols.map(field).join('\t')}\n`;

export interface CopyLoad {
  records: number;
  loadSeconds: number;
  recordsPerSecond: number;
  partitions: number;
}

/**
 * Load `total` records (record(i) for i = 0…total-1, called once each, in order) into an empty, migrated
 * store at `url`; `span` is the range of their sentAt (its months get partitions first).
 */
export async function copyLoad(url: string, total: number, record: (i: number) => JournalRecord, span: { fromMs: number; toMs: number }): Promise<CopyLoad> {
  const t = performance.now();
  const clients = { records: new pg.Client({ connectionString: url }), leaves: new pg.Client({ connectionString: url }), participants: new pg.Client({ connectionString: url }) };
  await Promise.all(Object.values(clients).map((c) => c.connect()));
  try {
    for (let m = monthOf(span.fromMs); m <= span.toMs; m = monthOf(m + 40 * 86_400_000)) await clients.records.query('SELECT retention_ensure_month($1)', [m]);
    const streams = {
      records: clients.records.query(copyFrom(COPY.records)),
      leaves: clients.leaves.query(copyFrom(COPY.leaves)),
      participants: clients.participants.query(copyFrom(COPY.participants)),
    };
    const storedAt = new Date().toISOString();
    const frontier = new MerkleFrontier();
    const write = async (s: NodeJS.WritableStream, text: string) => {
      if (!s.write(text)) await once(s, 'drain');
    };
    for (let start = 0; start < total; start += 2000) {
      let recs = '';
      let leaves = '';
      let parts = '';
      for (let i = start; i < Math.min(total, start + 2000); i++) {
        const r = record(i);
        const hash = contentHash(r);
        const sentAtMs = Date.parse(r.sentAt);
        const leaf = recordLeafHash(r.recordId, hash, storedAt);
        frontier.append(leaf);
        recs += line([i, r.recordId, hash, storedAt, canonicalRecordJson(r), r.deviceId, r.seq, r.conversation, r.conversation.toLowerCase(),
          r.conversationType, r.direction, r.sender, r.kind, r.replaces ?? null, r.body, sentAtMs, 'bench-copy', 'bench']);
        leaves += line([i, r.recordId, hash, storedAt, leaf.toString('hex')]);
        for (const jid of new Set([r.sender, r.conversation, ...r.recipients].map(bareJid))) parts += line([jid, i, sentAtMs]);
      }
      await Promise.all([write(streams.records, recs), write(streams.leaves, leaves), write(streams.participants, parts)]);
    }
    for (const s of Object.values(streams)) s.end();
    await Promise.all(Object.values(streams).map((s) => finished(s)));
    await clients.records.query('UPDATE tree_state SET size = $1, frontier = $2 WHERE id = 1', [frontier.size, JSON.stringify(frontier.toHex())]);
    const loadSeconds = (performance.now() - t) / 1000;
    const parts = await clients.records.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'records'");
    return { records: total, loadSeconds: Math.round(loadSeconds * 10) / 10, recordsPerSecond: Math.round(total / loadSeconds), partitions: parts.rows[0]?.n ?? 0 };
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.end().catch(() => undefined)));
  }
}
