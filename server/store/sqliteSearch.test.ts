import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../shared/journal/record';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { SqliteStore } from './sqlite';
import { filterOf, matchOf, pageSql } from './sqliteSearch';
import type { RecordQuery } from './types';

const T0 = Date.UTC(2025, 0, 1);
const WORDS = ['budget', 'meeting', 'report', 'lunch', 'rare'];
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'].map((p) => `${p}@agency.example.gov`);

/** 1,200 records, their sent times shuffled against arrival order, in batches from two devices. */
function corpus(): JournalRecord[] {
  return Array.from({ length: 1200 }, (_, i) => {
    const words = WORDS.filter((w, k) => (i * (k + 3)) % (k === 4 ? 97 : k + 2) === 0);
    return makeRecord(Math.floor(i / 2) + 1, {
      deviceId: i % 2 ? 'device-b' : 'device-a',
      body: `${words.join(' ')} item${i}`,
      sentAt: new Date(T0 + ((i * 7919) % 1200) * 60_000 + (i % 3)).toISOString(),
      sender: PEOPLE[i % 5] as string,
      conversation: PEOPLE[(i * 3 + 1) % 5] as string,
      recipients: [PEOPLE[(i * 3 + 1) % 5] as string],
    });
  });
}

/** The specification: filter every record in memory, order by (sent time, leaf), take a page. */
function reference(all: { leaf: number; r: JournalRecord }[], q: RecordQuery): string[] {
  const has = (body: string, t: string) => body.split(/\s+/).includes(t);
  return all
    .filter(({ r }) => !q.terms || q.terms.every((t) => has(r.body, t)))
    .filter(({ r }) => q.participant === undefined || [r.sender, r.conversation, ...r.recipients].includes(q.participant))
    .filter(({ r }) => q.conversation === undefined || r.conversation === q.conversation)
    .filter(({ r }) => q.fromMs === undefined || Date.parse(r.sentAt) >= q.fromMs)
    .filter(({ r }) => q.toMs === undefined || Date.parse(r.sentAt) <= q.toMs)
    .map(({ leaf, r }) => ({ leaf, r, t: Date.parse(r.sentAt) }))
    .filter(({ leaf, t }) => !q.after || t > q.after.sentAtMs || (t === q.after.sentAtMs && leaf > q.after.leafIndex))
    .sort((a, b) => a.t - b.t || a.leaf - b.leaf)
    .slice(0, q.limit)
    .map(({ r }) => r.recordId);
}

