/**
 * Finds many literal phrases in one left-to-right pass: at each word start, walk a trie of the phrases.
 * Cost is at most (text length x longest phrase), independent of how many phrases there are, and in
 * practice about one table read per character. Spaces in a phrase match 1-3 spaces or tabs; a straight
 * apostrophe matches a curly one too; phrases with an apostrophe also match without it.
 * The trie is a flat transition table over a small alphabet (the characters the phrases use).
 */
import { isAlnumCode } from './text.js';

export interface PhraseHit<T> {
  start: number;
  end: number;
  value: T;
}

const SPACE = 32;
const TAB = 9;
const APOSTROPHE = 39;
const CURLY_APOSTROPHE = 0x2019;
const UNDERSCORE = 95;

export class PhraseMatcher<T> implements PhraseSink {
  /** Alphabet index of an ASCII code (0 = not in any phrase). */
  private readonly asciiIndex = new Uint8Array(128);
  private readonly wideIndex = new Map<number, number>();
  private alphabet = 1;
  private trans: Int32Array = new Int32Array(0);
  private readonly values: (T | undefined)[] = [undefined];
  private readonly spaceIndex: number;
  /**
   * Prefilter: the word starts where some phrase could begin (its first few characters). The regex
   * engine skips the text between candidates natively; the trie walk then decides. A superset of the
   * trie's start positions, so the hits are exactly those of a walk from every word start.
   */
  private readonly starts: WordStarts;
  /** The phrases as matched (normalised, with apostrophe-less variants), for a shared prefilter. */
  readonly phrases: readonly string[];
  get prefixes(): readonly string[] {
    return this.phrases;
  }

  constructor(
    entries: Iterable<readonly [string, T]>,
    private readonly caseSensitive = false,
  ) {
    const phrases: [string, T][] = [];
    for (const [phrase, value] of entries) {
      const p = phrase.trim().replace(/[ \t]+/g, ' ').replace(/’/g, "'");
      if (!p) continue;
      phrases.push([p, value]);
      if (p.includes("'")) phrases.push([p.replace(/'/g, ''), value]);
    }
    // Alphabet: every character used, case-folded unless case-sensitive.
    for (const [p] of phrases) for (let i = 0; i < p.length; i++) this.indexOf(this.fold(p.charCodeAt(i)), true);
    this.spaceIndex = this.indexOf(SPACE, false);
    // Build the trie as a table of states x alphabet.
    let states = 1;
    let trans = new Int32Array(64 * this.alphabet);
    for (const [p, value] of phrases) {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const a = this.indexOf(this.fold(p.charCodeAt(i)), false);
        let next = trans[s * this.alphabet + a]!;
        if (next === 0) {
          next = states++;
          if (states * this.alphabet > trans.length) {
            const bigger = new Int32Array(trans.length * 2);
            bigger.set(trans);
            trans = bigger;
          }
          trans[s * this.alphabet + a] = next;
          this.values[next] = undefined;
        }
        s = next;
      }
      if (this.values[s] === undefined) this.values[s] = value;
    }
    this.trans = trans;
    this.phrases = phrases.map(([p]) => p);
    this.starts = new WordStarts(
      this.phrases.map((p) => p.slice(0, PREFIX_CHARS)),
      caseSensitive,
    );
  }

  private fold(c: number): number {
    if (c === CURLY_APOSTROPHE) return APOSTROPHE;
    if (!this.caseSensitive && c >= 65 && c <= 90) return c + 32;
    return c;
  }

  private indexOf(c: number, add: boolean): number {
    let a = c < 128 ? this.asciiIndex[c]! : (this.wideIndex.get(c) ?? 0);
    if (a === 0 && add) {
      a = this.alphabet++;
      if (c < 128) this.asciiIndex[c] = a;
      else this.wideIndex.set(c, a);
      if (!this.caseSensitive && c >= 97 && c <= 122) this.asciiIndex[c - 32] = a;
    }
    return a;
  }

  private code(text: string, j: number): number {
    const c = text.charCodeAt(j);
    if (c < 128) return this.asciiIndex[c]!;
    if (c === CURLY_APOSTROPHE) return this.asciiIndex[APOSTROPHE]!;
    return this.wideIndex.get(this.fold(c)) ?? 0;
  }

  findAll(text: string): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    const starts = this.starts;
    starts.begin(text);
    for (let at = starts.next(0); at >= 0; ) {
      const end = this.walk(text, at);
      if (end >= 0) {
        hits.push({ start: at, end, value: this.lastValue as T });
        at = starts.next(end); // phrases do not overlap: the next one starts after this one
      } else at = starts.next(at + 1);
    }
    starts.begin('');
    return hits;
  }

  /** Value of the phrase found by the last successful `walk`. */
  lastValue: T | undefined;

  /** End of the longest phrase starting at word start `i` (value in lastValue), or -1. */
  walk(text: string, i: number): number {
    const n = text.length;
    if (i >= n || (i > 0 && isAlnumCode(text.charCodeAt(i - 1)))) return -1;
    const { trans, values, alphabet, spaceIndex } = this;
    const a0 = this.code(text, i);
    let s = a0 === 0 ? 0 : trans[a0]!;
    let j = i + 1;
    let bestEnd = -1;
    while (s !== 0) {
      const v = values[s];
      if (v !== undefined && (j >= n || !isAlnumCode(text.charCodeAt(j)))) {
        bestEnd = j;
        this.lastValue = v;
      }
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === SPACE || c === TAB) {
        const next = spaceIndex ? trans[s * alphabet + spaceIndex]! : 0;
        if (next === 0) break;
        let k = j;
        while (k < n && k - j < 4 && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
        if (k - j > 3) break;
        s = next;
        j = k;
        continue;
      }
      const a = this.code(text, j);
      s = a === 0 ? 0 : trans[s * alphabet + a]!;
      j++;
    }
    return bestEnd;
  }
}

/** Phrase characters the prefilter looks at. */
const PREFIX_CHARS = 3;

/**
 * What a PhraseScanner feeds: something that, at a candidate position, finds its match (if any).
 * PhraseMatcher is one; RegexSink runs an anchored regex.
 */
export interface PhraseSink {
  /** Every match starts with one of these (case-insensitively; see WordStarts for spaces and apostrophes). */
  readonly prefixes: readonly string[];
  /**
   * End of the match starting at `at`, or -1; the sink checks its own left boundary (candidates are
   * only known to be word starts, see WordStarts). The match itself is in lastValue.
   */
  walk(text: string, at: number): number;
  readonly lastValue: unknown;
  /** Also offer positions right after a digit (for a regex whose left boundary is "not after a letter"). */
  readonly afterDigit?: boolean;
}

/**
 * Several sinks over one text, with one prefilter for all: each candidate position is offered to every
 * sink that is not inside its own previous match. So each sink gets the matches that a left-to-right
 * search of its own would find (leftmost first, not overlapping), e.g. exactly PhraseMatcher.findAll.
 */
export class PhraseScanner {
  /** Matches at word starts (`\b`), plus phrases that begin with a non-word character anywhere. */
  private readonly main: RegExp | null;
  /** The same after '_' (a word start that `\b` does not see): the candidate is one past the match. */
  private readonly underscore: RegExp | null;
  /** Per ASCII code: bit i set when sink i has a prefix starting with that character (either case). */
  private readonly first = new Uint32Array(128);
  /** The same for the first two characters (both ASCII): index c0 * 128 + c1. */
  private readonly firstTwo = new Uint32Array(128 * 128);
  private readonly all: number;

