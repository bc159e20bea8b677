/**
 * The DLP engine beside three npm libraries on the same labeled corpus (issue 16): OpenRedaction
 * (`openredaction`), redact-pii (`@dawn-analytics/redact-pii`) and secretlint (`@secretlint/core` with
 * `@secretlint/secretlint-rule-preset-recommend`): precision, recall, message-level catch and false-alarm
 * rates, and time per message. Part of `npm run bench -- dlp`.
 *
 * Each library's finding types are mapped to ours (a table below); findings of types we do not count
 * (names, phone numbers, user names, ...) are left out, and their share of harmless messages touched is
 * reported on its own. A library finding whose type maps to several of ours (a "generic secret" may be a
 * password or an API key) counts as the one whose label it overlaps.
 */
import { SyncRedactor } from '@dawn-analytics/redact-pii';
import { lintSource } from '@secretlint/core';
import { creator as secretlintRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import { OpenRedaction } from 'openredaction';
import { evaluate, type Evaluation, type LabeledMessage } from '../shared/dlp/evaluate.js';
import type { DlpEngine, DlpFinding } from '../shared/dlp/index.js';
import { round, summarize } from './stats.js';

interface Span {
  type: string;
  start: number;
  end: number;
}

/** OpenRedaction's types (by pattern) and ours. */
const OPENREDACTION_TYPES: [RegExp, string[]][] = [
  [/^SSN$|SOCIAL_SECURITY/, ['US_SSN']],
  [/^ITIN$/, ['US_ITIN']],
  [/^CREDIT_CARD$|^CARD_NUMBER/, ['CREDIT_CARD']],
  [/ROUTING_NUMBER_US|^ABA/, ['ABA_ROUTING']],
  [/BANK_ACCOUNT|^ACCOUNT_NUMBER|IBAN/, ['US_BANK_ACCOUNT']],
  [/^PASSPORT/, ['US_PASSPORT']],
  [/DRIV(ING|ER)_LICEN[CS]E/, ['US_DRIVER_LICENSE']],
  [/DATE_OF_BIRTH|^DOB$/, ['DOB']],
  [/PRIVATE_KEY/, ['PRIVATE_KEY']],
  [/PASSWORD/, ['PASSWORD', 'SECRET']],
  [/SECRET|API_KEY|TOKEN|AWS_|WEBHOOK|STRIPE|DATABASE_CONNECTION|JWT|CREDENTIAL/, ['SECRET', 'PASSWORD']],
  [/MEDICAL|MEDICARE|MEDICAID|HEALTH|DIAGNOS|PATIENT|VACCINATION|PRESCRIPTION/, ['PHI']],
  [/CLASSIF|CONFIDENTIAL/, ['CLASSIFICATION']],
  [/BASE64|BINARY/, ['ENCODED_BINARY']],
];

/** redact-pii's replacement tokens and ours (it returns text only: no spans). */
const REDACT_PII_TOKENS: Record<string, string[]> = {
  US_SOCIAL_SECURITY_NUMBER: ['US_SSN', 'US_ITIN'],
  CREDIT_CARD_NUMBER: ['CREDIT_CARD'],
  PASSWORD: ['PASSWORD'],
  CREDENTIALS: ['PASSWORD', 'SECRET'],
};

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** Our type for a library finding: the candidate whose label it overlaps, else the first candidate. */
function assign(candidates: readonly string[], span: { start: number; end: number }, labels: readonly Span[]): string {
  return labels.find((l) => candidates.includes(l.type) && overlaps(l, span))?.type ?? candidates[0]!;
}

/** An engine-shaped view of precomputed findings, for `evaluate`. */
function replay(findings: ReadonlyMap<string, DlpFinding[]>): DlpEngine {
  return { scan: (text: string) => findings.get(text) ?? [], decide: () => ({ action: 'allow', findings: [] }) };
}

function summary(e: Evaluation, msPerMessage: number[], otherTouched: number): Record<string, unknown> {
  const labels = e.perType.reduce((n, t) => n + t.labels, 0);
  const found = e.perType.reduce((n, t) => n + t.found, 0);
  const findings = e.perType.reduce((n, t) => n + t.findings, 0);
  const fps = e.perType.reduce((n, t) => n + t.falsePositives, 0);
  const s = summarize(msPerMessage);
  return {
    caught: round(e.caughtRate),
    falseAlarms: round(e.falseAlarmRate),
    recall: round(labels ? found / labels : 1),
    precision: round(findings ? (findings - fps) / findings : 1),
    perType: Object.fromEntries(e.perType.map((t) => [t.type, { precision: round(t.precision), recall: round(t.recall) }])),
    harmlessMessagesTouchedByOtherTypes: round(otherTouched),
    msPerMessage: { median: round(s.median, 4), p99: round(s.p99, 4) },
  };
}

async function timed<T>(fn: () => Promise<T> | T, times: number[]): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  times.push(performance.now() - t0);
  return r;
}

