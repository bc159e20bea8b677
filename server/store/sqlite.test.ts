import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { Ingestor } from '../ingest';
import { signerFromPrivateKey } from '../signing';
import { batch, makeRecord } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { SqliteStore } from './sqlite';
import type { RecordQuery } from './types';

describe('SqliteStore files', () => {
  it('creates a new database readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqlite-mode-'));
    const store = new SqliteStore(join(dir, 'records.db'));
    await store.migrate();
    expect(statSync(join(dir, 'records.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'records.db-wal')).mode & 0o777).toBe(0o600);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SqliteStore full-text plans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-plan-'));
  const file = join(dir, 'records.db');
  beforeAll(async () => {
    const store = new SqliteStore(file);
    await store.migrate();
    const ingestor = new Ingestor(store, new TreeHeads(store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 1000, everyMs: 0 }));
    const records = Array.from({ length: 300 }, (_, i) =>
      makeRecord(i + 1, {
        body: `${i % 2 ? 'budget' : 'lunch'} item ${i % 7 === 0 ? 'rare' : 'usual'}`,
        sentAt: new Date(Date.UTC(2025, 0, 1) + ((i * 7919) % 300) * 60_000).toISOString(), // not in ingest order
        sender: i % 3 ? 'alice@agency.example.gov' : 'carol@agency.example.gov',
      }),
    );
    expect((await ingestor.ingest(batch(records, 'plan'), { tokenId: 't', tokenName: 't' })).status).toBe(200);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the windowed plan (common words) returns exactly what the collect-and-sort plan returns', async () => {
    const collect = new SqliteStore(file, { commonMatches: 1_000_000 });
    const probe = new SqliteStore(file, { commonMatches: 1 });
    const queries: RecordQuery[] = [
      { terms: ['budget'], limit: 20 },
      { terms: ['budget', 'rare'], limit: 20 },
      { terms: ['lunch'], participant: 'carol@agency.example.gov', limit: 500 },
      { terms: ['usual'], fromMs: Date.UTC(2025, 0, 1, 2), limit: 30, after: { sentAtMs: Date.UTC(2025, 0, 1, 3), leafIndex: 0 } },
    ];
    for (const q of queries) {
      const a = (await collect.searchRecords(q)).map((r) => r.recordId);
      expect(a.length).toBeGreaterThan(0);
      expect((await probe.searchRecords(q)).map((r) => r.recordId)).toEqual(a);
    }
    await collect.close();
    await probe.close();
  });
});
