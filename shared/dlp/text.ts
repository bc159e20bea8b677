/** Small text helpers shared by the detectors. Offsets are UTF-16 code units. */

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || isAsciiLetterCode(c);
}
/** Letters outside ASCII count as word characters too, so "é123" is not a bare number. */
export function isWordishCode(c: number): boolean {
  return isAlnumCode(c) || c === 95 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
}

/** Lower-cased copy with the same length (String#toLowerCase can change length for a few characters). */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** The line holding `at`: its start and its end (the next line break, or the text's end). */
export function lineAt(text: string, at: number): [start: number, end: number] {
  const nl = text.indexOf('\n', at);
  return [text.lastIndexOf('\n', at - 1) + 1, nl < 0 ? text.length : nl];
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Index of the first number >= x in a sorted array (no key function: one shape, no closure per call). */
export function lowerBoundOf(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element with key >= x in a sorted array. */
export function lowerBound<T>(arr: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(arr[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Values people type when they mean "no real value here". */
export function isPlaceholder(value: string): boolean {
  // Called for many candidate values: the anchored shapes are read by character code, with the results
  // of these regexes on the trimmed value: /^(.)\1*$/u, /^[<{[(%$].*[>}\])%]$/, /^\$[A-Z_][A-Z0-9_]*$/,
  // /^[*•xX#]{3,}.{0,6}$/; then the placeholder words (see hasPlaceholderWord).
  const n0 = value.length;
  if (n0 === 0) return true;
  // trim() only when an end may be white space (it allocates).
  const v = isPlainCode(value.charCodeAt(0)) && isPlainCode(value.charCodeAt(n0 - 1)) ? value : value.trim();
  const n = v.length;
  if (n === 0) return true;
  const c0 = v.charCodeAt(0);
  const last = v.charCodeAt(n - 1);
  if (isRepeated(v)) return true; // ********, xxxxxxxx, 00000000
  // <password>, {{token}}, ${SECRET}, %PASSWORD%, [redacted] (`.` is any character but a line break)
  if (n >= 2 && isOpenerCode(c0) && isCloserCode(last) && !hasLineBreak(v, 1, n - 1)) return true;
  if (c0 === DOLLAR && n >= 2 && isEnvNameTail(v)) return true; // $PASSWORD
  // Masked with a short tail: ****1234 (the longest masked run leaves the shortest tail).
  let r = 0;
  while (r < n && isMaskCode(v.charCodeAt(r))) r++;
  if (r >= 3 && n - r <= 6 && !hasLineBreak(v, r, n)) return true;
  return hasPlaceholderWord(v);
}

const DOLLAR = 36;

/** ASCII from '!' to '~': no white space, so trim() would change nothing at that end. */
const isPlainCode = (c: number): boolean => c > 32 && c < 127;

/** Line terminators, which `.` does not match: \n, \r, U+2028, U+2029. */
const isLineBreakCode = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

function hasLineBreak(v: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLineBreakCode(v.charCodeAt(i))) return true;
  return false;
}

/** < { [ ( % $ */
const isOpenerCode = (c: number): boolean => c === 60 || c === 123 || c === 91 || c === 40 || c === 37 || c === DOLLAR;
/** > } ] ) % */
const isCloserCode = (c: number): boolean => c === 62 || c === 125 || c === 93 || c === 41 || c === 37;
/** * • x X # */
const isMaskCode = (c: number): boolean => c === 42 || c === 0x2022 || c === 120 || c === 88 || c === 35;

/**
 * /^(.)\1*$/u on a trimmed value: one code point (a surrogate pair or a single unit) repeated. (A line
 * break cannot be the first character of a trimmed value, so `.` excluding it changes nothing.)
 */
function isRepeated(v: string): boolean {
  const n = v.length;
  const c0 = v.charCodeAt(0);
  const pair = c0 >= 0xd800 && c0 <= 0xdbff && n > 1 && (v.charCodeAt(1) & 0xfc00) === 0xdc00;
  if (!pair) {
    for (let i = 1; i < n; i++) if (v.charCodeAt(i) !== c0) return false;
    return true;
  }
  if (n % 2 !== 0) return false;
  const c1 = v.charCodeAt(1);
  for (let i = 2; i < n; i += 2) if (v.charCodeAt(i) !== c0 || v.charCodeAt(i + 1) !== c1) return false;
  return true;
}

/** The rest of /^\$[A-Z_][A-Z0-9_]*$/ after the '$' (the value has two characters or more). */
function isEnvNameTail(v: string): boolean {
  const c1 = v.charCodeAt(1);
  if (!((c1 >= 65 && c1 <= 90) || c1 === 95)) return false;
  for (let i = 2; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/**
 * Whether v.toLowerCase() contains one of the placeholder words. The words are ASCII without 'i' or
 * 'k', and outside ASCII only U+0130 (to "i\u0307") and U+212A (to "k") lower-case to ASCII letters,
 * so the same search with A-Z folded (the regex's `i` flag without `u`) finds the same words, without
 * a lower-cased copy.
 */
const PLACEHOLDER_WORD = /redacted|removed|placeholder|example|sample|dummy|your|change[-_]?me|xxxx|\*\*\*/i;
const hasPlaceholderWord = (v: string): boolean => PLACEHOLDER_WORD.test(v);

/**
 * A set of lower-case words looked up by a span of the text, A-Z folded to a-z, without a lower-cased
 * copy of the span (a slice and toLowerCase per word read was a hot line of the label readers). Only
 * A-Z differ in case among the characters compared; anything else must match exactly.
 */
export class WordsByLength {
  private readonly byLength: string[][] = [];

  constructor(words: Iterable<string>) {
    for (const w of words) (this.byLength[w.length] ??= []).push(w);
  }

  /** The word that text[i, j) spells, or undefined. */
  at(text: string, i: number, j: number): string | undefined {
    const list = this.byLength[j - i];
    if (list === undefined) return undefined;
    next: for (let q = 0; q < list.length; q++) {
      const w = list[q]!;
      for (let k = 0; k < w.length; k++) {
        let c = text.charCodeAt(i + k);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== w.charCodeAt(k)) continue next;
      }
      return w;
    }
    return undefined;
  }
}
