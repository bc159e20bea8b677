/**
 * PHI: an identifier tied to a health term. Health-plan identifiers (MRN, Medicaid/Medicare ids) are found
 * by detectors/labeled.ts. Here: a person identifier (SSN, ITIN, DOB, driver's license, passport, or a name
 * introduced as a patient/client/resident) within a window of a health term yields a PHI finding on the
 * identifier's span, so masking it breaks the link.
 */
import { isAsciiLetterCode, lowerBoundOf } from '../text.js';
import { type PhraseHit, PhraseMatcher, RegexSink } from '../trie.js';
import { clamp01, type ScanState } from './common.js';

const HEALTH_TERMS = [
  'diagnosis', 'diagnosed', 'dx', 'hiv', 'hiv positive', 'hiv+', 'hepatitis', 'hep c', 'cancer', 'chemo', 'chemotherapy', 'oncology',
  'diabetes', 'diabetic', 'pregnant', 'pregnancy', 'miscarriage', 'abortion', 'overdose', 'overdosed', 'opioid', 'opioids',
  'methadone', 'suboxone', 'buprenorphine', 'naloxone', 'narcan', 'substance use', 'substance abuse', 'sud', 'rehab', 'detox',
  'alcoholism', 'psychiatric', 'psychiatrist', 'psych ward', 'psych hold', 'schizophrenia', 'schizophrenic', 'bipolar', 'depression',
  'major depressive', 'ptsd', 'suicidal', 'suicide attempt', 'mental health', 'std', 'sti', 'syphilis', 'gonorrhea', 'chlamydia',
  'herpes', 'tuberculosis', 'dementia', "alzheimer's", 'alzheimers', 'seizure', 'seizures', 'epilepsy', 'autism', 'autistic',
  'prescribed', 'prescription', 'medication', 'medications', 'insulin', 'dialysis', 'hospitalized', 'admitted to', 'discharged from',
  'inpatient', 'outpatient', 'icu', 'er visit', 'emergency room', 'positive for', 'tested positive', 'lab results', 'biopsy',
  'tumor', 'stroke', 'heart attack', 'asthma', 'copd', 'anorexia', 'bulimia', 'eating disorder', 'adhd', 'therapy', 'therapist',
  'counseling', 'treatment plan', 'in treatment', 'psychosis', 'hiv/aids', 'sickle cell', 'multiple sclerosis', 'parkinson',
  "parkinson's", 'lupus', 'fetal alcohol', 'neonatal abstinence', 'hospice', 'terminal', 'paralysis', 'quadriplegic',
  'pneumonia', 'covid', 'covid-19', 'influenza', 'sepsis', 'infection', 'fracture', 'surgery', 'hypertension', 'heart failure',
  'kidney failure', 'renal failure', 'kidney disease', 'cirrhosis', 'hepatitis b', 'anxiety disorder', 'traumatic brain injury',
  'tbi', 'cerebral palsy', 'down syndrome', 'intellectual disability', 'developmental disability', 'cognitive impairment',
  'alzheimer', 'palliative', 'prenatal', 'postpartum', 'admitted for', 'admitted with', 'urgent care',
];

export const HEALTH_MATCHER = new PhraseMatcher(HEALTH_TERMS.map((t) => [t, true] as const));

/** "patient Maria Lopez", "client J. Smith", "Mr. Okafor". The name part is case-sensitive. */
const NAMED_PERSON =
  /(?<![A-Za-z0-9])(?:[Pp]atient|[Pp]t\.?|[Cc]lient|[Rr]esident|[Mm]ember|[Bb]eneficiary|[Rr]ecipient|[Cc]laimant|[Cc]onsumer|[Ee]nrollee|[Yy]outh|[Ii]nmate|Mr\.?|Mrs\.?|Ms\.?)[ \t]{1,3}([A-Z][a-z'’-]{1,20}(?:[ \t]{1,2}[A-Z]\.)?(?:[ \t]{1,2}[A-Z][a-z'’-]{1,20}){0,2})/g;

/**
 * Where NAMED_PERSON can match: the same words and the start of a name, without the lookbehind, which
 * keeps the regex engine from skipping quickly through the text. Each match start is checked, then
 * NAMED_PERSON runs anchored there; together they find what a global search with NAMED_PERSON finds.
 */
