/**
 * dlp-score — score the DLP engine on a labeled corpus file: per-type precision/recall, message-level caught %
 * and false-alarm %, then the misses, false alarms and extra findings by id.
 *
 *   npx tsx scripts/dlp-score.ts shared/dlp/corpus/holdout10.jsonl [--show-values]
 *
 * The corpus is JSON lines {"id","text","labels":[{"type","start","end"}]} (UTF-16 offsets, end exclusive), scored
 * with `evaluate` exactly as shared/dlp/corpus.test.ts does (a label counts as found when a finding of its type
 * overlaps it). Values of missed labels are printed only with --show-values (corpus values are synthetic, but
 * the default output carries ids, types and rules only). Exit 0 after printing, 2 on usage or a malformed file.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { evaluate, formatTable, type Evaluation, type LabeledMessage } from '../shared/dlp/evaluate.js';
import { createDlpEngine } from '../shared/dlp/index.js';

const USAGE = 'usage: npx tsx scripts/dlp-score.ts CORPUS.jsonl [--show-values]';

export function parseCorpus(text: string): LabeledMessage[] {
  const out: LabeledMessage[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const m = v as Partial<LabeledMessage>;
    if (typeof m.id !== 'string' || typeof m.text !== 'string' || !Array.isArray(m.labels)) throw new Error(`line ${i + 1}: needs id, text, labels`);
    for (const l of m.labels) {
      if (typeof l?.type !== 'string' || !Number.isInteger(l.start) || !Number.isInteger(l.end) || l.start < 0 || l.end <= l.start || l.end > m.text.length) {
        throw new Error(`line ${i + 1} (${m.id}): bad label`);
      }
    }
    out.push({ id: m.id, text: m.text, labels: m.labels });
  });
  return out;
}

export function report(e: Evaluation, showValues: boolean): string {
  const lines = [formatTable(e), '', `Misses (${e.misses.length}):`];
  for (const m of e.misses) lines.push(`  ${m.id} ${m.type}${showValues ? ` ${JSON.stringify(m.value)}` : ''}`);
  lines.push(`False alarms (${e.falseAlarms.length}): ${e.falseAlarms.join(' ')}`);
  lines.push(`Findings that match no label (${e.extras.length}):`);
  for (const x of e.extras) lines.push(`  ${x.id} ${x.type} ${x.rule}`);
  return lines.join('\n');
}

export function main(argv: readonly string[]): number {
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--show-values');
  if (files.length !== 1 || unknown.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let corpus: LabeledMessage[];
  try {
    corpus = parseCorpus(readFileSync(files[0]!, 'utf8'));
  } catch (err) {
    process.stderr.write(`dlp-score: ${files[0]}: ${(err as Error).message}\n`);
    return 2;
  }
  const e = evaluate(createDlpEngine(), corpus);
  process.stdout.write(`DLP corpus ${files[0]} (${corpus.length} messages)\n${report(e, argv.includes('--show-values'))}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
