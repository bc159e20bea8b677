/**
 * Per-engine regex state. A RegExp with the g or y flag carries `lastIndex`, which is mutable state, so
 * no module in shared/dlp keeps one at module level (moduleState.test.ts checks): module-level regexes
 * have neither flag, and each engine makes the flagged copies it runs here, once, in its own object.
 */
export class EngineRegexes {
  private readonly stickyCopies = new Map<RegExp, RegExp>();
  private readonly globalCopies = new Map<RegExp, RegExp>();

  private yearValue = 0;
  private yearFrom = 0;
  private yearUntil = 0;

  /**
   * The current (local) year. `new Date().getFullYear()` per date-shaped value was 0.6% of a 1 MB paste's
   * profile; this reads the clock (Date.now) and works the year out again only outside the local day it
   * last saw (a year changes only at a local midnight; a clock set back is seen too).
   */
  year(): number {
    const now = Date.now();
    if (now < this.yearFrom || now >= this.yearUntil) {
      const d = new Date(now);
      this.yearValue = d.getFullYear();
      this.yearFrom = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      this.yearUntil = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    }
    return this.yearValue;
  }

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
