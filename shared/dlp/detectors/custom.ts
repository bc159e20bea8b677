/** Administrator rules from policy: keyword lists and patterns. */
import { DlpConfigError } from '../errors.js';
import { parsePattern, PatternSyntaxError, nullable, validateFlags } from '../regex/parse.js';
import { compileLinear } from '../regex/pike.js';
import type { DlpAction, DlpKeywordList, DlpPattern, RegexCompiler, RegexLike } from '../types.js';
import type { ScanState } from './common.js';

export interface CustomRule {
  name: string;
  type: string;
  rule: string;
  action?: DlpAction;
  confidence: number;
  re: RegexLike;
}

export function customTypeName(name: string): string {
  return `CUSTOM_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
}

export function compileKeywordList(list: DlpKeywordList): CustomRule {
  const words = list.keywords.map((k) => k.trim()).filter(Boolean);
  if (words.length === 0) throw new DlpConfigError(`Keyword list "${list.name}" has no keywords.`, 'DlpKeywordLists', list.name);
  const src = [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s{1,3}'))
    .join('|');
  // A literal alternation: JavaScript's engine runs it in time linear in the text for a fixed list.
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${src})(?![\\p{L}\\p{N}_])`, 'giu');
  return {
    name: list.name,
    type: list.type ?? customTypeName(list.name),
    rule: `custom.keywords:${list.name}`,
    ...(list.action ? { action: list.action } : {}),
    confidence: 0.9,
    re,
  };
}

/**
 * Checks the pattern against the safe subset (see regex/parse.ts) in every process, then compiles it with
 * the injected compiler (RE2 in main) or the built-in linear-time engine.
 */
export function compilePattern(p: DlpPattern, compile: RegexCompiler = compileLinear): CustomRule {
  let flags: string;
  try {
    flags = validateFlags(p.flags ?? '');
    const ast = parsePattern(p.pattern);
    if (nullable(ast)) throw new PatternSyntaxError('pattern can match empty text; it must match at least one character', 0);
  } catch (e) {
    const why = e instanceof PatternSyntaxError ? `${e.message}${e.position > 0 ? ` (at character ${e.position + 1})` : ''}` : String(e);
    throw new DlpConfigError(`Pattern "${p.name}" is not allowed: ${why}.`, 'DlpPatterns', p.name);
  }
  let re: RegexLike;
  try {
    re = compile(p.pattern, `g${flags}`);
  } catch (e) {
    throw new DlpConfigError(`Pattern "${p.name}" could not be compiled: ${e instanceof Error ? e.message : String(e)}.`, 'DlpPatterns', p.name);
  }
  return {
    name: p.name,
    type: p.type ?? customTypeName(p.name),
    rule: `custom.pattern:${p.name}`,
    ...(p.action ? { action: p.action } : {}),
    confidence: p.confidence ?? 0.8,
    re,
  };
}

export function detectCustom(s: ScanState, rules: readonly CustomRule[]): void {
  for (const r of rules) {
    if (!s.enabled(r.type)) continue;
    r.re.lastIndex = 0;
    let guard = 0;
    for (let m = r.re.exec(s.text); m; m = r.re.exec(s.text)) {
      const end = m.index + m[0].length;
      if (end === m.index) {
        r.re.lastIndex = end + 1; // never loop on an empty match
        if (r.re.lastIndex > s.text.length) break;
        continue;
      }
      s.push({ type: r.type, start: m.index, end, confidence: r.confidence, rule: r.rule });
      if (++guard > 100_000) break;
    }
    r.re.lastIndex = 0;
  }
}
