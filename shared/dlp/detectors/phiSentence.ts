/**
 * PHI, generalised (issue 16): a person named in the same sentence as a condition, without an introducer
 * word or a subject verb ("ADA request from Priya Okonkwo: MS flare-ups", "Accommodation file for Dwight
 * Castellano - diagnosed with PTSD"), and a person named once and referred to later by he/she/pt ("Met
 * with Jonas Whitfield today. He disclosed he has been using fentanyl again").
 *
 * Only around the health terms already found (the sentence of each term, at most REACH characters either
 * way), so the work is bounded by the terms, never a pass over the whole text. A name here is two or three
 * capitalised words standing alone (not part of a longer capitalised run, not after "the"/"at"/"to"/"Dr.",
 * no place or organisation word in it): "the Fred Hutch Cancer Center", "admitted to Western State" and
 * "Dr. Helena Voss" are not persons with a condition.
 */
import { conditionTerm } from './phiNames.js';
import { isHealthWord } from './phiVocabulary.js';
import { lineAt } from '../text.js';

const REACH = 220;
/** The person's name in a sentence. Group 1: "First Last", "First M. Last", "F. Last", or "Last, First" after a dash, colon or line start. */
const NAME = /(?<![A-Za-z0-9'’.&-])((?:[A-Z][a-zà-öø-ÿ'’]{1,20}(?:[ \t][A-Z]\.)?|[A-Z]\.(?:[ \t]?[A-Z]\.)?)[ \t][A-Z][a-zà-öø-ÿ'’]{1,20}(?:-[A-Z][a-zà-öø-ÿ'’]{1,20})?)(?![A-Za-z0-9à-öø-ÿ&]|['’][A-Za-z])/;
const LAST_FIRST = /(?:^|[-–—:][ \t]{1,2})([A-Z][a-z'’]{1,20},[ \t][A-Z][a-z'’]{1,20}|[A-Z][A-Z'’-]{2,20},[ \t][A-Z][A-Z'’-]{2,20})(?=[ \t]*(?:[-–—(,:]|$))/m;
/** Words that make a capitalised pair a place, an organisation, a date or a heading rather than a person. */
const NOT_PERSON: ReadonlySet<string> = new Set(
  ('Center Centre Hospital Clinic Clinics State County City Health Services Service Program Month Week Day Awareness Unit Office ' +
    'Department Dept University College School Foundation Medical Care Street St Ave Avenue Road Lake Ridge Heights Valley Park North ' +
    'South East West Western Eastern Northern Southern Capitol General Memorial Regional Community Behavioral Mental Public Human Social ' +
    'Security Medicaid Medicare Team Group Court Superior District Juvenile Corrections Correctional Reentry Recovery Apple Insurance ' +
    'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday ' +
    'Saturday Sunday The This That These Those Our Your His Her Their Please New All Next Last Dear Hi Hello Thanks Thank Re Fwd Subject ' +
    'Name Dx Diagnosis Client Patient Member Resident Inmate Offender Youth Child Student Employee Applicant Claimant Recipient Case Claim ' +
    'Note Notes Update Intake Referral Report Review Eligibility Accommodation Disability Home Visit Wellness Training Policy Staff ' +
    'Nurse Doctor Dr Judge Officer Counselor Therapist Worker Caseworker Supervisor Manager Director Coordinator Specialist Lunch Learn ' +
    'Blood Drive Cancer Diabetes Stroke Heart Lung Kidney Liver Mental Substance Use Disorder Opioid Settlement Vaccine Flu Shot Covid ' +
    'Hospice Rehab Detox Recovery Housing Food Bank Fund Funds Grant Plan Act Law Bill Code Section Form Manual Guide Standards Medical ' +
    'Board Commission Council Agency Division Bureau Institute Association Society Network Partners Partnership Alliance Coalition ' +
    'Spokane Seattle Tacoma Olympia Yakima Everett Vancouver Bellevue Kent Pierce King Thurston Clark Snohomish Airway Coyote Monroe ' +
    'Catholic Lutheran Charities Walla Shelton Purdy Joseph Providence Swedish Harborview Multicare Kaiser Permanente Franciscan Virginia Mason Fred Hutch ' +
    'Dear Regards Sincerely Best Sent From To Cc Date Tel Phone Email Fax Room Floor Building Suite Lobby Main Break').split(' '),
);
/** Words before a name that make it not the person with the condition (a provider, a place, a title's words). */
const BEFORE_NOT_PERSON = /(?:\b(?:the|at|to|in|into|from the|Dr\.?|Doctor|Nurse|RN|ARNP|MD|Judge|Officer|Sgt\.?|Det\.?|Rep\.?|Sen\.?|Gov\.?|Prof\.?|Counselor|Therapist|Dra\.?)[ \t]{1,2}|[A-Z][a-z'’]{1,20}[ \t])$/;
/** A capitalised word that starts a note's sentence before a name ("Saw Brennan Coyle", "Called Leopold Marchand"). */
const LEAD_WORD_BEFORE = /(?:^|[^A-Za-z])(?:Saw|Met with|Called|Visited|Spoke with|Spoke to|Talked to|Talked with|Contacted|Per|Told|Update on|Re)[ \t]$/;
/** Sentence ends: a line break, or '.', '!', '?' then a space, not after a title or an initial. */
const SENTENCE_END = /[.!?](?=[ \t]+\S)|\r?\n/;
const ABBREVIATION_BEFORE = /(?:\b(?:Mr|Ms|Mrs|Dr|St|Sr|Sra|Jr|pt|Pt|No|no|vs|etc|approx|[A-Z]))$/;
/** What every NAME and LAST_FIRST match holds: a capitalised word, a space or comma, a capital. */
const CAPITAL_PAIR = /[A-Z][a-zà-öø-ÿ'’.]{0,20},?[ \t][A-Z]|[A-Z][A-Z'’-]{2,20},[ \t][A-Z]/;
/** A later sentence that refers back to a person named before (he/she/pt, English or Spanish). */
const REFERS_BACK = /(?<![A-Za-z])(?:he|she|his|her|him|he's|she's|pt|patient|client|the youth|the child|ella|él)(?![A-Za-z])/i;

/**
 * A sentence about a topic, a statistic, a program or a thing rather than a person's health ("Karen will
 * lead the anxiety workshop", "Dana said hepatitis A cases are up", "the printer is having a seizure"), or
 * about a relative or a pet ("his mom has dementia"): no name in it is tied by this rule.
 */
const SENTENCE_NOT_PHI =
  /\b(?:cases|rates?|data|statistics|workshops?|menus?|trainings?|webinars?|class(?:es)?|flyers?|polic(?:y|ies)|contracts?|vendors?|grants?|research|programs?|prevention|awareness|events?|surveys?|printer|server|computer|laptop|database|network|vpn|website|portal|spreadsheet|build|dashboard|template|rules|coverage|billing|challenge|fundrais[a-z]*|donations?|5k|gala|raffle|shortages?|memos?|prices?|pricing|supply|supplies|formulary|recalls?|inventory)\b|(?:\b(?:his|her|my|their)|[A-Za-z]['’]s)[ \t]+(?:dog|cat|pet|puppy|kitten|horse)(?:[ \t]+(?:has|had|is|was|with|got)|['’]s)\b|\b(?:his|her|my|their)[ \t]+(?:mom|mother|dad|father|grand[a-z]*|aunt|uncle|cousin|friend|neighbou?r)[ \t]+(?:has|had|is|was|with|got)\b/i;
/** A condition word used as a modifier ("allergy-friendly menu", "HIV-related services"). */
const MODIFIER_AFTER = /^[A-Za-z0-9 ]{0,24}?-(?:friendly|free|safe|aware|informed|related|focused|specific)\b/i;

export interface SentenceName {
  start: number;
  end: number;
  rule: string;
}

/** The sentence bounds around `t` (at most REACH characters either way). */
function sentenceOf(text: string, t: number, endRe: RegExp): [number, number] {
  // (The line bounds first, by native search within REACH: in chat most sentences are lines. Searching
  // further would read a long line once per term, quadratic in the line.)
  const lo0 = Math.max(0, t - REACH);
  const hi0 = Math.min(text.length, t + REACH);
  const nlBefore = t > lo0 ? text.slice(lo0, t).lastIndexOf('\n') : -1;
  const lo = nlBefore < 0 ? lo0 : lo0 + nlBefore + 1;
  const nlAfter = text.slice(t, hi0).indexOf('\n');
  const hi = nlAfter < 0 ? hi0 : t + nlAfter;
  let from = lo;
  let to = hi;
  // (Searched within the window only: on a long text with no sentence end a search from `lo` would run
  // to the text's end once per term. The lookahead may read past the window's end, so a little more is
  // read.)
  const window = text.slice(lo, Math.min(text.length, hi + 64));
  endRe.lastIndex = 0;
  for (let m = endRe.exec(window); m && lo + m.index < hi; m = endRe.exec(window)) {
    const at = lo + m.index;
    if (m[0] !== '\n' && m[0] !== '\r\n' && ABBREVIATION_BEFORE.test(text.slice(Math.max(0, at - 8), at))) continue;
    if (at < t) from = at + m[0].length;
    else {
      to = at;
      break;
    }
  }
  return [from, to];
}

/** Whether the capitalised pair at [start, end) is a person (see NOT_PERSON, BEFORE_NOT_PERSON). */
function personName(text: string, name: string, start: number, end: number): boolean {
  if (name.split(/[ \t.-]+/).some((w) => NOT_PERSON.has(w))) return false;
  const before = text.slice(Math.max(0, start - 14), start);
  if (BEFORE_NOT_PERSON.test(before) && !LEAD_WORD_BEFORE.test(before)) return false;
  // A later cell of a CSV row (the first cell, the name column, is detectors/phiNames.ts's).
  if (text.charCodeAt(start - 1) === 44) return false;
  // Not the start of a longer capitalised run ("Fred Hutch Cancer Center").
  return !/^[ \t][A-Z][a-z]/.test(text.slice(end, end + 3));
}

function namesIn(text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const slice = text.slice(from, to);
  const re = new RegExp(NAME.source, 'g');
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const name = m[1]!;
    const start = from + m.index;
    const end = start + name.length;
    if (!personName(text, name, start, end)) {
      // Try again from the second word ("Called Leopold Marchand": the pair "Called Leopold" is no name).
      re.lastIndex = m.index + name.search(/[ \t]/) + 1;
      continue;
    }
    out.push({ start, end });
  }
  const lf = new RegExp(LAST_FIRST.source, 'gm');
  for (let m = lf.exec(slice); m; m = lf.exec(slice)) {
    const name = m[1]!;
    // (Capitals: "HOLLOWAY, DESMOND", not a list of abbreviations such as "ESRD, COPD".)
    if (name.split(/[ \t,]+/).some((w) => NOT_PERSON.has(w) || isHealthWord(w.toLowerCase()) || (w === w.toUpperCase() && !/[AEIOUY].*[AEIOUY]/.test(w)))) continue;
    const start = from + m.index + m[0].length - name.length;
    out.push({ start, end: start + name.length });
  }
  return out;
}

/** `terms`: start positions of the health terms (sorted). */
export function namesInSentenceOfTerms(text: string, terms: readonly number[], isCondition = (t: number): boolean => conditionTerm(text, t)): SentenceName[] {
  const out: SentenceName[] = [];
  const endRe = new RegExp(SENTENCE_END.source, 'g');
  // The end of the text already read for names: a term inside it adds nothing (its sentence was read),
  // so each stretch of text is read about once however many terms it holds.
  let coveredTo = -1;
  for (const t of terms) {
    if (t < coveredTo || !isCondition(t)) continue;
    const head = text.slice(t, t + 40);
    if (MODIFIER_AFTER.test(head)) continue; // (conditionTerm has ruled out places and occasions)
    const [sentenceFrom, to] = sentenceOf(text, t, endRe);
    const from = Math.max(sentenceFrom, coveredTo - 48); // (a name across the edge of the last read is read again)
    coveredTo = to;
    const sentence = text.slice(sentenceFrom, to);
    // (Cheap gates first: no two capitalised words in a row and no word referring back, nothing to tie.)
    if (!CAPITAL_PAIR.test(sentence) && !REFERS_BACK.test(sentence)) continue;
    if (SENTENCE_NOT_PHI.test(sentence)) continue;
    const names = namesIn(text, from, to);
    for (const n of names) out.push({ ...n, rule: 'phi.health-term+sentence-name' });
    if (names.length > 0 || sentenceFrom === 0 || from !== sentenceFrom) continue;
    // No name in the sentence: one named in the sentences before, when this one refers back to a person.
    if (!REFERS_BACK.test(sentence)) continue;
    const back = namesIn(text, Math.max(0, from - REACH * 2), from);
    const last = back[back.length - 1];
    if (last) out.push({ ...last, rule: 'phi.health-term+earlier-name' });
  }
  return out;
}

/** A table cell holding only an identifier: a case, claim, DOC or member number ("CW25-823153", "DOC24-520672"). */
const ID_CELL = /^[ \t]*((?:[A-Z]{1,5}-?)?\d[\d-]{4,14}\d)[ \t]*$/;
const DATE_CELL = /^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[-/]\d{1,2}[-/]\d{2,4})$/;

/**
 * Identifier cells in the table rows (pipes, tabs, or commas) that hold a condition: "Cormac Galloway |
 * schizoaffective | CW25-823153". Each row is read once.
 */
export function idCellsInRowsOfTerms(text: string, terms: readonly number[], isCondition = (t: number): boolean => conditionTerm(text, t)): SentenceName[] {
  const out: SentenceName[] = [];
  let rowEnd = -1;
  for (const t of terms) {
    if (t < rowEnd) continue;
    const [lineStart, lineEnd] = lineAt(text, t);
    rowEnd = lineEnd;
    if (lineEnd - lineStart > 400 || !isCondition(t)) continue;
    const line = text.slice(lineStart, lineEnd);
    const sep = line.includes('|') ? '|' : line.includes('\t') ? '\t' : (line.match(/,/g)?.length ?? 0) >= 2 ? ',' : '';
    if (!sep) continue;
    let at = lineStart;
    for (const cell of line.split(sep)) {
      const m = ID_CELL.exec(cell);
      if (m && !DATE_CELL.test(m[1]!)) {
        const start = at + cell.indexOf(m[1]!);
        out.push({ start, end: start + m[1]!.length, rule: 'phi.health-term+table-id' });
      }
      at += cell.length + 1;
    }
  }
  return out;
}
