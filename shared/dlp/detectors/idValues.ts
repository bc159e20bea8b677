/** Identifier values after a label (DOB, passport, driver licence, bank account, health-plan ids) and in table cells. */
import { abaValid, cardBrand, isRepetitive, itinValid, luhnValid, mbiValid, ssnValid } from '../checksums.js';
import { isAlnumCode, isAsciiLetterCode, isDigitCode } from '../text.js';
import { parseDateAt } from './dates.js';
import { boundaryAfter, type Reader } from './labelValue.js';


// ---- DOB ----

/** A later item of a lettered list on the same line (" c. ", " d) "). */
const LIST_ITEM_AFTER = /^[^\n]*?(?:^|[ \t])[c-hC-H][.)][ \t]/;
const STRONG_DOB: ReadonlySet<string> = new Set(['dob', 'd.o.b', 'd.o.b.', 'date of birth', 'birth date', 'birthdate']);
export const readDob: Reader = (text, pos, kw, _sep, rx) => {
  // (The current year is looked up only when a date needs it, from the engine's clock reading.)
  const d = parseDateAt(text, pos, () => rx.year(), rx);
  if (!d || !boundaryAfter(text, d.end)) return null;
  const strong = STRONG_DOB.has(kw);
  let conf: number;
  if (strong) conf = 0.93;
  else if (kw === 'born') conf = 0.88;
  // "b. 08/01/1981": only right after it (0.62 falls under the floor in the window search) and far enough back.
  // (Not an item of a lettered list: "b. 12/01/1990 c. 12/05/1991".)
  else if (kw === 'b.') conf = d.year <= rx.year() - 14 && !LIST_ITEM_AFTER.test(text.slice(d.end, d.end + 80)) ? 0.62 : 0;
  else conf = d.year <= rx.year() - 5 ? 0.7 : 0.4; // "birthday": a birthday party date is not a DOB
  if (conf === 0) return null;
  return { type: 'DOB', start: d.start, end: d.end, confidence: conf, rule: strong ? 'dob.labeled' : kw === 'born' || kw === 'b.' ? 'dob.born' : 'dob.birthday' };
};

// ---- US_PASSPORT ----

/** ([A-Za-z]\d{8}|\d{9})(?![A-Za-z0-9]), read by character code. */
export const readPassport: Reader = (text, pos) => {
  const from = isAsciiLetterCode(text.charCodeAt(pos)) ? pos + 1 : pos; // the first digit
  const end = pos + 9;
  for (let i = from; i < end; i++) if (!isDigitCode(text.charCodeAt(i))) return null;
  if (isAlnumCode(text.charCodeAt(end)) || isRepetitive(text.slice(from, end))) return null;
  return { type: 'US_PASSPORT', start: pos, end, confidence: 0.92, rule: 'passport.labeled' };
};

// ---- US_DRIVER_LICENSE ----

/** Whether a digit follows at most three ASCII letters at pos (what [A-Za-z]{0,3}\d needs). */
export function digitAfterLetters(text: string, pos: number): boolean {
  // (Michigan's "M 736 ...": one capital, a space, a digit.)
  if (isAsciiLetterCode(text.charCodeAt(pos)) && text.charCodeAt(pos + 1) === 32 && isDigitCode(text.charCodeAt(pos + 2))) return true;
  for (let i = pos; i <= pos + 3; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) return true;
    if (!isAsciiLetterCode(c)) return false;
  }
  return false;
}

/** Digits of text[from, to) (the whole slice when it has nothing else). */
export function digitsIn(text: string, from: number, to: number, count: number): string {
  const raw = text.slice(from, to);
  return count === to - from ? raw : raw.replace(/\D/g, '');
}

/** Whether text[from, to) has two separators (' ' or '-') in a row. */
function doubledSeparator(text: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    const b = text.charCodeAt(i - 1);
    if ((c === 32 || c === 45) && (b === 32 || b === 45)) return true;
  }
  return false;
}

