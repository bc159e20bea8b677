/**
 * The client journal end to end: a real Prosody, a real retention server started through its CLI (on
 * SQLite and on a throwaway PostgreSQL), and client cores wired as the hosts wire them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredRecord } from '../../shared/journal/api';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCertificates } from '../support/certs';
import { postgresAvailable } from '../support/postgres';
import { waitFor } from '../support/ports';
import { startRetentionServer, type RetentionServer } from '../support/journalServer';
import { journaledCore, runJournalClient } from '../support/journalHarness';

const SLOW = 180_000;
let prosody: ProsodyServer;

beforeAll(async () => {
  prosody = await startProsody();
  for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) prosody.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  await prosody?.stop();
});

const jid = (u: string) => `${u}@${prosody.domain}`;
const sentId = (r: { status: string; message?: { id: string } }) => (r.status === 'sent' ? r.message!.id : '');

/** messageId → how many stored records of this device carry it. */
function countByMessage(records: StoredRecord[], deviceId: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) if (r.deviceId === deviceId && r.kind === 'message') m.set(r.meta?.messageId ?? '', (m.get(r.meta?.messageId ?? '') ?? 0) + 1);
  return m;
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable())(`client journal → retention server on ${kind}`, () => {
    let rs: RetentionServer;
    beforeAll(async () => {
      rs = await startRetentionServer({ kind, xmpp: { prosody } });
    });
    afterAll(async () => {
      await rs?.close();
    });

    it(
      'kill -9 of the client during a burst of sends: after a restart every accepted message is archived exactly once',
      async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'aim-kill9-'));
        const base = {
          dataDir,
          domain: prosody.domain,
          xmppPort: prosody.port,
          caFile: prosody.certs.caFile,
          user: 'alice',
          password: 'alice-pass-1',
          peer: jid('bob'),
          retentionUrl: rs.url,
          token: rs.clientToken,
          concurrency: 4,
        };
        // Three runs killed with SIGKILL mid-burst (4 sends in flight, uploads running); the last one while the
        // retention server is down, so at least 20 accepted records exist only in the spool when it dies.
        const acceptedBefore: string[] = [];
        let device = '';
        let onlyInSpool: string[] = [];
        for (const [n, killAfter] of [40, 85, 130].entries()) {
          const last = n === 2;
          const run = runJournalClient({ ...base, count: 5000, tag: `${kind}-run${n}` });
          const dev = await run.device();
          if (device) expect(dev).toBe(device); // same spool, same device
          device = dev;
          await waitFor(() => run.accepted.length >= killAfter, { timeoutMs: 60_000, what: `${killAfter} accepted sends` });
          if (last) {
            await rs.stop();
            const mark = run.accepted.length;
            await waitFor(() => run.accepted.length >= mark + 20, { timeoutMs: 60_000, what: 'sends while the server is down' });
            onlyInSpool = run.accepted.slice(mark);
          }
          run.kill('SIGKILL');
          expect(await run.exited).toBeNull();
          expect(run.accepted.length).toBeLessThan(5000); // killed mid-burst
          acceptedBefore.push(...run.accepted);
        }
        await rs.start();
        const onServer = countByMessage(await rs.records({ participant: jid('alice') }), device);
        expect(onlyInSpool.filter((id) => onServer.has(id))).toEqual([]);

        const second = runJournalClient({ ...base, count: 20, tag: `${kind}-second` });
        expect(await second.device()).toBe(device); // same spool, same device
        await second.waitForLine((l) => l === 'DRAINED', 90_000);
        expect(await second.exited).toBe(0);

        const records = await rs.records({ participant: jid('alice') });
        const counts = countByMessage(records, device);
        const accepted = [...acceptedBefore, ...second.accepted];
        expect(second.accepted).toHaveLength(20);
        for (const id of accepted) expect(counts.get(id), `message ${id}`).toBe(1);
        // Nothing duplicated: one record per message id, whatever was in flight at the kill.
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        // Nothing lost: the device's sequence has no gaps (records spooled but never accepted are there too).
        const mine = records.filter((r) => r.deviceId === device);
        expect(mine.map((r) => r.seq).sort((a, b) => a - b)).toEqual(mine.map((_, i) => i + 1));
        expect(await rs.get(`/v1/devices/${encodeURIComponent(device)}/gaps`)).toMatchObject({ missing: 0 });
        const verify = await rs.verify();
        expect(verify.code, verify.output).toBe(0);
      },
      SLOW,
    );

    it(
      'server down for a while: messaging goes on (fail-open-spooled), the UI shows N pending, and everything arrives after it comes back',
      async () => {
        const a = journaledCore(prosody, rs);
        try {
          await a.core.handlers['session:signIn']({ address: jid('carol'), password: 'carol-pass-1', remember: false });
          const ids = [sentId(await a.send(jid('dave'), 'before the outage'))];
          await waitFor(() => a.journal.status().pending === 0, { what: 'first record receipted' });
          expect(await a.core.handlers['journal:getStatus']({})).toMatchObject({ state: 'connected', pending: 0, failMode: 'fail-open-spooled' });

          await rs.stop();
          for (let i = 0; i < 10; i++) {
            const r = await a.send(jid('dave'), `during the outage ${i}`);
            expect(r.status).toBe('sent');
            ids.push(sentId(r));
          }
          await waitFor(() => a.statuses.some((s) => s.state === 'pending' && s.pending === 10 && /cannot be reached/.test(s.message ?? '')), {
            what: 'journal:status "10 pending"',
          });
          await new Promise((r) => setTimeout(r, 2_000)); // down for a while; the uploader keeps backing off
          await rs.start();
          await waitFor(() => a.journal.status().pending === 0, { timeoutMs: 30_000, what: 'backlog delivered' });
          await waitFor(() => a.statuses.at(-1)?.state === 'connected', { what: 'journal:status connected' });

          const counts = countByMessage(await rs.records({ participant: jid('carol') }), a.journal.deviceId!);
          for (const id of ids) expect(counts.get(id), id).toBe(1);
        } finally {
          await a.close();
          await rs.start().catch(() => undefined);
        }
      },
      SLOW,
    );

    it(
      'fail-closed: sending stops with a clear message past the backlog limit and resumes when the server is back',
      async () => {
        const a = journaledCore(prosody, rs, { RetentionFailMode: 'fail-closed', RetentionMaxBacklogRecords: 3 });
        try {
          await a.core.handlers['session:signIn']({ address: jid('erin'), password: 'erin-pass-1', remember: false });
          const ids = [sentId(await a.send(jid('dave'), 'all good'))];
          await waitFor(() => a.journal.status().pending === 0, { what: 'receipted' });

          await rs.stop();
          for (let i = 0; i < 3; i++) ids.push(sentId(await a.send(jid('dave'), `queued ${i}`)));
          const refused = await a.send(jid('dave'), 'this one must not go out');
          expect(refused).toMatchObject({ status: 'refused' });
          expect(refused.status === 'refused' && refused.reason).toMatch(/^Sending is stopped: 3 message records have not reached the retention server/);
          const st = await a.core.handlers['journal:getStatus']({});
          expect(st).toMatchObject({ state: 'blocked', pending: 3, failMode: 'fail-closed' });
          expect(a.statuses.at(-1)?.state).toBe('blocked');

          await rs.start();
          await waitFor(() => a.journal.status().state === 'connected', { timeoutMs: 30_000, what: 'recovered' });
          const after = await a.send(jid('dave'), 'back to normal');
          expect(after.status).toBe('sent');
          ids.push(sentId(after));
          await waitFor(() => a.journal.status().pending === 0, { what: 'receipted' });

          const records = await rs.records({ participant: jid('erin') });
          const counts = countByMessage(records, a.journal.deviceId!);
          for (const id of ids) expect(counts.get(id), id).toBe(1);
          expect(records.some((r) => r.body === 'this one must not go out')).toBe(false);
        } finally {
          await a.close();
          await rs.start().catch(() => undefined);
        }
      },
      SLOW,
    );
  });
}

