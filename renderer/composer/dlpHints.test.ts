import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../shared/policy/evaluate';
import { buildPolicyView } from '../../shared/policy/view';
import type { PolicyView } from '../../shared/ipc/types';
import {
  createHintEngine,
  dlpConfigFromView,
  dlpHints,
  groupHints,
  hintAnnouncement,
  hintLabel,
  maskDraft,
  snippetOf,
  strictestAction,
} from './dlpHints';

const BASE = {
  XmppDomain: 'example.gov',
  XmppHost: 'xmpp.example.gov',
  RetentionServerUrl: 'https://records.example.gov',
  RetentionServerToken: 'token-123456789',
};

function viewWith(values: Record<string, unknown>): PolicyView {
  const policy = evaluatePolicy([{ level: 'mandatory-machine', source: '/etc/approved-im/policies/managed/a.json', values: { ...BASE, ...values } }]);
  return buildPolicyView(policy, { hash: 'h', now: new Date('2026-05-01T00:00:00Z') });
}

const defaults = createHintEngine({});

describe('dlpConfigFromView', () => {
  it('reads the Dlp* policies from the formatted values of the policy view', () => {
    const view = viewWith({
      DlpActions: { US_SSN: 'warn', DOB: 'log' },
      DlpBuiltinDetectors: { CLASSIFICATION: false },
      DlpKeywordLists: [{ name: 'projects', type: 'CUSTOM_PROJECT', action: 'warn', keywords: ['Bluebird'] }],
      DlpPatterns: [{ name: 'case-number', type: 'CUSTOM_CASE', action: 'log', pattern: '\\bCASE-\\d{6}\\b', flags: 'i' }],
      DlpClassificationMarkings: ['EYES ONLY'],
      DlpMinConfidence: 0.6,
    });
    const { config, problems } = dlpConfigFromView(view);
    expect(problems).toEqual([]);
    expect(config).toEqual({
      actions: { US_SSN: 'warn', DOB: 'log' },
      builtinDetectors: { CLASSIFICATION: false },
      keywordLists: [{ name: 'projects', type: 'CUSTOM_PROJECT', action: 'warn', keywords: ['Bluebird'] }],
      patterns: [{ name: 'case-number', type: 'CUSTOM_CASE', action: 'log', pattern: '\\bCASE-\\d{6}\\b', flags: 'i' }],
      classificationMarkings: ['EYES ONLY'],
      minConfidence: 0.6,
    });
  });

  it('uses the engine defaults when no DLP policy is set, or no view at all', () => {
    expect(dlpConfigFromView(viewWith({}))).toEqual({ config: {}, problems: [] });
    expect(dlpConfigFromView(null)).toEqual({ config: {}, problems: [] });
  });

  it('skips an unreadable value and keeps the others', () => {
    const view: Pick<PolicyView, 'entries'> = {
      entries: [
        { ...viewWith({}).entries[0]!, name: 'DlpActions', value: '{not json', status: 'ok' },
        { ...viewWith({}).entries[0]!, name: 'DlpMinConfidence', value: '0.7', status: 'ok' },
        { ...viewWith({}).entries[0]!, name: 'DlpBuiltinDetectors', value: '{"NOT_A_TYPE":true}', status: 'ok' },
      ],
    };
    expect(dlpConfigFromView(view)).toEqual({ config: { minConfidence: 0.7 }, problems: ['DlpActions', 'DlpBuiltinDetectors'] });
  });
});

describe('dlpHints', () => {
  it('names an SSN in plain words with the action policy takes', () => {
    const hints = dlpHints(defaults, 'SSN 536-22-8147');
    expect(hints).toEqual([
      { type: 'US_SSN', label: 'Looks like a Social Security number', action: 'block', actionText: 'Blocked', start: 4, end: 15, snippet: '536-22-8147' },
    ]);
    expect(strictestAction(hints)).toBe('block');
  });

  it('follows the policy: actions, custom rules and switched-off detectors', () => {
    const { config } = dlpConfigFromView(
      viewWith({
        DlpActions: { US_SSN: 'warn', DOB: 'log' },
        DlpBuiltinDetectors: { CLASSIFICATION: false },
        DlpKeywordLists: [{ name: 'projects', type: 'CUSTOM_PROJECT', action: 'warn', keywords: ['Bluebird'] }],
      }),
    );
    const engine = createHintEngine(config);
    const hints = dlpHints(engine, 'CONFIDENTIAL: Bluebird, SSN 536-22-8147, DOB: 03/14/1982');
    expect(hints.map((h) => [h.label, h.actionText])).toEqual([
      ['Matches your organization\'s rule "projects"', 'Needs a reason'],
      ['Looks like a Social Security number', 'Needs a reason'],
      ['Looks like a date of birth', 'Logged'],
    ]);
    expect(strictestAction(hints)).toBe('warn');
  });

  it('finds nothing in ordinary text, empty drafts or known fake numbers', () => {
    expect(dlpHints(defaults, '')).toEqual([]);
    expect(dlpHints(defaults, 'Lunch at noon? The budget memo is due Friday.')).toEqual([]);
    expect(dlpHints(defaults, 'the form example is 123-45-6789')).toEqual([]);
    expect(strictestAction([])).toBeNull();
  });

  it('shortens long matches to one line', () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEA'.repeat(8)}\n-----END RSA PRIVATE KEY-----`;
    const hints = dlpHints(defaults, `here is the key ${key}`);
    expect(hints[0]?.label).toBe('Looks like a private key');
    expect(Array.from(hints[0]!.snippet).length).toBeLessThanOrEqual(32);
    expect(hints[0]!.snippet.endsWith('…')).toBe(true);
    expect(snippetOf('a\n  b', 0, 5)).toBe('a b');
  });

  it('groups by kind, strictest first, and announces the kinds', () => {
    const hints = dlpHints(defaults, 'DOB: 03/14/1982 and SSN 536-22-8147 or 536-22-8147');
    const groups = groupHints(hints);
    expect(groups.map((g) => [g.label, g.actionText, g.snippets])).toEqual([
      ['Looks like a Social Security number', 'Blocked', ['536-22-8147']],
      ['Looks like a date of birth', 'Needs a reason', ['03/14/1982']],
    ]);
    expect(hintAnnouncement(hints)).toBe('Sensitive information check: a Social Security number (blocked); a date of birth (needs a reason).');
    expect(hintAnnouncement([])).toBe('');
  });

  it('labels custom types without a rule name readably', () => {
    expect(hintLabel('CUSTOM_CASE_NUMBER')).toBe('Looks like case number');
    expect(hintLabel('CUSTOM_X', 'custom.pattern:case-number')).toBe('Matches your organization\'s rule "case-number"');
  });
});

describe('maskDraft', () => {
  it('replaces the sensitive spans with maskText output and leaves the rest', () => {
    expect(maskDraft(defaults, 'SSN 536-22-8147 please')).toBe('SSN •••-••-8147 please');
    expect(maskDraft(defaults, 'password: hunter2 ok')).toBe('password: [password removed] ok');
    expect(maskDraft(defaults, 'nothing here')).toBe('nothing here');
    // Masked text no longer raises a hint.
    expect(dlpHints(defaults, maskDraft(defaults, 'SSN 536-22-8147'))).toEqual([]);
  });
});
