/**
 * Pattern-first numeric identifiers: SSN, ITIN, payment cards and ABA routing numbers. One hand-written
 * pass finds digit groups; each candidate is classified by its group structure, then validated with the
 * issuer's rules (SSA ranges, IRS ITIN ranges, IIN + Luhn, ABA 3-7-1) and scored with nearby context.
 */
import { abaValid, cardBrand, isRepetitive, itinValid, luhnValid, ssnValid, TEST_CARD_NUMBERS } from '../checksums.js';
import { isAlnumCode, isDigitCode, isWordishCode } from '../text.js';
import { clamp01, type ScanState } from './common.js';

export interface NumberUnit {
  start: number;
  end: number;
  /** Digit-group lengths, e.g. [3,2,4]. */
  groups: number[];
  /** Separator between groups ('-' or '.'), '' for a single group; 'x' when mixed. */
  sep: string;
  digits: string;
}

const MAX_GROUPS = 8;

/** Finds runs of digit groups joined by '-' or '.', skipping those glued to words, money, times, dates. */
export function findNumberUnits(text: string): NumberUnit[] {
  const n = text.length;
  const units: NumberUnit[] = [];
  let i = 0;
  while (i < n) {
    if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    const groups: number[] = [];
    let sep = '';
    for (;;) {
      const gs = i;
      while (i < n && isDigitCode(text.charCodeAt(i))) i++;
      groups.push(i - gs);
      const c = text.charCodeAt(i);
      if ((c === 45 || c === 46) && i + 1 < n && isDigitCode(text.charCodeAt(i + 1))) {
        const s = c === 45 ? '-' : '.';
        sep = sep === '' || sep === s ? s : 'x';
        i++;
        continue;
      }
      break;
    }
    const end = i;
    // Only units that can be (part of) an SSN, ITIN, card or routing number are kept.
    const total = end - start - (groups.length - 1);
    const useful = total >= 9 || (groups.length === 1 && total >= 2 && total <= 6);
    if (useful && groups.length <= MAX_GROUPS && !gluedBefore(text, start) && !gluedAfter(text, end)) {
      const raw = text.slice(start, end);
      units.push({ start, end, groups, sep, digits: groups.length === 1 ? raw : raw.replace(/[-.]/g, '') });
    }
  }
  return units;
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

export interface NumberCandidate {
  start: number;
  end: number;
  groups: number[];
  /** '' (no separator), '-', '.', ' ' or 'x' (mixed). */
  sep: string;
  digits: string;
}

/** Single units, plus runs of up to 5 single-group units separated by one space ("4111 1111 1111 1111"). */
export function numberCandidates(text: string, units: readonly NumberUnit[]): NumberCandidate[] {
  const out: NumberCandidate[] = [];
  for (let u = 0; u < units.length; u++) {
    const first = units[u]!;
    if (first.digits.length >= 9) out.push({ start: first.start, end: first.end, groups: first.groups, sep: first.sep, digits: first.digits });
    // Space-separated runs start with a group of 3 (SSN) or 4 (card).
    if (first.groups.length !== 1 || (first.digits.length !== 3 && first.digits.length !== 4)) continue;
    let digits = first.digits;
    const groups = [first.groups[0]!];
    let prev = first;
    for (let k = u + 1; k < units.length && k < u + 5; k++) {
      const next = units[k]!;
      if (next.groups.length !== 1 || next.start !== prev.end + 1 || text.charCodeAt(prev.end) !== 32) break;
      digits += next.digits;
      groups.push(next.groups[0]!);
      out.push({ start: first.start, end: next.end, groups: [...groups], sep: ' ', digits });
      prev = next;
    }
  }
  return out;
}

const eq = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function cardShape(c: NumberCandidate): boolean {
  const n = c.digits.length;
  if (n < 13 || n > 19) return false;
  if (c.groups.length === 1) return true;
  if (c.sep !== ' ' && c.sep !== '-') return false;
  if (eq(c.groups, [4, 6, 5]) || eq(c.groups, [4, 6, 4])) return true;
  const last = c.groups[c.groups.length - 1]!;
  return c.groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4;
}

export function detectNumbers(s: ScanState): void {
  const units = findNumberUnits(s.text);
  if (units.length === 0) return;
  const want = {
    ssn: s.enabled('US_SSN'),
    itin: s.enabled('US_ITIN'),
    card: s.enabled('CREDIT_CARD'),
    aba: s.enabled('ABA_ROUTING'),
  };
  for (const c of numberCandidates(s.text, units)) {
    const nine = c.digits.length === 9;
    const ssnShaped = nine && (c.groups.length === 1 || (eq(c.groups, [3, 2, 4]) && c.sep !== 'x'));
    if (ssnShaped && (want.ssn || want.itin)) scoreSsnItin(s, c, want.ssn, want.itin);
    if (want.aba && nine && (c.groups.length === 1 || (eq(c.groups, [4, 4, 1]) && c.sep === '-'))) scoreAba(s, c);
    if (want.card && cardShape(c)) scoreCard(s, c);
  }
}

function scoreSsnItin(s: ScanState, c: NumberCandidate, ssn: boolean, itin: boolean): void {
  const formatted = c.groups.length === 3;
  const isItin = itinValid(c.digits);
  if (isItin && itin) {
    const ctx = s.ctx.netPositive(c.start, c.end, ['itin', 'ssn']);
    let conf = formatted ? (c.sep === '-' ? 0.7 : 0.45) : 0.15;
    if (ctx === 'pos') conf = formatted ? 0.95 : 0.88 - s.ctx.distance(c.start, c.end, 'itin') * 0.001;
    else if (ctx === 'neg') conf -= 0.35;
    s.push({ type: 'US_ITIN', start: c.start, end: c.end, confidence: clamp01(conf), rule: formatted ? 'itin.formatted' : 'itin.context' });
    return;
  }
  if (!ssn || !ssnValid(c.digits)) return;
  const ctx = s.ctx.netPositive(c.start, c.end, ['ssn']);
  let conf = formatted ? (c.sep === '-' ? 0.65 : 0.45) : 0.15;
  if (ctx === 'pos') conf = formatted ? 0.95 : 0.9 - s.ctx.distance(c.start, c.end, 'ssn') * 0.001;
  else if (ctx === 'neg') conf -= c.sep === '-' ? 0.15 : 0.35; // 3-2-4 with dashes is rarely anything but an SSN
  else if (formatted && s.ctx.has(c.start, c.end, 'dob', 80, 40)) conf += 0.15; // a person's record
  s.push({ type: 'US_SSN', start: c.start, end: c.end, confidence: clamp01(conf), rule: formatted ? 'ssn.formatted' : 'ssn.context' });
}

function scoreAba(s: ScanState, c: NumberCandidate): void {
  if (!abaValid(c.digits)) return;
  const d = s.ctx.distance(c.start, c.end, 'aba', 60, 30);
  const conf = d >= 0 ? 0.93 - d * 0.001 : 0.2;
  s.push({ type: 'ABA_ROUTING', start: c.start, end: c.end, confidence: clamp01(conf), rule: 'aba.checksum' });
}

function scoreCard(s: ScanState, c: NumberCandidate): void {
  const d = c.digits;
  if (TEST_CARD_NUMBERS.has(d) || isRepetitive(d)) return;
  const brand = cardBrand(d);
  if (!brand || !luhnValid(d)) return;
  let conf = c.groups.length > 1 ? 0.9 : 0.8;
  const ctx = s.ctx.netPositive(c.start, c.end, ['card']);
  if (ctx === 'pos') conf += 0.08;
  else if (s.ctx.has(c.start, c.end, 'device', 40, 20)) conf = 0.2; // a Luhn-valid IMEI or ICCID
  else if (ctx === 'neg') conf -= 0.25;
  else if (s.ctx.has(c.start, c.end, 'bank', 30, 10)) conf -= 0.2; // labeled as an account number
  s.push({ type: 'CREDIT_CARD', start: c.start, end: c.end, confidence: clamp01(conf), rule: `card.luhn.${brand}` });
}
