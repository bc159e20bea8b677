import { describe, expect, it } from 'vitest';
import {
  auditFields,
  createDlpEngine,
  DLP_TYPES,
  DlpConfigError,
  isValidJustification,
  maskText,
  type DlpFinding,
  type RegexCompiler,
} from './index.js';

const SSN = '536-22-8105';
const CARD = '4556 7375 8689 9855';
const GH = 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';

const kinds = (fs: DlpFinding[]): string[] => fs.map((f) => f.type);

describe('createDlpEngine', () => {
  it('finds each built-in type with type, span, confidence and rule', () => {
    const e = createDlpEngine();
    const text = `SSN ${SSN} and card ${CARD}`;
    const fs = e.scan(text);
    expect(fs).toEqual([
      { type: 'US_SSN', start: 4, end: 15, confidence: expect.any(Number), rule: 'ssn.formatted' },
      { type: 'CREDIT_CARD', start: 25, end: 44, confidence: expect.any(Number), rule: 'card.luhn.visa' },
    ]);
    for (const f of fs) expect(f.confidence).toBeGreaterThanOrEqual(0.5);
    expect(text.slice(fs[0]!.start, fs[0]!.end)).toBe(SSN);
  });

  it('exports the contract type names', () => {
    expect(DLP_TYPES).toEqual([
      'US_SSN', 'US_ITIN', 'CREDIT_CARD', 'ABA_ROUTING', 'US_BANK_ACCOUNT', 'US_PASSPORT', 'US_DRIVER_LICENSE', 'DOB',
      'PASSWORD', 'SECRET', 'PRIVATE_KEY', 'CLASSIFICATION', 'PHI', 'ENCODED_BINARY',
    ]);
  });

  it('keeps UTF-16 offsets right after emoji and accented text', () => {
    const text = `José 👩‍💻 dice: mi SSN es ${SSN} 🙏`;
    const [f] = createDlpEngine().scan(text);
    expect(text.slice(f!.start, f!.end)).toBe(SSN);
  });

  it('returns nothing for empty or ordinary text', () => {
    const e = createDlpEngine();
    expect(e.scan('')).toEqual([]);
    expect(e.scan('lunch at 11:45? room 2C-341, call 360-555-0142')).toEqual([]);
  });

  it('turns built-in detectors off by policy', () => {
    const e = createDlpEngine({ builtinDetectors: { US_SSN: false } });
    expect(kinds(e.scan(`SSN ${SSN} card ${CARD}`))).toEqual(['CREDIT_CARD']);
  });

  it('honours minConfidence', () => {
    const text = `see ${SSN}`; // formatted but no context: medium confidence
    expect(kinds(createDlpEngine().scan(text))).toEqual(['US_SSN']);
    expect(createDlpEngine({ minConfidence: 0.9 }).scan(text)).toEqual([]);
  });

  it('runs administrator keyword lists, case-insensitively on word boundaries', () => {
    const e = createDlpEngine({ keywordLists: [{ name: 'Project names', keywords: ['Bluebird', 'Operation Kestrel'], action: 'block' }] });
    const fs = e.scan('status of operation  kestrel? and bluebirds, BLUEBIRD.');
    expect(fs.map((f) => [f.type, f.rule])).toEqual([
      ['CUSTOM_PROJECT_NAMES', 'custom.keywords:Project names'],
      ['CUSTOM_PROJECT_NAMES', 'custom.keywords:Project names'],
    ]);
    expect(e.decide(fs).action).toBe('block');
  });

  it('runs administrator patterns with the built-in linear engine by default', () => {
    const e = createDlpEngine({ patterns: [{ name: 'Case number', type: 'CUSTOM_CASE', pattern: '\\bCASE-\\d{4}-\\d{6}\\b', flags: 'i', confidence: 0.7 }] });
    const text = 'see case-2024-000123 and CASE-2024-1';
    expect(e.scan(text)).toEqual([{ type: 'CUSTOM_CASE', start: 4, end: 20, confidence: 0.7, rule: 'custom.pattern:Case number' }]);
  });

  it('uses an injected compiler for administrator patterns (RE2 in main)', () => {
    const seen: string[] = [];
    const compile: RegexCompiler = (source, flags) => {
      seen.push(`${source}/${flags}`);
      return new RegExp(source, flags);
    };
    const e = createDlpEngine({ patterns: [{ name: 'Ticket', pattern: 'TKT\\d{5}' }] }, { compile });
    expect(seen).toEqual(['TKT\\d{5}/g']);
    expect(kinds(e.scan('TKT12345'))).toEqual(['CUSTOM_TICKET']);
  });

  it('rejects unsafe patterns at load, naming the policy and the rule', () => {
    const cases: [string, RegExp][] = [
      ['(a+)\\1', /backreferences/],
      ['secret(?=:)', /lookahead/],
      ['(?<=\\$)\\d+', /lookbehind/],
      ['x*', /empty text/],
    ];
    for (const [pattern, why] of cases) {
      let err: unknown;
      try {
        createDlpEngine({ patterns: [{ name: 'Bad one', pattern }] });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DlpConfigError);
      expect((err as DlpConfigError).policy).toBe('DlpPatterns');
      expect((err as DlpConfigError).rule).toBe('Bad one');
      expect((err as Error).message).toMatch(/Pattern "Bad one" is not allowed/);
      expect((err as Error).message).toMatch(why);
    }
  });

  it('rejects the pattern when the injected compiler refuses it', () => {
    const compile: RegexCompiler = () => {
      throw new Error('invalid perl operator');
    };
    expect(() => createDlpEngine({ patterns: [{ name: 'P', pattern: 'abc' }] }, { compile })).toThrow(/Pattern "P" could not be compiled/);
  });

  it('rejects invalid config with DlpConfigError', () => {
    expect(() => createDlpEngine({ actions: { US_SSN: 'explode' as never } })).toThrow(DlpConfigError);
    expect(() => createDlpEngine({ keywordLists: [{ name: 'empty', keywords: [] }] })).toThrow(/DlpKeywordLists/);
    expect(() => createDlpEngine({ minConfidence: 2 })).toThrow(/DlpMinConfidence/);
  });

  it('extends and trims classification markings', () => {
    expect(kinds(createDlpEngine({ classificationMarkings: ['AGENCY SENSITIVE'] }).scan('AGENCY SENSITIVE: plan'))).toEqual(['CLASSIFICATION']);
    expect(createDlpEngine({ classificationMarkings: ['-CONFIDENTIAL'] }).scan('CONFIDENTIAL draft')).toEqual([]);
    expect(kinds(createDlpEngine().scan('CONFIDENTIAL draft'))).toEqual(['CLASSIFICATION']);
  });

  it('keeps the best of overlapping findings but layers PHI over the identifier', () => {
    const fs = createDlpEngine().scan(`SSN ${SSN} — HIV positive per the lab report`);
    expect(kinds(fs).sort()).toEqual(['PHI', 'US_SSN']);
    expect(fs[0]!.start).toBe(fs[1]!.start);
  });
});

