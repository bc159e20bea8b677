/**
 * One prefilter pass shared by many phrase sinks (keywords, health terms, markings, names, word-start
 * secret rules): each candidate goes only to the sinks whose prefixes can start there.
 */
import { isAlnumCode, isAsciiLetterCode } from './text.js';
import { PhraseMatcher } from './phraseMatcher.js';
import { APOSTROPHE, type PhraseHit, type PhraseSink, SPACE, TAB, UNDERSCORE } from './phraseTypes.js';
import { RegexSink } from './regexSink.js';


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
  /**
   * Per sink, the candidates offered to it in this scan (the first counts[i] entries). Kept by the scanner
   * (one per engine) from scan to scan: new lists for every scan were a tenth of a paste's allocations.
   */
  private readonly offered: Int32Array[] = [];
  private readonly counts: Int32Array;

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
    for (let i = 0; i < sinks.length; i++) this.offered.push(new Int32Array(16));
    this.counts = new Int32Array(sinks.length);
  }

  /** One hit list per sink, in the constructor's order. */
  findAll(text: string): PhraseHit<unknown>[][] {
    const k = this.sinks.length;
    // In steps that each run one regex at a time (measured: the big regex runs about 25% slower when other
    // regexes run between its calls): the candidates, each added to the lists of the sinks that may match
    // there; then each sink's walks (sinks do not depend on each other).
    const offered = this.offered;
    this.counts.fill(0);
    // Candidates after '_' are rare: collected first, then merged in.
    const extra = this.afterUnderscoreCandidates(text);
    let xi = 0;
    let last = -1; // candidates up to here have been seen
    const re = this.main;
    if (re) {
      re.lastIndex = 0;
      // Every position where some alternative matches, in order; each match is one character long (see
      // factorPaths), so the search goes on from the next position.
      while (re.test(text)) {
        const at = re.lastIndex - 1;
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
      const count = this.counts[i]!;
      hits.push(m instanceof PhraseMatcher ? walkPhrases(m, text, offered[i]!, count) : walkSink(m, text, offered[i]!, count));
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
  private offer(text: string, at: number, offered: Int32Array[]): void {
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
      const i = 31 - Math.clz32(bit);
      const n = this.counts[i]!;
      let list = offered[i]!;
      if (n === list.length) {
        const longer = new Int32Array(n * 2);
        longer.set(list);
        offered[i] = list = longer;
      }
      list[n] = at;
      this.counts[i] = n + 1;
    }
  }
}

/** A PhraseMatcher's matches at `candidates` (in order), leftmost first and not overlapping. */
function walkPhrases(m: PhraseMatcher<unknown>, text: string, candidates: Int32Array, count: number): PhraseHit<unknown>[] {
  const hits: PhraseHit<unknown>[] = [];
  let from = 0;
  for (let j = 0; j < count; j++) {
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
function walkSink(m: PhraseSink, text: string, candidates: Int32Array, count: number): PhraseHit<unknown>[] {
  const hits: PhraseHit<unknown>[] = [];
  // A RegexSink's own check of the first two characters is already done by the pair table whenever
  // both are ASCII (see RegexSink.pairsAscii).
  const sink = m instanceof RegexSink && m.pairsAscii ? m : null;
  let from = 0;
  for (let j = 0; j < count; j++) {
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

/**
 * How many characters of a path the candidate regex spells out; a longer path ends there as a prefix
 * (anything may follow). The sinks' own walks check the whole phrase, so candidates stay a superset and
 * every result is the same. Measured on the 1 MB paste: the regex's search time does not depend on how deep
 * the paths go (4.5 ms at every depth from 3 to unlimited: the cost is the per-position dispatch), depth 8
 * adds 3% candidates (17,330 against 16,805), and the source shrinks from 20.5 KB to 11 KB. V8 optimises a
 * regex only while its source is under 20 KB (phraseSize.test.ts), so new phrases no longer push the
 * whole pass over that cliff (2-3x slower).
 */
const REGEX_DEPTH = 8;

/** An atom that is one letter or digit (addPath lower-cases letters). */
const ALNUM_ATOM = /^[a-z0-9]$/;

/** A phrase's space: 1-3 spaces or tabs (PhraseMatcher.walk). */
const SPACES = '[ \\t]{1,3}';

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
    // A letter outside ASCII after three ASCII characters ends the path as a prefix ("contrase" for
    // "contraseña"): the candidates stay a superset, and the regex stays ASCII, which the regex engine
    // searches several times faster (measured: a few accented phrases made the whole pass 2-3x slower).
    if (c >= 128 && i >= 3 && whole && isAsciiPrefix(p, i)) {
      node.prefix = true;
      return;
    }
    // A phrase's space matches 1-3 spaces or tabs (PhraseMatcher.walk).
    const atom = c === SPACE ? SPACES : c === APOSTROPHE ? "['\\u2019]" : isAlnumCode(c) ? p[i]!.toLowerCase() : `\\u${c.toString(16).padStart(4, '0')}`;
    let child = node.next.get(atom);
    if (!child) node.next.set(atom, (child = pathNode()));
    node = child;
  }
  if (whole) node.whole = true;
  else node.prefix = true;
}

function isAsciiPrefix(p: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (p.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * The paths as a factored regex (a trie: the regex engine does not merge alternatives). Longer paths
 * come first; a phrase end checks the word boundary; a prefix end matches as is.
 */
function factorPaths(root: PathNode): string {
  // At the root, each first character is consumed and the rest of its paths is a lookahead: a match is
  // then the candidate's one character, so `test` (no match array or matched string per candidate, about
  // 2 MB per 1 MB paste) gives the candidate as lastIndex - 1, and the next search starts right after it.
  const first = (atom: string, n: PathNode): string => {
    // (A leading run of spaces: one consumed, the other 0-2 in the lookahead.)
    const [one, more] = atom === SPACES ? ['[ \\t]', '[ \\t]{0,2}'] : [atom, ''];
    const rest = more + emit(n, 1);
    return rest ? `${one}(?=${rest})` : one;
  };
  const emit = (n: PathNode, depth: number): string => {
    if (n.prefix) return ''; // a prefix covers every longer path
    // Deeper than REGEX_DEPTH the path ends as a prefix (see REGEX_DEPTH).
    if (depth >= REGEX_DEPTH && n.next.size > 0) return '';
    // Where a phrase ends, its end check (next character not a letter or digit) already matches wherever a
    // longer path goes on with a space, punctuation or any other non-alphanumeric character: those paths
    // add no candidate and are left out ("social" covers "social security number"), keeping the regex small.
    const parts = [...n.next].filter(([atom]) => !n.whole || ALNUM_ATOM.test(atom)).map(([atom, child]) => atom + emit(child, depth + 1));
    // (?![^\W_]) is (?![A-Za-z0-9]) without the `u` flag, six characters shorter: V8 optimises a regex
    // only while its source is under 20 KB, and the phrase regex has about a thousand phrase ends.
    if (n.whole) parts.push('(?![^\\W_])');
    return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  };
  if (!root.next.size) return '';
  const parts = [...root.next].map(([atom, child]) => first(atom, child));
  return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
}

