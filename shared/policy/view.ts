import type { PolicyView } from '../ipc/types';
import type { EffectivePolicy, PolicyEntry } from './evaluate';
import { POLICY_BY_NAME, POLICY_CATEGORIES, POLICY_PRODUCT, type PolicyDefinition } from './schema';

/** What sensitive values look like on screen and in exports. */
export const MASK = '••••••••';
/** Policy 630-04: settings are reviewed at least annually. */
export const REVIEW_MAX_AGE_DAYS = 365;
const DAY_MS = 86_400_000;

/** A value as text: strings as they are, everything else as compact JSON. */
export function formatPolicyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

function isEmpty(value: unknown): boolean {
  return value === '' || value === undefined || value === null;
}

function displayValue(def: PolicyDefinition | undefined, value: unknown): string {
  if (def?.sensitive) return isEmpty(value) ? '' : MASK;
  return formatPolicyValue(value);
}

/** A setting managed by group policy (any policy level, even with an invalid value) is locked. */
export function isManaged(entry: Pick<PolicyEntry, 'level'>): boolean {
  return entry.level !== 'default' && entry.level !== 'user-setting';
}

export interface ReviewState {
  overdue: boolean;
  message: string;
  /** Whole days since PolicyReviewedOn, when set. */
  ageDays?: number;
}

/** Policy 630-04 asks for a review at least yearly: flag a missing date or one older than 365 days. */
export function reviewState(reviewedOn: string, now: Date): ReviewState {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reviewedOn);
  if (!m) {
    return {
      overdue: true,
      message: 'PolicyReviewedOn is not set. Policy 630-04 requires the client settings to be reviewed at least every year.',
    };
  }
  const reviewed = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const ageDays = Math.floor((today - reviewed) / DAY_MS);
  if (ageDays > REVIEW_MAX_AGE_DAYS) {
    return {
      overdue: true,
      ageDays,
      message: `The policy was last reviewed on ${reviewedOn}, ${ageDays} days ago. Policy 630-04 requires a review at least every ${REVIEW_MAX_AGE_DAYS} days.`,
    };
  }
  if (ageDays < -1) return { overdue: false, ageDays, message: `PolicyReviewedOn (${reviewedOn}) is in the future.` };
  return { overdue: false, ageDays, message: '' };
}

export interface BuildViewOptions {
  hash: string;
  now: Date;
  /** Policies whose new value waits for a restart. */
  restartRequired?: readonly string[];
}

/** The renderer's view of the effective policy. Sensitive values are masked here, before leaving main. */
export function buildPolicyView(policy: EffectivePolicy, opts: BuildViewOptions): PolicyView {
  const pending = new Set(opts.restartRequired ?? []);
  const entries = policy.entries.map((e) => {
    const def = POLICY_BY_NAME.get(e.name);
    const restart = pending.has(e.name);
    return {
      name: e.name,
      title: def?.title ?? e.name,
      description: def?.description ?? '',
      category: def ? POLICY_CATEGORIES[def.category] : '',
      scope: def?.scope ?? 'machine',
      value: displayValue(def, e.value),
      defaultValue: displayValue(def, def?.default),
      level: e.level,
      source: e.source,
      status: e.status,
      message: restart ? [e.message, 'A new value is set; restart Approved IM to apply it.'].filter(Boolean).join(' ') : e.message,
      runtime: def?.runtime ?? false,
      sensitive: def?.sensitive ?? false,
      securityCritical: def?.securityCritical ?? false,
      locked: isManaged(e),
      restartRequired: restart,
      conflicts: e.conflicts.map((c) => ({ level: c.level, source: c.source, value: displayValue(def, c.value), reason: c.reason })),
    };
  });
  const reviewedOn = String(policy.values.PolicyReviewedOn ?? '');
  const review = reviewState(reviewedOn, opts.now);
  return {
    entries,
    hash: opts.hash,
    policyVersion: String(policy.values.PolicyVersion ?? ''),
    reviewedOn,
    reviewOverdue: review.overdue,
    reviewMessage: review.message,
    warnings: policy.warnings.map((p) => ({ ...p })),
    fatal: policy.fatal.map((p) => ({ ...p })),
    restartRequired: [...pending],
    sources: policy.sources.map((s) => ({ ...s })),
    generatedAt: opts.now.toISOString(),
  };
}

/** The "Export" document: the view as JSON (already masked), for administrators and audits. */
export function policyExportJson(view: PolicyView): string {
  const doc = {
    product: POLICY_PRODUCT.name,
    exportedAt: view.generatedAt ?? '',
    hash: view.hash,
    policyVersion: view.policyVersion,
    reviewedOn: view.reviewedOn,
    reviewOverdue: view.reviewOverdue,
    fatal: view.fatal,
    warnings: view.warnings,
    sources: view.sources ?? [],
    policies: Object.fromEntries(
      view.entries.map((e) => [
        e.name,
        {
          value: e.value,
          status: e.status,
          level: e.level,
          source: e.source,
          scope: e.scope,
          ...(e.message ? { message: e.message } : {}),
          ...(e.conflicts?.length ? { conflicts: e.conflicts } : {}),
        },
      ]),
    ),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export interface SettingLock {
  /** Set by group policy: show the setting read-only with "Managed by your organization". */
  locked: boolean;
  /** The effective value, formatted (masked if sensitive). */
  value: string;
  /** Where the value comes from, e.g. "HKLM\Software\Policies\ApprovedIM". */
  source: string;
}

/** How the settings screen should show the setting backed by a policy. Unknown names are unlocked. */
export function settingLock(view: Pick<PolicyView, 'entries'> | null | undefined, policy: string): SettingLock {
  const e = view?.entries.find((x) => x.name === policy);
  if (!e) return { locked: false, value: '', source: 'default' };
  return { locked: e.locked ?? (e.level !== 'default' && e.level !== 'user-setting'), value: e.value, source: e.source };
}
