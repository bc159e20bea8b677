import { describe, expect, it } from 'vitest';
import { checkPattern } from './index.js';
import { parsePattern, PatternSyntaxError } from './parse.js';
import { compileLinear, LinearRegex } from './pike.js';

function allMatches(re: { lastIndex: number; exec(s: string): { index: number; 0: string } | null }, text: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push([m.index, m[0]]);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

describe('pattern safety check', () => {
  it.each([
    ['(a)\\1', /backreferences/],
    ['(?<x>a)\\k<x>', /backreferences/],
    ['foo(?=bar)', /lookahead/],
    ['foo(?!bar)', /lookahead/],
    ['(?<=\\$)\\d+', /lookbehind/],
    ['(?<!x)y', /lookbehind/],
    ['(?i)abc', /inline flags/],
    ['a{2000}', /repeat count above/],
    ['a**', /quantifier follows another quantifier/],
    ['a++', /quantifier follows another quantifier/],
    ['*a', /nothing to repeat/],
    ['(abc', /missing "\)"/],
    ['abc)', /unmatched/],
    ['[abc', /missing "]"/],
    ['[z-a]', /out of order/],
    ['\\p{L}+', /Unicode property/],
    ['a*', /empty text/],
    ['', /empty/],
    ['\\q', /unknown escape/],
  ])('rejects %s', (pattern, why) => {
    expect(checkPattern(pattern)).toMatch(why);
  });

  it('rejects unknown flags', () => {
    expect(checkPattern('abc', 'y')).toMatch(/flag "y"/);
    expect(checkPattern('abc', 'u')).toMatch(/flag "u"/);
    expect(checkPattern('abc', 'gim')).toBeNull();
  });

  it.each(['\\bCASE-\\d{4}-\\d{6}\\b', '(?:PROJ|TASK)-[0-9]{3,6}', '[A-Z]{2}\\d{6}', 'colou?r', '(a+)+$', '(?<year>\\d{4})-\\d\\d', '[^\\s@]+@agency\\.gov'])(
    'accepts %s',
    (pattern) => {
      expect(checkPattern(pattern)).toBeNull();
    },
  );

  it('reports the position of the problem', () => {
    try {
      parsePattern('abc(?=x)');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PatternSyntaxError);
      expect((e as PatternSyntaxError).position).toBe(3);
    }
  });
});

describe('linear-time engine', () => {
  const cases: [string, string, string][] = [
    ['\\bfoo\\b', '', 'xx foo food foo'],
    ['a+b', '', 'caaab aab'],
    ['(a|ab)(c|bcd)', '', 'abcd'],
    ['colou?r', 'i', 'COLOR Colour colr'],
    ['^x', 'm', 'x\nx\nyx'],
    ['x$', 'm', 'ax\nbx\nxy'],
    ['\\d{3}-\\d{2}-\\d{4}', '', 'ssn 123-45-6789 and 987-65-4321'],
    ['a.c', 's', 'a\nc abc'],
    ['a.c', '', 'a\nc abc'],
    ['[^a-c]+', 'i', 'ABCdefABC'],
    ['x*?y', '', 'xxy'],
    ['a{2,3}', '', 'aaaaaaa'],
    ['a{2,}?', '', 'aaaaa'],
    ['(?:ab)+', '', 'abababx ab'],
    ['[\\w.-]+@[\\w-]+\\.gov', '', 'mail jane.doe@agency.gov or x@y.gov.'],
    ['\\bCASE-\\d{4}\\b', 'i', 'case-2024 Case-1234x CASE-9999'],
    ['[\\u00e9\\u00c9]t\\u00e9', 'i', 'été ÉTÉ ete'],
    ['\\x41\\t', '', 'A\tB'],
    ['\\B\\d', '', 'a1 22'],
    ['[-a]', '', 'b-a'],
    ['[\\d\\s]+', '', 'a 12 3b'],
  ];
  it.each(cases)('%s /%s agrees with RegExp', (pattern, flags, text) => {
    const expected = allMatches(new RegExp(pattern, `g${flags}`), text);
    expect(allMatches(new LinearRegex(pattern, flags), text)).toEqual(expected);
  });

  it('reports UTF-16 offsets', () => {
    const re = compileLinear('\\d{4}', 'g');
    const text = '👩‍💻 code 1234';
    expect(allMatches(re, text)).toEqual([[text.indexOf('1234'), '1234']]);
  });

  it('restarts from lastIndex like a global RegExp', () => {
    const re = new LinearRegex('\\d+', 'g');
    re.lastIndex = 3;
    expect(re.exec('12 34 56')).toMatchObject({ index: 3, 0: '34' });
    expect(re.lastIndex).toBe(5);
    re.lastIndex = 99;
    expect(re.exec('12')).toBeNull();
    expect(re.lastIndex).toBe(0);
  });

  // Known ReDoS patterns with their attack strings. A backtracking engine needs exponential or high
  // polynomial time on each; the NFA simulation stays proportional to pattern size x input length.
  const redos: [string, string][] = [
    ['(a+)+$', `${'a'.repeat(50_000)}!`],
    ['(a|a)+$', `${'a'.repeat(50_000)}!`],
    ['(a|aa)+$', `${'a'.repeat(50_000)}!`],
    ['^(\\w+\\s?)+$', `${'word '.repeat(10_000)}!`],
    ['(.*a){12}', 'a'.repeat(20_000)],
    ['^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$', `${'a'.repeat(30_000)}!`],
    ['\\d+x', '1'.repeat(100_000)],
    ['(\\d+)*-', '1'.repeat(50_000)],
  ];
  it.each(redos)('runs %s on its attack string without blowing up', (pattern, input) => {
    const re = new LinearRegex(pattern, '');
    const t0 = performance.now();
    allMatches(re, input);
    // Generous bound (a backtracking engine would take hours or years on these).
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
