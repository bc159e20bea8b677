import type { z } from 'zod';
import type { PolicyDefinition } from './definition';
import { CLIENT_POLICIES } from './definitions/client';
import { DLP_POLICIES } from './definitions/dlp';
import { SERVER_POLICIES } from './definitions/server';

/**
 * The one declarative definition of every group policy. Templates (ADMX/ADML, mobileconfig, JSON schema,
 * Markdown), the readers in main, the policy page and `policy:check` are all derived from this list.
 * To add a policy, see README.md in this folder.
 */
export type { PolicyDefinition, PolicyKind, PolicyScope, PolicyCategory, PolicyRequirement } from './definition';
export { POLICY_CATEGORIES } from './definition';
export { DEFAULT_RECORDS_NOTICE } from './definitions/client';

/** Product identifiers used by the OS readers and the templates. */
export const POLICY_PRODUCT = {
  name: 'Approved IM',
  /** Windows: HKLM/HKCU\Software\Policies\ApprovedIM (and ...\ApprovedIM\Recommended). */
  registryKey: 'Software\\Policies\\ApprovedIM',
  registryRecommendedSubkey: 'Recommended',
  /** macOS preference domain (managed preferences, configuration profile PayloadType). */
  macDomain: 'gov.state.approvedim',
  /** Linux: managed/*.json and recommended/*.json below this directory. */
  linuxDir: '/etc/approved-im/policies',
  /** ADMX namespace and file base name. */
  admxNamespace: 'Gov.State.Policies.ApprovedIM',
  admxPrefix: 'approvedim',
  admxFile: 'ApprovedIM',
} as const;

export const POLICY_DEFINITIONS = [...SERVER_POLICIES, ...CLIENT_POLICIES, ...DLP_POLICIES] as const;

type Defs = (typeof POLICY_DEFINITIONS)[number];
export type PolicyName = Defs['name'];
export type PolicyValues = { [D in Defs as D['name']]: z.infer<D['schema']> };

export const POLICY_BY_NAME: ReadonlyMap<string, PolicyDefinition> = new Map(
  POLICY_DEFINITIONS.map((d) => [d.name, d as unknown as PolicyDefinition]),
);

/** Case-insensitive lookup (registry value names are case-insensitive). */
const BY_LOWER_NAME: ReadonlyMap<string, PolicyDefinition> = new Map(
  POLICY_DEFINITIONS.map((d) => [d.name.toLowerCase(), d as unknown as PolicyDefinition]),
);
export function findPolicy(name: string): PolicyDefinition | undefined {
  return POLICY_BY_NAME.get(name) ?? BY_LOWER_NAME.get(name.toLowerCase());
}

/** All definitions typed uniformly, for code that iterates generically. */
export const ALL_POLICIES: readonly PolicyDefinition[] = POLICY_DEFINITIONS as unknown as readonly PolicyDefinition[];

/** Default value of every policy. */
export function defaultPolicyValues(): PolicyValues {
  return Object.fromEntries(ALL_POLICIES.map((d) => [d.name, structuredClone(d.default)])) as PolicyValues;
}
