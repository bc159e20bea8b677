/**
 * Context keywords. Detectors ask whether a keyword of some category sits within a window around a candidate,
 * the way Presidio's context enhancer and Purview's "supporting elements" work. One linear pass per scan.
 */
import { keywordVariants, snakeCaseVariants, STATE_LICENSE_WORDS } from './keywordVariants.js';
import { type PhraseHit, PhraseMatcher } from './trie.js';

export type Category =
  | 'ssn'
  | 'itin'
  | 'card'
  | 'aba'
  | 'bank'
  | 'passport'
  | 'dl'
  | 'dob'
  | 'password'
  | 'pin'
  | 'loginPair'
  | 'healthId'
  | 'device'
  | 'dlWord'
  | 'cliPassword'
  | 'neg';

const TABLE: Record<Category, string[]> = {
  ssn: ['ssn', 'ssns', 'ssn#', 'ss#', 'ss #', 'ss no', 'soc sec', 'social', 'social security', 'social security number', 'social sec', 'socsec', 'ss number', 'ss num', 'ssn number', 's s n',
    // the label's tail when OCR garbles "Social" ("S0cial Security No.")
    'security no', 'security number'],
  itin: ['itin', 'itins', 'individual taxpayer', 'taxpayer id', 'taxpayer identification', 'tin', 'tax id', 'tax id number'],
  card: [
    'card', 'cards', 'credit card', 'debit card', 'cc', 'cc#', 'visa', 'mastercard', 'master card', 'amex', 'american express',
    'discover', 'diners', 'jcb', 'cvv', 'cvc', 'cvv2', 'exp', 'expiry', 'expiration', 'p-card', 'pcard', 'procurement card',
    'purchasing card', 'card number', 'card no', 'card #', 'card#',
  ],
  aba: ['routing', 'routing number', 'routing no', 'routing #', 'routing#', 'aba', 'aba#', 'rtn', 'transit', 'r/t', 'rt', 'rt#', 'wire', 'ach'],
  bank: [
    'account', 'acct', 'acct#', 'acct no', 'a/c', 'checking', 'savings', 'bank account', 'account number', 'account no', 'account #',
    'account#', 'deposit', 'direct deposit', 'dda', 'acc no', 'acc#',
  ],
  passport: ['passport', 'passport no', 'passport number', 'passport #', 'passport#', 'ppt', 'psprt', 'pspt'],
  dl: [
    "driver's license", 'drivers license', 'driver license', "driver's lic", 'drivers lic', 'driver lic', 'driving license',
    'driving licence', "driver's licence", 'dl', 'dl#', 'd/l', 'dln', 'cdl', "operator's license", 'operators license', 'lic#',
    'license #', 'license no', 'license number', 'id card', 'lic #', 'lic no', "license (driver's)", 'license (drivers)',
    'operator license', "operator's lic", 'operators lic', 'operator lic',
  ],
  // "b. 08/01/1981": case notes' abbreviation of born, only for a date at least 14 years back (idValues.ts)
  dob: ['dob', 'd.o.b', 'd.o.b.', 'date of birth', 'birth date', 'birthdate', 'born', 'birthday', 'bday', 'b-day', 'b.'],
  password: [
    'password', 'passwd', 'pwd', 'pw', 'passcode', 'passphrase', 'pass', 'pword', 'pswd', 'psw', 'pass code', 'pass phrase', 'creds',
    'credentials', 'login creds', 'reset it to', 'reset to',
    // "i changed it to X so you can log in": the value a reset set, as reset-it-to (a password-looking value only)
    'changed it to', 'set it to',
  ],
  pin: ['pin', 'pin code', 'pin number', 'pin#'],
  // a user name, a slash and a password follow ("login: svc_scan / X")
  loginPair: ['login', 'logon', 'log in', 'sign in', 'sign-in', 'u/p', 'user/pass', 'user / pass', 'username/password', 'user/pw', 'user / pw', 'acct/pw'],
  healthId: [
    'mrn', 'mrn#', 'medical record', 'medical record number', 'medical record #', 'medical record no', 'patient id',
    'patient #', 'patient number', 'member id', 'medicaid', 'medicaid id', 'medicaid #', 'medicaid number', 'medicaid no',
    'medicare', 'medicare id', 'medicare number', 'mbi', 'health plan id', 'subscriber id', 'chart #', 'chart number', 'client id',
  ],
  device: ['imei', 'meid', 'esn', 'iccid', 'serial', 'serial number', 'sim', 'device id', 'mac'],
  dlWord: STATE_LICENSE_WORDS,
  // where a password follows with no label word (detectors/configPasswords.ts): "mysql … -pX", "<add key=… value=X"
  cliPassword: ['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mariadb', 'sshpass', 'add key'],
  neg: [
    'phone', 'tel', 'telephone', 'fax', 'cell', 'mobile', 'call', 'ext', 'order', 'order #', 'order#', 'invoice', 'ticket',
    'case', 'case #', 'tracking', 'confirmation', 'conf', 'ref', 'reference', 'po', 'p.o.', 'po#', 'sku', 'part', 'serial', 'model',
    'imei', 'zip', 'isbn', 'build', 'version', 'req', 'requisition', 'incident', 'inc', 'claim', 'permit', 'docket', 'employee id',
    'emp id', 'employee #', 'badge', 'asset', 'tag', 'room', 'fein', 'ein', 'npi', 'vendor id', 'contract', 'grant', 'lot',
    'batch', 'shipment', 'parcel', 'receipt', 'transaction', 'txn', 'check #', 'check number', 'warrant', 'voucher', 'ip',
    // ledger and budget codes are not bank accounts
    'gl account', 'gl acct', 'ledger account', 'general ledger', 'expense account', 'revenue account', 'budget account', 'account code',
    'cost center', 'object code',
  ],
};

