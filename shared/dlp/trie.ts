/**
 * Finds many literal phrases in one left-to-right pass: at each word start, walk a trie of the phrases.
 * Cost is at most (text length x longest phrase), independent of how many phrases there are, and in
 * practice about one table read per character. Spaces in a phrase match 1-3 spaces or tabs; a straight
 * apostrophe matches a curly one too; phrases with an apostrophe also match without it.
 * The trie is a flat transition table over a small alphabet (the characters the phrases use).
 *
 * The pieces: phraseMatcher.ts (the trie), phraseScanner.ts (one prefilter for many sinks), regexSink.ts
 * (an anchored regex as a sink), wordStarts.ts (the candidate positions).
 */
export { type PhraseHit, PhraseMatcher, type PhraseSink } from './phraseMatcher.js';
export { PhraseScanner } from './phraseScanner.js';
export { RegexSink } from './regexSink.js';
export { WordStarts } from './wordStarts.js';
