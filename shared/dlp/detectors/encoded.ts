/**
 * ENCODED_BINARY: files smuggled as text. data: URIs; long base64 runs (also wrapped over lines) that
 * decode to binary; long hex runs that decode to binary or start with a file signature. Hashes, UUIDs and
 * base64 of plain text are not binary and are left alone. One hand-written pass over the text.
 */
import { clamp01, type ScanState } from './common.js';

const MIN_B64 = 120;
const MIN_HEX = 256;
const MIN_HEX_WITH_MAGIC = 32;

// 1 = base64 alphabet (incl. URL-safe), 2 = hex digit
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) CLASS[c]! |= 1;
  if (/[0-9A-Fa-f]/.test(ch)) CLASS[c]! |= 2;
}

const MAGIC: [string, number[]][] = [
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['exe', [0x4d, 0x5a]],
  ['elf', [0x7f, 0x45, 0x4c, 0x46]],
  ['ole', [0xd0, 0xcf, 0x11, 0xe0]],
  ['gzip', [0x1f, 0x8b]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf]],
  ['rar', [0x52, 0x61, 0x72, 0x21]],
];

function magicOf(bytes: Uint8Array): string | undefined {
  for (const [name, sig] of MAGIC) {
    if (sig.length > bytes.length) continue;
    let k = 0;
    while (k < sig.length && bytes[k] === sig[k]) k++;
    if (k === sig.length) return name;
  }
  return undefined;
}

const B64_VALUES = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => {
  B64_VALUES[ch.charCodeAt(0)] = i;
});
B64_VALUES[45] = 62; // '-'
B64_VALUES[95] = 63; // '_'

/** Share of bytes that plain text (ASCII or valid UTF-8) would not contain. */
export function binaryRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const step = badStep(bytes, i, bytes.length);
    if (step < 0) bad++;
    else i += step;
  }
  return bad / bytes.length;
}

/**
 * The byte at `i` of bytes[0, n): -1 when plain text would not hold it, otherwise how many further bytes
 * its (valid UTF-8) sequence takes. Reads bytes up to i + 3 only.
 */
function badStep(bytes: Uint8Array, i: number, n: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return (b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f ? -1 : 0;
  // validate one UTF-8 sequence
  const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
  let ok = len > 0 && i + len <= n;
  for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
  return ok ? len - 1 : -1;
}

/**
 * Bytes decoded so far from one run of the text, into a buffer reused across runs: classifying a run
 * usually needs only its first bytes (a file signature, a key blob) or the share of binary bytes in
 * part of it, so the run is decoded on demand rather than all at once (at most MAX_DECODE bytes;
 * characters outside the base64 alphabets, such as white space and padding, are skipped).
 */
const MAX_DECODE = 3072;
const BUF = new Uint8Array(MAX_DECODE);
let decText = '';
let decAt = 0; // next character to read
let decEnd = 0;
let decAcc = 0;
let decBits = 0;
let decN = 0; // bytes in BUF
let decCap = 0; // the most bytes the run decodes to: min(MAX_DECODE, ceil(3/4 of its characters))

function beginBase64(text: string, start: number, end: number): void {
  decText = text;
  decAt = start;
  decEnd = end;
  decAcc = 0;
  decBits = 0;
  decN = 0;
  decCap = Math.min(MAX_DECODE, Math.ceil(((end - start) * 3) / 4));
}

/** Decodes until `want` bytes are in BUF or the run (or the cap) is done; true when it is done. */
function decodeBase64To(want: number): boolean {
  const text = decText;
  const target = Math.min(want, decCap);
  let i = decAt;
  let acc = decAcc;
  let bits = decBits;
  let n = decN;
  for (; i < decEnd && n < target; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_VALUES[c]! : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      BUF[n++] = (acc >> bits) & 0xff;
    }
  }
  decAt = i;
  decAcc = acc;
  decBits = bits;
  decN = n;
  return n >= decCap || i >= decEnd;
}

/**
 * Whether binaryRatio(all the run's bytes) > `share`, decoding only as far as needed: the share of bad
 * bytes among all bytes is at least bad-so-far / decCap (there are at most decCap bytes), so once that
 * exceeds `share` the answer is known. A byte is judged only once the 3 after it are decoded (or the run
 * is done), so each judgement is the one binaryRatio makes.
 */
