import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JournalBatchRequest } from '../../../shared/journal/api';
import { JournalStatusSchema, type ChatMessage, type JournalStatus } from '../../../shared/ipc/types';
import { createMemoryStore } from '../credentials/credentialStore';
import { silentLogger } from '../log';
import { Journal, journalConfigFromPolicy, type JournalConfig } from './journal';
import { evaluatePolicy } from '../../../shared/policy/evaluate';
import { openSpool, type SpoolStorage } from './spool';
import type { BatchTransport, TransportResponse } from './transport';

/** The retention server's ingest semantics, in memory: receipts, duplicates, 409 on a different hash. */
class FakeServer implements BatchTransport {
  stored = new Map<string, string>();
  batches: JournalBatchRequest[] = [];
  down = false;
  status: number | null = null;
  async post(batch: JournalBatchRequest): Promise<TransportResponse> {
    this.batches.push(batch);
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (this.status) return { status: this.status, body: { error: 'nope' } };
    const receipts = [];
    const conflicts = [];
    for (const { record, hash } of batch.records) {
      const had = this.stored.get(record.recordId);
      if (had && had !== hash) {
        conflicts.push({ recordId: record.recordId, hash, status: 'conflict' });
        continue;
      }
      this.stored.set(record.recordId, hash);
      receipts.push({ recordId: record.recordId, hash, status: had ? 'duplicate' : 'stored', leafIndex: 0, storedAt: new Date().toISOString() });
    }
    if (conflicts.length) return { status: 409, body: { error: 'conflict', batchId: batch.batchId, receipts, conflicts } };
    return { status: 200, body: { batchId: batch.batchId, receipts } };
  }
  /** Enrollment: any device enrolls at once (the real exchange is tested in test/integration/enrollment.test.ts). */
  async request(path: string): Promise<TransportResponse> {
    if (path.endsWith('/complete')) return { status: 200, body: { deviceId: 'd', jid: 'alice@example.gov', state: 'active' } };
    return { status: 201, body: { enrollmentId: 'e-1', challenge: 'c'.repeat(43), sendTo: 'retention@example.gov', expiresAt: new Date().toISOString() } };
  }
  close() {}
}

const noProof = { sendEnrollmentProof: async () => {} };

const msg = (id: string, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  conversation: 'bob@example.gov',
  conversationType: 'chat',
  direction: 'out',
  from: 'alice@example.gov',
  body: `body ${id}`,
  sentAt: new Date().toISOString(),
  state: 'pending',
  ...over,
});

const opened: Journal[] = [];
afterEach(async () => {
  for (const j of opened.splice(0)) await j.close();
});

