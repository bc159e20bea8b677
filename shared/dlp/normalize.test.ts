import { describe, expect, it } from 'vitest';
import { createDlpEngine, maskText } from './index.js';
import { originalEnd, originalStart, scanView } from './normalize.js';

const between = (c: string) => (v: string): string => [...v].join(c);
const digits = (zero: number) => (v: string): string => v.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

/** Each disguise rewrites a value; the engine must find the value under it, with offsets in the original. */
const DISGUISES: Record<string, (v: string) => string> = {
  'zero-width space U+200B': between('\u200b'),
  'soft hyphen U+00AD': between('\u00ad'),
  'zero-width non-joiner U+200C': between('\u200c'),
  'zero-width joiner U+200D': between('\u200d'),
  'word joiner U+2060': between('\u2060'),
  'invisible separator U+2063': between('\u2063'),
  'BOM U+FEFF': between('\ufeff'),
  'variation selector U+FE0F': between('\ufe0f'),
  'variation selector supplement U+E0100': between('\u{e0100}'),
  'tag characters U+E0041': between('\u{e0041}'),
  'Hangul filler U+3164': between('\u3164'),
  'left-to-right mark U+200E': between('\u200e'),
  'right-to-left mark U+200F': between('\u200f'),
  'Arabic letter mark U+061C': between('\u061c'),
  'RLO/PDF U+202E..U+202C': (v) => `\u202e${v}\u202c`,
  'LRE inside U+202A': between('\u202a'),
  'isolates U+2066..U+2069': (v) => `\u2066${v.slice(0, 3)}\u2069\u2067${v.slice(3)}\u2069`,
  'full-width digits': digits(0xff10),
  'Arabic-Indic digits': digits(0x0660),
  'Extended Arabic-Indic digits': digits(0x06f0),
  'Devanagari digits': digits(0x0966),
  'Bengali digits': digits(0x09e6),
  'Thai digits': digits(0x0e50),
  'mathematical bold digits': digits(0x1d7ce),
  'mathematical monospace digits': digits(0x1d7f6),
  'non-breaking hyphens U+2011': (v) => v.replace(/-/g, '\u2011'),
  'en dashes U+2013': (v) => v.replace(/-/g, '\u2013'),
  'minus signs U+2212': (v) => v.replace(/-/g, '\u2212'),
  'full-width letters and digits': (v) => v.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  'mixed: soft hyphens and Arabic-Indic digits': (v) => between('\u00ad')(digits(0x0660)(v)),
};

const VALUES = [
  { type: 'US_SSN', before: 'SSN for the claimant: ', value: '536-22-8105', after: ' thanks' },
  { type: 'US_SSN', before: 'her social is ', value: '536228105', after: '' },
  { type: 'CREDIT_CARD', before: 'card ', value: '4539 1488 0343 6467', after: ' exp 09/28' },
  { type: 'CREDIT_CARD', before: 'use ', value: '5425-2334-3010-9903', after: ' for the order' },
  { type: 'PASSWORD', before: 'password: ', value: 'Tr0ub4dor&3x', after: '' },
  { type: 'PASSWORD', before: 'the new password is ', value: 'Sp4rrow-Gate-2026', after: ' until Friday' },
];

