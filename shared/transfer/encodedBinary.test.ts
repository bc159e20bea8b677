import { describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { encodedBinaryRefusal, fileFormatOf, findEncodedBinaries } from './encodedBinary';

const b64 = (s: string | Buffer) => Buffer.from(s as string, 'latin1').toString('base64');
const hexOf = (s: string | Buffer) => Buffer.from(s as string, 'latin1').toString('hex');

// Real small files.
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const GIF_1x1 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
const ZIP = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00', 'latin1'), randomBytes(40)]);
const ELF = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(24)]);
function peFile(): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(128, 60);
  b.write('PE\0\0', 128, 'latin1');
  return b;
}
const UU_PDF = 'begin 644 report.pdf\nM)5!$1BTQ+C0*)<+EPNK\\^*,24*,2`P(&]B:@H\\/`HO5&ET;&4@*%)E<&]R\n`\nend\n';

function rules(text: string): string[] {
  return findEncodedBinaries(text).map((f) => `${f.encoding}:${f.format ?? ''}`);
}

describe('encoded binaries are found', () => {
  it.each([
    ['a 1×1 PNG (92 base64 characters)', `here you go ${PNG_1x1}`, 'base64:PNG image'],
    ['a 1×1 GIF', GIF_1x1, 'base64:GIF image'],
    ['a PDF in base64', `report: ${b64(PDF + 'x'.repeat(300))}`, 'base64:PDF document'],
    ['a short PDF fragment in base64', b64(PDF), 'base64:PDF document'],
    ['a ZIP / Office document', b64(ZIP), 'base64:ZIP archive or Office document'],
    ['an ELF executable', b64(ELF), 'base64:ELF executable'],
    ['a Windows executable', b64(peFile()), 'base64:Windows executable'],
    ['base64url', b64(PDF + 'x'.repeat(300)).replace(/\+/g, '-').replace(/\//g, '_'), 'base64:PDF document'],
    ['a data: URI with base64', `<img src="data:image/png;base64,${PNG_1x1}">`, 'data-uri:PNG image'],
    ['a percent-encoded data: URI', 'data:image/png,%89PNG%0D%0A%1A%0A%00%00', 'data-uri:'],
    ['a text data: URI (still a file)', 'open data:text/html;charset=utf-8,%3Ch1%3Ehi', 'data-uri:'],
    ['contiguous hex', hexOf(PDF), 'hex:PDF document'],
    ['spaced hex bytes', hexOf(PDF).replace(/(..)/g, '$1 '), 'hex:PDF document'],
    ['colon-separated hex', hexOf(ELF).replace(/(..)(?!$)/g, '$1:'), 'hex:ELF executable'],
    ['\\x escapes', hexOf(ZIP).replace(/(..)/g, '\\x$1'), 'hex:ZIP archive or Office document'],
    ['0x, lists', hexOf(ZIP).replace(/(..)/g, '0x$1, '), 'hex:ZIP archive or Office document'],
    ['a hex dump over lines', hexOf(PDF).replace(/(..)/g, '$1 ').replace(/((?:.. ){8})/g, '$1\n'), 'hex:PDF document'],
    ['random bytes as hex', hexOf(randomBytes(300)), 'hex:'],
    ['random bytes as a byte dump', hexOf(randomBytes(200)).replace(/(..)/g, '$1 '), 'hex:'],
    ['random bytes as base64', randomBytes(400).toString('base64'), 'base64:'],
    ['uuencode with its begin line', UU_PDF, 'uuencode:'],
    ['uuencode -m', 'begin-base64 644 x.pdf\nJVBERi0xLjQKMSAwIG9iago=\n====\n', 'base64:PDF document'],
    ['bare uuencoded lines', ('M' + '%!$1'.repeat(15) + '\n').repeat(4), 'uuencode:'],
    ['yEnc', '=ybegin line=128 size=123456 name=payload.bin\n=ypart begin=1 end=100\n', 'yenc:'],
    ['Ascii85', `<~${'9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>Cj@.4Gp$d7F!,L7@<6@)/0JDEF<G%<+EV:2F!,O<DJ+*.@<*K0@<6L(Df-\\0Ec5e;DffZ(EZee.Bl.9pF"AGXBPCsi+DGm>@3BB/F*&OCAfu2/AKYi(DIb:@FD,*)+C]U='}~>`, 'ascii85:'],
  ])('%s', (_name, text, expected) => {
    expect(rules(text)).toContain(expected);
    expect(encodedBinaryRefusal(text)).toMatch(/Policy 630-04 allows text messages only/);
  });

  it('offsets cover the encoded span', () => {
    const text = `before ${PNG_1x1} after`;
    const [f] = findEncodedBinaries(text);
    expect(text.slice(f!.start, f!.end)).toBe(PNG_1x1);
  });

  it('names what it found in the refusal', () => {
    expect(encodedBinaryRefusal(b64(PDF))).toBe(
      "This message contains a base64-encoded PDF document. Policy 630-04 allows text messages only: files can't be sent, not even as encoded text. Remove it and send your text.",
    );
    expect(encodedBinaryRefusal(UU_PDF)).toMatch(/^This message contains a uuencoded file\./);
  });
});

describe('ordinary text is left alone', () => {
  const hashes = Array.from({ length: 12 }, () => randomBytes(32).toString('hex'));
  it.each([
    ['prose', 'The quick brown fox jumps over the lazy dog. '.repeat(20)],
    ['prose mentioning data:', 'The data: revenue grew. See metadata:foo/bar,baz and data:, too.'],
    ['git and sha256 hashes', 'commit 3f786850e387550fdab836ed7e6dc881de23001b, sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a list of hashes, space separated', hashes.join(' ')],
    ['a list of hashes, one per line', hashes.join('\n')],
    ['a list of UUIDs', Array.from({ length: 20 }, () => randomUUID()).join(', ')],
    ['IPv6 addresses', Array.from({ length: 20 }, () => '2001:0db8:85a3:0000:0000:8a2e:0370:7334').join(', ')],
    ['MAC addresses', '00:1a:2b:3c:4d:5e and 00:1a:2b:3c:4d:5f'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
    ['a long URL', 'https://example.com/docs/guide/installation/linux/debian/advanced/topics/and/more/stuff/here/to/make/it/long/enough/for/the/scanner'],
    ['base64 of plain text', b64('Meeting notes: budget review moved to Thursday at 10, room 4B. '.repeat(4))],
    ['a phone list', '555-0100, 555-0101, 555-0102, 555-0103'],
    ['shouting', 'MEETING MOVED TO 3PM. BRING THE BUDGET NUMBERS AND THE PLAN!!'],
    ['empty', ''],
  ])('%s', (_name, text) => {
    expect(findEncodedBinaries(text)).toEqual([]);
    expect(encodedBinaryRefusal(text)).toBeNull();
  });
});

describe('file signatures', () => {
  it('recognises common formats and not text', () => {
    expect(fileFormatOf(Buffer.from(PDF, 'latin1'))).toBe('PDF document');
    expect(fileFormatOf(Buffer.from(PNG_1x1, 'base64'))).toBe('PNG image');
    expect(fileFormatOf(Buffer.from('MZ this is not an executable at all, just text that is long enough to look', 'latin1'))).toBeUndefined();
    expect(fileFormatOf(Buffer.from('Hello world, plain text', 'latin1'))).toBeUndefined();
  });
});

describe('linear time', () => {
  // Adversarial shapes for each scanner; 1 MB must scan in well under the time a quadratic scan would take.
  it.each([
    ['letters', () => 'a'.repeat(1_000_000)],
    ['base64', () => randomBytes(750_000).toString('base64')],
    ['data: prefixes', () => 'data:a/b;'.repeat(111_111)],
    ['backslash-x without digits', () => '\\x2'.repeat(333_333)],
    ['uu-like lines', () => ('M' + '!'.repeat(60) + '\n').repeat(16_000)],
    ['Ascii85 openers', () => '<~'.repeat(500_000)],
    ['odd hex groups', () => 'abc '.repeat(250_000)],
  ])('%s', (_name, make) => {
    const text = make();
    const t0 = performance.now();
    findEncodedBinaries(text);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
