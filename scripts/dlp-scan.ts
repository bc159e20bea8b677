/**
 * dlp:scan — try a DLP policy on sample text.
 *
 *   npm run dlp:scan -- [--policy FILE] < samples.jsonl
 *
 * stdin:  one JSON object per line, {"id": ..., "text": "..."}; blank lines are skipped.
 * stdout: one line per input line, {"id": ..., "findings": [{"type","start","end","confidence","rule"}]},
 *         or {"id": <id or null>, "error": "..."} for a line that is not a valid request. Nothing else.
 * stderr: configuration errors and one note per malformed line (never the text itself).
 * exit:   0 when all input was read (even if some lines were malformed), 2 on a bad policy or usage,
 *         1 on an I/O failure.
 *
 * --policy reads the project's policy JSON file (one object of policy names) and uses DlpBuiltinDetectors,
 * DlpActions, DlpKeywordLists, DlpPatterns, DlpClassificationMarkings and DlpMinConfidence; other names are
 * ignored. Administrator patterns run on RE2.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { compileRe2 } from '../main/core/dlp/re2.js';
import { createDlpEngine, dlpConfigFromPolicy, DlpConfigError, type DlpConfig, type DlpEngine } from '../shared/dlp/index.js';

const USAGE = 'usage: npm run dlp:scan -- [--policy FILE] < input.jsonl';

export function parseArgs(argv: readonly string[]): { policy?: string } | { error: string } {
  let policy: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--policy') {
      const v = argv[++i];
      if (!v) return { error: '--policy needs a file name' };
      policy = v;
    } else if (a.startsWith('--policy=')) policy = a.slice('--policy='.length);
    else if (a === '--help' || a === '-h') return { error: '' };
    else return { error: `unknown argument: ${a}` };
  }
  return policy === undefined ? {} : { policy };
}

export function loadPolicy(file: string): DlpConfig {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigProblem([`cannot read policy file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new ConfigProblem([`policy file ${file} is not valid JSON: ${(e as Error).message}`]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigProblem([`policy file ${file} must hold one JSON object mapping policy names to values`]);
  }
  const r = dlpConfigFromPolicy(json as Record<string, unknown>);
  if ('problems' in r) throw new ConfigProblem(r.problems.map((p) => p.message));
  return r.config;
}

class ConfigProblem extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

type Id = string | number | null;

/** Scans one input line; returns the output object and, for a bad line, a note for stderr. */
export function handleLine(engine: DlpEngine, line: string, lineNo: number): { out: Record<string, unknown>; note?: string } {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch {
    const error = 'line is not valid JSON';
    return { out: { id: null, error }, note: `line ${lineNo}: ${error}` };
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    const error = 'line must be a JSON object {"id","text"}';
    return { out: { id: null, error }, note: `line ${lineNo}: ${error}` };
  }
  const obj = req as Record<string, unknown>;
  const rawId = obj.id;
  const id: Id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (rawId !== undefined && rawId !== null && id === null) {
    const error = '"id" must be a string or a number';
    return { out: { id: null, error }, note: `line ${lineNo}: ${error}` };
  }
  if (typeof obj.text !== 'string') {
    const error = '"text" must be a string';
    return { out: { id, error }, note: `line ${lineNo}: ${error}` };
  }
  const findings = engine.scan(obj.text).map(({ type, start, end, confidence, rule }) => ({ type, start, end, confidence, rule }));
  return { out: { id, findings } };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error ? `dlp:scan: ${args.error}\n` : ''}${USAGE}\n`);
    return args.error ? 2 : 0;
  }
  let engine: DlpEngine;
  try {
    const config = args.policy ? loadPolicy(args.policy) : {};
    engine = createDlpEngine(config, { compile: compileRe2 });
  } catch (e) {
    if (e instanceof ConfigProblem) {
      for (const l of e.lines) process.stderr.write(`dlp:scan: configuration error: ${l}\n`);
      return 2;
    }
    if (e instanceof DlpConfigError) {
      process.stderr.write(`dlp:scan: configuration error: ${e.policy}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true; // the reader went away; stop quietly
    else throw e;
  });
  const write = async (s: string): Promise<void> => {
    if (!process.stdout.write(s)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
  };

  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (closed) break;
    if (line.trim() === '') continue;
    let result: ReturnType<typeof handleLine>;
    try {
      result = handleLine(engine, line, lineNo);
    } catch (e) {
      // A bug in a detector must not take the following lines down with it.
      result = { out: { id: null, error: 'internal error while scanning this line' }, note: `line ${lineNo}: internal error: ${(e as Error).name}` };
    }
    if (result.note) process.stderr.write(`dlp:scan: ${result.note}\n`);
    await write(`${JSON.stringify(result.out)}\n`);
  }
  return 0;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`dlp:scan: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
