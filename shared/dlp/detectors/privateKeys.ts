/** PRIVATE_KEY: PEM (RSA, EC, DSA, PKCS#8, OpenSSH, encrypted), PGP private key blocks and PuTTY key files. */
import { isAlnumCode } from '../text.js';
import type { EngineRegexes } from '../regexes.js';
import { type ScanState } from './common.js';
import { hasRunOf } from './secretRules.js';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/;
/** [A-Za-z0-9+/=\\]: characters of a base64 body (also escaped newlines). */
const isB64LineCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 47 || c === 61 || c === 92;
const FAKE_BODY = /EXAMPLE|\.\.\.|…|<[a-z -]+>/;

/**
 * Whether the body matches /(.)\1{15,}|EXAMPLE|\.\.\.|…|<[a-z -]+>/ (a placeholder, not a key): the
 * literals with a regex, the run of 16 equal characters (other than line terminators) with a loop that
 * looks at the last character of each 16-character window first.
 */
function looksLikeFakeBody(text: string, start: number, end: number): boolean {
  return FAKE_BODY.test(text.slice(start, end)) || hasRunOf(text, 16, start, end);
}
/** An 8192-bit RSA key in PEM is about 6.5 KB; leave room for headers and escaped newlines. */
const MAX_KEY_CHARS = 16_384;

/**
 * Where "-----BEGIN " and "-----END " occur, in one regex search: the regex engine skips ahead over
 * text without dashes (searching each marker on its own took two passes, and looking for five dashes
 * with a string search reads every dash on its own).
 */
const PEM_MARKER = /-----(?:BEGIN|END) /;
function pemMarkers(text: string, begins: number[], ends: number[], rx: EngineRegexes): void {
  const marker = rx.global(PEM_MARKER);
  marker.lastIndex = 0;
  while (marker.test(text)) {
    const e = marker.lastIndex;
    if (text.charCodeAt(e - 6) === 66) begins.push(e - 11); // "BEGIN "
    else ends.push(e - 9);
  }
}

/**
 * "PuTTY-User-Key-File-": its first five characters are searched (a rare capital, a short search), the
 * whole literal once "PuTTY" turns out not to be rare.
 */
function puttyAt(text: string): number {
  let misses = 0;
  for (let q = text.indexOf('PuTTY'); q >= 0; q = text.indexOf('PuTTY', q + 5)) {
    if (text.startsWith('-User-Key-File-', q + 5)) return q;
    if (++misses === 16) return text.indexOf('PuTTY-User-Key-File-', q + 5);
  }
  return -1;
}

export function detectPrivateKeys(s: ScanState): void {
  const text = s.text;
  const begins: number[] = [];
  const ends: number[] = [];
  pemMarkers(text, begins, ends, s.rx);
  let from = 0;
  // Cursors into begins and ends: the positions they are asked about only grow.
  let nb = 0;
  let ne = 0;
  for (let b = 0; ; ) {
    while (b < begins.length && begins[b]! < from) b++;
    if (b === begins.length) break;
    const at = begins[b]!;
    from = at + 11;
    const head = s.rx.execAt(PEM_BEGIN, text, at);
    if (!head) continue;
    const bodyStart = at + head[0].length;
    let end = -1;
    let endAt = -1;
    // The END must belong to this key: before the next BEGIN and within the size of a large key. The
    // ENDs looked at lie between this key's body and the next BEGIN, so each is looked at once.
    while (nb < begins.length && begins[nb]! < bodyStart) nb++;
    while (ne < ends.length && ends[ne]! < bodyStart) ne++;
    const limit = Math.min(nb === begins.length ? text.length : begins[nb]!, bodyStart + MAX_KEY_CHARS);
    for (let k = ne; k < ends.length && ends[k]! < limit; k++) {
      const tail = s.rx.execAt(PEM_END, text, ends[k]!);
      if (tail) {
        endAt = ends[k]!;
        end = endAt + tail[0].length;
        break;
      }
    }
    const bodyEnd = end >= 0 ? endAt : scanBase64Block(text, bodyStart);
    let b64 = 0;
    for (let i = bodyStart; i < bodyEnd && b64 < 64; i++) if (isB64LineCode(text.charCodeAt(i))) b64++;
    const fake = looksLikeFakeBody(text, bodyStart, bodyEnd);
    let conf = b64 >= 64 ? (end >= 0 ? 0.99 : 0.95) : 0.4;
    if (fake) conf = 0.3;
    s.push({ type: 'PRIVATE_KEY', start: at, end: end >= 0 ? end : bodyEnd, confidence: conf, rule: 'private-key.pem' });
    from = Math.max(from, end >= 0 ? end : bodyEnd);
  }
  const putty = puttyAt(text);
  if (putty >= 0) {
    const priv = text.indexOf('Private-Lines:', putty);
    if (priv >= 0) {
      const end = scanBase64Block(text, text.indexOf('\n', priv) + 1 || text.length);
      s.push({ type: 'PRIVATE_KEY', start: putty, end: Math.max(end, priv + 14), confidence: 0.97, rule: 'private-key.putty' });
    }
  }
}

/** End of a block of base64 lines starting at `from` (for keys pasted without their END line). */
function scanBase64Block(text: string, from: number): number {
  let i = from;
  let end = from;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    const line = text.slice(i, j).trim();
    if (line.length > 0 && !/^[A-Za-z0-9+/=\\:-]+$/.test(line.replace(/\\n/g, ''))) break;
    if (line.length > 0) end = i + text.slice(i, j).trimEnd().length;
    i = j + 1;
  }
  return end;
}

