import { describe, expect, it } from 'vitest';
import { dlpConfigFromPolicy, dlpConfigSchema, dlpPolicySchemas } from './config.js';

describe('dlpConfigFromPolicy', () => {
  it('maps the Dlp* policy names and ignores the others', () => {
    const r = dlpConfigFromPolicy({
      XmppDomain: 'example.gov',
      DlpBuiltinDetectors: { DOB: false },
      DlpActions: { US_SSN: 'warn', CUSTOM_X: 'block' },
      DlpKeywordLists: [{ name: 'k', keywords: ['a'] }],
      DlpPatterns: [{ name: 'p', pattern: 'x\\d+', flags: 'i', confidence: 0.6 }],
      DlpClassificationMarkings: ['AGENCY ONLY', '-RESTRICTED'],
      DlpMinConfidence: 0.6,
    });
    expect(r).toEqual({
      config: {
        builtinDetectors: { DOB: false },
        actions: { US_SSN: 'warn', CUSTOM_X: 'block' },
        keywordLists: [{ name: 'k', keywords: ['a'] }],
        patterns: [{ name: 'p', pattern: 'x\\d+', flags: 'i', confidence: 0.6 }],
        classificationMarkings: ['AGENCY ONLY', '-RESTRICTED'],
        minConfidence: 0.6,
      },
    });
  });

  it('names the policy and the rule in each problem', () => {
    const r = dlpConfigFromPolicy({
      DlpActions: { US_SSN: 'explode', NOT_A_TYPE: 'block' },
      DlpPatterns: [{ name: 'Case', pattern: 'x', flags: 'y' }],
    });
    expect('problems' in r).toBe(true);
    const messages = 'problems' in r ? r.problems.map((p) => p.message) : [];
    expect(messages.some((m) => m.startsWith('DlpActions') && m.includes('US_SSN'))).toBe(true);
    expect(messages.some((m) => m.startsWith('DlpActions') && m.includes('"NOT_A_TYPE" is not a DLP type'))).toBe(true);
    expect(messages.some((m) => m.startsWith('DlpPatterns in "Case"') && m.includes('flags'))).toBe(true);
  });

  it('exposes one schema per policy name and rejects unknown fields', () => {
    expect(dlpPolicySchemas.DlpMinConfidence.safeParse(1.5).success).toBe(false);
    expect(dlpConfigSchema.safeParse({ patterns: [{ name: 'x', pattern: 'a', extra: 1 }] }).success).toBe(false);
  });
});
