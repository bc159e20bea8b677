/**
 * Long runs of base64 or hex characters (base64 also wrapped over lines) that decode to binary or start
 * with a file signature. Hashes, UUIDs, identifiers and base64 of plain text are not binary and are left
 * alone. The scan jumps from one window of run characters to the next; runs are decoded on demand.
 */
import { B64_VALUES, badStep, binaryRatio, HEX_VALUES } from './bytes.js';
import { mayStartSignature, SIGNATURE_BYTES, signatureOf } from './signatures.js';
import type { EncodedBinaryFinding } from './types.js';

/** Shortest base64 run judged as binary without a signature. */
const MIN_B64 = 120;
/** Shortest base64 run judged by its signature: 24 bytes (the smallest real files: a 1×1 GIF is 35). */
const MIN_B64_SIGNATURE = 32;
const MIN_HEX = 256;
const MIN_HEX_WITH_MAGIC = 32;
/** Width of the window the scan jumps by: the shortest run classified. */
const WINDOW = Math.min(MIN_B64_SIGNATURE, MIN_HEX_WITH_MAGIC);
const MAX_DECODE = 3072;

// 1 = base64 alphabet (incl. URL-safe), 2 = hex digit; RUN: may be inside a run (those and '=' padding)
const CLASS = new Uint8Array(128);
const RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (B64_VALUES[c]! >= 0) CLASS[c]! |= 1;
  if (HEX_VALUES[c]! >= 0) CLASS[c]! |= 2;
  RUN[c] = CLASS[c] !== 0 || c === 61 ? 1 : 0;
}
const isRunCode = (c: number): boolean => c < 128 && RUN[c] === 1;

/** One line of a run: the base64/hex alphabet and '=' padding. Sticky; every use sets lastIndex. */
const runLine = (): RegExp => /[A-Za-z0-9+/_=-]*/y;

/**
 * A run's bytes, decoded so far into one buffer per scan: classifying a run usually needs only its first
 * bytes (a file signature, a key blob) or the share of binary bytes in part of it, so the run is decoded on
 * demand (at most MAX_DECODE bytes; characters outside the alphabets, such as line breaks, are skipped).
 */
class RunDecoder {
  readonly buf = new Uint8Array(MAX_DECODE);
  text = '';
  at = 0;
  end = 0;
  acc = 0;
  bits = 0;
  n = 0;
  /** The most bytes the run decodes to: min(MAX_DECODE, ceil(3/4 of its characters)). */
  cap = 0;

  begin(text: string, start: number, end: number): void {
    this.text = text;
    this.at = start;
    this.end = end;
    this.acc = 0;
    this.bits = 0;
    this.n = 0;
    this.cap = Math.min(MAX_DECODE, Math.ceil(((end - start) * 3) / 4));
  }

  /** Decodes until `want` bytes are in buf or the run (or the cap) is done; true when it is done. */
  decodeTo(want: number): boolean {
    const { text, end, buf } = this;
    const target = Math.min(want, this.cap);
    let i = this.at;
    let acc = this.acc;
    let bits = this.bits;
    let n = this.n;
    for (; i < end && n < target; i++) {
      const c = text.charCodeAt(i);
      const v = c < 128 ? B64_VALUES[c]! : -1;
      if (v < 0) continue;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        buf[n++] = (acc >> bits) & 0xff;
      }
    }
    this.at = i;
    this.acc = acc;
    this.bits = bits;
    this.n = n;
    return n >= this.cap || i >= end;
  }

  /**
   * Whether binaryRatio(all the run's bytes) > `share`, decoding only as far as needed: once the bad bytes
   * so far exceed share × cap, the answer is known. A byte is judged once the 3 after it are decoded (or
   * the run is done), so each judgement is the one binaryRatio makes.
   */
  ratioAbove(share: number): boolean {
    const cap = this.cap;
    const buf = this.buf;
    let enough = Math.max(1, Math.floor(share * cap));
    while (enough > 1 && (enough - 1) / cap > share) enough--;
    while (enough / cap <= share) enough++;
    let bad = 0;
    let i = 0;
    let n = this.n;
    let done = n >= cap || this.at >= this.end;
    for (;;) {
      const ready = done ? n : n - 3;
      for (; i < ready; i++) {
        const step = badStep(buf, i, n);
        if (step >= 0) {
          i += step;
          continue;
        }
        if (++bad >= enough) return true;
      }
      if (done) break;
      done = this.decodeTo(Math.max(64, n * 2));
      n = this.n;
    }
    return n > 0 && bad / n > share;
  }

  /**
   * Plain words, paths and identifiers use few digits and rarely mix cases throughout: whether the run is
   * at least 10% upper-case letters, 10% lower-case and 2% digits (counted by base64 value: A-Z are 0-25,
   * a-z 26-51, 0-9 52-61), decoding in the same loop up to the cap.
   */
  mixesCharacters(from: number, len: number): boolean {
    const needUpper = len * 0.1;
    const needLower = len * 0.1;
    const needDigit = len * 0.02;
    let upper = 0;
    let lower = 0;
    let digit = 0;
    const { text, end } = this;
    let i = from;
    let mixed = false;
    while (i < end && !mixed) {
      const stop = Math.min(end, i + 64);
      for (; i < stop; i++) {
        const v = B64_VALUES[text.charCodeAt(i)] ?? -1;
        if (v < 0) continue;
        if (v < 26) upper++;
        else if (v < 52) lower++;
        else if (v < 62) digit++;
      }
      mixed = upper >= needUpper && lower >= needLower && digit >= needDigit;
    }
    return mixed;
  }
}

