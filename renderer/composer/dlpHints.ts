/**
 * DLP hints while typing (issue 5). Advisory only: the renderer runs the same DLP engine as main
 * (shared/dlp) on the draft, configured from the policy view, to say early what main's authoritative
 * check on the exact text sent will do. Nothing here is sent anywhere.
 */
import { createDlpEngine, dlpConfigFromPolicy, maskText, DLP_POLICY_NAMES, type DlpAction, type DlpConfig, type DlpEngine } from '../../shared/dlp/index';
import type { PolicyView } from '../../shared/ipc/types';
import { DLP_TYPE_PHRASES } from '../../shared/dlp/describe';

/** Longest draft scanned (the contract's body limit); the hint covers the start of anything longer. */
export const MAX_HINT_SCAN = 100_000;
/** Quiet time after the last keystroke before the draft is scanned. */
export const HINT_DEBOUNCE_MS = 150;

export interface DlpHintConfig {
  config: DlpConfig;
  /** Dlp* policies that could not be read from the view (their defaults apply in the hints). */
  problems: string[];
}

/**
 * The Dlp* policies from the policy view. Values arrive formatted (formatPolicyValue: JSON for objects,
 * arrays and numbers); each is parsed and checked on its own, so one unreadable value falls back to the
 * engine default for that policy only.
 */
export function dlpConfigFromView(view: Pick<PolicyView, 'entries'> | null | undefined): DlpHintConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const entry of view?.entries ?? []) {
    if (!Object.prototype.hasOwnProperty.call(DLP_POLICY_NAMES, entry.name)) continue;
    if (entry.status === 'unset' || entry.value.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.value);
    } catch {
      problems.push(entry.name);
      continue;
    }
    const result = dlpConfigFromPolicy({ [entry.name]: parsed });
    if ('problems' in result) problems.push(entry.name);
    else Object.assign(config, result.config);
  }
  return { config: config as DlpConfig, problems };
}

/**
 * An engine for the hints. An administrator pattern the engine refuses (main would have refused the
 * policy already) drops the custom rules rather than the hints; failing that, the engine defaults.
 */
export function createHintEngine(config: DlpConfig): DlpEngine {
  try {
    return createDlpEngine(config);
  } catch {
    try {
      return createDlpEngine({ ...config, patterns: [], keywordLists: [] });
    } catch {
      return createDlpEngine({});
    }
  }
}

export interface DlpHint {
  type: string;
  /** "Looks like a Social Security number". */
  label: string;
  action: DlpAction;
  /** What sending will do: "Blocked", "Needs a reason", "Logged". */
  actionText: string;
  start: number;
  end: number;
  /** The matched text, shortened for the panel. */
  snippet: string;
}

/** The finding in plain words. Custom rules are named by the administrator's rule name. */
export function hintLabel(type: string, rule = ''): string {
  const phrase = DLP_TYPE_PHRASES[type];
  if (phrase) return `Looks like ${phrase}`;
  const custom = /^custom\.(?:keywords|pattern):(.+)$/.exec(rule);
  if (custom) return `Matches your organization's rule "${custom[1]}"`;
  return `Looks like ${type.replace(/^CUSTOM_/, '').toLowerCase().replace(/_/g, ' ')}`;
}

const ACTION_TEXT: Record<DlpAction, string> = {
  block: 'Blocked',
  warn: 'Needs a reason',
  log: 'Logged',
};
/** A longer sentence for each action, for the panel's description. */
export const ACTION_SENTENCE: Record<DlpAction, string> = {
  block: "Policy won't let this be sent.",
  warn: 'Policy asks for a business reason before sending; the reason is recorded.',
  log: 'Policy allows it; the finding is recorded with the message.',
};

export function actionText(action: DlpAction): string {
  return ACTION_TEXT[action];
}

const SNIPPET_MAX = 32;

/** One line, at most SNIPPET_MAX characters (long keys and encoded files are cut). */
export function snippetOf(text: string, start: number, end: number): string {
  const s = text.slice(start, Math.min(end, start + SNIPPET_MAX * 4)).replace(/\s+/g, ' ').trim();
  const chars = Array.from(s);
  return chars.length > SNIPPET_MAX ? `${chars.slice(0, SNIPPET_MAX - 1).join('')}…` : s;
}

/** Findings of the draft with the action policy will take, in text order. Empty text, empty list. */
export function dlpHints(engine: DlpEngine, text: string): DlpHint[] {
  if (!text.trim()) return [];
  const scanned = text.length > MAX_HINT_SCAN ? text.slice(0, MAX_HINT_SCAN) : text;
  const decision = engine.decide(engine.scan(scanned));
  return decision.findings
    .map((f) => ({
      type: f.type,
      label: hintLabel(f.type, f.rule),
      action: f.action,
      actionText: actionText(f.action),
      start: f.start,
      end: f.end,
      snippet: snippetOf(scanned, f.start, f.end),
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

const STRICTNESS: Record<DlpAction, number> = { block: 3, warn: 2, log: 1 };

/** The strictest action over the hints, or null when there are none. */
export function strictestAction(hints: readonly DlpHint[]): DlpAction | null {
  let best: DlpAction | null = null;
  for (const h of hints) if (!best || STRICTNESS[h.action] > STRICTNESS[best]) best = h.action;
  return best;
}

export interface DlpHintGroup {
  label: string;
  action: DlpAction;
  actionText: string;
  snippets: string[];
}

/** One line per kind of finding (same label and action), with its distinct snippets, strictest first. */
export function groupHints(hints: readonly DlpHint[]): DlpHintGroup[] {
  const groups = new Map<string, DlpHintGroup>();
  for (const h of hints) {
    const key = `${h.action}\u0000${h.label}`;
    const g = groups.get(key) ?? { label: h.label, action: h.action, actionText: h.actionText, snippets: [] };
    if (!g.snippets.includes(h.snippet)) g.snippets.push(h.snippet);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => STRICTNESS[b.action] - STRICTNESS[a.action]);
}

/**
 * The draft with every sensitive span masked (maskText: digits become "•", SSNs and cards keep the last
 * four, secrets and files become a label). Scans the text as it is now, never stale hints.
 */
export function maskDraft(engine: DlpEngine, text: string): string {
  if (!text.trim()) return text;
  const head = text.length > MAX_HINT_SCAN ? text.slice(0, MAX_HINT_SCAN) : text;
  return maskText(head, engine.scan(head)) + text.slice(head.length);
}

/** A sentence for screen readers when the kinds of findings change ("" when there are none). */
export function hintAnnouncement(hints: readonly DlpHint[]): string {
  const groups = groupHints(hints);
  if (!groups.length) return '';
  return `Sensitive information check: ${groups.map((g) => `${g.label.replace(/^Looks like /, '')} (${g.actionText.toLowerCase()})`).join('; ')}.`;
}
