/**
 * Encoded binaries: files smuggled as text (Policy 630-04: text messages only). Pure and linear in the
 * length of the text, so the renderer can run it on every paste and main runs it again on the exact
 * body before sending.
 *
 * The DLP engine's ENCODED_BINARY detector (shared/dlp/detectors/encoded.ts) is the base: long base64
 * and hex runs that decode to binary, and base64 data: URIs. This module adds what a text-only policy
 * also has to close and that detector leaves alone: small files with a known signature (a 1×1 PNG is
 * 92 base64 characters), data: URIs of any kind, hex written as separated bytes ("25 50 44 46",
 * "\x25\x50", "0x25, 0x50"), uuencode, yEnc and Ascii85.
 */
import { createDlpEngine, DLP_TYPES, type DlpEngine } from '../dlp/index.js';

export type BinaryEncoding = 'base64' | 'hex' | 'data-uri' | 'uuencode' | 'yenc' | 'ascii85';

export interface EncodedBinaryFinding {
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
  encoding: BinaryEncoding;
  /** What the bytes are, when a file signature says so, e.g. "PDF document". */
  format?: string;
  confidence: number;
  /** Stable rule id, e.g. `transfer.base64.magic`, `encoded.base64.pdf` (from the DLP detector). */
  rule: string;
}

// ---------------------------------------------------------------------------------------------------
// File signatures

type Magic = { format: string; test: (b: Uint8Array) => boolean };

