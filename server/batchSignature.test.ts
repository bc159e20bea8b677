/** The record rules of signed batches (recordProblem), each with the genuine record beside it. */
import { describe, expect, it } from 'vitest';
import { recordProblem } from './batchSignature';
import { makeRecord } from './test/fixtures';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const device = { deviceId: 'device-a', jid: 'alice@agency.example.gov', firstEnrolledAt: '2026-05-01T00:00:00.000Z' };
const at = (iso: string) => ({ sentAt: iso, recordedAt: iso });
const rec = (over: Parameters<typeof makeRecord>[1] = {}) => makeRecord(1, { ...at('2026-06-01T11:59:00.000Z'), ...over });
const reason = (over: Parameters<typeof makeRecord>[1] = {}) => recordProblem(rec(over), device, NOW)?.reason ?? null;

describe('recordProblem', () => {
  it('accepts what the device can vouch for (controls)', () => {
    expect(reason()).toBeNull(); // outbound 1:1 from alice
    expect(reason({ sender: 'Alice@Agency.Example.gov/laptop' })).toBeNull(); // full JID, any case
    expect(reason({ direction: 'in', sender: 'bob@agency.example.gov', recipients: ['alice@agency.example.gov'] })).toBeNull();
    expect(reason({ conversation: 'team@rooms.example.gov', conversationType: 'groupchat', recipients: ['team@rooms.example.gov'] })).toBeNull();
    expect(reason({ conversation: 'team@rooms.example.gov', conversationType: 'groupchat', sender: 'team@rooms.example.gov/Alice' })).toBeNull();
    expect(reason({ direction: 'in', conversation: 'team@rooms.example.gov', conversationType: 'groupchat', sender: 'team@rooms.example.gov/Bob', recipients: [] })).toBeNull();
    expect(reason({ direction: 'in', sender: 'bob@agency.example.gov', recipients: ['alice@agency.example.gov'], sentAt: '2026-05-20T08:00:00.000Z' })).toBeNull(); // delayed delivery
    expect(reason({ recordedAt: '2026-04-25T00:00:00.000Z', sentAt: '2026-04-25T00:00:00.000Z' })).toBeNull(); // spooled just before enrolling
    expect(reason(at('2026-06-01T12:50:00.000Z'))).toBeNull(); // a clock 50 minutes fast
  });

  it('refuses other devices, other id spaces, other senders and recipients, and backdating', () => {
    expect(reason({ deviceId: 'device-b' })).toBe('device-mismatch');
    expect(reason({ recordId: 'device-b/out/1' })).toBe('record-id-outside-device');
    expect(reason({ recordId: 'msg-1' })).toBe('record-id-outside-device');
    expect(reason({ sender: 'governor@agency.gov' })).toBe('sender-mismatch');
    expect(reason({ sender: 'bob@agency.example.gov' })).toBe('sender-mismatch');
    expect(reason({ direction: 'in', sender: 'bob@agency.example.gov', recipients: ['carol@agency.example.gov'] })).toBe('recipient-mismatch');
    expect(reason({ direction: 'in', sender: 'bob@agency.example.gov', recipients: [] })).toBe('recipient-mismatch');
    expect(reason({ conversation: 'team@rooms.example.gov', conversationType: 'groupchat', sender: 'bob@agency.example.gov' })).toBe('room-sender-mismatch');
    expect(reason({ conversation: 'team@rooms.example.gov', conversationType: 'groupchat', sender: 'other@rooms.example.gov/Bob' })).toBe('room-sender-mismatch');
    expect(reason(at('2024-06-01T12:00:00.000Z'))).toBe('backdated'); // two years back
    expect(reason(at('2026-04-20T00:00:00.000Z'))).toBe('backdated'); // more than a week before enrolling
    expect(reason(at('2026-06-01T14:00:00.000Z'))).toBe('backdated'); // two hours in the future
    expect(reason({ sentAt: '2026-05-30T11:00:00.000Z' })).toBe('backdated'); // outbound sent two days before it was spooled
    expect(reason({ sentAt: '2026-06-01T13:30:00.000Z' })).toBe('backdated'); // sent after it was spooled
  });
});
