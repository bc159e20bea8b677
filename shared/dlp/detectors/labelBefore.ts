/**
 * A value written before its label, on the same line: "L06686627 — her passport #", "01/08/1977 is her DOB",
 * "1775175595 is her checking acct", "X is the new wifi password", "D480-5976-6630 (IL driver's license)".
 * From the label back: linking words and marks ("is", "was", "that's", "her", "the", "new", a state or one
 * other short word, "—", "(", "<-", ","), then the value token, which the label's own reader must read
 * whole. Bounded work per label: at most LOOKBACK characters are read.
 */
import { stateBefore } from '../keywordVariants.js';
import type { KeywordHit } from '../keywords.js';
import { isDigitCode, isWordishCode } from '../text.js';
import type { ScanState } from './common.js';
import type { CategorySpec } from './labelSpecs.js';
import { emit } from './labelValue.js';

const LOOKBACK = 48;

/** Words between a value and its label ("X is her DOB", "X — that's the new wifi password"). */
const LINK_WORDS: ReadonlySet<string> = new Set([
  'is', 'was', 'are', 'as', 'that', "that's", 'that’s', 'thats', 'this', 'her', 'his', 'their', 'my', 'our', 'your', 'its', 'the', 'a',
  'new', 'old', 'current', 'temp', 'temporary', 'same', 'also',
]);

/** [ \t(—–-<,=:] and the arrow: marks between a value and its label. */
function isLinkMark(c: number): boolean {
  return c === 32 || c === 9 || c === 40 || c === 45 || c === 60 || c === 44 || c === 61 || c === 0x2013 || c === 0x2014 || c === 0x2190;
}

const VERBS: ReadonlySet<string> = new Set(['is', 'was', 'are', "that's", 'that’s', 'thats']);

/**
 * End of the value before a linking stretch that ends at `labelStart`, or -1. `others`: unknown words
 * allowed; `verb`: the stretch must hold a verb ("X is the new password": a ticket number and a dash
 * before "password reset done" are not a password and its label).
 */
function valueEndBefore(text: string, labelStart: number, others: number, verb: boolean): number {
  const stop = Math.max(0, labelStart - LOOKBACK);
  let i = labelStart;
  let words = 0;
  let linked = false;
  for (;;) {
    while (i > stop && isLinkMark(text.charCodeAt(i - 1))) {
      if (text.charCodeAt(i - 1) !== 32 && text.charCodeAt(i - 1) !== 9) linked = true;
      i--;
    }
    if (i <= stop) return -1;
    let b = i;
    while (b > stop && isWordLetter(text.charCodeAt(b - 1))) b--;
    if (b === i) break; // not a word: the value ends here
    if (b > 0 && isWordishCode(text.charCodeAt(b - 1))) break; // a word joined to more: the value itself
    const word = text.slice(b, i).toLowerCase();
    if (LINK_WORDS.has(word)) {
      linked = true;
      if (VERBS.has(word)) verb = false;
    }
    else if (others > 0 && i - b <= 12 && words < 4) others--;
    else break;
    words++;
    i = b;
  }
  // Something must link them ("X her DOB" alone is too loose), and the value must end right here.
  if (!linked || verb || i === labelStart || text.charCodeAt(i) === 10) return -1;
  return i;
}

/** Whether text[from, to) is all ASCII digits. */
function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitCode(text.charCodeAt(i))) return false;
  return true;
}

const isWordLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 || c === 0x2019;

/** The value before the label `hit`, read by its category's reader, pushed with the spec's `before` factor. */
export function readBeforeLabel(s: ScanState, hit: KeywordHit, spec: CategorySpec): void {
  const text = s.text;
  const factor = spec.before;
  if (factor === undefined || hit.start < 4) return;
  // A state before a licence label ("IL driver's license") is one of the words allowed.
  const others = spec.type === 'US_DRIVER_LICENSE' && stateBefore(text, hit.start) ? 1 : spec.type === 'PASSWORD' ? 1 : 0;
  const e = valueEndBefore(text, hit.start, others, spec.type === 'PASSWORD');
  if (e < 0) return;
  // The token ending at e: back to white space or an opening mark.
  let b = e;
  while (b > 0 && b > e - 64) {
    const c = text.charCodeAt(b - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 || c === 34 || c === 39 || c === 62) break;
    b--;
  }
  if (b === e) return;
  let value = spec.read(text, b, hit.value.kw, 'is', s.rx);
  // A number written in groups of digits with single spaces ("45 500 766 is his PA license"): the groups
  // before the last one, back to the line's start or a word, up to three more, longest reading first, with
  // seven digits or more in all.
  if ((!value || value.end !== e) && allDigits(text, b, e)) {
    const starts: number[] = [];
    for (let g = b; starts.length < 3 && g >= 2 && text.charCodeAt(g - 1) === 32 && isDigitCode(text.charCodeAt(g - 2)); ) {
      let d = g - 1;
      while (d > 0 && isDigitCode(text.charCodeAt(d - 1))) d--;
      if (d > 0 && isWordishCode(text.charCodeAt(d - 1))) break;
      starts.push((g = d));
    }
    for (let k = starts.length - 1; k >= 0; k--) {
      if (e - starts[k]! - (k + 1) < 7) continue; // seven digits at least ("45 500" is a room, a count)
      const v = spec.read(text, starts[k]!, hit.value.kw, 'is', s.rx);
      if (v && v.end === e) {
        value = v;
        break;
      }
    }
  }
  if (!value || value.end !== e || value.confidence < 0.6) return;
  value.rule = `${value.rule}.before`;
  emit(s, value, factor, 0);
}
