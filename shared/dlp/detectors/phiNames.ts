/**
 * PHI: names tied to a diagnosis the way notes and tables write them, without an introducer word:
 *   - a name that is the subject of a diagnosis or test result: "Marisol Przybylski (caseload 12) was
 *     diagnosed with ...", "Re: Omar Villanueva" above "> positive for hep C", "tested positive for TB —
 *     that's Arturo Tran-Nguyen", "Kwame Muldoon's knee replacement" (near a condition or result, not a
 *     service, role or program word: NOT_CONDITION);
 *   - a name in a table cell of a row that holds a health term ("| Ngozi Halvorsen | F32.1 major
 *     depressive disorder |").
 * Candidates are line starts, "that's", and cell starts inside windows around the terms; a sticky regex
 * is run at each, so the work is bounded by the windows.
 */
import { lineAt } from '../text.js';

/** A full name: two or three capitalised words, the last perhaps hyphenated ("Tran-Nguyen"). */
const FULL_NAME = String.raw`(?:[A-Z][a-z'’]{1,20}(?:[ \t][A-Z]\.)?|[A-Z]\.)[ \t][A-Z][a-z'’]{1,20}(?:-[A-Z][a-z'’]{1,20})?`;
/** At a line start: an optional "Re:", "Fwd:", "Subject:", bullet or quote mark, then the name, then what a subject is followed by. */
const SUBJECT_AT = new RegExp(
  String.raw`(?:(?:[Rr][Ee]|[Ff][Ww][Dd]?|[Ss]ubject|[Aa]bout|[Pp]atient|[A-Za-z][A-Za-z \t]{0,20})[ \t]?:[ \t]{1,2}|[-*•>][ \t]{1,2})?(${FULL_NAME})(?=[ \t]*(?:\(|,|[–—]|-(?![A-Za-z])|:|\r?\n|$|['’]s\b|(?<=[ \t])(?:was|is|has|had|tested|got|came|comes|reports|reported|overdosed|remains|disclosed|needs|takes|started|missed|denies|completed|entered|relapsed|attends|attended|receives|received|suffered|suffers|underwent|delivered|uses|used|SSN|DOB|MRN)\b))`,
);
/** After "that's" / "that is" near a result ("positive for TB — that's Arturo Tran-Nguyen"). */
// (Not case-insensitive: the name's capitals are what tell "that's Dana Ruiz" from "that's why he".)
const THATS_AT = new RegExp(String.raw`(?:[Tt]hat's|[Tt]hat’s|[Tt]hat is)[ \t]{1,2}(${FULL_NAME})(?![A-Za-z])`);
/** A table cell holding only a name. */
const CELL_AT = new RegExp(String.raw`[ \t]*(${FULL_NAME})[ \t]*(?=\||\t)`);

const NOT_FIRST: ReadonlySet<string> = new Set(['The', 'This', 'That', 'Our', 'Your', 'Please', 'New', 'All', 'Next', 'Last', 'Public', 'Health', 'Mental', 'Dear', 'Hi', 'Hello', 'Thanks', 'Team', 'Staff', 'Client', 'Patient', 'Next']);
/**
 * Health terms that name a service, a role or a program rather than a person's condition ("Dana Smith, our
 * therapist", "Lee Park - SUD program"): a subject name is tied only to the other terms (conditions, results).
 */
const NOT_CONDITION =
  /^(?:therap|psychiatrist|mental health|counsel|oncology|rehab|detox|sud\b|substance|hospice|palliative|urgent care|emergency room|er visit|icu\b|inpatient|outpatient|treatment plan|in treatment|prenatal|postpartum|medication|prescription|covid|influenza)/i;
/** Terms that tie a name to a condition whatever follows them. */
const STRONG = /^(?:diagnos|dx\b|tested positive|positive for|hiv\+|hiv positive)/i;
/**
 * A condition word used to name a program, a role or an event ("HIV prevention coordinator", "the asthma
 * grant", "diabetes educator", "stroke awareness month", "the dementia care trainer"): a word of these a
 * few words after the term, in the same clause, and the term ties no name to a person's condition.
 */
