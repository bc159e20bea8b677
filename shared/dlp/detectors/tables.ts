/** Pasted tables (CSV, TSV, Markdown): a header row whose cells are labels, and the values in their columns. */
import { type Category, categoriesOf, KEYWORDS } from '../keywords.js';
import { type ScanState } from './common.js';
import { TABLE_READERS } from './labelSpecs.js';
import { emit } from './labelValue.js';
import { isSpaceCode } from './passwordValue.js';


/** Pasted tables: a header row whose cells are labels, then rows with the same number of cells. */
export function detectTables(s: ScanState): void {
  const text = s.text;
  let header: { delim: string; cells: number; cols: Map<number, Category[]> } | null = null;
  let rows = 0;
  let lineStart = 0;
  // Next occurrence of each delimiter at or after lineStart (-1: none left): each is searched for once
  // over the text. They start at -2 and are searched for inside the loop: V8's optimizing compiler may
  // move a search made before the loop into it, which repeats it on every line.
  let nextTab = -2;
  let nextPipe = -2;
  let nextComma = -2;
  const n = text.length;
  while (lineStart <= n) {
    let delim: string;
    if (nextTab !== -1 && nextTab < lineStart) nextTab = text.indexOf('\t', lineStart);
    if (nextPipe !== -1 && nextPipe < lineStart) nextPipe = text.indexOf('|', lineStart);
    if (nextComma !== -1 && nextComma < lineStart) nextComma = text.indexOf(',', lineStart);
    let lineEnd: number;
    if (header === null) {
      // Outside a table a line matters only when it could be a header: it has a delimiter and a cell that
      // could be a label. (With no delimiter, or no such cell, the line leaves `header` null.)
      // Lines without a delimiter change nothing: go to the line of the next one.
      let next = nextTab;
      if (nextPipe >= 0 && (next < 0 || nextPipe < next)) next = nextPipe;
      if (nextComma >= 0 && (next < 0 || nextComma < next)) next = nextComma;
      if (next < 0) break;
      lineEnd = text.indexOf('\n', next);
      if (lineEnd < 0) lineEnd = n;
      // The line's delimiter and its first occurrence d; then whether a cell could be a label. The line's
      // start is looked for only when needed: the first cell is read backwards from d when it ends the first
      // delimiter of any kind. Each search for the delimiter from a cell on also finds the next one after
      // the line, which is kept so that no later line searches for it again.
      delim = nextTab >= 0 && nextTab < lineEnd ? '\t' : nextPipe >= 0 && nextPipe < lineEnd ? '|' : ',';
      let d = delim === '\t' ? nextTab : delim === '|' ? nextPipe : nextComma;
      const start = d === next ? firstCellStart(text, d) : text.lastIndexOf('\n', next) + 1;
      let may = start >= 0 && isLabelCell(text, start, d);
      while (!may && d >= 0 && d < lineEnd) {
        const at = d + 1;
        d = text.indexOf(delim, at);
        may = isLabelCell(text, at, d >= 0 && d < lineEnd ? d : lineEnd);
      }
      if (delim === '\t') nextTab = d;
      else if (delim === '|') nextPipe = d;
      else nextComma = d;
      if (!may) {
        lineStart = lineEnd + 1;
        continue;
      }
      lineStart = start >= 0 ? start : text.lastIndexOf('\n', next) + 1;
    } else {
      lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = n;
      // (The cursors are the first delimiters at or after lineStart: one before lineEnd is in the line.)
      delim =
        nextTab >= 0 && nextTab < lineEnd ? '\t' : nextPipe >= 0 && nextPipe < lineEnd ? '|' : nextComma >= 0 && nextComma < lineEnd ? ',' : '';
    }
    const cells = delim ? splitCells(text, lineStart, lineEnd, delim) : [];
    if (header && delim === header.delim && cells.length === header.cells && rows < 500) {
      rows++;
      for (const [col, cats] of header.cols) {
        const cell = cells[col]!;
        if (cell.text.length === 0) continue;
        for (const cat of cats) {
          const read = TABLE_READERS[cat];
          const v = read?.(text, cell.start, cat === 'dob' ? 'dob' : cat, ':', s.rx);
          if (v && v.end === cell.start + cell.text.length && s.enabled(v.type)) {
            v.rule = v.rule.replace(/\.labeled$/, '.table');
            emit(s, v);
            break;
          }
        }
      }
    } else if (cells.length >= 2) {
      const cols = new Map<number, Category[]>();
      cells.forEach((c, i) => {
        if (!isLabelCell(text, c.from, c.to)) return; // (the cheap way to find no label)
        const cats = labelCats(c.text);
        if (cats.length) cols.set(i, [...cats]);
      });
      // "License" alone heads a column of driver licences only in a table of drivers ("| Driver | License |
      // State |"); next to "Business" or "Contractor" it is another licence.
      for (const [i, cats] of cols) if (cats.includes('dlWord') && !cells.some((c) => DRIVER_HEADER.test(c.text))) cols.delete(i);
      header = cols.size ? { delim, cells: cells.length, cols } : null;
      rows = 0;
    } else if (!/^[\s|:-]*$/.test(text.slice(lineStart, lineEnd))) {
      header = null;
    }
    lineStart = lineEnd + 1;
  }
}