function base64RatioAbove(share: number): boolean {
  // The fewest bad bytes with bad / decCap > share (compared as integers in the loop).
  let enough = Math.max(1, Math.floor(share * decCap));
  while (enough > 1 && (enough - 1) / decCap > share) enough--;
  while (enough / decCap <= share) enough++;
  let bad = 0;
  let i = 0;
  let done = decN >= decCap || decAt >= decEnd;
  for (;;) {
    const ready = done ? decN : decN - 3;
    for (; i < ready; i++) {
      const step = badStep(BUF, i, decN);
      if (step >= 0) {
        i += step;
        continue;
      }
      if (++bad >= enough) return true;
    }
    if (done) break;
    done = decodeBase64To(Math.max(64, decN * 2));
  }
  return decN > 0 && bad / decN > share;
}

/** The payload of a data: URI: the base64 alphabet, padding and percent escapes. */
const DATA_URI_BODY = /[A-Za-z0-9+/_=%-]*/y;
/** One line of a run: the base64/hex alphabet and '=' padding (the RUN table). */
const RUN_LINE = /[A-Za-z0-9+/_=-]*/y;
const DATA_URI = /data:[A-Za-z0-9.+-]{1,40}\/[A-Za-z0-9.+-]{1,80}(?:;[A-Za-z0-9.+=-]{1,60}){0,5};base64,/iy;

export function detectEncoded(s: ScanState): void {
  const text = s.text;
  nlFrom = 1;
  nlAt = 0;
  // data: URIs, found by their ':' while it is rare (a search for "data:" looks for its common 'd');
  // past one ':' in 64 characters, by "data:" itself.
  let from = 0;
  let colon = 3; // ':' at or before here are looked at
  for (let budget = 64 + (text.length >> 6); ; ) {
    let at: number;
    if (budget > 0) {
      colon = text.indexOf(':', Math.max(colon + 1, from + 4));
      if (colon < 0) break;
      budget--;
      at = colon - 4;
      if (!text.startsWith('data', at)) continue;
    } else {
      at = text.indexOf('data:', from);
      if (at < 0) break;
    }
    from = at + 5;
    DATA_URI.lastIndex = at;
    const m = DATA_URI.exec(text);
    if (!m) continue;
    DATA_URI_BODY.lastIndex = at + m[0].length;
    DATA_URI_BODY.test(text);
    const end = Math.min(DATA_URI_BODY.lastIndex, at + 50_000_000);
    if (end - (at + m[0].length) >= 16) {
      s.push({ type: 'ENCODED_BINARY', start: at, end, confidence: 0.96, rule: 'encoded.data-uri' });
      from = end;
    }
  }
  scanRuns(s);
}

// 1 = may be inside a run: the base64/hex alphabet or '=' padding
const RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) RUN[c] = CLASS[c] !== 0 || c === 61 ? 1 : 0;
const isRunCode = (c: number): boolean => c < 128 && RUN[c] === 1;

/**
 * The first position at or after `from` where `width` run characters in a row start, or -1. Looks at the
 * last character of a candidate window first and skips past any character that cannot be in a run, so
 * on ordinary text it reads a few characters per window width; each character is read at most once.
 */
function findWindow(text: string, from: number, width: number): number {
  const n = text.length;
  let p = from;
  let known = from; // [p, known) are run characters
  while (p + width <= n) {
    let k = p + width - 1;
    while (k >= known && isRunCode(text.charCodeAt(k))) k--;
    if (k < known) return p;
    known = p + width;
    p = k + 1;
  }
  return -1;
}

/**
 * Runs of base64/hex characters (and '=' padding), continued across line breaks when lines are long
 * (wrapped base64). Only runs of MIN_HEX_WITH_MAGIC characters or more are classified, and every such
 * run holds that many run characters in a row (its first line does), so the scan jumps from one such
 * window to the next instead of reading every character.
 */
