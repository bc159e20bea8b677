import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalRecordSchema } from '../../../shared/journal/record';
import { DEFAULT_RECORDS_NOTICE } from '../../../shared/policy/schema';
import { draftFor, finalizeRecord } from '../journal/records';
import { createNoticeStore, noticeAckRecord, noticeDueAt, noticeReason, noticeRequired, noticeTextHash } from './notice';

const policy = { RecordsNoticeText: DEFAULT_RECORDS_NOTICE, RecordsNoticeIntervalDays: 365 };
const now = new Date('2026-06-01T12:00:00Z');
const ack = (at: string, text = DEFAULT_RECORDS_NOTICE) => ({ at, textHash: noticeTextHash(text) });

describe('noticeRequired', () => {
  it('is required at first use', () => {
    expect(noticeRequired(policy, null, now)).toBe(true);
  });
  it('is not required within the interval and is again after it', () => {
    expect(noticeRequired(policy, ack('2025-06-02T12:00:00Z'), now)).toBe(false);
    expect(noticeRequired(policy, ack('2025-06-01T12:00:00Z'), now)).toBe(true);
    expect(noticeRequired({ ...policy, RecordsNoticeIntervalDays: 30 }, ack('2026-05-01T12:00:00Z'), now)).toBe(true);
    expect(noticeDueAt(policy, ack('2025-06-02T12:00:00Z')).toISOString()).toBe('2026-06-02T12:00:00.000Z');
  });
  it('is required when the text changes, but not for line-ending or spacing differences', () => {
    expect(noticeRequired({ ...policy, RecordsNoticeText: 'New text.' }, ack('2026-05-01T00:00:00Z'), now)).toBe(true);
    const crlf = `  ${DEFAULT_RECORDS_NOTICE.replace(/\n/g, '\r\n')}\n`;
    expect(noticeRequired({ ...policy, RecordsNoticeText: crlf }, ack('2026-05-01T00:00:00Z'), now)).toBe(false);
  });
  it('distrusts unreadable or future timestamps', () => {
    expect(noticeRequired(policy, ack('yesterday'), now)).toBe(true);
    expect(noticeRequired(policy, ack('2027-01-01T00:00:00Z'), now)).toBe(true);
  });
  it('says why it is due', () => {
    expect(noticeReason(policy, null, now)).toBe('first');
    expect(noticeReason(policy, ack('2025-01-01T00:00:00Z'), now)).toBe('expired');
    expect(noticeReason({ ...policy, RecordsNoticeText: 'New.' }, ack('2026-05-01T00:00:00Z'), now)).toBe('changed');
    expect(noticeReason(policy, ack('2026-05-01T00:00:00Z'), now)).toBeNull();
  });
  it('accepts an EffectivePolicy-like object', () => {
    expect(noticeRequired({ values: policy }, ack('2026-05-01T00:00:00Z'), now)).toBe(false);
  });
});

describe('notice store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'notice-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('records acknowledgements per account, privately', async () => {
    const file = join(dir, 'sub', 'notice.json');
    const store = createNoticeStore(file);
    expect(await store.last('alice@example.gov')).toBeNull();
    const a = await store.acknowledge('Alice@Example.gov', DEFAULT_RECORDS_NOTICE, now);
    expect(await store.last('alice@example.gov')).toEqual(a);
    expect(await store.last('bob@example.gov')).toBeNull();
    expect(noticeRequired(policy, a, now)).toBe(false);
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });

  it('reads a corrupt file as no acknowledgement (the notice is shown again)', async () => {
    const file = join(dir, 'notice.json');
    await writeFile(file, '{"version":1,"acks":{"alice@example.gov":{"at":1}}}');
    expect(await createNoticeStore(file).last('alice@example.gov')).toBeNull();
    await writeFile(file, 'garbage');
    expect(await createNoticeStore(file).last('alice@example.gov')).toBeNull();
  });

  it('reads the file once: later questions (every send asks) are answered from memory, acknowledgements included', async () => {
    const file = join(dir, 'notice.json');
    const store = createNoticeStore(file);
    expect(await store.last('alice@example.gov')).toBeNull();
    const a = await store.acknowledge('alice@example.gov', DEFAULT_RECORDS_NOTICE, now);
    await writeFile(file, 'garbage');
    expect(await store.last('alice@example.gov')).toEqual(a);
    // A new store (the next run) reads the file again.
    expect(await createNoticeStore(file).last('alice@example.gov')).toBeNull();
  });

  it('serialises concurrent acknowledgements', async () => {
    const store = createNoticeStore(join(dir, 'n.json'));
    await Promise.all(['a@x.gov', 'b@x.gov', 'c@x.gov'].map((u) => store.acknowledge(u, 'text', now)));
    for (const u of ['a@x.gov', 'b@x.gov', 'c@x.gov']) expect(await store.last(u)).not.toBeNull();
  });
});

describe('noticeAckRecord', () => {
  it('produces the fields of a valid notice-ack journal record', () => {
    const a = ack('2026-06-01T12:00:00.000Z');
    const fields = noticeAckRecord(a, { ...policy, PolicyVersion: '2026.1' });
    const record = finalizeRecord(draftFor('notice-ack', fields, 'alice@example.gov'), { deviceId: 'd1', seq: 1, recordedAt: a.at, policyHash: 'h' });
    expect(JournalRecordSchema.safeParse(record).success).toBe(true);
    expect(record.meta?.textHash).toBe(a.textHash);
    expect(record.body).toBe(DEFAULT_RECORDS_NOTICE);
  });
});
