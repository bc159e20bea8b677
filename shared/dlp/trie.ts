/**
 * Finds many literal phrases in one left-to-right pass: at each word start, walk a trie of the phrases.
 * Cost is at most (text length x longest phrase), independent of how many phrases there are, and in
 * practice about one table read per character. Spaces in a phrase match 1-3 spaces or tabs; a straight
 * apostrophe matches a curly one too; phrases with an apostrophe also match without it.
 * The trie is a flat transition table over a small alphabet (the characters the phrases use).
 */
import { isAlnumCode, isAsciiLetterCode } from './text.js';

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
  /**
   * The trie as a table of states x alphabet. A state is named by its row's offset (state number x
   * alphabet size), so a step is one addition and one read; 0 (the root, never a target) is "no way on".
   */
  private readonly rows: Int32Array;
  /** 1 at the row offset of a state where a phrase ends. */
  private readonly final: Uint8Array;
  /** By state number. */
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
    readonly caseSensitive = false,
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
    // Build the trie as a table of states x alphabet (by state number, then as row offsets).
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
    const size = states * this.alphabet;
    this.rows = new Int32Array(size);
    for (let i = 0; i < size; i++) this.rows[i] = trans[i]! * this.alphabet;
    this.final = new Uint8Array(size);
    for (let k = 1; k < states; k++) if (this.values[k] !== undefined) this.final[k * this.alphabet] = 1;
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

  /** Alphabet index of a text character outside ASCII (0 = not in any phrase). */
  private wideCode(c: number): number {
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
    const { rows, final, spaceIndex, asciiIndex } = this;
    // (Alphabet index 0 has no transition anywhere, and state 0 is only the root: no special cases.)
    const c0 = text.charCodeAt(i);
    let s = rows[c0 < 128 ? asciiIndex[c0]! : this.wideCode(c0)]!;
    let j = i + 1;
    let bestEnd = -1;
    let best = 0;
    while (s !== 0) {
      const c = j < n ? text.charCodeAt(j) : -1;
      if (final[s] === 1 && !isAlnumCode(c)) {
        bestEnd = j;
        best = s;
      }
      if (c < 0) break;
      if (c === SPACE || c === TAB) {
        const next = spaceIndex ? rows[s + spaceIndex]! : 0;
        if (next === 0) break;
        let k = j + 1;
        while (k < n && k - j < 4 && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
        if (k - j > 3) break;
        s = next;
        j = k;
        continue;
      }
      s = rows[s + (c < 128 ? asciiIndex[c]! : this.wideCode(c))]!;
      j++;
    }
    if (bestEnd >= 0) this.lastValue = this.values[best / this.alphabet];
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
}

/**
 * Several sinks over one text, with one prefilter for all: each candidate position is offered to every
 * sink that is not inside its own previous match. So each sink gets the matches that a left-to-right
 * search of its own would find (leftmost first, not overlapping), e.g. exactly PhraseMatcher.findAll.
 * Candidates are a superset of the positions where a sink can match (each sink checks its own left
 * boundary), so offering a few more positions than needed changes no result.
 */
export class PhraseScanner {
  /** Matches at word starts (`\b`), plus phrases that begin with a non-word character anywhere. */
  private readonly main: RegExp | null;
  /** Some path begins with a word character: positions after '_' (which `\b` does not see) are candidates. */
  private readonly afterUnderscore: boolean;
  /**
   * Per pair of ASCII codes at offsets 0 and 1 from a candidate (index c0 * 128 + c1): bit i set when
   * sink i may match with these characters there (see allowedAt); the same for offsets 2 and 3. A
   * candidate goes to the sinks whose bit is set in both: a cheap necessary condition that spares most
   * walks (and most sticky regex calls).
   */
  private readonly pair01 = new Uint32Array(128 * 128);
  private readonly pair23 = new Uint32Array(128 * 128);
  private readonly all: number;

  constructor(private readonly sinks: readonly PhraseSink[]) {
    if (sinks.length > 32) throw new Error('PhraseScanner takes at most 32 sinks');
    // One regex for all sinks: whole phrases for phrase matchers (so candidates are where some phrase
    // occurs, ending at a word boundary), prefixes for the others. Case-insensitive: a superset for
    // case-sensitive matchers too.
    const word = pathNode();
    const other = pathNode();
    for (const m of sinks) {
      const whole = m instanceof PhraseMatcher;
      for (const p of m.prefixes) {
        const c0 = p.charCodeAt(0);
        addPath(isAlnumCode(c0) || c0 === UNDERSCORE ? word : other, p, whole);
      }
    }
    const w = factorPaths(word);
    const o = factorPaths(other);
    const alts = [w && `\\b${w}`, o].filter(Boolean);
    this.main = alts.length ? new RegExp(alts.join('|'), 'gi') : null;
    this.afterUnderscore = w !== '';
    sinks.forEach((m, i) => {
      const whole = m instanceof PhraseMatcher;
      for (const p of m.prefixes) {
        const [a0, a1, a2, a3] = allowedAt(p, whole, whole && m.caseSensitive);
        markPairs(this.pair01, a0!, a1!, 1 << i);
        markPairs(this.pair23, a2!, a3!, 1 << i);
      }
    });
    this.all = sinks.length === 32 ? -1 : (1 << sinks.length) - 1;
  }

  /** One hit list per sink, in the constructor's order. */
  findAll(text: string): PhraseHit<unknown>[][] {
    const k = this.sinks.length;
    // In steps that each run one regex at a time (measured: the big regex runs about 25% slower when other
    // regexes run between its calls): the candidates, each added to the lists of the sinks that may match
    // there; then each sink's walks (sinks do not depend on each other).
    const offered: number[][] = [];
    for (let i = 0; i < k; i++) offered.push([]);
    // Candidates after '_' are rare: collected first, then merged in.
    const extra = this.afterUnderscoreCandidates(text);
    let xi = 0;
    let last = -1; // candidates up to here have been seen
    const re = this.main;
    if (re) {
      re.lastIndex = 0;
      // Every position where some alternative matches, in order: restart one past each match start.
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const at = m.index;
        re.lastIndex = at + 1;
        for (; xi < extra.length && extra[xi]! < at; xi++) if (extra[xi]! > last) this.offer(text, (last = extra[xi]!), offered);
        if (at > last) this.offer(text, (last = at), offered);
      }
      re.lastIndex = 0;
    }
    for (; xi < extra.length; xi++) if (extra[xi]! > last) this.offer(text, (last = extra[xi]!), offered);
    // Each sink walks its candidates in order, skipping those inside its previous match.
    const hits: PhraseHit<unknown>[][] = [];
    for (let i = 0; i < k; i++) {
      const m = this.sinks[i]!;
      hits.push(m instanceof PhraseMatcher ? walkPhrases(m, text, offered[i]!) : walkSink(m, text, offered[i]!));
    }
    return hits;
  }

  /** Positions after '_', in order (found with indexOf: no regex pass for a rare character). */
  private afterUnderscoreCandidates(text: string): number[] {
    const under: number[] = [];
    if (this.afterUnderscore) {
      const n = text.length;
      for (let u = text.indexOf('_'); u >= 0 && u + 1 < n; u = text.indexOf('_', u + 1)) under.push(u + 1);
    }
    return under;
  }

  /** Adds candidate `at` to the lists of the sinks that may match there. */
  private offer(text: string, at: number, offered: number[][]): void {
    // Only the sinks that allow the next four characters; a character outside ASCII (a curly apostrophe,
    // say) or the end of the text (NaN) in a pair skips that pair's check.
    const c0 = text.charCodeAt(at);
    const c1 = text.charCodeAt(at + 1);
    let mask = c0 < 128 && c1 < 128 ? this.pair01[(c0 << 7) | c1]! : this.all;
    if (mask === 0) return;
    const c2 = text.charCodeAt(at + 2);
    const c3 = text.charCodeAt(at + 3);
    if (c2 < 128 && c3 < 128) mask &= this.pair23[(c2 << 7) | c3]!;
    while (mask !== 0) {
      const bit = mask & -mask;
      mask ^= bit;
      offered[31 - Math.clz32(bit)]!.push(at);
    }
  }
}