describe('decide', () => {
  it('applies default actions and the strictest wins', () => {
    const e = createDlpEngine();
    expect(e.decide([]).action).toBe('allow');
    expect(e.decide(e.scan('CONFIDENTIAL draft')).action).toBe('warn');
    const d = e.decide(e.scan(`CONFIDENTIAL: SSN ${SSN}`));
    expect(d.action).toBe('block');
    expect(d.findings.map((f) => [f.type, f.action])).toEqual([
      ['CLASSIFICATION', 'warn'],
      ['US_SSN', 'block'],
    ]);
  });

  it('takes actions from policy, per type, and per custom rule', () => {
    const e = createDlpEngine({
      actions: { US_SSN: 'log', CLASSIFICATION: 'log', CUSTOM_WATCH: 'block' },
      keywordLists: [
        { name: 'watch', type: 'CUSTOM_WATCH', keywords: ['budget leak'] },
        { name: 'note', type: 'CUSTOM_WATCH', keywords: ['heads up'], action: 'log' },
      ],
    });
    expect(e.decide(e.scan(`SSN ${SSN}`)).action).toBe('log');
    expect(e.decide(e.scan('heads up')).action).toBe('log');
    expect(e.decide(e.scan('the budget leak')).action).toBe('block');
  });

  it('audit fields carry type, rule and action, never the value', () => {
    const e = createDlpEngine();
    const text = `pw: Hunter2!x and token ${GH}`;
    const fields = auditFields(e.decide(e.scan(text)));
    expect(fields).toEqual([
      { type: 'PASSWORD', rule: 'password.labeled', action: 'block' },
      { type: 'SECRET', rule: 'secret.github-token', action: 'block' },
    ]);
    const json = JSON.stringify(fields);
    expect(json).not.toContain('Hunter2');
    expect(json).not.toContain(GH.slice(4, 20));
  });
});

