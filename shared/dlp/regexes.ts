/**
 * Per-engine regex state. A RegExp with the g or y flag carries `lastIndex`, which is mutable state, so
 * no module in shared/dlp keeps one at module level (moduleState.test.ts checks): module-level regexes
 * have neither flag, and each engine makes the flagged copies it runs here, once, in its own object.
 */
export class EngineRegexes {
  private readonly stickyCopies = new Map<RegExp, RegExp>();
  private readonly globalCopies = new Map<RegExp, RegExp>();

  /** `re` with the y flag added (made on first use by this engine). */
  sticky(re: RegExp): RegExp {
    let copy = this.stickyCopies.get(re);
    if (copy === undefined) this.stickyCopies.set(re, (copy = new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}y`)));
    return copy;
  }

  /** `re` with the g flag added (made on first use by this engine). */
  global(re: RegExp): RegExp {
    let copy = this.globalCopies.get(re);
    if (copy === undefined) this.globalCopies.set(re, (copy = new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}g`)));
    return copy;
  }

  /** End of the match of `re` anchored at `pos` (its sticky copy's test()), or -1. */
  endAt(re: RegExp, text: string, pos: number): number {
    const r = this.sticky(re);
    r.lastIndex = pos;
    return r.test(text) ? r.lastIndex : -1;
  }

  /** The match of `re` anchored at `pos` (its sticky copy's exec()), or null. */
  execAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
    const r = this.sticky(re);
    r.lastIndex = pos;
    return r.exec(text);
  }
}