/** The first position at or after `from` where WINDOW run characters in a row start, or -1. */
function findWindow(text: string, from: number): number {
  const n = text.length;
  let p = from;
  let known = from; // [p, known) are run characters
  while (p + WINDOW <= n) {
    let k = p + WINDOW - 1;
    while (k >= known && isRunCode(text.charCodeAt(k))) k--;
    if (k < known) return p;
    known = p + WINDOW;
    p = k + 1;
  }
  return -1;
}

const PUBLIC_ARMOR = /-----BEGIN (?:CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|SSH2 PUBLIC KEY)-----\s*$/;
const SSH_KEY_PREFIX = /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) $/;

/**
 * Public keys and certificates are binary too, but sharing them is routine and harmless. They are let
 * through only when the bytes really are what the armor says (DER for PEM, an SSH key blob for ssh-*).
 */
function isPublicKeyMaterial(text: string, start: number, bytes: Uint8Array): boolean {
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

function isHexRun(text: string, from: number, end: number): boolean {
  if (from >= end) return false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 128 || (CLASS[c]! & 2) === 0) && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** Decodes up to `maxBytes` bytes of the hex line text[from, to) into buf (a stray '\r' reads as parseInt would). */
function decodeHexLine(buf: Uint8Array, text: string, from: number, to: number, maxBytes: number): number {
  const n = Math.min(maxBytes, (to - from) >> 1);
  for (let k = 0; k < n; k++) {
    const c1 = text.charCodeAt(from + 2 * k);
    const c2 = text.charCodeAt(from + 2 * k + 1);
    const h1 = c1 < 128 ? HEX_VALUES[c1]! : -1;
    const h2 = c2 < 128 ? HEX_VALUES[c2]! : -1;
    buf[k] = h1 >= 0 ? (h2 >= 0 ? h1 * 16 + h2 : h1) : h2 >= 0 ? h2 : 0;
  }
  return n;
}

/** Per-scan state: the decoder and a cursor over line breaks (runs are classified left to right). */
class RunScan {
  readonly dec = new RunDecoder();
  private nlFrom = 1;
  private nlAt = 0;
  constructor(
    readonly text: string,
    readonly out: EncodedBinaryFinding[],
  ) {}

  newlineFrom(from: number): number {
    if (from < this.nlFrom || from > this.nlAt) {
      const at = this.text.indexOf('\n', from);
      this.nlFrom = from;
      this.nlAt = at < 0 ? this.text.length : at;
    }
    return this.nlAt;
  }

  classify(start: number, end: number): void {
    const { text, out, dec } = this;
    const len = end - start;
    const c1 = text.charCodeAt(start + 1);
    const hexOffset = text.charCodeAt(start) === 48 && (c1 === 120 || c1 === 88) ? 2 : 0; // 0x, 0X
    if (isHexRun(text, start + hexOffset, end)) {
      if (len < MIN_HEX_WITH_MAGIC) return;
      // Line by line: a list of hashes, one per line, is not a file.
      const first = start + hexOffset;
      for (let lineAt = first; ; ) {
        const e = Math.min(end, this.newlineFrom(lineAt));
        const hexEnd = e > lineAt && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
        const hexLen = hexEnd - lineAt;
        const lineStart = lineAt === first ? start : lineAt;
        // 8 bytes rule out most lines (hashes, ids); the rest are decoded as far as a signature reaches.
        const head = hexLen >= MIN_HEX_WITH_MAGIC ? decodeHexLine(dec.buf, text, lineAt, hexEnd, 8) : 0;
        const sig = head > 0 && mayStartSignature(dec.buf, head) ? signatureOf(dec.buf.subarray(0, decodeHexLine(dec.buf, text, lineAt, hexEnd, SIGNATURE_BYTES))) : undefined;
        if (sig) out.push({ start: lineStart, end: hexEnd, encoding: 'hex', format: sig.format, confidence: 0.93, rule: `encoded.hex.${sig.id}` });
        else if (hexLen >= MIN_HEX && binaryRatio(dec.buf.subarray(0, decodeHexLine(dec.buf, text, lineAt, hexEnd, MAX_DECODE))) > 0.2) {
          out.push({ start: lineStart, end: hexEnd, encoding: 'hex', confidence: 0.85, rule: 'encoded.hex' });
        }
        if (e >= end) break;
        lineAt = e + 1;
      }
      return;
    }
    if (len < MIN_B64_SIGNATURE) return;
    dec.begin(text, start, end);
    // Most runs are identifiers or tokens: their first 8 bytes start no signature (a tar header, whose
    // mark is at 257, is binary enough for the ratio below).
    dec.decodeTo(8);
    let sig = mayStartSignature(dec.buf, dec.n) ? (dec.decodeTo(SIGNATURE_BYTES), signatureOf(dec.buf.subarray(0, dec.n))) : undefined;
    if (sig?.id === 'tar') sig = undefined;
    if (len < MIN_B64) {
      if (sig && !isPublicKeyMaterial(text, start, dec.buf.subarray(0, dec.n))) {
        out.push({ start, end, encoding: 'base64', format: sig.format, confidence: 0.97, rule: `encoded.base64.${sig.id}` });
      }
      return;
    }
    if (!sig && !dec.mixesCharacters(start, len)) return;
    dec.decodeTo(64);
    if (isPublicKeyMaterial(text, start, dec.buf.subarray(0, dec.n))) return;
    if (sig) {
      out.push({ start, end, encoding: 'base64', format: sig.format, confidence: 0.97, rule: `encoded.base64.${sig.id}` });
      return;
    }
    if (dec.ratioAbove(0.15)) out.push({ start, end, encoding: 'base64', confidence: len >= 400 ? 0.92 : 0.85, rule: 'encoded.base64' });
  }
}

/**
 * Runs of base64/hex characters (and '=' padding), continued across line breaks when lines are long
 * (wrapped base64). Every classified run holds WINDOW run characters in a row (its first line does), so
 * the scan jumps from one such window to the next instead of reading every character.
 */
export function scanRuns(text: string, out: EncodedBinaryFinding[]): void {
  const n = text.length;
  // Made at the first window: most chat messages have none.
  let scan: RunScan | null = null;
  let line: RegExp | null = null;
  let i = 0;
  for (;;) {
    const w = findWindow(text, i);
    if (w < 0) break;
    scan ??= new RunScan(text, out);
    line ??= runLine();
    let start = w;
    while (start > i && isRunCode(text.charCodeAt(start - 1))) start--;
    while (start < n && text.charCodeAt(start) === 61) start++;
    if (start >= n) break;
    const c = text.charCodeAt(start);
    if (c >= 128 || CLASS[c] === 0) {
      i = start;
      continue;
    }
    i = Math.max(start, w + WINDOW);
    let lineStart = start;
    let end = i;
    for (;;) {
      line.lastIndex = i;
      line.test(text);
      i = end = line.lastIndex;
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
    // A run that sits inside a word ("abc...xyz" after letters) starts at a word character: still a run.
    if (end - start >= WINDOW) scan.classify(start, end);
  }
}
