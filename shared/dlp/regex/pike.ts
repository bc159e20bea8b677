/**
 * A small linear-time regular-expression engine (Thompson NFA simulated as a Pike VM, leftmost-first
 * semantics like RE2 and JavaScript). Every search visits each input code unit at most once per program
 * instruction, so there is no catastrophic backtracking whatever the pattern. Pure TypeScript: used for
 * administrator patterns where RE2 is not available (the renderer) and by tests as the reference.
 */
import type { RegexLike, RegexMatchLike } from '../types.js';
import { normalize, nullable, parsePattern, PatternSyntaxError, validateFlags, type Node, type Range } from './parse.js';

const OP_SET = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_ASSERT = 3;
const OP_MATCH = 4;

const A_BOL = 0;
const A_EOL = 1;
const A_WORDB = 2;
const A_NWORDB = 3;

export const MAX_PROGRAM_SIZE = 20_000;

class CharMatcher {
  private readonly ascii = new Uint8Array(128);
  private readonly wide: Range[];
  constructor(ranges: Range[], negated: boolean) {
    const norm = normalize(ranges);
    const wide: Range[] = [];
    for (const [lo, hi] of norm) {
      for (let c = lo; c <= Math.min(hi, 127); c++) this.ascii[c] = 1;
      if (hi >= 128) wide.push([Math.max(lo, 128), hi]);
    }
    this.wide = wide;
    this.negated = negated;
  }
  private readonly negated: boolean;
  has(c: number): boolean {
    let hit: boolean;
    if (c < 128) hit = this.ascii[c] === 1;
    else {
      hit = false;
      for (const [lo, hi] of this.wide) {
        if (c < lo) break;
        if (c <= hi) {
          hit = true;
          break;
        }
      }
    }
    return hit !== this.negated;
  }
}

function foldRanges(ranges: Range[]): Range[] {
  const out: Range[] = [...ranges];
  let budget = 4096;
  for (const [lo, hi] of ranges) {
    // ASCII letters: add the other case.
    const aLo = Math.max(lo, 0x41);
    const aHi = Math.min(hi, 0x5a);
    if (aLo <= aHi) out.push([aLo + 32, aHi + 32]);
    const bLo = Math.max(lo, 0x61);
    const bHi = Math.min(hi, 0x7a);
    if (bLo <= bHi) out.push([bLo - 32, bHi - 32]);
    // Other letters: simple one-to-one case mappings, for reasonably small ranges.
    const wLo = Math.max(lo, 0xc0);
    if (wLo <= hi && hi - wLo < budget) {
      budget -= hi - wLo + 1;
      for (let c = wLo; c <= hi; c++) {
        const ch = String.fromCharCode(c);
        for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
          if (v.length === 1 && v !== ch) out.push([v.charCodeAt(0), v.charCodeAt(0)]);
        }
      }
    }
  }
  return normalize(out);
}

interface Program {
  op: number[];
  x: number[];
  y: number[];
  sets: CharMatcher[];
}

function compileNode(node: Node, ignoreCase: boolean): Program {
  const prog: Program = { op: [], x: [], y: [], sets: [] };
  const emit = (op: number, x = 0, y = 0): number => {
    if (prog.op.length >= MAX_PROGRAM_SIZE) {
      throw new PatternSyntaxError('pattern is too large once its repeat counts are expanded; use smaller counts', 0);
    }
    prog.op.push(op);
    prog.x.push(x);
    prog.y.push(y);
    return prog.op.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.k) {
      case 'empty':
        return;
      case 'set': {
        const ranges = ignoreCase ? foldRanges(n.ranges) : n.ranges;
        prog.sets.push(new CharMatcher(ranges, n.negated));
        emit(OP_SET, prog.sets.length - 1);
        return;
      }
      case 'assert':
        emit(OP_ASSERT, { bol: A_BOL, eol: A_EOL, wordb: A_WORDB, nwordb: A_NWORDB }[n.kind]);
        return;
      case 'seq':
        for (const item of n.items) gen(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.alts.forEach((alt, idx) => {
          if (idx < n.alts.length - 1) {
            const split = emit(OP_SPLIT);
            prog.x[split] = split + 1;
            gen(alt);
            jumps.push(emit(OP_JMP));
            prog.y[split] = prog.op.length;
          } else {
            gen(alt);
          }
        });
        for (const j of jumps) prog.x[j] = prog.op.length;
        return;
      }
      case 'rep': {
        for (let i = 0; i < n.min; i++) gen(n.node);
        if (n.max === Infinity) {
          const split = emit(OP_SPLIT);
          gen(n.node);
          emit(OP_JMP, split);
          setSplit(split, split + 1, prog.op.length, n.greedy);
        } else {
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            const split = emit(OP_SPLIT);
            splits.push(split);
            gen(n.node);
          }
          for (const s of splits) setSplit(s, s + 1, prog.op.length, n.greedy);
        }
        return;
      }
    }
  };
  const setSplit = (at: number, body: number, out: number, greedy: boolean): void => {
    prog.x[at] = greedy ? body : out;
    prog.y[at] = greedy ? out : body;
  };
  gen(node);
  emit(OP_MATCH);
  return prog;
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** A compiled pattern with RegExp-like global `exec`. */
export class LinearRegex implements RegexLike {
  lastIndex = 0;
  readonly source: string;
  readonly flags: string;
  private readonly prog: Program;
  private readonly multiline: boolean;
  // Thread lists, reused between searches.
  private readonly mark: Int32Array;
  private gen = 0;
  private curPc: Int32Array;
  private curStart: Int32Array;
  private nextPc: Int32Array;
  private nextStart: Int32Array;
  private readonly stack: Int32Array;

