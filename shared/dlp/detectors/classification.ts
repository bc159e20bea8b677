/**
 * CLASSIFICATION: document markings (federal CUI/FOUO/national-security banners and portion marks, legal
 * privilege, state "confidential" markings). Words that are ordinary English in lower case ("secret",
 * "restricted") count only in banner position; acronyms that people also discuss ("is this CUI?") only in
 * banner or portion-mark position.
 */
import { type PhraseHit, PhraseMatcher } from '../trie.js';
import type { ScanState } from './common.js';

type Mode = 'upper' | 'phrase' | 'banner';
interface Marking {
  text: string;
  mode: Mode;
}

export const DEFAULT_CLASSIFICATION_MARKINGS: readonly Marking[] = [
  // Upper case anywhere.
  ...[
    'TOP SECRET', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'FOR OFFICIAL USE ONLY', 'CONTROLLED UNCLASSIFIED INFORMATION',
    'LAW ENFORCEMENT SENSITIVE', 'SENSITIVE BUT UNCLASSIFIED', 'LIMITED OFFICIAL USE', 'ATTORNEY-CLIENT PRIVILEGED',
    'ATTORNEY CLIENT PRIVILEGED', 'PRIVILEGED AND CONFIDENTIAL', 'PRIVILEGED & CONFIDENTIAL', 'ATTORNEY WORK PRODUCT',
    'CRIMINAL JUSTICE INFORMATION', 'FEDERAL TAX INFORMATION', 'EXEMPT FROM PUBLIC DISCLOSURE', 'NOT FOR PUBLIC RELEASE',
    'INTERNAL USE ONLY', 'NOFORN', 'FOUO',
    // Traffic Light Protocol (FIRST, CISA), TSA's Sensitive Security Information (49 CFR 1520), Canada's
    // Protected levels (shared with state and provincial partners), "highly confidential" labels.
    'TLP:RED', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP: RED', 'TLP: AMBER', 'SENSITIVE SECURITY INFORMATION', 'SENSITIVE - SECURITY INFORMATION',
    'PROTECTED A', 'PROTECTED B', 'PROTECTED C', 'HIGHLY CONFIDENTIAL', 'CONFIDENTIAL INFORMATION REQUIRING SPECIAL HANDLING',
  ].map((text) => ({ text, mode: 'upper' as const })),
  // Any case anywhere: phrases nobody uses except as a marking.
  ...[
    'for official use only', 'controlled unclassified information', 'law enforcement sensitive', 'sensitive but unclassified',
    'privileged and confidential', 'privileged & confidential', 'attorney work product', 'exempt from public disclosure',
    'not for public release', 'confidential and privileged',
  ].map((text) => ({ text, mode: 'phrase' as const })),
  // Banner or portion-mark position only.
  // ("CONTROLLED" is the CUI banner's authorised alternative to "CUI", NARA CUI Marking Handbook.)
  ...['SECRET', 'RESTRICTED', 'CUI', 'SBU', 'LES', 'FTI', 'CJI', 'CJIS', 'TS', 'SCI', 'NF', 'ORCON', 'PROPIN', 'Confidential', 'CONTROLLED'].map(
    (text) => ({ text, mode: 'banner' as const }),
  ),
];

type Kind = 'upper' | 'banner' | 'custom';
export interface ClassificationMatcher {
  /** Case-sensitive: upper-case markings, banner-only words and the administrator's markings, one pass. */
  exact: PhraseMatcher<Kind> | null;
  /** Case-insensitive phrases. */
  phrase: PhraseMatcher<true> | null;
}

/** `configured` entries extend the defaults; `-TEXT` removes a default marking. */
export function buildClassificationMatcher(configured: readonly string[] = []): ClassificationMatcher {
  const removed = new Set(configured.filter((m) => m.startsWith('-')).map((m) => m.slice(1).trim().toLowerCase()));
  const added = configured.filter((m) => !m.startsWith('-')).map((m) => m.trim()).filter(Boolean);
  const keep = DEFAULT_CLASSIFICATION_MARKINGS.filter((m) => !removed.has(m.text.toLowerCase()));
  // Administrator markings first: on the same text they win (and count anywhere).
  const exact: [string, Kind][] = [
    ...added.map((t) => [t, 'custom'] as [string, Kind]),
    ...keep.filter((m) => m.mode !== 'phrase').map((m) => [m.text, m.mode === 'upper' ? 'upper' : 'banner'] as [string, Kind]),
  ];
  const phrases = keep.filter((m) => m.mode === 'phrase').map((m) => [m.text, true] as const);
  return {
    exact: exact.length ? new PhraseMatcher(exact, true) : null,
    phrase: phrases.length ? new PhraseMatcher(phrases, false) : null,
  };
}

