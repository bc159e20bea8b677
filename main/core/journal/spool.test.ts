import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMemoryStore } from '../credentials/credentialStore';
import { silentLogger } from '../log';
import { openSpool, SPOOL_FILE, type AppendRequest } from './spool';
import { draftFor, finalizeRecord } from './records';
import { JournalRecordSchema, recordHash } from '../../../shared/journal/record';
import { sha256Hex } from './crypto';

const SECRET_BODY = 'Quarterly figures: the Bluebird contract is 4,200,000';

function req(deviceId: string, id: string, body = SECRET_BODY): AppendRequest {
  const draft = draftFor(
    'message',
    { message: { id, conversation: 'bob@example.gov', conversationType: 'chat', direction: 'out', from: 'alice@example.gov', body, sentAt: '2030-01-02T03:04:05.000Z', state: 'pending' } },
    'alice@example.gov',
  );
  return {
    recordId: `${deviceId}/out/${id}`,
    build: (seq, dev) => finalizeRecord(draft, { deviceId: dev, seq, recordedAt: '2030-01-02T03:04:06.000Z', policyHash: 'p' }),
  };
}

const dir = () => mkdtempSync(join(tmpdir(), 'aim-spool-'));

describe('spool', () => {
  it('appends durably with per-device sequence numbers, dedupes by record id, and survives a reopen', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    expect(dev).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const r1 = s.append([req(dev, 'm1'), req(dev, 'm2'), req(dev, 'm1')], 1000);
    expect(r1.map((r) => [r.seq, r.duplicate])).toEqual([
      [1, false],
      [2, false],
      [1, true],
    ]);
    expect(s.pendingCount()).toBe(2);
    expect(s.oldestPendingMs()).toBe(1000);
    const batch = s.readBatch(10, 1e6);
    expect(batch.map((e) => e.seq)).toEqual([1, 2]);
    for (const e of batch) {
      expect(JournalRecordSchema.parse(e.record)).toEqual(e.record);
      expect(e.hash).toBe(recordHash(e.record, sha256Hex));
    }
    s.ack([batch[0]!.recordId], 2000);
    expect(s.pendingCount()).toBe(1);
    // An acknowledged id is remembered (tombstone): a replay is not journaled again, and seq never goes back.
    expect(s.append([req(dev, 'm1'), req(dev, 'm3')], 3000).map((r) => [r.seq, r.duplicate])).toEqual([
      [0, true],
      [3, false],
    ]);
    s.close();

    const again = await openSpool(d, keys, silentLogger);
    expect(again.deviceId).toBe(dev);
    expect(again.pendingCount()).toBe(2);
    expect(again.readBatch(10, 1e6).map((e) => e.record.meta?.messageId)).toEqual(['m2', 'm3']);
    expect(again.append([req(dev, 'm4')], 4000)[0]!.seq).toBe(4);
    again.close();
  });

  it('keeps entries encrypted at rest: no body, no JID in the files', async () => {
    const d = dir();
    const s = await openSpool(d, createMemoryStore(), silentLogger);
    s.append([req(s.deviceId, 'm1')], 1);
    const files = readdirSync(d).map((f) => readFileSync(join(d, f)));
    const all = Buffer.concat(files).toString('latin1');
    expect(all).not.toContain('Bluebird');
    expect(all).not.toContain('bob@example.gov');
    s.close();
  });

  it('quarantines an entry whose bytes were altered and still delivers the others', async () => {
    const d = dir();
    const s = await openSpool(d, createMemoryStore(), silentLogger);
    const dev = s.deviceId;
    s.append([req(dev, 'a'), req(dev, 'b'), req(dev, 'c')], 1);
    s.maintain?.(); // the index written, as the journal has it written after each commit
    const raw = new Database(join(d, SPOOL_FILE));
    const row = raw.prepare('SELECT frame FROM entries WHERE seq = 2').get() as { frame: Buffer };
    row.frame[20] = row.frame[20]! ^ 0xff;
    raw.prepare('UPDATE entries SET frame = ? WHERE seq = 2').run(row.frame);
    raw.close();
    expect(s.readBatch(10, 1e6).map((e) => e.seq)).toEqual([1, 3]);
    expect(s.quarantinedCount()).toBe(1);
    expect(s.pendingCount()).toBe(2);
    s.close();
  });

  it('after a crash with a torn write at the tail of the log, keeps every earlier committed entry', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    for (const id of ['t1', 't2', 't3']) {
      s.append([req(dev, id)], 1); // three commits, each indexed (the journal runs maintain after each)
      s.maintain?.();
    }
    // Snapshot the files as a power cut would leave them (the connection is still open: nothing checkpointed).
    const crash = dir();
    copyFileSync(join(d, SPOOL_FILE), join(crash, SPOOL_FILE));
    copyFileSync(join(d, `${SPOOL_FILE}-wal`), join(crash, `${SPOOL_FILE}-wal`));
    const garbage = dir();
    copyFileSync(join(d, SPOOL_FILE), join(garbage, SPOOL_FILE));
    copyFileSync(join(d, `${SPOOL_FILE}-wal`), join(garbage, `${SPOOL_FILE}-wal`));
    s.close();

    // The last commit's final frame only half written.
    const wal = join(crash, `${SPOOL_FILE}-wal`);
    truncateSync(wal, statSync(wal).size - 1000);
    const torn = await openSpool(crash, keys, silentLogger);
    expect(torn.deviceId).toBe(dev);
    expect(torn.readBatch(10, 1e6).map((e) => e.record.meta?.messageId)).toEqual(['t1', 't2']);
    // The sequence counter rolled back with the lost commit: the next entry reuses no delivered seq.
    expect(torn.append([req(dev, 't4')], 2)[0]!.seq).toBe(3);
    torn.close();

    // A partial frame appended after the last commit is ignored.
    appendFileSync(join(garbage, `${SPOOL_FILE}-wal`), Buffer.alloc(3000, 0x5a));
    const g = await openSpool(garbage, keys, silentLogger);
    expect(g.readBatch(10, 1e6).map((e) => e.record.meta?.messageId)).toEqual(['t1', 't2', 't3']);
    g.close();
  });

  it('moves a spool aside (never deletes it) when its key is gone from the credential store', async () => {
    const d = dir();
    const s = await openSpool(d, createMemoryStore(), silentLogger);
    const dev = s.deviceId;
    s.append([req(dev, 'x'), req(dev, 'y'), req(dev, 'z')], 1);
    s.ack([`${dev}/out/x`, `${dev}/out/y`], 2);
    s.close();
    const fresh = await openSpool(d, createMemoryStore(), silentLogger, 42);
    expect(fresh.deviceId).not.toBe(dev);
    expect(fresh.pendingCount()).toBe(0);
    expect(readdirSync(d)).toContain('spool-orphaned-42.db');
    // Never silent: the new spool reports the old device id and its last acknowledged sequence number.
    expect(fresh.alerts).toEqual([{ alert: 'spool-key-lost', details: { oldDeviceId: dev, lastAckedSeq: '2', unsentEntries: '1' } }]);
    fresh.close();
  });

  it('reports no alert when the key is there (control)', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    s.append([req(s.deviceId, 'x')], 1);
    s.close();
    const again = await openSpool(d, keys, silentLogger);
    expect(again.alerts).toEqual([]);
    expect(again.pendingCount()).toBe(1);
    again.close();
  });

  it('refuses to open when the credential store fails (the journal then blocks sending)', async () => {
    const failing = { get: async () => Promise.reject(new Error('no keyring')), set: async () => Promise.reject(new Error('no keyring')) };
    await expect(openSpool(dir(), failing, silentLogger)).rejects.toThrow(/credential store/);
  });
});