const at = (b: Uint8Array, offset: number, sig: readonly number[]): boolean => {
  if (b.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
};
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

const MAGICS: Magic[] = [
  { format: 'PDF document', test: (b) => at(b, 0, ascii('%PDF-')) },
  { format: 'ZIP archive or Office document', test: (b) => at(b, 0, [0x50, 0x4b, 0x03, 0x04]) || at(b, 0, [0x50, 0x4b, 0x05, 0x06]) || at(b, 0, [0x50, 0x4b, 0x07, 0x08]) },
  { format: 'Office document', test: (b) => at(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { format: 'PNG image', test: (b) => at(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { format: 'JPEG image', test: (b) => at(b, 0, [0xff, 0xd8, 0xff]) && b.length > 3 && b[3]! >= 0xc0 && b[3]! !== 0xff },
  { format: 'GIF image', test: (b) => at(b, 0, ascii('GIF87a')) || at(b, 0, ascii('GIF89a')) },
  { format: 'BMP image', test: (b) => at(b, 0, ascii('BM')) && at(b, 6, [0, 0, 0, 0]) && b.length > 14 && [12, 40, 52, 56, 64, 108, 124].includes(b[14]!) },
  { format: 'TIFF image', test: (b) => at(b, 0, [0x49, 0x49, 0x2a, 0x00]) || at(b, 0, [0x4d, 0x4d, 0x00, 0x2a]) },
  { format: 'WebP image', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WEBP')) },
  { format: 'WAV audio', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WAVE')) },
  { format: 'AVI video', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('AVI ')) },
  { format: 'MP4 or QuickTime media', test: (b) => at(b, 4, ascii('ftyp')) },
  { format: 'Matroska or WebM video', test: (b) => at(b, 0, [0x1a, 0x45, 0xdf, 0xa3]) },
  { format: 'Ogg media', test: (b) => at(b, 0, ascii('OggS')) },
  { format: 'FLAC audio', test: (b) => at(b, 0, ascii('fLaC')) },
  { format: 'MP3 audio', test: (b) => at(b, 0, ascii('ID3')) && b.length > 4 && b[3]! >= 2 && b[3]! <= 4 && b[4] === 0 },
  { format: 'Photoshop image', test: (b) => at(b, 0, ascii('8BPS')) },
  { format: 'RTF document', test: (b) => at(b, 0, ascii('{\\rtf')) },
  { format: 'PostScript document', test: (b) => at(b, 0, ascii('%!PS')) },
  { format: 'SQLite database', test: (b) => at(b, 0, ascii('SQLite format 3\0')) },
  { format: 'Windows executable', test: (b) => at(b, 0, ascii('MZ')) && isPe(b) },
  { format: 'ELF executable', test: (b) => at(b, 0, [0x7f, 0x45, 0x4c, 0x46]) },
  { format: 'Mach-O executable', test: (b) => [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]].some((s) => at(b, 0, s)) },
  { format: 'Java class or universal binary', test: (b) => at(b, 0, [0xca, 0xfe, 0xba, 0xbe]) },
  { format: 'Android DEX file', test: (b) => at(b, 0, ascii('dex\n')) },
  { format: 'WebAssembly module', test: (b) => at(b, 0, [0x00, 0x61, 0x73, 0x6d]) },
  { format: 'Windows shortcut', test: (b) => at(b, 0, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]) },
  { format: 'Windows cabinet', test: (b) => at(b, 0, ascii('MSCF')) },
  { format: 'gzip archive', test: (b) => at(b, 0, [0x1f, 0x8b, 0x08]) },
  { format: '7-Zip archive', test: (b) => at(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { format: 'RAR archive', test: (b) => at(b, 0, ascii('Rar!\x1a\x07')) },
  { format: 'bzip2 archive', test: (b) => at(b, 0, ascii('BZh')) && b.length > 9 && b[3]! >= 0x31 && b[3]! <= 0x39 && at(b, 4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) },
  { format: 'xz archive', test: (b) => at(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { format: 'Zstandard archive', test: (b) => at(b, 0, [0x28, 0xb5, 0x2f, 0xfd]) },
  { format: 'tar archive', test: (b) => at(b, 257, ascii('ustar')) },
];

/** MZ header whose e_lfanew points at "PE\0\0", or the DOS stub's message. */
function isPe(b: Uint8Array): boolean {
  if (b.length < 64) return false;
  const lfanew = b[60]! | (b[61]! << 8) | (b[62]! << 16) | (b[63]! << 24);
  if (lfanew > 0 && lfanew + 4 <= b.length) return at(b, lfanew, [0x50, 0x45, 0, 0]);
  const stub = ascii('This program');
  for (let i = 64; i + stub.length <= Math.min(b.length, 200); i++) if (at(b, i, stub)) return true;
  return false;
}

/** The file format these bytes start with, if a signature says so. */
export function fileFormatOf(bytes: Uint8Array): string | undefined {
  for (const m of MAGICS) if (m.test(bytes)) return m.format;
  return undefined;
}

/** Share of bytes plain text (ASCII or valid UTF-8) would not contain. */
function binaryRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) bad++;
      continue;
    }
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) i += len - 1;
    else bad++;
  }
  return bad / bytes.length;
}

/** Enough bytes for every signature above (tar's is at 257). */
const SIGNATURE_BYTES = 264;
/** Bytes sampled for the "looks binary" test. */
const SAMPLE_BYTES = 2048;

// ---------------------------------------------------------------------------------------------------
// Character classes

const B64 = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => (B64[ch.charCodeAt(0)] = i));
B64[45] = 62; // '-' (base64url)
B64[95] = 63; // '_'
const HEX = new Int8Array(128).fill(-1);
'0123456789abcdef'.split('').forEach((ch, i) => {
  HEX[ch.charCodeAt(0)] = i;
  HEX[ch.toUpperCase().charCodeAt(0)] = i;
});
const b64 = (c: number): number => (c < 128 ? B64[c]! : -1);
const hex = (c: number): number => (c < 128 ? HEX[c]! : -1);
const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

// ---------------------------------------------------------------------------------------------------
// base64 runs with a file signature (short files the DLP detector's length floor lets through)

/** Shortest base64 run considered: 18 bytes, the size of the smallest real files (a GIF is 35+). */
const MIN_B64_MAGIC = 24;

function decodeBase64(text: string, start: number, end: number, maxBytes: number): Uint8Array {
  const out = new Uint8Array(Math.min(maxBytes, Math.ceil(((end - start) * 3) / 4)));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start; i < end && n < out.length; i++) {
    const v = b64(text.charCodeAt(i));
    if (v < 0) continue; // whitespace, padding
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function scanBase64(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (b64(text.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && b64(text.charCodeAt(i)) >= 0) i++;
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++; // '=' padding
    if (i - start >= MIN_B64_MAGIC) {
      const bytes = decodeBase64(text, start, i, SIGNATURE_BYTES);
      const format = fileFormatOf(bytes);
      if (format) out.push({ start, end, encoding: 'base64', format, confidence: 0.97, rule: 'transfer.base64.magic' });
    }
    i = Math.max(end, start + 1);
  }
}

// ---------------------------------------------------------------------------------------------------
// hex, contiguous or written as separated bytes

const MIN_HEX_MAGIC_BYTES = 8;
const MIN_HEX_BINARY_BYTES = 128;

/**
 * Reads a stream of hex byte groups from `i`: groups of an even number of digits, each optionally
 * prefixed `0x` or `\x`, separated by nothing (`\x` form), one of ` :,;-` (plus an optional space), or a
 * line break between short groups (a hex dump). Returns the end offset and up to `cap` bytes.
 */
function readHexStream(text: string, i: number, cap: number): { end: number; bytes: Uint8Array; count: number; groups: number; byteDump: boolean } {
  const n = text.length;
  const bytes = new Uint8Array(cap);
  let count = 0;
  let groups = 0;
  let end = i;
  let maxGroup = 0;
  let minGroup = Infinity;
  let j = i;
  for (;;) {
    let k = j;
    const c0 = text.charCodeAt(k);
    const c1 = text.charCodeAt(k + 1);
    if ((c0 === 48 && (c1 === 120 || c1 === 88)) || (c0 === 92 && c1 === 120)) k += 2; // 0x, \x
    const digitsStart = k;
    while (k < n && hex(text.charCodeAt(k)) >= 0) k++;
    const len = k - digitsStart;
    if (len < 2 || len % 2 !== 0) break;
    if (k < n && isWordChar(text.charCodeAt(k))) break; // "0x25f" or "25g": not a byte group
    // Separated groups are bytes or words (≤ 4 bytes). A long group stands alone: a list of hashes or
    // UUIDs is not one file.
    if (groups > 0 && (len > 8 || maxGroup > 8)) break;
    for (let d = digitsStart; d < k; d += 2) {
      if (count < cap) bytes[count] = (hex(text.charCodeAt(d)) << 4) | hex(text.charCodeAt(d + 1));
      count++;
    }
    groups++;
    maxGroup = Math.max(maxGroup, len);
    minGroup = Math.min(minGroup, len);
    end = k;
    // separator
    let s = k;
    const c = text.charCodeAt(s);
    if (c === 92 && text.charCodeAt(s + 1) === 120) {
      j = s; // \x25\x50: adjacent
      continue;
    }
    if (c === 32 || c === 58 || c === 44 || c === 59 || c === 45) {
      s++;
      if (c !== 32 && text.charCodeAt(s) === 32) s++;
    } else if ((c === 10 || c === 13) && maxGroup <= 4) {
      s++;
      if (c === 13 && text.charCodeAt(s) === 10) s++;
    } else break;
    j = s;
  }
  // One contiguous run, or a dump of single bytes ("25 50 44 46", "\\x25\\x50").
  const byteDump = groups === 1 || (minGroup === 2 && maxGroup === 2);
  return { end, bytes: bytes.subarray(0, Math.min(count, cap)), count, groups, byteDump };
}

function scanHex(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const startsGroup = hex(c) >= 0 || (c === 92 && text.charCodeAt(i + 1) === 120);
    if (!startsGroup || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    const { end, bytes, count, byteDump } = readHexStream(text, i, SAMPLE_BYTES);
    if (end <= i) {
      i++;
      continue;
    }
    if (count >= MIN_HEX_MAGIC_BYTES) {
      const format = fileFormatOf(bytes);
      if (format) out.push({ start: i, end, encoding: 'hex', format, confidence: 0.95, rule: 'transfer.hex.magic' });
      else if (byteDump && count >= MIN_HEX_BINARY_BYTES && binaryRatio(bytes) > 0.2) out.push({ start: i, end, encoding: 'hex', confidence: 0.85, rule: 'transfer.hex.binary' });
    }
    i = end;
  }
}

// ---------------------------------------------------------------------------------------------------
// data: URIs (RFC 2397), of any media type and encoding

function scanDataUris(text: string, lower: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let from = 0;
  for (;;) {
    const start = lower.indexOf('data:', from);
    if (start < 0) return;
    from = start + 5;
    if (start > 0 && isWordChar(text.charCodeAt(start - 1))) continue;
    // data:[<type>/<subtype>][;param=value]*[;base64],<payload>
    let i = start + 5;
    const tokenChar = (c: number) => isWordChar(c) || c === 46 || c === 43 || c === 45; // . + -
    let typeLen = 0;
    while (i < n && typeLen < 128 && tokenChar(text.charCodeAt(i))) {
      i++;
      typeLen++;
    }
    let hasType = false;
    if (typeLen > 0) {
      if (text.charCodeAt(i) !== 47) continue; // no '/': prose such as "data:abc"
      i++;
      let sub = 0;
      while (i < n && sub < 128 && tokenChar(text.charCodeAt(i))) {
        i++;
        sub++;
      }
      if (sub === 0) continue;
      hasType = true;
    }
    let base64 = false;
    let params = 0;
    while (i < n && text.charCodeAt(i) === 59 && params < 16) {
      i++;
      params++;
      const p = i;
      while (i < n && i - p < 256 && (tokenChar(text.charCodeAt(i)) || text.charCodeAt(i) === 61 || text.charCodeAt(i) === 34)) i++;
      if (lower.slice(p, i) === 'base64') base64 = true;
    }
    if (text.charCodeAt(i) !== 44) continue; // ','
    if (!hasType && !base64 && params === 0) continue; // "data:," alone
    i++;
    const payloadStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 41 || c === 93 || c >= 127) break;
      i++;
    }
    if (i === payloadStart) continue;
    let format: string | undefined;
    if (base64) format = fileFormatOf(decodeBase64(text, payloadStart, i, SIGNATURE_BYTES));
    out.push({ start, end: i, encoding: 'data-uri', ...(format ? { format } : {}), confidence: 0.98, rule: 'transfer.data-uri' });
    from = i;
  }
}

// ---------------------------------------------------------------------------------------------------
// Line-based encodings: uuencode (and `uuencode -m`), yEnc, Ascii85

function isUuLine(text: string, s: number, e: number): boolean {
  const len = e - s;
  if (len < 2 || len > 64) return false;
  const declared = (text.charCodeAt(s) - 32) & 63;
  if (declared === 0 || declared > 45) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 96) return false;
  }
  // Each encoded line holds ceil(n/3)*4 characters after the length character (some encoders drop padding).
  const need = Math.ceil(declared / 3) * 4;
  return len - 1 >= need - 2 && len - 1 <= need + 1;
}

