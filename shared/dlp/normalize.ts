/**
 * The view of a message that the detectors scan, and the way back to the original's offsets.
 *
 * People (and attackers) disguise values: a zero-width space or soft hyphen inside an SSN, full-width or
 * Arabic-Indic digits, bidi controls, a non-breaking hyphen. The engine scans a normalised copy:
 *   - NFKC (full-width, circled, superscript and mathematical forms to their plain letters and digits),
 *   - Default_Ignorable_Code_Point characters removed (U+00AD, U+200B-U+200F, U+2060-U+2064, U+FEFF,
 *     variation selectors, tag characters, ...), and bidi controls removed (U+202A-U+202E, U+2066-U+2069,
 *     U+061C, U+200E/F),
 *   - decimal digits of every script (\p{Nd}) folded to ASCII 0-9, dashes (\p{Pd}, U+2212) folded to '-'.
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

const NON_ASCII_RUN = /[^\p{ASCII}]+/gu;
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]$/u;
const MARK = /^\p{M}$/u;
const FOLD = /[\p{Nd}\p{Pd}\u2212]/u;
const FOLD_ALL = /[\p{Nd}\p{Pd}\u2212]/gu;
const ND = /^\p{Nd}$/u;

/** Whether `text` is plain ASCII (the common case: no copy, no map). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

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

function foldChar(ch: string): string {
  if (ch.length === 1 && ch.charCodeAt(0) < 0x80) return ch;
  if (ND.test(ch)) return String(digitValue(ch.codePointAt(0)!));
  return '-'; // \p{Pd} or U+2212 MINUS SIGN
}

/** NFKC of one cluster (a base and its marks), then folded digits and dashes. */
function normalizeCluster(cluster: string): string {
  const n = cluster.normalize('NFKC');
  return FOLD.test(n) ? n.replace(FOLD_ALL, foldChar) : n;
}

export function scanView(text: string): ScanView {
  if (isAscii(text)) return { text, edits: [] };
  const edits: Edit[] = [];
  let out = '';
  let copied = 0; // original text before this is in `out`
  const emit = (origStart: number, origEnd: number, replacement: string): void => {
    out += text.slice(copied, origStart);
    const normStart = out.length;
    out += replacement;
    edits.push({ normStart, normEnd: out.length, origStart, origEnd });
    copied = origEnd;
  };
  // matchAll works on a copy of the regex: no shared lastIndex.
  for (const m of text.matchAll(NON_ASCII_RUN)) {
    const runStart = m.index;
    const runEnd = runStart + m[0].length;
    let i = runStart;
    // A cluster: a base character (which may be the ASCII character before the run) and its marks.
    let clusterStart = -1;
    const flush = (end: number): void => {
      if (clusterStart < 0) return;
      const cluster = text.slice(clusterStart, end);
      const norm = normalizeCluster(cluster);
      if (norm !== cluster) emit(clusterStart, end, norm);
      clusterStart = -1;
    };
    while (i < runEnd) {
      const cp = text.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      const ch = text.slice(i, i + len);
      if (IGNORABLE.test(ch)) {
        flush(i);
        emit(i, i + len, '');
      } else if (MARK.test(ch)) {
        if (clusterStart < 0) clusterStart = i === runStart && i > copied ? i - 1 : i;
      } else {
        flush(i);
        clusterStart = i;
      }
      i += len;
    }
    flush(runEnd);
  }
  if (edits.length === 0) return { text, edits };
  out += text.slice(copied);
  return { text: out, edits };
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
