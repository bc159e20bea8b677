/**
 * Finds many literal phrases in one left-to-right pass: at each word start, walk a trie of the phrases.
 * Cost is at most (text length x longest phrase), independent of how many phrases there are, and in
 * practice about one table read per character. Spaces in a phrase match 1-3 spaces or tabs; a straight
 * apostrophe matches a curly one too; phrases with an apostrophe also match without it.
 * The trie is a flat transition table over a small alphabet (the characters the phrases use).
 */
import { isAlnumCode } from './text.js';
import { APOSTROPHE, CURLY_APOSTROPHE, type PhraseHit, type PhraseSink, PREFIX_CHARS, SPACE, TAB } from './phraseTypes.js';
import { WordStarts } from './wordStarts.js';

export type { PhraseHit, PhraseSink } from './phraseTypes.js';



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



