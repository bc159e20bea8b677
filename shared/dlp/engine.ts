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
    };
    detectNumbers(state);
    detectLabeled(state);
    if (enabled('SECRET')) detectSecrets(state, secretSlots.map(at));
    if (enabled('PRIVATE_KEY')) detectPrivateKeys(state);
    if (enabled('ENCODED_BINARY')) detectEncoded(state);
    if (enabled('CLASSIFICATION')) detectClassification(state, classification, { exact: at(exactSlot), phrase: at(phraseSlot) });
    if (enabled('PHI')) detectPhi(state, at(healthSlot), at(namesSlot));
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
  // Arrays of a known size are allocated once (a big paste has thousands of findings: growing by push
  // would copy them several times over).
  const values = new Array<DlpFinding>(findings.length);
  const others: DlpFinding[] = [];
  let nv = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (minConfidence !== undefined && !(f.confidence >= minConfidence)) continue;
    if (isLayeredOrCustom(f)) others.push(f);
    else values[nv++] = f;
  }
  values.length = nv;
  const scratch = new Array<DlpFinding>(Math.max(nv, others.length));
  const keptValues = pickWithinClusters(values, false, scratch);
  // Other findings: drop overlaps only within the same type (e.g. "CONFIDENTIAL" inside "PRIVILEGED AND CONFIDENTIAL").
  const keptOthers = pickWithinClusters(others, true, scratch);
  // Both lists come out in position order (but for zero-length findings), so one merge sorts them.
  if (!inOrder(keptValues)) sortStable(keptValues, 0, keptValues.length, Order.Position, scratch);
  if (!inOrder(keptOthers)) sortStable(keptOthers, 0, keptOthers.length, Order.Position, scratch);
  return mergeInOrder(keptValues, keptOthers);
}

function inOrder(list: readonly DlpFinding[]): boolean {
  for (let i = 1; i < list.length; i++) if (before(Order.Position, list[i]!, list[i - 1]!)) return false;
  return true;
}