function scanLines(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let lineStart = 0;
  let uuRunStart = -1;
  let uuRunLines = 0;
  let uuRunEnd = 0;
  let pendingBegin: { start: number; mode: 'uu' | 'b64' } | null = null;
  const flushRun = () => {
    if (uuRunStart >= 0 && uuRunLines >= 3) out.push({ start: uuRunStart, end: uuRunEnd, encoding: 'uuencode', confidence: 0.9, rule: 'transfer.uuencode.lines' });
    uuRunStart = -1;
    uuRunLines = 0;
  };
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const e = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const first = text.charCodeAt(lineStart);
    if (pendingBegin) {
      const ok = pendingBegin.mode === 'uu' ? isUuLine(text, lineStart, e) : e - lineStart >= 4 && isBase64Line(text, lineStart, e);
      if (ok) out.push({ start: pendingBegin.start, end: e, encoding: pendingBegin.mode === 'uu' ? 'uuencode' : 'base64', confidence: 0.97, rule: `transfer.uuencode.${pendingBegin.mode === 'uu' ? 'begin' : 'begin-base64'}` });
      pendingBegin = null;
    }
    // "begin 644 name" / "begin-base64 644 name"
    if (first === 98 /* b */ && e - lineStart > 10) {
      const head = text.slice(lineStart, Math.min(e, lineStart + 300));
      const m = /^begin(-base64)? [0-7]{3,4} \S/.exec(head);
      if (m) pendingBegin = { start: lineStart, mode: m[1] ? 'b64' : 'uu' };
    }
    // "=ybegin line=128 size=… name=…"
    if (first === 61 /* = */ && text.startsWith('=ybegin ', lineStart)) {
      const head = text.slice(lineStart, Math.min(e, lineStart + 300));
      if (/ size=\d+/.test(head) && / name=\S/.test(head)) out.push({ start: lineStart, end: e, encoding: 'yenc', confidence: 0.95, rule: 'transfer.yenc' });
    }
    // Bare uuencoded body lines: full lines are 61 characters starting with 'M'.
    if (e - lineStart === 61 && first === 77 && isUuLine(text, lineStart, e)) {
      if (uuRunStart < 0) uuRunStart = lineStart;
      uuRunLines++;
      uuRunEnd = e;
    } else flushRun();
    lineStart = lineEnd + 1;
  }
  flushRun();
}

