/**
 * Public types of the local DLP (data loss prevention) engine. Pure TypeScript: used by main and the renderer.
 * Names and shapes here are a contract (CONTRACTS.md "DLP finding types"); change them only through an issue.
 */

export const DLP_TYPES = [
  'US_SSN',
  'US_ITIN',
  'CREDIT_CARD',
  'ABA_ROUTING',
  'US_BANK_ACCOUNT',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'DOB',
  'PASSWORD',
  'SECRET',
  'PRIVATE_KEY',
  'CLASSIFICATION',
  'PHI',
  'ENCODED_BINARY',
] as const;

export type BuiltinDlpType = (typeof DLP_TYPES)[number];
/** Custom keyword/pattern rules may use their own type names, by convention `CUSTOM_<NAME>`. */
export type DlpType = BuiltinDlpType | `CUSTOM_${string}`;
export type DlpAction = 'block' | 'warn' | 'log';

/** One detected span. `start`/`end` are UTF-16 offsets into the scanned text, `end` exclusive. */
export interface DlpFinding {
  type: string;
  start: number;
  end: number;
  /** 0..1; findings below the engine's `minConfidence` are not returned. */
  confidence: number;
  /** Stable rule id, e.g. `ssn.formatted`, `secret.github-pat`, `custom.pattern:<name>`. */
  rule: string;
}

export interface DlpKeywordList {
  name: string;
  /** Finding type; defaults to `CUSTOM_<NAME>` derived from `name`. */
  type?: string;
  action?: DlpAction;
  /** Matched case-insensitively on word boundaries. */
  keywords: string[];
}

export interface DlpPattern {
  name: string;
  type?: string;
  action?: DlpAction;
  /** RE2 syntax subset (no backreferences, no lookaround). Checked at load. */
  pattern: string;
  /** Any of `i`, `m`, `s`; `g` is implied. */
  flags?: string;
  confidence?: number;
}

/** Comes from group policy (see config.ts for the zod schema and the policy-name mapping). */
export interface DlpConfig {
  /** Default: every built-in detector on. */
  builtinDetectors?: Partial<Record<DlpType, boolean>>;
  /** Per finding type. Unlisted types use DEFAULT_ACTIONS, then `warn`. */
  actions?: Partial<Record<string, DlpAction>>;
  keywordLists?: DlpKeywordList[];
  patterns?: DlpPattern[];
  /**
   * Extends the default classification markings. An entry starting with `-` removes a default
   * marking instead (e.g. `-RESTRICTED`). Entries are matched case-sensitively, on word boundaries.
   */
  classificationMarkings?: string[];
  /** Default 0.5. */
  minConfidence?: number;
}

export interface DlpDecision {
  /** The strictest action over all findings: block > warn > log > allow. */
  action: 'allow' | DlpAction;
  findings: (DlpFinding & { action: DlpAction })[];
}

/** What a compiled pattern must offer: the subset of RegExp that RE2 and the built-in linear engine share. */
export interface RegexMatchLike {
  index: number;
  0: string;
}
export interface RegexLike {
  lastIndex: number;
  /** Global semantics: searches from `lastIndex`, sets `lastIndex` to the end of the match, or 0 when none. */
  exec(text: string): RegexMatchLike | null;
}
/** `flags` always contains `g`; may contain `i`, `m`, `s`. Throw to reject the pattern. */
export type RegexCompiler = (source: string, flags: string) => RegexLike;

export interface DlpEngineOptions {
  /**
   * Compiler for administrator patterns. Default: the built-in linear-time engine (shared/dlp/regex).
   * main/ passes an RE2-backed compiler. Every pattern is checked against the safe subset first either way.
   */
  compile?: RegexCompiler;
}

export interface DlpEngine {
  scan(text: string): DlpFinding[];
  decide(findings: DlpFinding[]): DlpDecision;
}
