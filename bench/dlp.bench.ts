/**
 * DLP engine benchmark (issue 5). Run alone with `tsx bench/dlp.bench.ts`, or through `npm run bench`.
 *
 * Measures, on the labeled corpus (shared/dlp/corpus/messages.jsonl):
 *  - per chat message: median and p99 latency of engine.scan (goal: p99 < 1 ms);
 *  - a 1 MB paste built from the same messages: throughput (goal: >= 50 MB/s), median of warm scans
 *    (the first, cold scan is reported too);
 *  - adversarial inputs (200 KB each): the slowest one;
 *  - administrator patterns: the built-in linear engine vs RE2 on the same paste.
 * Every timing is also given as a ratio against baselines measured in the same run on the same text:
 * one plain-regex pass (an SSN regex, what a naive checker does) and @dawn-analytics/redact-pii, a popular
 * npm PII library, side by side. It also reports what that library detects on the corpus, for context.
 * Side by side on the held-out corpora (holdout4.jsonl and holdout6.jsonl, issue 16): OpenRedaction, redact-pii and secretlint,
 * precision, recall and time per message (bench/dlpCompare.ts).
 * Benchmarks never assert: this prints numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SyncRedactor } from '@dawn-analytics/redact-pii';
import { compileRe2 } from '../main/core/dlp/re2.js';
import { evaluate, type LabeledMessage } from '../shared/dlp/evaluate.js';
import { createDlpEngine } from '../shared/dlp/index.js';
import { compareWithBaseline, interleavedTimes } from './dlpBaseline.js';
import { compareLibraries } from './dlpCompare.js';
import { round, summarize } from './stats.js';

const CORPUS = fileURLToPath(new URL('../shared/dlp/corpus/messages.jsonl', import.meta.url));
/** Issue 16's held-out corpus: the side-by-side comparison with the npm libraries runs on it. */
const HELD_OUT = fileURLToPath(new URL('../shared/dlp/corpus/holdout4.jsonl', import.meta.url));
/** The fresh held-out set written for the rest of issue 16 (shared/dlp/README.md): compared on it too. */
const HELD_OUT_6 = fileURLToPath(new URL('../shared/dlp/corpus/holdout6.jsonl', import.meta.url));
const MB = 1024 * 1024;

const BASELINE_RE = /\b\d{3}-\d{2}-\d{4}\b/g;
function baselineScan(text: string): number {
  BASELINE_RE.lastIndex = 0;
  let n = 0;
  while (BASELINE_RE.exec(text)) n++;
  return n;
}

function timeEach(texts: readonly string[], fn: (t: string) => unknown, rounds: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const t0 = performance.now();
      fn(t);
      out.push(performance.now() - t0);
    }
  }
  return out;
}

/** Warm scans of the paste per measure: enough for a stable median on an idle machine. */
const PASTE_ROUNDS = 21;

function medianTime(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return summarize(times).median;
}

/** The least CPU time (this process, ms) of `runs` calls, after one unmeasured call. */
function leastCpu(fn: () => unknown, runs: number): number {
  fn();
  let least = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    least = Math.min(least, (c.user + c.system) / 1000);
  }
  return least;
}