export async function compareLibraries(engine: DlpEngine, corpus: readonly LabeledMessage[]): Promise<Record<string, unknown>> {
  const negatives = corpus.filter((m) => m.labels.length === 0).length || 1;
  const out: Record<string, unknown> = { corpusMessages: corpus.length };

  // This engine (one warm-up pass first, as for every library: the JIT compiles the paths they take).
  for (const m of corpus) engine.scan(m.text);
  const ours: number[] = [];
  for (const m of corpus) await timed(() => engine.scan(m.text), ours);
  out.engine = summary(evaluate(engine, corpus), ours, 0);

  // OpenRedaction (async API).
  const or = new OpenRedaction({ redactionMode: 'placeholder' } as ConstructorParameters<typeof OpenRedaction>[0]);
  for (const m of corpus) await or.detect(m.text);
  const orFindings = new Map<string, DlpFinding[]>();
  const orTimes: number[] = [];
  let orOther = 0;
  for (const m of corpus) {
    const res = (await timed(() => or.detect(m.text), orTimes)) as { detections: { type: string; position: [number, number]; confidence?: number }[] };
    const mapped: DlpFinding[] = [];
    let other = false;
    for (const d of res.detections) {
      const span = { start: d.position[0], end: d.position[1] };
      const cands = OPENREDACTION_TYPES.find(([re]) => re.test(d.type))?.[1];
      if (cands) mapped.push({ type: assign(cands, span, m.labels), ...span, confidence: d.confidence ?? 1, rule: `openredaction.${d.type}` });
      else other = true;
    }
    if (other && m.labels.length === 0) orOther++;
    orFindings.set(m.text, mapped);
  }
  out.openRedaction = summary(evaluate(replay(orFindings), corpus), orTimes, orOther / negatives);

  // secretlint (recommended preset): credentials and private keys only.
  const slFindings = new Map<string, DlpFinding[]>();
  const slTimes: number[] = [];
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: secretlintRecommend }] };
  const lint = (text: string) =>
    lintSource({ source: { content: text, filePath: '/message.txt', ext: '.txt', contentType: 'text' }, options: { config } } as Parameters<typeof lintSource>[0]);
  for (const m of corpus) await lint(m.text);
  for (const m of corpus) {
    const res = await timed(() => lint(m.text), slTimes);
    const mapped: DlpFinding[] = [];
    for (const msg of res.messages) {
      const span = { start: msg.range[0], end: msg.range[1] };
      const cands = /privatekey/i.test(msg.ruleId) ? ['PRIVATE_KEY'] : ['SECRET', 'PASSWORD'];
      mapped.push({ type: assign(cands, span, m.labels), ...span, confidence: 1, rule: msg.ruleId });
    }
    slFindings.set(m.text, mapped);
  }
  out.secretlint = summary(evaluate(replay(slFindings), corpus), slTimes, 0);

  // redact-pii: text in, text out. A label counts as found when its value is gone and a token of a
  // matching type appears; a harmless message is a false alarm when a token of a counted type appears.
  const rp = new SyncRedactor();
  for (const m of corpus) rp.redact(m.text);
  const rpTimes: number[] = [];
  const stats = new Map<string, { labels: number; found: number }>();
  let positives = 0;
  let caught = 0;
  let falseAlarms = 0;
  let otherTouched = 0;
  for (const m of corpus) {
    const red = await timed(() => rp.redact(m.text), rpTimes);
    const tokens = Object.entries(REDACT_PII_TOKENS).filter(([tok]) => red.includes(tok));
    if (m.labels.length === 0) {
      if (tokens.length > 0) falseAlarms++;
      else if (red !== m.text) otherTouched++;
      continue;
    }
    positives++;
    let any = false;
    for (const l of m.labels) {
      const s = stats.get(l.type) ?? { labels: 0, found: 0 };
      stats.set(l.type, s);
      s.labels++;
      if (!red.includes(m.text.slice(l.start, l.end)) && tokens.some(([, types]) => types.includes(l.type))) {
        s.found++;
        any = true;
      }
    }
    if (any) caught++;
  }
  const labels = [...stats.values()].reduce((n, s) => n + s.labels, 0);
  const found = [...stats.values()].reduce((n, s) => n + s.found, 0);
  const rs = summarize(rpTimes);
  out.redactPii = {
    caught: round(caught / (positives || 1)),
    falseAlarms: round(falseAlarms / negatives),
    recall: round(found / (labels || 1)),
    precision: 'n/a (text out, no spans)',
    perType: Object.fromEntries([...stats].sort().map(([t, s]) => [t, { recall: round(s.found / s.labels) }])),
    harmlessMessagesTouchedByOtherTypes: round(otherTouched / negatives),
    msPerMessage: { median: round(rs.median, 4), p99: round(rs.p99, 4) },
  };
  return out;
}
