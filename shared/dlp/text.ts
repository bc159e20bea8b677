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
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(.)\1*$/u.test(v)) return true; // ********, xxxxxxxx, 00000000
  if (/^[<{[(%$].*[>}\])%]$/.test(v)) return true; // <password>, {{token}}, ${SECRET}, %PASSWORD%, [redacted]
  if (/^\$[A-Z_][A-Z0-9_]*$/.test(v)) return true; // $PASSWORD
  if (/^[*•xX#]{3,}.{0,6}$/.test(v)) return true; // masked with a short tail: ****1234
  const lower = v.toLowerCase();
  if (/(?:redacted|removed|placeholder|example|sample|dummy|your[-_ ]?|changeme_?here|xxxx|\*\*\*)/.test(lower)) return true;
  return false;
}
