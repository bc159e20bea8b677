import type { z } from 'zod';
import { canonicalJson } from '../journal/record';
import { unknownActionTypes } from './dlp';
import { ALL_POLICIES, POLICY_BY_NAME, findPolicy, type PolicyDefinition, type PolicyName, type PolicyValues } from './schema';

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
  /** Human-readable origin, e.g. "/etc/approved-im/policies/managed/10-agency.json" or "HKLM\Software\Policies\ApprovedIM". */
  source: string;
  values: Record<string, unknown>;
  /**
   * Values present in the source that could not be decoded into the policy's type (e.g. REG_SZ "yes" for a
   * boolean), by policy name, with the problem. They take part in precedence like any value, and are invalid.
   */
  invalid?: Record<string, string>;
}

/** A problem with a whole source (unreadable, corrupt or untrusted file), found by a reader. */
export interface SourceProblem {
  source: string;
  level: PolicyLevel;
  message: string;
  /** True for mandatory policy sources: their content is unknown, so security-critical values may be missing. */
  fatal: boolean;
}

export type PolicyStatus = 'ok' | 'invalid' | 'conflict' | 'unset';

export interface PolicyConflict {
  level: PolicyLevel;
  source: string;
  value: unknown;
  /** Why the value is not used. */
  reason: string;
}

export interface PolicyEntry {
  name: PolicyName;
  value: unknown;
  level: PolicyLevel | 'default';
  source: string;
  status: PolicyStatus;
  message: string;
  /** Values from weaker layers that lost, and values set where this policy may not be set. */
  conflicts: PolicyConflict[];
}

export interface PolicyProblem {
  /** A policy name, or a source (file, registry key) for problems with a whole source. */
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
  /** The sources that contributed layers, strongest first. */
  sources: { level: PolicyLevel; source: string }[];
}

export interface EvaluateOptions {
  /** Development build (web host, unpackaged Electron): `required-when-packaged` policies may be missing. */
  developmentBuild?: boolean;
  /** Problems the readers found with whole sources. */
  sourceProblems?: readonly SourceProblem[];
}

const levelRank = (l: PolicyLevel) => POLICY_LEVELS.indexOf(l);

