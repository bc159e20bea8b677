import { POLICY_DEFINITIONS, POLICY_BY_NAME, type PolicyValues, type PolicyName } from './schema';

/** Where a value came from, strongest first. */
export const POLICY_LEVELS = [
  'mandatory-machine',
  'mandatory-user',
  'recommended-machine',
  'recommended-user',
  'user-setting',
] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

export interface PolicyLayer {
  level: PolicyLevel;
  /** Human-readable origin, e.g. "/etc/approved-im/policies/managed/10-agency.json" or "HKLM". */
  source: string;
  values: Record<string, unknown>;
}

export type PolicyStatus = 'ok' | 'invalid' | 'conflict' | 'unset';

export interface PolicyEntry {
  name: PolicyName;
  value: unknown;
  level: PolicyLevel | 'default';
  source: string;
  status: PolicyStatus;
  message: string;
  /** Values from weaker layers that lost. */
  conflicts: { level: PolicyLevel; source: string; value: unknown }[];
}

export interface PolicyProblem {
  policy: string;
  message: string;
}

export interface EffectivePolicy {
  values: PolicyValues;
  entries: PolicyEntry[];
  /** Security-critical problems: the client must not sign in. */
  fatal: PolicyProblem[];
  /** Non-critical problems: the default is used and a warning is shown. */
  warnings: PolicyProblem[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Merge policy layers by precedence and validate each value against its definition. Never throws. */
export function evaluatePolicy(layers: readonly PolicyLayer[]): EffectivePolicy {
  const ordered = [...layers].sort((a, b) => POLICY_LEVELS.indexOf(a.level) - POLICY_LEVELS.indexOf(b.level));
  const values: Record<string, unknown> = {};
  const entries: PolicyEntry[] = [];
  const fatal: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];

  for (const layer of ordered) {
    for (const key of Object.keys(layer.values)) {
      if (!POLICY_BY_NAME.has(key)) warnings.push({ policy: key, message: `Unknown policy in ${layer.source}; ignored.` });
    }
  }

  for (const def of POLICY_DEFINITIONS) {
    const candidates = ordered.filter((l) => Object.prototype.hasOwnProperty.call(l.values, def.name));
    const winner = candidates[0];
    const conflicts = candidates
      .slice(1)
      .filter((l) => !sameValue(l.values[def.name], winner?.values[def.name]))
      .map((l) => ({ level: l.level, source: l.source, value: l.values[def.name] }));
    let entry: PolicyEntry;
    if (!winner) {
      entry = { name: def.name, value: def.default, level: 'default', source: 'default', status: 'unset', message: '', conflicts };
      if (def.securityCritical && (def.default === '' || def.default === undefined)) {
        entry.status = 'invalid';
        entry.message = 'Required policy is not set.';
        fatal.push({ policy: def.name, message: entry.message });
      }
    } else {
      const raw = winner.values[def.name];
      const parsed = def.schema.safeParse(raw);
      if (parsed.success) {
        entry = {
          name: def.name,
          value: parsed.data,
          level: winner.level,
          source: winner.source,
          status: conflicts.length ? 'conflict' : 'ok',
          message: conflicts.length ? `Also set in ${conflicts.map((c) => c.source).join(', ')}; that value is not used.` : '',
          conflicts,
        };
      } else {
        const problem = parsed.error.issues.map((i) => i.message).join('; ');
        entry = {
          name: def.name,
          value: def.default,
          level: winner.level,
          source: winner.source,
          status: 'invalid',
          message: `Invalid value (${problem}).`,
          conflicts,
        };
        if (def.securityCritical) fatal.push({ policy: def.name, message: entry.message });
        else {
          entry.message += ' The default is used.';
          warnings.push({ policy: def.name, message: entry.message });
        }
      }
    }
    values[def.name] = entry.value;
    entries.push(entry);
  }
  return { values: values as PolicyValues, entries, fatal, warnings };
}
