/** The engine: runs the detectors, drops weak and overlapping findings, and decides the action. */
import { dlpConfigSchema } from './config.js';
import type { ScanState } from './detectors/common.js';
import { buildClassificationMatcher, detectClassification } from './detectors/classification.js';
import { compileKeywordList, compilePattern, detectCustom, type CustomRule } from './detectors/custom.js';
import { detectEncoded } from './detectors/encoded.js';
import { detectLabeled } from './detectors/labeled.js';
import { detectNumbers } from './detectors/numbers.js';
import { detectPhi, HEALTH_MATCHER, NAMED_PERSON_SINK } from './detectors/phi.js';
import { detectPrivateKeys, detectSecrets, SECRET_SINKS } from './detectors/secrets.js';
import { DlpConfigError } from './errors.js';
import { Context, KEYWORD_MATCHER, keywordHits } from './keywords.js';
import { type PhraseHit, type PhraseSink, PhraseScanner } from './trie.js';
import { DLP_TYPES, type DlpAction, type DlpConfig, type DlpDecision, type DlpEngine, type DlpEngineOptions, type DlpFinding } from './types.js';

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Used when policy sets no action for a type. */
export const DEFAULT_ACTIONS: Readonly<Record<string, DlpAction>> = {
  US_SSN: 'block',
  US_ITIN: 'block',
  CREDIT_CARD: 'block',
  ABA_ROUTING: 'warn', // routing numbers are published; an account number next to one is caught on its own
  US_BANK_ACCOUNT: 'block',
  US_PASSPORT: 'block',
  US_DRIVER_LICENSE: 'block',
  DOB: 'warn',
  PASSWORD: 'block',
  SECRET: 'block',
  PRIVATE_KEY: 'block',
  CLASSIFICATION: 'warn',
  PHI: 'block',
  ENCODED_BINARY: 'block',
};
const FALLBACK_ACTION: DlpAction = 'warn';

/** When two findings claim the same characters, the more specific type wins at equal confidence. */
const PRIORITY = [
  'PRIVATE_KEY', 'SECRET', 'CREDIT_CARD', 'US_SSN', 'US_ITIN', 'ABA_ROUTING', 'US_BANK_ACCOUNT', 'US_PASSPORT',
  'US_DRIVER_LICENSE', 'PASSWORD', 'DOB', 'ENCODED_BINARY',
];
/** Types that describe context rather than a value; they may overlap other findings. */
const LAYERED = new Set(['PHI', 'CLASSIFICATION']);

const RANK: Record<string, number> = { allow: 0, log: 1, warn: 2, block: 3 };

function configError(e: unknown): DlpConfigError {
  const issue = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
  const field = String(issue?.path[0] ?? '');
  const policy =
    { builtinDetectors: 'DlpBuiltinDetectors', actions: 'DlpActions', keywordLists: 'DlpKeywordLists', patterns: 'DlpPatterns', classificationMarkings: 'DlpClassificationMarkings', minConfidence: 'DlpMinConfidence' }[field] ?? 'Dlp';
  return new DlpConfigError(`${policy}: ${issue ? `${issue.path.slice(1).join('.') || 'value'}: ${issue.message}` : 'invalid'}`, policy);
}