const DECORATION = /^[\s*=#_~>[\](|-]*$/;

function inBannerPosition(text: string, start: number, end: number): boolean {
  if (text.slice(Math.max(0, start - 2), start) === '//' || text.slice(end, end + 2) === '//') return true;
  const before = text[start - 1];
  const after = text[end];
  if ((before === '(' || before === '/') && (after === ')' || after === '/')) return true; // (CUI), (S//NF)
  // Look at most 120 characters either way: a banner line is short.
  const head = text.slice(Math.max(0, start - 120), start);
  const nl = head.lastIndexOf('\n');
  if (nl < 0 && start > 120) return false;
  if (!DECORATION.test(head.slice(nl + 1))) return false;
  const tail = text.slice(end, end + 120);
  const nlAfter = tail.indexOf('\n');
  if (nlAfter < 0 && end + 120 < text.length) return /^\s?[:\-–—/|\]]/.test(tail);
  const rest = nlAfter < 0 ? tail : tail.slice(0, nlAfter);
  return DECORATION.test(rest) || /^\s?[:\-–—/|\]]/.test(rest);
}

/** A single upper-case word followed by a lower-case word in running text (not a line of its own or a banner). */
function isAdjective(text: string, start: number, end: number): boolean {
  if (!/^[A-Z]+$/.test(text.slice(start, end))) return false;
  const next = /^ ([a-z][a-z]+)/.exec(text.slice(end, end + 24));
  if (next === null || /^(?:per|under|pursuant|and|or|but|so|because|as|at|in|on|if|unless|except|until|when|do|please|pending|draft|for|to|information|data|material|record|records)$/.test(next[1]!)) return false;
  // "is CONFIDENTIAL", "marked CONFIDENTIAL ...": the word is the marking even before a noun.
  return !/\b(?:is|are|was|were|be|been|marked|labeled|labelled|stamped)\s+$/i.test(text.slice(Math.max(0, start - 16), start));
}

/** A question opener earlier in the sentence, and the sentence ends with '?'. */
const QUESTION_HEAD = /(?:^|[.!?\n][ \t]*)(?:what|which|does|do|is|are|how|why|when|where|can|should)\b[^.!?\n]{0,60}$/i;

/** Whether the marking at [start, end) is asked about ("what does FOUO mean?", "is CUI//SP-TAX higher than CUI?"). */
function isAskedAbout(text: string, start: number, end: number): boolean {
  const tail = text.slice(end, end + 60);
  const stop = tail.search(/[.!?\n]/);
  return stop >= 0 && tail[stop] === '?' && QUESTION_HEAD.test(text.slice(Math.max(0, start - 60), start));
}

/** "TLP:AMBER means limited disclosure": a marking explained, not applied. */
const EXPLAINED_AFTER = /^[ \t]*(?:means|stands[ \t]for|is[ \t]defined|is[ \t]for|is[ \t]used[ \t]for|indicates|refers[ \t]to)\b/i;

/** Acronyms that are a marking when a sentence applies them ("this is SBU so no personal email"). */
const APPLIED_ACRONYMS: ReadonlySet<string> = new Set(['CUI', 'SBU', 'LES', 'FTI', 'CJI', 'CJIS']);
const APPLIED_BEFORE = /(?:\b(?:is|are|it's|it’s|marked|labeled|labelled|stamped)|\btreat(?:ed)?[ \t]as)[ \t]+$/i;

function isApplied(text: string, start: number, end: number): boolean {
  return APPLIED_ACRONYMS.has(text.slice(start, end)) && APPLIED_BEFORE.test(text.slice(Math.max(0, start - 16), start));
}

/** `found`: the matchers' hits when already found (by the engine's shared phrase scan). */
export function detectClassification(
  s: ScanState,
  matcher: ClassificationMatcher,
  found?: { exact: readonly PhraseHit<unknown>[]; phrase: readonly PhraseHit<unknown>[] },
): void {
  const text = s.text;
  const RULES: Record<Kind, [string, number]> = {
    custom: ['classification.custom', 0.9],
    upper: ['classification.marking', 0.9],
    banner: ['classification.banner', 0.85],
  };
  for (const h of found?.exact ?? matcher.exact?.findAll(text) ?? []) {
    const kind = h.value as Kind;
    if (kind === 'banner' && !inBannerPosition(text, h.start, h.end) && !isApplied(text, h.start, h.end)) continue;
    // "what does CUI//SP-PRVCY mean?", "TLP:AMBER means ...": a marking asked about or explained, not applied.
    if (kind !== 'custom' && (isAskedAbout(text, h.start, h.end) || EXPLAINED_AFTER.test(text.slice(h.end, h.end + 24)))) continue;
    // "CONFIDENTIAL shredding bins": an upper-case word used as an adjective in a sentence, not a marking.
    if (kind === 'upper' && isAdjective(text, h.start, h.end)) continue;
    const [rule, confidence] = RULES[kind];
    s.push({ type: 'CLASSIFICATION', start: h.start, end: h.end, confidence, rule });
  }
  for (const h of found?.phrase ?? matcher.phrase?.findAll(text) ?? []) {
    if (isAskedAbout(text, h.start, h.end)) continue;
    s.push({ type: 'CLASSIFICATION', start: h.start, end: h.end, confidence: 0.8, rule: 'classification.phrase' });
  }
}
