/**
 * PHI: an identifier tied to a health term. Health-plan identifiers (MRN, Medicaid/Medicare ids) are found
 * by detectors/labeled.ts. Here: a person identifier (SSN, ITIN, DOB, driver's license, passport, or a name
 * introduced as a patient/client/resident) within a window of a health term yields a PHI finding on the
 * identifier's span, so masking it breaks the link.
 */
import { isAsciiLetterCode, lowerBoundOf } from '../text.js';
import { type PhraseHit, PhraseMatcher, RegexSink } from '../trie.js';
import { clamp01, type ScanState } from './common.js';
import { conditionTerm, namesTiedToTerms } from './phiNames.js';
import { idCellsInRowsOfTerms, namesInSentenceOfTerms } from './phiSentence.js';
import { PHI_VOCABULARY, PHI_VOCABULARY_MORE } from './phiVocabulary.js';

const HEALTH_TERMS = [
  'diagnosis', 'diagnosed', 'dx', 'hiv', 'hepatitis', 'hep c', 'cancer', 'chemo', 'chemotherapy', 'oncology',
  'diabetes', 'diabetic', 'pregnant', 'pregnancy', 'miscarriage', 'abortion', 'overdose', 'overdosed', 'opioid', 'opioids',
  'methadone', 'suboxone', 'buprenorphine', 'naloxone', 'narcan', 'substance use', 'substance abuse', 'sud', 'rehab', 'detox',
  'alcoholism', 'psychiatric', 'psychiatrist', 'psych ward', 'psych hold', 'schizophrenia', 'schizophrenic', 'bipolar', 'depression',
  'major depressive', 'ptsd', 'suicidal', 'suicide attempt', 'mental health', 'std', 'sti', 'syphilis', 'gonorrhea', 'chlamydia',
  'herpes', 'tuberculosis', 'dementia', 'alzheimers', 'seizure', 'seizures', 'epilepsy', 'autism', 'autistic',
  'prescribed', 'prescription', 'medication', 'medications', 'insulin', 'dialysis', 'hospitalized', 'admitted to', 'discharged from',
  'inpatient', 'outpatient', 'icu', 'er visit', 'emergency room', 'positive for', 'tested positive', 'lab results', 'biopsy',
  'tumor', 'stroke', 'heart attack', 'asthma', 'copd', 'anorexia', 'bulimia', 'eating disorder', 'adhd', 'therapy', 'therapist',
  'counseling', 'treatment plan', 'in treatment', 'psychosis', 'sickle cell', 'multiple sclerosis', 'parkinson',
  'lupus', 'fetal alcohol', 'neonatal abstinence', 'hospice', 'terminal', 'paralysis', 'quadriplegic',
  'pneumonia', 'covid', 'covid-19', 'influenza', 'sepsis', 'infection', 'fracture', 'surgery', 'hypertension', 'heart failure',
  'kidney failure', 'renal failure', 'kidney disease', 'cirrhosis', 
  'tbi', 'cerebral palsy', 'down syndrome', 'intellectual disability', 'developmental disability', 'cognitive impairment',
  'alzheimer', 'palliative', 'prenatal', 'postpartum', 'admitted for', 'admitted with', 'urgent care',
  // Results and conditions as case notes write them.
  'miscarried', 'mri', 'tb test', 'tb skin test', 'positive tb', 'pressure ulcer', 'pressure ulcers', 'carpal tunnel', 'ideation',
  'lead poisoning', 'use disorder', 'herniated', 'viral load', 'a1c', 'x-ray',
  'hospitalised', 'concussion', 'amputation', 'radiation therapy', 'mental illness', 'hep b',
  // Lab results, and the words of Spanish and French notes.
  'blood lead', 'lead level', 'blood sugar', 'glucose', 'cd4', 'hemoglobin', 'diagnostico', 'diagnostic', 'enfermedad',
  'embarazada', 'tuberculose', 'maladie',
  // Found by holdout8's first run: results, units and procedures as notes write them.
  'hba1c', 'egfr', 'ckd', 'psych unit', 'involuntary hold', 'involuntary commitment', 'blood alcohol', 'knee replacement',
  'hip replacement', 'phq-9', 'gad-7', 
  // Found by holdout9's first run: conditions, results and substances as DMV, corrections and eligibility notes name them.
  'syncope', 'schizoaffective', 'fasd', 'preeclampsia', 'methamphetamine', 'fentanyl', 'heroin', 'suicide watch', 'self-harm',
  'self harm', 'leukemia', 'lymphoma', 'melanoma', 'mastectomy', 'transplant', 'atrial fibrillation', 'afib', 'chf', 'mdd',
  'hcv', 'arthritis', 'fibromyalgia', 'anemia', 'cystic fibrosis', 'muscular dystrophy', 
  'brain injury', 'alcohol dependence', 'on oxygen', 'neuro eval', 'hypoglycemia', 
];

