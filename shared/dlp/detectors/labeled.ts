/**
 * Keyword-first identifiers: a label ("DOB:", "passport no.", "acct #", "password is") followed closely by
 * a value of the right shape. Covers PASSWORD, DOB, US_PASSPORT, US_DRIVER_LICENSE, US_BANK_ACCOUNT and
 * health-plan identifiers (PHI). Three ways a value is tied to its label:
 *   1. right after it, past separators and filler words ("DL # for the client is D1234567");
 *   2. further along within a short window, with lower confidence ("passport number, mine is ...");
 *   3. in the same column of a pasted table whose header cell is the label (CSV, TSV, Markdown).
 * Values are read with sticky regexes anchored at one position, so each label costs bounded work.
 */
import { abaValid, cardBrand, isRepetitive, itinValid, luhnValid, mbiValid, ssnValid } from '../checksums.js';
import { type Category, categoriesOf, type KeywordHit, KEYWORDS } from '../keywords.js';
import { isAlnumCode, isAsciiLetterCode, isDigitCode, isPlaceholder, isWordishCode } from '../text.js';
import type { DlpFinding } from '../types.js';
import { clamp01, type ScanState } from './common.js';
import { parseDateAt } from './dates.js';

const FILLER = new Set([
  'no', 'num', 'number', 'nbr', 'nr', 'is', 'was', 'are', 'of', 'the', 'on', 'at', 'id', 'to', 'now', 'new', 'his', 'her',
  'their', 'my', 'your', 'our', 'as', 'listed', 'reads', 'shows', 'would', 'be', 'will', 'should', 'it', 'it’s', "it's",
  'changed', 'set', 'reset', 'updated', 'still', 'just', 'currently', 'always',
]);
const SEP_WORDS = new Set(['is', 'was', 'to', 'be', 'reads', 'shows', 'are']);
/** FILLER by length, so a word is compared by character code without a lower-cased copy of it. */
const FILLER_BY_LENGTH: string[][] = Array.from({ length: Math.max(...[...FILLER].map((w) => w.length)) + 1 }, () => []);
for (const w of FILLER) FILLER_BY_LENGTH[w.length]!.push(w);