export interface Keyword {
  /** The keyword in its canonical (table) form, e.g. "driver's license". */
  kw: string;
  cats: readonly Category[];
  /** `cats` as a bit set (see CATEGORY_BIT): a window query tests a bit instead of searching `cats`. */
  mask: number;
}
/** A keyword found in the text: the phrase hit itself (no copy per hit). */
export type KeywordHit = PhraseHit<Keyword>;

const CATS_BY_KEYWORD = new Map<string, Category[]>();
for (const [cat, words] of [...Object.entries(TABLE), ...Object.entries(keywordVariants()), ...Object.entries(snakeCaseVariants(TABLE))] as [Category, string[]][]) {
  for (const w of words) {
    const list = CATS_BY_KEYWORD.get(w) ?? [];
    if (!list.includes(cat)) list.push(cat);
    CATS_BY_KEYWORD.set(w, list);
  }
}

/** Every keyword in its canonical (table) form. */
export const KEYWORDS: readonly string[] = [...CATS_BY_KEYWORD.keys()];

/** One bit per category, in TABLE order. */
const CATEGORY_BIT = {} as Record<Category, number>;
(Object.keys(TABLE) as Category[]).forEach((c, i) => (CATEGORY_BIT[c] = 1 << i));
function maskOf(cats: readonly Category[]): number {
  let mask = 0;
  for (let k = 0; k < cats.length; k++) mask |= CATEGORY_BIT[cats[k]!];
  return mask;
}
const NEG_BIT = CATEGORY_BIT.neg;
/** The bit set of some categories, to test a keyword's `mask` against (one AND instead of a search of `cats`). */
export function categoryMask(cats: readonly Category[]): number {
  return maskOf(cats);
}

/** The keywords with their categories, as a frozen table; each engine builds its own matcher from it (a matcher keeps its last match). */
const KEYWORD_ENTRIES: readonly (readonly [string, Keyword])[] = Object.freeze(
  [...CATS_BY_KEYWORD].map(([kw, cats]) => Object.freeze([kw, Object.freeze({ kw, cats: Object.freeze(cats), mask: maskOf(cats) })] as const)),
);

/** A new keyword matcher (one per engine). */
export function keywordMatcher(): PhraseMatcher<Keyword> {
  return new PhraseMatcher<Keyword>(KEYWORD_ENTRIES);
}

