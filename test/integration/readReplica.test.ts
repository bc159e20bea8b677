/**
 * Issue 18 item 2, the replica: `retention serve --db <primary> --read-db <standby>` on Debian's
 * PostgreSQL, with a real streaming standby made by `pg_basebackup -R`. Writes go to the primary, reads
 * (search, record view, the console's conversation view, exports, reports) to the standby:
 *   - the server's read connections are on the standby (pg_stat_activity, application_name), not on the primary;
 *   - with WAL replay paused on the standby, a batch written through the server is stored on the primary
 *     (its status, from the primary, counts it) but the server's search does not find it yet, while a
 *     second server without --read-db (the control) finds it with the same query; after replay resumes,
 *     the replica-reading server finds it too.
 * A --read-db that is not a standby is refused with a clear error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { createToken } from '../../server/auth';
import { READ_APPLICATION_NAME } from '../../server/store/postgres';
import { openStore } from '../../server/store/open';
import { batch, enrollTestDevice, makeRecord, type TestDevice } from '../../server/test/fixtures';
import { waitFor } from '../support/ports';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { startStandby, type TestStandby } from '../support/postgresStandby';
import { retentionCli, startServe, type ServeProcess } from '../support/retentionProcess';

const SLOW = 240_000;

describe.skipIf(!postgresAvailable())('serve --read-db: reads from a streaming standby, writes to the primary', () => {
  let primary: TestPostgres;
  let standby: TestStandby;
  let db: string;
  let dir: string;
  let tokens: { client: string; auditor: string };
  let device: TestDevice;
  const servers: ServeProcess[] = [];

  beforeAll(async () => {
    primary = await startPostgres();
    db = await primary.createDatabase('records');
    dir = mkdtempSync(join(tmpdir(), 'aim-replica-'));
    const store = await openStore(db);
    try {
      tokens = { client: (await createToken(store, 'client', 'fleet')).token, auditor: (await createToken(store, 'auditor', 'audit')).token };
      device = await enrollTestDevice(store, 'dev-1');
    } finally {
      await store.close();
    }
    standby = await startStandby(primary);
    await waitFor(async () => (await standby.query<{ n: string }>('records', 'SELECT COUNT(*) AS n FROM tokens'))[0]?.n === '2', { timeoutMs: 60_000, what: 'the standby to replay the tokens' });
  }, SLOW);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await standby?.stop();
    await primary?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (s: ServeProcess, seqs: number[], word: string) => {
    const b = batch(seqs.map((seq) => {
      const sentAt = new Date(Date.now() - 60_000 + seq).toISOString();
      return makeRecord(seq, { deviceId: 'dev-1', sentAt, recordedAt: sentAt, body: `note ${seq} about ${word}` });
    }), `batch-${word}`);
    const res = await fetch(`${s.url}/v1/journal/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.client}`, 'content-type': 'application/json', ...device.headers(b) },
      body: JSON.stringify(b),
    });
    return res.status;
  };
  const search = async (s: ServeProcess, word: string): Promise<string[]> => {
    const res = await fetch(`${s.url}/v1/records?q=${word}`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { records: StoredRecord[] }).records.map((r) => r.recordId);
  };
  const treeSize = async (s: ServeProcess): Promise<number> => {
    const res = await fetch(`${s.url}/v1/status`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
    return ((await res.json()) as { treeSize: number }).treeSize;
  };
  const appNames = async (q: (sql: string) => Promise<{ application_name: string }[]>) =>
    (await q("SELECT application_name FROM pg_stat_activity WHERE datname = 'records' AND application_name LIKE 'approved-im-retention%'")).map((r) => r.application_name);

  it('a standby serves the reads; the primary takes the writes', { timeout: SLOW }, async () => {
    const common = ['--port', '0', '--signing-key', join(dir, 'tree-heads.pem'), '--sign-interval', '0', '--log-level', 'warn', '--console', 'off'];
    const env = { RETENTION_STATE_DIR: dir };
    const replicaReader = await startServe(['--db', db, '--read-db', standby.urlOf('records'), ...common], env);
    servers.push(replicaReader);
    const primaryOnly = await startServe(['--db', db, ...common], env);
    servers.push(primaryOnly);

    // Written through the server, replayed, read back through the standby.
    expect(await post(replicaReader, [1, 2], 'budget')).toBe(200);
    await waitFor(async () => (await search(replicaReader, 'budget')).length === 2, { timeoutMs: 30_000, what: 'the first batch on the standby' });
    expect(await search(replicaReader, 'budget')).toEqual(['dev-1/msg-1', 'dev-1/msg-2']);

    // The reading connections are the standby's; the primary has none of them.
    const primaryClient = new pg.Client({ connectionString: db });
    await primaryClient.connect();
    try {
      expect(await appNames((sql) => standby.query('records', sql))).toContain(READ_APPLICATION_NAME);
      const onPrimary = await appNames(async (sql) => (await primaryClient.query<{ application_name: string }>(sql)).rows);
      expect(onPrimary).not.toContain(READ_APPLICATION_NAME);
      expect(onPrimary).toContain('approved-im-retention');

      // A lagging standby: replay paused.
      await standby.pauseReplay();
      await waitFor(async () => (await standby.query<{ s: string }>('postgres', 'SELECT pg_get_wal_replay_pause_state() AS s'))[0]?.s === 'paused', { what: 'replay paused' });
      expect(await post(replicaReader, [3], 'invoice')).toBe(200);
      // Stored on the primary (status reads the primary's tree state) …
      expect(await treeSize(replicaReader)).toBe(3);
      expect((await primaryClient.query("SELECT record_id FROM records WHERE body LIKE '%invoice%'")).rows).toEqual([{ record_id: 'dev-1/msg-3' }]);
      // … the replica-reading server does not see it yet; the control server, reading the primary, does.
      expect(await search(replicaReader, 'invoice')).toEqual([]);
      expect(await search(primaryOnly, 'invoice')).toEqual(['dev-1/msg-3']);
      const view = await fetch(`${replicaReader.url}/v1/records/${encodeURIComponent('dev-1/msg-3')}`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
      expect(view.status).toBe(404);
      const viewPrimary = await fetch(`${primaryOnly.url}/v1/records/${encodeURIComponent('dev-1/msg-3')}`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
      expect(viewPrimary.status).toBe(200);
      // Reports read the replica too: the yearly review counts 2 records there, 3 on the control.
      const totalRecords = async (s: ServeProcess) => {
        const res = await fetch(`${s.url}/v1/review-report`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as { retention: { totalRecords: number } }).retention.totalRecords;
      };
      expect(await totalRecords(replicaReader)).toBe(2);
      expect(await totalRecords(primaryOnly)).toBe(3);

      await standby.resumeReplay();
      await waitFor(async () => (await search(replicaReader, 'invoice')).length === 1, { timeoutMs: 30_000, what: 'the replica to catch up' });
      expect(await search(replicaReader, 'invoice')).toEqual(['dev-1/msg-3']);
    } finally {
      await primaryClient.end();
    }
  });

  it('refuses a --read-db that is not a standby, naming the problem', { timeout: SLOW }, async () => {
    const res = await retentionCli(['serve', '--db', db, '--read-db', db, '--port', '0', '--signing-key', join(dir, 'tree-heads.pem'), '--console', 'off'], { RETENTION_STATE_DIR: dir });
    expect(res.code).toBe(2);
    expect(res.stderr + res.stdout).toMatch(/is not a standby \(pg_is_in_recovery\(\) is false\)/);
  });
});
