/**
 * The other ways a file is written as text: data: URIs (RFC 2397) of any media type, hex written as
 * separated bytes ("25 50 44 46", "\x25\x50", "0x25, 0x50"), hex dumps (`xxd`, `hexdump -C`, `od -x`),
 * uuencode, yEnc and Ascii85. Each is found from a rare literal or a cheap line test, so ordinary text
 * costs a few native searches.
 */
import { b64Value, binaryRatio, decodeBase64, hexValue, isWordCode } from './bytes.js';
import { SIGNATURE_BYTES, signatureOf } from './signatures.js';
import type { EncodedBinaryFinding } from './types.js';

const MIN_HEX_MAGIC_BYTES = 8;
/** Bytes of binary (no signature) needed: a dump's layout or `\x` escapes say "bytes" by themselves. */
const MIN_DUMP_BINARY_BYTES = 32;
const MIN_ESCAPED_BINARY_BYTES = 32;
/** Separated bytes could be a list of MAC addresses; more of them are needed. */
const MIN_SEPARATED_BINARY_BYTES = 128;
const SAMPLE_BYTES = 2048;

// ---------------------------------------------------------------------------------------------------
// data: URIs

export function scanDataUris(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let from = 0;
  for (const m of text.matchAll(/data:/gi)) {
    const start = m.index;
    if (start < from) continue;
    if (start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
    // data:[<type>/<subtype>][;param=value]*[;base64],<payload>
    let i = start + 5;
    const tokenChar = (c: number): boolean => isWordCode(c) || c === 46 || c === 43 || c === 45; // . + -
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
      if (i - p === 6 && text.slice(p, i).toLowerCase() === 'base64') base64 = true;
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
    const sig = base64 ? signatureOf(decodeBase64(text, payloadStart, i, SIGNATURE_BYTES)) : undefined;
    out.push({ start, end: i, encoding: 'data-uri', ...(sig ? { format: sig.format } : {}), confidence: 0.98, rule: 'encoded.data-uri' });
    from = i;
  }
}

// ---------------------------------------------------------------------------------------------------
// Hex streams and dumps

interface HexStream {
  end: number;
  bytes: Uint8Array;
  count: number;
  /** Single bytes ("25 50 44 46", "\x25\x50") or one contiguous group. */
  byteDump: boolean;
}

/**
 * Reads hex byte groups from `i`: groups of an even number of digits, each optionally prefixed `0x` or
 * `\x`, separated by nothing (`\x` form), one of ` :,;-` (plus an optional space), or a line break between
 * short groups.
 */
function readHexStream(text: string, i: number, cap: number): HexStream {
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
    while (k < n && hexValue(text.charCodeAt(k)) >= 0) k++;
    const len = k - digitsStart;
    if (len < 2 || len % 2 !== 0) break;
    if (k < n && isWordCode(text.charCodeAt(k))) break;
    if (groups > 0 && (len > 8 || maxGroup > 8)) break; // a list of hashes is not one file
    for (let d = digitsStart; d < k; d += 2) {
      if (count < cap) bytes[count] = (hexValue(text.charCodeAt(d)) << 4) | hexValue(text.charCodeAt(d + 1));
      count++;
    }
    groups++;
    maxGroup = Math.max(maxGroup, len);
    minGroup = Math.min(minGroup, len);
    end = k;
    let s = k;
    const c = text.charCodeAt(s);
    if (c === 92 && text.charCodeAt(s + 1) === 120) {
      j = s;
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
  return { end, bytes: bytes.subarray(0, Math.min(count, cap)), count, byteDump: groups === 1 || (minGroup === 2 && maxGroup === 2) };
}

/**
 * Lines of a hex dump: an offset of 6-8 hex digits (":" after it for xxd), then groups of 2 or 4 hex
 * digits, then an optional text column ("|%PDF-1.4|" or "%PDF-1.4"). `od -x` and plain `hexdump` print
 * 16-bit little-endian words: their groups are byte-swapped back. Returns the end and the bytes, or null
 * when the line at `lineStart` is not a dump line.
 */
const DUMP_LINE = /[0-9A-Fa-f]{6,8}(:?)[ \t]{1,4}((?:[0-9A-Fa-f]{2,4}[ \t]{1,3}){1,31}[0-9A-Fa-f]{2,4})(?=[ \t]|\r?$|\n)[^\n]{0,100}/;

function readDump(text: string, lineStart: number, cap: number): { end: number; bytes: Uint8Array; count: number; lines: number } | null {
  const re = new RegExp(DUMP_LINE.source, 'y');
  const bytes = new Uint8Array(cap);
  let count = 0;
  let lines = 0;
  let at = lineStart;
  let end = lineStart;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) break;
    const groups = m[2]!.split(/[ \t]+/);
    const width = groups[0]!.length;
    if (!groups.every((g) => g.length === width)) break;
    const swap = width === 4 && m[1] === '';
    for (const g of groups) {
      const hexes = swap ? g.slice(2) + g.slice(0, 2) : g;
      for (let d = 0; d < hexes.length; d += 2) {
        if (count < cap) bytes[count] = (hexValue(hexes.charCodeAt(d)) << 4) | hexValue(hexes.charCodeAt(d + 1));
        count++;
      }
    }
    lines++;
    // The hex part ends the finding's line; the text column is part of the dump.
    end = at + m[0].length;
    const nl = text.indexOf('\n', end);
    if (nl < 0 || nl !== end && !(nl === end + 1 && text.charCodeAt(end) === 13)) break;
    at = nl + 1;
  }
  if (lines === 0) return null;
  return { end, bytes: bytes.subarray(0, Math.min(count, cap)), count, lines };
}