function isBase64Line(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (b64(c) < 0 && c !== 61) return false;
  }
  return true;
}

/** Adobe-style Ascii85: <~ … ~>. */
function scanAscii85(text: string, out: EncodedBinaryFinding[]): void {
  let from = 0;
  for (;;) {
    const start = text.indexOf('<~', from);
    if (start < 0) return;
    let i = start + 2;
    let chars = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if ((c >= 33 && c <= 117) || c === 122) chars++;
      else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    if (text.startsWith('~>', i) && chars >= 40) {
      out.push({ start, end: i + 2, encoding: 'ascii85', confidence: 0.9, rule: 'transfer.ascii85' });
      from = i + 2;
    } else from = Math.max(i, start + 2);
  }
}

// ---------------------------------------------------------------------------------------------------
// The DLP detector, used as the base

let dlp: DlpEngine | null = null;
function dlpEncodedOnly(): DlpEngine {
  if (!dlp) {
    const off = Object.fromEntries(DLP_TYPES.filter((t) => t !== 'ENCODED_BINARY').map((t) => [t, false]));
    dlp = createDlpEngine({ builtinDetectors: off });
  }
  return dlp;
}

const DLP_FORMAT: Record<string, string> = {
  png: 'PNG image',
  pdf: 'PDF document',
  zip: 'ZIP archive or Office document',
  gif: 'GIF image',
  jpeg: 'JPEG image',
  exe: 'Windows executable',
  elf: 'ELF executable',
  ole: 'Office document',
  gzip: 'gzip archive',
  '7z': '7-Zip archive',
  rar: 'RAR archive',
};

