/** Validity rules for numeric identifiers. Inputs are digit strings (no separators). */

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ABA routing transit number: valid Federal Reserve prefix and the 3-7-1 checksum. */
export function abaValid(digits: string): boolean {
  if (!isNineDigits(digits)) return false;
  const prefix = (digits.charCodeAt(0) - 48) * 10 + (digits.charCodeAt(1) - 48);
  const prefixOk =
    (prefix >= 0 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk || digits === '000000000') return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * w[i]!;
  return sum % 10 === 0;
}

/** /^\d{9}$/ without a regex. */
function isNineDigits(s: string): boolean {
  if (s.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number written by digits[from, to) (all digits). */
function numberAt(digits: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (digits.charCodeAt(i) - 48);
  return v;
}

/** Numbers published as examples, used in advertising, or otherwise known not to be anyone's SSN. */
const FAKE_SSNS: ReadonlySet<string> = new Set([
  '078051120', // Woolworth wallet card
  '219099999', // Social Security Administration pamphlet
  '123456789',
  '987654321',
  '111223333',
  '012345678',
  '234567890',
]);

function allSameDigit(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits[i] !== digits[0]) return false;
  return true;
}

/** SSA validity: area not 000, 666 or 9xx; group not 00; serial not 0000; not a well-known fake. */
export function ssnValid(digits: string): boolean {
  if (!isNineDigits(digits)) return false;
  const area = numberAt(digits, 0, 3);
  const group = numberAt(digits, 3, 5);
  const serial = numberAt(digits, 5, 9);
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if (FAKE_SSNS.has(digits) || allSameDigit(digits)) return false;
  // SSA advertising range 987-65-4320..4329 is excluded above by area >= 900.
  return true;
}

/** IRS ITIN: 9XX-YY-XXXX with YY in 50-65, 70-88, 90-92 or 94-99. */
export function itinValid(digits: string): boolean {
  if (!isNineDigits(digits) || digits.charCodeAt(0) !== 57) return false; // /^9\d{8}$/
  const g = numberAt(digits, 3, 5);
  if (!((g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99))) return false;
  // 987-65-4320..4329: the SSA's advertising range, documented as samples (the same as test card numbers).
  if (digits.startsWith('98765432')) return false;
  return numberAt(digits, 5, 9) !== 0 && !allSameDigit(digits);
}

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'mir';

/** Issuer by IIN prefix and the lengths that issuer uses; undefined when no major network matches. */
export function cardBrand(digits: string): CardBrand | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) {
    return 'discover';
  }
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p4 === 3095) && n >= 14 && n <= 19) {
    return 'diners';
  }
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if (p4 >= 2200 && p4 <= 2204 && n >= 16 && n <= 19) return 'mir';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 58) || p4 === 6304 || p4 === 6759 || p2 === 67) && n >= 16 && n <= 19) return 'maestro';
  return undefined;
}

/**
 * `cardBrand` of a digit string of length n >= 6, from its first six digits as a number (so a caller
 * can rule out most digit runs of card length without copying them out of the text).
 */
export function cardBrandOf(p6: number, n: number): CardBrand | undefined {
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  if (Math.floor(p6 / 100000) === 4 && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) {
    return 'discover';
  }
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39 || p4 === 3095) && n >= 14 && n <= 19) {
    return 'diners';
  }
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if (p4 >= 2200 && p4 <= 2204 && n >= 16 && n <= 19) return 'mir';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 58) || p4 === 6304 || p4 === 6759 || p2 === 67) && n >= 16 && n <= 19) return 'maestro';
  return undefined;
}

/** Card numbers that payment networks and processors publish for testing. */
export const TEST_CARD_NUMBERS = new Set([
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '4242424242424242',
  '4000056655665556',
  '4000000000000002',
  '4000000000000077',
  '4000000000009995',
  '5555555555554444',
  '5105105105105100',
  '5200828282828210',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '378734493671000',
  '6011111111111117',
  '6011000990139424',
  '6011000000000004',
  '30569309025904',
  '38520000023237',
  '3530111333300000',
  '3566002020360505',
  '6200000000000005',
]);

/** All one digit, or a run like 0123456789 / 98765 (at least 5 digits). */
export function isRepetitive(digits: string): boolean {
  if (digits.length < 5) return false;
  if (allSameDigit(digits)) return true;
  // 0123456789..., 9876543210...
  let up = true;
  let down = true;
  for (let i = 1; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - digits.charCodeAt(i - 1);
    if (d !== 1 && d !== -9) up = false;
    if (d !== -1 && d !== 9) down = false;
  }
  return up || down;
}

/** Medicare Beneficiary Identifier (CMS format, 11 characters, no S L O I B Z). */
export function mbiValid(id: string): boolean {
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(id);
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  // ASCII (the usual case): counts in a table instead of a Map, summed in the same order (first
  // occurrence), so the result is the same to the last bit.
  // (Per call: a module-level scratch table would be state shared by every engine.)
  const counts = new Int32Array(128);
  const order = new Uint8Array(128);
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      return entropyOfCodePoints(s);
    }
    if (counts[c] === 0) order[k++] = c;
    counts[c]!++;
  }
  let h = 0;
  for (let j = 0; j < k; j++) {
    const c = order[j]!;
    const p = counts[c]! / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function entropyOfCodePoints(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