  constructor(private readonly sinks: readonly PhraseSink[]) {
    if (sinks.length > 32) throw new Error('PhraseScanner takes at most 32 sinks');
    // One regex for all sinks: whole phrases for phrase matchers (so candidates are where some phrase
    // occurs, ending at a word boundary), prefixes for the others. Case-insensitive: a superset for
    // case-sensitive matchers too.
    const word = pathNode();
    const other = pathNode();
    const digit = pathNode();
    for (const m of sinks) {
      const whole = m instanceof PhraseMatcher;
      for (const p of m.prefixes) {
        const c0 = p.charCodeAt(0);
        addPath(isAlnumCode(c0) || c0 === UNDERSCORE ? word : other, p, whole);
        if (m.afterDigit) addPath(digit, p, whole);
      }
    }
    const w = factorPaths(word);
    const o = factorPaths(other);
    const d = factorPaths(digit);
    const alts = [w && `\\b${w}`, o].filter(Boolean);
    this.main = alts.length ? new RegExp(alts.join('|'), 'gi') : null;
    const after = [w && `_${w}`, d && `[0-9]${d}`].filter(Boolean);
    this.underscore = after.length ? new RegExp(after.join('|'), 'gi') : null;
    // Text characters outside ASCII are not looked up: such a candidate goes to every sink.
    const variants = (c: number): number[] =>
      c >= 65 && c <= 90 ? [c, c + 32] : c >= 97 && c <= 122 ? [c, c - 32] : c === SPACE ? [SPACE, TAB] : c < 128 ? [c] : [];
    sinks.forEach((m, i) => {
      for (const p of m.prefixes) {
        const c0s = variants(p.charCodeAt(0));
        for (const c0 of c0s) this.first[c0]! |= 1 << i;
        // A one-character prefix, or a second character outside ASCII, may be followed by anything.
        const c1s = p.length > 1 && p.charCodeAt(1) < 128 ? variants(p.charCodeAt(1)) : [...Array(128).keys()];
        for (const c0 of c0s) for (const c1 of c1s) this.firstTwo[c0 * 128 + c1]! |= 1 << i;
      }
    });
    this.all = sinks.length === 32 ? -1 : (1 << sinks.length) - 1;
  }

