/**
 * Numbers as dictation, screen readers and OCR write them, right after their label: digits one by one or in
 * small groups with spaces between ("5 3 1 dash 4 4 dash 2 1 9 8", "S S N, 6 3 0 9 5 3 9 3 1", OCR's
 * "77 49 21 55 1"), number words ("five three one dash ..."), or a value broken over two lines
 * ("616-31\n9853"). The digits are joined and checked as the label's type must be (SSA and IRS ranges,
 * IIN and Luhn, ABA 3-7-1, a past calendar date); the finding covers the value as written.
 *
 * Run only at the keyword hits of the categories below (the one keyword pass finds them), and reading at
 * most MAX_SPAN characters after each: no full-text pass.
 */
import { abaValid, cardBrand, isRepetitive, itinValid, luhnValid, ssnValid, TEST_CARD_NUMBERS } from '../checksums.js';
import { type Category, categoryMask } from '../keywords.js';
import { isAlnumCode, isDigitCode } from '../text.js';
import type { ScanState } from './common.js';

/** Number words of dictation (English and Spanish), as data. */
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  cero: '0', uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9',
};
/** Words read aloud between the groups of a number. */
const SEPARATOR_WORDS: ReadonlySet<string> = new Set(['dash', 'hyphen', 'slash', 'guion', 'guión', 'raya', 'diagonal']);
/** Categories whose label a spoken value may follow, and what its digits must be. */
const SPOKEN_LIST: readonly Category[] = ['ssn', 'itin', 'card', 'aba', 'bank', 'passport', 'dob'];
const SPOKEN_CATEGORIES: ReadonlySet<Category> = new Set(SPOKEN_LIST);
const SPOKEN_MASK = categoryMask(SPOKEN_LIST);

/** How far after the label the value may start, and how long it may run. */
const MAX_GAP = 24;
const MAX_SPAN = 120;

interface Spoken {
  start: number;
  end: number;
  /** The digits, with '-' where a separator (a dash, a slash, a separator word) stood. */
  shape: string;
  /** Tokens read (digit groups and number words); separators and line breaks counted apart. */
  tokens: number;
  breaks: number;
}

export function detectSpoken(s: ScanState): void {
  const hits = s.ctx.hits;
  let after = 0; // a value already read covers the labels inside it
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    if (hit.start < after || (hit.value.mask & SPOKEN_MASK) === 0) continue;
    const cats = hit.value.cats;
    let v: Spoken | null | undefined; // read once per label, when one of its categories takes a spoken value
    for (let k = 0; k < cats.length; k++) {
      const cat = cats[k]!;
      if (!SPOKEN_CATEGORIES.has(cat)) continue;
      if (v === undefined) v = readSpoken(s.text, hit.end);
      if (v === null) break;
      if (emitSpoken(s, cat, v)) {
        after = v.end;
        break;
      }
    }
  }
}

/** The end of the word (ASCII letters or digits, or letters outside ASCII) starting at i. */
function wordEnd(text: string, i: number): number {
  let e = i;
  while (e < text.length) {
    const c = text.charCodeAt(e);
    if (!(isAlnumCode(c) || (c > 127 && /\p{L}/u.test(text[e]!)))) break;
    e++;
  }
  return e;
}

/**
 * The number words by their first two letters and length, as (c0 << 12) | (c1 << 4) | length of the
 * lower-case codes: ordinary words ("the", "for", "on", "number") are ruled out without a copy of them.
 */
const NUMBER_WORD_KEYS: ReadonlySet<number> = new Set(Object.keys(NUMBER_WORDS).map((w) => (w.charCodeAt(0) << 12) | (w.charCodeAt(1) << 4) | w.length));

/** The digit a number word text[i, e) spells, or undefined. */
function numberWord(text: string, i: number, e: number): string | undefined {
  const n = e - i;
  if (n < 2 || n > 6 || !NUMBER_WORD_KEYS.has(((text.charCodeAt(i) | 32) << 12) | ((text.charCodeAt(i + 1) | 32) << 4) | n)) return undefined;
  return NUMBER_WORDS[text.slice(i, e).toLowerCase()];
}

/** Whether text[i, e) is a separator word read aloud ("dash"). */
function separatorWord(text: string, i: number, e: number): boolean {
  return e - i >= 4 && e - i <= 8 && SEPARATOR_WORDS.has(text.slice(i, e).toLowerCase());
}

/**
 * The spoken value starting within MAX_GAP characters after `from`, past a separator or a few words; null
 * when there is none, or when it is written digits in ordinary groups (one token, or "123-45-6789": the
 * number detectors' own). Two passes: the first only counts (most labels are followed by ordinary
 * values), the second builds the digits.
 */