  constructor(source: string, flags = '') {
    const norm = validateFlags(flags);
    const ast = parsePattern(source);
    if (nullable(ast)) throw new PatternSyntaxError('pattern can match empty text; it must match at least one character', 0);
    this.source = source;
    this.flags = `g${norm}`;
    this.multiline = norm.includes('m');
    const dotAll = norm.includes('s');
    this.prog = compileNode(dotAll ? dotAllify(ast) : ast, norm.includes('i'));
    const size = this.prog.op.length;
    this.mark = new Int32Array(size);
    this.curPc = new Int32Array(size);
    this.curStart = new Int32Array(size);
    this.nextPc = new Int32Array(size);
    this.nextStart = new Int32Array(size);
    this.stack = new Int32Array(size * 2 + 2);
  }

  exec(text: string): RegexMatchLike | null {
    const from = this.lastIndex;
    if (from > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.search(text, from);
    if (!m) {
      this.lastIndex = 0;
      return null;
    }
    this.lastIndex = m[1];
    return { index: m[0], 0: text.slice(m[0], m[1]) };
  }

  test(text: string): boolean {
    return this.search(text, 0) !== null;
  }

  private assertOk(kind: number, text: string, pos: number): boolean {
    const n = text.length;
    switch (kind) {
      case A_BOL:
        return pos === 0 || (this.multiline && text.charCodeAt(pos - 1) === 10);
      case A_EOL:
        return pos === n || (this.multiline && text.charCodeAt(pos) === 10);
      default: {
        const before = pos > 0 && isWordCode(text.charCodeAt(pos - 1));
        const after = pos < n && isWordCode(text.charCodeAt(pos));
        return (before !== after) === (kind === A_WORDB);
      }
    }
  }

  /** Adds the epsilon closure of `pc0` to the "next" list, in priority order. Returns the new count. */
  private add(count: number, pc0: number, start: number, text: string, pos: number): number {
    const { op, x, y } = this.prog;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp]!;
      if (this.mark[pc] === this.gen) continue;
      this.mark[pc] = this.gen;
      switch (op[pc]) {
        case OP_JMP:
          stack[sp++] = x[pc]!;
          break;
        case OP_SPLIT:
          stack[sp++] = y[pc]!;
          stack[sp++] = x[pc]!;
          break;
        case OP_ASSERT:
          if (this.assertOk(x[pc]!, text, pos)) stack[sp++] = pc + 1;
          break;
        default:
          this.nextPc[count] = pc;
          this.nextStart[count] = start;
          count++;
      }
    }
    return count;
  }

  private swap(): void {
    [this.curPc, this.nextPc] = [this.nextPc, this.curPc];
    [this.curStart, this.nextStart] = [this.nextStart, this.curStart];
  }

  private search(text: string, from: number): [number, number] | null {
    const { op, x, sets } = this.prog;
    const n = text.length;
    let matchStart = -1;
    let matchEnd = -1;
    this.gen++;
    let count = this.add(0, 0, from, text, from);
    this.swap();
    for (let pos = from; ; pos++) {
      if (count === 0 && matchStart >= 0) break;
      const c = pos < n ? text.charCodeAt(pos) : -1;
      this.gen++;
      let nextCount = 0;
      for (let t = 0; t < count; t++) {
        const pc = this.curPc[t]!;
        const start = this.curStart[t]!;
        if (op[pc] === OP_MATCH) {
          matchStart = start;
          matchEnd = pos;
          break; // lower-priority threads lose
        }
        if (c >= 0 && sets[x[pc]!]!.has(c)) nextCount = this.add(nextCount, pc + 1, start, text, pos + 1);
      }
      if (matchStart < 0 && pos < n) nextCount = this.add(nextCount, 0, pos + 1, text, pos + 1);
      this.swap();
      count = nextCount;
      if (pos >= n) break;
    }
    if (this.gen > 0x3fffffff) {
      this.mark.fill(0);
      this.gen = 0;
    }
    return matchStart < 0 ? null : [matchStart, matchEnd];
  }
}

function dotAllify(n: Node): Node {
  switch (n.k) {
    case 'set':
      // `.` parses as "not \n"; with the s flag it matches everything.
      if (n.negated && n.ranges.length === 1 && n.ranges[0]![0] === 10 && n.ranges[0]![1] === 10) {
        return { k: 'set', ranges: [], negated: true };
      }
      return n;
    case 'seq':
      return { k: 'seq', items: n.items.map(dotAllify) };
    case 'alt':
      return { k: 'alt', alts: n.alts.map(dotAllify) };
    case 'rep':
      return { ...n, node: dotAllify(n.node) };
    default:
      return n;
  }
}

/** Default compiler for administrator patterns: the linear-time engine above. */
export function compileLinear(source: string, flags: string): RegexLike {
  return new LinearRegex(source, flags);
}