/** A new matcher of the health terms (one per engine: a matcher keeps its last match). */
export function healthMatcher(): PhraseMatcher<true> {
  return new PhraseMatcher([...new Set([...HEALTH_TERMS, ...PHI_VOCABULARY])].map((t) => [t, true] as const));
}

/** A new matcher of the medication names and Spanish words (its own pass: see phiVocabulary.ts). */
export function moreHealthMatcher(): PhraseMatcher<true> {
  return new PhraseMatcher(PHI_VOCABULARY_MORE.map((t) => [t, true] as const));
}

/** "patient Maria Lopez", "client J. Smith", "Mr. Okafor". The name part is case-sensitive. */
const NAMED_PERSON =
  /(?<![A-Za-z0-9])(?:[Pp]atient|[Pp]aciente|[Pp]atiente|[Pp]t\.?|[Cc]lient|[Cc]liente|[Rr]esident|[Mm]ember|[Bb]eneficiary|[Rr]ecipient|[Cc]laimant|[Cc]onsumer|[Ee]nrollee|[Yy]outh|[Ii]nmate|[Ee]mployee|[Aa]pplicant|[Pp]articipant|[Ss]tudent|[Cc]hild|[Cc]aller|[Cc]hart(?:[ \t]note)?[ \t]for|[Dd]river|[Oo]ffender|[Pp]robationer|[Pp]arolee|[Dd]efendant|[Mm]om|[Mm]other|[Dd]ad|[Ff]ather|(?:[Ll]a|[Ee]l)[ \t]se[ñn]ora?|Sra\.?|Mr\.?|Mrs\.?|Ms\.?)[:,]?[ \t]{1,3}\(?((?:[A-Z]\.[ \t]{1,2})?[A-Z][a-z'’-]{1,20}(?:[ \t]{1,2}[A-Z]\.)?(?:[ \t]{1,2}[A-Z][a-z'’-]{1,20}){0,2}|[A-Z][A-Z'’-]{1,20},[ \t]{1,2}[A-Z][A-Z'’-]{1,20})/;

/**
 * Where NAMED_PERSON can match: the same words and the start of a name, without the lookbehind, which
 * keeps the regex engine from skipping quickly through the text. Each match start is checked, then
 * NAMED_PERSON runs anchored there; together they find what a global search with NAMED_PERSON finds.
 */
