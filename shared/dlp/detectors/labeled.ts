/**
 * Keyword-first identifiers: a label ("DOB:", "passport no.", "acct #", "password is") followed closely by
 * a value of the right shape. Covers PASSWORD, DOB, US_PASSPORT, US_DRIVER_LICENSE, US_BANK_ACCOUNT and
 * health-plan identifiers (PHI). Three ways a value is tied to its label:
 *   1. right after it, past separators and filler words ("DL # for the client is D1234567");
 *   2. further along within a short window, with lower confidence ("passport number, mine is ...");
 *   3. in the same column of a pasted table whose header cell is the label (CSV, TSV, Markdown).
 * Values are read with sticky regexes anchored at one position, so each label costs bounded work.
 */
import { type KeywordHit } from '../keywords.js';
import { stateAfter, stateBefore } from '../keywordVariants.js';
import { digitAfterLetters } from './idValues.js';
import { isAlnumCode } from '../text.js';
import { type ScanState } from './common.js';
import { type CategorySpec, specOf } from './labelSpecs.js';
import { detectTables } from './tables.js';
import { emit, type Value, valueAfter } from './labelValue.js';
import { abaValid } from '../checksums.js';
import { afterUserSlash } from './passwordValue.js';
import { readBeforeLabel } from './labelBefore.js';
import { readConfigPassword } from './configPasswords.js';


const WINDOW = 60;

/** The first digit at or after a position; positions asked for never decrease, so the text is read once. */
class NextDigit {
  private at = -2; // -2: not searched yet, -1: none left
  private from = 0;
  constructor(private readonly text: string) {}
  private readonly re = /\d/g; // (one per scan)
  from_(pos: number): number {
    if (this.at === -1 || (this.at >= pos && this.from <= pos)) return this.at;
    const re = this.re;
    re.lastIndex = pos;
    this.from = pos;
    this.at = re.test(this.text) ? re.lastIndex - 1 : -1;
    return this.at;
  }
}

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
  const digits = new NextDigit(s.text);
  const literals = new NextLiteral(s.text);
  const hits = s.ctx.hits;
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    const cats = hit.value.cats;
    for (let k = 0; k < cats.length; k++) {
      if (cats[k] === 'cliPassword') {
        if (s.enabled('PASSWORD')) readConfigPassword(s, hit.value.kw, hit.start);
        continue;
      }
      const spec = specOf(cats[k]!);
      if (cats[k] === 'dlWord' && !stateBefore(s.text, hit.start)) {
        // "license" alone: a business licence, a plate; unless a state follows the value ("her license is X (Florida)").
        if (spec && s.enabled(spec.type)) readWithStateAfter(s, hit, spec);
        continue;
      }
      if (spec && s.enabled(spec.type)) {
        readAfterLabel(s, hit, spec, digits, literals);
        if (spec.before !== undefined) readBeforeLabel(s, hit, spec);
      }
    }
  }
  if (s.text.includes('\n')) detectTables(s);
}

/**
 * "password\nX": a label alone on its line (nothing but spaces, bullets or a colon around it) and the value
 * on the next line; the line break separates them as a colon would.
 */
function aloneOnItsLine(text: string, start: number, end: number, valuePos: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t*•>-]*$/.test(text.slice(lineStart, start)) && /^[ \t:]*\r?\n[ \t]*$/.test(text.slice(end, valuePos));
}


/** Whether the value at `valuePos` is on a later line than a label that sits in a delimited (CSV, TSV, '|') row. */
function headerCellAbove(text: string, start: number, end: number, valuePos: number): boolean {
  const nl = text.indexOf('\n', end);
  if (nl < 0 || nl >= valuePos) return false;
  const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, nl);
  return line.includes(',') || line.includes('|') || line.includes('\t');
}

/**
 * "direct deposit: 080940591 / 434711357": a bank label, then a routing number (nine digits, ABA 3-7-1), a
 * slash and another number: the pair as forms write it, routing first. Pushes both; whether it did.
 */
function routingThenAccount(s: ScanState, value: Value, dist: number): boolean {
  const text = s.text;
  if (value.end - value.start !== 9 || !abaValid(text.slice(value.start, value.end))) return false;
  const m = /^[ \t]{0,2}\/[ \t]{0,2}(\d{6,17})(?![\dA-Za-z])/.exec(text.slice(value.end, value.end + 24));
  if (!m) return false;
  const at = value.end + m[0].length - m[1]!.length;
  if (s.enabled('ABA_ROUTING')) emit(s, { type: 'ABA_ROUTING', start: value.start, end: value.end, confidence: 0.9, rule: 'aba.bank-pair' }, 1, dist);
  emit(s, { type: 'US_BANK_ACCOUNT', start: at, end: at + m[1]!.length, confidence: 0.9, rule: 'bank.routing-pair' }, 1, dist);
  return true;
}

