/**
 * SQLite ingest's statements one by one (issue 18 item 3): this process's CPU time per record for the
 * records rows with their indexes, the Merkle leaves, the participants, the full-text index and the
 * COMMIT (WAL write, FTS5 segment flush, fsync), for the batch writes of store/sqliteBatchWrites.ts
 * (`batch`) against a statement per row (`perRow`, the form before them), two stores written
 * alternately batch by batch with the retention bench's records (500 per batch). CPU time, not wall
 * time, so a loaded machine still shows the split.
 *
 * `tsx bench/ingestStatements.ts [records]` (default 40,000). Prints JSON; timings only, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { sha256Hex } from '../server/hash';
import { participantsOf } from '../server/ingest';
import { recordLeafHash } from '../server/merkle';
import { SqliteStore } from '../server/store/sqlite';
import { indexBodies, insertLeaves, insertParticipants } from '../server/store/sqliteBatchWrites';
import { canonicalRecordJson } from '../shared/journal/record';
import { benchRecord, rng } from './recordLoader';
import { deviceBatches } from './retentionDevices';
import { round } from './stats';

type Form = 'perRow' | 'batch';

export async function statements(total: number): Promise<Record<string, unknown>> {
  const rand = rng(1);
  const batches = [...deviceBatches(total, 500, (i) => benchRecord(i, total, rand))];
  const dir = mkdtempSync(join(tmpdir(), 'ingest-statements-'));
  const cpu = new Map<string, number>();
  const time = (key: string, fn: () => void) => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpu.set(key, (cpu.get(key) ?? 0) + c.user + c.system);
  };
  try {
    const forms: Form[] = ['perRow', 'batch'];
    const dbs = new Map<Form, { db: Database.Database; st: (sql: string) => Database.Statement; store: SqliteStore }>();
    for (const form of forms) {
      const store = new SqliteStore(join(dir, `${form}.db`));
      await store.migrate();
      const cache = new Map<string, Database.Statement>();
      const db = store.raw;
      const st = (sql: string) => {
        let s = cache.get(sql);
        if (!s) cache.set(sql, (s = db.prepare(sql)));
        return s;
      };
      dbs.set(form, { db, st, store });
    }
    let leafIndex = 0;
    for (const [k, b] of batches.entries()) {
      const storedAt = new Date().toISOString();
      const rows = b.records.map((e) => {
        const json = canonicalRecordJson(e.record);
        const hash = sha256Hex(json);
        const leafHash = recordLeafHash(e.record.recordId, hash, storedAt).toString('hex');
        return { record: e.record, recordId: e.record.recordId, json, hash, storedAt, leafIndex: leafIndex++, leafHash, participants: participantsOf(e.record) };
      });
      for (const form of k % 2 ? forms : [...forms].reverse()) {
        const { db, st } = dbs.get(form) as { db: Database.Database; st: (sql: string) => Database.Statement };
        const rec = st(`INSERT INTO records (leaf_index, record_id, hash, stored_at, record_json, device_id, seq, conversation, conversation_key,
          conversation_type, direction, sender, kind, replaces, body, sent_at_ms, batch_id, ingested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
        time(`${form}: BEGIN`, () => db.exec('BEGIN IMMEDIATE'));
        time(`${form}: records rows and their indexes`, () => {
          for (const r of rows) {
            const x = r.record;
            rec.run(r.leafIndex, x.recordId, r.hash, storedAt, r.json, x.deviceId, x.seq, x.conversation, x.conversation.toLowerCase(), x.conversationType,
              x.direction, x.sender, x.kind, x.replaces ?? null, x.body, Date.parse(x.sentAt), b.batchId, 'bench');
          }
        });
        time(`${form}: leaves`, () => {
          if (form === 'batch') return insertLeaves(st, rows);
          const leaf = st('INSERT INTO leaves (leaf_index, record_id, hash, stored_at, leaf_hash) VALUES (?, ?, ?, ?, ?)');
          for (const r of rows) leaf.run(r.leafIndex, r.recordId, r.hash, storedAt, r.leafHash);
        });
        time(`${form}: participants`, () => {
          if (form === 'batch') return insertParticipants(st, rows);
          const part = st('INSERT OR IGNORE INTO participants (jid, leaf_index) VALUES (?, ?)');
          for (const r of rows) for (const jid of r.participants) part.run(jid, r.leafIndex);
        });
        time(`${form}: full-text index`, () => indexBodies(st, rows.map((r) => r.leafIndex)));
        time(`${form}: COMMIT`, () => db.exec('COMMIT'));
      }
    }
    for (const { store } of dbs.values()) await store.close();
    const usPerRecord = Object.fromEntries([...cpu].sort().map(([key, us]) => [key, round(us / total, 2)]));
    return { records: total, batchSize: 500, order: 'alternating batch by batch', unit: 'CPU µs per record', usPerRecord };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  statements(Number(process.argv[2] ?? 40_000)).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`ingest statements failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