/** A PhraseMatcher's matches at `candidates` (in order), leftmost first and not overlapping. */
function walkPhrases(m: PhraseMatcher<unknown>, text: string, candidates: readonly number[]): PhraseHit<unknown>[] {
  const hits: PhraseHit<unknown>[] = [];
  let from = 0;
  for (let j = 0; j < candidates.length; j++) {
    const at = candidates[j]!;
    if (at < from) continue; // inside the previous match
    const end = m.walk(text, at);
    if (end >= 0) {
      hits.push({ start: at, end, value: m.lastValue });
      from = end;
    }
  }
  return hits;
}

/** The same for any other sink (a separate function: each call site of `walk` stays monomorphic). */
function walkSink(m: PhraseSink, text: string, candidates: readonly number[]): PhraseHit<unknown>[] {
  const hits: PhraseHit<unknown>[] = [];
  // A RegexSink's own check of the first two characters is already done by the pair table whenever
  // both are ASCII (see RegexSink.pairsAscii).
  const sink = m instanceof RegexSink && m.pairsAscii ? m : null;
  let from = 0;
  for (let j = 0; j < candidates.length; j++) {
    const at = candidates[j]!;
    if (at < from) continue; // inside the previous match
    const end = sink && text.charCodeAt(at) < 128 && text.charCodeAt(at + 1) < 128 ? sink.matchAt(text, at) : m.walk(text, at);
    if (end >= 0) {
      hits.push({ start: at, end, value: m.lastValue });
      from = end;
    }
  }
  return hits;
}

