/**
 * Where the secret rules that hold a rare literal (':', '=', "://", "Q~") can start: each rule's sticky
 * regex runs only at these candidates instead of searching the whole text.
 */
import { isAlnumCode, isAsciiLetterCode } from '../text.js';

/**
 * Where ':', '=' and "://" occur in the text, each found once per scan (on demand) and shared by the
 * rules whose matches hold one: a URL, a "name = value" or "name: value". ':' and '=' are rare in prose,
 * so a search for one skips far, unlike a search for the rules' names (their first letters are common)
 * or a regex over the whole text. Where they are not rare, the work per mark would cost more than a
 * regex search, so there are no marks (null).
 */
export class Marks {
  private text = '';
  private colonsAt: number[] | null | undefined;
  private equalsAt: number[] | null | undefined;
  private urlsAt: number[] | undefined;
  begin(text: string): void {
    this.text = text;
    this.colonsAt = this.equalsAt = this.urlsAt = undefined;
  }
  /** Positions of ':'. */
  colons(): readonly number[] | null {
    if (this.colonsAt === undefined) this.colonsAt = rarePositionsOf(this.text, ':');
    return this.colonsAt;
  }
  /** Positions of '='. */
  equals(): readonly number[] | null {
    if (this.equalsAt === undefined) this.equalsAt = rarePositionsOf(this.text, '=');
    return this.equalsAt;
  }
  /** Positions of "://" (each one a candidate for the URL rules, however many): from the ':' when known. */
  urls(): readonly number[] {
    if (this.urlsAt) return this.urlsAt;
    const text = this.text;
    const colons = this.colons();
    if (colons) return (this.urlsAt = colons.filter((c) => text.startsWith('//', c + 1)));
    const at: number[] = [];
    for (let c = text.indexOf('://'); c >= 0; c = text.indexOf('://', c + 3)) at.push(c);
    return (this.urlsAt = at);
  }
}

/**
 * Positions of a character, or null once more than 256 of them come at more than one in 32 characters
 * (counted from the start of the text), so dense text is given up on early.
 */
export function rarePositionsOf(text: string, ch: string): number[] | null {
  const at: number[] = [];
  for (let p = text.indexOf(ch); p >= 0; p = text.indexOf(ch, p + 1)) {
    if (at.length >= 256 && at.length * 32 > p) return null;
    at.push(p);
  }
  return at;
}

/**
 * Finds the positions where a rule's match may start (a superset, ascending), so its regex runs
 * anchored there instead of searching the whole text; null: search the whole text with the rule's regex.
 */
export type Anchor = (text: string, marks: Marks) => number[] | null;

/** Sorts candidates that came out of order (several marks may point at the same start) and drops repeats. */
export function ascending(starts: number[]): number[] {
  let sorted = true;
  for (let k = 1; k < starts.length && sorted; k++) sorted = starts[k - 1]! < starts[k]!;
  if (sorted) return starts;
  starts.sort((a, b) => a - b);
  return starts.filter((p, k) => k === 0 || p !== starts[k - 1]);
}

export const isSchemeCode = (c: number): boolean => isAlnumCode(c) || c === 43 || c === 46 || c === 45; // [A-Za-z0-9+.-]
export const isWordCode = (c: number): boolean => isAlnumCode(c) || c === 95;

/**
 * Starts of `\b[A-Za-z][A-Za-z0-9+.-]{1,20}://`: the scheme ends at a "://", so only the 21 characters
 * before each "://" are looked at.
 */
export const schemeStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) {
    const lo = Math.max(0, c - 21);
    let q = c;
    while (q > lo && isSchemeCode(text.charCodeAt(q - 1))) q--;
    for (; q <= c - 2; q++) {
      // `\b` before a letter: the character before is not a word character.
      if (isAsciiLetterCode(text.charCodeAt(q)) && (q === 0 || !isWordCode(text.charCodeAt(q - 1)))) starts.push(q);
    }
  }
  return ascending(starts);
};

/** Whether "https" ends at `c` (read by character code: a call per URL showed on URL-dense text). */
export const httpsBefore = (text: string, c: number): boolean =>
  text.charCodeAt(c - 1) === 115 && text.charCodeAt(c - 2) === 112 && text.charCodeAt(c - 3) === 116 && text.charCodeAt(c - 4) === 116 && text.charCodeAt(c - 5) === 104 && c >= 5;

