/** PASSWORD values after a label: where a password ends, how much it looks like one, and what is not one. */
import { isAlnumCode, isAsciiLetterCode, isDigitCode, isPlaceholder } from '../text.js';
import type { Reader, Sep } from './labelValue.js';


// ---- PASSWORD ----

const PASSWORD_STOPWORDS: ReadonlySet<string> = new Set([
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
export function isSpaceCode(c: number): boolean {
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
    } else if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) {
      letters = lower = true; // an accented letter ("envoyé", "contraseña")
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
const LOOSE_PASSWORD_LABELS: ReadonlySet<string> = new Set(['creds', 'credentials', 'login creds']);
/** "reset it to X" holds a password only when X has upper and lower case letters, digits and symbols. */
const RESET_LABELS: ReadonlySet<string> = new Set(['reset it to', 'reset to', 'changed it to', 'set it to']);

/** A value that is the next key of a form or file ("password=\nusername=jdoe"), or code that fetches it. */
const KEY_NOT_VALUE = /^[A-Za-z_][A-Za-z0-9_.-]{0,40}=(?=[^=])|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[[(]/;
/** "your-password-here", "your_token": the label's own filler says it is a placeholder. */
const YOUR_BEFORE = /(?:your|ur)[-_ ]$/i;
/** Meeting passcodes: a passcode label near a meeting invitation's words. */
const MEETING_WORDS = /zoom|\bteams\b|webex|meeting id|meeting passcode|meeting password|webinar|conference id|join meeting|dial-in|dial in|access code|meeting link|gotomeeting|bluejeans/i;
const MEETING_LABELS: ReadonlySet<string> = new Set(['passcode', 'pass code', 'pwd', 'password', 'pw']);

/** A deployment tool's substitution token ("#{SmtpPassword}#", "$(DbPassword)", "%DB_PASS%", "__DbPassword__"): not the value. */
const TEMPLATE_TOKEN = /^(?:#\{[^}]{1,60}\}#?|\$\([^)]{1,60}\)|%[A-Za-z_][A-Za-z0-9_]{0,60}%|__[A-Za-z][A-Za-z0-9_]{0,60}__|@@[A-Za-z_]{1,60}@@)$/;

/** Words of prose, which a diceware passphrase ("fjord copper lantern otter") does not hold. */
const PROSE_WORDS: ReadonlySet<string> = new Set([
  'the', 'and', 'or', 'to', 'of', 'by', 'via', 'in', 'on', 'at', 'is', 'be', 'will', 'with', 'from', 'for', 'it', 'as', 'you', 'me',
  'we', 'are', 'was', 'has', 'have', 'your', 'our', 'my', 'his', 'her', 'their', 'this', 'that', 'sent', 'see', 'ask', 'same', 'not',
  'text', 'email', 'phone', 'call', 'later', 'separately', 'signal', 'envelope', 'vault', 'manager', 'file', 'message',
]);
const PASSPHRASE = /^[a-z]{3,12}(?:[ \t-][a-z]{3,12}){2,7}(?=[ \t]*(?:\r?\n|$))/;

/** "passphrase: fjord copper lantern otter": three to eight lower-case words, alone to the end of the line. */
function passphraseAt(text: string, pos: number): { end: number } | null {
  const m = PASSPHRASE.exec(text.slice(pos, pos + 110));
  if (!m) return null;
  const words = m[0].split(/[ \t-]/);
  return words.some((w) => PROSE_WORDS.has(w) || PASSWORD_STOPWORDS.has(w)) ? null : { end: pos + m[0].length };
}

export const readPassword: Reader = (text, pos, kw, sep) => {
  if ((kw === 'passphrase' || kw === 'pass phrase') && sep === ':') {
    const p = passphraseAt(text, pos);
    if (p) return { type: 'PASSWORD', start: pos, end: p.end, confidence: 0.8, rule: 'password.passphrase' };
  }
  const end = passwordEnd(text, pos);
  if (end < 0) return null;
  const value = text.slice(pos, end);
  if (KEY_NOT_VALUE.test(value) || TEMPLATE_TOKEN.test(value) || YOUR_BEFORE.test(text.slice(Math.max(0, pos - 6), pos))) return null;
  // A link ("reset your password at https://..."): the rest of a URL after its scheme, or a web address.
  if (URL_VALUE.test(value)) return null;
  const reset = RESET_LABELS.has(kw);
  const conf = passwordConfidence(value, reset || LOOSE_PASSWORD_LABELS.has(kw) ? '' : sep, reset);
  // (The meeting-words search reads 300 characters: asked only of a value that would count. Both checks
  // only reject, so the order changes no result.)
  if (!(conf > 0)) return null;
  if (MEETING_LABELS.has(kw) && MEETING_WORDS.test(text.slice(Math.max(0, pos - 240), Math.min(text.length, end + 60)))) return null;
  // A plain word that a sentence goes on from ("Mot de passe : envoyé par SMS") is prose, not a password.
  if (conf <= 0.7 && PROSE_AFTER.test(text.slice(end, end + 48))) return null;
  return { type: 'PASSWORD', start: pos, end, confidence: conf, rule: 'password.labeled' };
};

/** A URL's rest after "scheme:", a URL, or a web address. */
const URL_VALUE = /^(?:\/\/|https?:\/\/|www\.)[A-Za-z0-9]/i;

/** Two more words after a value, on its line. */
const PROSE_AFTER = /^[ \t]{1,3}[A-Za-z\u00c0-\u024f]{2,20}[ \t]{1,3}[A-Za-z\u00c0-\u024f]{2,20}/;

/** "login: svc_scan / Willow$2024": after a login label, a user name, a slash, and a value that looks like a password by itself. */
export const readLoginPair: Reader = (text, pos, kw, _sep, rx) => {
  const at = afterUserSlash(text, pos);
  const v = at > 0 ? readPassword(text, at, kw, '', rx) : null;
  if (v) v.rule = 'password.login-pair';
  return v;
};

/** Start of the token after "user / " or "user/" at `pos` (a user name of [A-Za-z0-9._@-], up to 64), or -1. */
export function afterUserSlash(text: string, pos: number): number {
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

export const readPin: Reader = (text, pos, _kw, sep) => {
  if (sep === '') return null;
  // \d{4,8}(?![\dA-Za-z]): a run of 4 to 8 digits (a longer run never matches) not followed by a letter.
  let end = pos;
  while (end - pos <= 8 && isDigitCode(text.charCodeAt(end))) end++;
  if (end - pos < 4 || end - pos > 8 || isAsciiLetterCode(text.charCodeAt(end))) return null;
  return { type: 'PASSWORD', start: pos, end, confidence: 0.8, rule: 'password.pin' };
};

