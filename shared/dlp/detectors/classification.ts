/**
 * CLASSIFICATION: document markings (federal CUI/FOUO/national-security banners and portion marks, legal
 * privilege, state "confidential" markings). Words that are ordinary English in lower case ("secret",
 * "restricted") count only in banner position; acronyms that people also discuss ("is this CUI?") only in
 * banner or portion-mark position.
 */
import { escapeRegex } from '../text.js';
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
  ].map((text) => ({ text, mode: 'upper' as const })),
  // Any case anywhere: phrases nobody uses except as a marking.
  ...[
    'for official use only', 'controlled unclassified information', 'law enforcement sensitive', 'sensitive but unclassified',
    'privileged and confidential', 'privileged & confidential', 'attorney work product', 'exempt from public disclosure',
    'not for public release', 'confidential and privileged',
  ].map((text) => ({ text, mode: 'phrase' as const })),
  // Banner or portion-mark position only.
  ...['SECRET', 'RESTRICTED', 'CUI', 'SBU', 'LES', 'FTI', 'CJI', 'CJIS', 'TS', 'SCI', 'NF', 'ORCON', 'PROPIN', 'Confidential'].map(
    (text) => ({ text, mode: 'banner' as const }),
  ),
];

export interface ClassificationMatcher {
  upper: RegExp | null;
  phrase: RegExp | null;
  banner: RegExp | null;
  custom: RegExp | null;
}

function alternation(words: string[], flags: string): RegExp | null {
  if (words.length === 0) return null;
  const src = [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => escapeRegex(w).replace(/ /g, '[ \\t]{1,3}'));
  return new RegExp(`(?<![A-Za-z0-9])(?:${src.join('|')})(?![A-Za-z0-9])`, flags);
}

/** `configured` entries extend the defaults; `-TEXT` removes a default marking. */
export function buildClassificationMatcher(configured: readonly string[] = []): ClassificationMatcher {
  const removed = new Set(configured.filter((m) => m.startsWith('-')).map((m) => m.slice(1).trim().toLowerCase()));
  const added = configured.filter((m) => !m.startsWith('-')).map((m) => m.trim()).filter(Boolean);
  const keep = DEFAULT_CLASSIFICATION_MARKINGS.filter((m) => !removed.has(m.text.toLowerCase()));
  const of = (mode: Mode): string[] => keep.filter((m) => m.mode === mode).map((m) => m.text);
  return {
    upper: alternation(of('upper'), 'g'),
    phrase: alternation(of('phrase'), 'gi'),
    banner: alternation(of('banner'), 'g'),
    custom: alternation(added, 'g'),
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

export function detectClassification(s: ScanState, matcher: ClassificationMatcher): void {
  const text = s.text;
  const run = (re: RegExp | null, rule: string, conf: number, banner: boolean): void => {
    if (!re) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (banner && !inBannerPosition(text, m.index, end)) continue;
      s.push({ type: 'CLASSIFICATION', start: m.index, end, confidence: conf, rule });
    }
  };
  run(matcher.custom, 'classification.custom', 0.9, false);
  run(matcher.upper, 'classification.marking', 0.9, false);
  run(matcher.phrase, 'classification.phrase', 0.8, false);
  run(matcher.banner, 'classification.banner', 0.85, true);
}
