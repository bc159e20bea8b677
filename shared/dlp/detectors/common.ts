/** What every detector gets: the text, its keyword context, and a sink for findings. */
import type { Context } from '../keywords.js';
import type { EngineRegexes } from '../regexes.js';
import type { DlpFinding } from '../types.js';

export interface ScanState {
  readonly text: string;
  readonly ctx: Context;
  enabled(type: string): boolean;
  push(f: DlpFinding): void;
  /** Findings pushed so far (used by detectors that combine others, e.g. PHI). */
  readonly findings: readonly DlpFinding[];
  /** The engine's own g/y regex copies (see regexes.ts). */
  readonly rx: EngineRegexes;
}

export const clamp01 = (x: number): number => Math.max(0, Math.min(1, Math.round(x * 1000) / 1000));