const NAMED_PERSON_START =
  /(?:[Pp]atient|[Pp]t\.?|[Cc]lient|[Rr]esident|[Mm]ember|[Bb]eneficiary|[Rr]ecipient|[Cc]laimant|[Cc]onsumer|[Ee]nrollee|[Yy]outh|[Ii]nmate|Mr\.?|Mrs\.?|Ms\.?)[ \t]{1,3}[A-Z]/g;
const NAMED_PERSON_AT = new RegExp(NAMED_PERSON.source, 'y');

/**
 * NAMED_PERSON as a PhraseScanner sink, for the engine's shared phrase scan: every match starts with one
 * of these words, at a word start (the regex's lookbehind is "not a letter or digit": "5patient Maria"
 * is not looked at, which spares the scan a pass over the text for a case that does not occur in chat).
 */
export const NAMED_PERSON_SINK = new RegexSink(
  ['patient', 'pt', 'client', 'resident', 'member', 'beneficiary', 'recipient', 'claimant', 'consumer', 'enrollee', 'youth', 'inmate', 'mr', 'ms'],
  NAMED_PERSON_AT,
);

function* namedPersons(text: string): Generator<RegExpExecArray> {
  const start = NAMED_PERSON_START;
  let from = 0;
  for (;;) {
    start.lastIndex = from;
    const c = start.exec(text);
    if (!c) return;
    const at = c.index;
    NAMED_PERSON_AT.lastIndex = at;
    const m = at > 0 && isAsciiLetterCode(text.charCodeAt(at - 1)) ? null : NAMED_PERSON_AT.exec(text);
    if (m) {
      from = at + m[0].length;
      yield m;
    } else from = at + 1;
  }
}

const NOT_NAMES = new Set([
  'Services', 'Service', 'Portal', 'Care', 'Support', 'Relations', 'Advocate', 'Advocacy', 'Safety', 'Records', 'Intake', 'Experience',
  'Id', 'Number', 'Account', 'Access', 'Benefits', 'Handbook', 'Name', 'Information', 'List', 'Survey', 'Data', 'Portal', 'Rights',
  'Management', 'Satisfaction', 'Engagement', 'Affairs', 'Files', 'File', 'Record', 'Intake', 'Team', 'Portal', 'Directory', 'Liaison',
  'Navigator', 'Education', 'Flow', 'Transport', 'Transportation', 'Meeting', 'Council', 'Board', 'Forum', 'Agency', 'Agencies',
  'The', 'This', 'That', 'A', 'An', 'Our', 'Your', 'His', 'Her', 'Their', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday',
]);

const IDENTIFIER_TYPES = new Set(['US_SSN', 'US_ITIN', 'DOB', 'US_DRIVER_LICENSE', 'US_PASSPORT']);
const WINDOW = 160;

/** Whether a health term starts within WINDOW of [start, end) (terms sorted: binary search). */
function near(terms: readonly number[], start: number, end: number): boolean {
  const i = lowerBoundOf(terms, start - WINDOW);
  return i < terms.length && terms[i]! <= end + WINDOW;
}

/**
 * `healthHits`, `nameHits`: the hits of HEALTH_MATCHER and NAMED_PERSON_SINK when already found (by the
 * engine's shared phrase scan).
 */
export function detectPhi(s: ScanState, healthHits?: readonly PhraseHit<unknown>[], nameHits?: readonly PhraseHit<unknown>[]): void {
  const text = s.text;
  const terms: number[] = []; // (built with push: one array shape for the binary search)
  for (const h of healthHits ?? HEALTH_MATCHER.findAll(text)) terms.push(h.start);
  if (terms.length === 0) return;

  // The findings so far (PHI findings pushed below are appended after them).
  const before = s.findings.length;
  for (let i = 0; i < before; i++) {
    const f = s.findings[i]!;
    if (IDENTIFIER_TYPES.has(f.type) && f.confidence >= 0.5 && near(terms, f.start, f.end)) {
      s.push({ type: 'PHI', start: f.start, end: f.end, confidence: clamp01(Math.min(0.9, f.confidence)), rule: `phi.health-term+${f.type.toLowerCase()}` });
    }
  }
  const names = nameHits ? nameHits.map((h) => h.value as RegExpExecArray) : [...namedPersons(text)];
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
    if (near(terms, start, end)) s.push({ type: 'PHI', start, end, confidence: 0.82, rule: 'phi.health-term+name' });
  }
}