/**
 * "what did you set it to?\nZaP3!WJ$N-heK&Oix", "wifi password?\nX": a question that ends with the label,
 * answered on the next line by a line that is one token. Whether it pushed the answer.
 */
function readAnswerLine(s: ScanState, hit: KeywordHit, spec: CategorySpec, q: number): boolean {
  const text = s.text;
  const m = /^\?[ \t]*\r?\n[ \t]*/.exec(text.slice(q, q + 8));
  if (!m) return false;
  const at = q + m[0].length;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd - at > 64) return false;
  const value = spec.read(text, at, hit.value.kw, ':', s.rx);
  if (!value || text.slice(value.end, lineEnd).trim() !== '') return false;
  value.rule = 'password.answer-line';
  emit(s, value, 0.9, at - hit.end);
  return true;
}

/** Licences that are not a driver's, named before the word. */
const OTHER_LICENCE = /(?:business|contractor|professional|liquor|marriage|fishing|hunting|medical|nursing|pharmacy|vendor|dealer|software|ubi)[ \t]{1,3}$/i;

/** A licence value right after the label, kept only when a state follows it. */
function readWithStateAfter(s: ScanState, hit: KeywordHit, spec: CategorySpec): void {
  if (OTHER_LICENCE.test(s.text.slice(Math.max(0, hit.start - 16), hit.start))) return; // "business license X (WA)"
  const v = valueAfter(s.text, hit.end, spec.maxDist);
  if (v.pos < 0 || v.pos >= s.text.length || !digitAfterLetters(s.text, v.pos)) return;
  const value = spec.read(s.text, v.pos, hit.value.kw, v.sep, s.rx);
  if (!value) return;
  if (stateAfter(s.text, value.end)) emit(s, value, 0.9, v.dist);
  // A person's licence ("client's license O25-29-3085", "her license is K2210...") with letters and digits
  // in a licence's shape: a driver's (a business or professional licence is named, OTHER_LICENCE above).
  else if (PERSON_BEFORE.test(s.text.slice(Math.max(0, hit.start - 16), hit.start)) && /[A-Za-z]/.test(s.text.slice(value.start, value.end))) emit(s, value, 0.85, v.dist);
}
/** A possessive right before "license": his, her, their, my, your, or a noun's "'s". */
const PERSON_BEFORE = /(?:(?<![A-Za-z])(?:his|her|their|my|your)|[A-Za-z]['’]s)[ \t]{1,2}$/i;

function readAfterLabel(s: ScanState, hit: KeywordHit, spec: CategorySpec, digits: NextDigit, literals: NextLiteral): void {
  const text = s.text;
  const kw = hit.value.kw;
  const v = valueAfter(text, hit.end, spec.maxDist, spec.anyWords ?? 0);
  // A label that is a cell of a header row ("EmpID,Name,DL"): what the next line holds under it is the
  // table's to read (tables.ts), by column, not the first cell of the next row.
  if (v.pos > 0 && headerCellAbove(text, hit.start, hit.end, v.pos)) return;
  if (spec.type === 'PASSWORD' && v.pos >= 0 && text.charCodeAt(v.pos) === 63 && readAnswerLine(s, hit, spec, v.pos)) return;
  if (v.pos >= 0 && v.pos < text.length && (v.dist > 0 || spec.type !== 'PASSWORD')) {
    const sep = v.sep === '' && spec.type === 'PASSWORD' && aloneOnItsLine(text, hit.start, hit.end, v.pos) ? ':' : v.sep;
    const value = spec.read(text, v.pos, kw, sep, s.rx);
    if (value) {
      if (spec.type === 'US_BANK_ACCOUNT' && routingThenAccount(s, value, v.dist)) return;
      emit(s, value, 1, v.dist);
      return;
    }
    // "creds: admin / P@ssw0rd99": a user name, a slash, then the password.
    if (spec.type === 'PASSWORD' && v.sep === ':') {
      const at = afterUserSlash(text, v.pos);
      const pw = at > 0 ? spec.read(text, at, kw, ':', s.rx) : null;
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
    const value = spec.read(text, i, kw, '', s.rx);
    if (value && value.confidence >= 0.6) {
      value.rule = `${value.rule}.window`;
      emit(s, value, spec.window, i - hit.end);
      return;
    }
  }
}