/** Whether a policy may be set at a level: machine-scope policies only by machine mandatory policy. */
export function levelAllowed(def: PolicyDefinition, level: PolicyLevel): string | null {
  if (def.scope === 'machine' && level !== 'mandatory-machine') {
    return `${def.name} can only be set by mandatory machine policy; the value at ${level} is ignored.`;
  }
  if (level === 'user-setting' && !def.userSettable) return `${def.name} is not a user setting; the value is ignored.`;
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/** One readable line from zod issues, e.g. `[0].pattern: lookaround is not supported`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

export function displayDefault(def: PolicyDefinition): string {
  if (def.default === '') return 'not set';
  if (typeof def.default === 'string') return def.default.length > 40 ? 'the built-in text' : def.default;
  return JSON.stringify(def.default);
}

/**
 * Merge policy layers by precedence and validate each value against its definition. Never throws.
 * Within one level, earlier layers win (readers pass the winning file first).
 */
export function evaluatePolicy(layers: readonly PolicyLayer[], opts: EvaluateOptions = {}): EffectivePolicy {
  const ordered = layers
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => levelRank(a.layer.level) - levelRank(b.layer.level) || a.index - b.index)
    .map((x) => x.layer);
  const values: Record<string, unknown> = {};
  const entries: PolicyEntry[] = [];
  const fatal: PolicyProblem[] = [];
  const warnings: PolicyProblem[] = [];

  for (const p of opts.sourceProblems ?? []) (p.fatal ? fatal : warnings).push({ policy: p.source, message: p.message });

  for (const layer of ordered) {
    for (const key of [...Object.keys(layer.values), ...Object.keys(layer.invalid ?? {})]) {
      if (POLICY_BY_NAME.has(key)) continue;
      const near = findPolicy(key);
      const hint = near ? ` Did you mean ${near.name}?` : '';
      warnings.push({ policy: key, message: `Unknown policy in ${layer.source}; ignored.${hint}` });
    }
  }

  const has = (l: PolicyLayer, name: string) =>
    Object.prototype.hasOwnProperty.call(l.values, name) || Object.prototype.hasOwnProperty.call(l.invalid ?? {}, name);
  const rawOf = (l: PolicyLayer, name: string) => (Object.prototype.hasOwnProperty.call(l.values, name) ? l.values[name] : undefined);

  for (const def of ALL_POLICIES) {
    const conflicts: PolicyConflict[] = [];
    const candidates: PolicyLayer[] = [];
    for (const l of ordered) {
      if (!has(l, def.name)) continue;
      const notAllowed = levelAllowed(def, l.level);
      if (notAllowed) {
        conflicts.push({ level: l.level, source: l.source, value: rawOf(l, def.name), reason: notAllowed });
        if (l.level !== 'user-setting') warnings.push({ policy: def.name, message: `${notAllowed} (${l.source})` });
      } else candidates.push(l);
    }
    const winner = candidates[0];
    for (const l of candidates.slice(1)) {
      if (!winner || sameValue(rawOf(l, def.name), rawOf(winner, def.name))) continue;
      conflicts.push({ level: l.level, source: l.source, value: rawOf(l, def.name), reason: `Overridden by ${winner.source}.` });
    }
    const base = { name: def.name as PolicyName, conflicts };
    let entry: PolicyEntry;
    if (!winner) {
      entry = {
        ...base,
        value: structuredClone(def.default),
        level: 'default',
        source: 'default',
        status: 'unset',
        message: conflictMessage(conflicts),
      };
      const required = def.required ?? 'optional';
      if (required === 'required' || (required === 'required-when-packaged' && !opts.developmentBuild)) {
        entry.status = 'invalid';
        entry.message = `Required policy is not set.${entry.message ? ` ${entry.message}` : ''}`;
        fatal.push({ policy: def.name, message: entry.message });
      } else if (required === 'required-when-packaged') {
        entry.message = `Not set. Allowed in development builds only: a packaged client does not start without it.${entry.message ? ` ${entry.message}` : ''}`;
        warnings.push({ policy: def.name, message: entry.message });
      }
    } else {
      const decodeError = winner.invalid?.[def.name];
      const parsed = decodeError === undefined ? def.schema.safeParse(rawOf(winner, def.name)) : null;
      const from = { level: winner.level, source: winner.source };
      if (parsed?.success) {
        entry = { ...base, ...from, value: parsed.data, status: conflicts.length ? 'conflict' : 'ok', message: conflictMessage(conflicts) };
      } else {
        const problem = decodeError ?? formatIssues(parsed?.error.issues ?? []);
        entry = { ...base, ...from, value: structuredClone(def.default), status: 'invalid', message: `Invalid value: ${problem}.` };
        if (def.securityCritical) fatal.push({ policy: def.name, message: entry.message });
        else {
          entry.message += ` The default (${displayDefault(def)}) is used.`;
          warnings.push({ policy: def.name, message: entry.message });
        }
      }
    }
    values[def.name] = entry.value;
    entries.push(entry);
  }

  crossChecks(values as PolicyValues, entries, fatal);
  const sources = ordered.map((l) => ({ level: l.level, source: l.source }));
  return { values: values as PolicyValues, entries, fatal, warnings, sources };
}

function conflictMessage(conflicts: readonly PolicyConflict[]): string {
  const overridden = conflicts.filter((c) => c.reason.startsWith('Overridden'));
  const parts = conflicts.filter((c) => !c.reason.startsWith('Overridden')).map((c) => c.reason);
  if (overridden.length) {
    const where = overridden.map((c) => c.source).join(', ');
    parts.unshift(`Also set in ${where}; ${overridden.length === 1 ? 'that value is' : 'those values are'} not used.`);
  }
  return parts.join(' ');
}

/** Rules that involve more than one policy. Each marks the entry it names invalid and fails closed. */
function crossChecks(values: PolicyValues, entries: PolicyEntry[], fatal: PolicyProblem[]): void {
  const fail = (name: PolicyName, message: string) => {
    const entry = entries.find((e) => e.name === name);
    if (entry && entry.status !== 'invalid') {
      entry.status = 'invalid';
      entry.message = message;
    }
    fatal.push({ policy: name, message });
  };
  if (values.RetentionServerUrl !== '' && values.RetentionServerToken === '') {
    const tokenEntry = entries.find((e) => e.name === 'RetentionServerToken');
    if (tokenEntry?.status !== 'invalid') fail('RetentionServerToken', 'Required when RetentionServerUrl is set.');
  }
  const unknown = unknownActionTypes(values.DlpActions, values.DlpKeywordLists, values.DlpPatterns);
  if (unknown.length) {
    fail('DlpActions', `Invalid value: unknown finding type ${unknown.join(', ')} (not built in, not CUSTOM_*, not declared by a keyword list or pattern).`);
  }
}

/** Problems that concern one policy, for the configuration error screen and the page. */
export function problemsFor(policy: EffectivePolicy, name: string): PolicyProblem[] {
  return [...policy.fatal, ...policy.warnings].filter((p) => p.policy === name);
}
