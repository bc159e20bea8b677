import { describe, expect, it } from 'vitest';
import { JournalRecordSchema, MAX_BODY_LENGTH } from '../../../shared/journal/record';
import type { ChatMessage } from '../../../shared/ipc/types';
import { draftFor, finalizeRecord, recordIdFor } from './records';

const ctx = { deviceId: 'dev123', seq: 7, recordedAt: '2030-01-01T00:00:01.000Z', policyHash: 'abc' };
const msg = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm-1',
  conversation: 'bob@example.gov',
  conversationType: 'chat',
  direction: 'out',
  from: 'alice@example.gov',
  body: 'hello',
  sentAt: '2030-01-01T00:00:00.000Z',
  state: 'pending',
  ...over,
});

describe('journal records', () => {
  it('qualifies the stanza id with the device and direction, so both ends of a chat never collide', () => {
    const out = finalizeRecord(draftFor('message', { message: msg() }, 'alice@example.gov'), ctx);
    const bobSide = finalizeRecord(draftFor('message', { message: msg({ direction: 'in', from: 'alice@example.gov', conversation: 'alice@example.gov' }) }, 'bob@example.gov'), {
      ...ctx,
      deviceId: 'bobdev',
    });
    expect(out.recordId).toBe('dev123/out/m-1');
    // Inbound, the sender chose the id: the key is a hash of conversation, sender, id and content.
    expect(bobSide.recordId).toMatch(/^bobdev\/in\/h-[A-Za-z0-9_-]{43}$/);
    expect(bobSide.meta?.messageId).toBe('m-1');
    expect(out).toMatchObject({ sender: 'alice@example.gov', recipients: ['bob@example.gov'], kind: 'message', meta: { messageId: 'm-1' } });
    expect(bobSide).toMatchObject({ sender: 'alice@example.gov', recipients: ['bob@example.gov'], direction: 'in' });
    expect(JournalRecordSchema.safeParse(out).success).toBe(true);
  });

  it('hashes a long or unusual stanza id into a bounded record id', () => {
    const id = recordIdFor('dev', 'in', 'x'.repeat(500));
    expect(id.length).toBeLessThanOrEqual(128);
    expect(id).toBe(recordIdFor('dev', 'in', 'x'.repeat(500)));
    expect(recordIdFor('dev', 'in', 'a/b')).not.toContain('a/b');
  });

  it('builds corrections and retractions as new records pointing at the original', () => {
    const c = finalizeRecord(draftFor('correction', { message: msg({ id: 'm-2', body: 'hello, fixed' }), replacesId: 'm-1' }, 'alice@example.gov'), ctx);
    expect(c).toMatchObject({ kind: 'correction', recordId: 'dev123/out/m-2', replaces: 'dev123/out/m-1', body: 'hello, fixed' });
    const r = finalizeRecord(
      draftFor('retraction', { id: 'm-3', replacesId: 'm-1', conversation: 'room@rooms.example.gov', conversationType: 'groupchat', direction: 'in', from: 'room@rooms.example.gov/bob', sentAt: ctx.recordedAt, original: { from: 'room@rooms.example.gov/bob', body: 'hello' } }, 'alice@example.gov'),
      ctx,
    );
    expect(r.replaces).toBe(finalizeRecord(draftFor('message', { message: msg({ direction: 'in', conversation: 'room@rooms.example.gov', conversationType: 'groupchat', from: 'room@rooms.example.gov/bob' }) }, 'alice@example.gov'), ctx).recordId);
    expect(r).toMatchObject({ kind: 'retraction', recipients: ['room@rooms.example.gov'], sender: 'room@rooms.example.gov/bob', body: '' });
    for (const rec of [c, r]) expect(JournalRecordSchema.safeParse(rec).success).toBe(true);
  });

  it('builds refused-transfer and DLP-override records', () => {
    const t = finalizeRecord(
      draftFor('refused-transfer', { id: 'sid-9', conversation: 'bob@example.gov', direction: 'in', from: 'bob@example.gov/laptop', protocol: 'jingle-ft', description: 'report.pdf (12 kB)', sentAt: ctx.recordedAt }, 'alice@example.gov'),
      ctx,
    );
    expect(t).toMatchObject({ kind: 'refused-transfer', recordId: 'dev123/xfer-in/sid-9', recipients: ['alice@example.gov'], meta: { protocol: 'jingle-ft' } });
    const d = finalizeRecord(
      draftFor('dlp-override', { messageId: 'm-1', conversation: 'bob@example.gov', conversationType: 'chat', findings: ['US_SSN'], justification: 'case file', sentAt: ctx.recordedAt }, 'alice@example.gov'),
      ctx,
    );
    expect(d).toMatchObject({ kind: 'dlp-override', recordId: 'dev123/dlp/m-1', meta: { findings: 'US_SSN', justification: 'case file', messageId: 'm-1' } });
    for (const rec of [t, d]) expect(JournalRecordSchema.safeParse(rec).success).toBe(true);
  });

  it('keeps an over-long inbound body within the record limit, with its length and hash', () => {
    const r = finalizeRecord(draftFor('message', { message: msg({ direction: 'in', body: 'a'.repeat(MAX_BODY_LENGTH + 5) }) }, 'alice@example.gov'), ctx);
    expect(r.body.length).toBe(MAX_BODY_LENGTH);
    expect(r.meta?.bodyTruncatedFrom).toBe(String(MAX_BODY_LENGTH + 5));
    expect(r.meta?.bodySha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
