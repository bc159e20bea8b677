/**
 * Date parsing for DOB, anchored at one position: each costs O(length of a date). Numeric dates are read by
 * character code (no match array per candidate), dates with a month name by sticky regexes.
 */
import type { EngineRegexes } from '../regexes.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_SRC = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const TEXT_MDY = new RegExp(`${MONTH_SRC}\\.?[ \\t]{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'i');
const TEXT_DMY = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?${MONTH_SRC}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'i');

export interface ParsedDate {
  start: number;
  end: number;
  year: number;
  month: number;
  day: number;
}

/**
 * The current year, or a function that returns it (called only for a date-shaped match, so a caller can
 * look it up once per scan); when absent, a Date is made for each date-shaped match.
 */
export type NowYear = number | (() => number) | undefined;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

function make(start: number, end: number, y: number, m: number, d: number, now: NowYear): ParsedDate | null {
  // The current year is looked up only for a date-shaped match (a Date per position would be costly).
  const nowYear = typeof now === 'number' ? now : now !== undefined ? now() : new Date().getFullYear();
  let year = y;
  if (year < 100) year += year > (nowYear % 100) ? 1900 : 2000;
  if (year < 1900 || year > nowYear) return null;
  if (m < 1 || m > 12 || d < 1 || d > daysIn(m, year)) return null;
  return { start, end, year, month: m, day: d };
}

/** A calendar date starting exactly at `pos`, in the past (a date of birth cannot be in the future). */
export function parseDateAt(text: string, pos: number, nowYear: NowYear, rx: EngineRegexes): ParsedDate | null {
  // Three of the forms start with a digit, the fourth with a month name: skip the regexes that cannot match.
  const c = text.charCodeAt(pos);
  if (c >= 48 && c <= 57) return parseNumericAt(text, pos, nowYear, rx);
  return startsWithMonth(text, pos) ? parseTextMdyAt(text, pos, nowYear, rx) : null;
}

/** The months' first three letters, as (c0 << 16) | (c1 << 8) | c2 of the lower-case codes. */
const MONTH_PREFIXES = new Set(Object.keys(MONTHS).map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2)));
/** Whether the three letters at pos are a month's (any case, ASCII letters only, like the i flag). */
function startsWithMonth(text: string, pos: number): boolean {
  if (pos + 3 > text.length) return false;
  let key = 0;
  for (let i = pos; i < pos + 3; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c < 97 || c > 122) return false;
    key = (key << 8) | c;
  }
  return MONTH_PREFIXES.has(key);
}

function parseTextMdyAt(text: string, pos: number, nowYear: NowYear, rx: EngineRegexes): ParsedDate | null {
  const re = rx.sticky(TEXT_MDY);
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? make(pos, pos + m[0].length, Number(m[3]), MONTHS[m[1]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[2]), nowYear) : null;
}

/** A digit's value at i, or -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Length of the run of digits at i, counted up to `max` + 1. */
function digitRun(text: string, i: number, max: number): number {
  let n = 0;
  while (n <= max && digitAt(text, i + n) >= 0) n++;
  return n;
}

/** The value of the digits text[i, i + n). */
function digitsValue(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) v = v * 10 + (text.charCodeAt(k) - 48);
  return v;
}

const isDateSep = (c: number): boolean => c === 47 || c === 46 || c === 45; // / . -

/** (?![\d/.-]\d) at i: no digit or date separator followed by a digit. */
function endsDate(text: string, i: number): boolean {
  return !((digitAt(text, i) >= 0 || isDateSep(text.charCodeAt(i))) && digitAt(text, i + 1) >= 0);
}

/** The parts of the last numeric date read. */
const DATE_PARTS = { y: 0, m: 0, d: 0 };

/**
 * An ISO date at pos, as the regex in the comment would match it (same backtracking): the end of the
 * match, with its parts in DATE_PARTS, or -1.
 */
function isoAt(text: string, pos: number): number {
  // (\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-]\d)
  if (digitRun(text, pos, 4) !== 4) return -1; // (a fifth digit is no separator)
  const sep = text.charCodeAt(pos + 4);
  if (!isDateSep(sep)) return -1;
  const m = digitRun(text, pos + 5, 2); // one or two digits, then the same separator
  if (m < 1 || m > 2 || text.charCodeAt(pos + 5 + m) !== sep) return -1;
  const q = pos + 6 + m;
  const d = digitRun(text, q, 2);
  if (d < 1) return -1;
  // Two digits where they end the date, else one (a third digit or "12-5" after them rules out neither).
  let len: number;
  if (d >= 2 && endsDate(text, q + 2)) len = 2;
  else if (endsDate(text, q + 1)) len = 1;
  else return -1;
  DATE_PARTS.y = digitsValue(text, pos, 4);
  DATE_PARTS.m = digitsValue(text, pos + 5, m);
  DATE_PARTS.d = digitsValue(text, q, len);
  return q + len;
}

/** A numeric M/D/Y or D/M/Y date likewise: the end of the match, its parts in DATE_PARTS (as y, m, d), or -1. */
function numericMdyAt(text: string, pos: number): number {
  // (\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)
  const a = digitRun(text, pos, 2);
  if (a < 1 || a > 2) return -1;
  const sep = text.charCodeAt(pos + a);
  if (!isDateSep(sep)) return -1;
  const p1 = pos + a + 1;
  const b = digitRun(text, p1, 2);
  if (b < 1 || b > 2 || text.charCodeAt(p1 + b) !== sep) return -1;
  const p2 = p1 + b + 1;
  const run = digitRun(text, p2, 4);
  let len: number;
  if (run >= 4) {
    if (!endsDate(text, p2 + 4)) return -1; // (two digits of four are followed by a digit)
    len = 4;
  } else if (run >= 2 && endsDate(text, p2 + 2)) len = 2;
  else return -1;
  DATE_PARTS.m = digitsValue(text, pos, a);
  DATE_PARTS.d = digitsValue(text, p1, b);
  DATE_PARTS.y = digitsValue(text, p2, len);
  return p2 + len;
}

function parseNumericAt(text: string, pos: number, nowYear: NowYear, rx: EngineRegexes): ParsedDate | null {
  let end = isoAt(text, pos);
  if (end >= 0) return make(pos, end, DATE_PARTS.y, DATE_PARTS.m, DATE_PARTS.d, nowYear);
  end = numericMdyAt(text, pos);
  if (end >= 0) {
    const { m: a, d: b, y } = DATE_PARTS;
    const now = nowYear ?? new Date().getFullYear();
    return make(pos, end, y, a, b, now) ?? make(pos, end, y, b, a, now); // US order first, then D/M/Y
  }
  const re = rx.sticky(TEXT_DMY);
  re.lastIndex = pos;
  const m = re.exec(text);
  if (m) return make(pos, pos + m[0].length, Number(m[3]), MONTHS[m[2]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[1]), nowYear);
  return null;
}
