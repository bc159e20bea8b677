/**
 * Keyword-first identifiers: a label ("DOB:", "passport no.", "acct #", "password is") followed closely by
 * a value of the right shape. Covers PASSWORD, DOB, US_PASSPORT, US_DRIVER_LICENSE, US_BANK_ACCOUNT and
 * health-plan identifiers (PHI). Values are read with sticky regexes anchored after the label, so each
 * label costs a bounded amount of work.
 */
import { isRepetitive, mbiValid } from '../checksums.js';
import { type KeywordHit, normalizeKeyword } from '../keywords.js';
import { isPlaceholder, isWordishCode } from '../text.js';
import { clamp01, type ScanState } from './common.js';
import { parseDateAt } from './dates.js';

const FILLER = new Set([
  'no', 'num', 'number', 'nbr', 'nr', 'is', 'was', 'are', 'of', 'the', 'on', 'at', 'id', 'to', 'now', 'new', 'his', 'her',
  'their', 'my', 'your', 'our', 'as', 'listed', 'reads', 'shows', 'would', 'be', 'will', 'should', 'it', 'it’s', "it's",
]);
const SEP_WORDS = new Set(['is', 'was', 'to', 'be', 'reads', 'shows']);
const SKIP_CHARS = new Set([' ', '\t', ':', '#', '=', '-', '–', '—', '(', '"', "'", '.', '*', '|', '\n', '\r', '>', '→', '`', '“', '‘']);

interface ValueStart {
  pos: number;
  /** Strongest separator seen: ':' (also '='), 'is' (a verb), or '' (none). */
  sep: ':' | 'is' | '';
  /** Characters skipped between the label and the value. */
  dist: number;
}

/**
 * Skips separators and filler words after a label. With `anyWords`, up to `maxWords` unknown words are
 * skipped too ("password for the test account is ..."), but then a separator must follow them.
 */
