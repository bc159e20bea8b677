/**
 * Issue 18 item 1: two `retention serve` processes on one PostgreSQL database, two enrolled devices
 * posting signed batches to both at once (every batch is sent to both servers, some twice), searches on
 * both servers meanwhile, forced and periodic tree-head signing racing on both. Afterwards: every record
 * stored exactly once, the same receipt (leaf and time) from both servers, leaves 0…n-1 without gaps or
 * repeats in records and leaves alike, at most one root per signed tree size, and `retention verify`
 * accepts the store (it recomputes the root at every signed head).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalBatchRequest, Receipt } from '../../shared/journal/api';
import { createToken } from '../../server/auth';
import { openStore } from '../../server/store/open';
import { batch, enrollTestDevice, makeRecord, type TestDevice } from '../../server/test/fixtures';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { retentionCli, startSharedServers, type ServeProcess } from '../support/retentionProcess';

const SLOW = 240_000;
const ALICE = 'alice@agency.example.gov';
const BOB = 'bob@agency.example.gov';
const BATCHES = 12;
const PER_BATCH = 9;

describe.skipIf(!postgresAvailable())('several retention servers on one PostgreSQL database', () => {
  let cluster: TestPostgres;
  let db: string;
  let dir: string;
  let servers: ServeProcess[] = [];
  let tokens: { client: string; admin: string; auditor: string };
  let devices: TestDevice[];

  beforeAll(async () => {
    cluster = await startPostgres();
    db = await cluster.createDatabase('multi');
    dir = mkdtempSync(join(tmpdir(), 'aim-multi-'));
    const store = await openStore(db);
    try {
      tokens = {
        client: (await createToken(store, 'client', 'fleet')).token,
        admin: (await createToken(store, 'admin', 'ops')).token,
        auditor: (await createToken(store, 'auditor', 'audit')).token,
      };
      devices = [await enrollTestDevice(store, 'dev-1', ALICE), await enrollTestDevice(store, 'dev-2', BOB)];
    } finally {
      await store.close();
    }
    servers = await startSharedServers(db, dir, 2, ['--sign-every', '7', '--sign-interval', '1', '--console', 'off']);
  }, SLOW);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (server: ServeProcess, device: TestDevice, b: JournalBatchRequest): Promise<{ status: number; receipts: Receipt[] }> => {
    const res = await fetch(`${server.url}/v1/journal/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.client}`, 'content-type': 'application/json', ...device.headers(b) },
      body: JSON.stringify(b),
    });
    const body = (await res.json()) as { receipts?: Receipt[] };
    return { status: res.status, receipts: body.receipts ?? [] };
  };

  const recordsOf = (d: number, n: number) =>
    Array.from({ length: PER_BATCH }, (_, i) => {
      const seq = n * PER_BATCH + i + 1;
      const sentAt = new Date(Date.now() - 3_600_000 + seq * 1000).toISOString();
      return d === 0
        ? makeRecord(seq, { deviceId: 'dev-1', sentAt, recordedAt: sentAt })
        : makeRecord(seq, { deviceId: 'dev-2', sender: BOB, conversation: ALICE, recipients: [ALICE], sentAt, recordedAt: sentAt, body: `reply ${seq} about the quarterly budget` });
    });

  it('ingest and reads on two servers at once: nothing lost or doubled, one leaf order without gaps, consistent heads, verify passes', { timeout: SLOW }, async () => {
    const [a, b] = servers as [ServeProcess, ServeProcess];
    const receipts = new Map<string, Receipt[]>();
    const statuses: number[] = [];
    const searches: number[] = [];
    const deviceRun = async (d: number) => {
      const device = devices[d]!;
      for (let n = 0; n < BATCHES; n++) {
        const bt = batch(recordsOf(d, n), `dev-${d + 1}-batch-${n}`);
        // The same batch to both servers at once (a client retrying on the other server), and every
        // third batch once more to the server it did not start with.
        const first = n % 2 === d ? a : b;
        const second = first === a ? b : a;
        const sends = [post(first, device, bt), post(second, device, bt)];
        if (n % 3 === 0) sends.push(post(second, device, bt));
        for (const r of await Promise.all(sends)) {
          statuses.push(r.status);
          for (const rc of r.receipts) receipts.set(rc.recordId, [...(receipts.get(rc.recordId) ?? []), rc]);
        }
      }
    };
    const reader = async () => {
      for (let i = 0; i < 10; i++) {
        for (const s of [a, b]) {
          const res = await fetch(`${s.url}/v1/records?participant=${ALICE}&q=budget&limit=500`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
          searches.push(res.status);
        }
      }
    };
    const signer = async () => {
      for (let i = 0; i < 6; i++) {
        const res = await Promise.all([a, b].map((s) => fetch(`${s.url}/v1/tree-heads`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}` } })));
        searches.push(...res.map((r) => r.status));
      }
    };
    await Promise.all([deviceRun(0), deviceRun(1), reader(), signer()]);

    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(searches.every((s) => s === 200)).toBe(true);
    const expected = 2 * BATCHES * PER_BATCH;
    expect(receipts.size).toBe(expected);
    // Each record: exactly one "stored" receipt; every other answer (from either server) is a duplicate
    // naming the same leaf and time.
    for (const [, list] of receipts) {
      expect(list.filter((r) => r.status === 'stored')).toHaveLength(1);
      expect(new Set(list.map((r) => `${r.leafIndex}@${r.storedAt}`)).size).toBe(1);
    }

    // Both servers answer reads from the same store.
    const counts = await Promise.all(
      [a, b].map(async (s) => {
        const res = await fetch(`${s.url}/v1/status`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
        return ((await res.json()) as { treeSize: number }).treeSize;
      }),
    );
    expect(counts).toEqual([expected, expected]);

    await Promise.all(servers.map((s) => s.stop()));
    const logs = servers.map((s) => s.output().stderr).join('\n');
    servers = [];
    expect(logs).not.toMatch(/"level":50|signing failed/);

    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const recs = (await client.query<{ leaf_index: string; record_id: string }>('SELECT leaf_index, record_id FROM records ORDER BY leaf_index')).rows;
      const leaves = (await client.query<{ leaf_index: string; record_id: string }>('SELECT leaf_index, record_id FROM leaves ORDER BY leaf_index')).rows;
      expect(recs).toHaveLength(expected);
      expect(recs.map((r) => Number(r.leaf_index))).toEqual(Array.from({ length: expected }, (_, i) => i));
      expect(leaves.map((r) => [Number(r.leaf_index), r.record_id])).toEqual(recs.map((r) => [Number(r.leaf_index), r.record_id]));
      expect(new Set(recs.map((r) => r.record_id)).size).toBe(expected);
      for (const [id, list] of receipts) expect(recs[list[0]!.leafIndex]?.record_id).toBe(id);
      const batchesLogged = (await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM batches')).rows[0]!.n;
      expect(Number(batchesLogged)).toBeGreaterThanOrEqual(2 * BATCHES * 2);
      // Heads: one root per size, sizes never shrink in signing order, the final head covers everything.
      const heads = (await client.query<{ tree_size: string; root_hash: string }>('SELECT tree_size, root_hash FROM tree_heads ORDER BY id')).rows;
      const roots = new Map<number, Set<string>>();
      for (const h of heads) roots.set(Number(h.tree_size), (roots.get(Number(h.tree_size)) ?? new Set()).add(h.root_hash));
      for (const [, set] of roots) expect(set.size).toBe(1);
      const sizes = heads.map((h) => Number(h.tree_size));
      expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
      expect(sizes.at(-1)).toBe(expected);
      expect(heads.length).toBeGreaterThan(expected / 7 - 1);
    } finally {
      await client.end();
    }

    const verified = await retentionCli(['verify', '--db', db, '--signing-key', join(dir, 'tree-heads.pem')], { RETENTION_STATE_DIR: dir });
    expect(verified.stdout).toMatch(new RegExp(`^Store intact: ${expected} records`));
    expect(verified.code).toBe(0);
  });
});
