/**
 * CLASSIFICATION written as a field or a scheme rather than a banner:
 *   - a field naming a level: "Classification: Confidential", "Sensitivity: Restricted", "Data category:
 *     Category 4", "Distribution: RESTRICTED", "Sensitivity label: Highly Confidential";
 *   - a state data-classification category applied to data: "Category 3 data", "Category 4 – Confidential
 *     Information Requiring Special Handling", "Level 4 data (restricted)" (Washington OCIO 141.10 and
 *     similar state standards number their categories 1-4; 3 and 4 are the confidential ones).
 * Reminders that only name the categories ("don't put Category 3 or Category 4 data in chat", "Category
 * 1-4", "the category 4 hurricane") are not markings.
 */
import { type PhraseHit, RegexSink } from '../trie.js';
import type { ScanState } from './common.js';

/** The levels a field may name (any case). */
const LEVELS = [
  'highly confidential', 'strictly confidential', 'confidential', 'restricted', 'internal use only', 'internal only', 'internal',
  'sensitive', 'secret', 'private', 'protected [abc]', 'protected', 'category [2-4]', 'cat\\.? ?[34]', 'level [34]', 'tier [34]', 'cui',
  'for official use only', 'official use only', 'fouo', 'limited',
  // Spanish forms of the levels; New York's confidentiality "High" (checked against the field below)
  'confidencial', 'restringid[oa]', 'categor[ií]a [2-4]', 'uso interno', 'high',
].map((l) => l.replace(/ /g, '[ \\t]{1,2}'));

const FIELD_NAMES = [
  '(?:data|information|security|document|doc)[ \\t]{1,2}(?:classification|category|sensitivity)(?:[ \\t]{1,2}level)?',
  'classification(?:[ \\t]{1,2}(?:level|label|marking))?',
  'sensitivity(?:[ \\t]{1,2}(?:label|level|marking))?',
  'marking', 'distribution', 'handling', 'data[ \\t]{1,2}category', 'class\\.', 'classif\\.', '(?:security[ \\t]{1,2})?label',
  // a bare "Category:" or "Level:" (only a marking's own levels count there, see BARE_LABEL_LEVEL)
  'category', 'level',
  // Spanish: "Clasificación de datos: Categoría 3", "Nivel de sensibilidad: Confidencial"
  'clasificaci[oó]n(?:[ \\t]{1,2}de[ \\t]{1,2}(?:datos|la[ \\t]{1,2}informaci[oó]n))?', 'nivel(?:[ \\t]{1,2}de[ \\t]{1,2}(?:clasificaci[oó]n|sensibilidad))?', 'sensibilidad',
];

/** "Classification: Confidential": group 1 is the level. */
// The separator is ':' or '=', or a spaced dash ("Classification — Confidential"). NARA's CUI designation
// indicator names the category as a field too ("CUI Category: PRVCY"): group 2.
const FIELD = new RegExp(
  `(?<![A-Za-z0-9])(?:(?:${FIELD_NAMES.join('|')})(?:[ \\t]{0,3}[:=]|[ \\t]{1,3}[-–—])[ \\t]{0,3}["'*]?(${LEVELS.join('|')})|cui[ \\t]{1,2}categor(?:y|ies)[ \\t]{0,3}:[ \\t]{0,3}((?:sp-)?[a-z]{2,12}))(?![A-Za-z0-9])`,
  'i',
);
const FIELD_PREFIXES = ['data', 'information', 'security', 'document', 'doc', 'classification', 'class.', 'classif.', 'sensitivity', 'marking', 'distribution', 'handling', 'cui', 'label',
  'category', 'level', 'clasificaci', 'nivel', 'sensibilidad'];

/** "Category 3 data", "Category 4 – Confidential ...", "Level 4 data (restricted)": group 1 is "Category 3". */
// Oregon's scheme names its levels: Level 3 "Restricted", Level 4 "Critical".
const SCHEME = /(?<![A-Za-z0-9])((?:category|cat\.|level|tier)[ \t]?[34])(?![0-9])(?=[ \t]{0,2}(?:data|information|records?|files?|\(confidential|\(restricted|\(critical|restricted|critical)\b|[ \t]{0,2}[–—-][ \t]{0,2}(?:confidential|restricted|sensitive|critical)\b)/i;
const SCHEME_PREFIXES = ['category', 'cat.', 'level', 'tier'];

/** The two sinks for one engine's phrase scan (each with its own regex and last match). */
export function classificationFieldSinks(): { field: RegexSink; scheme: RegexSink } {
  return { field: new RegexSink(FIELD_PREFIXES, new RegExp(FIELD.source, 'iy')), scheme: new RegexSink(SCHEME_PREFIXES, new RegExp(SCHEME.source, 'iy')) };
}

/** "Category 3 or Category 4 data", "Category 3/4", "Categories 3 and 4": the scheme named, not applied. */
const LISTED_BEFORE = /(?:categor(?:y|ies)|level|tier)s?[ \t]?\d[ \t]*(?:or|and|\/|,|-|to)[ \t]*$/i;

/** The levels a bare "Label:" field may name. */
const BARE_LABEL_LEVEL = /^(?:(?:highly|strictly)[ \t]{1,2})?confidential$|^restricted$|^cui$|^fouo$|^(?:for[ \t]{1,2})?official[ \t]{1,2}use[ \t]{1,2}only$|^(?:category|level|tier|cat)/i;
/** Fields that name many things besides a marking ("Label: printer", "Category: Limited English Proficiency", "Level: Internal audit"). */
const BARE_FIELD = /^(?:label|category|level)\b/i;
/** What may follow a level that ends its phrase: the line's end, punctuation, or a dash. */
const LEVEL_ENDS = /^[ \t]*(?:$|[\r\n.,;:()[\]/|\\–—-])/;
/** After "High": "confidentiality" (or the like), then the phrase's end; not "high level overview". */
const HIGH_ENDS = /^(?:[ \t]{1,2}(?:confidentiality|sensitivity|impact|risk))?[ \t]*(?:$|[\r\n.,;:()[\]/|–—-])/i;
/** "High" is a level only in a data/information classification field (New York's confidentiality levels). */
const HIGH_FIELD = /^(?:data|information|security|document|doc)[ \t]{1,2}(?:classification|sensitivity|category)/i;

export function detectClassificationFields(s: ScanState, fields: readonly PhraseHit<unknown>[], schemes: readonly PhraseHit<unknown>[]): void {
  const text = s.text;
  for (const h of fields) {
    const m = h.value as RegExpExecArray;
    const level = m[1] ?? m[2]!;
    // A bare "Label:" names many things (a Jira label, a wine): only a marking's own levels count there.
    if (BARE_FIELD.test(m[0]) && !BARE_LABEL_LEVEL.test(level)) continue;
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    // A bare "Category:"/"Level:" names a level only when the level ends the phrase ("Level: Confidential
    // (CA SAM)", not "Level: Confidential training"; "Category: Restricted parking permits").
    if (/^(?:category|level)\b/i.test(m[0]) && !LEVEL_ENDS.test(rest)) continue;
    if (/^high$/i.test(level) && (!HIGH_FIELD.test(m[0]) || !HIGH_ENDS.test(rest))) continue;
    const start = m.index + m[0].length - level.length;
    s.push({ type: 'CLASSIFICATION', start, end: start + level.length, confidence: 0.85, rule: 'classification.field' });
  }
  for (const h of schemes) {
    const m = h.value as RegExpExecArray;
    if (LISTED_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    s.push({ type: 'CLASSIFICATION', start: m.index, end: m.index + m[1]!.length, confidence: 0.8, rule: 'classification.scheme' });
  }
}
