/**
 * PHI vocabulary (issue 16, "PHI, generalised"): health words by kind, as data. Every entry is a literal
 * phrase for the engine's shared trie (case-insensitive, whole words), never a regex, so the table costs
 * the paste scan next to nothing. A term alone is never a finding: detectors/phi.ts and phiSentence.ts tie
 * it to a person (a name, a role word with a name, a case reference, an identifier) first.
 *
 * Left out on purpose, because staff use them for other things: bare "tb" (terabytes), "ms" (Ms.,
 * Microsoft), "mat", "aud", "cad", "tia" (a first name), "dnr" (Natural Resources), "nas" (storage),
 * "lithium" (batteries), bare "withdrawal" (banking), bare "disability" (the claim type), "flu" (flu-shot
 * reminders), bare "bac" (a routing code), and words said of moods and habits ("addicted", "psychotic",
 * "allergic": "addicted to coffee", "allergic to meetings").
 */

/** Conditions, in clinical and lay words and the abbreviations case notes use (ICD-10 chapters). */
const CONDITIONS = [
  // endocrine, circulatory, respiratory, kidney, liver
  't2dm', 'dm2', 'iddm', 'htn', 
  'hypertensive', 'coronary', 'cardiomyopathy', 'cardiac arrest', 'chest pain', 'emphysema', 'bronchitis',
  'heart disease', 'esrd', 'end-stage', 'liver disease', 'obesity', 'malnutrition', 
  // cancers
  'malignant', 'malignancy', 'metastatic', 'carcinoma', 'sarcoma',
  'myeloma', 'glioblastoma',
  // infections and reportable diseases
  'aids', 'hep a', 'active tb', 'latent tb', 'ltbi', 'measles', 'mumps', 'pertussis',
  'whooping cough', 'meningitis', 'mpox', 'shigella', 'salmonella', 'hpv',
  // nervous system, senses
  'cva', 'crohn', 'colitis', 'aphasia', 'neuropathy', 'als', 'huntington', 'sleep apnea', 'narcolepsy', 'blacking out', 'blackouts',
  'macular', 'glaucoma', 'vision loss', 'retinopathy', 'legally blind', 'memory loss', 
  'ms flare', 'has ms', 
  // mental health and development
  
  'anxiety', 'panic disorder', 'panic attacks', 'ocd', 'gad',
  'learning disability', 'dyslexia', 'kill himself', 'kill herself',
  // substance use
  'oud', 'addiction', 'alcoholic', 'meth', 'cocaine', 'crack cocaine', 'thc', 'in withdrawal', 'ciwa',
  'nicu',
  // pregnancy
  'c-section', 'cesarean', 'bed rest', 'stillbirth', 'ectopic',
  // injuries, pain, allergies
  'injury', 'injuries', 'injured', 'amputated', 'amputee', 'paraplegic', 
  'fractured', 'torn acl', 'rotator cuff', 'herniated disc', 'bulging disc', 'bulging discs', 'kidney infection', 'kidney stones', 'chronic pain', 'allergy', 'anaphylaxis', 'epipen',
];

/** Treatments and care. */
const TREATMENTS = [
  'radiotherapy', 'medication-assisted', 'vivitrol', 'naltrexone', 'sublocade',
  '5150', '72-hour hold', 'involuntarily', 'psych eval', 'post-op', 'home hospice', 'home oxygen', 
  'ventilator', 'feeding tube', 'cpap', 'antiretroviral', 'transfusion',
  'nephrology', 'oncologist', 'neurologist',
];

/** Tests and results. */
const TESTS = [
  'tested negative', 'negative for', 'bac 0', 'bac .', 'bac of', 'bac was', 'tox screen', 'toxicology', 'drug screen', 'positive ua', 'dirty ua', 'ua positive', 'uds',
  'urine drug', 'ppd', 'quantiferon', 'blood pressure', 'cholesterol', 'creatinine', 'ct scan', 'pet scan', 'mammogram', 'ekg', 'eeg',
  'pap smear', 'blood test', 'lab work',
];

/** Medications by class and common names (brand and generic). */
const MEDICATIONS = [
  'antidepressant', 'antidepressants', 'antipsychotic', 'antipsychotics', 'anticonvulsant', 'mood stabilizer', 'benzodiazepine', 'benzos',
  'opiates', 'blood thinner', 'blood thinners', 'sertraline', 'zoloft', 'prozac', 'lexapro', 
  'wellbutrin', 'trazodone', 'abilify', 'seroquel', 'risperdal', 'invega',
  'haldol', 'depakote', 'lamictal', 'keppra', 'dilantin', 'clozapine', 'zyprexa', 
  'adderall', 'ritalin', 'vyvanse', 'xanax', 'klonopin', 'ativan', 'valium', 'oxycodone', 'oxycontin',
  'percocet', 'vicodin', 'hydrocodone', 'morphine', 'tramadol', 'gabapentin', 'metformin', 'ozempic', 'wegovy',
  'mounjaro', 'jardiance', 'lisinopril', 'amlodipine', 'metoprolol', 'eliquis', 'warfarin', 'coumadin', 'xarelto',
  'prednisone', 'albuterol', 'biktarvy', 'truvada', 'descovy', 'epclusa', 'harvoni', 'mavyret',
];

/** Spanish equivalents of the common ones. */
const SPANISH = [
  'presión alta', 'presion alta', 'hipertensión', 'hipertension', 'embarazo', 'vih', 'sida', 'cáncer', 'depresión', 'depresion',
  'ansiedad', 'esquizofrenia', 'convulsiones', 'epilepsia', 'derrame cerebral', 'demencia', 'carga viral',
  'diálisis', 'dialisis', 'quimioterapia', 'quimio', 'insulina', 'sobredosis', 'adicción', 'adiccion', 'aborto',
  'diagnóstico', 'salud mental', 'hospitalizado', 'hospitalizada', 'positivo para', 'positiva para',
];

/** In the engine's shared phrase scan (whose one regex must stay under V8's 20 KB optimisation limit). */
export const PHI_VOCABULARY: readonly string[] = [...CONDITIONS, ...TREATMENTS, ...TESTS];
/**
 * Searched by a matcher of its own (its own prefilter pass): the shared regex has no room left for them.
 * Medication names and Spanish words.
 */
export const PHI_VOCABULARY_MORE: readonly string[] = [...MEDICATIONS, ...SPANISH];

/** The single words of every PHI term (and common condition abbreviations), to tell "ESRD, COPD" from a name. */
const HEALTH_WORDS: ReadonlySet<string> = new Set(
  [...PHI_VOCABULARY, ...PHI_VOCABULARY_MORE, 'hiv', 'copd', 'chf', 'ckd', 'esrd', 'mdd', 'ptsd', 'adhd', 'sud', 'hcv', 'tbi', 'dx', 'hx', 'rx']
    .filter((t) => !t.includes(' ')),
);
export function isHealthWord(word: string): boolean {
  return HEALTH_WORDS.has(word);
}