function scanRuns(s: ScanState): void {
  const text = s.text;
  const n = text.length;
  let i = 0;
  for (;;) {
    const w = findWindow(text, i, MIN_HEX_WITH_MAGIC);
    if (w < 0) break;
    // The run holding the window starts where its stretch of run characters does, past any '='
    // (characters before i belong to the previous run or are not run characters).
    let start = w;
    while (start > i && isRunCode(text.charCodeAt(start - 1))) start--;
    while (start < n && text.charCodeAt(start) === 61) start++;
    if (start >= n) break;
    const c = text.charCodeAt(start);
    if (c >= 128 || CLASS[c] === 0) {
      i = start; // the window was all padding
      continue;
    }
    // [start, w + width) are run characters already read: the first line is read on from there.
    i = Math.max(start, w + MIN_HEX_WITH_MAGIC);
    let lineStart = start;
    let end = i;
    for (;;) {
      RUN_LINE.lastIndex = i;
      RUN_LINE.test(text);
      i = end = RUN_LINE.lastIndex;
      const d = text.charCodeAt(i);
      if ((d === 10 || d === 13) && end - lineStart >= 60) {
        let j = i;
        while (j < n && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
        const e = text.charCodeAt(j);
        if (j < n && e < 128 && CLASS[e] !== 0 && j - i <= 2) {
          i = j;
          lineStart = j;
          continue;
        }
      }
      break;
    }
    if (end - start >= MIN_HEX_WITH_MAGIC) classifyRun(s, start, end);
  }
}

const PUBLIC_ARMOR = /-----BEGIN (?:CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|SSH2 PUBLIC KEY)-----\s*$/;
const SSH_KEY_PREFIX = /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) $/;

/**
 * Public keys and certificates are binary too, but sharing them is routine and harmless. They are let
 * through only when the bytes really are what the armor says (DER for PEM, an SSH key blob for ssh-*),
 * so a file cannot be slipped past by wrapping it in a certificate header.
 */
function isPublicKeyMaterial(text: string, start: number, bytes: Uint8Array): boolean {
  // Both prefixes end in '-' or `\s` (which holds some non-ASCII spaces).
  const c = text.charCodeAt(start - 1);
  if (!(c === 45 || c === 32 || (c >= 9 && c <= 13) || c >= 128)) return false;
  const before = text.slice(Math.max(0, start - 80), start);
  if (PUBLIC_ARMOR.test(before)) return bytes[0] === 0x30 && (bytes[1] === 0x82 || bytes[1] === 0x81 || bytes[1]! < 0x80);
  const ssh = SSH_KEY_PREFIX.exec(before);
  if (ssh) {
    const name = ssh[0].trim();
    const len = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    return len === name.length && String.fromCharCode(...bytes.subarray(4, 4 + len)) === name;
  }
  return false;
}

/** Whether text[from, end) is all hex digits and line breaks (and not empty). */
function isHexRun(text: string, from: number, end: number): boolean {
  if (from >= end) return false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & 2) === 0) {
      if (c !== 10 && c !== 13) return false;
    }
  }
  return true;
}

/**
 * Plain words, paths and identifiers use few digits and rarely mix cases throughout: whether the run
 * being decoded (beginBase64, `len` characters) is at least 10% upper-case letters, 10% lower-case and
 * 2% digits. Its characters are counted by their base64 values (A-Z are 0-25, a-z 26-51, 0-9 52-61) and
 * decoded in the same loop, up to where the shares are reached (or the decode cap), so the bytes judged
 * next are mostly decoded already. The counts only grow, so they are compared with the shares once per
 * block of characters; a run holds only ASCII characters.
 */
function mixesCharacters(len: number): boolean {
  const text = decText;
  const end = decEnd;
  const needUpper = len * 0.1;
  const needLower = len * 0.1;
  const needDigit = len * 0.02;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let acc = decAcc;
  let bits = decBits;
  let n = decN;
  const cap = decCap;
  let i = decAt;
  let mixed = false;
  // Counting and decoding until `cap` bytes are decoded...
  while (i < end && n < cap && !mixed) {
    const stop = Math.min(end, i + 32);
    for (; i < stop && n < cap; i++) {
      const v = B64_VALUES[text.charCodeAt(i)]!;
      if (v < 0) continue;
      if (v < 26) upper++;
      else if (v < 52) lower++;
      else if (v < 62) digit++;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        BUF[n++] = (acc >> bits) & 0xff;
      }
    }
    mixed = upper >= needUpper && lower >= needLower && digit >= needDigit;
  }
  decAt = i;
  decAcc = acc;
  decBits = bits;
  decN = n;
  // ...then counting only.
  while (i < end && !mixed) {
    const stop = Math.min(end, i + 64);
    for (; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c >= 97) lower++; // a-z are the only run characters from 'a' on
      else if (c >= 65 && c <= 90) upper++;
      else if (c >= 48 && c <= 57) digit++;
    }
    mixed = upper >= needUpper && lower >= needLower && digit >= needDigit;
  }
  return mixed;
}

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let c = 0; c < 128; c++) if (CLASS[c]! & 2) HEX_VALUES[c] = parseInt(String.fromCharCode(c), 16);