describe('client journal: two ends, TLS, full disk (SQLite)', () => {
  let rs: RetentionServer;
  beforeAll(async () => {
    rs = await startRetentionServer({ kind: 'sqlite', xmpp: { prosody } });
  });
  afterAll(async () => {
    await rs?.close();
  });

  it('both ends of a chat journal the same stanza to one server without conflicts, in and out', async () => {
    const a = journaledCore(prosody, rs);
    const b = journaledCore(prosody, rs);
    try {
      await a.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
      await b.core.handlers['session:signIn']({ address: jid('bob'), password: 'bob-pass-1', remember: false });
      const id = sentId(await a.send(jid('bob'), 'Minutes of the 10:00 meeting attached below'));
      await b.waitForEvent('chat:message', (m) => m.id === id, 'bob receives');
      // Both devices enroll first (HTTPS + a proof over XMPP each): allow for a loaded machine.
      await waitFor(() => a.journal.status().pending === 0 && b.journal.status().pending === 0, { timeoutMs: 60_000, what: 'both enrolled and receipted' });
      const records = (await rs.records({ participant: jid('bob') })).filter((r) => r.meta?.messageId === id);
      expect(records.map((r) => [r.deviceId, r.direction, r.sender, r.recipients]).sort()).toEqual(
        [
          [a.journal.deviceId, 'out', jid('alice'), [jid('bob')]],
          [b.journal.deviceId, 'in', jid('alice'), [jid('bob')]],
        ].sort(),
      );
      const { alerts } = (await rs.get('/v1/alerts')) as { alerts: { type: string }[] };
      expect(alerts.filter((x) => x.type === 'hash-conflict')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('verifies the retention server’s https certificate against the policy CA, and keeps records spooled when it is not trusted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aim-rs-tls-'));
    const certs = makeCertificates(join(dir, 'rs'), ['localhost', '127.0.0.1']);
    const bundle = join(dir, 'ca-bundle.pem');
    writeFileSync(bundle, readFileSync(prosody.certs.caFile, 'utf8') + readFileSync(certs.caFile, 'utf8'));
    const tls = await startRetentionServer({ kind: 'sqlite', tls: certs, xmpp: { prosody } });
    const good = journaledCore(prosody, tls, { XmppCaCertificateFile: bundle });
    const untrusted = journaledCore(prosody, tls); // trusts only the XMPP server's CA
    try {
      expect(tls.url).toMatch(/^https:/);
      await good.core.handlers['session:signIn']({ address: jid('dave'), password: 'dave-pass-1', remember: false });
      const id = sentId(await good.send(jid('erin'), 'over TLS'));
      await waitFor(() => good.journal.status().pending === 0, { what: 'receipted over https' });
      expect((await tls.records({ participant: jid('dave') })).map((r) => r.meta?.messageId)).toContain(id);

      await untrusted.core.handlers['session:signIn']({ address: jid('erin'), password: 'erin-pass-1', remember: false });
      expect((await untrusted.send(jid('dave'), 'kept until the certificate is trusted')).status).toBe('sent');
      await waitFor(() => /certificate could not be verified/.test(untrusted.journal.status().message ?? ''), { what: 'certificate refused' });
      expect(untrusted.journal.status().state).toBe('pending');
      expect(untrusted.journal.status().pending).toBeGreaterThanOrEqual(1);
    } finally {
      await good.close();
      await untrusted.close();
      await tls.close();
    }
  });

  it.skipIf(process.getuid?.() !== 0)('stops sending when the spool’s filesystem is full (a real 1 MiB tmpfs), and resumes when space is freed', async (ctx) => {
    const mountDir = mkdtempSync(join(tmpdir(), 'aim-tinyfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mountDir], { stdio: 'ignore' });
    } catch {
      ctx.skip('cannot mount a tmpfs here');
    }
    const a = journaledCore(prosody, rs, {}, { dataDir: mountDir });
    const filler = join(mountDir, 'filler');
    try {
      await a.core.handlers['session:signIn']({ address: jid('carol'), password: 'carol-pass-1', remember: false });
      const ids = [sentId(await a.send(jid('bob'), 'before the disk filled up'))];
      // Fill the filesystem.
      const chunk = Buffer.alloc(16 * 1024, 1);
      try {
        for (;;) writeFileSync(filler, chunk, { flag: 'a' });
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      let refusal = '';
      for (let i = 0; i < 200 && !refusal; i++) {
        const r = await a.send(jid('bob'), `while full ${i} ${'x'.repeat(2000)}`);
        if (r.status === 'refused') refusal = r.reason;
        else ids.push(sentId(r));
      }
      expect(refusal).toMatch(/cannot be written to the local journal/);
      expect(await a.core.handlers['journal:getStatus']({})).toMatchObject({ state: 'blocked' });

      rmSync(filler);
      const r = await a.send(jid('bob'), 'after space was freed');
      expect(r.status).toBe('sent');
      ids.push(sentId(r));
      await waitFor(() => a.journal.status().pending === 0, { timeoutMs: 30_000, what: 'receipted' });
      expect(a.journal.status().state).toBe('connected');
      const counts = countByMessage(await rs.records({ participant: jid('carol') }), a.journal.deviceId!);
      for (const id of ids) expect(counts.get(id), id).toBe(1);
    } finally {
      await a.close();
      execFileSync('umount', [mountDir], { stdio: 'ignore' });
    }
  });
});
