import { z } from 'zod';
import { dlpPolicySchemas } from '../dlp/config';
import { checkPattern } from '../dlp/regex/index';
import { DLP_TYPES } from '../dlp/types';

/**
 * Validation of the DLP policies. The structure comes from the DLP engine's own schemas
 * (shared/dlp/config.ts, also used by `npm run dlp:scan`), so the policy system and the engine agree on
 * what is valid; this module adds what a policy check needs on top: patterns checked against the
 * engine's safe regex subset, unique rule names, and a cross-policy check of DlpActions.
 */

export const DLP_BUILTIN_TYPES = DLP_TYPES;
export const DLP_ACTIONS = ['block', 'warn', 'log'] as const;

function uniqueNames(items: readonly { name: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate rule name "${item.name}"` });
    seen.add(item.name);
  });
}

export const dlpBuiltinDetectors = dlpPolicySchemas.DlpBuiltinDetectors;
export const dlpActions = dlpPolicySchemas.DlpActions;
export const dlpClassificationMarkings = dlpPolicySchemas.DlpClassificationMarkings;
export const dlpMinConfidence = dlpPolicySchemas.DlpMinConfidence;
export const dlpKeywordLists = dlpPolicySchemas.DlpKeywordLists.superRefine(uniqueNames);

/** Why a pattern is outside the safe subset (linear-time engine / RE2), or null. */
export function unsafePatternReason(pattern: string, flags = ''): string | null {
  try {
    return checkPattern(pattern, flags.replace(/g/g, ''));
  } catch (err) {
    return `not a valid pattern (${(err as Error).message})`;
  }
}

export const dlpPatterns = dlpPolicySchemas.DlpPatterns.superRefine((patterns, ctx) => {
  uniqueNames(patterns, ctx);
  patterns.forEach((p, i) => {
    const reason = unsafePatternReason(p.pattern, p.flags ?? '');
    if (reason) ctx.addIssue({ code: 'custom', path: [i, 'pattern'], message: `pattern "${p.name}": ${reason}` });
  });
});

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