/** The filler word that text[i, j) spells in any case ([A-Za-z'’] only), or undefined. */
function fillerAt(text: string, i: number, j: number): string | undefined {
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

type Sep = ':' | 'is' | '';
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
function valueAfter(text: string, from: number, maxDist: number, anyWords = 0): ValueStart {
  let i = from;
  let sep: Sep = '';
  let words = 0;
  let unknownWords = 0;
  let newlines = 0;
  const n = text.length;
  const limit = Math.min(n, from + maxDist);
  while (i < limit) {
    const c = text.charCodeAt(i);
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
  if (unknownWords > 0 && sep === '') return { pos: -1, sep, dist: 0 };
  return { pos: i, sep, dist: i - from };
}

/** A value read after a label; emit pushes it as the finding. */
type Value = DlpFinding;

/** Reads a value of the label's kind starting exactly at `pos`. */
type Reader = (text: string, pos: number, kw: string, sep: Sep) => Value | null;

const boundaryAfter = (text: string, end: number): boolean => end >= text.length || !isWordishCode(text.charCodeAt(end));

// ---- PASSWORD ----

const PASSWORD_STOPWORDS = new Set([
  'required', 'expired', 'expires', 'expiring', 'incorrect', 'invalid', 'wrong', 'reset', 'changed', 'same', 'different', 'attached',
  'below', 'above', 'sent', 'emailed', 'texted', 'protected', 'manager', 'vault', 'policy', 'rules', 'complexity', 'length', 'hint',
  'none', 'null', 'blank', 'empty', 'unknown', 'tbd', 'ask', 'see', 'check', 'locked', 'needed', 'missing', 'correct', 'working',
  'not', 'the', 'a', 'an', 'in', 'on', 'for', 'and', 'still', 'also', 'case', 'stored', 'saved', 'shared', 'encrypted', 'hashed',
  'temporary', 'temp', 'default', 'strong', 'weak', 'good', 'fine', 'ok', 'okay', 'yes', 'no', 'true', 'false', 'set', 'updated',
  'change', 'update', 'there', 'here', 'this', 'that', 'it', 'what', 'lost', 'forgotten', 'forgot', 'who', 'when', 'where', 'how',
  'why', 'please', 'pls', 'too', 'very', 'really', 'just', 'only', 'being', 'getting', 'having', 'mandatory', 'optional',
  'changes', 'rotates', 'resets', 'expires', 'requirements', 'applies', 'prompt', 'prompts',
]);

/** Longest value the stop-word checks can match ("complexity", "passcodes"); longer values skip them. */
const STOPWORD_MAX = Math.max('passcodes'.length, ...[...PASSWORD_STOPWORDS].map((w) => w.length));

/** The closing quote for an opening quote code (" ' ` “ ‘), or -1. */
function closingQuote(c: number): number {
  switch (c) {
    case 34:
    case 39:
    case 96:
      return c;
    case 0x201c:
      return 0x201d;
    case 0x2018:
      return 0x2019;
    default:
      return -1;
  }
}

/** The opener for a closing bracket or quote code () ] } > " ' ” ’), or -1. */
function openerOf(c: number): number {
  switch (c) {
    case 41:
      return 40;
    case 93:
      return 91;
    case 125:
      return 123;
    case 62:
      return 60;
    case 34:
    case 39:
      return c;
    case 0x201d:
      return 0x201c;
    case 0x2019:
      return 0x2018;
    default:
      return -1;
  }
}

/** JavaScript's \s: WhiteSpace and LineTerminator. */
function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Index of `ch` in text[from, to), or -1. */
function indexIn(text: string, ch: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/** End of the password that starts at `pos`, or -1 when it is longer than 64 characters. */
function passwordEnd(text: string, pos: number): number {
  const close = closingQuote(text.charCodeAt(pos - 1));
  if (close >= 0) {
    // The closing quote counts only within 64 characters, on the same line.
    const end = indexIn(text, close, pos, Math.min(text.length, pos + 65));
    if (end > pos && indexIn(text, 10, pos, end) < 0) return end;
  }
  let end = pos;
  while (end < text.length && end - pos < 65 && !isSpaceCode(text.charCodeAt(end))) end++;
  if (end - pos > 64) return -1;
  // Trailing sentence punctuation and unbalanced closers are not part of the password.
  for (;;) {
    if (end - pos <= 4) break;
    const last = text.charCodeAt(end - 1);
    if (last === 46 || last === 44 || last === 59) end--; // . , ;
    else {
      const opener = openerOf(last);
      if (opener >= 0 && indexIn(text, opener, pos, end - 1) < 0) end--;
      else break;
    }
  }
  return end;
}

/** `allClasses`: the value must hold upper and lower case letters, digits and symbols, or it is no password. */
function passwordConfidence(value: string, sep: Sep, allClasses = false): number {
  const n = value.length;
  if (n < 4 || n > 64) return 0;
  // (The checks that return 0 are independent: the cheap ones come first.)
  if (value.endsWith(':') || value.includes('://')) return 0;
  const first = value.charCodeAt(0);
  // a time, a date, a count
  if (isDigitCode(first) && (/^\d{1,2}[:/]\d{2}/.test(value) || /^\d+(st|nd|rd|th|am|pm|%|s)$/i.test(value))) return 0;
  if (n <= STOPWORD_MAX) {
    const lower = value.toLowerCase(); // (never shorter than the value)
    if (PASSWORD_STOPWORDS.has(lower) || /^(password|passwd|pwd|pw|passcode|pin)s?$/.test(lower)) return 0;
  }
  if (/^(https?|ftp|file):/i.test(value) || isPlaceholder(value)) return 0;
  // What the value is made of, in one reading: [A-Za-z], \d, [^A-Za-z0-9\s], [a-z], [A-Z], and whether
  // everything after the first character is [a-z'’-] (a word).
  let letters = false;
  let digits = false;
  let symbols = false;
  let lower = false;
  let upper = false;
  let wordTail = true;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) letters = lower = true;
    else if (c >= 65 && c <= 90) {
      letters = upper = true;
      if (i > 0) wordTail = false;
    } else if (c >= 48 && c <= 57) {
      digits = true;
      if (i > 0) wordTail = false;
    } else {
      if (!isSpaceCode(c)) symbols = true;
      if (i > 0 && c !== 39 && c !== 0x2019 && c !== 45) wordTail = false;
    }
  }
  if (allClasses && !(lower && upper && digits && symbols)) return 0;
  if (wordTail && first >= 97 && first <= 122) return sep === ':' && n >= 6 ? 0.7 : 0; // a lower-case word
  if (wordTail && isAsciiLetterCode(first)) return sep === ':' && n >= 6 ? 0.6 : 0; // a capitalised word
  if (!letters && digits && !symbols) return sep === '' ? 0 : n >= 6 ? 0.75 : 0.6; // digits only
  if (sep === '') return letters && digits && (symbols || (lower && upper)) ? 0.75 : 0; // "pw Olympia287!!"
  return sep === ':' ? 0.92 : 0.88;
}

/**
 * Labels that are often followed by something other than a password (a user name after "creds:", a
 * version after "reset to"): the value must look like a password on its own, as with no separator.
 */
const LOOSE_PASSWORD_LABELS = new Set(['creds', 'credentials', 'login creds']);
/** "reset it to X" holds a password only when X has upper and lower case letters, digits and symbols. */
const RESET_LABELS = new Set(['reset it to', 'reset to']);

/** A value that is the next key of a form or file ("password=\nusername=jdoe"), or code that fetches it. */
const KEY_NOT_VALUE = /^[A-Za-z_][A-Za-z0-9_.-]{0,40}=(?=[^=])|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[[(]/;
/** "your-password-here", "your_token": the label's own filler says it is a placeholder. */
const YOUR_BEFORE = /(?:your|ur)[-_ ]$/i;
/** Meeting passcodes: a passcode label near a meeting invitation's words. */
const MEETING_WORDS = /zoom|teams meeting|webex|meeting id|conference id|join meeting|join zoom|dial-in|dial in|access code|meeting link|gotomeeting|bluejeans/i;
const MEETING_LABELS = new Set(['passcode', 'pass code', 'pwd', 'password', 'pw']);

const readPassword: Reader = (text, pos, kw, sep) => {
  const end = passwordEnd(text, pos);
  if (end < 0) return null;
  const value = text.slice(pos, end);
  if (KEY_NOT_VALUE.test(value) || YOUR_BEFORE.test(text.slice(Math.max(0, pos - 6), pos))) return null;
  if (MEETING_LABELS.has(kw) && MEETING_WORDS.test(text.slice(Math.max(0, pos - 240), Math.min(text.length, end + 60)))) return null;
  const reset = RESET_LABELS.has(kw);
  const conf = passwordConfidence(value, reset || LOOSE_PASSWORD_LABELS.has(kw) ? '' : sep, reset);
  return conf > 0 ? { type: 'PASSWORD', start: pos, end, confidence: conf, rule: 'password.labeled' } : null;
};

/** Start of the token after "user / " or "user/" at `pos` (a user name of [A-Za-z0-9._@-], up to 64), or -1. */
function afterUserSlash(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && i - pos <= 64) {
    const c = text.charCodeAt(i);
    if (isAlnumCode(c) || c === 46 || c === 95 || c === 64 || c === 45 || c === 92) i++;
    else break;
  }
  if (i === pos) return -1;
  let j = i;
  while (text.charCodeAt(j) === 32) j++;
  if (text.charCodeAt(j) !== 47 || j - i > 1) return -1;
  j++;
  const k = j;
  while (text.charCodeAt(j) === 32) j++;
  if (j - k > 1) return -1;
  return j < text.length && !isSpaceCode(text.charCodeAt(j)) ? j : -1;
}

const readPin: Reader = (text, pos, _kw, sep) => {
  if (sep === '') return null;
  // \d{4,8}(?![\dA-Za-z]): a run of 4 to 8 digits (a longer run never matches) not followed by a letter.
  let end = pos;
  while (end - pos <= 8 && isDigitCode(text.charCodeAt(end))) end++;
  if (end - pos < 4 || end - pos > 8 || isAsciiLetterCode(text.charCodeAt(end))) return null;
  return { type: 'PASSWORD', start: pos, end, confidence: 0.8, rule: 'password.pin' };
};

// ---- DOB ----

/**
 * The current year, looked up at most once per scan and only when a date needs it (a Date per label
 * would be costly). Reset by detectLabeled.
 */
let scanYear = 0;
const currentYear = (): number => (scanYear === 0 ? (scanYear = new Date().getFullYear()) : scanYear);

const STRONG_DOB = new Set(['dob', 'd.o.b', 'd.o.b.', 'date of birth', 'birth date', 'birthdate']);
const readDob: Reader = (text, pos, kw) => {
  const d = parseDateAt(text, pos, currentYear);
  if (!d || !boundaryAfter(text, d.end)) return null;
  const strong = STRONG_DOB.has(kw);
  let conf: number;
  if (strong) conf = 0.93;
  else if (kw === 'born') conf = 0.88;
  else conf = d.year <= currentYear() - 5 ? 0.7 : 0.4; // "birthday": a birthday party date is not a DOB
  return { type: 'DOB', start: d.start, end: d.end, confidence: conf, rule: strong ? 'dob.labeled' : kw === 'born' ? 'dob.born' : 'dob.birthday' };
};

// ---- US_PASSPORT ----

/** ([A-Za-z]\d{8}|\d{9})(?![A-Za-z0-9]), read by character code. */
const readPassport: Reader = (text, pos) => {
  const from = isAsciiLetterCode(text.charCodeAt(pos)) ? pos + 1 : pos; // the first digit
  const end = pos + 9;
  for (let i = from; i < end; i++) if (!isDigitCode(text.charCodeAt(i))) return null;
  if (isAlnumCode(text.charCodeAt(end)) || isRepetitive(text.slice(from, end))) return null;
  return { type: 'US_PASSPORT', start: pos, end, confidence: 0.92, rule: 'passport.labeled' };
};

// ---- US_DRIVER_LICENSE ----

/** Whether a digit follows at most three ASCII letters at pos (what [A-Za-z]{0,3}\d needs). */
function digitAfterLetters(text: string, pos: number): boolean {
  for (let i = pos; i <= pos + 3; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) return true;
    if (!isAsciiLetterCode(c)) return false;
  }
  return false;
}

/** Digits of text[from, to) (the whole slice when it has nothing else). */
function digitsIn(text: string, from: number, to: number, count: number): string {
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

// Sticky regexes without groups are run with test(): lastIndex is the end of the match (no match array).
const DL_VALUE = /WDL[A-Z0-9]{9}(?![A-Za-z0-9])|[A-Za-z]{0,3}\d[\d -]{2,18}\d[A-Za-z]?(?![A-Za-z0-9])/y;
/** Washington's legacy format: five letters of the last name (padded with '*'), two initials, three digits, two check characters. */
const WA_LEGACY_DL = /[A-Z][A-Z*]{6,8}\d{3}[A-Z0-9]{2}(?![A-Za-z0-9])/y;
const DL_YEARS = /^(19|20)\d\d[- ](19|20)?\d\d$/;
const PHONE = /^\d{3}[- ]\d{3}[- ]\d{4}$/;
const AMBIGUOUS_DL = new Set(['dl', 'cdl', 'dln']);
const readDriverLicense: Reader = (text, pos, kw, sep) => {
  if (!digitAfterLetters(text, pos) && !text.startsWith('WDL', pos)) {
    WA_LEGACY_DL.lastIndex = pos;
    if (!WA_LEGACY_DL.test(text)) return null;
    return { type: 'US_DRIVER_LICENSE', start: pos, end: WA_LEGACY_DL.lastIndex, confidence: 0.85, rule: 'dl.labeled.wa-legacy' };
  }
  DL_VALUE.lastIndex = pos;
  if (!DL_VALUE.test(text)) return null;
  const end = DL_VALUE.lastIndex; // (the match ends with a letter or digit: no separator to trim)
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
  if (compact > 17 || (digits < 5 && !wa)) return null;
  const raw = text.slice(pos, end);
  if (DL_YEARS.test(raw) || (digits >= 5 && isRepetitive(digitsIn(text, pos, end, digits)))) return null; // "DL 2024-2025"
  let conf = 0.9;
  if (AMBIGUOUS_DL.has(kw) && sep !== ':' && !isAsciiLetterCode(text.charCodeAt(pos)) && text.charCodeAt(pos - 1) !== 35) conf = 0.6; // "DL" may be a mailing list
  if (PHONE.test(raw)) conf = 0.3; // a phone number
  return { type: 'US_DRIVER_LICENSE', start: pos, end, confidence: conf, rule: 'dl.labeled' };
};

// ---- US_BANK_ACCOUNT ----

const BANK_VALUE = /\d[\d -]{4,22}\d(?![A-Za-z0-9])/y;
const BANK_PHONE = /^\d{3}[- ]\d{3}[- ]\d{4}$|^\d{3}-\d{4}$/;
const STRONG_BANK = new Set([
  'account number', 'account no', 'account #', 'account#', 'acct', 'acct#', 'acct no', 'a/c', 'checking', 'savings', 'bank account',
  'dda', 'acc no', 'acc#', 'direct deposit',
]);
const readBank: Reader = (text, pos, kw) => {
  BANK_VALUE.lastIndex = pos;
  if (!BANK_VALUE.test(text)) return null;
  const end = BANK_VALUE.lastIndex;
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
  const conf = STRONG_BANK.has(kw) ? 0.9 : kw === 'deposit' ? 0.7 : 0.8;
  return { type: 'US_BANK_ACCOUNT', start: pos, end, confidence: conf, rule: 'bank.labeled' };
};

// ---- PHI: health-plan identifiers ----

const MBI_VALUE = /[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?[A-Za-z]{2}\d{2}(?![A-Za-z0-9])/y;
const HEALTH_ID_VALUE = /[A-Za-z]{0,3}\d[A-Za-z0-9-]{3,17}(?![A-Za-z0-9-])/y;
const HEALTH_ID_YEARS = /^(19|20)\d\d-(19|20)?\d\d$/;
const readHealthId: Reader = (text, pos) => {
  if (!digitAfterLetters(text, pos)) return null; // both forms: [A-Za-z]{0,3}\d (an MBI starts with a digit)
  MBI_VALUE.lastIndex = pos;
  if (MBI_VALUE.test(text)) {
    const end = MBI_VALUE.lastIndex;
    if (mbiValid(text.slice(pos, end).replace(/-/g, '').toUpperCase())) {
      return { type: 'PHI', start: pos, end, confidence: 0.93, rule: 'phi.medicare-mbi' };
    }
  }
  HEALTH_ID_VALUE.lastIndex = pos;
  if (!HEALTH_ID_VALUE.test(text)) return null;
  let end = HEALTH_ID_VALUE.lastIndex;
  while (text.charCodeAt(end - 1) === 45) end--; // trailing dashes
  let digits = 0;
  for (let i = pos; i < end; i++) if (isDigitCode(text.charCodeAt(i))) digits++;
  if (digits < 5 || isRepetitive(digitsIn(text, pos, end, digits)) || HEALTH_ID_YEARS.test(text.slice(pos, end))) return null;
  return { type: 'PHI', start: pos, end, confidence: 0.88, rule: 'phi.health-id' };
};

// ---- numbers that only table headers label (elsewhere detectors/numbers.ts finds them) ----

const SSN_CELL = /\d{3}[- ]?\d{2}[- ]?\d{4}(?!\d)/y;
const readSsnCell: Reader = (text, pos) => {
  SSN_CELL.lastIndex = pos;
  if (!SSN_CELL.test(text)) return null;
  const end = SSN_CELL.lastIndex;
  const d = text.slice(pos, end).replace(/\D/g, '');
  if (itinValid(d)) return { type: 'US_ITIN', start: pos, end, confidence: 0.9, rule: 'itin.table' };
  return ssnValid(d) ? { type: 'US_SSN', start: pos, end, confidence: 0.9, rule: 'ssn.table' } : null;
};
const ABA_CELL = /\d{9}(?!\d)/y;
const readAbaCell: Reader = (text, pos) => {
  ABA_CELL.lastIndex = pos;
  return ABA_CELL.test(text) && abaValid(text.slice(pos, pos + 9))
    ? { type: 'ABA_ROUTING', start: pos, end: pos + 9, confidence: 0.9, rule: 'aba.table' }
    : null;
};
const CARD_CELL = /\d[\d -]{11,22}\d(?!\d)/y;
const readCardCell: Reader = (text, pos) => {
  CARD_CELL.lastIndex = pos;
  if (!CARD_CELL.test(text)) return null;
  const end = CARD_CELL.lastIndex;
  const d = text.slice(pos, end).replace(/\D/g, '');
  return d.length >= 13 && d.length <= 19 && luhnValid(d) && cardBrand(d)
    ? { type: 'CREDIT_CARD', start: pos, end, confidence: 0.92, rule: 'card.table' }
    : null;
};

interface CategorySpec {
  type: string;
  read: Reader;
  /** Max characters between label and value in the direct reading. */
  maxDist: number;
  /** Unknown words the direct reading may skip before a separator. */
  anyWords?: number;
  /** Whether a value further along (window search) counts, and its confidence factor. */
  window?: number;
  /**
   * Every value of this kind has a digit within this many characters of its start: a window without a
   * digit in reach is not searched.
   */
  digitWithin?: number;
  /** ... unless the value starts with this literal (searched in the window when no digit is in reach). */
  orStartsWith?: string;
}

const SPECS: Partial<Record<Category, CategorySpec>> = {
  password: { type: 'PASSWORD', read: readPassword, maxDist: 64, anyWords: 6 },
  pin: { type: 'PASSWORD', read: readPin, maxDist: 16 },
  // A date starts with a digit, or with a month name (at most 9 letters, a dot, 3 spaces) before its day.
  dob: { type: 'DOB', read: readDob, maxDist: 24, window: 0.8, digitWithin: 14 },
  passport: { type: 'US_PASSPORT', read: readPassport, maxDist: 28, window: 0.85, digitWithin: 2 },
  // [A-Za-z]{0,3}\d..., Washington's legacy seven letters then digits, or WDL and nine letters or digits.
  dl: { type: 'US_DRIVER_LICENSE', read: readDriverLicense, maxDist: 28, window: 0.85, digitWithin: 8, orStartsWith: 'WDL' },
  bank: { type: 'US_BANK_ACCOUNT', read: readBank, maxDist: 24 },
  healthId: { type: 'PHI', read: readHealthId, maxDist: 24, window: 0.85, digitWithin: 4 },
};
const { password: PASSWORD_SPEC, pin: PIN_SPEC, dob: DOB_SPEC, passport: PASSPORT_SPEC, dl: DL_SPEC, bank: BANK_SPEC, healthId: HEALTH_ID_SPEC } = SPECS;
/** SPECS[cat], by comparing constants (a keyed lookup per keyword hit costs more). */
function specOf(cat: Category): CategorySpec | undefined {
  switch (cat) {
    case 'password':
      return PASSWORD_SPEC;
    case 'pin':
      return PIN_SPEC;
    case 'dob':
      return DOB_SPEC;
    case 'passport':
      return PASSPORT_SPEC;
    case 'dl':
      return DL_SPEC;
    case 'bank':
      return BANK_SPEC;
    case 'healthId':
      return HEALTH_ID_SPEC;
    default:
      return undefined;
  }
}
const TABLE_READERS: Partial<Record<Category, Reader>> = {
  ...Object.fromEntries(Object.entries(SPECS).map(([c, s]) => [c, s.read])),
  ssn: readSsnCell,
  itin: readSsnCell,
  aba: readAbaCell,
  card: readCardCell,
};

const WINDOW = 60;

/** The first digit at or after a position; positions asked for never decrease, so the text is read once. */
class NextDigit {
  private at = -2; // -2: not searched yet, -1: none left
  private from = 0;
  constructor(private readonly text: string) {}
  from_(pos: number): number {
    if (this.at === -1 || (this.at >= pos && this.from <= pos)) return this.at;
    const re = DIGIT;
    re.lastIndex = pos;
    this.from = pos;
    this.at = re.test(this.text) ? re.lastIndex - 1 : -1;
    return this.at;
  }
}
const DIGIT = /\d/g;

/** The next occurrence of a literal at or after a position; positions asked for never decrease. */
class NextLiteral {
  private readonly at = new Map<string, number>();
  constructor(private readonly text: string) {}
  next(literal: string, pos: number): number {
    const known = this.at.get(literal);
    if (known !== undefined && (known === -1 || known >= pos)) return known === -1 ? Infinity : known;
    const found = this.text.indexOf(literal, pos);
    this.at.set(literal, found);
    return found === -1 ? Infinity : found;
  }
}

export function detectLabeled(s: ScanState): void {
  scanYear = 0;
  const digits = new NextDigit(s.text);
  const literals = new NextLiteral(s.text);
  const hits = s.ctx.hits;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    const cats = hit.value.cats;
    for (let k = 0; k < cats.length; k++) {
      const spec = specOf(cats[k]!);
      if (spec && s.enabled(spec.type)) readAfterLabel(s, hit, spec, digits, literals);
    }
  }
  if (s.text.includes('\n')) detectTables(s);
}

/** Pushes a value as a finding: the reader's object itself (each read makes a new one), confidence adjusted. */
function emit(s: ScanState, v: Value, factor = 1, dist = 0): void {
  v.confidence = clamp01(v.confidence * factor - dist * 0.002);
  s.push(v);
}

function readAfterLabel(s: ScanState, hit: KeywordHit, spec: CategorySpec, digits: NextDigit, literals: NextLiteral): void {
  const text = s.text;
  const kw = hit.value.kw;
  const v = valueAfter(text, hit.end, spec.maxDist, spec.anyWords ?? 0);
  if (v.pos >= 0 && v.pos < text.length && (v.dist > 0 || spec.type !== 'PASSWORD')) {
    const value = spec.read(text, v.pos, kw, v.sep);
    if (value) {
      emit(s, value, 1, v.dist);
      return;
    }
    // "creds: admin / P@ssw0rd99": a user name, a slash, then the password.
    if (spec.type === 'PASSWORD' && v.sep === ':') {
      const at = afterUserSlash(text, v.pos);
      const pw = at > 0 ? spec.read(text, at, kw, ':') : null;
      if (pw) {
        pw.rule = 'password.user-slash';
        emit(s, pw, 0.95, v.dist);
        return;
      }
    }
  }
  if (!spec.window) return;
  // Window search: the first value of the right shape that starts a token within the window.
  const end = Math.min(text.length, hit.end + WINDOW);
  if (spec.digitWithin) {
    const d = digits.from_(hit.end + 1);
    // No token start in the window has a digit in reach (nor starts with the literal, when there is one).
    if ((d < 0 || d >= end - 1 + spec.digitWithin) && !(spec.orStartsWith && literals.next(spec.orStartsWith, hit.end + 1) < end)) return;
  }
  let afterAlnum = isAlnumCode(text.charCodeAt(hit.end)); // whether text[i - 1] is a letter or digit
  for (let i = hit.end + 1; i < end; i++) {
    const alnum = isAlnumCode(text.charCodeAt(i));
    const start = alnum && !afterAlnum; // a token starts at i
    afterAlnum = alnum;
    if (!start) continue;
    const value = spec.read(text, i, kw, '');
    if (value && value.confidence >= 0.6) {
      value.rule = `${value.rule}.window`;
      emit(s, value, spec.window, i - hit.end);
      return;
    }
  }
}

/** Pasted tables: a header row whose cells are labels, then rows with the same number of cells. */
function detectTables(s: ScanState): void {
  const text = s.text;
  let header: { delim: string; cells: number; cols: Map<number, Category[]> } | null = null;
  let rows = 0;
  let lineStart = 0;
  // Next occurrence of each delimiter at or after lineStart (-1: none left): each is searched for once
  // over the text. They start at -2 and are searched for inside the loop: V8's optimizing compiler may
  // move a search made before the loop into it, which repeats it on every line.
  let nextTab = -2;
  let nextPipe = -2;
  let nextComma = -2;
  const n = text.length;
  while (lineStart <= n) {
    let delim: string;
    if (nextTab !== -1 && nextTab < lineStart) nextTab = text.indexOf('\t', lineStart);
    if (nextPipe !== -1 && nextPipe < lineStart) nextPipe = text.indexOf('|', lineStart);
    if (nextComma !== -1 && nextComma < lineStart) nextComma = text.indexOf(',', lineStart);
    let lineEnd: number;
    if (header === null) {
      // Outside a table a line matters only when it could be a header: it has a delimiter and a cell that
      // could be a label. (With no delimiter, or no such cell, the line leaves `header` null.)
      // Lines without a delimiter change nothing: go to the line of the next one.
      let next = nextTab;
      if (nextPipe >= 0 && (next < 0 || nextPipe < next)) next = nextPipe;
      if (nextComma >= 0 && (next < 0 || nextComma < next)) next = nextComma;
      if (next < 0) break;
      lineEnd = text.indexOf('\n', next);
      if (lineEnd < 0) lineEnd = n;
      // The line's delimiter and its first occurrence d; then whether a cell could be a label. The line's
      // start is looked for only when needed: the first cell is read backwards from d when it ends the first
      // delimiter of any kind. Each search for the delimiter from a cell on also finds the next one after
      // the line, which is kept so that no later line searches for it again.
      delim = nextTab >= 0 && nextTab < lineEnd ? '\t' : nextPipe >= 0 && nextPipe < lineEnd ? '|' : ',';
      let d = delim === '\t' ? nextTab : delim === '|' ? nextPipe : nextComma;
      const start = d === next ? firstCellStart(text, d) : text.lastIndexOf('\n', next) + 1;
      let may = start >= 0 && isLabelCell(text, start, d);
      while (!may && d >= 0 && d < lineEnd) {
        const at = d + 1;
        d = text.indexOf(delim, at);
        may = isLabelCell(text, at, d >= 0 && d < lineEnd ? d : lineEnd);
      }
      if (delim === '\t') nextTab = d;
      else if (delim === '|') nextPipe = d;
      else nextComma = d;
      if (!may) {
        lineStart = lineEnd + 1;
        continue;
      }
      lineStart = start >= 0 ? start : text.lastIndexOf('\n', next) + 1;
    } else {
      lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = n;
      // (The cursors are the first delimiters at or after lineStart: one before lineEnd is in the line.)
      delim =
        nextTab >= 0 && nextTab < lineEnd ? '\t' : nextPipe >= 0 && nextPipe < lineEnd ? '|' : nextComma >= 0 && nextComma < lineEnd ? ',' : '';
    }
    const cells = delim ? splitCells(text, lineStart, lineEnd, delim) : [];
    if (header && delim === header.delim && cells.length === header.cells && rows < 500) {
      rows++;
      for (const [col, cats] of header.cols) {
        const cell = cells[col]!;
        if (cell.text.length === 0) continue;
        for (const cat of cats) {
          const read = TABLE_READERS[cat];
          const v = read?.(text, cell.start, cat === 'dob' ? 'dob' : cat, ':');
          if (v && v.end === cell.start + cell.text.length && s.enabled(v.type)) {
            v.rule = v.rule.replace(/\.labeled$/, '.table');
            emit(s, v);
            break;
          }
        }
      }
    } else if (cells.length >= 2) {
      const cols = new Map<number, Category[]>();
      cells.forEach((c, i) => {
        if (!isLabelCell(text, c.from, c.to)) return; // (the cheap way to find no label)
        const cats = labelCats(c.text);
        if (cats.length) cols.set(i, [...cats]);
      });
      header = cols.size ? { delim, cells: cells.length, cols } : null;
      rows = 0;
    } else if (!/^[\s|:-]*$/.test(text.slice(lineStart, lineEnd))) {
      header = null;
    }
    lineStart = lineEnd + 1;
  }
}

/** Keywords (lower case) whose categories have a table reader: the header cells that start a table. */
const TABLE_LABELS = new Set(KEYWORDS.filter((k) => categoriesOf(k).some((c) => TABLE_READERS[c])));
/**
 * Per ASCII code, its class in LABEL_TRIE: SKIP for what the cell clean-up may drop or keep as is
 * (whitespace, quotes, '#', ':', '*', apostrophes; not judged), NONE for a character no label uses, else
 * 1 + the index of the lower-case character among those labels use.
 */
const SKIP = 0;
const NONE = 255;
const LABEL_CLASS = new Uint8Array(128).fill(NONE);
const REMOVABLE = ' \t\n\v\f\r"#:*\'';
/** The labels without their removable characters: what the characters a cell keeps must spell. */
const LABEL_CORES = [...TABLE_LABELS].map((k) => [...k].filter((ch) => !REMOVABLE.includes(ch)).join(''));
let classes = 1;
for (const core of LABEL_CORES) {
  for (const ch of core) {
    const c = ch.charCodeAt(0);
    if (LABEL_CLASS[c] !== NONE) continue;
    LABEL_CLASS[c] = classes;
    if (c >= 97 && c <= 122) LABEL_CLASS[c - 32] = classes; // either case
    classes++;
  }
}
for (const ch of REMOVABLE) LABEL_CLASS[ch.charCodeAt(0)] = SKIP;
/** The class of 'k' (U+212A, the Kelvin sign, lower-cases to it). */
const CLASS_K = LABEL_CLASS[107]!;
/**
 * A trie of label cores: next[node * classes + class] is the next node, 0 for none (no edge leads back to
 * the root); end marks the nodes where a core ends.
 */
function coreTrie(cores: readonly string[]): { next: number[]; end: boolean[] } {
  const next: number[] = new Array<number>(classes).fill(0);
  const end: boolean[] = [false];
  for (const core of cores) {
    let node = 0;
    for (const ch of core) {
      const at = node * classes + LABEL_CLASS[ch.charCodeAt(0)]!;
      if (next[at] === 0) {
        next[at] = end.length;
        end.push(false);
        for (let k = 0; k < classes; k++) next.push(0);
      }
      node = next[at]!;
    }
    end[node] = true;
  }
  return { next, end };
}
const { next: LABEL_TRIE, end: LABEL_END } = coreTrie(LABEL_CORES);
/** The same for the cores read backwards, for a line's first cell (see firstCellStart). */
const { next: LABEL_TRIE_BACK, end: LABEL_END_BACK } = coreTrie(LABEL_CORES.map((c) => [...c].reverse().join('')));
const LABEL_MAX = Math.max(...[...TABLE_LABELS].map((k) => k.length));

/**
 * Whether the cell text[at, end) (between delimiters, untrimmed) is a label: a header cell with a table
 * reader. The characters the clean-up (trimming, unquoting, stripping "#:*", collapsing spaces, dropping
 * apostrophes) cannot remove must spell a label without its removable characters, so they are walked
 * through LABEL_TRIE as they are read, and most cells are ruled out by their first few characters. Outside
 * ASCII, the clean-up removes only whitespace (trimming) and '’' (an apostrophe), and only U+212A (Kelvin
 * sign) lower-cases to an ASCII letter ("k"; U+0130 lower-cases to "i" and a combining dot, which no label
 * has): any other such character rules the cell out. A cell that spells a label this way is then cleaned
 * up as a header cell is, or, when it has only ASCII and single inner spaces (its own clean form up to case),
 * looked up.
 */
function isLabelCell(text: string, at: number, end: number): boolean {
  let node = 0;
  let simple = true;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    if (c < 128) {
      k = LABEL_CLASS[c]!;
      if (k === SKIP) {
        // A single space between two kept characters leaves a simple cell simple.
        if (c !== 32 || (i > at && text.charCodeAt(i - 1) === 32)) simple = false;
        continue;
      }
      if (k === NONE) return false;
    } else {
      simple = false;
      if (c === 0x2019 || isSpaceCode(c)) continue;
      if (c !== 0x212a) return false;
      k = CLASS_K;
    }
    node = LABEL_TRIE[node * classes + k]!;
    if (node === 0) return false;
  }
  if (!LABEL_END[node]) return false;
  if (!simple) return labelCats(unquote(text.slice(at, end).trim())).length > 0;
  // Trim the spaces at both ends; the rest, lower-cased, is the key categoriesOf looks up.
  let a = at;
  let b = end;
  while (text.charCodeAt(a) === 32) a++;
  while (text.charCodeAt(b - 1) === 32) b--;
  return b - a <= LABEL_MAX && TABLE_LABELS.has(text.slice(a, b).toLowerCase());
}

/**
 * The start of the line whose first cell ends at `end`, or -1 when that cell cannot be a label: it is read
 * backwards through the reversed cores (the same classes as isLabelCell), so most first cells are ruled
 * out by their last few characters, before the line's start is found.
 */
function firstCellStart(text: string, end: number): number {
  let node = 0;
  let i = end - 1;
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    let k: number;
    if (c < 128) {
      k = LABEL_CLASS[c]!;
      if (k === SKIP) continue;
      if (k === NONE) return -1;
    } else {
      if (c === 0x2019 || isSpaceCode(c)) continue;
      if (c !== 0x212a) return -1;
      k = CLASS_K;
    }
    node = LABEL_TRIE_BACK[node * classes + k]!;
    if (node === 0) return -1;
  }
  return LABEL_END_BACK[node] ? i + 1 : -1;
}