function setup(cfg: Partial<JournalConfig> = {}, extra: { storage?: (s: SpoolStorage) => SpoolStorage; now?: () => number } = {}) {
  const server = new FakeServer();
  const statuses: JournalStatus[] = [];
  const config: JournalConfig = { ...journalConfigFromPolicy(evaluatePolicy([], { developmentBuild: true }).values), url: 'http://127.0.0.1:1', token: 't'.repeat(20), ...cfg };
  const journal = new Journal({
    dir: mkdtempSync(join(tmpdir(), 'aim-journal-')),
    keys: createMemoryStore(),
    log: silentLogger,
    config: () => config,
    policyHash: () => 'policy-hash',
    onStatus: (s) => statuses.push(s),
    transport: () => server,
    enrollmentProof: noProof,
    uploader: { backoffBaseMs: 20, backoffCapMs: 50 },
    ...(extra.now ? { now: extra.now } : {}),
    ...(extra.storage ? { openStorage: async (d, k, l) => extra.storage!(await openSpool(d, k, l)) } : {}),
  });
  opened.push(journal);
  journal.setAccount('alice@example.gov');
  return { journal, server, statuses, config };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('journal', () => {
  it('group-commits concurrent appends into one transaction and uploads them with receipts', async () => {
    let transactions = 0;
    const { journal, server, statuses } = setup({}, { storage: (s) => Object.assign(Object.create(s) as SpoolStorage, { append: (...a: Parameters<SpoolStorage['append']>) => (transactions++, s.append(...a)) }) });
    await journal.start();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append('message', { message: msg(`m${i}`) })));
    expect(transactions).toBe(1);
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await until(() => journal.status().pending === 0);
    expect(server.stored.size).toBe(50);
    // A replay of the same stanza (resume, carbon) is not journaled again, even after the upload.
    expect((await journal.append('message', { message: msg('m3') })).duplicate).toBe(true);
    await until(() => statuses.at(-1)?.state === 'connected');
  });

  it('resolves an append once its record is in the spool’s log; the index is written afterwards, off the send path', async () => {
    const events: string[] = [];
    const { journal } = setup({ url: '' }, {
      storage: (s) => {
        const append = s.append.bind(s);
        const maintain = s.maintain!.bind(s);
        s.append = (...a) => (events.push('append'), append(...a));
        s.maintain = () => (events.push('maintain'), maintain());
        return s;
      },
    });
    await journal.start();
    await journal.append('message', { message: msg('x1') });
    // Resolved: durable in the log, not yet indexed; the record is already counted and readable.
    expect(events).toEqual(['append']);
    expect(journal.status().pending).toBe(1);
    await until(() => events.includes('maintain'));
    expect(events).toEqual(['append', 'maintain']);
    expect(journal.pending().map((r) => r.meta?.messageId)).toEqual(['x1']);
  });

  it('fail-open-spooled: keeps sending while the server is down, and delivers everything after it comes back', async () => {
    const { journal, server, statuses } = setup();
    await journal.start();
    server.down = true;
    for (let i = 0; i < 5; i++) await journal.append('message', { message: msg(`d${i}`) });
    await until(() => journal.status().message?.includes('cannot be reached') ?? false);
    expect(journal.status()).toMatchObject({ state: 'pending', pending: 5, failMode: 'fail-open-spooled' });
    server.down = false;
    await until(() => journal.status().pending === 0);
    expect([...server.stored.keys()].length).toBe(5);
    expect(journal.status().state).toBe('connected');
    await until(() => statuses.at(-1)?.state === 'connected');
    expect(statuses.map((s) => s.state)).toContain('pending');
    for (const s of statuses) expect(JournalStatusSchema.safeParse(s).success).toBe(true); // what the IPC event sink accepts
  });

  it('fail-closed: stops outbound sends over the backlog record limit, keeps journaling inbound, and resumes on recovery', async () => {
    const { journal, server } = setup({ failMode: 'fail-closed', maxBacklogRecords: 3 });
    await journal.start();
    server.down = true;
    for (let i = 0; i < 3; i++) await journal.append('message', { message: msg(`c${i}`) });
    await expect(journal.append('message', { message: msg('c3') })).rejects.toThrow(/Sending is stopped: 3 message records have not reached the retention server, and policy/);
    expect(journal.status().state).toBe('blocked');
    await journal.append('message', { message: msg('in1', { direction: 'in', from: 'bob@example.gov' }) }); // receiving is not stopped
    server.down = false;
    await journal.append('message', { message: msg('c4') }); // the send itself retries the server before refusing
    await until(() => journal.status().pending === 0);
    expect(journal.status().state).toBe('connected');
    expect(server.stored.size).toBe(5);
  });

  it('fail-closed: stops once the oldest unacknowledged record is older than the age limit', async () => {
    let now = Date.now();
    const { journal, server } = setup({ failMode: 'fail-closed', maxBacklogAgeMinutes: 10 }, { now: () => now });
    await journal.start();
    server.down = true;
    await journal.append('message', { message: msg('a1') });
    now += 9 * 60_000;
    await journal.append('message', { message: msg('a2') });
    now += 2 * 60_000;
    await expect(journal.append('message', { message: msg('a3') })).rejects.toThrow(/the oldest for 11 minutes/);
    expect(journal.status()).toMatchObject({ state: 'blocked', pending: 2, oldestPendingAgeSeconds: 660 });
  });

  it('stops sending in either mode when the spool cannot be written, and recovers when it can', async () => {
    for (const failMode of ['fail-open-spooled', 'fail-closed'] as const) {
      let full = false;
      const { journal } = setup(
        { failMode },
        {
          storage: (s) =>
            Object.assign(Object.create(s) as SpoolStorage, {
              append: (...a: Parameters<SpoolStorage['append']>) => {
                if (full) throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
                return s.append(...a);
              },
            }),
        },
      );
      await journal.start();
      await journal.append('message', { message: msg('ok1') });
      full = true;
      await expect(journal.append('message', { message: msg('no1') })).rejects.toThrow(/cannot be written to the local journal/);
      expect(journal.status()).toMatchObject({ state: 'blocked', failMode });
      full = false;
      await journal.append('message', { message: msg('ok2') });
      expect(journal.status().state).not.toBe('blocked');
    }
  });

  it('blocks sending when the spool cannot be opened (no credential store)', async () => {
    const journal = new Journal({
      dir: mkdtempSync(join(tmpdir(), 'aim-journal-')),
      keys: { get: () => Promise.reject(new Error('locked')), set: () => Promise.reject(new Error('locked')) },
      log: silentLogger,
      config: () => journalConfigFromPolicy(evaluatePolicy([], { developmentBuild: true }).values),
      policyHash: () => 'p',
      enrollmentProof: noProof,
    });
    opened.push(journal);
    await journal.start();
    await expect(journal.append('message', { message: msg('x') })).rejects.toThrow(/cannot be written/);
    expect(journal.status().state).toBe('blocked');
  });

  it('quarantines a conflicting record (409) and a refused one (400) without holding back the rest', async () => {
    const { journal, server } = setup();
    await journal.start();
    server.down = true;
    const first = await journal.append('message', { message: msg('k1') });
    await journal.append('message', { message: msg('k2') });
    await journal.append('message', { message: msg('k3') });
    server.stored.set(first.recordId, 'f'.repeat(64));
    server.down = false;
    await until(() => journal.status().pending === 0);
    expect(server.stored.get(first.recordId)).toBe('f'.repeat(64));
    expect(server.stored.size).toBe(3);

    server.status = 400;
    await journal.append('message', { message: msg('k4') });
    await journal.append('message', { message: msg('k5') });
    await until(() => journal.status().pending === 0);
    const sizes = server.batches.filter((b) => b.records.some((r) => r.record.meta?.messageId === 'k4')).map((b) => b.records.length);
    expect(sizes.at(-1)).toBe(1); // split down to single records before quarantining
  });

  it('backs off with jitter while the server fails and uses a content-derived idempotency key', async () => {
    const { journal, server } = setup();
    await journal.start();
    server.status = 503;
    await journal.append('message', { message: msg('r1') });
    await until(() => server.batches.length >= 4);
    const ids = new Set(server.batches.map((b) => b.batchId));
    expect(ids.size).toBe(1); // the same batch, the same key, every time
    expect(journal.status()).toMatchObject({ state: 'pending', pending: 1 });
    expect(journal.status().message).toMatch(/HTTP 503/);
    server.status = null;
    await until(() => journal.status().pending === 0);
  });

  it('is disabled (local spool only) without a retention server URL, and never blocks on the backlog then', async () => {
    const { journal } = setup({ url: '', failMode: 'fail-closed', maxBacklogRecords: 1 });
    await journal.start();
    await journal.append('message', { message: msg('x1') });
    await journal.append('message', { message: msg('x2') });
    expect(journal.status()).toMatchObject({ state: 'disabled', pending: 2 });
  });

  it('records corrections and retractions as their own kinds, pointing at the original', async () => {
    const { journal, server } = setup();
    await journal.start();
    await journal.append('message', { message: msg('orig') });
    await journal.append('correction', { message: msg('fix', { body: 'fixed' }), replacesId: 'orig' });
    await journal.append('retraction', { id: 'gone', replacesId: 'bobs', conversation: 'bob@example.gov', conversationType: 'chat', direction: 'in', from: 'bob@example.gov', sentAt: new Date().toISOString(), original: { from: 'bob@example.gov', body: 'hi' } });
    await until(() => journal.status().pending === 0);
    const records = server.batches.flatMap((b) => b.records.map((r) => r.record));
    expect(records.map((r) => [r.kind, r.replaces?.split('/').slice(1, 2).join('/')])).toEqual([
      ['message', undefined],
      ['correction', 'out'],
      ['retraction', 'in'],
    ]);
    expect(records[1]?.replaces).toBe(`${journal.deviceId}/out/orig`);
  });

  it('journals the core’s other records (notice acknowledgement, DLP override) once each', async () => {
    const { journal, server } = setup();
    await journal.start();
    const at = new Date().toISOString();
    await journal.append('notice-ack', { noticeId: 'h', at, text: 'IM is a record.' });
    await journal.append('notice-ack', { noticeId: 'h', at, text: 'IM is a record.' });
    await journal.append('dlp-override', { messageId: 'm-9', conversation: 'bob@example.gov', conversationType: 'chat', findings: ['US_SSN'], justification: 'case file', sentAt: at });
    await until(() => journal.status().pending === 0);
    const records = server.batches.flatMap((b) => b.records.map((r) => r.record));
    expect(records.map((r) => [r.kind, r.recordId.split('/').slice(1, 2)[0]])).toEqual([
      ['notice-ack', 'notice'],
      ['dlp-override', 'dlp'],
    ]);
    expect(records[1]).toMatchObject({ recordId: `${journal.deviceId}/dlp/m-9`, meta: { messageId: 'm-9', justification: 'case file' } });
  });

  it('keys inbound records by conversation, sender, id and content: a reused id with other text is a new record and an alert', async () => {
    const { journal, server } = setup();
    await journal.start();
    const inbound = (body: string) => msg('reused-1', { direction: 'in', from: 'mallory@example.gov', conversation: 'mallory@example.gov', body });
    const first = await journal.append('message', { message: inbound('first text') });
    const again = await journal.append('message', { message: inbound('first text') });
    const second = await journal.append('message', { message: inbound('second text') });
    expect(again.duplicate).toBe(true); // control: the same stanza seen again is one record
    expect(second.duplicate).toBe(false);
    expect(second.recordId).not.toBe(first.recordId);
    await until(() => journal.status().pending === 0);
    const records = server.batches.flatMap((b) => b.records.map((r) => r.record));
    expect(records.map((r) => r.kind)).toEqual(['message', 'message', 'alert']);
    expect(records.map((r) => r.body).slice(0, 2)).toEqual(['first text', 'second text']);
    expect(records[2]).toMatchObject({ kind: 'alert', conversation: 'mallory@example.gov', meta: { alert: 'reused-message-id', messageId: 'reused-1', sender: 'mallory@example.gov' } });
  });

  it('journals an archived message once by its stanza-id, however often history is paged', async () => {
    const { journal } = setup();
    await journal.start();
    const archived = msg('arch-1', { direction: 'in', from: 'bob@example.gov', conversation: 'bob@example.gov', body: 'from the archive' });
    expect((await journal.append('message', { message: archived, stanzaId: 'sid-1' })).duplicate).toBe(false);
    expect((await journal.append('message', { message: archived, stanzaId: 'sid-1' })).duplicate).toBe(true);
    // The same archive stanza-id with a different origin id is still the same archived stanza.
    expect((await journal.append('message', { message: { ...archived, id: 'other' }, stanzaId: 'sid-1' })).duplicate).toBe(true);
    expect((await journal.append('message', { message: { ...archived, id: 'arch-2' }, stanzaId: 'sid-2' })).duplicate).toBe(false);
  });
});