function judgeHex(bytes: Uint8Array, count: number, byteDump: boolean, minBinary: number): { format?: string; id: string; confidence: number } | null {
  if (count < MIN_HEX_MAGIC_BYTES) return null;
  const sig = signatureOf(bytes);
  if (sig) return { format: sig.format, id: `.${sig.id}`, confidence: 0.95 };
  if (byteDump && count >= minBinary && binaryRatio(bytes) > 0.2) return { id: '', confidence: 0.85 };
  return null;
}

/**
 * Candidates: a `\x` escape, a `0x` prefix, four bytes in a row with separators, or a line that starts
 * with a dump offset. One regex finds them all; each is read from there, and the search goes on past it.
 */
const HEX_TRIGGER = /\\x[0-9A-Fa-f]{2}|0[xX][0-9A-Fa-f]{2}[ ,;:]|(?<![0-9A-Za-z_])[0-9A-Fa-f]{2}[ :,;-] ?[0-9A-Fa-f]{2}[ :,;-] ?[0-9A-Fa-f]{2}[ :,;-] ?[0-9A-Fa-f]{2}(?![0-9A-Za-z_])|^[0-9A-Fa-f]{6,8}:?[ \t]/m;

/** [0-9A-Fa-f \t:,;\-xX\\]: what hex bytes, their separators and prefixes are written with. */
const HEXISH = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF \t:,;-xX\\') HEXISH[ch.charCodeAt(0)] = 1;
const isHexishCode = (c: number): boolean => c < 128 && HEXISH[c] === 1;
/** Every candidate holds this many hexish characters in a row ("hh hh hh hh hh hh": 8 bytes is 23). */
const HEXISH_WINDOW = 16;

/** The first position at or after `from` where HEXISH_WINDOW hexish characters in a row start, or -1. */
function findHexish(text: string, from: number): number {
  const n = text.length;
  let p = from;
  let known = from;
  while (p + HEXISH_WINDOW <= n) {
    let k = p + HEXISH_WINDOW - 1;
    while (k >= known && isHexishCode(text.charCodeAt(k))) k--;
    if (k < known) return p;
    known = p + HEXISH_WINDOW;
    p = k + 1;
  }
  return -1;
}

/**
 * Hex streams and dumps. Each lies in a stretch of hexish characters (its offsets, groups, separators and
 * prefixes), so the scan jumps from one stretch of HEXISH_WINDOW or more to the next, reading a few
 * characters per window on ordinary text, and runs the trigger regex only inside the stretches.
 */
