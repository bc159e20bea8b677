/**
 * Label variants, generated from tables (data, not code paths): how people and forms actually write the
 * identifier labels.
 *   - Run-together labels from forms, exports and code: "PassportNo", "DLNumber", "SocSecNo",
 *     "BankAcctNum", "DateOfBirth", "LoginPassword" (matched case-insensitively as one word).
 *   - A licence named by its state: "WA license", "Mass. license", "Ohio permit" (category `dlWord`: the
 *     word counts as a licence label only after a state, see stateBefore).
 */

/** Suffixes forms append to a label: "PassportNo", "AcctNum", "DLNumber", "PassportID". */
const SUFFIXES = ['no', 'num', 'number', 'nbr', 'nr', 'id', '#'];

/** Label stems (spaces and punctuation dropped) by keyword category. */
const RUN_TOGETHER_STEMS: Readonly<Record<string, readonly string[]>> = {
  ssn: ['ssn', 'ss', 'socsec', 'socialsec', 'socialsecurity', 'socsecurity', 'ssan'],
  itin: ['itin', 'taxpayerid'],
  passport: ['passport', 'pp', 'ppt', 'uspassport', 'passportbook'],
  dl: ['dl', 'driverslicense', 'driverlicense', 'driverslic', 'driverlic', 'drvlic', 'licence', 'driverslicence', 'operatorlicense', 'dlid'],
  bank: ['acct', 'account', 'bankacct', 'bankaccount', 'acc', 'checkingacct', 'savingsacct', 'depositacct', 'dda'],
  aba: ['routing', 'aba', 'rtn', 'routingtransit', 'bankrouting'],
};
/** Whole run-together labels that take no suffix. */
const RUN_TOGETHER_WORDS: Readonly<Record<string, readonly string[]>> = {
  dob: ['dateofbirth', 'birthdate', 'birth_date', 'date_of_birth', 'dob_date'],
  password: ['loginpassword', 'userpassword', 'adminpassword', 'rootpassword', 'dbpassword', 'accountpassword', 'wifipassword', 'newpassword', 'temppassword', 'initialpassword', 'user_password', 'login_password', 'admin_password', 'db_password', 'db_pass', 'passwd'],
  ssn: ['ssan', 'social security account number'],
  passport: ['pp no', 'pp no.', 'pp #', 'pp#', 'passport book', 'passport book number', 'passport nbr'],
  dl: ['driving permit', "driver's permit", 'drivers permit', 'driver permit', 'instruction permit', 'learner permit', "learner's permit", 'dl/id', 'dl id', 'license#', 'licence#', 'd.l.', 'd.l', 'd. l.', 'dl no', 'dl no.', 'dl number',
    // column names of exports (snake_case)
    'dl_no', 'dl_num', 'dl_number', 'dl_nbr', 'license_no', 'lic_no', 'license_number'],
};

/**
 * Labels as forms in other languages write them (Spanish, French, German, Portuguese: the languages of
 * the bilingual forms state agencies receive), for the categories whose value a label must identify.
 */
// (A label whose first three characters are not all ASCII would make the phrase pass slower for every
// text, see phraseScanner.ts addPath: "número de cuenta" is found by "cuenta", "führerschein" by its
// ASCII spelling.)
const OTHER_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  password: ['mot de passe', 'contraseña', 'contrasena', 'passwort', 'kennwort', 'senha', 'clave de acceso', 'wachtwoord'],
  dob: ['date de naissance', 'fecha de nacimiento', 'geburtsdatum', 'data de nascimento', 'data di nascita', 'fecha de nac', 'fecha de nac.', 'fecha nac', 'f. nac', 'f. de nac.'],
  passport: ['passeport', 'pasaporte', 'reisepass', 'passaporte', 'reisepassnummer', 'numero de pasaporte'],
  dl: ['permis de conduire', 'licencia de conducir', 'licencia de manejo', 'fuhrerschein', 'fuehrerschein', 'carteira de motorista'],
  bank: ['kontonummer', 'cuenta bancaria', 'compte bancaire', 'numero de cuenta', 'cuenta'],
  aba: ['numero de ruta', 'code de routage', 'ruta'],
  ssn: ['numero de seguro social', 'seguro social', 'securite sociale'],
};

/**
 * Label words people mistype in chat: each word's variants with one interior letter dropped or two
 * interior letters swapped ("pasword", "pasport", "routng", "socail", "acount"), generated here. The
 * first and last letters stay, so no variant is another common word; the words are long enough (six
 * letters or more) that a variant is not a short word of its own.
 */
// (Only the label words that a value needs: each variant is a path in the shared phrase regex, which V8
// optimises only while it is under 20 KB, see phraseScanner.ts.)
const TYPO_WORDS: Readonly<Record<string, readonly string[]>> = {
  password: ['password'],
  passport: ['passport'],
  aba: ['routing'],
  ssn: ['social'],
  bank: ['account'],
  dlWord: ['license'],
};
/** Variants that are words or labels of their own. */
const NOT_TYPOS: ReadonlySet<string> = new Set(['socal']);

function typos(word: string): string[] {
  // The variants of the last word of a phrase ("license" in "driver's license").
  const parts = word.split(' ');
  const k = parts.length - 1;
  const w = parts[k]!;
  if (w.length < 6) return [];
  const out = new Set<string>();
  for (let i = 1; i < w.length - 1; i++) {
    out.add(w.slice(0, i) + w.slice(i + 1)); // one dropped
    if (i < w.length - 2 && w[i] !== w[i + 1]) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)); // two swapped
  }
  out.delete(w);
  return [...out].filter((t) => !NOT_TYPOS.has(t)).map((t) => [...parts.slice(0, k), t, ...parts.slice(k + 1)].join(' '));
}