describe('the engine scans a normalised view', () => {
  const engine = createDlpEngine();

  it.each(VALUES)('finds the plain $type value (control)', ({ type, before, value, after }) => {
    const text = before + value + after;
    const f = engine.scan(text).filter((x) => x.type === type);
    expect(f).toEqual([expect.objectContaining({ type, start: before.length, end: before.length + value.length })]);
  });

  for (const [name, disguise] of Object.entries(DISGUISES)) {
    it.each(VALUES.filter((v) => disguise(v.value) !== v.value))(`sees $type through ${name}, with offsets covering the disguised span`, ({ type, before, value, after }) => {
      const hidden = disguise(value);
      const text = before + hidden + after;
      const f = engine.scan(text).filter((x) => x.type === type);
      expect(f).toHaveLength(1);
      // The finding covers the disguised value: from its first visible character to its last.
      const visible = [...hidden];
      const lead = visible.findIndex((c) => scanView(c).text !== '');
      const trail = visible.length - 1 - [...visible].reverse().findIndex((c) => scanView(c).text !== '');
      const startIn = before.length + visible.slice(0, lead).join('').length;
      const endIn = before.length + visible.slice(0, trail + 1).join('').length;
      expect(f[0]!.start).toBe(startIn);
      expect(f[0]!.end).toBe(endIn);
      // Masking on those offsets removes the whole disguised value and keeps the rest as typed.
      const masked = maskText(text, f);
      expect(masked.startsWith(before)).toBe(true);
      expect(masked.endsWith(after)).toBe(true);
      expect(masked).not.toContain(hidden.slice(lead, hidden.length));
    });
  }

  it('reports findings only: a ZWJ emoji sequence around a finding is unaffected', () => {
    const family = '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}';
    const thumbs = '\u{1f44d}\u{1f3fd}';
    const flag = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}';
    const text = `${family} SSN 536-22-8105 ${thumbs} ${flag}`;
    const f = engine.scan(text);
    expect(f).toEqual([expect.objectContaining({ type: 'US_SSN', start: family.length + 5, end: family.length + 16 })]);
    expect(maskText(text, f)).toBe(`${family} SSN •••-••-8105 ${thumbs} ${flag}`);
    // Control: the emoji alone hold nothing sensitive.
    expect(engine.scan(`${family} ${thumbs} ${flag}`)).toEqual([]);
  });

  it('does not invent findings: disguised ordinary text stays clean', () => {
    for (const disguise of Object.values(DISGUISES)) {
      expect(engine.scan(`meeting at ${disguise('10:30')} in room ${disguise('204')}, bring ${disguise('3')} copies`)).toEqual([]);
    }
  });
});

describe('scanView', () => {
  it('returns plain ASCII and text with nothing to change as it is (no copy, no map)', () => {
    const ascii = 'SSN 536-22-8105';
    expect(scanView(ascii)).toEqual({ text: ascii, edits: [] });
    const untouched = 'Café résumé — naïve “quotes” • ok 2–3 pm';
    const v = scanView(untouched);
    expect(v.text).toBe('Café résumé — naïve “quotes” • ok 2-3 pm'); // a dash between digits reads as '-'
    expect(v.edits).toHaveLength(1);
    expect(scanView('Café résumé — naïve “quotes” • ok')).toEqual({ text: 'Café résumé — naïve “quotes” • ok', edits: [] });
  });

  it('applies NFKC by cluster, removes ignorables and folds digits', () => {
    const v = scanView('a\u00ad\u200bb ①② ２ ٣ 𝟓 ﬁ e\u0301');
    expect(v.text).toBe('ab 12 2 3 5 fi \u00e9');
  });

  it('maps every normalised offset back monotonically within the original', () => {
    const text = 'x\u200b٥\u00ad٣ ㎏ \u{1d7ce}y\u2060';
    const v = scanView(text);
    expect(v.text).toBe('x53 kg 0y');
    let prev = 0;
    for (let p = 0; p <= v.text.length; p++) {
      const s = originalStart(v, p);
      expect(s).toBeGreaterThanOrEqual(prev);
      expect(s).toBeLessThanOrEqual(text.length);
      prev = s;
    }
    expect(originalStart(v, 1)).toBe(2); // '5' starts after the ZWSP
    expect(originalEnd(v, 3)).toBe(5); // "53" ends after the Arabic-Indic three
    expect(originalEnd(v, v.text.length)).toBe(text.length - 1); // the trailing word joiner is not part of a finding
    expect(text.slice(originalStart(v, 4), originalEnd(v, 6))).toBe('㎏');
  });
});