const NAMED_PERSON_START =
  /(?:[Pp]atient|[Pp]aciente|[Pp]atiente|[Pp]t\.?|[Cc]lient|[Cc]liente|[Rr]esident|[Mm]ember|[Bb]eneficiary|[Rr]ecipient|[Cc]laimant|[Cc]onsumer|[Ee]nrollee|[Yy]outh|[Ii]nmate|[Ee]mployee|[Aa]pplicant|[Pp]articipant|[Ss]tudent|[Cc]hild|[Cc]aller|[Cc]hart(?:[ \t]note)?[ \t]for|[Dd]river|[Oo]ffender|[Pp]robationer|[Pp]arolee|[Dd]efendant|[Mm]om|[Mm]other|[Dd]ad|[Ff]ather|(?:[Ll]a|[Ee]l)[ \t]se[ñn]ora?|Sra\.?|Mr\.?|Mrs\.?|Ms\.?)[:,]?[ \t]{1,3}\(?[A-Z]/;

/**
 * NAMED_PERSON as a PhraseScanner sink, for the engine's shared phrase scan: every match starts with one
 * of these words, at a word start (the regex's lookbehind is "not a letter or digit": "5patient Maria"
 * is not looked at, which spares the scan a pass over the text for a case that does not occur in chat).
 */
const NAMED_PERSON_PREFIXES = ['patient', 'paciente', 'patiente', 'pt', 'client', 'resident', 'member', 'beneficiary', 'recipient', 'claimant', 'consumer', 'enrollee', 'youth', 'inmate', 'mr', 'ms',
    'employee', 'applicant', 'participant', 'student', 'child', 'caller', 'chart',
    'driver', 'offender', 'probationer', 'parolee', 'defendant', 'mom', 'mother', 'dad', 'father',
    // Spanish notes: "la señora X", "el señor X", "Sra. X" (ASCII prefixes: the shared phrase regex stays ASCII)
    'la se', 'el se', 'sra'];

/** The sink for one engine's phrase scan (its own regex and last match). */
export function namedPersonSink(): RegexSink {
  return new RegexSink(NAMED_PERSON_PREFIXES, new RegExp(NAMED_PERSON.source, 'y'));
}

function* namedPersons(text: string): Generator<RegExpExecArray> {
  const start = new RegExp(NAMED_PERSON_START.source, 'g');
  const named = new RegExp(NAMED_PERSON.source, 'y');
  let from = 0;
  for (;;) {
    start.lastIndex = from;
    const c = start.exec(text);
    if (!c) return;
    const at = c.index;
    named.lastIndex = at;
    const m = at > 0 && isAsciiLetterCode(text.charCodeAt(at - 1)) ? null : named.exec(text);
    if (m) {
      from = at + m[0].length;
      yield m;
    } else from = at + 1;
  }
}

const NOT_NAMES: ReadonlySet<string> = new Set([
  'Services', 'Service', 'Portal', 'Care', 'Support', 'Relations', 'Advocate', 'Advocacy', 'Safety', 'Records', 'Intake', 'Experience',
  'Id', 'Number', 'Account', 'Access', 'Benefits', 'Handbook', 'Name', 'Information', 'List', 'Survey', 'Data', 'Portal', 'Rights',
  'Management', 'Satisfaction', 'Engagement', 'Affairs', 'Files', 'File', 'Record', 'Intake', 'Team', 'Portal', 'Directory', 'Liaison',
  'Navigator', 'Education', 'Flow', 'Transport', 'Transportation', 'Meeting', 'Council', 'Board', 'Forum', 'Agency', 'Agencies',
  'The', 'This', 'That', 'A', 'An', 'Our', 'Your', 'His', 'Her', 'Their', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday',
]);

/**
 * A person written the way case notes list them, near a health term: "(E. Larsen)", "(Lee, Marcus)",
 * "Jones, Tamara —" or "C. Ibarra," at the start of a line, "(initials K.B.)". Group 1 is the name.
 */
const LISTED_PERSON_AT =
  /[ \t]*((?:initials[ \t]+)?(?:[A-Z]\.[ \t]?[A-Z]\.|[A-Z]\.[ \t]{1,2}[A-Z][a-z'’-]{1,20}|[A-Z][a-z'’-]{1,20},[ \t]{1,2}[A-Z][a-z'’-]{1,20}))(?=[ \t]*(?:\)|,|[–—-]|:))/;
/**
 * A case, claim or record reference near a health term ("case 2026-0441: the child tested positive for",
 * "claim WC-88213: carpal tunnel surgery", "DOC #418827 on suboxone"): the reference ties the condition to
 * a person. Group 1 is the reference (a digit in it, 4-16 characters).
 */
const CASE_WORDS = ['case', 'claim', 'referral', 'incident', 'file', 'record', 'doc', 'dshs', 'aps', 'cps', 'dcyf', 'member', 'mrn',
  // PHI, generalised: a role word with only a number ('claimant #50918823', 'offender # A-772019', 'Medicaid ID WA1234567')
  'claimant', 'inmate', 'offender', 'patient', 'client', 'medicaid', 'booking'];
/** (An agency prefix may be joined to the number by a hyphen: "APS-2024-71943: client disclosed ...".) */
const CASE_REF_AT =
  /(?:case|claim|referral|incident|file|record|doc|dshs|aps|cps|dcyf|member|mrn|claimant|inmate|offender|patient|client|medicaid|booking)(?:-(?=\d)|[ \t]{0,2}(?:#|no\.?|number|id)?[ \t]{0,2}:?[ \t]{0,2}#?)((?:[A-Z]{1,4}-?)?\d[\d-]{2,14}\d)(?![A-Za-z0-9])/i;
const LISTED_WINDOW = 100;

/** Merged windows of `radius` around the health terms (sorted), as [from, to) pairs. */
function windowsAround(terms: readonly number[], radius: number, n: number): number[] {
  const out: number[] = [];
  for (const t of terms) {
    const from = Math.max(0, t - radius);
    const to = Math.min(n, t + radius);
    if (out.length > 0 && from <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, to);
    else out.push(from, to);
  }
  return out;
}

/**
 * Listed names: at the start of a line or after '(' inside the windows, the sticky regex run there. The
 * candidates come from native searches for '(' and '\n', so each window is read once.
 */
function* listedPersons(text: string, windows: readonly number[]): Generator<{ name: string; start: number }> {
  const re = new RegExp(LISTED_PERSON_AT.source, 'y');
  for (let w = 0; w < windows.length; w += 2) {
    const a = windows[w]!;
    const b = windows[w + 1]!;
    const starts: number[] = a === 0 ? [0] : [];
    for (const ch of ['(', '\n']) for (let p = text.indexOf(ch, a); p >= 0 && p < b; p = text.indexOf(ch, p + 1)) starts.push(p + 1);
    starts.sort((x, y) => x - y);
    for (const p of starts) {
      re.lastIndex = p;
      const m = re.exec(text);
      if (m) yield { name: m[1]!, start: p + m[0].length - m[1]!.length };
    }
  }
}

/** Case references: the reference words found by native searches in the windows, the sticky regex run there. */
function* caseRefs(text: string, windows: readonly number[]): Generator<{ ref: string; start: number }> {
  const re = new RegExp(CASE_REF_AT.source, 'iy');
  for (let w = 0; w < windows.length; w += 2) {
    const a = windows[w]!;
    const low = text.slice(a, windows[w + 1]!).toLowerCase();
    const starts: number[] = [];
    for (const word of CASE_WORDS) for (let p = low.indexOf(word); p >= 0; p = low.indexOf(word, p + 1)) starts.push(a + p);
    starts.sort((x, y) => x - y);
    for (const p of starts) {
      if (p > 0 && /[A-Za-z0-9]/.test(text[p - 1]!)) continue;
      re.lastIndex = p;
      const m = re.exec(text);
      if (!m) continue;
      const start = p + m[0].length - m[1]!.length;
      // A hyphen-joined prefix is part of the reference ("APS-2024-71943").
      if (text.charCodeAt(start - 1) === 45) yield { ref: text.slice(p, start + m[1]!.length), start: p };
      else yield { ref: m[1]!, start };
    }
  }
}

/** Introducers that are roles or kin rather than a care or case relation (see SUBJECT_AFTER). */
const WEAK_INTRODUCER = /^(?:driver|offender|probationer|parolee|defendant|mom|mother|dad|father|la[ \t]se|el[ \t]se|sra)/i;
/** The name as a sentence's subject: a verb of a condition or a result right after it (English or Spanish). */
const SUBJECT_AFTER =
  /^\)?[ \t,]{0,3}(?:was|is|has|had|tested|got|came|reports|reported|overdosed|remains|disclosed|needs|takes|started|missed|denies|completed|entered|relapsed|received|suffered|suffers|underwent|delivered|uses|used|on|in|with|tiene|ten[ií]a|padece|sufre|est[aá]|fue|dio|tuvo)\b/i;

const IDENTIFIER_TYPES: ReadonlySet<string> = new Set(['US_SSN', 'US_ITIN', 'DOB', 'US_DRIVER_LICENSE', 'US_PASSPORT']);
const WINDOW = 160;

/** Whether a health term starts within WINDOW of [start, end) (terms sorted: binary search). */
function near(terms: readonly number[], start: number, end: number): boolean {
  const i = lowerBoundOf(terms, start - WINDOW);
  return i < terms.length && terms[i]! <= end + WINDOW;
}

/**
 * "has MS" is multiple sclerosis only when the clause ends or goes on there ("has MS and needs ...", "has
 * MS."), not "has MS Office" or "has MS licenses".
 */
const HAS_MS_CONDITION = /^has[ \t]{1,3}ms(?=[ \t]*(?:$|[.,;:!?)\r\n]|(?:and|but|so|which|since|too|now|for|per)\b))/i;
function notHasMs(text: string, t: number): boolean {
  const c = text.charCodeAt(t);
  if (c !== 104 && c !== 72) return false;
  const head = text.slice(t, t + 16);
  return /^has[ \t]/i.test(head) && !HAS_MS_CONDITION.test(head);
}

/** Texts up to this long (chat messages) are searched whole for the medication and Spanish words. */
const MORE_WHOLE_TEXT = 64 * 1024;
const MORE_REACH = 240;

/**
 * Where the medication and Spanish words are (see phiVocabulary.ts): in the whole text when it is chat
 * sized; in a long paste only around the other health terms and the names introduced by a role, so a
 * paste does not pay a second pass for words that tie nothing on their own.
 */
function moreTerms(text: string, more: PhraseMatcher<true>, terms: readonly number[], names: readonly RegExpExecArray[]): number[] {
  if (text.length <= MORE_WHOLE_TEXT) return more.findAll(text).map((h) => h.start);
  const anchors = [...terms, ...names.map((m) => m.index)].sort((a, b) => a - b);
  const out: number[] = [];
  const windows = windowsAround(anchors, MORE_REACH, text.length);
  for (let w = 0; w < windows.length; w += 2) {
    const a = windows[w]!;
    for (const h of more.findAll(text.slice(a, windows[w + 1]!))) out.push(a + h.start);
  }
  return out;
}

/**
 * `healthHits`, `nameHits`: the hits of healthMatcher() and namedPersonSink() when already found (by the
 * engine's shared phrase scan).
 */
export function detectPhi(
  s: ScanState,
  healthHits?: readonly PhraseHit<unknown>[],
  nameHits?: readonly PhraseHit<unknown>[],
  more: PhraseMatcher<true> = moreHealthMatcher(),
): void {
  const text = s.text;
  const terms: number[] = []; // (built with push: one array shape for the binary search)
  for (const h of healthHits ?? healthMatcher().findAll(text)) if (!notHasMs(text, h.start)) terms.push(h.start);
  const names = nameHits ? nameHits.map((h) => h.value as RegExpExecArray) : [...namedPersons(text)];
  const moreAt = moreTerms(text, more, terms, names);
  if (moreAt.length > 0) {
    for (const p of moreAt) terms.push(p);
    terms.sort((a, b) => a - b);
  }
  if (terms.length === 0) return;

  // The findings so far (PHI findings pushed below are appended after them).
  const before = s.findings.length;
  for (let i = 0; i < before; i++) {
    const f = s.findings[i]!;
    if (IDENTIFIER_TYPES.has(f.type) && f.confidence >= 0.5 && near(terms, f.start, f.end)) {
      s.push({ type: 'PHI', start: f.start, end: f.end, confidence: clamp01(Math.min(0.9, f.confidence)), rule: `phi.health-term+${f.type.toLowerCase()}` });
    }
  }
  for (const m of names) {
    const name = m[1]!;
    const words = name.split(/[ \t]+/);
    // Drop trailing words that are not names ("patient Maria Lopez Intake" is not expected, but be safe).
    while (words.length > 0 && NOT_NAMES.has(words[words.length - 1]!)) words.pop();
    if (words.length === 0 || NOT_NAMES.has(words[0]!)) continue;
    let pos = 0;
    for (const w of words) pos = name.indexOf(w, pos) + w.length;
    const start = m.index + m[0].length - name.length;
    const end = start + pos;
    // A role or kin word ties the name to a condition only when the name is the subject of the sentence
    // ("driver X had a syncope episode", not "my mom (X) works at the cancer center").
    if (WEAK_INTRODUCER.test(m[0]) && !SUBJECT_AFTER.test(text.slice(end, end + 24))) continue;
    if (near(terms, start, end)) s.push({ type: 'PHI', start, end, confidence: 0.82, rule: 'phi.health-term+name' });
  }
  const windows = windowsAround(terms, LISTED_WINDOW, text.length);
  for (const { name, start } of listedPersons(text, windows)) {
    if (NOT_NAMES.has(name.split(/[ ,]/)[0]!)) continue;
    if (near(terms, start, start + name.length)) s.push({ type: 'PHI', start, end: start + name.length, confidence: 0.75, rule: 'phi.health-term+listed-name' });
  }
  // Whether each term names a condition here: asked by three rules, worked out once.
  const memo = new Map<number, boolean>();
  const isCondition = (t: number): boolean => {
    let v = memo.get(t);
    if (v === undefined) memo.set(t, (v = conditionTerm(text, t)));
    return v;
  };
  for (const n of namesTiedToTerms(text, terms, isCondition)) s.push({ type: 'PHI', start: n.start, end: n.end, confidence: 0.75, rule: n.rule });
  for (const n of namesInSentenceOfTerms(text, terms, isCondition)) s.push({ type: 'PHI', start: n.start, end: n.end, confidence: 0.7, rule: n.rule });
  for (const n of idCellsInRowsOfTerms(text, terms, isCondition)) s.push({ type: 'PHI', start: n.start, end: n.end, confidence: 0.72, rule: n.rule });
  for (const { ref, start } of caseRefs(text, windows)) {
    // A date, or a year on its own ('client 2026 budget'; '2025-CW-8814' is a reference).
    if (/^\d{4}-\d{2}-\d{2}$/.test(ref) || (/^(?:19|20)\d\d$/.test(ref) && text.charCodeAt(start + ref.length) !== 45)) continue;
    s.push({ type: 'PHI', start, end: start + ref.length, confidence: 0.72, rule: 'phi.health-term+case-ref' });
  }
}
