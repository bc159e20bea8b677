/** What the phrase scanning pieces share: the hit and sink shapes, and the characters phrases treat specially. */

export interface PhraseHit<T> {
  start: number;
  end: number;
  value: T;
}

/**
 * What a PhraseScanner feeds: something that, at a candidate position, finds its match (if any).
 * PhraseMatcher is one; RegexSink runs an anchored regex.
 */
export interface PhraseSink {
  /** Every match starts with one of these (case-insensitively; see WordStarts for spaces and apostrophes). */
  readonly prefixes: readonly string[];
  /**
   * End of the match starting at `at`, or -1; the sink checks its own left boundary (candidates are
   * only known to be word starts, see WordStarts). The match itself is in lastValue.
   */
  walk(text: string, at: number): number;
  readonly lastValue: unknown;
}

export const SPACE = 32;
export const TAB = 9;
export const APOSTROPHE = 39;
export const CURLY_APOSTROPHE = 0x2019;
export const UNDERSCORE = 95;

/** Phrase characters the prefilter looks at. */
export const PREFIX_CHARS = 3;
