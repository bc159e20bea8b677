import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCorpus } from './dlp-score.js';

const script = fileURLToPath(new URL('./dlp-score.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dlp-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function corpusFile(lines: string[]): string {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function score(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SSN_MSG = JSON.stringify({ id: 's1', text: 'SSN 536-22-8105 please', labels: [{ type: 'US_SSN', start: 4, end: 15 }] });
const NEG_MSG = JSON.stringify({ id: 'n1', text: 'lunch at noon?', labels: [] });
const MISSED = JSON.stringify({ id: 'm1', text: 'lunch at noon?', labels: [{ type: 'DOB', start: 0, end: 5 }] });

describe('scripts/dlp-score.ts', () => {
  it('prints the per-type table, caught and false-alarm rates, and the misses by id (values only on request)', () => {
    const file = corpusFile([SSN_MSG, NEG_MSG, MISSED]);
    const r = score([file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| US_SSN             |      1 |     1.000 |  1.000 |');
    expect(r.stdout).toContain('Sensitive messages caught (a label found): 1/2 (50.0%)');
    expect(r.stdout).toContain('False alarms on messages with nothing sensitive: 0/1 (0.0%)');
    expect(r.stdout).toContain('  m1 DOB\n');
    expect(r.stdout).not.toContain('lunch');
    expect(score([file, '--show-values']).stdout).toContain('  m1 DOB "lunch"');
  });

  it('refuses a malformed corpus with the line number, and a well-formed one parses (control)', () => {
    expect(parseCorpus(`${SSN_MSG}\n\n${NEG_MSG}\n`).map((m) => m.id)).toEqual(['s1', 'n1']);
    const bad = JSON.stringify({ id: 'b', text: 'short', labels: [{ type: 'DOB', start: 2, end: 99 }] });
    expect(() => parseCorpus(`${SSN_MSG}\n${bad}`)).toThrow('line 2 (b): bad label');
    expect(() => parseCorpus('{not json')).toThrow('line 1: not JSON');
    const r = score([corpusFile([SSN_MSG, bad])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad label');
    expect(r.stdout).toBe('');
  });

  it('prints usage and exits 2 without a corpus file or with an unknown option', () => {
    expect(score([]).status).toBe(2);
    const r = score([corpusFile([SSN_MSG]), '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage:');
  });
});
