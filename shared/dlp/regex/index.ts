import { nullable, parsePattern, PatternSyntaxError, validateFlags } from './parse.js';
export { compileLinear, LinearRegex } from './pike.js';
export { PatternSyntaxError } from './parse.js';

/** Checks a pattern and flags against the safe subset. Returns null when fine, else the reason. */
export function checkPattern(pattern: string, flags = ''): string | null {
  try {
    validateFlags(flags);
    if (nullable(parsePattern(pattern))) return 'pattern can match empty text; it must match at least one character';
    return null;
  } catch (e) {
    if (e instanceof PatternSyntaxError) return e.message;
    throw e;
  }
}
