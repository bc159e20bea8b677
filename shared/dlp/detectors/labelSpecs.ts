/** What each label category reads, how far from the label, and which categories a pasted table can hold. */
import { type Category } from '../keywords.js';
import type { Reader } from './labelValue.js';
import { readLoginPair, readPassword, readPin } from './passwordValue.js';
import { readAbaCell, readBank, readCardCell, readDob, readDriverLicense, readHealthId, readPassport, readSsnCell } from './idValues.js';


export interface CategorySpec {
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
  /** Whether a value written before the label counts ("X is her DOB", see labelBefore.ts), and its confidence factor. */
  before?: number;
}

export const SPECS: Partial<Record<Category, CategorySpec>> = {
  password: { type: 'PASSWORD', read: readPassword, maxDist: 64, anyWords: 6, before: 0.9 },
  // "PIN for the shared phone: 2866": a few words, then a separator, then the digits.
  pin: { type: 'PASSWORD', read: readPin, maxDist: 32, anyWords: 3 },
  loginPair: { type: 'PASSWORD', read: readLoginPair, maxDist: 8 },
  // A date starts with a digit, or with a month name (at most 9 letters, a dot, 3 spaces) before its day.
  dob: { type: 'DOB', read: readDob, maxDist: 24, window: 0.8, digitWithin: 14, before: 0.9 },
  passport: { type: 'US_PASSPORT', read: readPassport, maxDist: 28, window: 0.85, digitWithin: 2, before: 0.9 },
  // [A-Za-z]{0,3}\d..., Washington's legacy seven letters then digits, or WDL and nine letters or digits.
  dl: { type: 'US_DRIVER_LICENSE', read: readDriverLicense, maxDist: 28, window: 0.85, digitWithin: 8, orStartsWith: 'WDL', before: 0.9 },
  // "acct number for the refund: X": a few other words, then a separator, then the number.
  bank: { type: 'US_BANK_ACCOUNT', read: readBank, maxDist: 40, anyWords: 4, before: 0.9 },
  healthId: { type: 'PHI', read: readHealthId, maxDist: 24, window: 0.85, digitWithin: 4 },
};
const { password: PASSWORD_SPEC, pin: PIN_SPEC, loginPair: LOGIN_PAIR_SPEC, dob: DOB_SPEC, passport: PASSPORT_SPEC, dl: DL_SPEC, bank: BANK_SPEC, healthId: HEALTH_ID_SPEC } = SPECS;
/** SPECS[cat], by comparing constants (a keyed lookup per keyword hit costs more). */
export function specOf(cat: Category): CategorySpec | undefined {
  switch (cat) {
    case 'password':
      return PASSWORD_SPEC;
    case 'pin':
      return PIN_SPEC;
    case 'loginPair':
      return LOGIN_PAIR_SPEC;
    case 'dob':
      return DOB_SPEC;
    case 'passport':
      return PASSPORT_SPEC;
    case 'dl':
    case 'dlWord':
      return DL_SPEC;
    case 'bank':
      return BANK_SPEC;
    case 'healthId':
      return HEALTH_ID_SPEC;
    default:
      return undefined;
  }
}
export const TABLE_READERS: Partial<Record<Category, Reader>> = {
  ...Object.fromEntries(Object.entries(SPECS).map(([c, s]) => [c, s.read])),
  // "License" in a table of drivers (tables.ts keeps the column only then).
  dlWord: readDriverLicense,
  ssn: readSsnCell,
  itin: readSsnCell,
  aba: readAbaCell,
  card: readCardCell,
};

