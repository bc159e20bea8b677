/**
 * The view of a message that the detectors scan, and the way back to the original's offsets.
 *
 * People (and attackers) disguise values: a zero-width space or soft hyphen inside an SSN, full-width or
 * Arabic-Indic digits, bidi controls, a non-breaking hyphen. The engine scans a normalised copy:
 *   - NFKC (full-width, circled, superscript and mathematical forms to their plain letters and digits),
 *   - Default_Ignorable_Code_Point characters removed (U+00AD, U+200B-U+200F, U+2060-U+2064, U+FEFF,
 *     variation selectors, tag characters, ...), and bidi controls removed (U+202A-U+202E, U+2066-U+2069,
 *     U+061C, U+200E/F),
 *   - decimal digits of every script (\p{Nd}) folded to ASCII 0-9; a dash (\p{Pd}, U+2212) next to a digit
 *     folded to '-' (a non-breaking hyphen or en dash between digit groups; "a — b" stays).
 * Findings on the copy are mapped back to the original: a finding's start and end cover the whole disguised
 * span. Only the findings use the copy; what is sent is always the original text.
 *
 * Plain ASCII is returned as it is (nothing in it can change), and so is any text in which nothing changes.
 */

/** A changed stretch: original [origStart, origEnd) became normalised [normStart, normEnd). */
interface Edit {
  normStart: number;
  normEnd: number;
  origStart: number;
  origEnd: number;
}

export interface ScanView {
  /** The text the detectors scan. */
  text: string;
  /** Changed stretches in order; empty when `text` is the original. */
  edits: readonly Edit[];
}

/** Runs of non-ASCII UTF-16 units (surrogates included); no `u` flag, so the search stays in native code. */
const NON_ASCII_RUN = /[\u0080-\uffff]+/;
/** Whether a run may change at all: ignorables, bidi controls, digits, dashes, marks, or NFKC changes it. */
const MAY_CHANGE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Nd}\p{Pd}\u2212\p{M}]/u;
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]$/u;
const MARK = /^\p{M}$/u;
const ND = /^\p{Nd}$/u;
const DASH = /^[\p{Pd}\u2212]$/u;
const DASHES = /[\p{Pd}\u2212]/u;
/** How far past ignorables a dash looks for the digit that makes it a separator. */
const DASH_REACH = 8;

/**
 * The value 0-9 of a decimal digit of any script. Unicode keeps every \p{Nd} range as a contiguous run of
 * ten, zero first (adjacent runs are whole runs of ten), so the value is the distance from the start of the
 * contiguous block, modulo 10.
 */
function digitValue(cp: number): number {
  let first = cp;
  while (first > 0 && ND.test(String.fromCodePoint(first - 1))) first--;
  return (cp - first) % 10;
}

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return true;
  if (c < 0x80 || Number.isNaN(c)) return false;
  const cp = text.codePointAt(i)!;
  // NFKC digits (full-width, mathematical, circled, superscript) and digits of every script.
  const ch = String.fromCodePoint(cp);
  return ND.test(ch) || /^[0-9]$/.test(ch.normalize('NFKC'));
}

/**
 * A dash (an en dash, a non-breaking hyphen, a minus sign, an em dash) separates digit groups when a digit
 * is next to it, past any ignorable characters: there it reads as '-'. Elsewhere ("a — b") it stays.
 */
function dashBetweenDigits(text: string, at: number, len: number): boolean {
  let j = at - 1;
  for (let k = 0; j >= 0 && k < DASH_REACH && isIgnorableAt(text, j); k++) j--;
  if (j >= 0 && (isDigitAt(text, j) || (j > 0 && (text.charCodeAt(j) & 0xfc00) === 0xdc00 && isDigitAt(text, j - 1)))) return true;
  j = at + len;
  for (let k = 0; j < text.length && k < DASH_REACH && isIgnorableAt(text, j); k++) j += text.codePointAt(j)! > 0xffff ? 2 : 1;
  return j < text.length && isDigitAt(text, j);
}

function isIgnorableAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return false;
  let cp = text.codePointAt(i)!;
  if ((c & 0xfc00) === 0xdc00 && i > 0) cp = text.codePointAt(i - 1)!; // the low half of a pair
  return IGNORABLE.test(String.fromCodePoint(cp));
}

const KIND_OTHER = 0;
const KIND_IGNORABLE = 1;
const KIND_MARK = 2;

/**
 * What one scanView call has learned about characters and clusters. Text that needs the slow path
 * usually repeats a few characters (one script's digits, one kind of zero-width character), so each is
 * classified once per call; nothing is kept between calls.
 */
class Memo {
  private readonly kinds = new Map<number, number>();
  private readonly clusters = new Map<string, { out: string; dash: boolean }>();

