import { z } from 'zod';

/**
 * Validation of the DLP policies (DlpBuiltinDetectors, DlpActions, DlpKeywordLists, DlpPatterns,
 * DlpClassificationMarkings). The DLP engine (shared/dlp/) consumes the same JSON shapes; these schemas
 * check the structure here so that a policy error is reported against the policy name that holds it.
 * The engine additionally compiles patterns with its linear-time engine / RE2 when it loads them.
 */

/** The built-in finding types (CONTRACTS.md "DLP finding types"). */
export const DLP_BUILTIN_TYPES = [
  'US_SSN',
  'US_ITIN',
  'CREDIT_CARD',
  'ABA_ROUTING',
  'US_BANK_ACCOUNT',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'DOB',
  'PASSWORD',
  'SECRET',
  'PRIVATE_KEY',
  'CLASSIFICATION',
  'PHI',
  'ENCODED_BINARY',
] as const;

export const DLP_ACTIONS = ['block', 'warn', 'log'] as const;

const typeName = z
  .string()
  .max(64)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case type name such as CUSTOM_PROJECT (A-Z, 0-9, _)');
const action = z.enum(DLP_ACTIONS, { message: 'must be one of block, warn, log' });
const ruleName = z.string().min(1, 'must not be empty').max(64);

export const dlpBuiltinDetectors = z.partialRecord(z.enum(DLP_BUILTIN_TYPES), z.boolean());

export const dlpActions = z.record(typeName, action);

function uniqueNames(items: readonly { name: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate rule name "${item.name}"` });
    seen.add(item.name);
  });
}

export const dlpKeywordLists = z
  .array(
    z.strictObject({
      name: ruleName,
      type: typeName.optional(),
      action: action.optional(),
      keywords: z.array(z.string().trim().min(1, 'keywords must not be empty').max(200)).min(1).max(10_000),
    }),
  )
  .max(200)
  .superRefine(uniqueNames);

/** Why a pattern is outside the safe subset that RE2 and the built-in linear engine share, or null. */
export function unsafePatternReason(pattern: string, flags = ''): string | null {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround ((?=, (?!, (?<=, (?<!) is not supported';
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not supported';
  try {
    new RegExp(pattern, `u${flags}`);
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message})`;
  }
  return null;
}

export const dlpPatterns = z
  .array(
    z
      .strictObject({
        name: ruleName,
        type: typeName.optional(),
        action: action.optional(),
        pattern: z.string().min(1).max(2000),
        flags: z
          .string()
          .regex(/^(?!.*(.).*\1)[ims]*$/, 'flags may only be i, m and s, each at most once')
          .optional(),
        confidence: z.number().min(0).max(1).optional(),
      })
      .superRefine((p, ctx) => {
        const reason = unsafePatternReason(p.pattern, p.flags ?? '');
        if (reason) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `pattern "${p.name}": ${reason}` });
      }),
  )
  .max(200)
  .superRefine(uniqueNames);

export const dlpClassificationMarkings = z
  .array(z.string().trim().min(1).max(100).regex(/^-?[^\s-][^\n]*$/, 'must be a marking, or -MARKING to remove a default one'))
  .max(500);

/**
 * Cross-policy check: every type named in DlpActions is a built-in type, a CUSTOM_* type, or a type that
 * a keyword list or pattern declares. Returns the unknown type names.
 */
export function unknownActionTypes(
  actions: Record<string, unknown>,
  keywordLists: readonly { type?: string | undefined }[],
  patterns: readonly { type?: string | undefined }[],
): string[] {
  const known = new Set<string>(DLP_BUILTIN_TYPES);
  for (const r of [...keywordLists, ...patterns]) if (r.type) known.add(r.type);
  return Object.keys(actions).filter((t) => !known.has(t) && !t.startsWith('CUSTOM_'));
}