// Regexes without groups are run anchored with test() (EngineRegexes.endAt): the end of the match, no match array.
// Letters between digits: New Hampshire's 2 digits, 3 letters, 5 digits; Iowa's 3 digits, 2 letters, 4 digits (AAMVA formats).
// Michigan's letter, a space, then four groups of three digits ("M 736 919 557 721"). Letters and digits
// mixed (Montana's pre-2009 "K3L50TFY8"): a capital, a digit, then 6-10 capitals or digits with 4 digits in all.
const DL_VALUE = /WDL[A-Z0-9]{9}(?![A-Za-z0-9])|[A-Z] \d{3} \d{3} \d{3} \d{3}(?![A-Za-z0-9])|(?=[A-Z]\d[A-Z0-9]{6,10}(?![A-Za-z0-9]))(?=(?:[A-Z]*\d){4})[A-Z]\d[A-Z0-9]{6,10}(?![A-Za-z0-9])|\d{2,3}[A-Z]{2,3}\d{4,5}(?![A-Za-z0-9])|[A-Za-z]{0,3}\d[\d -]{2,18}\d[A-Za-z]?(?![A-Za-z0-9])/;
/** Washington's legacy format: five letters of the last name (padded with '*'), two initials, three digits, two check characters. */
const WA_LEGACY_DL = /[A-Z][A-Z*]{6,8}\d{3}[A-Z0-9]{2}(?![A-Za-z0-9])/;
const DL_YEARS = /^(19|20)\d\d[- ](19|20)?\d\d$/;
const PHONE = /^\d{3}[- ]\d{3}[- ]\d{4}$/;
const AMBIGUOUS_DL: ReadonlySet<string> = new Set(['dl', 'cdl', 'dln']);
export const readDriverLicense: Reader = (text, pos, kw, sep, rx) => {
  if (!digitAfterLetters(text, pos) && !text.startsWith('WDL', pos)) {
    const end = rx.endAt(WA_LEGACY_DL, text, pos);
    if (end < 0) return null;
    return { type: 'US_DRIVER_LICENSE', start: pos, end, confidence: 0.85, rule: 'dl.labeled.wa-legacy' };
  }
  const end = rx.endAt(DL_VALUE, text, pos); // (the match ends with a letter or digit: no separator to trim)
  if (end < 0) return null;
  if (doubledSeparator(text, pos, end)) return null;
  let seps = 0;
  let digits = 0;
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45) seps++;
    else if (isDigitCode(c)) digits++;
  }
  const compact = end - pos - seps; // the value without separators
  // WDL and nine letters or digits (the letters of a match come first, so "WDL" is its start)
  const wa = compact === 12 && text.slice(pos, pos + 3).toUpperCase() === 'WDL';
  // (Four digits among three or more letters: Montana's pre-2009 format.)
  if (compact > 17 || (digits < 5 && !wa && !(digits === 4 && compact - digits >= 3))) return null;
  const raw = text.slice(pos, end);
  if (DL_YEARS.test(raw) || (digits >= 5 && isRepetitive(digitsIn(text, pos, end, digits)))) return null; // "DL 2024-2025"
  let conf = 0.9;
  if (AMBIGUOUS_DL.has(kw) && sep !== ':' && !isAsciiLetterCode(text.charCodeAt(pos)) && text.charCodeAt(pos - 1) !== 35) conf = 0.6; // "DL" may be a mailing list
  if (PHONE.test(raw)) conf = 0.3; // a phone number
  return { type: 'US_DRIVER_LICENSE', start: pos, end, confidence: conf, rule: 'dl.labeled' };
};

// ---- US_BANK_ACCOUNT ----

const BANK_VALUE = /\d[\d -]{4,22}\d(?![A-Za-z0-9])/;
const BANK_PHONE = /^\d{3}[- ]\d{3}[- ]\d{4}$|^\d{3}-\d{4}$/;
const STRONG_BANK: ReadonlySet<string> = new Set([
  'account number', 'account no', 'account #', 'account#', 'acct', 'acct#', 'acct no', 'a/c', 'checking', 'savings', 'bank account',
  'dda', 'acc no', 'acc#', 'direct deposit',
]);
export const readBank: Reader = (text, pos, kw, _sep, rx) => {
  const end = rx.endAt(BANK_VALUE, text, pos);
  if (end < 0) return null;
  if (doubledSeparator(text, pos, end)) return null;
  let seps = 0;
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45) seps++;
  }
  const digits = end - pos - seps;
  // (seps + 1 groups: at most 4)
  if (digits < 7 || digits > 17 || seps > 3 || isRepetitive(digitsIn(text, pos, end, digits))) return null;
  if (seps > 0) {
    if (BANK_PHONE.test(text.slice(pos, end))) return null; // a phone number
  }
  // (kw 'bank': a table column whose header names an account, tables.ts: as strong as 'acct' itself, so a
  // Luhn-valid account number under it stays an account.)
  const conf = STRONG_BANK.has(kw) || kw === 'bank' ? 0.9 : kw === 'deposit' ? 0.7 : 0.8;
  return { type: 'US_BANK_ACCOUNT', start: pos, end, confidence: conf, rule: 'bank.labeled' };
};

