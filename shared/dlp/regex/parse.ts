/**
 * Parser for the pattern language administrators may use in DLP policy: the common subset of RE2 and
 * JavaScript syntax that a linear-time engine can run. Constructs that need backtracking (backreferences,
 * lookahead, lookbehind) and ones whose meaning differs between engines are rejected with a message that
 * says what to change. The same check runs in every process, so a pattern accepted in main is accepted in
 * the renderer and vice versa.
 *
 * Semantics follow RE2: `.` is any code unit but `\n` (all with `s`), `\d` = [0-9], `\w` = [0-9A-Za-z_],
 * `\s` = [\t\n\f\r ], `^`/`$` are text boundaries (line boundaries at `\n` with `m`).
 */

export type Range = readonly [number, number];

export type Node =
  | { k: 'empty' }
  | { k: 'set'; ranges: Range[]; negated: boolean }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; alts: Node[] }
  | { k: 'rep'; node: Node; min: number; max: number; greedy: boolean }
  | { k: 'assert'; kind: 'bol' | 'eol' | 'wordb' | 'nwordb' };

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'PatternSyntaxError';
  }
}

export const MAX_PATTERN_LENGTH = 2000;
export const MAX_REPEAT = 1000;
export const ALLOWED_FLAGS = 'ims';

const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];

