/** The engine: runs the detectors, drops weak and overlapping findings, and decides the action. */
import { dlpConfigSchema } from './config.js';
import type { ScanState } from './detectors/common.js';
import { buildClassificationMatcher, detectClassification } from './detectors/classification.js';
import { classificationFieldSinks, detectClassificationFields } from './detectors/classificationFields.js';
import { compileKeywordList, compilePattern, detectCustom, type CustomRule } from './detectors/custom.js';
import { detectEncoded } from './detectors/encoded.js';
import { detectLabeled } from './detectors/labeled.js';
import { detectNumbers } from './detectors/numbers.js';
import { detectPhi, healthMatcher, moreHealthMatcher, namedPersonSink } from './detectors/phi.js';
import { detectPrivateKeys, detectSecrets, secretSinks } from './detectors/secrets.js';
import { detectSpoken } from './detectors/spoken.js';
import { detectNameDates } from './detectors/nameDates.js';
import { DlpConfigError } from './errors.js';
import { Context, keywordHits, keywordMatcher } from './keywords.js';
import { originalEnd, originalStart, scanView } from './normalize.js';
import { EngineRegexes } from './regexes.js';
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
const LAYERED: ReadonlySet<string> = new Set(['PHI', 'CLASSIFICATION']);

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
  // Everything that keeps state while scanning (matchers' last match, sticky regexes) is made here, per
  // engine: two engines never share any (moduleState.test.ts).
  const rx = new EngineRegexes();
  const sinks: PhraseSink[] = [keywordMatcher()];
  const slot = (m: PhraseSink | null, on: boolean): number => (m && on ? sinks.push(m) - 1 : -1);
  const healthSlot = slot(healthMatcher(), enabled('PHI'));
  const namesSlot = slot(namedPersonSink(), enabled('PHI'));
  const moreHealth = moreHealthMatcher(); // (PHI's medication and Spanish words: a pass of their own)
  const exactSlot = slot(classification.exact, enabled('CLASSIFICATION'));
  const phraseSlot = slot(classification.phrase, enabled('CLASSIFICATION'));
  const fieldSinks = classificationFieldSinks();
  const fieldSlot = slot(fieldSinks.field, enabled('CLASSIFICATION'));
  const schemeSlot = slot(fieldSinks.scheme, enabled('CLASSIFICATION'));
  const secretSlots = secretSinks().map((m) => slot(m, enabled('SECRET')));
  const phrases = new PhraseScanner(sinks);
  const anyBuiltin = DLP_TYPES.some(enabled);
  const none: PhraseHit<unknown>[] = [];

  /** Scans the normalised view of `text` (see normalize.ts); findings carry offsets into `text` itself. */
  function scan(text: string): DlpFinding[] {
    if (typeof text !== 'string' || text.length === 0) return [];
    const view = scanView(text);
    const found = scanNormalized(view.text);
    if (view.edits.length === 0) return found;
    return found.map((f) => ({ ...f, start: originalStart(view, f.start), end: originalEnd(view, f.end) }));
  }

  function scanNormalized(text: string): DlpFinding[] {
    const findings: DlpFinding[] = [];
    if (!anyBuiltin) {
      // Only administrator rules: the built-in detectors' findings would all be dropped.
      const push = (f: DlpFinding): void => {
        if (enabled(f.type)) findings.push(f);
      };
      detectCustom({ text, ctx: new Context(text, []), enabled, push, findings, rx }, custom);
      return resolveFrom(findings, minConfidence);
    }
    const found = phrases.findAll(text);
    const at = (i: number): PhraseHit<unknown>[] => (i < 0 ? none : found[i]!);
    const state: ScanState = {
      text,
      ctx: new Context(text, keywordHits(found[0]!)),
      enabled,
      // (With every built-in type on, as usual, there is nothing to check per finding.)
      push:
        disabled.size === 0
          ? (f) => {
              findings.push(f);
            }
          : (f) => {
              if (enabled(f.type)) findings.push(f);
            },
      findings,
      rx,
    };
    detectNumbers(state);
    detectLabeled(state);
    detectSpoken(state);
    detectNameDates(state);
    if (enabled('SECRET')) detectSecrets(state, secretSlots.map(at));
    if (enabled('PRIVATE_KEY')) detectPrivateKeys(state);
    if (enabled('ENCODED_BINARY')) detectEncoded(state);
    if (enabled('CLASSIFICATION')) {
      detectClassification(state, classification, { exact: at(exactSlot), phrase: at(phraseSlot) });
      detectClassificationFields(state, at(fieldSlot), at(schemeSlot));
    }
    if (enabled('PHI')) detectPhi(state, at(healthSlot), at(namesSlot), moreHealth);
    detectCustom(state, custom);
    return resolveFrom(findings, minConfidence);
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
  return resolveFrom(findings, undefined);
}