// ---- PHI: health-plan identifiers ----

const MBI_VALUE = /[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?[A-Za-z]{2}\d{2}(?![A-Za-z0-9])/;
const HEALTH_ID_VALUE = /[A-Za-z]{0,3}\d[A-Za-z0-9-]{3,17}(?![A-Za-z0-9-])/;
const HEALTH_ID_YEARS = /^(19|20)\d\d-(19|20)?\d\d$/;
export const readHealthId: Reader = (text, pos, _kw, _sep, rx) => {
  // Inside a hyphenated token ("client id 28aa12cb-b848-4aab-a0bb-7d40fcff3c16": a GUID's tail is not an id).
  if (pos > 1 && text.charCodeAt(pos - 1) === 45 && isAlnumCode(text.charCodeAt(pos - 2))) return null;
  if (!digitAfterLetters(text, pos)) return null; // both forms: [A-Za-z]{0,3}\d (an MBI starts with a digit)
  const mbiEnd = rx.endAt(MBI_VALUE, text, pos);
  if (mbiEnd >= 0) {
    const end = mbiEnd;
    if (mbiValid(text.slice(pos, end).replace(/-/g, '').toUpperCase())) {
      return { type: 'PHI', start: pos, end, confidence: 0.93, rule: 'phi.medicare-mbi' };
    }
  }
  let end = rx.endAt(HEALTH_ID_VALUE, text, pos);
  if (end < 0) return null;
  while (text.charCodeAt(end - 1) === 45) end--; // trailing dashes
  let digits = 0;
  for (let i = pos; i < end; i++) if (isDigitCode(text.charCodeAt(i))) digits++;
  if (digits < 5 || isRepetitive(digitsIn(text, pos, end, digits)) || HEALTH_ID_YEARS.test(text.slice(pos, end))) return null;
  return { type: 'PHI', start: pos, end, confidence: 0.88, rule: 'phi.health-id' };
};

// ---- numbers that only table headers label (elsewhere detectors/numbers.ts finds them) ----

const SSN_CELL = /\d{3}[- ]?\d{2}[- ]?\d{4}(?!\d)/;
export const readSsnCell: Reader = (text, pos, _kw, _sep, rx) => {
  const end = rx.endAt(SSN_CELL, text, pos);
  if (end < 0) return null;
  const d = text.slice(pos, end).replace(/\D/g, '');
  if (itinValid(d)) return { type: 'US_ITIN', start: pos, end, confidence: 0.9, rule: 'itin.table' };
  return ssnValid(d) ? { type: 'US_SSN', start: pos, end, confidence: 0.9, rule: 'ssn.table' } : null;
};
const ABA_CELL = /\d{9}(?!\d)/;
export const readAbaCell: Reader = (text, pos, _kw, _sep, rx) => {
  return rx.endAt(ABA_CELL, text, pos) >= 0 && abaValid(text.slice(pos, pos + 9))
    ? { type: 'ABA_ROUTING', start: pos, end: pos + 9, confidence: 0.9, rule: 'aba.table' }
    : null;
};
const CARD_CELL = /\d[\d -]{11,22}\d(?!\d)/;
export const readCardCell: Reader = (text, pos, _kw, _sep, rx) => {
  const end = rx.endAt(CARD_CELL, text, pos);
  if (end < 0) return null;
  const d = text.slice(pos, end).replace(/\D/g, '');
  return d.length >= 13 && d.length <= 19 && luhnValid(d) && cardBrand(d)
    ? { type: 'CREDIT_CARD', start: pos, end, confidence: 0.92, rule: 'card.table' }
    : null;
};
