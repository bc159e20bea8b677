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

export class PhraseMatcher<T> {
  /** Alphabet index of an ASCII code (0 = not in any phrase). */
  private readonly asciiIndex = new Uint8Array(128);
  private readonly wideIndex = new Map<number, number>();
  private alphabet = 1;
  private trans: Int32Array = new Int32Array(0);
  private readonly values: (T | undefined)[] = [undefined];
  private readonly spaceIndex: number;

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
    const n = text.length;
    const { trans, values, alphabet, spaceIndex } = this;
    let prevAlnum = false;
    for (let i = 0; i < n; i++) {
      const wasAlnum = prevAlnum;
      prevAlnum = isAlnumCode(text.charCodeAt(i));
      if (wasAlnum) continue; // phrases start at a word boundary
      const a0 = this.code(text, i);
      if (a0 === 0) continue;
      let s = trans[a0]!;
      if (s === 0) continue;
      let j = i + 1;
      let bestEnd = -1;
      let bestValue: T | undefined;
      for (;;) {
        const v = values[s];
        if (v !== undefined && (j >= n || !isAlnumCode(text.charCodeAt(j)))) {
          bestEnd = j;
          bestValue = v;
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
        const next = a === 0 ? 0 : trans[s * alphabet + a]!;
        if (next === 0) break;
        s = next;
        j++;
      }
      if (bestEnd > 0) {
        hits.push({ start: i, end: bestEnd, value: bestValue as T });
        i = bestEnd - 1;
        prevAlnum = isAlnumCode(text.charCodeAt(i));
      }
    }
    return hits;
  }
}
