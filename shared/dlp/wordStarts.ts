/** Candidate positions for a PhraseScanner: word starts where one of the sinks' prefixes begins. */
import { isAlnumCode } from './text.js';
import { APOSTROPHE, SPACE, UNDERSCORE } from './phraseTypes.js';
import { factor, type PrefixNode } from './regexSink.js';

/**
 * Candidate word starts (the previous character is not an ASCII letter or digit) at which one of a
 * set of literal prefixes begins. A superset: callers check the word start and what follows.
 * In a prefix, a space stands for a space or a tab and an apostrophe for a straight or curly one.
 *
 * Two regexes do the scanning: `\b` before the prefixes lets the regex engine skip quickly, but it
 * does not see word starts after '_' ("_ssn"), which a second regex (`_` before the prefixes) finds.
 * Prefixes that begin with a non-word character get no boundary at all. Case-insensitive without the
 * u flag folds ASCII letters only. Each regex is an alternation of short literals: linear time.
 */
export class WordStarts {
  private readonly main: Candidates | null;
  private readonly underscore: Candidates | null;

  constructor(prefixes: Iterable<string>, caseSensitive: boolean) {
    const word: PrefixNode = { next: new Map(), end: false };
    const other: PrefixNode = { next: new Map(), end: false };
    let longest = 0;
    for (const p of prefixes) {
      if (p.length === 0) continue; // e.g. "'" without its apostrophe: never matched
      const c0 = p.charCodeAt(0);
      let node = isAlnumCode(c0) || c0 === UNDERSCORE ? word : other;
      let length = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        const atom =
          c === SPACE ? '[ \\t]' : c === APOSTROPHE ? "['\\u2019]" : isAlnumCode(c) ? p[i]! : `\\u${c.toString(16).padStart(4, '0')}`;
        let child = node.next.get(atom);
        if (!child) node.next.set(atom, (child = { next: new Map(), end: false }));
        node = child;
        length++;
        if (c === SPACE) break; // a run of spaces: the rest is for the caller to check
      }
      node.end = true;
      node.next.clear(); // a shorter prefix covers the longer ones
      longest = Math.max(longest, length);
    }
    const flags = caseSensitive ? 'g' : 'gi';
    const w = factor(word);
    const o = factor(other);
    const alts = [w && `\\b${w}`, o].filter(Boolean);
    this.main = alts.length ? new Candidates(new RegExp(alts.join('|'), flags), longest, 0) : null;
    this.underscore = w ? new Candidates(new RegExp(`_${w}`, flags), longest, 1) : null;
  }

  /** Starts a search over `text`; `next` must then be called with non-decreasing positions. */
  begin(text: string): void {
    this.main?.begin(text);
    this.underscore?.begin(text);
  }

  /** Every candidate in `text`, in order (what `next` would return one by one, with less overhead). */
  scan(text: string, visit: (at: number) => void): void {
    // Candidates after '_' are rare: collected first, then merged in.
    const under: number[] = [];
    const u = this.underscore;
    if (u) {
      u.begin(text);
      for (let q = u.next(0); q >= 0; q = u.next(q + 1)) under.push(q);
      u.begin('');
    }
    let ui = 0;
    let last = -1;
    const main = this.main;
    if (main) {
      const { re, width } = main;
      re.lastIndex = 0;
      let hi = 0; // candidates before hi have been visited
      while (re.test(text)) {
        const end = re.lastIndex;
        // The match began in its last `width` characters (see Candidates).
        for (let q = end - width > hi ? end - width : hi; q < end; q++) {
          if (q !== 0 && isAlnumCode(text.charCodeAt(q - 1))) continue;
          while (ui < under.length && under[ui]! < q) {
            if (under[ui]! > last) visit((last = under[ui]!));
            ui++;
          }
          if (q > last) visit((last = q));
        }
        hi = end;
      }
      re.lastIndex = 0;
    }
    for (; ui < under.length; ui++) if (under[ui]! > last) visit((last = under[ui]!));
  }

  /** The first candidate at or after `from`, or -1. */
  next(from: number): number {
    const m = this.main ? this.main.next(from) : -1;
    const u = this.underscore ? this.underscore.next(from) : -1;
    if (m < 0) return u;
    if (u < 0) return m;
    return m < u ? m : u;
  }
}

/**
 * Candidates from the matches of a prefix regex: a match that begins `lead` characters before a candidate
 * (the '_' of the second regex) ends at most `width` characters after it. So the word starts in the last
 * `width` characters of each match are returned (a superset), and the next search begins `lead`
 * characters before the end of the match. Uses `test`, which allocates nothing, rather than `exec`.
 */
export class Candidates {
  private text = '';
  // (re and width are read by WordStarts.scan.)
  /** Word starts in [pos, hi) are still to be returned; the regex resumes at hi - lead. */
  private pos = 0;
  private hi = 0;
  private done = false;

  constructor(
    readonly re: RegExp,
    readonly width: number,
    private readonly lead: number,
  ) {}

  begin(text: string): void {
    this.text = text;
    this.pos = 0;
    this.hi = 0;
    this.done = false;
  }

  next(from: number): number {
    const text = this.text;
    for (;;) {
      const hi = this.hi;
      for (let q = this.pos > from ? this.pos : from; q < hi; q++) {
        if (q === 0 || !isAlnumCode(text.charCodeAt(q - 1))) {
          this.pos = q;
          return q;
        }
      }
      if (this.done) return -1;
      // Candidates from here on are at or after max(from, hi); their matches begin `lead` earlier.
      const first = from > hi ? from : hi;
      const start = first - this.lead > 0 ? first - this.lead : 0;
      const re = this.re;
      re.lastIndex = start;
      if (start > text.length || !re.test(text)) {
        this.done = true;
        this.pos = this.hi = first;
        return -1;
      }
      const end = re.lastIndex;
      this.hi = end;
      this.pos = end - this.width > first ? end - this.width : first;
    }
  }
}

