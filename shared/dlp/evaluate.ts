/** Precision/recall of the engine on a labeled corpus (used by the corpus test and the README table). */
import type { DlpEngine, DlpFinding } from './types.js';

export interface LabeledMessage {
  id: string;
  text: string;
  /** Expected findings; an empty list marks a message with nothing sensitive. */
  labels: { type: string; start: number; end: number }[];
}

export interface TypeScore {
  type: string;
  /** Labels found / labels. */
  recall: number;
  /** Findings that match a label / findings. */
  precision: number;
  labels: number;
  found: number;
  findings: number;
  falsePositives: number;
}

export interface Evaluation {
  perType: TypeScore[];
  negatives: number;
  /** Messages with labels. */
  positives: number;
  /** Share of messages with labels on which at least one label was found (message-level recall). */
  caughtRate: number;
  /** Share of messages without labels on which the engine reported anything. */
  falseAlarmRate: number;
  falseAlarms: string[];
  misses: { id: string; type: string; value: string }[];
  extras: { id: string; type: string; rule: string }[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

export function evaluate(engine: DlpEngine, corpus: readonly LabeledMessage[]): Evaluation {
  const stats = new Map<string, { labels: number; found: number; findings: number; fp: number }>();
  const stat = (t: string): { labels: number; found: number; findings: number; fp: number } => {
    let s = stats.get(t);
    if (!s) stats.set(t, (s = { labels: 0, found: 0, findings: 0, fp: 0 }));
    return s;
  };
  let negatives = 0;
  let positives = 0;
  let caught = 0;
  const falseAlarms: string[] = [];
  const misses: Evaluation['misses'] = [];
  const extras: Evaluation['extras'] = [];
  for (const msg of corpus) {
    const findings: DlpFinding[] = engine.scan(msg.text);
    if (msg.labels.length === 0) {
      negatives++;
      if (findings.length > 0) falseAlarms.push(msg.id);
    }
    let anyFound = false;
    for (const l of msg.labels) {
      const s = stat(l.type);
      s.labels++;
      if (findings.some((f) => f.type === l.type && overlaps(f, l))) {
        s.found++;
        anyFound = true;
      } else misses.push({ id: msg.id, type: l.type, value: msg.text.slice(l.start, l.end) });
    }
    if (msg.labels.length > 0) {
      positives++;
      if (anyFound) caught++;
    }
    for (const f of findings) {
      const s = stat(f.type);
      s.findings++;
      if (!msg.labels.some((l) => l.type === f.type && overlaps(f, l))) {
        s.fp++;
        extras.push({ id: msg.id, type: f.type, rule: f.rule });
      }
    }
  }
  const perType = [...stats.entries()]
    .map(([type, s]) => ({
      type,
      recall: s.labels ? s.found / s.labels : 1,
      precision: s.findings ? (s.findings - s.fp) / s.findings : 1,
      labels: s.labels,
      found: s.found,
      findings: s.findings,
      falsePositives: s.fp,
    }))
    .sort((a, b) => a.type.localeCompare(b.type));
  return { perType, negatives, positives, caughtRate: positives ? caught / positives : 1, falseAlarmRate: negatives ? falseAlarms.length / negatives : 0, falseAlarms, misses, extras };
}

export function formatTable(e: Evaluation): string {
  const pct = (x: number): string => x.toFixed(3);
  const rows = e.perType.map((t) => `| ${t.type.padEnd(18)} | ${String(t.labels).padStart(6)} | ${pct(t.precision)} | ${pct(t.recall)} |`);
  return [
    `| type               | labels | precision | recall |`,
    `|--------------------|--------|-----------|--------|`,
    ...rows.map((r) => r.replace(/\| (\d\.\d{3}) \| (\d\.\d{3}) \|$/, '|     $1 |  $2 |')),
    ``,
    `Sensitive messages caught (a label found): ${Math.round(e.caughtRate * e.positives)}/${e.positives} (${(e.caughtRate * 100).toFixed(1)}%)`,
    `False alarms on messages with nothing sensitive: ${e.falseAlarms.length}/${e.negatives} (${(e.falseAlarmRate * 100).toFixed(1)}%)`,
  ].join('\n');
}
