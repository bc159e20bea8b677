import { describe, expect, it } from 'vitest';
import { encodedBinaryRefusal } from '../../shared/transfer/encodedBinary';
import { encodedTextRefusal, sendRefusal } from './encodedGuard';
import { checkTransfer, type TransferLike } from './pasteGuard';

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const PDF_B64 = b64(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${'x'.repeat(200)}`);
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const transfer = (data: Record<string, string>): TransferLike => ({ types: Object.keys(data), getData: (t) => data[t] ?? '' });

describe('sendRefusal (before sending)', () => {
  it('refuses a base64 PDF with the shared explanation', () => {
    const reason = sendRefusal(`the report: ${PDF_B64}`);
    expect(reason).toBe(encodedBinaryRefusal(`the report: ${PDF_B64}`));
    expect(reason).toContain('a base64-encoded PDF document');
    expect(reason).toContain('Policy 630-04 allows text messages only');
  });
  it('refuses data: URIs and small images too', () => {
    expect(sendRefusal(`data:image/png;base64,${PNG_1x1}`)).toContain('data: URI');
    expect(sendRefusal(PNG_1x1)).toContain('PNG image');
  });
  it('lets ordinary text, hashes and ids through', () => {
    expect(sendRefusal('See you at 3, the room is 4B.')).toBeNull();
    expect(sendRefusal('commit 3f9c2a7be0d14c55a8e1f0b6c2d9e47a1b3c5d7e')).toBeNull();
    expect(sendRefusal('ticket 1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBeNull();
    expect(encodedTextRefusal('')).toBeNull();
  });
});

describe('checkTransfer with encoded binaries (paste and drop)', () => {
  it('refuses pasted plain text that carries a file, with the reason', () => {
    const decision = checkTransfer(transfer({ 'text/plain': PDF_B64 }));
    expect(decision).toEqual({ kind: 'refuse', reason: encodedBinaryRefusal(PDF_B64), what: 'encoded-binary' });
  });
  it('refuses HTML whose text carries a file, and still reduces other HTML to text', () => {
    expect(checkTransfer(transfer({ 'text/html': `<p>${PDF_B64}</p>` }))).toMatchObject({ kind: 'refuse' });
    expect(checkTransfer(transfer({ 'text/html': '<p>Agenda <b>item</b></p>' }))).toEqual({ kind: 'insert', text: 'Agenda item' });
  });
  it('allows ordinary pasted text', () => {
    expect(checkTransfer(transfer({ 'text/plain': 'Budget status, item 3' }))).toEqual({ kind: 'allow' });
  });
});
