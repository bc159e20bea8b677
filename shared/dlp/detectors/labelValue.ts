/**
 * Reading the value after a label: separators and filler words skipped ("DL # for the client is D1234567"),
 * the strongest separator seen, and the finding pushed with its distance.
 */
import { isAlnumCode, isAsciiLetterCode, isWordishCode } from '../text.js';
import type { EngineRegexes } from '../regexes.js';
import type { DlpFinding } from '../types.js';
import { clamp01, type ScanState } from './common.js';


const FILLER: ReadonlySet<string> = new Set([
  'no', 'num', 'number', 'nbr', 'nr', 'is', 'was', 'are', 'of', 'the', 'on', 'at', 'id', 'to', 'now', 'new', 'his', 'her',
  'their', 'my', 'your', 'our', 'as', 'listed', 'reads', 'shows', 'would', 'be', 'will', 'should', 'it', 'it’s', "it's",
  'changed', 'set', 'reset', 'updated', 'still', 'just', 'currently', 'always',
  // Spanish notes: "contraseña nueva X", "la contraseña es X", "su número de cuenta es X"
  'nueva', 'nuevo', 'es', 'la', 'el', 'su', 'mi', 'temporal', 'actual',
]);
const SEP_WORDS: ReadonlySet<string> = new Set(['is', 'was', 'to', 'be', 'reads', 'shows', 'are', 'es']);
/** FILLER by length, so a word is compared by character code without a lower-cased copy of it. */
const FILLER_BY_LENGTH: string[][] = Array.from({ length: Math.max(...[...FILLER].map((w) => w.length)) + 1 }, () => []);
for (const w of FILLER) FILLER_BY_LENGTH[w.length]!.push(w);

/** The filler word that text[i, j) spells in any case ([A-Za-z'’] only), or undefined. */
export function fillerAt(text: string, i: number, j: number): string | undefined {
  const list = FILLER_BY_LENGTH[j - i];
  if (list === undefined) return undefined;
  next: for (const w of list) {
    for (let k = 0; k < w.length; k++) {
      let c = text.charCodeAt(i + k);
      if (c >= 65 && c <= 90) c += 32; // the only case mapping [A-Za-z'’] has
      if (c !== w.charCodeAt(k)) continue next;
    }
    return w;
  }
  return undefined;
}

/**
 * Per ASCII code: bit 1 = a separator skipped between a label and its value (' \t:#=-("\'.,*|\n\r>`', and
 * outside ASCII '–—→“‘'), bit 2 = may follow a filler word ("no.", "No#", "number:": ' \t:,\n\r.#-='); anything
 * else after a word makes it part of a value.
 */
const SEP_CODE = new Uint8Array(128);
for (const ch of ' \t:#=-("\'.,*|\n\r>`') SEP_CODE[ch.charCodeAt(0)]! |= 1;
for (const ch of ' \t:,\n\r.#-=') SEP_CODE[ch.charCodeAt(0)]! |= 2;
const isSkipCode = (c: number): boolean =>
  c < 128 ? (SEP_CODE[c]! & 1) !== 0 : c === 0x2013 || c === 0x2014 || c === 0x2192 || c === 0x201c || c === 0x2018;
/** [A-Za-z'’] */
const isWordLetterCode = (c: number): boolean => isAsciiLetterCode(c) || c === 39 || c === 0x2019;

export type Sep = ':' | 'is' | '';
interface ValueStart {
  pos: number;
  /** Strongest separator seen: ':' (also '=' or a spaced dash), 'is' (a verb), or '' (none). */
  sep: Sep;
  /** Characters skipped between the label and the value. */
  dist: number;
}

/**
 * Skips separators and filler words after a label. With `anyWords`, up to that many other words are
 * skipped too ("password for the test account is ..."), but then a separator must follow them.
 */
export function valueAfter(text: string, from: number, maxDist: number, anyWords = 0): ValueStart {
  let i = from;
  let sep: Sep = '';
  // A label that ends with '#' ("account #", "DL#") has its separator in it: "account # for garnishment X".
  const hashLabel = from > 0 && text.charCodeAt(from - 1) === 35;
  let words = 0;
  let unknownWords = 0;
  let newlines = 0;
  const n = text.length;
  const limit = Math.min(n, from + maxDist);
  while (i < limit) {
    const c = text.charCodeAt(i);
    // An empty quoted value ("password": "", next key): no value.
    if ((c === 34 || c === 39) && text.charCodeAt(i + 1) === c && i > from && text.charCodeAt(i - 1) !== c) return { pos: -1, sep, dist: 0 };
    if (isSkipCode(c)) {
      if (c === 58 || c === 61 || c === 0x2192) sep = ':'; // : = →
      // a spaced dash: " - ", " – ", " — ", " ->"
      if ((c === 45 || c === 0x2013 || c === 0x2014) && text.charCodeAt(i - 1) === 32) {
        const d = text.charCodeAt(i + 1);
        if (d === 32 || d === 62) sep = ':';
      }
      if (c === 10 && ++newlines > 1) break;
      i++;
      continue;
    }
    let j = i;
    while (j < n && isWordLetterCode(text.charCodeAt(j))) j++;
    if (j === i) break;
    if (j < n) {
      const after = text.charCodeAt(j);
      if (after >= 128 || (SEP_CODE[after]! & 2) === 0) break; // a value like "D1234567"
      // "Tacoma#2022", "Harbor-maple-77", "Olympia.2026": a word joined to more by '#', '-' or '.' is a
      // value, unless the word is a filler ("No#5", "no. 5").
      if ((after === 35 || after === 45 || after === 46) && j + 1 < n && isAlnumCode(text.charCodeAt(j + 1)) && fillerAt(text, i, j) === undefined) break;
    }
    // "password's X": an apostrophe and "s" right after the label read as "is".
    const contraction = j === i + 1 && i === from + 1 && (text.charCodeAt(i) | 32) === 115 && (text.charCodeAt(from) === 39 || text.charCodeAt(from) === 0x2019);
    const filler = contraction ? 'is' : words < 8 ? fillerAt(text, i, j) : undefined;
    if (filler !== undefined) {
      if (sep === '' && SEP_WORDS.has(filler)) sep = 'is';
      words++;
      i = j;
      continue;
    }
    if (unknownWords < anyWords && sep === '' && words < 8) {
      unknownWords++;
      words++;
      i = j;
      continue;
    }
    break;
  }
  if (hashLabel && sep === '') sep = ':';
  else if (unknownWords > 0 && sep === '') return { pos: -1, sep, dist: 0 };
  return { pos: i, sep, dist: i - from };
}

/** A value read after a label; emit pushes it as the finding. */
export type Value = DlpFinding;

/** Reads a value of the label's kind starting exactly at `pos`. */
export type Reader = (text: string, pos: number, kw: string, sep: Sep, rx: EngineRegexes) => Value | null;

export const boundaryAfter = (text: string, end: number): boolean => end >= text.length || !isWordishCode(text.charCodeAt(end));

/** Pushes a value as a finding: the reader's object itself (each read makes a new one), confidence adjusted. */
export function emit(s: ScanState, v: Value, factor = 1, dist = 0): void {
  v.confidence = clamp01(v.confidence * factor - dist * 0.002);
  s.push(v);
}