describe('SQLite search plans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-search-'));
  const file = join(dir, 'records.db');
  const records = corpus();
  const all = records.map((r, leaf) => ({ leaf, r }));
  beforeAll(async () => {
    const store = new SqliteStore(file);
    await store.migrate();
    const ingestor = new Ingestor(store, new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 }));
    for (let i = 0; i < records.length; i += 100) {
      const out = await ingestor.ingest(batch(records.slice(i, i + 100), `b${i}`), { tokenId: 't', tokenName: 't' });
      expect(out.status).toBe(200);
    }
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const queries: RecordQuery[] = [
    { limit: 50 },
    { terms: ['budget'], limit: 101 },
    { terms: ['budget', 'meeting'], limit: 101 },
    { terms: ['rare'], limit: 101 },
    { terms: ['report'], participant: PEOPLE[2], limit: 40 },
    { terms: ['budget'], participant: PEOPLE[1], fromMs: T0 + 300 * 60_000, limit: 30 },
    { terms: ['lunch'], conversation: PEOPLE[3], limit: 500 },
    { terms: ['meeting'], participant: PEOPLE[0], conversation: PEOPLE[1], limit: 20 },
    { terms: ['budget'], fromMs: T0 + 100 * 60_000, toMs: T0 + 160 * 60_000, limit: 1000 },
    { terms: ['budget'], after: { sentAtMs: T0 + 600 * 60_000, leafIndex: 0 }, limit: 25 },
    { terms: ['item7'], limit: 10 },
    { terms: ['nothing'], limit: 10 },
    { participant: PEOPLE[4], limit: 60 },
    { participant: PEOPLE[4], fromMs: T0 + 500 * 60_000, after: { sentAtMs: T0 + 700 * 60_000, leafIndex: 10 }, limit: 60 },
    { conversation: PEOPLE[2], limit: 70 },
    { participant: PEOPLE[1], conversation: PEOPLE[1], limit: 80 },
    { participant: PEOPLE[1], conversation: PEOPLE[3], terms: ['budget'], limit: 80 },
    { fromMs: T0 + 200 * 60_000, toMs: T0 + 260 * 60_000, limit: 1000 },
  ];

  it('every shape returns exactly what filtering every record in memory returns, whichever word plan runs', async () => {
    const windowed = new SqliteStore(file, { commonMatches: 1, firstWindow: 7 });
    const collected = new SqliteStore(file, { commonMatches: 1_000_000 });
    const standard = new SqliteStore(file);
    for (const q of queries) {
      const want = reference(all, q);
      for (const store of [windowed, collected, standard]) {
        expect((await store.searchRecords(q)).map((r) => r.recordId), JSON.stringify(q)).toEqual(want);
      }
    }
    // Control: the corpus does have matches for the word shapes (the comparisons above are not all empty).
    expect(reference(all, { terms: ['budget', 'meeting'], limit: 1000 }).length).toBeGreaterThan(50);
    expect(reference(all, { terms: ['report'], participant: PEOPLE[2], limit: 1000 }).length).toBeGreaterThan(40);
    for (const s of [windowed, collected, standard]) await s.close();
  });

  it('finds a participant who is the conversation once per record, also where an older ingest repeated the conversation in participants', async () => {
    const store = new SqliteStore(file);
    const participantQueries = queries.filter((q) => q.participant !== undefined);
    const before = await Promise.all(participantQueries.map((q) => store.searchRecords(q)));
    // Rows as the ingest before this one wrote them: the conversation's own key, for every third record.
    store.raw.exec('INSERT OR IGNORE INTO participants (jid, leaf_index) SELECT conversation_key, leaf_index FROM records WHERE leaf_index % 3 = 0');
    expect((store.raw.prepare('SELECT COUNT(*) AS n FROM participants p JOIN records r USING (leaf_index) WHERE p.jid = r.conversation_key').get() as { n: number }).n).toBe(400);
    for (const [i, q] of participantQueries.entries()) {
      const got = (await store.searchRecords(q)).map((r) => r.recordId);
      expect(got, JSON.stringify(q)).toEqual(reference(all, q));
      expect(got).toEqual(before[i]?.map((r) => r.recordId));
    }
    await store.close();
  });

  it('pages through a common word with the keyset cursor without losing or repeating a record', async () => {
    const store = new SqliteStore(file, { commonMatches: 1, firstWindow: 5 });
    const want = reference(all, { terms: ['budget'], limit: 10_000 });
    const got: string[] = [];
    let after: RecordQuery['after'];
    for (;;) {
      const page = await store.searchRecords({ terms: ['budget'], after, limit: 37 });
      got.push(...page.map((r) => r.recordId));
      const last = page.at(-1);
      if (page.length < 37 || !last) break;
      after = { sentAtMs: last.sentAtMs, leafIndex: last.leafIndex };
    }
    expect(got).toEqual(want);
    await store.close();
  });

  it('uses an index for every page shape, in result order where the index has it (EXPLAIN QUERY PLAN)', async () => {
    const store = new SqliteStore(file);
    const plan = (q: RecordQuery, extra: string[] = [], extraArgs: unknown[] = []) => {
      const f = filterOf(q);
      return (store.raw.prepare(`EXPLAIN QUERY PLAN ${pageSql(f, extra)}`).all(...f.args, ...extraArgs, q.limit) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    };
    const timeRange = plan({ fromMs: T0, toMs: T0 + 86_400_000, limit: 101 });
    expect(timeRange).toMatch(/SEARCH r USING COVERING INDEX records_sent \(sent_at_ms>\? AND sent_at_ms<\?\)/);
    expect(timeRange).not.toMatch(/TEMP B-TREE/);
    const everything = plan({ limit: 101 });
    expect(everything).toMatch(/SCAN r USING COVERING INDEX records_sent/);
    expect(everything).not.toMatch(/TEMP B-TREE/);
    const conversation = plan({ conversation: PEOPLE[1], limit: 101 });
    expect(conversation).toMatch(/SEARCH r USING (COVERING )?INDEX records_conversation \(conversation_key=\?\)/);
    expect(conversation).not.toMatch(/TEMP B-TREE/);
    const participant = plan({ participant: PEOPLE[1], fromMs: T0, limit: 101 });
    // The participant's leaves: participants rows and the conversations that are the participant (ingest does not repeat a conversation's key in participants).
    expect(participant).toMatch(/SEARCH participants USING PRIMARY KEY \(jid=\?\)/);
    expect(participant).toMatch(/SEARCH records USING COVERING INDEX records_conversation \(conversation_key=\?\)/);
    expect(participant).toMatch(/SEARCH r USING COVERING INDEX records_leaf_sent \(leaf_index=\? AND sent_at_ms>\?\)/);
    const rareWord = plan({ limit: 101 }, ['r.leaf_index IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)'], [matchOf(['rare'])]);
    expect(rareWord).toMatch(/SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\) \| LIST SUBQUERY \d+ \| SCAN records_fts VIRTUAL TABLE INDEX/);
    // Disposed-of records are left out through rm_disposed's key, not by reading each records row.
    expect(plan({ fromMs: T0, limit: 101, includeDisposed: false })).toMatch(/SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    for (const p of [timeRange, everything, conversation, participant, rareWord]) expect(p).not.toMatch(/SCAN (r|p|records|participants)(\s*\||\s*$)/); // no bare table scan
    await store.close();
  });

  it('binds the full-text rowid range as integers (FTS5 ignores a REAL range and returns every match)', async () => {
    const store = new SqliteStore(file);
    const stmt = store.raw.prepare('SELECT count(*) FROM records_fts WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck();
    const whole = store.raw.prepare('SELECT count(*) FROM records_fts WHERE records_fts MATCH ?').pluck().get('"budget"') as number;
    const ranged = stmt.get('"budget"', 0n, 99n) as number;
    expect(ranged).toBeGreaterThan(0);
    expect(ranged).toBeLessThan(whole);
    await store.close();
  });
});