const adversarial = (n: number): [string, string][] => [
  ['digits', '1'.repeat(n)],
  ['dashed digits', '1-'.repeat(n / 2)],
  ['spaced digit groups', '1234 '.repeat(n / 5)],
  ['base64 alphabet', 'aB3+'.repeat(n / 4)],
  ['hex', 'deadbeef'.repeat(n / 8)],
  ['keywords', 'password ssn dob routing account passport '.repeat(n / 42)],
  ['labels with separators', 'password: '.repeat(n / 10)],
  ['pem headers', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(n / 32)],
  ['data uris', 'data:image/png;base64,'.repeat(n / 22)],
  ['url credentials', 'https://a:b'.repeat(n / 11)],
  ['jwt prefixes', 'eyJ.eyJ.'.repeat(n / 8)],
  ['key assignments', 'token=token='.repeat(n / 12)],
  ['names', 'Patient Ab '.repeat(n / 11)],
  ['markings', 'CONFIDENTIAL//'.repeat(n / 14)],
  ['dates', '1/1/'.repeat(n / 4)],
  ['table', 'SSN,DOB\n'.repeat(n / 8)],
  ['valid SSNs', '536-22-8105 '.repeat(n / 12)],
  ['licence labels', 'dl '.repeat(n / 3)],
  ['secret names', 'token secret api key '.repeat(n / 21)],
  // issue 16: the normalised view, hex streams, classification fields and schemes, PHI windows
  ['disguised digits', '\u0665\u200b'.repeat(n / 2)],
  ['dashes between digits', '1\u2014'.repeat(n / 2)],
  ['hex byte pairs', 'ab cd ef 12 '.repeat(n / 12)],
  ['dump offsets', '00000000: '.repeat(n / 10)],
  ['category words', 'Category 3 or '.repeat(n / 14)],
  ['case references', 'case 1234-56 hiv '.repeat(n / 17)],
  ['listed names', '(E. Larsen) hiv\n'.repeat(n / 16)],
  ['state licence words', 'WA license '.repeat(n / 11)],
  // issue 16 remainder: values before labels, licences with a state after, PHI table rows and subjects,
  // URL query passwords, typo labels
  ['values before labels', 'X1234567 is her DOB '.repeat(n / 20)],
  ['licence then state', 'license 12345678 (Texas) '.repeat(n / 25)],
  ['health table rows', '| Ana Ruiz | diagnosed |\n'.repeat(n / 25)],
  ['diagnosis subjects', 'Ana Ruiz was diagnosed\n'.repeat(n / 23)],
  ['url query passwords', 'a://b?c&password=d '.repeat(n / 19)],
  ['typo labels', 'pasword routng pasport '.repeat(n / 23)],
  // the speed work: "begin" lines and yEnc headers tried at each "begin"
  ['begin lines', 'begin 644 a\n=ybegin size=1 \n'.repeat(n / 30)],
  // the phrase regex spells out 8 characters of a path: phrases that agree that far and then differ
  ['long phrase prefixes', 'social securit medical recor '.repeat(n / 29)],
  // holdout9's path: spaced digit groups before a label ('licence labels' above: header cells on one line)
  ['spaced groups before labels', '45 500 766 is his PA license '.repeat(n / 29)],
];

const TOKENS: Record<string, string> = { US_SSN: 'US_SOCIAL_SECURITY_NUMBER', CREDIT_CARD: 'CREDIT_CARD_NUMBER' };

