/**
 * Pattern-first numeric identifiers: SSN, ITIN, payment cards and ABA routing numbers. One hand-written
 * pass finds digit groups; each candidate is classified by its group structure, then validated with the
 * issuer's rules (SSA ranges, IRS ITIN ranges, IIN + Luhn, ABA 3-7-1) and scored with nearby context.
 */
import type { EngineRegexes } from '../regexes.js';
import { abaValid, type CardBrand, cardBrandOf, isRepetitive, itinValid, luhnValid, ssnValid, TEST_CARD_NUMBERS } from '../checksums.js';
import { isAlnumCode, isDigitCode, isWordishCode } from '../text.js';
import type { Category } from '../keywords.js';
import { clamp01, type ScanState } from './common.js';

const MAX_GROUPS = 8;
/** Group lengths kept per unit: the shapes checked below never have more than five groups. */
const KEPT_GROUPS = 5;
const SEP_NONE = 0;
const SEP_DASH = 1;
const SEP_DOT = 2;
const SEP_MIXED = 3;
const SEP_SPACE = 4;
const UNIT_STRIDE = 5 + KEPT_GROUPS;

/**
 * Digit groups joined by '-' or '.', at least three characters long: the regex engine skips everything
 * else natively. A match always starts where the character-by-character scan would start a unit, and
 * ends where it would end it. Two-digit numbers (the most common number in chat) are read by hand only
 * where they can be in a candidate: as the next group of a space-separated run.
 */
const UNIT_RE = /\d(?:\d|[-.]\d){2,}/;
const TWO_DIGITS: readonly number[] = [2, 0, 0, 0, 0];

/**
 * Units found in one scan, in flat arrays (no object per unit): runs of digit groups joined by '-' or
 * '.', skipping those glued to words, money, times, dates. Only units that can be (part of) an SSN,
 * ITIN, card or routing number are kept: one of nine or more digits, or a single group that starts or
 * continues a space-separated run (see detectNumbers).
 */
class Units {
  count = 0;
  /** Per unit: start, end, digit count, group count, separator code, then KEPT_GROUPS group lengths. */
  data = new Int32Array(8 * UNIT_STRIDE); // grows by doubling (small: chat messages take the growth path too)

  constructor(text: string, rx: EngineRegexes) {
    const n = text.length;
    const re = rx.global(UNIT_RE);
    re.lastIndex = 0;
    const g: number[] = [0, 0, 0, 0, 0];
    while (re.test(text)) {
      const end = re.lastIndex;
      // Walk back to the start of the unit (separators inside a unit sit between digits: step over both).
      let start = end - 1;
      let seps = 0;
      while (start > 0) {
        const c = text.charCodeAt(start - 1);
        if (isDigitCode(c)) start--;
        else if ((c === 45 || c === 46) && start >= 2 && isDigitCode(text.charCodeAt(start - 2))) {
          start -= 2;
          seps++;
        } else break;
      }
      let groups = 1;
      let sep = SEP_NONE;
      let total = end - start;
      if (seps === 0) {
        // One group: useful from 9 digits on, or as a group of a spaced run: its head (3 or 4 digits,
        // followed by a space and a digit) or a later group (after a digit and a space, up to 6 digits).
        if (total < 9) {
          const after = end + 1 < n && text.charCodeAt(end) === 32 && isDigitCode(text.charCodeAt(end + 1));
          const spacedBefore = start >= 2 && text.charCodeAt(start - 1) === 32 && isDigitCode(text.charCodeAt(start - 2));
          if (!(spacedBefore && total <= 6) && !((total === 3 || total === 4) && after)) continue;
        }
        g[0] = total;
      } else {
        groups = seps + 1;
        total -= seps;
        if (total < 9 || groups > MAX_GROUPS) continue;
        let k = 0;
        let gs = start;
        for (let i = start; i <= end; i++) {
          const c = i < end ? text.charCodeAt(i) : 0;
          if (i < end && isDigitCode(c)) continue;
          if (k < KEPT_GROUPS) g[k] = i - gs;
          k++;
          if (i < end) {
            const sc = c === 45 ? SEP_DASH : SEP_DOT;
            sep = sep === SEP_NONE || sep === sc ? sc : SEP_MIXED;
            gs = i + 1;
          }
        }
      }
      if (gluedBefore(text, start) || gluedAfter(text, end)) continue;
      this.add(start, end, total, groups, sep, g);
      if (end >= n) break;
      // Two-digit groups right after this one ("... 1111 12", "123 45 67"): the regex does not see them.
      if (groups === 1) for (let e = end; e > 0; ) e = this.twoDigitsAfter(text, e);
    }
    re.lastIndex = 0;
  }

