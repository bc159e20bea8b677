/**
 * RE2-backed compiler for administrator DLP patterns in main (Node). RE2 runs in time linear in the input
 * whatever the pattern; the shared safety check still runs first, so main and the renderer accept exactly
 * the same patterns.
 *
 *   createDlpEngine(config, { compile: compileRe2 })
 */
import RE2 from 're2';
import type { RegexCompiler, RegexLike } from '../../../shared/dlp/index.js';

export const compileRe2: RegexCompiler = (source: string, flags: string): RegexLike => new RE2(source, flags);
