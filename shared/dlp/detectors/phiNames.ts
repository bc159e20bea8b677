/**
 * PHI: names tied to a diagnosis the way notes and tables write them, without an introducer word:
 *   - a name that is the subject of a diagnosis or test result: "Marisol Przybylski (caseload 12) was
 *     diagnosed with ...", "Re: Omar Villanueva" above "> positive for hep C", "tested positive for TB —
 *     that's Arturo Tran-Nguyen" (near a strong term only: diagnosed, diagnosis, dx, positive for);
 *   - a name in a table cell of a row that holds a health term ("| Ngozi Halvorsen | F32.1 major
 *     depressive disorder |").
 * Candidates are line starts, "that's", and cell starts inside windows around the terms; a sticky regex
 * is run at each, so the work is bounded by the windows.
 */

/** A full name: two or three capitalised words, the last perhaps hyphenated ("Tran-Nguyen"). */
const FULL_NAME = String.raw`[A-Z][a-z'’]{1,20}(?:[ \t][A-Z]\.)?[ \t][A-Z][a-z'’]{1,20}(?:-[A-Z][a-z'’]{1,20})?`;
/** At a line start: an optional "Re:", "Fwd:", "Subject:", bullet or quote mark, then the name, then what a subject is followed by. */
const SUBJECT_AT = new RegExp(
  String.raw`(?:(?:[Rr][Ee]|[Ff][Ww][Dd]?|[Ss]ubject|[Aa]bout|[Pp]atient)[ \t]?:[ \t]{1,2}|[-*•>][ \t]{1,2})?(${FULL_NAME})(?=[ \t]*(?:\(|,|[–—-]|:|\r?\n|$|(?:was|is|has|had|tested|got)\b))`,
);
/** After "that's" / "that is" near a result ("positive for TB — that's Arturo Tran-Nguyen"). */
const THATS_AT = new RegExp(String.raw`(?:that's|that’s|that is)[ \t]{1,2}(${FULL_NAME})(?![A-Za-z])`, 'i');
/** A table cell holding only a name. */
const CELL_AT = new RegExp(String.raw`[ \t]*(${FULL_NAME})[ \t]*(?=\||\t)`);

const NOT_FIRST: ReadonlySet<string> = new Set(['The', 'This', 'That', 'Our', 'Your', 'Please', 'New', 'All', 'Next', 'Last', 'Public', 'Health', 'Mental', 'Dear', 'Hi', 'Hello', 'Thanks', 'Team', 'Staff', 'Client', 'Patient', 'Next']);
const STRONG = /^(?:diagnos|dx\b|tested positive|positive for|hiv\+|hiv positive)/i;
const RADIUS = 100;

export interface NamedSpan {
  start: number;
  end: number;
  rule: string;
}

/** `terms`: start positions of the health terms (sorted). */
export function namesTiedToTerms(text: string, terms: readonly number[]): NamedSpan[] {
  const out: NamedSpan[] = [];
  // (The sticky copies are made per call: nothing stateful is kept at module level.)
  const subject = new RegExp(SUBJECT_AT.source, 'y');
  const thats = new RegExp(THATS_AT.source, 'iy');
  const cell = new RegExp(CELL_AT.source, 'y');
  const push = (m: RegExpExecArray | null, rule: string): void => {
    if (!m) return;
    const name = m[1]!;
    if (NOT_FIRST.has(name.slice(0, name.search(/[ \t]/)))) return;
    const start = m.index + m[0].length - name.length;
    if (out.length === 0 || out[out.length - 1]!.start !== start) out.push({ start, end: start + name.length, rule });
  };
  let lastWindowEnd = -1;
  let rowEnd = -1; // the end of the last line whose cells were read: each line is read once
  for (const t of terms) {
    // The table row of the term: its cells (a line with '|' or a tab).
    if (t >= rowEnd) {
      let lineEnd = text.indexOf('\n', t);
      if (lineEnd < 0) lineEnd = text.length;
      const lineStart = text.lastIndexOf('\n', t - 1) + 1;
      rowEnd = lineEnd;
      for (let p = Math.max(lineStart, t - RADIUS * 4); p < lineEnd && p < t + RADIUS * 4; p++) {
        const c = text.charCodeAt(p);
        if (c !== 124 && c !== 9) continue;
        cell.lastIndex = p + 1;
        push(cell.exec(text), 'phi.health-term+table-name');
      }
    }
    if (!STRONG.test(text.slice(t, t + 16))) continue;
    const a = Math.max(0, t - RADIUS, lastWindowEnd);
    const b = Math.min(text.length, t + RADIUS);
    lastWindowEnd = b;
    const starts: number[] = a === 0 ? [0] : [];
    for (let p = text.indexOf('\n', a); p >= 0 && p < b; p = text.indexOf('\n', p + 1)) starts.push(p + 1);
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
