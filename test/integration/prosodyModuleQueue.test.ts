/**
 * Nothing lost: mod_approved_im queues in Prosody's storage while the retention server is unreachable,
 * survives a Prosody restart, and delivers every message exactly once when the server is back (on
 * SQLite and PostgreSQL); a hard kill (SIGKILL) of Prosody after the group commit loses nothing either.
 * Past approved_im_queue_limit with approved_im_queue_full = "refuse", messages are refused with a policy
 * error until the archive catches up (control: the ones before the limit and the ones after the catch-up
 * are delivered).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../shared/journal/api';
import { postgresAvailable } from '../support/postgres';
import { waitFor } from '../support/ports';
import type { ProsodyServer } from '../support/prosody';
import { chatPeer, moduleProsody, startModuleRetention, type ChatPeer, type ModuleRetention } from './prosodyModuleHarness';

const SLOW = 180_000;

function countByMessage(records: StoredRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) {
    if (r.meta?.source !== 'xmpp-server' || r.kind !== 'message') continue;
    const id = r.meta.messageId ?? '';
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
}

/** SIGKILL Prosody (no server-stopping hook runs) and wait until it is gone. */
async function killHard(s: ProsodyServer): Promise<void> {
  const pid = Number(readFileSync(join(s.dir, 'prosody.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  await waitFor(() => {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch {
      return true;
    }
  }, { timeoutMs: 10_000, what: 'Prosody to die' });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable())(`mod_approved_im queue on ${kind}`, () => {
    let rs: ModuleRetention;
    const peers: ChatPeer[] = [];
    const servers: ProsodyServer[] = [];
    beforeAll(async () => {
      rs = await startModuleRetention(kind);
    }, SLOW);
    afterAll(async () => {
      for (const p of peers) await p.close();
      for (const s of servers) await s.stop();
      await rs?.close();
    });
    const online = async (s: ProsodyServer, local: string) => {
      const p = await chatPeer(s, local, `${local}-pass-1`);
      peers.push(p);
      return p;
    };
    /** A module Prosody for `domain` with alice and bob online, once the retention server has their session reports. */
    const readyPair = async (domain: string, options?: Record<string, string | number | boolean>) => {
      const s = await moduleProsody(rs, { domain, ...(options ? { options } : {}) });
      servers.push(s);
      for (const u of ['alice', 'bob']) s.addUser(u, `${u}-pass-1`);
      const alice = await online(s, 'alice');
      const bob = await online(s, 'bob');
      await waitFor(async () => ((await rs.records({ participant: `bob@${s.domain}` })).length >= 1 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'the session reports',
      });
      return { s, alice, bob };
    };

    it(
      'retention server down for a while, then Prosody restarted: every message arrives exactly once',
      async () => {
        const s = await moduleProsody(rs);
        servers.push(s);
        for (const u of ['alice', 'bob']) s.addUser(u, `${u}-pass-1`);
        const bobJid = `bob@${s.domain}`;
        const sendAll = async (alice: ChatPeer, bob: ChatPeer, ids: string[]) => {
          for (const id of ids) alice.send({ cmd: 'send', to: bobJid, body: `message ${id}`, id });
          await bob.waitFor((e) => e.event === 'message' && e.id === ids.at(-1), `delivery of ${ids.at(-1)}`);
        };
        const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${kind}-${prefix}-${i}`);
        let alice = await online(s, 'alice');
        let bob = await online(s, 'bob');

        const before = ids('up', 3);
        await sendAll(alice, bob, before);
        await waitFor(async () => (countByMessage(await rs.records()).size >= 3 ? true : undefined), { timeoutMs: 20_000, what: 'the first records' });

        await rs.stop();
        const down = ids('down', 15);
        await sendAll(alice, bob, down); // routing goes on while the archive is unreachable
        await new Promise((r) => setTimeout(r, 1500)); // at least one failed delivery attempt
        await s.restart();
        alice = await online(s, 'alice');
        bob = await online(s, 'bob');
        const afterRestart = ids('restarted', 5);
        await sendAll(alice, bob, afterRestart);
        await rs.start();

        const all = [...before, ...down, ...afterRestart];
        const counts = await waitFor(async () => {
          const c = countByMessage(await rs.records());
          return all.every((id) => c.has(id)) ? c : undefined;
        }, { timeoutMs: 60_000, what: 'every message on the retention server' });
        for (const id of all) expect(counts.get(id), id).toBe(1);
        // One gap-free sequence for the host across the restart (messages and session reports).
        const gaps = (await rs.get(`/v1/devices/${encodeURIComponent(`xmpp-server:${s.domain}`)}/gaps`)) as { missing: number };
        expect(gaps.missing).toBe(0);
        const verify = await rs.verify();
        expect(verify.code, verify.output).toBe(0);
      },
      SLOW,
    );

    it.skipIf(kind === 'postgres')(
      'Prosody killed hard (SIGKILL) once the messages were routed: the group-committed records survive and arrive exactly once',
      async () => {
        const { s, alice, bob } = await readyPair('crash.test');
        await rs.stop();
        const ids = Array.from({ length: 150 }, (_, i) => `crash-${i}`); // more than one group (64)
        for (const id of ids) alice.send({ cmd: 'send', to: `bob@${s.domain}`, body: `message ${id}`, id });
        await bob.waitFor((e) => e.event === 'message' && e.id === ids.at(-1), 'the last message');
        await new Promise((r) => setTimeout(r, 500)); // past the next event-loop turn (the group commit)
        await killHard(s); // no server-stopping hook runs
        await s.restart();
        await rs.start();
        const counts = await waitFor(async () => {
          const c = countByMessage(await rs.records({ participant: `bob@${s.domain}` }));
          return ids.every((id) => c.has(id)) ? c : undefined;
        }, { timeoutMs: 60_000, what: 'every message after the crash' });
        for (const id of ids) expect(counts.get(id), id).toBe(1);
      },
      SLOW,
    );

    it.skipIf(kind === 'postgres')(
      'small queue segments (approved_im_queue_segment = 10), bodies that look like Lua brackets, an outage and a SIGKILL: every message arrives exactly once with its body, and delivered segments are deleted',
      async () => {
        const { s, alice, bob } = await readyPair('segments.test', { approved_im_queue_segment: 10, approved_im_queue_commit_max: 4 });
        const queueDir = join(s.dir, 'data', 'segments%2etest', 'approved_im_queue');
        const segmentFiles = () => (existsSync(queueDir) ? readdirSync(queueDir).filter((f) => f.endsWith('.list')) : []);
        // Text that would end a Lua long string, or join its closing bracket, if written unescaped.
        const tricky = ['a ]] b', ']=] ]==] ]===]', 'ends with ]=', 'ends with ]', 'ünïcode ✓ "quoted" \\ back', 'x]]=]==]'];
        const body = (id: string, i: number) => `message ${id} ${tricky[i % tricky.length]}`;
        const send = async (ids: string[]) => {
          ids.forEach((id, i) => alice.send({ cmd: 'send', to: `bob@${s.domain}`, body: body(id, i), id }));
          await bob.waitFor((e) => e.event === 'message' && e.id === ids.at(-1), `delivery of ${ids.at(-1)}`);
        };
        const before = Array.from({ length: 25 }, (_, i) => `seg-up-${i}`);
        await send(before);
        const countsOf = async () => countByMessage(await rs.records({ participant: `bob@${s.domain}` }));
        await waitFor(async () => {
          const c = await countsOf();
          return before.every((id) => c.has(id)) ? true : undefined;
        }, {
          timeoutMs: 30_000,
          what: 'the first 25 records',
        });
        await rs.stop();
        const down = Array.from({ length: 40 }, (_, i) => `seg-down-${i}`); // four segments of 10 while the archive is away
        await send(down);
        await new Promise((r) => setTimeout(r, 500)); // past the group commit
        expect(segmentFiles().length).toBeGreaterThanOrEqual(4);
        // Internal storage: groups are appended in mod_storage_internal's item format, the text as a Lua long string.
        expect(readFileSync(join(queueDir, segmentFiles()[0]!), 'utf8')).toMatch(/^item\(\{name="batch";.*\[1\]=\[=*\[/m);
        await killHard(s);
        await s.restart();
        await rs.start();
        const all = [...before, ...down];
        const counts = await waitFor(async () => {
          const c = await countsOf();
          return all.every((id) => c.has(id)) ? c : undefined;
        }, { timeoutMs: 60_000, what: 'every message after the crash' });
        for (const id of all) expect(counts.get(id), id).toBe(1);
        const stored = await rs.records({ participant: `bob@${s.domain}` });
        for (const [i, id] of down.entries()) {
          expect(stored.find((r) => r.meta?.source === 'xmpp-server' && r.meta.messageId === id)?.body, id).toBe(body(id, i));
        }
        // The delivered segments are gone; only the one being written may remain.
        await waitFor(() => (segmentFiles().length <= 1 ? true : undefined), { timeoutMs: 20_000, what: 'the delivered segments to be deleted' });
        const gaps = (await rs.get(`/v1/devices/${encodeURIComponent(`xmpp-server:${s.domain}`)}/gaps`)) as { missing: number };
        expect(gaps.missing).toBe(0);
      },
      SLOW,
    );

    it.skipIf(kind === 'postgres')(
      'a backlog larger than the retention server’s request limit (75 messages of 60 kB, 4 MiB per request) is delivered in several requests, each message once',
      async () => {
        const { s, alice, bob } = await readyPair('large.test');
        await rs.stop();
        const ids = Array.from({ length: 75 }, (_, i) => `large-${i}`);
        const body = (id: string) => `${id} ${'x'.repeat(60_000)}`;
        for (const id of ids) alice.send({ cmd: 'send', to: `bob@${s.domain}`, body: body(id), id });
        await bob.waitFor((e) => e.event === 'message' && e.id === ids.at(-1), 'the last large message', 60_000);
        await new Promise((r) => setTimeout(r, 500)); // past the group commit, so all 75 wait in one queue
        await rs.start();
        const counts = await waitFor(async () => {
          const c = countByMessage(await rs.records({ participant: `bob@${s.domain}` }));
          return ids.every((id) => c.has(id)) ? c : undefined;
        }, { timeoutMs: 90_000, what: 'every large message' });
        for (const id of ids) expect(counts.get(id), id).toBe(1);
        const stored = await rs.records({ participant: `bob@${s.domain}` });
        expect(stored.find((r) => r.meta?.messageId === 'large-7')?.body).toBe(body('large-7'));
      },
      SLOW,
    );

    it.skipIf(kind === 'postgres')(
      'past approved_im_queue_limit with approved_im_queue_full = "refuse", messages are refused until the archive catches up',
      async () => {
        const { s, alice, bob } = await readyPair('limit.test', { approved_im_queue_limit: 6, approved_im_queue_full: 'refuse' });
        await rs.stop();
        // Session reports are queued too, so the limit of 6 leaves room for a few messages only.
        for (let i = 0; i < 8; i++) alice.send({ cmd: 'send', to: `bob@${s.domain}`, body: `queued ${i}`, id: `q${i}` });
        const refused = await alice.waitFor((e) => e.event === 'error' && String(e.id).startsWith('q'), 'a refusal');
        expect(refused).toMatchObject({ condition: 'resource-constraint', type: 'wait' });
        expect(String(refused.text)).toContain('archive is behind');
        // Control: the messages before the limit were delivered.
        await bob.waitFor((e) => e.event === 'message' && e.id === 'q0', 'the first queued message');
        const refusedIds = alice.events.filter((e) => e.event === 'error').map((e) => String(e.id));
        const delivered = bob.events.filter((e) => e.event === 'message').map((e) => String(e.id));
        expect(delivered.filter((id) => refusedIds.includes(id))).toEqual([]);

        await rs.start();
        const queued = delivered.filter((id) => id.startsWith('q'));
        await waitFor(async () => {
          const c = countByMessage(await rs.records({ participant: `bob@${s.domain}` }));
          return queued.every((id) => c.get(id) === 1) ? true : undefined;
        }, { timeoutMs: 60_000, what: 'the queue to drain' });
        alice.send({ cmd: 'send', to: `bob@${s.domain}`, body: 'after the catch-up', id: 'after' });
        await bob.waitFor((e) => e.event === 'message' && e.id === 'after', 'a message after the catch-up');
        expect(alice.events.some((e) => e.event === 'error' && e.id === 'after')).toBe(false);
      },
      SLOW,
    );
  });
}