  /** A unit of exactly two digits at end + 1, after a space (a later group of a spaced run): its end, or -1. */
  private twoDigitsAfter(text: string, end: number): number {
    const n = text.length;
    const at = end + 1;
    if (at + 1 >= n || text.charCodeAt(end) !== 32 || !isDigitCode(text.charCodeAt(at)) || !isDigitCode(text.charCodeAt(at + 1))) return -1;
    const next = at + 2 < n ? text.charCodeAt(at + 2) : 0;
    // Longer, or joined by '-' or '.' to more digits: then it is a unit of three or more characters.
    if (isDigitCode(next) || ((next === 45 || next === 46) && at + 3 < n && isDigitCode(text.charCodeAt(at + 3)))) return -1;
    if (gluedAfter(text, at + 2)) return -1; // (a space before it is never glued)
    this.add(at, at + 2, 2, 1, SEP_NONE, TWO_DIGITS);
    return at + 2;
  }

  private add(start: number, end: number, total: number, groups: number, sep: number, g: readonly number[]): void {
    let at = this.count * UNIT_STRIDE;
    if (at + UNIT_STRIDE > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    d[at++] = start;
    d[at++] = end;
    d[at++] = total;
    d[at++] = groups;
    d[at++] = sep;
    for (let k = 0; k < KEPT_GROUPS; k++) d[at++] = k < groups ? g[k]! : 0;
    this.count++;
  }
}

function gluedBefore(text: string, start: number): boolean {
  if (start === 0) return false;
  const b = text.charCodeAt(start - 1);
  if (isWordishCode(b)) return true;
  // currency, phone country code, email, explicit sign
  if (b === 36 || b === 43 || b === 64 || b === 0x20ac || b === 0xa3) return true;
  const bb = start >= 2 ? text.charCodeAt(start - 2) : 0;
  // part of a larger identifier: ABC-123..., v1.123..., path/123...
  if ((b === 45 || b === 46 || b === 95 || b === 47 || b === 92) && isAlnumCode(bb)) return true;
  // 12:34 (time), 1,234 (thousands)
  if ((b === 58 || b === 44) && isDigitCode(bb)) return true;
  return false;
}

function gluedAfter(text: string, end: number): boolean {
  if (end >= text.length) return false;
  const a = text.charCodeAt(end);
  if (isWordishCode(a)) return true;
  if (a === 37 || a === 64) return true; // 12%, 123@host
  const aa = end + 1 < text.length ? text.charCodeAt(end + 1) : 0;
  if ((a === 45 || a === 95 || a === 47 || a === 92 || a === 58) && isAlnumCode(aa)) return true;
  if (a === 44 && isDigitCode(aa) && end + 3 < text.length && isDigitCode(text.charCodeAt(end + 3))) return true;
  if (a === 46 && isAlnumCode(aa)) return true;
  return false;
}

/** The candidate being scored: one object per scan, refilled for each candidate (no allocation per candidate). */
export interface NumberCandidate {
  start: number;
  end: number;
  /** Number of digit groups. */
  groups: number;
  /** SEP_NONE, SEP_DASH, SEP_DOT, SEP_SPACE or SEP_MIXED. */
  sep: number;
  digits: string;
}

/** The digits between start and end (separators dropped). */
function digitsIn(text: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (!isDigitCode(text.charCodeAt(i))) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === start ? text.slice(start, end) : out + text.slice(from, end);
}

/**
 * The nine digits between start and end (separators dropped), through their value: one number-to-string
 * conversion instead of slices joined (the SSN, ITIN and routing candidates are mostly formatted).
 */
function nineDigitsIn(text: string, start: number, end: number): string {
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) v = v * 10 + (c - 48);
  }
  const digits = String(v);
  return digits.length === 9 ? digits : digits.padStart(9, '0');
}

/** The first six digits between start and end, as a number (card issuer prefixes). */
function prefix6(text: string, start: number, end: number): number {
  let v = 0;
  let k = 0;
  for (let i = start; i < end && k < 6; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      v = v * 10 + (c - 48);
      k++;
    }
  }
  return v;
}

