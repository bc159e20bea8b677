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
  it.each(['holdout.jsonl', 'holdout2.jsonl', 'holdout3.jsonl', 'holdout5.jsonl', 'holdout7.jsonl'])('holds up on the held-out corpus %s', (file) => {
    const e = evaluate(engine, load(file));
    console.log(`\nDLP held-out corpus (${file})\n${formatTable(e)}\n`);
    const labels = e.perType.reduce((n, t) => n + t.labels, 0);
    const found = e.perType.reduce((n, t) => n + t.found, 0);
    const findings = e.perType.reduce((n, t) => n + t.findings, 0);
    const fps = e.perType.reduce((n, t) => n + t.falsePositives, 0);
    expect(found / labels).toBeGreaterThanOrEqual(0.9);
    expect((findings - fps) / findings).toBeGreaterThanOrEqual(0.95);
    expect(e.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  // Issue 16: a held-out corpus of 509 messages written before the rules were changed for it (first-run and
  // after scores in README.md). Per-type floors and message-level goals from the issue.
  const FLOORS: Record<string, [number, number]> = {
    CREDIT_CARD: [0.98, 0.98], US_SSN: [0.95, 0.95], US_ITIN: [0.95, 0.9], ABA_ROUTING: [0.95, 0.95], US_BANK_ACCOUNT: [0.85, 0.9],
    US_PASSPORT: [0.85, 0.85], US_DRIVER_LICENSE: [0.85, 0.85], DOB: [0.9, 0.9], SECRET: [0.95, 0.95], PRIVATE_KEY: [0.98, 1.0],
    PASSWORD: [0.85, 0.85], CLASSIFICATION: [0.9, 0.95], ENCODED_BINARY: [0.95, 0.95], PHI: [0.8, 0.8],
  };
  // holdout6.jsonl: 404 messages written after holdout5's fixes and committed before it was first run
  // (first-run and after scores in README.md). holdout8.jsonl: 659 messages written blind (its writer had
  // not read the rules), committed before its first run (92.5% caught, 1.1% false alarms; README.md).
  // holdout9.jsonl: 754 messages, a second set written blind, committed before its first run (88.5% caught,
  // 0.7% false alarms; README.md).
  it.each([
    ['holdout4.jsonl', 500],
    ['holdout6.jsonl', 400],
    ['holdout8.jsonl', 520],
    ['holdout9.jsonl', 700],
  ] as const)('meets the per-type floors and message-level goals on %s', (file, size) => {
    const corpus = load(file);
    expect(corpus.length).toBeGreaterThanOrEqual(size);
    const e = evaluate(engine, corpus);
    console.log(`\nDLP held-out corpus (${file})\n${formatTable(e)}\n`);
    expect(new Set(e.perType.map((t) => t.type))).toEqual(new Set(Object.keys(FLOORS)));
    for (const t of e.perType) {
      const [precision, recall] = FLOORS[t.type]!;
      expect.soft(t.precision, `${t.type} precision`).toBeGreaterThanOrEqual(precision);
      expect.soft(t.recall, `${t.type} recall`).toBeGreaterThanOrEqual(recall);
    }
    expect(e.caughtRate).toBeGreaterThanOrEqual(0.97);
    expect(e.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  // PHI, generalised: phi-dev.jsonl, 136 hand-written development messages (71 with PHI, 65 hard negatives:
  // flu-shot reminders, awareness months, trainings, policy text, statistics, job titles, sick days) in the
  // voices of Medicaid, child welfare, corrections, UI/L&I, DMV, public health, HR, school nurse and EMS
  // staff. Committed before the rules changed for it (first run: PHI precision 1.000, recall 0.526).
  // phi-dev2.jsonl: 60 more (30/30), written after phi-dev's fixes, committed before its first run
  // (first run: PHI precision 1.000, recall 0.853). phi-dev3.jsonl: 40 more (20/20), written after
  // phi-dev2's fixes, committed before its first run (first run: precision 1.000, recall 0.762).
  // phi-dev4.jsonl: 30 more (15/15), the same way after phi-dev3 (first run: 0.941 / 0.941).
  it.each([
    ['phi-dev.jsonl', 120, 60],
    ['phi-dev2.jsonl', 60, 30],
    ['phi-dev3.jsonl', 40, 20],
    ['phi-dev4.jsonl', 30, 15],
  ] as const)('meets the PHI floors and the false-alarm goal on %s', (file, size, half) => {
    const corpus = load(file);
    expect(corpus.length).toBeGreaterThanOrEqual(size);
    const withPhi = corpus.filter((m) => m.labels.some((l) => l.type === 'PHI')).length;
    expect(withPhi).toBeGreaterThanOrEqual(half);
    expect(corpus.length - withPhi).toBeGreaterThanOrEqual(half);
    const e = evaluate(engine, corpus);
    console.log(`\nDLP PHI development corpus (${file})\n${formatTable(e)}\n`);
    const phi = e.perType.find((t) => t.type === 'PHI')!;
    expect.soft(phi.precision, 'PHI precision').toBeGreaterThanOrEqual(0.8);
    expect.soft(phi.recall, 'PHI recall').toBeGreaterThanOrEqual(0.8);
    expect(e.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  // The looser labels added after holdout2 ("creds:", "reset it to", "password's", a name and a value
  // with only spaces between them, ledger accounts) against what usually follows them in chat.
  it.each([
    'reset to default and reboot', 'I reset it to factory settings', 'reset it to 0 before the next run', 'reset it to Version2 of the template',
    'reset to v4.12.3', 'we reset to the 2024-11-01 snapshot', 'credentials: see the vault', 'creds are in the vault',
    'creds: jsmith / see KeePass', 'creds: the usual / ask Bob', 'login creds for the training site are on the wiki',
    'token 2026 budget', 'the secret ingredient is time', 'access key holder list for building 4', 'api key rotation schedule 2026-12-01',
    'auth token expires after 3600 seconds', 'see commit token a3f9c2e1b4d5f6a7b8c9d0e1f2a3b4c5d6e7f8a9',
    'token 550e8400-e29b-41d4-a716-446655440000 is the request id', "my password's expired again", "password's 14 chars minimum now",
    'operator license renewal is due', "license (driver's) is required for fleet cars", 'GL account 5310-220', 'general ledger account 6100-44',
    'Mr. Okafor was treated for a while as the lead on the project', 'the tbi program is moving to DOH',
  ])('finds nothing in %j', (text) => {
    expect(engine.scan(text)).toEqual([]);
  });
});