function valueAfter(text: string, from: number, maxDist: number, anyWords = 0): ValueStart {
  let i = from;
  let sep: ValueStart['sep'] = '';
  let words = 0;
  let unknownWords = 0;
  let newlines = 0;
  const limit = Math.min(text.length, from + maxDist);
  while (i < limit) {
    const ch = text[i]!;
    if (SKIP_CHARS.has(ch)) {
      if (ch === ':' || ch === '=' || ch === '→' || (ch === '-' && text[i + 1] === '>')) sep = ':';
      if (ch === '\n' && ++newlines > 1) break;
      i++;
      continue;
    }
    if (ch === '=' || ch === ':') {
      sep = ':';
      i++;
      continue;
    }
    // a word?
    let j = i;
    while (j < text.length && /[A-Za-z'’]/.test(text[j]!)) j++;
    if (j === i) break;
    const word = text.slice(i, j).toLowerCase();
    const next = text[j];
    if (next !== undefined && next !== ' ' && next !== '\t' && next !== ':' && next !== ',' && next !== '\n') break; // a value like "D1234567"
    if (FILLER.has(word) && words < 4) {
      if (SEP_WORDS.has(word) && sep === '') sep = 'is';
      words++;
      i = j;
      if (text[i] === ',') i++;
      continue;
    }
    if (unknownWords < anyWords && sep === '') {
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

const PASSWORD_STOPWORDS = new Set([
  'required', 'expired', 'expires', 'expiring', 'incorrect', 'invalid', 'wrong', 'reset', 'changed', 'same', 'different', 'attached',
  'below', 'above', 'sent', 'emailed', 'texted', 'protected', 'manager', 'vault', 'policy', 'rules', 'complexity', 'length', 'hint',
  'none', 'null', 'blank', 'empty', 'unknown', 'tbd', 'ask', 'see', 'check', 'locked', 'needed', 'missing', 'correct', 'working',
  'not', 'the', 'a', 'an', 'in', 'on', 'for', 'and', 'still', 'also', 'case', 'stored', 'saved', 'shared', 'encrypted', 'hashed',
  'temporary', 'temp', 'default', 'strong', 'weak', 'good', 'fine', 'ok', 'okay', 'yes', 'no', 'true', 'false', 'set', 'updated',
  'change', 'update', 'there', 'here', 'this', 'that', 'it', 'what', 'same', 'lost', 'forgotten', 'forgot', 'who', 'when',
  'where', 'how', 'why', 'please', 'pls', 'too', 'very', 'really', 'just', 'only', 'please', 'being', 'getting', 'having',
]);

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’' };

function readPassword(text: string, pos: number): { start: number; end: number } | null {
  const open = text[pos - 1];
  const close = open !== undefined ? QUOTES[open] : undefined;
  if (close) {
    const end = text.indexOf(close, pos);
    if (end > pos && end - pos <= 64 && !text.slice(pos, end).includes('\n')) return { start: pos, end };
  }
  let end = pos;
  while (end < text.length && end - pos < 65 && !/\s/.test(text[end]!)) end++;
  if (end - pos > 64) return null;
  // trailing sentence punctuation is not part of the password
  while (end > pos + 4 && /[.,;)\]}>"'”’]/.test(text[end - 1]!)) end--;
  return { start: pos, end };
}

function passwordLike(value: string, sep: ValueStart['sep']): number {
  if (value.length < 4 || value.length > 64) return 0;
  if (isPlaceholder(value) || /^(https?|ftp|file):/i.test(value) || value.includes('://') || value.endsWith(':')) return 0;
  const lower = value.toLowerCase();
  if (PASSWORD_STOPWORDS.has(lower) || /^(password|passwd|pwd|pw|passcode)s?$/.test(lower)) return 0;
  if (/^[a-z][a-z'’-]*$/.test(value)) return sep === ':' && value.length >= 6 ? 0.7 : 0; // a lower-case word
  if (/^[A-Za-z][a-z'’-]*$/.test(value)) return sep === ':' && value.length >= 6 ? 0.6 : 0; // a capitalised word
  if (/^\d+$/.test(value)) return sep === '' ? 0 : value.length >= 6 ? 0.75 : 0.6;
  if (/^\d{1,2}[:/]\d{2}/.test(value) || /^\d+(st|nd|rd|th|am|pm|%)$/i.test(value)) return 0; // a time, a date, a count
  if (sep === '') return 0;
  return sep === ':' ? 0.92 : 0.88;
}

export function detectLabeled(s: ScanState): void {
  const want = {
    password: s.enabled('PASSWORD'),
    dob: s.enabled('DOB'),
    passport: s.enabled('US_PASSPORT'),
    dl: s.enabled('US_DRIVER_LICENSE'),
    bank: s.enabled('US_BANK_ACCOUNT'),
    phi: s.enabled('PHI'),
  };
  for (const hit of s.ctx.hits) {
    for (const cat of hit.cats) {
      if (cat === 'password' && want.password) password(s, hit);
      else if (cat === 'pin' && want.password) pin(s, hit);
      else if (cat === 'dob' && want.dob) dob(s, hit);
      else if (cat === 'passport' && want.passport) passport(s, hit);
      else if (cat === 'dl' && want.dl) driverLicense(s, hit);
      else if (cat === 'bank' && want.bank) bankAccount(s, hit);
      else if (cat === 'healthId' && want.phi) healthId(s, hit);
    }
  }
}

function password(s: ScanState, hit: KeywordHit): void {
  const kw = normalizeKeyword(s.text.slice(hit.start, hit.end));
  const v = valueAfter(s.text, hit.end, 48, 4);
  if (v.pos < 0 || v.pos >= s.text.length || v.dist === 0) return;
  if (v.sep === '' || ((kw === 'pass' || kw === 'pw') && v.sep !== ':' && v.sep !== 'is')) return;
  const span = readPassword(s.text, v.pos);
  if (!span) return;
  const conf = passwordLike(s.text.slice(span.start, span.end), v.sep);
  if (conf > 0) s.push({ type: 'PASSWORD', start: span.start, end: span.end, confidence: clamp01(conf), rule: 'password.labeled' });
}

const PIN_VALUE = /\d{4,8}(?![\dA-Za-z])/y;
function pin(s: ScanState, hit: KeywordHit): void {
  const v = valueAfter(s.text, hit.end, 16);
  if (v.sep === '' && s.text[hit.end] !== '#') return;
  PIN_VALUE.lastIndex = v.pos;
  const m = PIN_VALUE.exec(s.text);
  if (!m) return;
  s.push({ type: 'PASSWORD', start: v.pos, end: v.pos + m[0].length, confidence: 0.8, rule: 'password.pin' });
}

const STRONG_DOB = new Set(['dob', 'd.o.b', 'd.o.b.', 'date of birth', 'birth date', 'birthdate']);
function dob(s: ScanState, hit: KeywordHit): void {
  const kw = normalizeKeyword(s.text.slice(hit.start, hit.end));
  const v = valueAfter(s.text, hit.end, 24);
  const d = parseDateAt(s.text, v.pos);
  if (!d || isWordishCode(s.text.charCodeAt(d.end))) return;
  const nowYear = new Date().getFullYear();
  let conf: number;
  if (STRONG_DOB.has(kw)) conf = 0.93;
  else if (kw === 'born') conf = 0.88;
  else conf = d.year <= nowYear - 5 ? 0.7 : 0.4; // "birthday": a birthday party date is not a DOB
  s.push({ type: 'DOB', start: d.start, end: d.end, confidence: clamp01(conf - v.dist * 0.002), rule: `dob.${kw === 'born' ? 'born' : STRONG_DOB.has(kw) ? 'labeled' : 'birthday'}` });
}

const PASSPORT_VALUE = /([A-Za-z]\d{8}|\d{9})(?![A-Za-z0-9])/y;
function passport(s: ScanState, hit: KeywordHit): void {
  const v = valueAfter(s.text, hit.end, 28);
  PASSPORT_VALUE.lastIndex = v.pos;
  const m = PASSPORT_VALUE.exec(s.text);
  if (!m || isRepetitive(m[0].replace(/^[A-Za-z]/, ''))) return;
  s.push({ type: 'US_PASSPORT', start: v.pos, end: v.pos + m[0].length, confidence: clamp01(0.92 - v.dist * 0.002), rule: 'passport.labeled' });
}

const DL_VALUE = /[A-Za-z]{0,3}\d[\d -]{2,18}\d[A-Za-z]?(?![A-Za-z0-9])|WDL[A-Z0-9]{9}(?![A-Za-z0-9])/y;
function driverLicense(s: ScanState, hit: KeywordHit): void {
  const kw = normalizeKeyword(s.text.slice(hit.start, hit.end));
  const v = valueAfter(s.text, hit.end, 28);
  DL_VALUE.lastIndex = v.pos;
  const m = DL_VALUE.exec(s.text);
  if (!m) return;
  let raw = m[0];
  // Trailing separators are not part of the number.
  raw = raw.replace(/[ -]+$/, '');
  if (/ {2}|--|- | -/.test(raw)) return;
  const compact = raw.replace(/[ -]/g, '').toUpperCase();
  const digits = compact.replace(/\D/g, '');
  if (compact.length > 17 || (digits.length < 5 && !compact.startsWith('WDL'))) return;
  if (/^(19|20)\d\d[- ](19|20)?\d\d$/.test(raw) || isRepetitive(digits)) return; // "DL 2024-2025"
  const ambiguous = kw === 'dl' || kw === 'cdl' || kw === 'dln';
  let conf = 0.9;
  if (ambiguous && v.sep !== ':' && !/[A-Z]/.test(compact[0]!) && s.text[hit.end] !== '#') conf = 0.6; // "DL" may be a mailing list
  if (/^\d{3}[- ]\d{3}[- ]\d{4}$/.test(raw)) conf = 0.3; // a phone number
  s.push({ type: 'US_DRIVER_LICENSE', start: v.pos, end: v.pos + raw.length, confidence: clamp01(conf - v.dist * 0.002), rule: 'dl.labeled' });
}

const BANK_VALUE = /\d[\d -]{4,22}\d(?![A-Za-z0-9])/y;
const STRONG_BANK = new Set(['account number', 'account no', 'account #', 'account#', 'acct#', 'acct no', 'a/c', 'checking', 'savings', 'bank account', 'dda', 'acc no', 'acc#', 'direct deposit']);
function bankAccount(s: ScanState, hit: KeywordHit): void {
  const kw = normalizeKeyword(s.text.slice(hit.start, hit.end));
  const v = valueAfter(s.text, hit.end, 24);
  BANK_VALUE.lastIndex = v.pos;
  const m = BANK_VALUE.exec(s.text);
  if (!m) return;
  const raw = m[0];
  if (/ {2}|--|- | -/.test(raw)) return;
  const digits = raw.replace(/\D/g, '');
  const groups = raw.split(/[ -]/).length;
  if (digits.length < 7 || digits.length > 17 || groups > 4 || isRepetitive(digits)) return;
  if (/^\d{3}[- ]\d{3}[- ]\d{4}$|^\d{3}-\d{4}$/.test(raw)) return; // a phone number
  if (/^(19|20)\d\d[- /.]\d{1,2}[- /.]\d{1,2}$/.test(raw)) return; // a date
  const conf = (STRONG_BANK.has(kw) ? 0.9 : kw === 'deposit' ? 0.7 : 0.8) - v.dist * 0.002;
  s.push({ type: 'US_BANK_ACCOUNT', start: v.pos, end: v.pos + raw.length, confidence: clamp01(conf), rule: 'bank.labeled' });
}

const MBI_VALUE = /[1-9][A-Za-z][A-Za-z0-9]\d-?[A-Za-z][A-Za-z0-9]\d-?[A-Za-z]{2}\d{2}(?![A-Za-z0-9])/y;
const HEALTH_ID_VALUE = /[A-Za-z]{0,3}\d[A-Za-z0-9-]{3,17}(?![A-Za-z0-9-])/y;
function healthId(s: ScanState, hit: KeywordHit): void {
  const v = valueAfter(s.text, hit.end, 24);
  MBI_VALUE.lastIndex = v.pos;
  const mbi = MBI_VALUE.exec(s.text);
  if (mbi && mbiValid(mbi[0].replace(/-/g, '').toUpperCase())) {
    s.push({ type: 'PHI', start: v.pos, end: v.pos + mbi[0].length, confidence: 0.93, rule: 'phi.medicare-mbi' });
    return;
  }
  HEALTH_ID_VALUE.lastIndex = v.pos;
  const m = HEALTH_ID_VALUE.exec(s.text);
  if (!m) return;
  const raw = m[0].replace(/-+$/, '');
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 5 || isRepetitive(digits) || /^(19|20)\d\d-(19|20)?\d\d$/.test(raw)) return;
  s.push({ type: 'PHI', start: v.pos, end: v.pos + raw.length, confidence: clamp01(0.88 - v.dist * 0.002), rule: 'phi.health-id' });
}