/**
 * Candidates, in the order the detectors score them: each unit of nine or more digits, plus runs of up
 * to 5 single-group units separated by one space ("4111 1111 1111 1111"). Group lengths are in `g`.
 */
export function detectNumbers(s: ScanState): void {
  const want = {
    ssn: s.enabled('US_SSN'),
    itin: s.enabled('US_ITIN'),
    card: s.enabled('CREDIT_CARD'),
    aba: s.enabled('ABA_ROUTING'),
  };
  if (!want.ssn && !want.itin && !want.card && !want.aba) return;
  const text = s.text;
  const { count, data } = new Units(text, s.rx);
  const g: number[] = [0, 0, 0, 0, 0];
  const c: NumberCandidate = { start: 0, end: 0, groups: 0, sep: SEP_NONE, digits: '' };
  for (let u = 0; u < count; u++) {
    const at = u * UNIT_STRIDE;
    const first = data[at]!;
    const digits = data[at + 2]!;
    const groups = data[at + 3]!;
    if (digits >= 9) {
      for (let k = 0; k < KEPT_GROUPS; k++) g[k] = data[at + 5 + k]!;
      candidate(s, want, c, first, data[at + 1]!, groups, g, data[at + 4]!, digits);
    }
    // Space-separated runs start with a group of 3 (SSN) or 4 (card).
    if (groups !== 1 || (digits !== 3 && digits !== 4)) continue;
    let total = digits;
    g[0] = total;
    let prevEnd = data[at + 1]!;
    for (let k = u + 1; k < count && k < u + 5; k++) {
      const bt = k * UNIT_STRIDE;
      if (data[bt + 3] !== 1 || data[bt] !== prevEnd + 1 || text.charCodeAt(prevEnd) !== 32) break;
      const G = k - u + 1;
      if (G <= KEPT_GROUPS) g[G - 1] = data[bt + 2]!;
      total += data[bt + 2]!;
      prevEnd = data[bt + 1]!;
      candidate(s, want, c, first, prevEnd, G, g, SEP_SPACE, total);
    }
  }
}

/** Shape checks on one candidate; the digits are only copied out when a shape matches. */
function candidate(
  s: ScanState,
  want: { ssn: boolean; itin: boolean; card: boolean; aba: boolean },
  c: NumberCandidate,
  start: number,
  end: number,
  G: number,
  g: readonly number[],
  sep: number,
  total: number,
): void {
  if (total === 9) {
    // 3-2-4, or as people also group them (3-6, 5-4: scored as unformatted, so a label is needed).
    const ssnShaped =
      G === 1 || (G === 3 && g[0] === 3 && g[1] === 2 && g[2] === 4 && sep !== SEP_MIXED) || (G === 2 && sep === SEP_DASH && ((g[0] === 3 && g[1] === 6) || (g[0] === 5 && g[1] === 4)));
    const abaShaped = want.aba && (G === 1 || (G === 3 && g[0] === 4 && g[1] === 4 && g[2] === 1 && sep === SEP_DASH));
    if (!(ssnShaped && (want.ssn || want.itin)) && !abaShaped) return;
    fill(c, s.text, start, end, G, sep, total);
    if (ssnShaped && (want.ssn || want.itin)) scoreSsnItin(s, c, want.ssn, want.itin);
    if (abaShaped) scoreAba(s, c);
    return;
  }
  if (want.card && total >= 13 && total <= 19 && cardShape(G, g, sep)) {
    // The issuer prefix needs no copy: most digit runs of card length belong to no card network.
    // (cardBrandOf of the first six digits is cardBrand of the whole digit string.)
    const brand = cardBrandOf(prefix6(s.text, start, end), total);
    if (!brand) return;
    fill(c, s.text, start, end, G, sep, total);
    scoreCard(s, c, brand);
  }
}

function fill(c: NumberCandidate, text: string, start: number, end: number, G: number, sep: number, total: number): void {
  c.start = start;
  c.end = end;
  c.groups = G;
  c.sep = sep;
  c.digits = total === 9 ? nineDigitsIn(text, start, end) : digitsIn(text, start, end);
}

