import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '../credentials/credentialStore';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { openSpool, SPOOL_FILE, type AppendRequest } from './spool';
import { encodeEntry, logFileName, scanFrames } from './spoolLog';
import { draftFor, finalizeRecord } from './records';

function req(deviceId: string, id: string, body = `body of ${id}`): AppendRequest {
  const draft = draftFor(
    'message',
    { message: { id, conversation: 'bob@example.gov', conversationType: 'chat', direction: 'out', from: 'alice@example.gov', body, sentAt: '2030-01-02T03:04:05.000Z', state: 'pending' } },
    'alice@example.gov',
  );
  return { recordId: `${deviceId}/out/${id}`, build: (seq, dev) => finalizeRecord(draft, { deviceId: dev, seq, recordedAt: '2030-01-02T03:04:06.000Z', policyHash: 'p' }) };
}

const dir = () => mkdtempSync(join(tmpdir(), 'aim-spoollog-'));
const ids = (s: { readBatch(n: number, b: number): { record: { meta?: { messageId?: string } } }[] }) => s.readBatch(100, 1e9).map((e) => e.record.meta?.messageId);
/** A copy of the spool's files as a crash leaves them (taken while the spool is open). */
function snapshot(from: string): string {
  const to = dir();
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
  return to;
}
function recordingLogger(): Logger & { events: { event: string; fields: Record<string, unknown> }[] } {
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const push = (event: string, fields: Record<string, unknown> = {}) => void events.push({ event, fields });
  return { events, debug: push, info: push, warn: push, error: push } as unknown as Logger & { events: typeof events };
}