export function createDlpEngine(config: DlpConfig = {}, opts: DlpEngineOptions = {}): DlpEngine {
  const parsed = dlpConfigSchema.safeParse(config);
  if (!parsed.success) throw configError(parsed.error);
  const cfg = parsed.data;
  const disabled = new Set(Object.entries(cfg.builtinDetectors ?? {}).filter(([, on]) => !on).map(([t]) => t));
  const minConfidence = cfg.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const classification = buildClassificationMatcher(cfg.classificationMarkings ?? []);
  const custom: CustomRule[] = [
    ...(cfg.keywordLists ?? []).map(compileKeywordList),
    ...(cfg.patterns ?? []).map((p) => compilePattern(p, opts.compile)),
  ];
  const ruleActions = new Map(custom.filter((r) => r.action).map((r) => [r.rule, r.action!]));
  const actions = cfg.actions ?? {};
  const enabled = (type: string): boolean => !disabled.has(type);
  // One prefilter pass finds the context keywords, health terms, markings, names introduced as a patient
  // or client, and the secret rules that start at a word (provider tokens, key assignments,
  // connection-string passwords, curl -u, basic and bearer authorization).
  const sinks: PhraseSink[] = [KEYWORD_MATCHER];
  const slot = (m: PhraseSink | null, on: boolean): number => (m && on ? sinks.push(m) - 1 : -1);
  const healthSlot = slot(HEALTH_MATCHER, enabled('PHI'));
  const namesSlot = slot(NAMED_PERSON_SINK, enabled('PHI'));
  const exactSlot = slot(classification.exact, enabled('CLASSIFICATION'));
  const phraseSlot = slot(classification.phrase, enabled('CLASSIFICATION'));
  const secretSlots = SECRET_SINKS.map((m) => slot(m, enabled('SECRET')));
  const phrases = new PhraseScanner(sinks);
  const anyBuiltin = DLP_TYPES.some(enabled);
  const none: PhraseHit<unknown>[] = [];

  function scan(text: string): DlpFinding[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    const findings: DlpFinding[] = [];
    if (!anyBuiltin) {
      // Only administrator rules: the built-in detectors' findings would all be dropped.
      const push = (f: DlpFinding): void => {
        if (enabled(f.type)) findings.push(f);
      };
      detectCustom({ text, ctx: new Context(text, []), enabled, push, findings }, custom);
      return resolve(findings.filter((f) => f.confidence >= minConfidence));
    }
    const found = phrases.findAll(text);
    const at = (i: number): PhraseHit<unknown>[] => (i < 0 ? none : found[i]!);
    const state: ScanState = {
      text,
      ctx: new Context(text, keywordHits(found[0]!)),
      enabled,
      push: (f) => {
        if (enabled(f.type)) findings.push(f);
      },
      findings,
    };
    detectNumbers(state);
    detectLabeled(state);
    if (enabled('SECRET')) detectSecrets(state, secretSlots.map(at));
    if (enabled('PRIVATE_KEY')) detectPrivateKeys(state);
    if (enabled('ENCODED_BINARY')) detectEncoded(state);
    if (enabled('CLASSIFICATION')) detectClassification(state, classification, { exact: at(exactSlot), phrase: at(phraseSlot) });
    if (enabled('PHI')) detectPhi(state, at(healthSlot), at(namesSlot));
    detectCustom(state, custom);
    return resolve(findings.filter((f) => f.confidence >= minConfidence));
  }

  function actionFor(f: DlpFinding): DlpAction {
    return ruleActions.get(f.rule) ?? actions[f.type] ?? DEFAULT_ACTIONS[f.type] ?? FALLBACK_ACTION;
  }

  function decide(findings: DlpFinding[]): DlpDecision {
    let action: DlpDecision['action'] = 'allow';
    const out = findings.map((f) => {
      const a = actionFor(f);
      if (RANK[a]! > RANK[action]!) action = a;
      return { ...f, action: a };
    });
    return { action, findings: out };
  }

  return { scan, decide };
}

/** Keeps the best of overlapping value findings; layered and custom types keep their own, deduplicated. */
export function resolve(findings: DlpFinding[]): DlpFinding[] {
  const values: DlpFinding[] = [];
  const others: DlpFinding[] = [];
  for (const f of findings) {
    if (!LAYERED.has(f.type) && !f.type.startsWith('CUSTOM_') && !f.rule.startsWith('custom.')) values.push(f);
    else others.push(f);
  }
  const kept = pickWithinClusters(values, anyConflict);
  // Other findings: drop overlaps only within the same type (e.g. "CONFIDENTIAL" inside "PRIVILEGED AND CONFIDENTIAL").
  for (const f of pickWithinClusters(others, sameType)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));
}

const anyConflict = (): boolean => true;
const sameType = (a: DlpFinding, b: DlpFinding): boolean => a.type === b.type;

const PRIO = new Map(PRIORITY.map((t, i) => [t, i]));
const prio = (t: string): number => PRIO.get(t) ?? PRIORITY.length;
const better = (a: DlpFinding, b: DlpFinding): number =>
  b.confidence - a.confidence || prio(a.type) - prio(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start;

/**
 * Greedy best-first selection of non-conflicting findings. Findings are first split into clusters of
 * transitively overlapping spans, so the quadratic step only ever sees a few findings at a time.
 * Sorts `findings` in place.
 */
function pickWithinClusters(findings: DlpFinding[], conflicts: (a: DlpFinding, b: DlpFinding) => boolean): DlpFinding[] {
  const sorted = findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DlpFinding[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    let end = sorted[i]!.end;
    while (j < sorted.length && sorted[j]!.start < end) end = Math.max(end, sorted[j++]!.end);
    if (j === i + 1) out.push(sorted[i]!);
    else {
      const kept: DlpFinding[] = [];
      for (const f of sorted.slice(i, j).sort(better)) {
        if (!kept.some((k) => conflicts(k, f) && k.start < f.end && f.start < k.end)) kept.push(f);
      }
      for (const f of kept) out.push(f);
    }
    i = j;
  }
  return out;
}
