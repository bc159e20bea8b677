import { def } from '../definition';
import { dlpActions, dlpBuiltinDetectors, dlpClassificationMarkings, dlpKeywordLists, dlpMinConfidence, dlpPatterns } from '../dlp';

const SINCE = '0.1';
const COMMON = {
  kind: 'json',
  category: 'Dlp',
  scope: 'machine',
  runtime: true,
  securityCritical: true,
  sensitive: false,
  maxLength: 1_000_000,
  since: SINCE,
} as const;

/**
 * Data loss prevention rules. Security-critical: an invalid rule stops the client rather than sending
 * without it. When a DLP policy is not set, the built-in detectors run with their default actions,
 * which is the most protective configuration the client has.
 */
export const DLP_POLICIES = [
  def({
    ...COMMON,
    name: 'DlpBuiltinDetectors',
    title: 'DLP built-in detectors',
    schema: dlpBuiltinDetectors,
    default: {},
    example: { US_SSN: true, CREDIT_CARD: true, DOB: false },
    description:
      'JSON object turning built-in detectors on (true) or off (false) by finding type: US_SSN, US_ITIN, CREDIT_CARD, ABA_ROUTING, US_BANK_ACCOUNT, US_PASSPORT, US_DRIVER_LICENSE, DOB, PASSWORD, SECRET, PRIVATE_KEY, CLASSIFICATION, PHI, ENCODED_BINARY. Types not listed stay on.',
  }),
  def({
    ...COMMON,
    name: 'DlpActions',
    title: 'DLP action per finding type',
    schema: dlpActions,
    default: {},
    example: { US_SSN: 'block', CREDIT_CARD: 'block', PHI: 'warn', DOB: 'log' },
    description:
      'JSON object mapping a finding type (built-in, or a custom type of a keyword list or pattern) to block (refuse to send), warn (send only with a justification, which is recorded) or log (send and record the finding). Types not listed use the engine defaults.',
  }),
  def({
    ...COMMON,
    name: 'DlpKeywordLists',
    title: 'DLP custom keyword lists',
    schema: dlpKeywordLists,
    default: [],
    example: [{ name: 'project-names', type: 'CUSTOM_PROJECT', action: 'warn', keywords: ['Bluebird', 'Red Oak'] }],
    description:
      'JSON array of keyword lists: {"name", "type"?, "action"?, "keywords": [...]}. Keywords match case-insensitively on word boundaries. The type defaults to CUSTOM_<NAME>.',
  }),
  def({
    ...COMMON,
    name: 'DlpPatterns',
    title: 'DLP custom patterns',
    schema: dlpPatterns,
    default: [],
    example: [{ name: 'case-number', type: 'CUSTOM_CASE', action: 'warn', pattern: '\\bCASE-\\d{6}\\b', flags: 'i', confidence: 0.9 }],
    description:
      'JSON array of patterns: {"name", "type"?, "action"?, "pattern", "flags"?, "confidence"?}. Patterns use the RE2 subset (no lookaround, no backreferences); flags may be i, m and s.',
  }),
  def({
    ...COMMON,
    kind: 'string-list',
    name: 'DlpClassificationMarkings',
    title: 'DLP classification markings',
    schema: dlpClassificationMarkings,
    default: [],
    example: ['CONFIDENTIAL', 'FOR OFFICIAL USE ONLY', '-RESTRICTED'],
    description:
      'Classification markings detected as CLASSIFICATION findings, in addition to the defaults. An entry starting with - removes a default marking. Matched case-sensitively on word boundaries.',
  }),
  def({
    ...COMMON,
    kind: 'number',
    name: 'DlpMinConfidence',
    title: 'DLP minimum confidence',
    schema: dlpMinConfidence,
    default: 0.5,
    example: 0.5,
    description:
      'Findings with a confidence below this value (0 to 1) are ignored. Lower values catch more, with more false alarms. On Windows enter the number as text, e.g. 0.6.',
    min: 0,
    max: 1,
  }),
] as const;
