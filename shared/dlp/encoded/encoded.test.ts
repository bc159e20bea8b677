import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findEncodedBinaries as transferGuard } from '../../transfer/encodedBinary.js';
import { createDlpEngine, DLP_TYPES } from '../index.js';
import { binaryRatio, findEncodedBinaries } from './index.js';

const onlyEncoded = createDlpEngine({ builtinDetectors: Object.fromEntries(DLP_TYPES.filter((t) => t !== 'ENCODED_BINARY').map((t) => [t, false])) });
const dlpSpans = (text: string): [number, number][] => onlyEncoded.scan(text).map((f) => [f.start, f.end]);
const guardSpans = (text: string): [number, number][] => transferGuard(text).map((f) => [f.start, f.end]);

/** Bytes plain UTF-8 never holds: lead bytes 0xF5-0xFF followed by continuation bytes (the old DLP copy read them as 3-byte sequences). */
const HIGH_LEADS = Buffer.from(Array.from({ length: 300 }, (_, i) => [0xf5 + (i % 11), 0x80 + (i % 60), 0x81, 0x41][i % 4]!));
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1');

function xxd(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const chunk = b.subarray(o, o + 16);
    const hex = (chunk.toString('hex').match(/.{1,4}/g) ?? []).join(' ').padEnd(39, ' ');
    lines.push(`${o.toString(16).padStart(8, '0')}: ${hex}  ${[...chunk].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '.')).join('')}`);
  }
  return lines.join('\n');
}
function hexdumpC(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const chunk = [...b.subarray(o, o + 16)].map((c) => c.toString(16).padStart(2, '0'));
    const hex = `${chunk.slice(0, 8).join(' ')}  ${chunk.slice(8).join(' ')}`.padEnd(48, ' ');
    lines.push(`${o.toString(16).padStart(8, '0')}  ${hex}  |${[...b.subarray(o, o + 16)].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '.')).join('')}|`);
  }
  return lines.join('\n');
}
const escaped = (b: Buffer): string => [...b].map((c) => `\\x${c.toString(16).padStart(2, '0')}`).join('');

describe('binaryRatio', () => {
  it('rejects lead bytes that never start UTF-8 (0xC0, 0xC1, 0xF5-0xFF) and accepts valid sequences', () => {
    for (const lead of [0xc0, 0xc1, 0xf5, 0xf8, 0xfc, 0xff]) expect(binaryRatio(Uint8Array.from([lead, 0x80, 0x80]))).toBeGreaterThan(0);
    expect(binaryRatio(HIGH_LEADS)).toBeGreaterThan(0.2);
    // Control: valid 2-, 3- and 4-byte sequences and ASCII text are text.
    expect(binaryRatio(Buffer.from('héllo – 𝄞 wörld\n\tok', 'utf8'))).toBe(0);
  });
});

describe('one scanner: the transfer guard and DLP give the same answer on the same text', () => {
  const cases: [string, string][] = [
    ['high lead bytes as hex', HIGH_LEADS.toString('hex')],
    ['high lead bytes as base64', HIGH_LEADS.toString('base64')],
    ['high lead bytes as \\x escapes', `payload = b"${escaped(HIGH_LEADS.subarray(0, 64))}"`],
    ['a PDF as an xxd dump', `here it is:\n${xxd(PDF)}\nthanks`],
    ['a PDF as hexdump -C', hexdumpC(PDF)],
    ['random bytes as xxd', xxd(randomBytes(96))],
    ['random bytes as hexdump -C', hexdumpC(randomBytes(96))],
    ['a PNG header as escaped bytes', escaped(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))],
    ['a data: URI', 'data:application/pdf;base64,' + PDF.toString('base64')],
    ['random base64', randomBytes(200).toString('base64')],
    ['uuencode', 'begin 644 report.pdf\nM)5!$1BTQ+C0*)<+EPNK\\^*,24*,2`P(&]B:@H\\/`HO5&ET;&4@*%)E<&]R\n`\nend\n'],
  ];
  it.each(cases)('%s: found by both, same spans', (_n, text) => {
    const g = guardSpans(text);
    expect(g.length).toBeGreaterThan(0);
    expect(dlpSpans(text)).toEqual(g);
  });

  const negatives: [string, string][] = [
    ['hashes one per line', Array.from({ length: 8 }, () => randomBytes(32).toString('hex')).join('\n')],
    ['MAC addresses', Array.from({ length: 12 }, () => [...randomBytes(6)].map((c) => c.toString(16).padStart(2, '0')).join(':')).join(', ')],
    ['an xxd dump of plain text', xxd(Buffer.from('Meeting moved to Thursday at 10 in room 4B; bring the budget binder.\n'.repeat(2)))],
    ['a version list', 'v1.2.3 v1.2.4 0x10 0x20 build 2026-12-07'],
  ];
  it.each(negatives)('%s: found by neither', (_n, text) => {
    expect(guardSpans(text)).toEqual([]);
    expect(dlpSpans(text)).toEqual([]);
  });
});

describe('hex dumps as developers paste them', () => {
  it('reads xxd and hexdump -C layouts over their lines and names the format', () => {
    for (const dump of [xxd(PDF), hexdumpC(PDF)]) {
      const [f] = findEncodedBinaries(`log:\n${dump}`);
      expect(f).toMatchObject({ encoding: 'hex', format: 'PDF document', start: 5 });
      expect(f!.end).toBeGreaterThan(5 + dump.lastIndexOf('\n'));
    }
  });

  it('reads od -x / hexdump word order (little-endian 16-bit groups)', () => {
    const words = (PDF.toString('hex').match(/..../g) ?? []).map((w) => w.slice(2) + w.slice(0, 2));
    const lines: string[] = [];
    for (let i = 0; i < words.length; i += 8) lines.push(`${(i * 2).toString(8).padStart(7, '0')} ${words.slice(i, i + 8).join(' ')}`);
    expect(findEncodedBinaries(lines.join('\n'))[0]).toMatchObject({ format: 'PDF document' });
  });
});