export function complement(ranges: readonly Range[]): Range[] {
  const sorted = normalize(ranges);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function validateFlags(flags: string): string {
  const seen = new Set<string>();
  for (const f of flags) {
    if (f === 'g') continue;
    if (!ALLOWED_FLAGS.includes(f)) {
      throw new PatternSyntaxError(`flag "${f}" is not supported (allowed: i, m, s)`, 0);
    }
    if (seen.has(f)) throw new PatternSyntaxError(`flag "${f}" is repeated`, 0);
    seen.add(f);
  }
  return [...seen].sort().join('');
}

/** Parses `source`; throws PatternSyntaxError explaining the first problem. */
export function parsePattern(source: string): Node {
  if (source.length === 0) throw new PatternSyntaxError('pattern is empty', 0);
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`, 0);
  }
  const p = new Parser(source);
  const node = p.parseAlt(0);
  if (p.i < source.length) throw new PatternSyntaxError('unmatched ")"', p.i);
  return node;
}

/** True when the node can match the empty string. */
export function nullable(n: Node): boolean {
  switch (n.k) {
    case 'empty':
    case 'assert':
      return true;
    case 'set':
      return false;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.alts.some(nullable);
    case 'rep':
      return n.min === 0 || nullable(n.node);
  }
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  private fail(msg: string, at = this.i): never {
    throw new PatternSyntaxError(msg, at);
  }

  parseAlt(depth: number): Node {
    if (depth > 100) this.fail('groups are nested more than 100 deep');
    const alts: Node[] = [this.parseSeq(depth)];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.parseSeq(depth));
    }
    return alts.length === 1 ? alts[0]! : { k: 'alt', alts };
  }

  private parseSeq(depth: number): Node {
    const items: Node[] = [];
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '|' || c === ')') break;
      const atomAt = this.i;
      let atom = this.parseAtom(depth);
      atom = this.parseQuantifier(atom, atomAt);
      items.push(atom);
    }
    if (items.length === 0) return { k: 'empty' };
    return items.length === 1 ? items[0]! : { k: 'seq', items };
  }

  private parseQuantifier(atom: Node, atomAt: number): Node {
    let q = this.s[this.i];
    let seen = false;
    while (q === '*' || q === '+' || q === '?' || (q === '{' && this.looksLikeCount())) {
      if (seen) this.fail('a quantifier follows another quantifier (possessive or repeated quantifiers are not supported)');
      seen = true;
      if (atom.k === 'assert' || atom.k === 'empty') this.fail('nothing to repeat', atomAt);
      let min: number;
      let max: number;
      if (q === '*') [min, max] = [0, Infinity];
      else if (q === '+') [min, max] = [1, Infinity];
      else if (q === '?') [min, max] = [0, 1];
      else [min, max] = this.parseCount();
      if (q !== '{') this.i++;
      let greedy = true;
      if (this.s[this.i] === '?') {
        greedy = false;
        this.i++;
      }
      atom = { k: 'rep', node: atom, min, max, greedy };
      q = this.s[this.i];
    }
    return atom;
  }

  private looksLikeCount(): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.s.slice(this.i, this.i + 12));
  }

  private parseCount(): [number, number] {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 12));
    if (!m) this.fail('bad repeat count');
    this.i += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      this.fail(`repeat count above ${MAX_REPEAT}`);
    }
    if (max < min) this.fail('repeat count {min,max} has max below min');
    return [min, max];
  }

  private parseAtom(depth: number): Node {
    const c = this.s[this.i]!;
    switch (c) {
      case '(':
        return this.parseGroup(depth);
      case '[':
        return this.parseClass();
      case '.':
        this.i++;
        return { k: 'set', ranges: [[0x0a, 0x0a]], negated: true };
      case '^':
        this.i++;
        return { k: 'assert', kind: 'bol' };
      case '$':
        this.i++;
        return { k: 'assert', kind: 'eol' };
      case '\\':
        return this.parseEscape(false) as Node;
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      case '{':
        if (this.looksLikeCount()) this.fail('nothing to repeat');
        this.i++;
        return lit(c.charCodeAt(0));
      case ']':
      case '}':
        this.i++;
        return lit(c.charCodeAt(0));
      default:
        this.i++;
        return lit(c.charCodeAt(0));
    }
  }

  private parseGroup(depth: number): Node {
    const at = this.i;
    this.i++; // (
    if (this.s[this.i] === '?') {
      const rest = this.s.slice(this.i, this.i + 4);
      if (rest.startsWith('?:')) this.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        this.fail('lookahead "(?=" / "(?!" is not supported: it needs a backtracking engine', at);
      } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        this.fail('lookbehind "(?<=" / "(?<!" is not supported: it needs a backtracking engine', at);
      } else if (rest.startsWith('?<') || rest.startsWith('?P<')) {
        const m = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(this.s.slice(this.i, this.i + 40));
        if (!m) this.fail('bad group name', at);
        this.i += m[0].length;
      } else {
        this.fail('inline flags and other "(?" groups are not supported; use the pattern\'s flags field', at);
      }
    }
    const inner = this.parseAlt(depth + 1);
    if (this.s[this.i] !== ')') this.fail('missing ")"', at);
    this.i++;
    return inner;
  }

  /** Returns a set node, an assertion (outside classes), or ranges (inside classes). */
  private parseEscape(inClass: boolean): Node | Range[] {
    const at = this.i;
    this.i++; // backslash
    const c = this.s[this.i];
    if (c === undefined) this.fail('pattern ends with "\\"', at);
    this.i++;
    const set = (ranges: Range[], negated = false): Node | Range[] =>
      inClass ? (negated ? complement(ranges) : ranges) : { k: 'set', ranges, negated };
    switch (c) {
      case 'd':
        return set(DIGIT);
      case 'D':
        return set(DIGIT, true);
      case 'w':
        return set(WORD);
      case 'W':
        return set(WORD, true);
      case 's':
        return set(SPACE);
      case 'S':
        return set(SPACE, true);
      case 'b':
        if (inClass) this.fail('"\\b" inside a character class is not supported', at);
        return { k: 'assert', kind: 'wordb' };
      case 'B':
        if (inClass) this.fail('"\\B" inside a character class is not supported', at);
        return { k: 'assert', kind: 'nwordb' };
      case 't':
        return set([[9, 9]]);
      case 'n':
        return set([[10, 10]]);
      case 'v':
        return set([[11, 11]]);
      case 'f':
        return set([[12, 12]]);
      case 'r':
        return set([[13, 13]]);
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(this.s.slice(this.i, this.i + 2));
        if (!m) this.fail('"\\x" needs two hex digits', at);
        this.i += 2;
        const v = parseInt(m[0], 16);
        return set([[v, v]]);
      }
      case 'u': {
        const m = /^[0-9A-Fa-f]{4}/.exec(this.s.slice(this.i, this.i + 4));
        if (!m) this.fail('"\\u" needs four hex digits', at);
        this.i += 4;
        const v = parseInt(m[0], 16);
        return set([[v, v]]);
      }
      case 'k':
        return this.fail('backreferences ("\\k<name>") are not supported: they need a backtracking engine', at);
      case 'p':
      case 'P':
        return this.fail('Unicode property escapes ("\\p{...}") are not supported', at);
      case 'c':
        return this.fail('control escapes ("\\c") are not supported', at);
      default:
        if (c >= '1' && c <= '9') {
          return this.fail(`backreferences ("\\${c}") are not supported: they need a backtracking engine`, at);
        }
        if (c === '0') this.fail('"\\0" is not supported; use \\x00', at);
        if (/[A-Za-z]/.test(c)) this.fail(`unknown escape "\\${c}"`, at);
        return set([[c.charCodeAt(0), c.charCodeAt(0)]]);
    }
  }

  private parseClass(): Node {
    const at = this.i;
    this.i++; // [
    let negated = false;
    if (this.s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('missing "]"', at);
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      if (c === ']' && first) this.fail('empty character class "[]"', at);
      if (c === '[' && this.s[this.i + 1] === ':') this.fail('POSIX classes "[:name:]" are not supported', this.i);
      first = false;
      const lo = this.classAtom();
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.s[this.i + 1] !== undefined) {
        const dashAt = this.i;
        this.i++;
        const hi = this.classAtom();
        if (lo.length !== 1 || hi.length !== 1 || lo[0]![0] !== lo[0]![1] || hi[0]![0] !== hi[0]![1]) {
          this.fail('a range in a character class needs single characters at both ends', dashAt);
        }
        const a = lo[0]![0];
        const b = hi[0]![0];
        if (b < a) this.fail('character class range is out of order', dashAt);
        ranges.push([a, b]);
      } else {
        ranges.push(...lo);
      }
    }
    return { k: 'set', ranges: normalize(ranges), negated };
  }

  private classAtom(): Range[] {
    const c = this.s[this.i]!;
    if (c === '\\') return this.parseEscape(true) as Range[];
    this.i++;
    const v = c.charCodeAt(0);
    return [[v, v]];
  }
}

function lit(code: number): Node {
  return { k: 'set', ranges: [[code, code]], negated: false };
}