/** Merges two lists in position order (the first list's findings first on ties: a stable sort of both). */
function mergeInOrder(a: readonly DlpFinding[], b: readonly DlpFinding[]): DlpFinding[] {
  if (b.length === 0) return a as DlpFinding[];
  const out = new Array<DlpFinding>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = before(Order.Position, b[j]!, a[i]!) ? b[j++]! : a[i++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
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

/** The orders findings are sorted in (an argument rather than a comparator, so the comparison is inlined). */
const enum Order {
  /** The result: position, then type. */
  Position,
  /** Clusters: by start, longest first. */
  StartLongestFirst,
  /** Within a cluster: confidence, priority of the type, length, position. */
  BestFirst,
}

/** Whether `a` sorts strictly before `b`. */
function before(order: Order, a: DlpFinding, b: DlpFinding): boolean {
  if (order === Order.StartLongestFirst) return a.start < b.start || (a.start === b.start && a.end > b.end);
  if (order === Order.Position) {
    if (a.start !== b.start) return a.start < b.start;
    if (a.end !== b.end) return a.end < b.end;
    return a.type !== b.type && a.type.localeCompare(b.type) < 0;
  }
  return (b.confidence - a.confidence || prio(a.type) - prio(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start) < 0;
}

/**
 * Greedy best-first selection of non-conflicting findings. Findings are first split
 * into clusters of transitively overlapping spans, so the quadratic step only ever sees a few findings
 * at a time. Each cluster's picks are added in position order (Order.Position), so the result is in that
 * order (but for zero-length findings). Sorts `findings` in place. `sameTypeOnly`: only findings of the
 * same type conflict.
 */
function pickWithinClusters(findings: DlpFinding[], sameTypeOnly: boolean, scratch: DlpFinding[]): DlpFinding[] {
  const sorted = findings;
  sortByStart(sorted, scratch);
  const out = new Array<DlpFinding>(sorted.length); // (trimmed to the picks at the end)
  let picked = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    let end = sorted[i]!.end;
    while (j < sorted.length && sorted[j]!.start < end) end = Math.max(end, sorted[j++]!.end);
    if (j === i + 1) out[picked++] = sorted[i]!;
    else {
      // (The cluster is sorted where it lies: nothing reads that part of `sorted` again.)
      sortStable(sorted, i, j, Order.BestFirst, scratch);
      const from = picked;
      for (let k = i; k < j; k++) {
        const f = sorted[k]!;
        let conflict = false;
        for (let m = from; m < picked && !conflict; m++) {
          const o = out[m]!;
          conflict = (!sameTypeOnly || o.type === f.type) && o.start < f.end && f.start < o.end;
        }
        if (!conflict) out[picked++] = f;
      }
      sortStable(out, from, picked, Order.Position, scratch);
    }
    i = j;
  }
  out.length = picked;
  return out;
}

/**
 * Stable sort by start, longest first. Findings come detector by detector, each detector's spread over
 * the whole text: a counting pass by start bucket (about one finding per bucket) puts them nearly in
 * order, and sortStable, nearly linear on such input, finishes (equal starts share a bucket, in input order).
 */
function sortByStart(findings: DlpFinding[], scratch: DlpFinding[]): void {
  if (findings.length >= 2 * MIN_RUN) bucketByStart(findings, scratch);
  sortStable(findings, 0, findings.length, Order.StartLongestFirst, scratch);
}

/**
 * The counting pass of sortByStart. Moves nothing when a start is not a non-negative integer, an offset
 * into a string (a caller's own findings): sortStable alone sorts those.
 */
function bucketByStart(findings: DlpFinding[], scratch: DlpFinding[]): void {
  const n = findings.length;
  // The starts are read once (each finding is a separate object, scattered in memory).
  const starts = new Int32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const start = findings[i]!.start;
    if ((start | 0) !== start || start < 0) return;
    max = Math.max(max, (starts[i] = start));
  }
  let shift = 0;
  while (max >> shift >= n) shift++;
  const next = new Int32Array((max >> shift) + 2); // next[b]: where bucket b's next finding goes
  for (let i = 0; i < n; i++) next[(starts[i]! >> shift) + 1]!++;
  for (let b = 1; b < next.length; b++) next[b]! += next[b - 1]!;
  for (let i = 0; i < n; i++) scratch[i] = findings[i]!;
  for (let i = 0; i < n; i++) findings[next[starts[i]! >> shift]!++] = scratch[i]!;
}

/** Runs of this length are sorted by insertion, then merged pairwise. */
const MIN_RUN = 32;

/**
 * Stable in-place sort of a[lo, hi) in `order`; the same result as Array#sort with the
 * matching comparator. Faster on findings: they arrive as a few long sorted runs (one per detector),
 * the comparisons are inlined, and already ordered neighbours are not merged at all.
 */
function sortStable(a: DlpFinding[], lo: number, hi: number, order: Order, scratch: DlpFinding[]): void {
  for (let r = lo; r < hi; r += MIN_RUN) insertionSort(a, r, Math.min(hi, r + MIN_RUN), order);
  for (let w = MIN_RUN; w < hi - lo; w *= 2) {
    for (let r = lo; r + w < hi; r += 2 * w) mergeRuns(a, r, r + w, Math.min(hi, r + 2 * w), order, scratch);
  }
}

function insertionSort(a: DlpFinding[], lo: number, hi: number, order: Order): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    let j = i;
    for (; j > lo && before(order, x, a[j - 1]!); j--) a[j] = a[j - 1]!;
    a[j] = x;
  }
}

/** Merges the sorted runs a[lo, mid) and a[mid, hi), left first on ties. */
function mergeRuns(a: DlpFinding[], lo: number, mid: number, hi: number, order: Order, scratch: DlpFinding[]): void {
  if (!before(order, a[mid]!, a[mid - 1]!)) return; // already in order
  // Left elements not after the right run's first stay in place, as do right elements not before the left run's last.
  const first = a[mid]!;
  while (!before(order, first, a[lo]!)) lo++;
  const last = a[mid - 1]!;
  while (!before(order, a[hi - 1]!, last)) hi--;
  let n = 0;
  for (let i = lo; i < mid; i++) scratch[n++] = a[i]!;
  let i = 0;
  let j = mid;
  let o = lo;
  while (i < n && j < hi) a[o++] = before(order, a[j]!, scratch[i]!) ? a[j++]! : scratch[i++]!;
  while (i < n) a[o++] = scratch[i++]!;
}