export function scanHexStreams(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  let trigger: RegExp | null = null; // made at the first stretch: most messages have none
  let from = 0;
  let i = 0;
  for (;;) {
    const w = findHexish(text, i);
    if (w < 0) return;
    let a = w;
    while (a > i && isHexishCode(text.charCodeAt(a - 1))) a--;
    let b = w + HEXISH_WINDOW;
    while (b < n && isHexishCode(text.charCodeAt(b))) b++;
    // The trigger runs on the stretch alone (a search of the whole text would go on past it). A stretch
    // starts after a character that is not hexish, as the trigger's lookbehind and '^' expect.
    const part = text.slice(a, b);
    trigger ??= new RegExp(HEX_TRIGGER.source, 'gm');
    trigger.lastIndex = Math.max(0, from - a);
    for (let m = trigger.exec(part); m; m = trigger.exec(part)) {
      const at = a + m.index;
      if (at < from) continue;
      from = readHexAt(text, at, out);
      if (from >= b) break;
      trigger.lastIndex = Math.max(from, at + 1) - a;
    }
    i = Math.max(b, from);
  }
}

/** Reads a dump or a hex stream at a trigger; returns where the search goes on. */
function readHexAt(text: string, at: number, out: EncodedBinaryFinding[]): number {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  // A dump is read from its line's start (the offset column).
  const dump = at - lineStart <= 8 ? readDump(text, lineStart, SAMPLE_BYTES) : null;
  if (dump && (dump.lines >= 2 || dump.count >= 16)) {
    const v = judgeHex(dump.bytes, dump.count, true, MIN_DUMP_BINARY_BYTES);
    if (v) out.push({ start: lineStart, end: dump.end, encoding: 'hex', ...(v.format ? { format: v.format } : {}), confidence: v.confidence, rule: `encoded.hex-dump${v.id}` });
    return dump.end;
  }
  const s = readHexStream(text, at, SAMPLE_BYTES);
  if (s.end <= at) return at + 1;
  // Bytes each written with a prefix ("\x01\xd7", "0x4d,0x5a" in C, C# and PowerShell arrays) are as explicit as escapes.
  const c0 = text.charCodeAt(at);
  const prefixed = c0 === 92 || (c0 === 48 && (text.charCodeAt(at + 1) | 32) === 120);
  const v = judgeHex(s.bytes, s.count, s.byteDump, prefixed ? MIN_ESCAPED_BINARY_BYTES : MIN_SEPARATED_BINARY_BYTES);
  if (v) out.push({ start: at, end: s.end, encoding: 'hex', ...(v.format ? { format: v.format } : {}), confidence: v.confidence, rule: `encoded.hex-bytes${v.id}` });
  return s.end;
}

// ---------------------------------------------------------------------------------------------------
// uuencode (and `uuencode -m`), yEnc, Ascii85

function isUuLine(text: string, s: number, e: number): boolean {
  const len = e - s;
  if (len < 2 || len > 64) return false;
  const declared = (text.charCodeAt(s) - 32) & 63;
  if (declared === 0 || declared > 45) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 96) return false;
  }
  const need = Math.ceil(declared / 3) * 4;
  return len - 1 >= need - 2 && len - 1 <= need + 1;
}

function isBase64Line(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (b64Value(c) < 0 && c !== 61) return false;
  }
  return true;
}

