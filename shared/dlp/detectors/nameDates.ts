/**
 * DOB with no label, the way case notes and counter staff write a person: a full name, then a date in
 * parentheses ("Shauna Delacroix (01/15/1945) in line for the written test"). Only a full date at least
 * MIN_AGE years back counts (a meeting or a filing date in parentheses is recent), and only after two
 * capitalised words that are not a document's or an office's title ("Records Retention Schedule (…)").
 * The candidates are the '(' characters followed by a digit, found by a native search.
 */
import type { ScanState } from './common.js';
import { parseDateAt } from './dates.js';

const MIN_AGE = 14;
/** Two or three capitalised words (a middle initial allowed) right before the '(' (group 1: first, group 2: last word). */
const NAME_BEFORE = /(?:^|[^A-Za-z'’-])([A-Z][a-z'’-]{1,20})(?:[ \t][A-Z]\.?|[ \t][A-Z][a-z'’-]{1,20})?[ \t]([A-Z][a-z'’-]{1,20})[ \t]?$/;
/** Words of titles, offices and events, which title-case a phrase the way a name is written. */
const NOT_NAME: ReadonlySet<string> = new Set([
  'Policy', 'Order', 'Manual', 'Act', 'Handbook', 'Schedule', 'Plan', 'Report', 'Memo', 'Rule', 'Rules', 'Form', 'Bill', 'Code',
  'Law', 'Agreement', 'Contract', 'Amendment', 'Update', 'Version', 'Edition', 'Standard', 'Standards', 'Guide', 'Procedure',
  'Directive', 'Notice', 'Letter', 'Meeting', 'Review', 'Hearing', 'Session', 'Budget', 'Program', 'Project', 'Office',
  'Department', 'Agency', 'Division', 'Board', 'Committee', 'Council', 'Center', 'County', 'City', 'State', 'Court', 'Case',
  'Release', 'Revision', 'Effective', 'Dated', 'Signed', 'Filed', 'Issued', 'Revised', 'Adopted', 'Amended', 'Enacted', 'Statute',
  'Regulation', 'Regulations', 'Chapter', 'Section', 'Title', 'Volume', 'Series', 'Study', 'Survey', 'Audit', 'Assessment',
]);

export function detectNameDates(s: ScanState): void {
  if (!s.enabled('DOB')) return;
  const text = s.text;
  let nowYear = 0;
  const year = (): number => (nowYear ||= new Date().getFullYear());
  for (let p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
    const c = text.charCodeAt(p + 1);
    if (c < 48 || c > 57) continue;
    const d = parseDateAt(text, p + 1, year, s.rx);
    if (!d || text.charCodeAt(d.end) !== 41 || d.year > year() - MIN_AGE) continue; // "(date)" only
    const m = NAME_BEFORE.exec(text.slice(Math.max(0, p - 64), p));
    if (!m || NOT_NAME.has(m[1]!) || NOT_NAME.has(m[2]!)) continue;
    s.push({ type: 'DOB', start: d.start, end: d.end, confidence: 0.7, rule: 'dob.name-parenthesis' });
  }
}