  kind(cp: number, ch: string): number {
    let k = this.kinds.get(cp);
    if (k === undefined) {
      k = IGNORABLE.test(ch) ? KIND_IGNORABLE : MARK.test(ch) ? KIND_MARK : KIND_OTHER;
      this.kinds.set(cp, k);
    }
    return k;
  }

  private readonly runs = new Map<string, boolean>();

  /** Whether a run of non-ASCII text may change: ignorables, bidi controls, digits, dashes, marks, or NFKC. */
  mayChange(run: string): boolean {
    let r = this.runs.get(run);
    if (r === undefined) this.runs.set(run, (r = MAY_CHANGE.test(run) || run.normalize('NFKC') !== run));
    return r;
  }

  /** NFKC of one cluster (a base and its marks) with digits of every script folded; `dash`: it holds a dash. */
  cluster(cluster: string): { out: string; dash: boolean } {
    let c = this.clusters.get(cluster);
    if (c === undefined) {
      const n = cluster.normalize('NFKC');
      let out = '';
      let dash = false;
      for (const ch of n) {
        if (ch.length === 1 && ch.charCodeAt(0) < 0x80) out += ch;
        else if (ND.test(ch)) out += String(digitValue(ch.codePointAt(0)!));
        else {
          if (DASH.test(ch)) dash = true;
          out += ch;
        }
      }
      this.clusters.set(cluster, (c = { out, dash }));
    }
    return c;
  }
}

/** Any non-ASCII unit (not global: `test` keeps no state). */
const NON_ASCII = /[\u0080-\uffff]/;

export function scanView(text: string): ScanView {
  if (!NON_ASCII.test(text)) return { text, edits: [] };
  const memo = new Memo();
  const edits: Edit[] = [];
  const parts: string[] = [];
  let outLength = 0;
  let copied = 0; // original text before this is in `parts`
  const emit = (origStart: number, origEnd: number, replacement: string): void => {
    const before = text.slice(copied, origStart);
    parts.push(before, replacement);
    const normStart = outLength + before.length;
    outLength = normStart + replacement.length;
    edits.push({ normStart, normEnd: outLength, origStart, origEnd });
    copied = origEnd;
  };
  /** A cluster (a base and its marks) at [at, end): emitted when normalising changes it. */
  const cluster = (at: number, end: number): void => {
    const raw = text.slice(at, end);
    const c = memo.cluster(raw);
    const norm = c.dash && dashBetweenDigits(text, at, end - at) ? c.out.replace(new RegExp(DASHES.source, 'gu'), '-') : c.out;
    if (norm !== raw) emit(at, end, norm);
  };
  // A global copy per call (matchAll copies it again): no lastIndex kept. Plain ASCII finds no run at all.
  for (const m of text.matchAll(new RegExp(NON_ASCII_RUN.source, 'g'))) {
    const run = m[0];
    if (!memo.mayChange(run)) continue; // "é", "•", "“”": nothing to do
    const runStart = m.index;
    const runEnd = runStart + run.length;
    let i = runStart;
    let clusterStart = -1; // the cluster being read (its base may be the ASCII character before the run)
    while (i < runEnd) {
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      const kind = cp < 0x80 ? KIND_OTHER : memo.kind(cp, text.slice(i, i + len));
      if (kind === KIND_MARK) {
        if (clusterStart < 0) clusterStart = i === runStart && i > copied ? i - 1 : i;
      } else {
        if (clusterStart >= 0) cluster(clusterStart, i);
        if (kind === KIND_IGNORABLE) {
          emit(i, i + len, '');
          clusterStart = -1;
        } else clusterStart = i;
      }
      i += len;
    }
    if (clusterStart >= 0) cluster(clusterStart, runEnd);
  }
  if (edits.length === 0) return { text, edits };
  parts.push(text.slice(copied));
  return { text: parts.join(''), edits };
}

/** Index of the last edit with normStart <= p (strict: < p), or -1. */
function lastEditAt(edits: readonly Edit[], p: number, strict: boolean): number {
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = edits[mid]!.normStart;
    if (strict ? s < p : s <= p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The original offset of the normalised character at `p` (a finding's start). */
export function originalStart(view: ScanView, p: number): number {
  const k = lastEditAt(view.edits, p, false);
  if (k < 0) return p;
  const e = view.edits[k]!;
  return p < e.normEnd ? e.origStart : e.origEnd + (p - e.normEnd);
}

/** The original offset just after the normalised character at `p - 1` (a finding's exclusive end). */
export function originalEnd(view: ScanView, p: number): number {
  const k = lastEditAt(view.edits, p, true);
  if (k < 0) return p;
  const e = view.edits[k]!;
  return p <= e.normEnd ? e.origEnd : e.origEnd + (p - e.normEnd);
}