/** A trimmed cell without the quotes around it. */
function unquote(t: string): string {
  return t.charCodeAt(0) === 34 ? t.replace(/^"(.*)"$/, '$1') : t;
}

/** The categories with a table reader that a header cell's text names (none: not a label). */
function labelCats(cell: string): Category[] {
  return categoriesOf(cell.replace(/[#:*]+$/, '').trim()).filter((cat) => TABLE_READERS[cat]);
}

/** A cell: where its text starts, the text (trimmed, unquoted), and the cell as split: text[from, to). */
interface Cell {
  start: number;
  text: string;
  from: number;
  to: number;
}

/** The cells of the line text[lineStart, lineEnd), split at `delim`. */
function splitCells(text: string, lineStart: number, lineEnd: number, delim: string): Cell[] {
  const out: Cell[] = [];
  let from = lineStart;
  for (;;) {
    let to = text.indexOf(delim, from);
    if (to < 0 || to > lineEnd) to = lineEnd;
    // Trimmed as String#trim does (its whitespace is isSpaceCode's), without a copy of the untrimmed cell.
    let a = from;
    let b = to;
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    out.push({ start: a, text: unquote(text.slice(a, b)), from, to });
    if (to >= lineEnd) break;
    from = to + 1;
  }
  // A quoted cell would shift by one; good enough for the common unquoted pastes.
  for (const c of out) if (text.charCodeAt(c.start) === 34) c.start++;
  return out;
}