function readSpoken(text: string, from: number): Spoken | null {
  const limit = Math.min(text.length, from + MAX_GAP);
  let i = from;
  // Past separators and short words ("is", "number", "S S N,") to the first digit or number word.
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) break;
    if (isAlnumCode(c)) {
      const e = wordEnd(text, i);
      if (numberWord(text, i, e) !== undefined) break;
      i = e;
      continue;
    }
    i++;
  }
  if (i >= limit) return null;
  const start = i;
  const last = Math.min(text.length, start + MAX_SPAN);
  let tokens = 0;
  let breaks = 0;
  let afterBreak = 0; // tokens on the line after the break
  let short = 0; // tokens of one or two digits, and number words
  let end = start;
  for (let j = start; j < last; ) {
    const c = text.charCodeAt(j);
    if (isDigitCode(c)) {
      let e = j;
      while (e < last && isDigitCode(text.charCodeAt(e))) e++;
      // A run of five or more digits is a number written whole (the number detectors' own), or another one.
      if (e - j > 4) {
        if (tokens === 0) return null;
        break;
      }
      tokens++;
      if (e - j <= 2) short++;
      if (breaks > 0) afterBreak++;
      end = j = e;
    } else if (isAlnumCode(c) || c > 127) {
      const e = wordEnd(text, j);
      if (e > j && numberWord(text, j, e) !== undefined) {
        tokens++;
        short++;
        if (breaks > 0) afterBreak++;
        end = j = e;
      } else if (tokens > 0 && separatorWord(text, j, e)) j = e;
      else break;
    } else if ((c === 45 || c === 47) && tokens > 0) j++;
    else if (c === 32 || c === 44) j++;
    else if (c === 10 && tokens > 0 && breaks === 0) {
      breaks++;
      j++;
    } else break;
  }
  // Dictated or spaced: four tokens or more on one line, at least half of them one or two digits (a card's
  // four groups of four are the number detectors'); broken over a line: three or more, some on each line.
  if (breaks === 0 ? tokens < 4 || short * 2 < tokens : tokens < 3 || afterBreak === 0) return null;
  let shape = '';
  for (let j = start; j < end; ) {
    const c = text.charCodeAt(j);
    if (isDigitCode(c)) {
      shape += text[j];
      j++;
    } else if (isAlnumCode(c) || c > 127) {
      const e = wordEnd(text, j);
      const d = numberWord(text, j, e);
      shape += d ?? '-';
      j = Math.max(e, j + 1);
    } else {
      if (c === 45 || c === 47) shape += '-';
      j++;
    }
  }
  return { start, end, shape, tokens, breaks };
}

/** Checks the digits as the label's category needs them and pushes the finding; whether one was pushed. */
function emitSpoken(s: ScanState, cat: Category, v: Spoken): boolean {
  const digits = v.shape.replace(/-/g, '');
  const push = (type: string, rule: string, confidence: number): boolean => {
    if (!s.enabled(type)) return false;
    s.push({ type, start: v.start, end: v.end, confidence, rule });
    return true;
  };
  switch (cat) {
    case 'ssn':
    case 'itin':
      if (itinValid(digits)) return push('US_ITIN', 'itin.spoken', 0.85);
      return ssnValid(digits) ? push('US_SSN', 'ssn.spoken', 0.85) : false;
    case 'card':
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && cardBrand(digits) !== undefined && !TEST_CARD_NUMBERS.has(digits)
        ? push('CREDIT_CARD', 'card.spoken', 0.85)
        : false;
    case 'aba':
      return digits.length === 9 && abaValid(digits) ? push('ABA_ROUTING', 'aba.spoken', 0.8) : false;
    case 'bank':
      return digits.length >= 6 && digits.length <= 17 && !isRepetitive(digits) && !v.shape.includes('-') ? push('US_BANK_ACCOUNT', 'bank.spoken', 0.8) : false;
    case 'passport':
      return digits.length === 9 && !v.shape.includes('-') && !isRepetitive(digits) ? push('US_PASSPORT', 'passport.spoken', 0.8) : false;
    case 'dob':
      return pastDate(v.shape) ? push('DOB', 'dob.spoken', 0.8) : false;
    default:
      return false;
  }
}

/** "m-d-yyyy" (or "mm-dd-yyyy") as read aloud: a calendar date in 1900..this year. */
function pastDate(shape: string): boolean {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(shape);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  const now = new Date().getFullYear();
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1900 && year <= now;
}