/** Categories of a keyword as written (any case, straight or curly apostrophe); empty when not a keyword. */
export function categoriesOf(raw: string): readonly Category[] {
  const key = normalizeKeyword(raw);
  return CATS_BY_KEYWORD.get(key) ?? CATS_BY_KEYWORD.get(key.replace(/'/g, '')) ?? [];
}

export function normalizeKeyword(raw: string): string {
  return raw.toLowerCase().replace(/’/g, "'").replace(/[ \t]+/g, ' ');
}

export function findKeywordHits(text: string): KeywordHit[] {
  return keywordMatcher().findAll(text);
}

/** Keyword hits from a keywordMatcher()'s phrase hits found by a PhraseScanner. */
export function keywordHits(hits: readonly PhraseHit<unknown>[]): readonly KeywordHit[] {
  return hits as readonly KeywordHit[];
}

/** Keyword hits of one scan, with window queries. */
export class Context {
  /** Where the last window began (see firstFrom). */
  private cursor = 0;

  constructor(
    readonly text: string,
    readonly hits: readonly KeywordHit[],
  ) {}

  /**
   * Distance in characters from the candidate to the nearest keyword of `cat` that ends within `before`
   * characters before `start` or starts within `after` characters after `end`; -1 when none.
   */
  distance(start: number, end: number, cat: Category, before = 50, after = 25): number {
    return this.nearest(start, end, CATEGORY_BIT[cat], before, after, false);
  }

  has(start: number, end: number, cat: Category, before = 50, after = 25): boolean {
    return this.nearest(start, end, CATEGORY_BIT[cat], before, after, true) >= 0;
  }

  /** Positive context wins over negative context when it is at least as close. */
  netPositive(start: number, end: number, cats: readonly Category[], before = 50, after = 25): 'pos' | 'neg' | 'none' {
    // One walk of the window for the positive categories and 'neg' (whose window is narrower, so
    // checked against its own bounds), instead of one walk per category.
    const posMask = maskOf(cats);
    const negBefore = Math.min(before, 30);
    const negAfter = Math.min(after, 15);
    const negFrom = start - negBefore - 40;
    const negTo = end + negAfter;
    const hits = this.hits;
    let pos = -1;
    let neg = -1;
    for (let i = this.firstFrom(start - before - 40); i < hits.length; i++) {
      const h = hits[i]!;
      if (h.start > end + after) break;
      const mask = h.value.mask;
      if ((mask & posMask) !== 0) {
        const d = gap(h, start, end, before, after);
        if (d >= 0 && (pos < 0 || d < pos)) pos = d;
      }
      if ((mask & NEG_BIT) !== 0 && h.start >= negFrom && h.start <= negTo) {
        const d = gap(h, start, end, negBefore, negAfter);
        if (d >= 0 && (neg < 0 || d < neg)) neg = d;
      }
    }
    if (pos >= 0 && (neg < 0 || pos <= neg)) return 'pos';
    if (neg >= 0) return 'neg';
    return 'none';
  }

  /** The smallest gap to a hit with a bit of `mask` in the window (see distance); with `any`, the first found. */
  private nearest(start: number, end: number, mask: number, before: number, after: number, any: boolean): number {
    const hits = this.hits;
    let best = -1;
    for (let i = this.firstFrom(start - before - 40); i < hits.length; i++) {
      const h = hits[i]!;
      if (h.start > end + after) break;
      if ((h.value.mask & mask) === 0) continue;
      const d = gap(h, start, end, before, after);
      if (d >= 0 && (best < 0 || d < best)) {
        best = d;
        if (any) break;
      }
    }
    return best;
  }

  /**
   * Index of the first hit starting at or after `from`. Detectors ask about candidates in text order,
   * so the answer is usually a step or two after the last one: walk there, else binary search.
   */
  private firstFrom(from: number): number {
    const hits = this.hits;
    let i = this.cursor;
    if (i > 0 && hits[i - 1]!.start >= from) i = firstStartingFrom(hits, from, 0, i - 1);
    else {
      for (let steps = 0; i < hits.length && hits[i]!.start < from; steps++, i++) {
        if (steps === 8) {
          i = firstStartingFrom(hits, from, i, hits.length);
          break;
        }
      }
    }
    this.cursor = i;
    return i;
  }

  /** Hits of `cat` in text order. */
  hitsOf(cat: Category): KeywordHit[] {
    return this.hits.filter((h) => h.value.cats.includes(cat));
  }
}

/** Characters between a keyword hit and the candidate when the hit is in the window; -1 otherwise (or overlapping). */
function gap(h: KeywordHit, start: number, end: number, before: number, after: number): number {
  let d: number;
  if (h.end <= start) d = start - h.end;
  else if (h.start >= end) d = h.start - end;
  else return -1;
  return (h.end <= start && d <= before) || (h.start >= end && d <= after) ? d : -1;
}

/** Binary search in hits[lo, hi) for the first hit starting at or after `from` (hi when none). */
function firstStartingFrom(hits: readonly KeywordHit[], from: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hits[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
