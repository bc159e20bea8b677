/**
 * The DLP part of group policy, as zod schemas. The policy system (shared/policy) can reuse these; the
 * dlp:scan CLI reads the same policy names straight from a policy JSON file.
 */
import { z } from 'zod';
import { DLP_TYPES, type DlpConfig } from './types.js';

export const dlpActionSchema = z.enum(['block', 'warn', 'log']);

/** A finding type: a built-in name or CUSTOM_<NAME>. */
export const dlpTypeNameSchema = z
  .string()
  .regex(/^(?:[A-Z][A-Z0-9_]{0,63})$/, 'a type is upper case letters, digits and "_", e.g. US_SSN or CUSTOM_CASE_NUMBER')
  .refine((t) => (DLP_TYPES as readonly string[]).includes(t) || t.startsWith('CUSTOM_'), {
    message: `a type is one of ${DLP_TYPES.join(', ')} or starts with CUSTOM_`,
  });

const ruleName = z.string().min(1).max(100);

export const dlpKeywordListSchema = z.strictObject({
  name: ruleName,
  type: dlpTypeNameSchema.optional(),
  action: dlpActionSchema.optional(),
  keywords: z.array(z.string().min(1).max(200)).min(1).max(5000),
});

export const dlpPatternSchema = z.strictObject({
  name: ruleName,
  type: dlpTypeNameSchema.optional(),
  action: dlpActionSchema.optional(),
  pattern: z.string().min(1).max(2000),
  flags: z.string().regex(/^[gims]*$/, 'flags may contain only i, m and s').optional(),
  confidence: z.number().min(0).max(1).optional(),
});

export const dlpConfigSchema = z.strictObject({
  builtinDetectors: z.record(dlpTypeNameSchema, z.boolean()).optional(),
  actions: z.record(dlpTypeNameSchema, dlpActionSchema).optional(),
  keywordLists: z.array(dlpKeywordListSchema).max(200).optional(),
  patterns: z.array(dlpPatternSchema).max(500).optional(),
  classificationMarkings: z.array(z.string().min(1).max(200)).max(500).optional(),
  minConfidence: z.number().min(0).max(1).optional(),
});

/** Policy names (CONTRACTS.md policy file) → DlpConfig fields. */
export const DLP_POLICY_NAMES = {
  DlpBuiltinDetectors: 'builtinDetectors',
  DlpActions: 'actions',
  DlpKeywordLists: 'keywordLists',
  DlpPatterns: 'patterns',
  DlpClassificationMarkings: 'classificationMarkings',
  DlpMinConfidence: 'minConfidence',
} as const satisfies Record<string, keyof DlpConfig>;

export type DlpPolicyName = keyof typeof DLP_POLICY_NAMES;

export const dlpPolicySchemas = {
  DlpBuiltinDetectors: dlpConfigSchema.shape.builtinDetectors.unwrap(),
  DlpActions: dlpConfigSchema.shape.actions.unwrap(),
  DlpKeywordLists: dlpConfigSchema.shape.keywordLists.unwrap(),
  DlpPatterns: dlpConfigSchema.shape.patterns.unwrap(),
  DlpClassificationMarkings: dlpConfigSchema.shape.classificationMarkings.unwrap(),
  DlpMinConfidence: dlpConfigSchema.shape.minConfidence.unwrap(),
} as const;

export interface PolicyProblem {
  policy: string;
  message: string;
}

/**
 * Reads the Dlp* names from a policy object (other names are ignored). Returns the config or the list of
 * problems, each naming the policy and the entry.
 */
export function dlpConfigFromPolicy(policy: Record<string, unknown>): { config: DlpConfig } | { problems: PolicyProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: PolicyProblem[] = [];
  for (const [policyName, field] of Object.entries(DLP_POLICY_NAMES) as [DlpPolicyName, keyof DlpConfig][]) {
    if (!(policyName in policy) || policy[policyName] === undefined) continue;
    const r = dlpPolicySchemas[policyName].safeParse(policy[policyName]);
    if (r.success) config[field] = r.data;
    else problems.push(...r.error.issues.map((i) => ({ policy: policyName, message: describeIssue(policyName, policy[policyName], i) })));
  }
  return problems.length ? { problems } : { config: config as DlpConfig };
}

function describeIssue(policyName: string, value: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  let where = path.length ? ` at ${path.join('.')}` : '';
  // Name the rule when the problem is inside a named list entry.
  if (Array.isArray(value) && typeof issue.path[0] === 'number') {
    const entry = value[issue.path[0]] as { name?: unknown } | undefined;
    if (entry && typeof entry.name === 'string') where = ` in "${entry.name}"${path.length > 1 ? ` (${path.slice(1).join('.')})` : ''}`;
  }
  const message =
    issue.code === 'invalid_key'
      ? `"${String(issue.path[issue.path.length - 1])}" is not a DLP type: use one of ${DLP_TYPES.join(', ')} or a name starting with CUSTOM_`
      : issue.message;
  return `${policyName}${where}: ${message}`;
}