/** How the npm library does as a DLP check on the same corpus (message-level, for context). */
function libraryQuality(redactor: SyncRedactor, corpus: readonly LabeledMessage[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [type, token] of Object.entries(TOKENS)) {
    let labels = 0;
    let typed = 0;
    let anyRedaction = 0;
    for (const m of corpus) {
      const red = redactor.redact(m.text);
      for (const l of m.labels.filter((x) => x.type === type)) {
        labels++;
        const value = m.text.slice(l.start, l.end);
        if (!red.includes(value)) {
          anyRedaction++;
          if (red.includes(token)) typed++;
        }
      }
    }
    out[type] = { labels, recallAsThisType: round(typed / labels), recallAnyRedaction: round(anyRedaction / labels) };
  }
  const negatives = corpus.filter((m) => m.labels.length === 0);
  const redacted = negatives.map((m) => redactor.redact(m.text));
  out.falseAlarmRateSsnOrCard = round(redacted.filter((r) => r.includes(TOKENS.US_SSN!) || r.includes(TOKENS.CREDIT_CARD!)).length / negatives.length);
  out.falseAlarmRateAnyRedaction = round(redacted.filter((r, i) => r !== negatives[i]!.text).length / negatives.length);
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const corpus = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LabeledMessage);
  const chat = corpus.map((m) => m.text).filter((t) => t.length <= 2000);
  const engine = createDlpEngine();
  const redactor = new SyncRedactor();

  // Warm up every path so the JIT has compiled them.
  for (let i = 0; i < 3; i++) {
    for (const t of chat) {
      engine.scan(t);
      baselineScan(t);
      redactor.redact(t);
    }
  }

  const ROUNDS = 20;
  const e = summarize(timeEach(chat, (t) => engine.scan(t), ROUNDS));
  const b = summarize(timeEach(chat, baselineScan, ROUNDS));
  const lib = summarize(timeEach(chat, (t) => redactor.redact(t), 5));
  const perMessage = {
    messages: chat.length,
    meanChars: round(chat.reduce((n, t) => n + t.length, 0) / chat.length, 1),
    engineMs: { median: round(e.median, 4), p99: round(e.p99, 4), max: round(e.max, 3) },
    baselineRegexMs: { median: round(b.median, 4), p99: round(b.p99, 4) },
    redactPiiMs: { median: round(lib.median, 4), p99: round(lib.p99, 4) },
    engineVsBaselineRegex: { median: round(e.median / b.median, 1), p99: round(e.p99 / b.p99, 1) },
    engineVsRedactPii: { median: round(e.median / lib.median, 3), p99: round(e.p99 / lib.p99, 3) },
    goalP99Ms: 1,
    meetsGoal: e.p99 < 1,
  };

  // A 1 MB paste made of the corpus messages.
  let paste = '';
  for (let i = 0; paste.length < MB; i++) paste += `${corpus[i % corpus.length]!.text}\n`;
  // As main receives it: a flat string decoded from the IPC message, not a slice of a rope built by `+=`
  // (V8 reads sliced strings character by character about twice as slowly).
  paste = JSON.parse(JSON.stringify(paste.slice(0, MB))) as string;
  const mbOf = (ms: number, chars = paste.length): number => round(chars / MB / (ms / 1000), 1);
  // The first scans of a paste run code paths that chat messages rarely take, before the JIT has
  // compiled them; main is a long-running process, so the steady state is what a user sees from the
  // second paste on. The first (cold) scan is reported on its own; the median is over warm scans.
  const t0 = performance.now();
  engine.scan(paste);
  const coldMs = performance.now() - t0;
  for (let i = 0; i < 4; i++) {
    engine.scan(paste);
    baselineScan(paste);
  }
  redactor.redact(paste);
  // Engine and baseline interleaved, round by round, each timed by wall clock and by this process's CPU
  // time (user + system): on a loaded machine the wall clock counts other processes' time slices too.
  const pasteRounds = interleavedTimes(PASTE_ROUNDS, [() => engine.scan(paste), () => baselineScan(paste)]);
  const [pe, pb] = pasteRounds.map((r) => r.wall.median) as [number, number];
  const engineCpu = pasteRounds[0]!.cpu;
  const pl = medianTime(() => redactor.redact(paste), 3);
  const paste1MB = {
    engineMs: round(pe, 2),
    engineMinMs: round(pasteRounds[0]!.wall.min, 2),
    engineCpuMs: { median: round(engineCpu.median, 2), min: round(engineCpu.min, 2) },
    engineColdMs: round(coldMs, 2),
    warmupRuns: 5,
    rounds: PASTE_ROUNDS,
    engineMBps: mbOf(pe),
    engineMBpsByCpu: mbOf(engineCpu.median),
    baselineRegexMBps: mbOf(pb),
    redactPiiMBps: mbOf(pl),
    engineTimeVsBaselineRegex: round(pe / pb, 1),
    engineTimeVsRedactPii: round(pe / pl, 3),
    goalMBps: 50,
    meetsGoal: mbOf(pe) >= 50,
    meetsGoalByCpu: mbOf(engineCpu.median) >= 50,
  };

  // DLP_BENCH_BASELINE=DIR: this engine against another copy of it, interleaved (dlpBaseline.ts). Run
  // here, before the adversarial inputs and the libraries: measured later in the run, a freshly loaded
  // copy of the same code came out up to 2x slower than the engine that had run all along.
  const baselineDir = process.env.DLP_BENCH_BASELINE;
  const againstBaseline = baselineDir ? await compareWithBaseline(baselineDir, engine, paste, chat) : undefined;

  const adv: Record<string, unknown> = {};
  let worst = { name: '', MBps: Infinity, ratio: 0 };
  // Linear time: each input at 100 KB and 400 KB, this process's CPU time (the least of 3 scans): a ratio
  // near 4 is linear; a search past a window to the text's end per candidate shows as 10 or more.
  const small = adversarial(100_000);
  const large = adversarial(400_000);
  let steepest = { name: '', cpu4x: 0 };
  for (const [k, [name, input]] of adversarial(200_000).entries()) {
    const te = medianTime(() => engine.scan(input), 3);
    const tb = medianTime(() => baselineScan(input), 3);
    const MBps = mbOf(te, input.length);
    const cpu4x = round(leastCpu(() => engine.scan(large[k]![1]), 3) / leastCpu(() => engine.scan(small[k]![1]), 3), 1);
    adv[name] = { MBps, timeVsBaselineRegex: round(te / tb, 1), cpu400KBvs100KB: cpu4x };
    if (MBps < worst.MBps) worst = { name, MBps, ratio: round(te / tb, 1) };
    if (cpu4x > steepest.cpu4x) steepest = { name, cpu4x };
  }

  // Administrator patterns: the renderer's linear engine against RE2 (main), same pattern, same paste.
  const pattern = { name: 'Case number', pattern: '\\bCASE-\\d{4}-\\d{6}\\b', flags: 'i' };
  const onlyPattern = { builtinDetectors: Object.fromEntries(['US_SSN', 'US_ITIN', 'CREDIT_CARD', 'ABA_ROUTING', 'US_BANK_ACCOUNT', 'US_PASSPORT', 'US_DRIVER_LICENSE', 'DOB', 'PASSWORD', 'SECRET', 'PRIVATE_KEY', 'CLASSIFICATION', 'PHI', 'ENCODED_BINARY'].map((t) => [t, false])) };
  const linear = createDlpEngine({ ...onlyPattern, patterns: [pattern] });
  const re2 = createDlpEngine({ ...onlyPattern, patterns: [pattern] }, { compile: compileRe2 });
  const tLinear = medianTime(() => linear.scan(paste), 3);
  const tRe2 = medianTime(() => re2.scan(paste), 3);

  const quality = evaluate(engine, corpus);
  const readCorpus = (path: string): LabeledMessage[] =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LabeledMessage);
  const sideBySide = await compareLibraries(engine, readCorpus(HELD_OUT));
  const sideBySide6 = await compareLibraries(engine, readCorpus(HELD_OUT_6));
  return {
    ...(againstBaseline ? { againstBaseline } : {}),
    sideBySideOnHoldout4: sideBySide,
    sideBySideOnHoldout6: sideBySide6,
    perMessage,
    paste1MB,
    adversarial200KB: { worst, steepestGrowth400KBvs100KB: steepest, inputs: adv },
    adminPattern1MB: { linearEngineMBps: mbOf(tLinear), re2MBps: mbOf(tRe2), linearTimeVsRe2: round(tLinear / tRe2, 2) },
    quality: {
      engine: {
        falseAlarmRate: round(quality.falseAlarmRate),
        recall: Object.fromEntries(quality.perType.map((t) => [t.type, round(t.recall)])),
        precision: Object.fromEntries(quality.perType.map((t) => [t.type, round(t.precision)])),
      },
      redactPii: libraryQuality(redactor, corpus),
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`dlp bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