  /** One hit list per sink, in the constructor's order. */
  findAll(text: string): PhraseHit<unknown>[][] {
    const { sinks, first, firstTwo, all } = this;
    const k = sinks.length;
    const hits: PhraseHit<unknown>[][] = [];
    const from: number[] = [];
    for (let i = 0; i < k; i++) {
      hits.push([]);
      from.push(0);
    }
    const visit = (at: number): void => {
      const c = text.charCodeAt(at);
      const c1 = text.charCodeAt(at + 1); // NaN at the end of the text
      // Only the sinks with a prefix starting with these characters (a straight apostrophe's curly twin,
      // like every character outside ASCII, goes to all of them).
      let mask = c < 128 ? (c1 < 128 ? firstTwo[c * 128 + c1]! : first[c]!) : all;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const i = 31 - Math.clz32(bit);
        if (at < from[i]!) continue; // inside this sink's previous match
        const m = sinks[i]!;
        const end = m.walk(text, at);
        if (end >= 0) {
          hits[i]!.push({ start: at, end, value: m.lastValue });
          from[i] = end;
        }
      }
    };
    // Candidates after '_' (or a digit) are rare: collected first, then merged in.
    const under: number[] = [];
    const u = this.underscore;
    if (u) {
      u.lastIndex = 0;
      for (let m = u.exec(text); m; m = u.exec(text)) {
        under.push(m.index + 1);
        u.lastIndex = m.index + 1; // matches may overlap ("__ssn")
      }
    }
    let ui = 0;
    let last = -1;
    const re = this.main;
    if (re) {
      re.lastIndex = 0;
      // Every position where some alternative matches, in order: restart one past each match start.
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const at = m.index;
        re.lastIndex = at + 1;
        while (ui < under.length && under[ui]! < at) {
          if (under[ui]! > last) visit((last = under[ui]!));
          ui++;
        }
        if (at > last) visit((last = at));
      }
      re.lastIndex = 0;
    }
    for (; ui < under.length; ui++) if (under[ui]! > last) visit((last = under[ui]!));
    return hits;
  }
}

interface PathNode {
  next: Map<string, PathNode>;
  /** A phrase ends here and needs a word boundary after it. */
  whole: boolean;
  /** A prefix ends here: anything may follow. */
  prefix: boolean;
}

const pathNode = (): PathNode => ({ next: new Map(), whole: false, prefix: false });

function addPath(root: PathNode, p: string, whole: boolean): void {
  if (p.length === 0) return; // e.g. "'" without its apostrophe: never matched
  let node = root;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    // A phrase's space matches 1-3 spaces or tabs (PhraseMatcher.walk).
    const atom = c === SPACE ? '[ \\t]{1,3}' : c === APOSTROPHE ? "['\\u2019]" : isAlnumCode(c) ? p[i]!.toLowerCase() : `\\u${c.toString(16).padStart(4, '0')}`;
    let child = node.next.get(atom);
    if (!child) node.next.set(atom, (child = pathNode()));
    node = child;
  }
  if (whole) node.whole = true;
  else node.prefix = true;
}

/**
 * The paths as a factored regex (a trie: the regex engine does not merge alternatives). Longer paths
 * come first; a phrase end checks the word boundary; a prefix end matches as is.
 */
function factorPaths(root: PathNode): string {
  const emit = (n: PathNode): string => {
    if (n.prefix) return ''; // a prefix covers every longer path
    const parts = [...n.next].map(([atom, child]) => atom + emit(child));
    if (n.whole) parts.push('(?![A-Za-z0-9])');
    return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  };
  return root.next.size ? emit(root) : '';
}

/**
 * A sticky regex as a sink: `walk` runs it at the candidate when the text there starts with one of the
 * prefixes (ASCII case-insensitively); the match array is the value. The regex must check its own left
 * boundary (a lookbehind) and every match must start with one of the prefixes.
 */
export class RegexSink implements PhraseSink {
  lastValue: RegExpExecArray | null = null;
  /** First two characters of the prefixes, A-Z folded to lower case: (c0 << 16) | c1. */
  private readonly pairs = new Set<number>();

  constructor(
    readonly prefixes: readonly string[],
    private readonly re: RegExp,
    readonly afterDigit = false,
  ) {
    if (!re.sticky) throw new Error('RegexSink needs a sticky regex');
    for (const p of prefixes) {
      if (p.length < 2) throw new Error('RegexSink prefixes need two characters');
      this.pairs.add((foldAscii(p.charCodeAt(0)) << 16) | foldAscii(p.charCodeAt(1)));
    }
  }

  walk(text: string, at: number): number {
    if (at + 1 >= text.length) return -1;
    if (!this.pairs.has((foldAscii(text.charCodeAt(at)) << 16) | foldAscii(text.charCodeAt(at + 1)))) return -1;
    const re = this.re;
    re.lastIndex = at;
    const m = re.exec(text);
    this.lastValue = m;
    return m ? at + m[0].length : -1;
  }
}

const foldAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);


interface PrefixNode {
  next: Map<string, PrefixNode>;
  end: boolean;
}

/** A regex alternation of prefixes, factored as a tree (the regex engine does not merge alternatives). */
function factor(node: PrefixNode): string {
  if (node.next.size === 0) return '';
  const parts = [...node.next].map(([atom, child]) => atom + factor(child));
  const body = parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}

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
    // Candidates after '_' (or a digit) are rare: collected first, then merged in.
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
class Candidates {
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
