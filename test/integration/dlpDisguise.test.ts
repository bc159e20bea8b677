/**
 * Issue 11, "DLP sees through disguises", at the gate of the real core against a real Prosody: an SSN, a
 * card number and a password hidden with a zero-width space, soft hyphens, full-width or Arabic-Indic
 * digits are refused, never reach the peer and are never journaled; what is sent is what the user typed
 * (a ZWJ emoji sequence arrives unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';

let server: ProsodyServer;
let alice: ReturnType<typeof makeCore>;
let bob: ReturnType<typeof makeCore>;
const jid = (u: string) => `${u}@${server.domain}`;

const between = (c: string) => (v: string) => [...v].join(c);
const digits = (zero: number) => (v: string) => v.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
const DISGUISES: [string, (v: string) => string][] = [
  ['zero-width spaces (U+200B)', between('\u200b')],
  ['soft hyphens (U+00AD)', between('\u00ad')],
  ['full-width digits', digits(0xff10)],
  ['Arabic-Indic digits', digits(0x0660)],
];
const VALUES = [
  { type: 'SSN', phrase: /Social Security number/, text: (v: string) => `SSN for the claimant: ${v} thanks`, value: '536-22-8105' },
  { type: 'card', phrase: /card number/, text: (v: string) => `card ${v} exp 09/28`, value: '4539 1488 0343 6467' },
  { type: 'password', phrase: /password/, text: (v: string) => `the new password is ${v} until Friday`, value: 'Sp4rrow-Gate-2026' },
];

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
  alice = makeCore(server, { DlpActions: { US_SSN: 'block', CREDIT_CARD: 'block', PASSWORD: 'block' } });
  bob = makeCore(server);
  await alice.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
  await bob.core.handlers['session:signIn']({ address: jid('bob'), password: 'bob-pass-1', remember: false });
});
afterAll(async () => {
  await alice?.core.shutdown();
  await bob?.core.shutdown();
  await server?.stop();
});

const sentBodies = () => alice.journal.pending().filter((r) => r.kind === 'message').map((r) => r.body);

describe('DLP at the gate of the real core sees through disguises', () => {
  it.each(VALUES)('refuses the plain $type (control for the disguises)', async ({ phrase, text, value }) => {
    const res = await alice.core.handlers['chat:send']({ to: jid('bob'), body: text(value) });
    expect(res).toMatchObject({ status: 'refused', reason: expect.stringMatching(phrase) });
  });

  for (const [name, disguise] of DISGUISES) {
    it.each(VALUES.filter((v) => disguise(v.value) !== v.value))(`refuses a $type hidden with ${name}`, async ({ phrase, text, value }) => {
      const body = text(disguise(value));
      const res = await alice.core.handlers['chat:send']({ to: jid('bob'), body });
      expect(res).toMatchObject({ status: 'refused', reason: expect.stringMatching(phrase) });
      expect(sentBodies()).not.toContain(body);
    });
  }

  it('sends what the user typed: a ZWJ emoji sequence and non-ASCII digits in ordinary text arrive unchanged', async () => {
    const body = 'Family day 👩‍👩‍👧‍👦 and 👨🏽‍💻 at room ٣٠٤, floor ５';
    const res = await alice.core.handlers['chat:send']({ to: jid('bob'), body });
    expect(res.status).toBe('sent');
    const got = await bob.waitForEvent('chat:message', (m) => m.from === jid('alice'));
    expect(got.body).toBe(body);
    expect(sentBodies()).toEqual([body]); // and nothing the gate refused reached the journal or Bob
    expect(bob.of('chat:message')).toHaveLength(1);
  });
});