/** Keywords (lower case) whose categories have a table reader: the header cells that start a table. */
const TABLE_LABELS = new Set(KEYWORDS.filter((k) => categoriesOf(k).some((c) => TABLE_READERS[c])));
/**
 * Per ASCII code, its class in LABEL_TRIE: SKIP for what the cell clean-up may drop or keep as is
 * (whitespace, quotes, '#', ':', '*', apostrophes; not judged), NONE for a character no label uses, else
 * 1 + the index of the lower-case character among those labels use.
 */
const SKIP = 0;
const NONE = 255;
const LABEL_CLASS = new Uint8Array(128).fill(NONE);
const REMOVABLE = ' \t\n\v\f\r"#:*\'';
/** The labels without their removable characters: what the characters a cell keeps must spell. */
const LABEL_CORES = [...TABLE_LABELS].map((k) => [...k].filter((ch) => !REMOVABLE.includes(ch)).join(''));
/** How many classes LABEL_CLASS uses (SKIP and one per character the cores use); LABEL_CLASS is filled here, once. */
const classes = ((): number => {
  let k = 1;
  for (const core of LABEL_CORES) {
    for (const ch of core) {
      const c = ch.charCodeAt(0);
      if (LABEL_CLASS[c] !== NONE) continue;
      LABEL_CLASS[c] = k;
      if (c >= 97 && c <= 122) LABEL_CLASS[c - 32] = k; // either case
      k++;
    }
  }
  return k;
})();
for (const ch of REMOVABLE) LABEL_CLASS[ch.charCodeAt(0)] = SKIP;
/** The class of 'k' (U+212A, the Kelvin sign, lower-cases to it). */
const CLASS_K = LABEL_CLASS[107]!;
/**
 * A trie of label cores: next[node * classes + class] is the next node, 0 for none (no edge leads back to
 * the root); end marks the nodes where a core ends.
 */
function coreTrie(cores: readonly string[]): { next: number[]; end: boolean[] } {
  const next: number[] = new Array<number>(classes).fill(0);
  const end: boolean[] = [false];
  for (const core of cores) {
    let node = 0;
    for (const ch of core) {
      const at = node * classes + LABEL_CLASS[ch.charCodeAt(0)]!;
      if (next[at] === 0) {
        next[at] = end.length;
        end.push(false);
        for (let k = 0; k < classes; k++) next.push(0);
      }
      node = next[at]!;
    }
    end[node] = true;
  }
  return { next, end };
}
const { next: LABEL_TRIE, end: LABEL_END } = coreTrie(LABEL_CORES);
/** The same for the cores read backwards, for a line's first cell (see firstCellStart). */
const { next: LABEL_TRIE_BACK, end: LABEL_END_BACK } = coreTrie(LABEL_CORES.map((c) => [...c].reverse().join('')));
const LABEL_MAX = Math.max(...[...TABLE_LABELS].map((k) => k.length));

