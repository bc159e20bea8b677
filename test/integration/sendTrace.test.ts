/**
 * Issue 18 item 8: the send path's steps, as the bench sees them (SendTrace), through the real core
 * against a real Prosody. The order is the "one way out" rule: the record is durable (in the spool)
 * before the stanza is written; a refused message stops before the journal. Names and times only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendStep } from '../../main/core/ports';
import { makeCore } from '../support/clientHarness';
import { startProsody, type ProsodyServer } from '../support/prosody';

let server: ProsodyServer;
const cores: ReturnType<typeof makeCore>[] = [];
const jid = (u: string) => `${u}@${server.domain}`;

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['alice', 'bob']) server.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  for (const c of cores) await c.core.shutdown().catch(() => {});
  await server?.stop();
});

describe('the send path trace', () => {
  it('runs policy, the two gates, the journal and then the socket, in that order; a DLP refusal stops before the journal', async () => {
    const trace: { step: SendStep; at: number; spooled: number }[] = [];
    let alice: ReturnType<typeof makeCore> | null = null;
    const spooledMessages = () => alice?.journal.pending().filter((r) => r.kind === 'message').length ?? 0;
    alice = makeCore(server, {}, { sendTrace: (step, at) => trace.push({ step, at, spooled: spooledMessages() }) });
    cores.push(alice);
    const bob = makeCore(server);
    cores.push(bob);
    await alice.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
    await bob.core.handlers['session:signIn']({ address: jid('bob'), password: 'bob-pass-1', remember: false });

    // Control: an ordinary message takes every step and reaches Bob.
    const sent = await alice.core.handlers['chat:send']({ to: jid('bob'), body: 'Budget sync at 3' });
    expect(sent.status).toBe('sent');
    expect(trace.map((t) => t.step)).toEqual(['start', 'policy', 'blocked', 'gate', 'gate', 'built', 'journal', 'recorded', 'socket']);
    const at = trace.map((t) => t.at);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The record is in the spool when the journal step ends, before the stanza is written.
    expect(trace.find((t) => t.step === 'built')!.spooled).toBe(0);
    expect(trace.find((t) => t.step === 'journal')!.spooled).toBe(1);
    if (sent.status === 'sent') await bob.waitForEvent('chat:message', (m) => m.id === sent.message.id);

    // Refused by DLP (an SSN): the trace ends at the gates; nothing is spooled or sent.
    trace.length = 0;
    const refused = await alice.core.handlers['chat:send']({ to: jid('bob'), body: 'My SSN is 536-22-8147' });
    expect(refused.status).toBe('refused');
    expect(trace.map((t) => t.step)).toEqual(['start', 'policy', 'blocked', 'gate', 'gate']);
    expect(spooledMessages()).toBe(1);
  });
});