/**
 * The ASCII codes that prefix `p` allows at offsets 0-3 from its start (null: any): its own characters
 * (either case unless case-sensitive; a space also a tab), then anything once a character can vary in
 * width or lies outside ASCII (a run of spaces, a non-ASCII character), anything after a prefix, and
 * after a whole phrase a character that is not a letter or digit (it must end at a word boundary).
 */
function allowedAt(p: string, whole: boolean, caseSensitive: boolean): (readonly number[] | null)[] {
  const out: (readonly number[] | null)[] = [];
  for (let k = 0; k < p.length && out.length < 4; k++) {
    const c = p.charCodeAt(k);
    if (c >= 128) break;
    out.push(c === SPACE ? [SPACE, TAB] : !caseSensitive && isAsciiLetterCode(c) ? [c, c ^ 32] : [c]);
    if (c === SPACE) break;
  }
  if (out.length === p.length && whole && out.length < 4) out.push(NOT_ALNUM);
  while (out.length < 4) out.push(null);
  return out;
}

const ASCII = [...Array(128).keys()];
const NOT_ALNUM = ASCII.filter((c) => !isAlnumCode(c));

function markPairs(table: Uint32Array, first: readonly number[] | null, second: readonly number[] | null, bit: number): void {
  for (const a of first ?? ASCII) for (const b of second ?? ASCII) table[(a << 7) | b]! |= bit;
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
  /**
   * Every prefix begins with two ASCII characters other than a space: then a PhraseScanner's pair
   * table (two ASCII characters of the text) implies the `pairs` check and it calls matchAt directly.
   */
  readonly pairsAscii: boolean;

  constructor(
    readonly prefixes: readonly string[],
    private readonly re: RegExp,
  ) {
    if (!re.sticky) throw new Error('RegexSink needs a sticky regex');
    for (const p of prefixes) {
      if (p.length < 2) throw new Error('RegexSink prefixes need two characters');
      this.pairs.add((foldAscii(p.charCodeAt(0)) << 16) | foldAscii(p.charCodeAt(1)));
    }
    // (A space in the table also stands for a tab, which `pairs` does not accept.)
    this.pairsAscii = prefixes.every((p) => p.charCodeAt(0) < 128 && p.charCodeAt(1) < 128 && p.charCodeAt(0) !== SPACE && p.charCodeAt(1) !== SPACE);
  }

  walk(text: string, at: number): number {
    if (at + 1 >= text.length) return -1;
    if (!this.pairs.has((foldAscii(text.charCodeAt(at)) << 16) | foldAscii(text.charCodeAt(at + 1)))) return -1;
    return this.matchAt(text, at);
  }

  /** `walk` without the check of the first two characters. */
  matchAt(text: string, at: number): number {
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
