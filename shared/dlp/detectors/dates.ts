/** Date parsing for DOB. Sticky regexes anchored at one position: each costs O(length of a date). */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_SRC = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const NUMERIC_MDY = /(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)/y;
const ISO = /(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-]\d)/y;
const TEXT_MDY = new RegExp(`${MONTH_SRC}\\.?[ \\t]{1,3}(\\d{1,2})(?:st|nd|rd|th)?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'iy');
const TEXT_DMY = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?${MONTH_SRC}\\.?,?[ \\t]{1,3}(\\d{4})(?!\\d)`, 'iy');

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
export function parseDateAt(text: string, pos: number, nowYear?: NowYear): ParsedDate | null {
  // Three of the forms start with a digit, the fourth with a month name: skip the regexes that cannot match.
  const c = text.charCodeAt(pos);
  if (c >= 48 && c <= 57) return parseNumericAt(text, pos, nowYear);
  return startsWithMonth(text, pos) ? parseTextMdyAt(text, pos, nowYear) : null;
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

function parseTextMdyAt(text: string, pos: number, nowYear: NowYear): ParsedDate | null {
  TEXT_MDY.lastIndex = pos;
  const m = TEXT_MDY.exec(text);
  return m ? make(pos, pos + m[0].length, Number(m[3]), MONTHS[m[1]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[2]), nowYear) : null;
}

function parseNumericAt(text: string, pos: number, nowYear: NowYear): ParsedDate | null {
  let m: RegExpExecArray | null;
  ISO.lastIndex = pos;
  if ((m = ISO.exec(text))) return make(pos, pos + m[0].length, Number(m[1]), Number(m[3]), Number(m[4]), nowYear);
  NUMERIC_MDY.lastIndex = pos;
  if ((m = NUMERIC_MDY.exec(text))) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    const end = pos + m[0].length;
    const now = nowYear ?? new Date().getFullYear();
    return make(pos, end, y, a, b, now) ?? make(pos, end, y, b, a, now); // US order first, then D/M/Y
  }
  TEXT_DMY.lastIndex = pos;
  if ((m = TEXT_DMY.exec(text))) {
    return make(pos, pos + m[0].length, Number(m[3]), MONTHS[m[2]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[1]), nowYear);
  }
  return null;
}
