import { describe, expect, it } from 'vitest';
import { type PhraseHit, type PhraseSink, PhraseMatcher, PhraseScanner, RegexSink } from './trie.js';

/** What a left-to-right search of one sink finds: its walk at every position, leftmost first, no overlap. */
function bruteForce(sink: PhraseSink, text: string): [number, number, unknown][] {
  const out: [number, number, unknown][] = [];
  for (let at = 0; at < text.length; ) {
    const end = sink.walk(text, at);
    if (end >= 0) {
      const v = sink.lastValue;
      out.push([at, end, Array.isArray(v) ? v[0] : v]);
      at = end;
    } else at++;
  }
  return out;
}

const plain = (hits: readonly PhraseHit<unknown>[]): [number, number, unknown][] =>
  hits.map((h) => [h.start, h.end, Array.isArray(h.value) ? h.value[0] : h.value]);

const sinks: PhraseSink[] = [
  new PhraseMatcher(
    ['ssn', 'ss #', 'social security number', "driver's license", 'd.o.b', 'cc', 'x', '(cui)', 'ünï code', 'tin'].map((p) => [p, p] as const),
  ),
  new PhraseMatcher([['SECRET', 1], ['TS', 2], ['//NF', 3], ['Confidential', 4]] as const, true),
  new PhraseMatcher([['ss #', 1]] as const),
  // A name after a word such as "patient" (the regex checks its own left boundary).
  new RegexSink(['patient', 'mr'], /(?<![A-Za-z0-9])(?:[Pp]atient|Mr\.?)[ \t]{1,3}[A-Z][a-z]+/y),
  new RegexSink(['sk_live_', 'api'], /(?<![A-Za-z0-9])(?:sk_live_[a-z0-9]{4}|api[_ -]?key=\w+)/iy),
  // Prefixes that begin with a space or a non-word character, or reach outside ASCII.
  new RegexSink([' k', '-x', 'é9'], /(?: {1,3}k\d|-x\d|é9\d)/y),
];

const samples = [
  'SSN 123, ss  # 4, social\tsecurity   number, Driver’s license, drivers license, D.O.B., cc: x',
  'the patient Maria, 5patient Lopez, Apatient Ng, Mr. Smith, mr Jones, _patient Ortiz',
  'api_key=abc123 sk_live_a1b2 Xsk_live_zzzz _sk_live_q1w2 key api-key=zz',
  'TOP SECRET//NF (CUI) TS ts Secret CONFIDENTIAL Confidential ünï code Ünï code',
  'a k1 b  k2 c-x3 d é94 ssn_tin 9tin tin9 __ssn ss\t# ss\t\t#',
  'ssn',
  'x',
  'cc',
  '',
  // Phrases longer than the regex spells out (8 characters): agreeing that far, then differing.
  'social security numbe, social securitynumber, social security numbers, driver’s licensee, Driver’s Lic, driver’s license',
];

describe('PhraseScanner', () => {
  it('gives each sink what a search of its own finds', () => {
    const scanner = new PhraseScanner(sinks);
    // Every sample, and every suffix and prefix of their concatenation (boundaries at the text's ends).
    const all = samples.join('\n');
    const texts = [...samples];
    for (let i = 0; i < all.length; i += 7) texts.push(all.slice(i), all.slice(0, i));
    for (const text of texts) {
      const found = scanner.findAll(text);
      sinks.forEach((sink, i) => expect(plain(found[i]!), `${i}: ${JSON.stringify(text)}`).toEqual(bruteForce(sink, text)));
    }
  });

  it('spells out only the first characters of long phrases in its regex (the walks check the rest)', () => {
    const source = (new PhraseScanner(sinks) as unknown as { main: RegExp }).main.source;
    expect(source).toContain('ocial[ \\t]{1,3}s'); // (the control: the phrases' first 8 characters are there)
    expect(source).toContain('river');
    expect(source).not.toContain('security');
    expect(source).not.toContain('license');
  });

  it('offers no position right after a digit (not a word start)', () => {
    const found = new PhraseScanner(sinks).findAll('5patient Lopez 5ssn 5Mr. Li');
    expect(found.every((hits) => hits.length === 0)).toBe(true);
  });
});

describe('PhraseMatcher', () => {
  it('matches whole phrases at word starts, longest first, with flexible spaces and apostrophes', () => {
    const m = sinks[0] as PhraseMatcher<string>;
    expect(plain(m.findAll('SSN, ss   #, social  security number, driver’s license, cca, xx x'))).toEqual([
      [0, 3, 'ssn'],
      [5, 11, 'ss #'],
      [13, 36, 'social security number'],
      [38, 54, "driver's license"],
      [64, 65, 'x'],
    ]);
  });
});
