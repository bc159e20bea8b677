/** A sticky regex as a PhraseScanner sink, and the factored prefix alternation the scanners search for. */
import { type PhraseSink, SPACE } from './phraseTypes.js';

/**
 * A sticky regex as a sink: `walk` runs it at the candidate when the text there starts with one of the
 * prefixes (ASCII case-insensitively); the match array is the value. The regex must check its own left
 * boundary (a lookbehind) and every match must start with one of the prefixes.
 */
export class RegexSink implements PhraseSink {
  lastValue: RegExpExecArray | null = null;
  /** First two characters of the prefixes, A-Z folded to lower case: (c0 << 16) | c1. */
  private readonly pairs = new Set<number>();
  /**
   * Every prefix begins with two ASCII characters other than a space: then a PhraseScanner's pair
   * table (two ASCII characters of the text) implies the `pairs` check and it calls matchAt directly.
   */
  readonly pairsAscii: boolean;

  constructor(
    readonly prefixes: readonly string[],
    private readonly re: RegExp,
  ) {
    if (!re.sticky) throw new Error('RegexSink needs a sticky regex');
    for (const p of prefixes) {
      if (p.length < 2) throw new Error('RegexSink prefixes need two characters');
      this.pairs.add((foldAscii(p.charCodeAt(0)) << 16) | foldAscii(p.charCodeAt(1)));
    }
    // (A space in the table also stands for a tab, which `pairs` does not accept.)
    this.pairsAscii = prefixes.every((p) => p.charCodeAt(0) < 128 && p.charCodeAt(1) < 128 && p.charCodeAt(0) !== SPACE && p.charCodeAt(1) !== SPACE);
  }

  walk(text: string, at: number): number {
    if (at + 1 >= text.length) return -1;
    if (!this.pairs.has((foldAscii(text.charCodeAt(at)) << 16) | foldAscii(text.charCodeAt(at + 1)))) return -1;
    return this.matchAt(text, at);
  }

  /** `walk` without the check of the first two characters. */
  matchAt(text: string, at: number): number {
    const re = this.re;
    re.lastIndex = at;
    const m = re.exec(text);
    this.lastValue = m;
    return m ? at + m[0].length : -1;
  }
}

export const foldAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);


export interface PrefixNode {
  next: Map<string, PrefixNode>;
  end: boolean;
}

/** A regex alternation of prefixes, factored as a tree (the regex engine does not merge alternatives). */
export function factor(node: PrefixNode): string {
  if (node.next.size === 0) return '';
  const parts = [...node.next].map(([atom, child]) => atom + factor(child));
  const body = parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}