/** `resolve` of the findings with at least `minConfidence` (all when undefined), without a filtered copy first. */
function resolveFrom(findings: readonly DlpFinding[], minConfidence: number | undefined): DlpFinding[] {
  const values: DlpFinding[] = [];
  const others: DlpFinding[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (minConfidence !== undefined && !(f.confidence >= minConfidence)) continue;
    if (isLayeredOrCustom(f)) others.push(f);
    else values.push(f);
  }
  // Both lists of picks are nearly in position order (clusters come in order): sorting them is a linear
  // pass for V8's merge sort, and one merge then orders the union as sorting it would.
  const keptValues = pickWithinClusters(values, false).sort(byPosition);
  // Other findings: drop overlaps only within the same type (e.g. "CONFIDENTIAL" inside "PRIVILEGED AND CONFIDENTIAL").
  const keptOthers = pickWithinClusters(others, true).sort(byPosition);
  return mergeInOrder(keptValues, keptOthers);
}

/** Merges two lists in position order (the first list's findings first on ties: a stable sort of both). */
function mergeInOrder(a: readonly DlpFinding[], b: readonly DlpFinding[]): DlpFinding[] {
  if (b.length === 0) return a as DlpFinding[];
  const out: DlpFinding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Layered (PHI, CLASSIFICATION) or custom; the cheap first-character tests skip most findings. */
function isLayeredOrCustom(f: DlpFinding): boolean {
  const t = f.type.charCodeAt(0);
  if ((t === 80 || t === 67) && (LAYERED.has(f.type) || f.type.startsWith('CUSTOM_'))) return true; // 'P', 'C'
  return f.rule.charCodeAt(0) === 99 && f.rule.startsWith('custom.'); // 'c'
}

const PRIO = new Map(PRIORITY.map((t, i) => [t, i]));
const prio = (t: string): number => PRIO.get(t) ?? PRIORITY.length;

/** The result's order: position, then type. */
const byPosition = (a: DlpFinding, b: DlpFinding): number =>
  a.start - b.start || a.end - b.end || (a.type === b.type ? 0 : a.type.localeCompare(b.type));
/** Clusters: by start, longest first. */
const byStartLongestFirst = (a: DlpFinding, b: DlpFinding): number => a.start - b.start || b.end - a.end;
/** Within a cluster: confidence, priority of the type, length, position. */
const bestFirst = (a: DlpFinding, b: DlpFinding): number =>
  b.confidence - a.confidence || prio(a.type) - prio(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start;

/**
 * Greedy best-first selection of non-conflicting findings. Findings are first split into clusters of
 * transitively overlapping spans, so the quadratic step only ever sees a few findings at a time.
 * Sorts `findings` in place. `sameTypeOnly`: only findings of the same type conflict.
 */
function pickWithinClusters(findings: DlpFinding[], sameTypeOnly: boolean): DlpFinding[] {
  const sorted = findings.sort(byStartLongestFirst);
  const out: DlpFinding[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    let end = sorted[i]!.end;
    while (j < sorted.length && sorted[j]!.start < end) end = Math.max(end, sorted[j++]!.end);
    if (j === i + 1) out.push(sorted[i]!);
    else {
      // The cluster is sorted best first where it lies, and its picks are the tail of `out`: a paste has
      // thousands of small clusters, and a copy, a sort and a list of picks for each were a tenth of the
      // scan's allocations (measured).
      sortRange(sorted, i, j, bestFirst);
      const from = out.length;
      for (let q = i; q < j; q++) {
        const f = sorted[q]!;
        if (!overlapsAny(out, from, f, sameTypeOnly)) out.push(f);
      }
    }
    i = j;
  }
  return out;
}

/** Whether `f` conflicts with one of list[from..]. */
function overlapsAny(list: readonly DlpFinding[], from: number, f: DlpFinding, sameTypeOnly: boolean): boolean {
  for (let q = from; q < list.length; q++) {
    const k = list[q]!;
    if ((!sameTypeOnly || k.type === f.type) && k.start < f.end && f.start < k.end) return true;
  }
  return false;
}

/**
 * Sorts list[from, to) in place, stably: insertion sort for the few findings a cluster usually holds,
 * Array#sort (also stable) of a copy past that, so the order is the same either way and large clusters
 * stay n log n.
 */
function sortRange(list: DlpFinding[], from: number, to: number, cmp: (a: DlpFinding, b: DlpFinding) => number): void {
  if (to - from > 12) {
    const part = list.slice(from, to).sort(cmp);
    for (let q = 0; q < part.length; q++) list[from + q] = part[q]!;
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= from && cmp(list[j]!, x) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}