/** Starts of "https://hooks.slack.com/": five characters before a "://". */
export const slackHookStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) if (text.charCodeAt(c + 3) === 104 && httpsBefore(text, c) && text.startsWith('hooks.slack.com/', c + 3)) starts.push(c - 5);
  return starts;
};

/** Starts of `https://[A-Za-z0-9-]{1,60}\.webhook\.office\.com/`: five characters before a "://". */
export const teamsHookStarts: Anchor = (text, marks) => {
  const starts: number[] = [];
  for (const c of marks.urls()) {
    if (!httpsBefore(text, c)) continue;
    let e = c + 3;
    while (e < c + 63 && (isAlnumCode(text.charCodeAt(e)) || text.charCodeAt(e) === 45)) e++;
    if (e > c + 3 && text.charCodeAt(e) === 46 && text.startsWith('.webhook.office.com/', e)) starts.push(c - 5);
  }
  return starts;
};

/**
 * Whether the code unit may stand between a name and its ':' or '=': a quote or `\s` (any non-ASCII
 * character, as `\s` holds some). Most marks are refused by the character before them.
 */
export const mayPad = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 34 || c === 39 || c >= 128;

/** Starts of `(?:AccountKey|SharedAccessKey)\s{0,3}=`: the names ending up to 3 characters before a '='. */
export const storageKeyStarts: Anchor = (text, marks) => {
  const equals = marks.equals();
  if (!equals) return null;
  const starts: number[] = [];
  for (const q of equals) {
    const before = text.charCodeAt(q - 1);
    if (before !== 121 && !mayPad(before)) continue; // y
    for (let e = Math.max(0, q - 3); e <= q; e++) {
      if (e >= 10 && text.startsWith('AccountKey', e - 10)) starts.push(e - 10);
      else if (e >= 15 && text.startsWith('SharedAccessKey', e - 15)) starts.push(e - 15);
    }
  }
  return ascending(starts);
};

/** Starts of `[?&]sig=`: four characters before a '='. */
export const sigStarts: Anchor = (text, marks) => {
  const equals = marks.equals();
  if (!equals) return null;
  const starts: number[] = [];
  for (const q of equals) {
    const c = q >= 4 ? text.charCodeAt(q - 4) : 0;
    if ((c === 63 || c === 38) && text.startsWith('sig', q - 3)) starts.push(q - 4);
  }
  return starts;
};

export const foldedIs = (c: number, lower: number): boolean => (c | 0x20) === lower;

/**
 * Starts of `(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)["']?\s{0,3}[:=]` (any
 * case): a name of 15 to 21 characters, starting with 'a' or 's' and ending in "key", that ends up to
 * 4 characters before a ':' or '='.
 */
export const awsSecretStarts: Anchor = (text, marks) => {
  const colons = marks.colons();
  const equals = colons && marks.equals();
  if (!colons || !equals) return null;
  const starts: number[] = [];
  const add = (q: number): void => {
    const before = text.charCodeAt(q - 1);
    if ((before | 0x20) !== 121 && !mayPad(before)) return; // y, Y
    for (let e = Math.max(3, q - 4); e <= q; e++) {
      if (!foldedIs(text.charCodeAt(e - 3), 107) || !foldedIs(text.charCodeAt(e - 2), 101) || !foldedIs(text.charCodeAt(e - 1), 121)) continue;
      for (let p = Math.max(0, e - 21); p <= e - 15; p++) {
        const c = text.charCodeAt(p) | 0x20;
        if (c === 97 || c === 115) starts.push(p); // a, s
      }
    }
  };
  for (const q of colons) add(q);
  for (const q of equals) add(q);
  return ascending(starts);
};

/** Starts of `[A-Za-z0-9_~.-]{3}\dQ~`: four characters before each "Q~" after a digit. */
export const questionTildeStarts: Anchor = (text) => {
  const starts: number[] = [];
  for (let q = text.indexOf('Q~', 4); q >= 0; q = text.indexOf('Q~', q + 1)) {
    const d = text.charCodeAt(q - 1);
    if (d >= 48 && d <= 57) starts.push(q - 4);
  }
  return starts;
};
