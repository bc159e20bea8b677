import { describe, expect, it } from 'vitest';
import { buildClassificationMatcher } from './detectors/classification.js';
import { classificationFieldSinks } from './detectors/classificationFields.js';
import { healthMatcher, namedPersonSink } from './detectors/phi.js';
import { secretSinks } from './detectors/secrets.js';
import { keywordMatcher } from './keywords.js';
import { PhraseScanner } from './trie.js';

// V8 optimises a regex only while its source is under 20 KB (kRegExpTooLargeToOptimize); past that the
// shared phrase pass ran 2-3x slower (measured with issue 16's label variants). A structural guard, not a
// timing: the engine's sinks (as in engine.ts) give a regex under the limit.
describe('the shared phrase regex', () => {
  it('stays under 20 KB of source with every built-in sink', () => {
    const c = buildClassificationMatcher([]);
    const f = classificationFieldSinks();
    const scanner = new PhraseScanner([keywordMatcher(), healthMatcher(), namedPersonSink(), c.exact!, c.phrase!, f.field, f.scheme, ...secretSinks()]);
    const source = (scanner as unknown as { main: RegExp }).main.source;
    // (The control: this is the regex with the keywords in it; about 10 KB since it spells out at most 8
    // characters of each path, REGEX_DEPTH in phraseScanner.ts.)
    expect(source.length).toBeGreaterThan(5_000);
    expect(source.length).toBeLessThan(20 * 1024);
  });
});
