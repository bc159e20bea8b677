import { describe, expect, it } from 'vitest';
import { createDlpEngine, DlpConfigError } from '../../../shared/dlp/index.js';
import { compileRe2 } from './re2.js';

describe('compileRe2', () => {
  it('compiles with global semantics and UTF-16 offsets', () => {
    const re = compileRe2('\\d{4}', 'gi');
    const text = '👩‍💻 José 1234 and 5678';
    const out: [number, string][] = [];
    for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m[0]]);
    expect(out).toEqual([
      [text.indexOf('1234'), '1234'],
      [text.indexOf('5678'), '5678'],
    ]);
  });

  it('supports the flags the safe subset allows', () => {
    expect(compileRe2('a.c', 'gs').exec('a\nc')).not.toBeNull();
    expect(compileRe2('^b', 'gm').exec('a\nb')?.index).toBe(2);
    expect(compileRe2('ABC', 'gi').exec('xabc')?.index).toBe(1);
  });

  it('drives administrator patterns in the engine', () => {
    const e = createDlpEngine({ patterns: [{ name: 'Case', type: 'CUSTOM_CASE', pattern: '\\bCASE-\\d{4}-\\d{6}\\b', flags: 'i' }] }, { compile: compileRe2 });
    expect(e.scan('re: case-2024-000123').map((f) => [f.type, f.start, f.end])).toEqual([['CUSTOM_CASE', 4, 20]]);
  });

  it('runs a classic ReDoS pattern on its attack string in linear time', () => {
    const e = createDlpEngine({ patterns: [{ name: 'evil', pattern: '(a+)+$' }] }, { compile: compileRe2 });
    const t0 = performance.now();
    e.scan(`${'a'.repeat(100_000)}!`);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('still refuses what the shared check refuses (same patterns everywhere)', () => {
    expect(() => createDlpEngine({ patterns: [{ name: 'lookahead', pattern: 'a(?=b)' }] }, { compile: compileRe2 })).toThrow(DlpConfigError);
  });
});
