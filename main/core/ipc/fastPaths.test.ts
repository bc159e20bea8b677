import { describe, expect, it } from 'vitest';
import { ipcInvokeContract } from '../../../shared/ipc/contract';
import { fastRequests, fastResponses } from './fastPaths';

const spec = ipcInvokeContract['chat:send'];
const fastReq = fastRequests['chat:send']!;
const fastRes = fastResponses['chat:send']!;

const requests: unknown[] = [
  { to: 'bob@example.gov', body: 'hello' },
  { to: 'bob@example.gov', body: 'hello', justification: 'needed for the case' },
  { to: 'bob@example.gov', body: 'hello', justification: '' },
  { to: 'bob@example.gov', body: 'x'.repeat(100_000) },
  // broken or unusual: the fast path must refuse or agree
  { to: ' bob@example.gov ', body: 'hello' },
  { to: 'bob@example.gov\n', body: 'hello' },
  { to: 'bob', body: 'hello' },
  { to: 'bob@example.gov/res', body: 'hello' },
  { to: 'a@', body: 'hello' },
  { to: `${'x'.repeat(3070)}@y`, body: 'hello' },
  { to: 'bob@example.gov', body: '' },
  { to: 'bob@example.gov', body: 'x'.repeat(100_001) },
  { to: 'bob@example.gov', body: 7 },
  { to: 'bob@example.gov', body: 'hello', justification: 'x'.repeat(2001) },
  { to: 'bob@example.gov', body: 'hello', justification: null },
  { to: 'bob@example.gov', body: 'hello', extra: 1 },
  { to: 'bob@example.gov', body: 'hello', justification: undefined },
  ['bob@example.gov', 'hello'],
  null,
  'bob@example.gov',
  Object.assign(Object.create({ body: 'inherited' }) as object, { to: 'bob@example.gov' }),
];

const message = { id: 'm1', conversation: 'bob@example.gov', conversationType: 'chat', direction: 'out', from: 'alice@example.gov', body: 'hello', sentAt: '2026-01-01T00:00:00.000Z', state: 'pending' };
const responses: unknown[] = [
  { status: 'sent', message, state: 'pending' },
  { status: 'sent', message: { ...message, fromName: 'Alice', edited: true, retracted: false, notice: 'n', mention: false } },
  { status: 'sent', message: { ...message, conversationType: 'groupchat', state: 'sent', unknownKey: 1 } },
  { status: 'sent', message: { ...message, state: 'lost' } },
  { status: 'sent', message: { ...message, id: 1 } },
  { status: 'sent', message: { ...message, edited: 'yes' } },
  { status: 'sent' },
  { status: 'refused', reason: 'no' },
  { status: 'needs-justification', reason: 'r', findings: [{ type: 'ssn', start: 0, end: 3 }] },
];

describe('fast paths of chat:send', () => {
  it('requests: where the hand check answers, zod accepts and parses to the same value', () => {
    let answered = 0;
    for (const r of requests) {
      const fast = fastReq(r);
      const zod = spec.request.safeParse(r);
      if (!fast) continue;
      answered++;
      expect(zod.success, JSON.stringify(r)?.slice(0, 60)).toBe(true);
      expect(fast.value).toEqual(zod.data);
    }
    expect(answered).toBeGreaterThanOrEqual(4); // the control: ordinary requests take the fast path
    expect(fastReq({ to: ' bob@example.gov ', body: 'hello' })).toBeNull();
  });

  it('replies: where the hand check answers, zod accepts and gives the same value (extra keys dropped)', () => {
    let answered = 0;
    for (const r of responses) {
      const fast = fastRes(r);
      const zod = spec.response.safeParse(r);
      if (!fast) continue;
      answered++;
      expect(zod.success, JSON.stringify(r).slice(0, 60)).toBe(true);
      expect(fast.value).toEqual(zod.data);
    }
    expect(answered).toBe(3);
  });
});