describe('the spool commit log', () => {
  it('frames round-trip; a frame cut short or with one byte changed is reported as the torn tail, never read as a record', () => {
    const e = { seq: 7, recordId: 'dev/out/x', createdMs: 5, frame: Buffer.from('sealed bytes'), checksum: Buffer.alloc(16, 3), aliases: ['a1'] };
    const two = Buffer.concat([encodeEntry(e), encodeEntry({ ...e, seq: 8, recordId: 'dev/out/y' })]);
    const good = scanFrames(two, 0);
    expect(good.tornAt).toBeNull();
    expect(good.entries.map((x) => [x.entry.seq, x.entry.recordId, x.entry.frame.toString()])).toEqual([
      [7, 'dev/out/x', 'sealed bytes'],
      [8, 'dev/out/y', 'sealed bytes'],
    ]);
    const first = encodeEntry(e).length;
    expect(scanFrames(two.subarray(0, two.length - 3), 0)).toMatchObject({ tornAt: first });
    for (const at of [first + 2, first + 9, first + 20, two.length - 1]) {
      const bad = Buffer.from(two);
      bad[at] = bad[at]! ^ 0x01;
      const r = scanFrames(bad, 0);
      expect(r.entries.map((x) => x.entry.seq)).toEqual([7]);
      expect(r.tornAt).toBe(first);
    }
  });

  it('each append is in the log when it returns; the index lost with a crash is rebuilt from it (control: the intact copy)', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    // The WAL as the spool's durable setup left it (device id, key check: fsync'd).
    const setupWal = statSync(join(d, `${SPOOL_FILE}-wal`)).size;
    for (const id of ['t1', 't2', 't3']) {
      s.append([req(dev, id)], 1);
      s.maintain?.(); // indexed, as the journal has it after each commit
    }
    expect(statSync(join(d, logFileName(1))).size).toBeGreaterThan(0);
    const intact = snapshot(d);
    const walLost = snapshot(d);
    const indexGone = snapshot(d);
    s.close();

    const a = await openSpool(intact, keys, silentLogger);
    expect(ids(a)).toEqual(['t1', 't2', 't3']);
    a.close();
    // The index's last commits lost (as synchronous=NORMAL may lose them in a power cut): the log has them.
    const wal = join(walLost, `${SPOOL_FILE}-wal`);
    truncateSync(wal, statSync(wal).size - 1000);
    const log = recordingLogger();
    const b = await openSpool(walLost, keys, log);
    expect(ids(b)).toEqual(['t1', 't2', 't3']);
    expect(log.events.some((e) => e.event === 'journal.spool-log-indexed')).toBe(true);
    expect(b.append([req(dev, 't4'), req(dev, 't3')], 2).map((r) => [r.seq, r.duplicate])).toEqual([
      [4, false],
      [0, true],
    ]);
    b.close();
    // Every index commit since the setup lost: the same.
    truncateSync(join(indexGone, `${SPOOL_FILE}-wal`), setupWal);
    const c = await openSpool(indexGone, keys, silentLogger);
    expect(c.deviceId).toBe(dev);
    expect(ids(c)).toEqual(['t1', 't2', 't3']);
    c.close();
  });

  it('records the index has not caught up with yet are deduped, counted, read and survive a crash (control: indexed ones alike)', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    s.append([req(dev, 'i1')], Date.now());
    s.maintain?.();
    const withAlias = { ...req(dev, 'n1'), aliases: ['sid:archive:77'] };
    expect(s.append([withAlias], Date.now()).map((r) => r.duplicate)).toEqual([false]);
    // Not indexed yet: the same id, or another id with the same alias, is still a duplicate.
    expect(s.append([req(dev, 'n1'), { ...req(dev, 'n2'), aliases: ['sid:archive:77'] }, req(dev, 'i1')], Date.now()).map((r) => r.duplicate)).toEqual([true, true, true]);
    expect(s.pendingCount()).toBe(2);
    const crash = snapshot(d);
    expect(ids(s)).toEqual(['i1', 'n1']);
    s.close();
    const again = await openSpool(crash, keys, silentLogger);
    expect(ids(again)).toEqual(['i1', 'n1']);
    expect(again.append([{ ...req(dev, 'n3'), aliases: ['sid:archive:77'] }, req(dev, 'n4')], Date.now()).map((r) => [r.seq, r.duplicate])).toEqual([
      [0, true],
      [3, false],
    ]);
    again.close();
  });

  it('a torn tail after a crash is detected, kept aside and dropped; every committed record stays, none corrupted', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    for (const id of ['t1', 't2']) s.append([req(dev, id)], 1);
    const crash = snapshot(d);
    const lateIndex = snapshot(d);
    s.append([req(dev, 't3')], 1);
    const full = readFileSync(join(d, logFileName(1)));
    s.close();
    const lenBefore = statSync(join(crash, logFileName(1))).size;
    // A third commit whose write was cut short (the power went before its fdatasync returned).
    appendFileSync(join(crash, logFileName(1)), full.subarray(lenBefore, full.length - 7));
    const log = recordingLogger();
    const t = await openSpool(crash, keys, log);
    expect(ids(t)).toEqual(['t1', 't2']);
    expect(t.quarantinedCount()).toBe(0);
    const torn = log.events.find((e) => e.event === 'journal.spool-log-torn');
    expect(torn?.fields).toMatchObject({ offset: lenBefore, bytes: full.length - 7 - lenBefore });
    expect(readdirSync(crash).some((f) => f.startsWith(`${logFileName(1)}.torn-`))).toBe(true);
    expect(statSync(join(crash, logFileName(1))).size).toBe(lenBefore);
    // The log goes on after the cut, and a reopen reads it whole.
    expect(t.append([req(dev, 't3b')], 2)[0]!.seq).toBe(3);
    t.close();
    const again = await openSpool(crash, keys, silentLogger);
    expect(ids(again)).toEqual(['t1', 't2', 't3b']);
    again.close();

    // A frame past the index's offset with one byte changed: dropped as damaged, not indexed as a record.
    const whole = Buffer.from(full.subarray(lenBefore));
    whole[whole.length - 30] = whole[whole.length - 30]! ^ 0x10;
    appendFileSync(join(lateIndex, logFileName(1)), whole);
    const log2 = recordingLogger();
    const u = await openSpool(lateIndex, keys, log2);
    expect(ids(u)).toEqual(['t1', 't2']);
    expect(u.quarantinedCount()).toBe(0);
    expect(log2.events.some((e) => e.event === 'journal.spool-log-torn')).toBe(true);
    u.close();
  });

  it('maintain() starts a new log once the old one is large and indexed durably; nothing is lost across it', async () => {
    const d = dir();
    const keys = createMemoryStore();
    const s = await openSpool(d, keys, silentLogger);
    const dev = s.deviceId;
    const big = 'x'.repeat(20_000);
    for (let i = 0; i < 60; i++) s.append([req(dev, `r${i}`, big)], 1);
    expect(statSync(join(d, logFileName(1))).size).toBeGreaterThan(1024 * 1024);
    s.maintain?.();
    expect(readdirSync(d).filter((f) => f.startsWith('spool-log-'))).toEqual([logFileName(2)]);
    s.append([req(dev, 'after')], 2);
    const crash = snapshot(d);
    s.close();
    const again = await openSpool(crash, keys, silentLogger);
    const got = ids(again);
    expect(got).toHaveLength(61);
    expect(got.at(-1)).toBe('after');
    again.close();
  });
});