function cardShape(G: number, g: readonly number[], sep: number): boolean {
  if (G === 1) return true;
  // (Dots, "4763.8056.9293.3873", only with a card label nearby: see scoreCard.)
  if (sep !== SEP_SPACE && sep !== SEP_DASH && sep !== SEP_DOT) return false;
  if (G === 3 && g[0] === 4 && g[1] === 6 && (g[2] === 5 || g[2] === 4)) return true;
  if (G > KEPT_GROUPS) return false; // four-digit groups and a last one of 1-4 digits: at most 5 groups
  for (let k = 0; k < G - 1; k++) if (g[k] !== 4) return false;
  const last = g[G - 1]!;
  return last >= 1 && last <= 4;
}

const ITIN_OR_SSN: readonly Category[] = ['itin', 'ssn'];
const SSN: readonly Category[] = ['ssn'];
const CARD: readonly Category[] = ['card'];

function scoreSsnItin(s: ScanState, c: NumberCandidate, ssn: boolean, itin: boolean): void {
  const formatted = c.groups === 3;
  const isItin = itinValid(c.digits);
  if (isItin && itin) {
    const ctx = s.ctx.netPositive(c.start, c.end, ITIN_OR_SSN);
    let conf = formatted ? (c.sep === SEP_DASH ? 0.7 : 0.45) : 0.15;
    if (ctx === 'pos') conf = formatted ? 0.95 : 0.88 - s.ctx.distance(c.start, c.end, 'itin') * 0.001;
    else if (ctx === 'neg') conf -= 0.35;
    s.push({ type: 'US_ITIN', start: c.start, end: c.end, confidence: clamp01(conf), rule: formatted ? 'itin.formatted' : 'itin.context' });
    return;
  }
  if (!ssn || !ssnValid(c.digits)) return;
  const ctx = s.ctx.netPositive(c.start, c.end, SSN);
  let conf = formatted ? (c.sep === SEP_DASH ? 0.65 : 0.45) : 0.15;
  if (ctx === 'pos') conf = formatted ? 0.95 : 0.9 - s.ctx.distance(c.start, c.end, 'ssn') * 0.001;
  else if (ctx === 'neg') conf -= c.sep === SEP_DASH ? 0.15 : 0.35; // 3-2-4 with dashes is rarely anything but an SSN
  else if (formatted && s.ctx.has(c.start, c.end, 'dob', 80, 40)) conf += 0.15; // a person's record
  s.push({ type: 'US_SSN', start: c.start, end: c.end, confidence: clamp01(conf), rule: formatted ? 'ssn.formatted' : 'ssn.context' });
}

function scoreAba(s: ScanState, c: NumberCandidate): void {
  if (!abaValid(c.digits)) return;
  const d = s.ctx.distance(c.start, c.end, 'aba', 60, 30);
  const conf = d >= 0 ? 0.93 - d * 0.001 : 0.2;
  s.push({ type: 'ABA_ROUTING', start: c.start, end: c.end, confidence: clamp01(conf), rule: 'aba.checksum' });
}

/** Rule ids by brand, made once (not a new string per finding). */
const CARD_RULES: ReadonlyMap<CardBrand, string> = new Map(
  (['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay', 'maestro', 'mir'] as const).map((b) => [b, `card.luhn.${b}`]),
);

function scoreCard(s: ScanState, c: NumberCandidate, brand: CardBrand): void {
  const d = c.digits;
  if (TEST_CARD_NUMBERS.has(d) || isRepetitive(d)) return;
  if (!luhnValid(d)) return;
  let conf = c.groups > 1 ? 0.9 : 0.8;
  const ctx = s.ctx.netPositive(c.start, c.end, CARD);
  if (c.sep === SEP_DOT && ctx !== 'pos') return; // dotted groups are versions and ids unless a card is named
  if (ctx === 'pos') conf += 0.08;
  else if (s.ctx.has(c.start, c.end, 'device', 40, 20)) conf = 0.2; // a Luhn-valid IMEI or ICCID
  else if (ctx === 'neg') conf -= 0.25;
  else if (s.ctx.has(c.start, c.end, 'bank', 30, 10)) conf -= 0.2; // labeled as an account number
  s.push({ type: 'CREDIT_CARD', start: c.start, end: c.end, confidence: clamp01(conf), rule: cardRule(brand) });
}

function cardRule(brand: CardBrand): string {
  const rule = CARD_RULES.get(brand) ?? `card.luhn.${brand}`;
  return rule;
}