function fromDlp(text: string): EncodedBinaryFinding[] {
  return dlpEncodedOnly()
    .scan(text)
    .filter((f) => f.type === 'ENCODED_BINARY')
    .map((f) => {
      const parts = f.rule.split('.'); // encoded.base64.pdf, encoded.hex, encoded.data-uri
      const encoding: BinaryEncoding = parts[1] === 'hex' ? 'hex' : parts[1] === 'data-uri' ? 'data-uri' : 'base64';
      const format = parts[2] ? DLP_FORMAT[parts[2]] : undefined;
      return { start: f.start, end: f.end, encoding, ...(format ? { format } : {}), confidence: f.confidence, rule: f.rule };
    });
}

// ---------------------------------------------------------------------------------------------------

/** Longest text scanned; the composer and main both refuse longer messages well before this. */
const MAX_SCAN = 4_000_000;

/**
 * Every span of `text` that is a file encoded as text, without overlaps (the most specific finding
 * wins), in order.
 */
export function findEncodedBinaries(text: string): EncodedBinaryFinding[] {
  if (typeof text !== 'string' || text.length < 8) return [];
  const t = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const all: EncodedBinaryFinding[] = [];
  scanDataUris(t, t.toLowerCase(), all);
  scanLines(t, all);
  scanAscii85(t, all);
  scanBase64(t, all);
  scanHex(t, all);
  all.push(...fromDlp(t));
  // Resolve overlaps: a known format beats none, then confidence, then the longer span.
  all.sort((a, b) => Number(!!b.format) - Number(!!a.format) || b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: EncodedBinaryFinding[] = [];
  for (const f of all) if (!kept.some((k) => k.start < f.end && f.start < k.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

const ENCODING_WORDS: Record<BinaryEncoding, string> = {
  base64: 'a base64-encoded',
  hex: 'a hex-encoded',
  'data-uri': 'a data: URI',
  uuencode: 'a uuencoded',
  yenc: 'a yEnc-encoded',
  ascii85: 'an Ascii85-encoded',
};

function describeFinding(f: EncodedBinaryFinding): string {
  if (f.encoding === 'data-uri') return f.format ? `a ${f.format} in a data: URI` : 'a data: URI';
  return `${ENCODING_WORDS[f.encoding]} ${f.format ?? 'file'}`;
}

/**
 * The sentence the user sees when a message is refused because it carries an encoded file, or null
 * when the text carries none. Used by the composer (before sending) and by main (authoritative).
 */
export function encodedBinaryRefusal(text: string): string | null {
  const found = findEncodedBinaries(text);
  if (!found.length) return null;
  const first = found[0]!;
  return `This message contains ${describeFinding(first)}. Policy 630-04 allows text messages only: files can't be sent, not even as encoded text. Remove it and send your text.`;
}