const PROGRAM_AFTER =
  /^[^\n.,;:!?()]{0,28}?\b(?:educators?|prevention|coordinators?|programs?|programmes?|managers?|registry|reports?|grants?|awareness|walk|leads?|trainers?|training|screenings?|vaccines?|vaccinations?|clinics?|conferences?|teams?|services|coalition|foundation|outreach|specialists?|nurses?|class(?:es)?|groups?|fund(?:ing)?|initiatives?|task[ \t]force|workgroup|dashboard|data|rates?|policy|guidance|toolkit|webinars?|summit|campaign|contracts?|budget|projects?|study|research|surveys?|surveillance|unit[ \t]manager|researchers?|directors?|response|advocates?|experts?|physicians?|doctors?|consultants?|chairs?|speakers?|epidemiologists?)\b/i;
/** A condition word as the topic of a talk or a document ("presenting on dementia", "a webinar about autism"). */
const TOPIC_BEFORE =
  /(?:present(?:ing|ed|s|ation)?|talk(?:s|ing)?|webinar|training|class|lecture|session|article|paper|study|research|course|module|workshop|seminar|panel|briefing)[ \t]{1,2}(?:on|about|of|for|regarding)[ \t]{1,2}(?:the[ \t]{1,2})?$/i;
/** A condition word naming a place or an occasion ("the Cancer Center", "Stroke Awareness Month"). */
const PLACE_AFTER = /^[A-Za-z'’]*[ \t]+(?:center|centre|institute|foundation|society|association|alliance|clinic|hospital|ward|month|week|day|walk|run)\b/i;
/** A condition word said of a mood or a habit: "OCD about formatting", "anxiety about the presentation". */
const FIGURATIVE_AFTER = /^(?:[A-Za-z'’-]+[ \t]+about\b|negative[ \t]+for[ \t]+(?:any|all|the|issues|problems|errors|defects|bugs)\b)/i;
const INTENSIFIER_BEFORE = /(?:\bso|\bsuch an?|\bkinda|\btotally|\bsuper|\bbit|going[ \t]+to[ \t]+have[ \t]+an?|gonna[ \t]+have[ \t]+an?|giv(?:e|ing)[ \t]+me[ \t]+an?)[ \t]+$/i;
/**
 * After "X's": a pet, whose condition it is. (A relative's condition stays tied: "X's son has type 1" names
 * the family, as the corpora label it.)
 */
const NOT_THE_PERSON_AFTER_S = /^['’]s[ \t]+(?:dog|cat|pet|puppy|kitten|horse)\b/i;
/** A line's label naming staff or a message header rather than the person with the condition. */
const STAFF_LABEL =
  /^[ \t]*(?:worker|case[ \t]?worker|social[ \t]worker|staff|provider|nurse|doctor|dr|therapist|counselor|supervisor|from|to|cc|author|signed|reviewer|clinician|prescriber|physician|assigned[ \t]to|manager|contact)[ \t]?:/i;
/** "Kwame Muldoon's knee replacement": a possessive name shortly before a condition. */
const POSSESSIVE = new RegExp(String.raw`(?<![A-Za-z])(${FULL_NAME})(?=['’]s[ \t])`);
const POSSESSIVE_REACH = 60;
const RADIUS = 100;

/** The end of the word at `p` (the term's first word: "lead" of "lead poisoning" is no program word). */
function afterWord(text: string, p: number): number {
  let e = p;
  while (e < text.length && /[A-Za-z0-9'’+-]/.test(text[e]!)) e++;
  return e;
}

export interface NamedSpan {
  start: number;
  end: number;
  rule: string;
}

/**
 * Whether the term at `t` names a person's condition or result here (not a service, a role, a program or
 * the topic of a talk): the test namesTiedToTerms applies before tying a subject name to it.
 */
export function conditionTerm(text: string, t: number): boolean {
  const head = text.slice(t, t + 16);
  if (NOT_CONDITION.test(head) || PLACE_AFTER.test(text.slice(t, t + 40)) || FIGURATIVE_AFTER.test(text.slice(t, t + 40))) return false;
  if (INTENSIFIER_BEFORE.test(text.slice(Math.max(0, t - 24), t))) return false;
  return STRONG.test(head) || !(PROGRAM_AFTER.test(text.slice(afterWord(text, t), t + 48)) || TOPIC_BEFORE.test(text.slice(Math.max(0, t - 40), t)));
}

/** `terms`: start positions of the health terms (sorted); `isCondition`: conditionTerm, perhaps remembered. */
export function namesTiedToTerms(text: string, terms: readonly number[], isCondition = (t: number): boolean => conditionTerm(text, t)): NamedSpan[] {
  const out: NamedSpan[] = [];
  // (The sticky copies are made per call: nothing stateful is kept at module level.)
  const subject = new RegExp(SUBJECT_AT.source, 'y');
  const thats = new RegExp(THATS_AT.source, 'y');
  const cell = new RegExp(CELL_AT.source, 'y');
  const push = (m: RegExpExecArray | null, rule: string): void => {
    if (!m) return;
    const name = m[1]!;
    if (NOT_FIRST.has(name.slice(0, name.search(/[ \t]/)))) return;
    if (STAFF_LABEL.test(m[0])) return; // ("Worker: T. Lang" under a client's diagnosis is not the client)
    const start = m.index + m[0].length - name.length;
    if (NOT_THE_PERSON_AFTER_S.test(text.slice(start + name.length, start + name.length + 24))) return;
    if (out.length === 0 || out[out.length - 1]!.start !== start) out.push({ start, end: start + name.length, rule });
  };
  let possessive: RegExp | null = null; // made when a window holds "'s"
  let lastWindowEnd = -1;
  let rowEnd = -1; // the end of the last line whose cells were read: each line is read once
  for (const t of terms) {
    // The table row of the term: its cells (a line with '|' or a tab).
    if (t >= rowEnd) {
      const [lineStart, lineEnd] = lineAt(text, t);
      rowEnd = lineEnd;
      // The row's first cell, when the line is a row (CSV-less pastes: "Name | dx | case").
      const row = text.slice(lineStart, lineEnd);
      if (t - lineStart <= RADIUS * 4 && (row.includes('|') || row.includes('\t'))) {
        cell.lastIndex = lineStart;
        push(cell.exec(text), 'phi.health-term+table-name');
      }
      for (let p = Math.max(lineStart, t - RADIUS * 4); p < lineEnd && p < t + RADIUS * 4; p++) {
        const c = text.charCodeAt(p);
        if (c !== 124 && c !== 9) continue;
        cell.lastIndex = p + 1;
        push(cell.exec(text), 'phi.health-term+table-name');
      }
    }
    if (!isCondition(t)) continue;
    const before = text.slice(Math.max(0, t - POSSESSIVE_REACH), t);
    if (before.includes("'s") || before.includes('’s')) {
      possessive ??= new RegExp(POSSESSIVE.source, 'g');
      possessive.lastIndex = 0;
      for (let m = possessive.exec(before); m; m = possessive.exec(before)) {
        // ("Tyler Shaw's dog has diabetes": the condition is not a person's.)
        if (NOT_THE_PERSON_AFTER_S.test(before.slice(m.index + m[0].length))) continue;
        m.index += t - before.length;
        push(m, 'phi.health-term+possessive-name');
      }
    }
    const a = Math.max(0, t - RADIUS, lastWindowEnd);
    const b = Math.min(text.length, t + RADIUS);
    lastWindowEnd = b;
    const starts: number[] = a === 0 ? [0] : [];
    // (Line breaks read within the window only: a search past it, to the text's end on one long line, made
    // many health terms on one line quadratic.)
    for (let p = a; p < b; p++) if (text.charCodeAt(p) === 10) starts.push(p + 1);
    for (const p of starts) {
      subject.lastIndex = p;
      push(subject.exec(text), 'phi.health-term+subject-name');
    }
    const low = text.slice(a, b).toLowerCase();
    for (let p = low.indexOf('that'); p >= 0; p = low.indexOf('that', p + 4)) {
      thats.lastIndex = a + p;
      push(thats.exec(text), 'phi.health-term+subject-name');
    }
  }
  return out;
}