/**
 * Decodes up to MAX_DECODE bytes of the hex line text[from, to) into BUF; returns the byte count. A byte
 * is parseInt of its two characters (base 16), as a line may hold a stray '\r': parseInt skips it in
 * front, stops at it behind, and gives NaN (stored as 0) for two of them.
 */
function decodeHexLine(text: string, from: number, to: number, maxBytes: number): number {
  const n = Math.min(maxBytes, (to - from) >> 1);
  for (let k = 0; k < n; k++) {
    const c1 = text.charCodeAt(from + 2 * k);
    const c2 = text.charCodeAt(from + 2 * k + 1);
    const h1 = c1 < 128 ? HEX_VALUES[c1]! : -1;
    const h2 = c2 < 128 ? HEX_VALUES[c2]! : -1;
    BUF[k] = h1 >= 0 ? (h2 >= 0 ? h1 * 16 + h2 : h1) : h2 >= 0 ? h2 : 0;
  }
  return n;
}

/** The first '\n' at or after nlFrom is at nlAt (or nlAt is the text's length). */
let nlFrom = 1;
let nlAt = 0;

/**
 * The first '\n' at or after `from` (or the text's length). Runs are classified left to right, so each
 * search starts past the previous answer: the text is searched once in all.
 */
function newlineFrom(text: string, from: number): number {
  if (from < nlFrom || from > nlAt) {
    const at = text.indexOf('\n', from);
    nlFrom = from;
    nlAt = at < 0 ? text.length : at;
  }
  return nlAt;
}

function classifyRun(s: ScanState, start: number, end: number): void {
  const len = end - start;
  const text = s.text;
  const c1 = text.charCodeAt(start + 1);
  const hexOffset = text.charCodeAt(start) === 48 && (c1 === 120 || c1 === 88) ? 2 : 0; // 0x, 0X
  const allHex = isHexRun(text, start + hexOffset, end);
  // Most long runs are neither hex nor long enough for base64 (paths, URLs, identifiers).
  if (!allHex && len < MIN_B64) return;
  if (allHex) {
    // Hex is classified line by line: a list of hashes, one per line, is not a file. A line's bytes
    // are decoded only as far as its verdict needs (a signature reads 4).
    const first = start + hexOffset;
    for (let lineAt = first; ; ) {
      const e = Math.min(end, newlineFrom(text, lineAt));
      const hexEnd = e > lineAt && text.charCodeAt(e - 1) === 13 ? e - 1 : e; // without a trailing '\r'
      const hexLen = hexEnd - lineAt;
      const magic = magicOf(BUF.subarray(0, decodeHexLine(text, lineAt, hexEnd, 4)));
      const lineStart = lineAt === first ? start : lineAt;
      if (magic && hexLen >= MIN_HEX_WITH_MAGIC) {
        s.push({ type: 'ENCODED_BINARY', start: lineStart, end: hexEnd, confidence: 0.93, rule: `encoded.hex.${magic}` });
      } else if (hexLen >= MIN_HEX && binaryRatio(BUF.subarray(0, decodeHexLine(text, lineAt, hexEnd, MAX_DECODE))) > 0.2) {
        s.push({ type: 'ENCODED_BINARY', start: lineStart, end: hexEnd, confidence: 0.85, rule: 'encoded.hex' });
      }
      if (e >= end) break;
      lineAt = e + 1;
    }
    return;
  }
  if (len < MIN_B64) return;
  beginBase64(text, start, end);
  if (!mixesCharacters(len)) return;
  // The first 64 bytes hold any file signature and the start of a key blob.
  decodeBase64To(64);
  const head = BUF.subarray(0, decN);
  if (isPublicKeyMaterial(text, start, head)) return;
  const magic = magicOf(head);
  if (magic) {
    s.push({ type: 'ENCODED_BINARY', start, end, confidence: 0.97, rule: `encoded.base64.${magic}` });
    return;
  }
  if (base64RatioAbove(0.15)) {
    s.push({ type: 'ENCODED_BINARY', start, end, confidence: clamp01(len >= 400 ? 0.92 : 0.85), rule: 'encoded.base64' });
  }
}
