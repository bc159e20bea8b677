/**
 * Test fixtures for the retention server: records and batches, and a store harness that opens a fresh
 * SQLite file or a fresh database on a throwaway PostgreSQL cluster, with "attacker" operations that
 * bypass the immutability guards the way someone with direct database access could.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BatchEntry, JournalBatchRequest } from '../../shared/journal/api';
import type { JournalRecord } from '../../shared/journal/record';
import { batchSigningText, DEVICE_HEADER, SIGNATURE_HEADER } from '../../shared/journal/enrollment';
import { postgresAvailable, startPostgres, type TestPostgres } from '../../test/support/postgres';
import { contentHash } from '../hash';
import { PostgresStore } from '../store/postgres';
import { SqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';

/** The record id makeRecord gives: in its device's id space (`<deviceId>/…`), as the server requires. */
export const rid = (seq: number, deviceId = 'device-a'): string => `${deviceId}/msg-${seq}`;

export function makeRecord(seq: number, over: Partial<JournalRecord> = {}): JournalRecord {
  const deviceId = over.deviceId ?? 'device-a';
  const sentAt = over.sentAt ?? new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString();
  return {
    recordId: rid(seq, deviceId),
    deviceId,
    seq,
    conversation: 'bob@agency.example.gov',
    conversationType: 'chat',
    direction: 'out',
    sender: 'alice@agency.example.gov',
    recipients: ['bob@agency.example.gov'],
    sentAt,
    recordedAt: new Date(Date.parse(sentAt) + 5).toISOString(),
    kind: 'message',
    body: `message number ${seq} about the quarterly budget`,
    policyHash: 'policy-hash-1',
    ...over,
  };
}

export function entry(record: JournalRecord): BatchEntry {
  return { record, hash: contentHash(record) };
}

export function batch(records: JournalRecord[], batchId = `batch-${records.map((r) => r.recordId).join(',')}`): JournalBatchRequest {
  return { batchId, records: records.map(entry) };
}

/** A device enrolled straight into a store (the XMPP exchange is tested in test/integration/enrollment.test.ts). */
export interface TestDevice {
  deviceId: string;
  jid: string;
  /** The signed-batch headers for this batch. */
  headers(batch: JournalBatchRequest): Record<string, string>;
}

export async function enrollTestDevice(store: Store, deviceId: string, jid = 'alice@agency.example.gov', firstEnrolledAt = '2024-01-01T00:00:00.000Z'): Promise<TestDevice> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const at = new Date().toISOString();
  await store.deviceRegistry().bindDevice(
    { deviceId, jid, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), state: 'active', enrolledAt: at, firstEnrolledAt, lastSeen: null, clientVersion: 'test', revokedAt: null },
    { at, deviceId, event: 'enrolled', jid, detail: {} },
  );
  return {
    deviceId,
    jid,
    headers: (b) => ({ [DEVICE_HEADER]: deviceId, [SIGNATURE_HEADER]: sign(null, Buffer.from(batchSigningText(deviceId, b), 'utf8'), privateKey).toString('base64') }),
  };
}

/** Signed-batch headers for a request body, enrolling the body's device (bound to alice) on first use. */
export function deviceSigner(store: () => Store): (body: unknown) => Promise<Record<string, string>> {
  const devices = new Map<string, Promise<TestDevice>>();
  let forStore: Store | null = null;
  return async (body) => {
    if (forStore !== store()) devices.clear();
    forStore = store();
    const b = body as Partial<JournalBatchRequest> | null;
    const deviceId = typeof body === 'object' && b && Array.isArray(b.records) ? (b.records[0] as BatchEntry | undefined)?.record?.deviceId : undefined;
    if (typeof deviceId !== 'string' || typeof b?.batchId !== 'string') return {};
    if (!devices.has(deviceId)) devices.set(deviceId, enrollTestDevice(forStore, deviceId));
    return (await devices.get(deviceId)!).headers(b as JournalBatchRequest);
  };
}

/** Direct database access that bypasses the guards (what an attacker with the DB could do). */
export interface Attacker {
  /** Run SQL with the immutability guards bypassed. */
  sqlUnguarded(sql: string, args?: unknown[]): Promise<void>;
  /** Run SQL as the application would (guards on); rejects when a guard refuses. */
  sql(sql: string, args?: unknown[]): Promise<void>;
  /** $1-style placeholders are rewritten to ? for SQLite. */
  readonly kind: 'sqlite' | 'postgres';
}

export interface OpenedStore {
  store: Store;
  attacker: Attacker;
  /** The --db value for the CLI. */
  db: string;
  dir: string;
  cleanup(): Promise<void>;
}

export interface StoreHarness {
  kind: 'sqlite' | 'postgres';
  available: boolean;
  /** For describe titles: the kind, plus why it is skipped when unavailable. */
  title: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(): Promise<OpenedStore>;
}

const toSqlite = (sql: string) => sql.replace(/\$\d+/g, '?');

export function sqliteHarness(): StoreHarness {
  return {
    kind: 'sqlite',
    available: true,
    title: 'sqlite',
    setup: async () => {},
    teardown: async () => {},
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'retention-test-'));
      const file = join(dir, 'records.db');
      const store = new SqliteStore(file);
      await store.migrate();
      const attacker: Attacker = {
        kind: 'sqlite',
        sql: async (sql, args = []) => {
          const db = new Database(file);
          try {
            db.prepare(toSqlite(sql)).run(...args);
          } finally {
            db.close();
          }
        },
        sqlUnguarded: async (sql, args = []) => {
          const db = new Database(file);
          try {
            const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_%'").all() as { name: string; sql: string }[];
            db.transaction(() => {
              for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
              db.prepare(toSqlite(sql)).run(...args);
              for (const t of triggers) db.exec(t.sql); // put the guards back, as a careful attacker would
            })();
          } finally {
            db.close();
          }
        },
      };
      return {
        store,
        attacker,
        db: `sqlite:${file}`,
        dir,
        cleanup: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function postgresHarness(): StoreHarness {
  let cluster: TestPostgres | undefined;
  let n = 0;
  return {
    kind: 'postgres',
    available: postgresAvailable(),
    title: postgresAvailable() ? 'postgres' : 'postgres (SKIPPED: no PostgreSQL server binaries; install postgresql or set PG_BIN)',
    setup: async () => {
      cluster = await startPostgres();
    },
    teardown: async () => {
      await cluster?.stop();
    },
    open: async () => {
      if (!cluster) throw new Error('postgres harness not set up');
      const url = await cluster.createDatabase(`retention_${process.pid}_${++n}`);
      const dir = mkdtempSync(join(tmpdir(), 'retention-test-'));
      const store = new PostgresStore(url);
      await store.migrate();
      const run = async (sql: string, args: unknown[], unguarded: boolean) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('BEGIN');
          // A superuser can switch triggers off for its session: the attack the signed tree heads catch.
          if (unguarded) await client.query('SET LOCAL session_replication_role = replica');
          await client.query(sql, args);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          await client.end();
        }
      };
      return {
        store,
        attacker: { kind: 'postgres', sql: (s, a = []) => run(s, a, false), sqlUnguarded: (s, a = []) => run(s, a, true) },
        db: url,
        dir,
        cleanup: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const harnesses = (): StoreHarness[] => [sqliteHarness(), postgresHarness()];
