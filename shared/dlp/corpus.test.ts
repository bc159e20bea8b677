import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatTable, type Evaluation, type LabeledMessage } from './evaluate.js';
import { createDlpEngine } from './index.js';

function load(name: string): LabeledMessage[] {
  const path = fileURLToPath(new URL(`./corpus/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabeledMessage);
}

/** Issue 5 targets: 0.95 for the high-stakes types, 0.85 for the rest, at most 3% false alarms. */
const STRICT = new Set(['US_SSN', 'CREDIT_CARD', 'ABA_ROUTING', 'SECRET', 'PRIVATE_KEY']);

function assertTargets(e: Evaluation): void {
  for (const t of e.perType) {
    const target = STRICT.has(t.type) ? 0.95 : 0.85;
    expect.soft(t.precision, `${t.type} precision`).toBeGreaterThanOrEqual(target);
    expect.soft(t.recall, `${t.type} recall`).toBeGreaterThanOrEqual(target);
  }
  expect(e.falseAlarmRate).toBeLessThanOrEqual(0.03);
}

describe('labeled corpus', () => {
  const engine = createDlpEngine();

  it('is substantial and well-formed', () => {
    const corpus = load('messages.jsonl');
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    const ids = new Set(corpus.map((m) => m.id));
    expect(ids.size).toBe(corpus.length);
    for (const m of corpus) for (const l of m.labels) expect(l.end).toBeLessThanOrEqual(m.text.length);
    const types = new Set(corpus.flatMap((m) => m.labels.map((l) => l.type)));
    expect(types.size).toBe(14);
    expect(corpus.filter((m) => m.labels.length === 0).length).toBeGreaterThanOrEqual(200);
  });

  it('meets the precision/recall targets on the main corpus', () => {
    const e = evaluate(engine, load('messages.jsonl'));
    console.log(`\nDLP corpus (messages.jsonl)\n${formatTable(e)}\n`);
    assertTargets(e);
  });

  // Written after the detectors were tuned on messages.jsonl, to show how they do on phrasing they were not
  // fitted to. Too small for per-type targets (4-14 labels a type), so the bar is on the totals.
  it('holds up on the held-out corpus', () => {
    const e = evaluate(engine, load('holdout.jsonl'));
    console.log(`\nDLP held-out corpus (holdout.jsonl)\n${formatTable(e)}\n`);
    const labels = e.perType.reduce((n, t) => n + t.labels, 0);
    const found = e.perType.reduce((n, t) => n + t.found, 0);
    const findings = e.perType.reduce((n, t) => n + t.findings, 0);
    const fps = e.perType.reduce((n, t) => n + t.falsePositives, 0);
    expect(found / labels).toBeGreaterThanOrEqual(0.9);
    expect((findings - fps) / findings).toBeGreaterThanOrEqual(0.95);
    expect(e.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });
});
