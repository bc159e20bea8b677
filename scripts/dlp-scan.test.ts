import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./dlp-scan.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dlp-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(input: string, args: string[] = []): { status: number | null; stdout: string; stderr: string; lines: Record<string, unknown>[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

function policy(obj: unknown): string {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return file;
}

describe('npm run dlp:scan', () => {
  it('writes one JSONL result per input line and nothing else on stdout', () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'SSN 536-22-8105 please' }),
      JSON.stringify({ id: 7, text: 'lunch at noon?' }),
      JSON.stringify({ id: 'c', text: 'token ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5' }),
    ].join('\n');
    const r = scan(input);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([
      { id: 'a', findings: [{ type: 'US_SSN', start: 4, end: 15, confidence: expect.any(Number), rule: 'ssn.formatted' }] },
      { id: 7, findings: [] },
      { id: 'c', findings: [{ type: 'SECRET', start: 6, end: 46, confidence: expect.any(Number), rule: 'secret.github-token' }] },
    ]);
  });

  it('sees through disguises as the send gate does (the engine normalises), with offsets in the original text', () => {
    const disguised = 'SSN 5\u200b36\u00ad-22-\u0668\u0661\u0660\u0665 ok';
    const r = scan([JSON.stringify({ id: 'd', text: disguised }), JSON.stringify({ id: 'plain', text: 'SSN 536-22-8105 ok' })].join('\n'));
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      { id: 'd', findings: [{ type: 'US_SSN', start: 4, end: 17, confidence: expect.any(Number), rule: 'ssn.formatted' }] },
      { id: 'plain', findings: [{ type: 'US_SSN', start: 4, end: 15, confidence: expect.any(Number), rule: 'ssn.formatted' }] },
    ]);
  });

  it('reports malformed lines on stderr and in place, and keeps going', () => {
    const input = ['{"id":"ok1","text":"nothing"}', 'not json at all', '', '{"id":"no-text"}', '[1,2]', '{"id":{"x":1},"text":"t"}', '{"id":"ok2","text":"pw: hunter2"}'].join('\n');
    const r = scan(input);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      { id: 'ok1', findings: [] },
      { id: null, error: 'line is not valid JSON' },
      { id: 'no-text', error: '"text" must be a string' },
      { id: null, error: 'line must be a JSON object {"id","text"}' },
      { id: null, error: '"id" must be a string or a number' },
      { id: 'ok2', findings: [expect.objectContaining({ type: 'PASSWORD', rule: 'password.labeled' })] },
    ]);
    expect(r.stderr).toMatch(/line 2: line is not valid JSON/);
    expect(r.stderr).toMatch(/line 4: "text" must be a string/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('handles CRLF input and a last line without newline', () => {
    const r = scan('{"id":1,"text":"DOB: 03/14/1987"}\r\n{"id":2,"text":"x"}');
    expect(r.lines.map((l) => l.id)).toEqual([1, 2]);
    expect((r.lines[0]!.findings as { type: string }[])[0]!.type).toBe('DOB');
  });

  it('applies a policy file: detectors, keyword lists and patterns', () => {
    const file = policy({
      XmppDomain: 'example.gov',
      DlpBuiltinDetectors: { US_SSN: false },
      DlpKeywordLists: [{ name: 'Projects', keywords: ['Operation Kestrel'] }],
      DlpPatterns: [{ name: 'Case number', type: 'CUSTOM_CASE', pattern: '\\bCASE-\\d{4}-\\d{6}\\b', flags: 'i' }],
    });
    const r = scan(JSON.stringify({ id: 1, text: 'SSN 536-22-8105, operation kestrel, case-2024-000123' }), ['--policy', file]);
    expect(r.status).toBe(0);
    expect((r.lines[0]!.findings as { type: string; rule: string }[]).map((f) => [f.type, f.rule])).toEqual([
      ['CUSTOM_PROJECTS', 'custom.keywords:Projects'],
      ['CUSTOM_CASE', 'custom.pattern:Case number'],
    ]);
  });

  it('exits 2 naming the pattern when a policy pattern is unsafe, and writes nothing on stdout', () => {
    const file = policy({ DlpPatterns: [{ name: 'Lookahead rule', pattern: 'secret(?=:)' }] });
    const r = scan('{"id":1,"text":"x"}', [`--policy=${file}`]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/configuration error: DlpPatterns: Pattern "Lookahead rule" is not allowed: lookahead/);
  });

  it('exits 2 with a clear message on an invalid policy value', () => {
    const r = scan('', ['--policy', policy({ DlpActions: { US_SSN: 'explode' } })]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/configuration error: DlpActions/);
    const bad = scan('', ['--policy', policy('{not json')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not valid JSON/);
    const missing = scan('', ['--policy', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read policy file/);
    const named = scan('', ['--policy', policy({ DlpPatterns: [{ name: 'No pattern' }] })]);
    expect(named.stderr).toMatch(/DlpPatterns in "No pattern"/);
  });

  it('exits 2 on unknown arguments', () => {
    const r = scan('', ['--polcy', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown argument: --polcy/);
  });
});