describe('maskText', () => {
  const e = createDlpEngine();
  it('keeps the last four of numbers and labels secrets', () => {
    const text = `SSN ${SSN}, card ${CARD}, token ${GH}`;
    expect(maskText(text, e.scan(text))).toBe('SSN •••-••-8105, card •••• •••• •••• 9855, token [secret removed]');
  });
  it('masks all of short or personal values and merges overlaps', () => {
    const text = 'DOB: 03/14/1987';
    expect(maskText(text, e.scan(text))).toBe('DOB: ••/••/••••');
    const both = `SSN ${SSN} — HIV positive`;
    expect(maskText(both, e.scan(both))).toBe('SSN •••-••-•••• — HIV positive');
  });
  it('ignores findings outside the text', () => {
    expect(maskText('abc', [{ type: 'US_SSN', start: 2, end: 10, confidence: 1, rule: 'x' }])).toBe('abc');
  });
});

describe('isValidJustification', () => {
  it('needs a real sentence', () => {
    expect(isValidJustification('ok')).toBe(false);
    expect(isValidJustification('..........')).toBe(false);
    expect(isValidJustification('aaaaaaaaaaaa')).toBe(false);
    expect(isValidJustification('Sending to the AAG for the hearing, approved by my supervisor')).toBe(true);
  });
});

describe('adversarial input', () => {
  // Inputs that would make a careless regex backtrack, and inputs that maximise candidate counts.
  const n = 200_000;
  const inputs: [string, string][] = [
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
    ['whitespace', ' \t'.repeat(n / 2)],
    ['table', 'SSN,DOB\n'.repeat(n / 8)],
    // issue 16 remainder
    ['values before labels', 'X1234567 is her DOB '.repeat(n / 20)],
    ['licence then state', 'license 12345678 (Texas) '.repeat(n / 25)],
    ['health table rows', '| Ana Ruiz | diagnosed |\n'.repeat(n / 25)],
    ['diagnosis subjects', 'Ana Ruiz was diagnosed\n'.repeat(n / 23)],
    ['url query passwords', 'a://b?c&password=d '.repeat(n / 19)],
    ['typo labels', 'pasword routng pasport '.repeat(n / 23)],
    ['one long line of health terms', `${'x '.repeat(n / 4)}${'hiv | '.repeat(n / 12)}`],
    // the speed work: "begin" lines and yEnc headers tried at each "begin"
    ['begin lines', 'begin 644 a\n=ybegin size=1 \n'.repeat(n / 30)],
    // the phrase regex spells out 8 characters of a path: phrases that agree that far and then differ
    ['long phrase prefixes', 'social securit medical recor '.repeat(n / 29)],
    // holdout9's paths: labels' header cells on one long line, spaced digit groups before a label
    ['licence labels', 'dl '.repeat(n / 3)],
    ['spaced groups before labels', '45 500 766 is his PA license '.repeat(n / 29)],
    // holdout8's rules
    ['command lines', 'mysql -u r sshpass '.repeat(n / 19)],
    ['xml settings', '<add key="DbPassword" value='.repeat(n / 28)],
    ['possessive names before conditions', "Ana Ruiz's seizure ".repeat(n / 19)],
    ['subject names before conditions', "that's Ana Ruiz - epilepsy, ".repeat(n / 28)],
    ['passphrases', 'passphrase: otter otter otter otter '.repeat(n / 36)],
    ['hyphen-joined case references', 'APS-2024-1 hiv '.repeat(n / 15)],
  ];
  it.each(inputs)('scans 200 KB of %s in bounded time', (_name, input) => {
    const e = createDlpEngine();
    const t0 = performance.now();
    e.scan(input);
    // Generous: catastrophic backtracking on 200 KB would take minutes to years.
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});