/**
 * Whether the cell text[at, end) (between delimiters, untrimmed) is a label: a header cell with a table
 * reader. The characters the clean-up (trimming, unquoting, stripping "#:*", collapsing spaces, dropping
 * apostrophes) cannot remove must spell a label without its removable characters, so they are walked
 * through LABEL_TRIE as they are read, and most cells are ruled out by their first few characters. Outside
 * ASCII, the clean-up removes only whitespace (trimming) and '’' (an apostrophe), and only U+212A (Kelvin
 * sign) lower-cases to an ASCII letter ("k"; U+0130 lower-cases to "i" and a combining dot, which no label
 * has): any other such character rules the cell out. A cell that spells a label this way is then cleaned
 * up as a header cell is, or, when it has only ASCII and single inner spaces (its own clean form up to case),
 * looked up.
 */
function isLabelCell(text: string, at: number, end: number): boolean {
  let node = 0;
  let simple = true;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    let k: number;
    if (c < 128) {
      k = LABEL_CLASS[c]!;
      if (k === SKIP) {
        // A single space between two kept characters leaves a simple cell simple.
        if (c !== 32 || (i > at && text.charCodeAt(i - 1) === 32)) simple = false;
        continue;
      }
      if (k === NONE) return false;
    } else {
      simple = false;
      if (c === 0x2019 || isSpaceCode(c)) continue;
      if (c !== 0x212a) return false;
      k = CLASS_K;
    }
    node = LABEL_TRIE[node * classes + k]!;
    if (node === 0) return false;
  }
  if (!LABEL_END[node]) return false;
  if (!simple) return labelCats(unquote(text.slice(at, end).trim())).length > 0;
  // Trim the spaces at both ends; the rest, lower-cased, is the key categoriesOf looks up.
  let a = at;
  let b = end;
  while (text.charCodeAt(a) === 32) a++;
  while (text.charCodeAt(b - 1) === 32) b--;
  return b - a <= LABEL_MAX && TABLE_LABELS.has(text.slice(a, b).toLowerCase());
}

/**
 * The start of the line whose first cell ends at `end`, or -1 when that cell cannot be a label: it is read
 * backwards through the reversed cores (the same classes as isLabelCell), so most first cells are ruled
 * out by their last few characters, before the line's start is found.
 */
function firstCellStart(text: string, end: number): number {
  let node = 0;
  let i = end - 1;
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    let k: number;
    if (c < 128) {
      k = LABEL_CLASS[c]!;
      if (k === SKIP) continue;
      if (k === NONE) return -1;
    } else {
      if (c === 0x2019 || isSpaceCode(c)) continue;
      if (c !== 0x212a) return -1;
      k = CLASS_K;
    }
    node = LABEL_TRIE_BACK[node * classes + k]!;
    if (node === 0) return -1;
  }
  return LABEL_END_BACK[node] ? i + 1 : -1;
}

/** A trimmed cell without the quotes around it. */
function unquote(t: string): string {
  return t.charCodeAt(0) === 34 ? t.replace(/^"(.*)"$/, '$1') : t;
}

const DRIVER_HEADER = /^(?:driver|driver name|operator|motorist|drivers)$/i;

/** The categories with a table reader that a header cell's text names (none: not a label). */
function labelCats(cell: string): Category[] {
  return categoriesOf(cell.replace(/[#:*]+$/, '').trim()).filter((cat) => TABLE_READERS[cat]);
}

/** A cell: where its text starts, the text (trimmed, unquoted), and the cell as split: text[from, to). */
interface Cell {
  start: number;
  text: string;
  from: number;
  to: number;
}

/** The cells of the line text[lineStart, lineEnd), split at `delim`. */
function splitCells(text: string, lineStart: number, lineEnd: number, delim: string): Cell[] {
  const out: Cell[] = [];
  let from = lineStart;
  for (;;) {
    let to = text.indexOf(delim, from);
    if (to < 0 || to > lineEnd) to = lineEnd;
    // Trimmed as String#trim does (its whitespace is isSpaceCode's), without a copy of the untrimmed cell.
    let a = from;
    let b = to;
    while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
    while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
    out.push({ start: a, text: unquote(text.slice(a, b)), from, to });
    if (to >= lineEnd) break;
    from = to + 1;
  }
  // A quoted cell would shift by one; good enough for the common unquoted pastes.
  for (const c of out) if (text.charCodeAt(c.start) === 34) c.start++;
  return out;
}