function lineEndAt(text: string, from: number): { e: number; next: number } {
  let nl = text.indexOf('\n', from);
  if (nl < 0) nl = text.length;
  return { e: nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}

export function scanLineEncodings(text: string, out: EncodedBinaryFinding[]): void {
  // Each form is looked for only when its literal occurs (a native search), not with a regex over every line.
  // "begin" lines and "=ybegin" headers both hold "begin": one search finds where either may start.
  const begins: number[] = [];
  for (let p = text.indexOf('begin'); p >= 0; p = text.indexOf('begin', p + 5)) begins.push(p);
  if (begins.length) {
    scanBeginLines(text, out, begins);
    scanYenc(text, out, begins);
  }
  if (text.startsWith('M') || text.includes('\nM')) scanUuLines(text, out);
  if (text.includes('<~')) scanAscii85(text, out);
}

/** Where a multiline `^` matches: the start of the text or after \n, \r, U+2028, U+2029. */
function atLineStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  return i === 0 || c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function scanBeginLines(text: string, out: EncodedBinaryFinding[], begins: readonly number[]): void {
  // "begin 644 name" / "begin-base64 644 name", then an encoded line: the matches of
  // /^begin(-base64)? [0-7]{3,4} \S[^\n]{0,250}$/gm, tried at the line starts that begin so.
  const re = /begin(-base64)? [0-7]{3,4} \S[^\n]{0,250}$/my;
  let from = 0;
  for (const at of begins) {
    if (at < from || !atLineStart(text, at)) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) continue;
    from = at + m[0].length;
    const { next } = lineEndAt(text, at);
    if (next > text.length) continue;
    const body = lineEndAt(text, next);
    const ok = m[1] ? body.e - next >= 4 && isBase64Line(text, next, body.e) : isUuLine(text, next, body.e);
    if (ok) out.push({ start: at, end: body.e, encoding: m[1] ? 'base64' : 'uuencode', confidence: 0.97, rule: `encoded.uuencode.${m[1] ? 'begin-base64' : 'begin'}` });
  }
}

function scanYenc(text: string, out: EncodedBinaryFinding[], begins: readonly number[]): void {
  // "=ybegin line=128 size=… name=…": the matches of /^=ybegin [^\n]{0,300}/gm, tried where "=y" and a
  // line start come before a "begin".
  const re = /=ybegin [^\n]{0,300}/y;
  let from = 0;
  for (const b of begins) {
    const at = b - 2;
    if (at < from || at < 0 || text.charCodeAt(at) !== 61 || text.charCodeAt(at + 1) !== 121 || !atLineStart(text, at)) continue;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) continue;
    from = at + m[0].length;
    if (/ size=\d+/.test(m[0]) && / name=\S/.test(m[0])) out.push({ start: at, end: from, encoding: 'yenc', confidence: 0.95, rule: 'encoded.yenc' });
  }
}

function scanUuLines(text: string, out: EncodedBinaryFinding[]): void {
  // Bare uuencoded body lines: full lines are 61 characters starting with 'M'; three in a row.
  let runStart = -1;
  let runLines = 0;
  let runEnd = 0;
  let expect = -1;
  // The lines /^M[ -`]{60}\r?$/m matches, found from the line starts with an 'M' (a native search)
  // instead of a multiline regex tried at every position.
  const nextStart = (from: number): number => {
    const i = text.indexOf('\nM', from);
    return i < 0 ? -1 : i + 1;
  };
  for (let at = text.startsWith('M') ? 0 : nextStart(0); at >= 0; at = nextStart(at)) {
    const e = at + 61;
    if (e > text.length) break;
    const lineEnd = text.charCodeAt(e) === 13 ? e + 1 : e; // where the '\n' (or the end of the text) must be
    if (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10) continue;
    if (!isUuLine(text, at, e)) continue; // (61 characters from ' ' to '`', as long as 'M' declares)
    if (at !== expect) {
      if (runLines >= 3) out.push({ start: runStart, end: runEnd, encoding: 'uuencode', confidence: 0.9, rule: 'encoded.uuencode.lines' });
      runStart = at;
      runLines = 0;
    }
    runLines++;
    runEnd = e;
    expect = lineEnd + 1;
  }
  if (runLines >= 3) out.push({ start: runStart, end: runEnd, encoding: 'uuencode', confidence: 0.9, rule: 'encoded.uuencode.lines' });
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
      out.push({ start, end: i + 2, encoding: 'ascii85', confidence: 0.9, rule: 'encoded.ascii85' });
      from = i + 2;
    } else from = Math.max(i, start + 2);
  }
}