/** "licence" and "license" both, and abbreviations with their dot ("lic. no.", "acct. no."). */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  dl: ['driver licence', 'drivers licence', "driver's licence no", 'driver licence no', 'driver license no', 'drivers license no', 'lic. no', 'lic. no.', 'lic. #',
    'lic.#', 'licence no', 'licence no.', 'licence number', 'oln', 'oln#', 'operator license number', "operator's license number", 'odl'],
  bank: ['acct. no', 'acct. no.', 'acct.', 'acct. #', 'acc. no.'],
  healthId: ['member #', 'member no', 'member no.', 'member number', 'member nbr', 'provider one id', 'providerone id', 'p1 id'],
  pin: ['alarm code', 'door code', 'lock code', 'keypad code'],
};

/** USPS abbreviations and names of the states (abbreviations that are common words are left out). */
const STATES = [
  'al', 'ak', 'az', 'ar', 'ca', 'co', 'ct', 'fl', 'ga', 'ia', 'id', 'il', 'ks', 'ky', 'la', 'ma', 'md', 'mi', 'mn', 'mo', 'ms', 'mt',
  'nc', 'nd', 'ne', 'nh', 'nj', 'nm', 'nv', 'ny', 'pa', 'ri', 'sc', 'sd', 'tn', 'tx', 'ut', 'va', 'vt', 'wa', 'wi', 'wv', 'wy', 'dc',
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia', 'hawaii',
  'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland', 'massachusetts', 'michigan',
  'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'new hampshire', 'new jersey', 'new mexico', 'new york',
  'north carolina', 'north dakota', 'ohio', 'oklahoma', 'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota',
  'tennessee', 'texas', 'utah', 'vermont', 'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming',
  'mass.', 'calif.', 'penn.', 'wash.', 'mich.', 'minn.', 'wis.', 'ore.', 'ariz.', 'colo.', 'conn.', 'fla.', 'ill.', 'ind.', 'tenn.', 'tex.',
];
/** Words that name a driver licence only after a state ("WA license", "Mass. lic", "Ohio permit"). */
export const STATE_LICENSE_WORDS = ['license', 'licence', 'lic', 'permit'];

/** Whether the word (or two, "new york") ending just before `at`, past spaces, is a state's name or abbreviation. */
export function stateBefore(text: string, at: number): boolean {
  let e = at;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e === at || e === 0) return false;
  // Back over one word (letters and a final '.'), then perhaps a second one for two-word names.
  let b = e;
  if (text.charCodeAt(b - 1) === 46) b--;
  while (b > 0 && /[A-Za-z]/.test(text[b - 1]!)) b--;
  if (b === e || e - b > MAX_STATE) return false;
  if (STATE_SET.has(text.slice(b, e).toLowerCase())) return true;
  let b2 = b - 1;
  if (b2 <= 0 || text.charCodeAt(b2) !== 32) return false;
  while (b2 > 0 && /[A-Za-z]/.test(text[b2 - 1]!)) b2--;
  return e - b2 <= MAX_STATE && STATE_SET.has(text.slice(b2, e).toLowerCase());
}

/** Whether a state's name or abbreviation follows `at` past spaces, perhaps in parentheses ("X (Florida)", "X, WA"). */
export function stateAfter(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && i - at < 4 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 40 || text.charCodeAt(i) === 44)) i++;
  let e = i;
  while (e < text.length && e - i <= MAX_STATE && /[A-Za-z. ]/.test(text[e]!)) e++;
  // The longest state name that the letters after `i` start with, ending at a word end.
  for (let k = Math.min(e, i + MAX_STATE); k > i; k--) {
    if (/[A-Za-z]/.test(text[k] ?? '')) continue;
    if (STATE_SET.has(text.slice(i, k).toLowerCase())) return true;
  }
  return false;
}

const MAX_STATE = Math.max(...STATES.map((s) => s.length));
const STATE_SET: ReadonlySet<string> = new Set(STATES);

/** Generated forms that are other words ("SSID" is a Wi-Fi network name). */
const NOT_LABELS: ReadonlySet<string> = new Set(['ssid']);

/** Categories whose multi-word labels are also written as snake_case keys ("drivers_license", "bank_account"). */
const SNAKE_CASE_CATEGORIES = ['ssn', 'itin', 'passport', 'dl', 'bank', 'aba', 'dob'];

/** "driver's license" → "drivers_license": how JSON, YAML and CSV exports name the field. */
export function snakeCaseVariants(table: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cat of SNAKE_CASE_CATEGORIES) {
    for (const w of table[cat] ?? []) {
      if (!/^[a-z' ]+$/.test(w) || !w.includes(' ')) continue;
      (out[cat] ??= []).push(w.replace(/'/g, '').replace(/ +/g, '_'));
    }
  }
  return out;
}

/** Extra keywords by category, generated from the tables above. */
export function keywordVariants(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (cat: string, kw: string): void => {
    (out[cat] ??= []).push(kw);
  };
  for (const [cat, stems] of Object.entries(RUN_TOGETHER_STEMS)) for (const s of stems) for (const x of SUFFIXES) if (!NOT_LABELS.has(s + x)) add(cat, s + x);
  for (const [cat, words] of Object.entries(RUN_TOGETHER_WORDS)) for (const w of words) add(cat, w);
  for (const table of [OTHER_LANGUAGES, SPELLINGS]) for (const [cat, words] of Object.entries(table)) for (const w of words) add(cat, w);
  for (const [cat, words] of Object.entries(TYPO_WORDS)) for (const w of words) for (const t of typos(w)) add(cat, t);
  return out;
}
