/**
 * SECRET and PRIVATE_KEY. Provider token formats are distinctive prefixes with fixed alphabets and lengths
 * (after gitleaks' rule set, written afresh); generic "key = value" assignments need an entropy check.
 * Every regex here has at most one quantifier per character class and no nested quantifiers, and is only
 * run when its literal prefix occurs in the text.
 */
import { type PhraseHit, PhraseScanner, RegexSink } from '../trie.js';
import { clamp01, type ScanState } from './common.js';
import { Marks } from './secretAnchors.js';
import { RULES, type SecretRule, sticky } from './secretRules.js';
import { looksFake } from './secretRules.js';
export { looksFake };
export { detectPrivateKeys } from './privateKeys.js';

/**
 * The rules whose matches start at a word with a known prefix (a provider's literal, or a name such as
 * "api_key" or "Bearer") as PhraseScanner sinks: their matches are what a global search finds.
 */
const SINK_RULES = RULES.filter((r) => r.sinkPrefixes);
// A sink only sees word starts (see WordStarts): each such rule must itself require one.
for (const r of SINK_RULES) if (!/^(?:\\b|\(\?<!\[A-Za-z0-9\]\))/.test(r.re.source)) throw new Error(`${r.id} must start at a word boundary`);
/** The sinks for one engine (each holds its own regex and last match: nothing shared between engines). */
export function secretSinks(): RegexSink[] {
  return SINK_RULES.map((r) => new RegexSink(r.sinkPrefixes!, sticky(r.re)));
}


/**
 * Whether one of the rule's literals occurs in the text (when not implied by its regex). Asked only once
 * the rule has matches, and answered from the matches when one holds a literal: each literal costs a
 * pass over the text otherwise, and most texts have no match.
 */
function preFound(rule: SecretRule, text: string, matches: readonly RegExpExecArray[]): boolean {
  if (rule.implied) return true;
  for (const m of matches) if (rule.pre.some((p) => m[0].includes(p))) return true;
  return rule.pre.some((p) => text.includes(p));
}

/**
 * `sinkHits`: the matches of SECRET_SINKS (in that order) when already found (by the engine's shared
 * phrase scan).
 */
export function detectSecrets(s: ScanState, sinkHits?: readonly (readonly PhraseHit<unknown>[])[]): void {
  const text = s.text;
  let sinkFound = sinkHits;
  const marks = new Marks();
  marks.begin(text);
  for (const rule of RULES) {
    const matches: RegExpExecArray[] = [];
    const starts = rule.anchor?.(text, marks);
    if (rule.sinkPrefixes) {
      sinkFound ??= new PhraseScanner(secretSinks()).findAll(text);
      for (const h of sinkFound[SINK_RULES.indexOf(rule)]!) matches.push(h.value as RegExpExecArray);
    } else if (starts) {
      const re = s.rx.sticky(rule.re);
      // What a search from the start finds: the first match at a candidate, then the first after it.
      let from = 0;
      for (const p of starts) {
        if (p < from) continue;
        re.lastIndex = p;
        const m = re.exec(text);
        if (m) {
          from = p + m[0].length;
          matches.push(m);
        }
      }
    } else {
      // A search over the whole text: its literals are looked for first (most texts have none).
      if (!preFound(rule, text, matches)) continue;
      const re = s.rx.global(rule.re);
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) matches.push(m);
    }
    if (matches.length === 0 || !preFound(rule, text, matches)) continue;
    for (const m of matches) report(s, rule, m);
  }
}

function report(s: ScanState, rule: SecretRule, m: RegExpExecArray): void {
  let start = m.index;
  let value = m[0];
  if (rule.group !== undefined) {
    const g = m[rule.group];
    if (g === undefined) return;
    // The group is the tail of the match for every rule that uses one, except url-credentials.
    const at = rule.id === 'secret.url-credentials' ? m[0].length - 2 - g.length : m[0].lastIndexOf(g);
    start = m.index + at;
    value = g;
  }
  if (looksFake(value)) return;
  const conf = rule.check ? rule.check(value, m, s.text) : rule.conf;
  if (conf === false) return;
  s.push({ type: 'SECRET', start, end: start + value.length, confidence: clamp01(conf), rule: rule.id });
}

/** The regexes above, for the linear-safety test. */
export const SECRET_REGEXES: readonly RegExp[] = RULES.map((r) => r.re);
