/**
 * The one encoded-binary scanner: files written as text (Policy 630-04: text messages only). Used by the
 * DLP engine's ENCODED_BINARY detector and by the transfer guard (shared/transfer/encodedBinary.ts), so
 * both give the same answer for the same text. Pure and linear in the length of the text.
 */
import { scanDataUris, scanHexStreams, scanLineEncodings } from './forms.js';
import { scanRuns } from './runs.js';
import type { EncodedBinaryFinding } from './types.js';

export type { BinaryEncoding, EncodedBinaryFinding } from './types.js';
export { fileFormatOf, SIGNATURES } from './signatures.js';
export { binaryRatio } from './bytes.js';

/** Every span of `text` that is a file encoded as text, without overlaps (the most specific wins), in order. */
export function findEncodedBinaries(text: string): EncodedBinaryFinding[] {
  if (typeof text !== 'string' || text.length < 8) return [];
  const all: EncodedBinaryFinding[] = [];
  scanDataUris(text, all);
  scanLineEncodings(text, all);
  scanHexStreams(text, all);
  scanRuns(text, all);
  if (all.length <= 1) return all;
  // A known format beats none, then confidence, then the longer span.
  all.sort((a, b) => Number(!!b.format) - Number(!!a.format) || b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Kept spans in position order (they do not overlap): one binary search per candidate.
  const kept: EncodedBinaryFinding[] = [];
  for (const f of all) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.end <= f.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < kept.length && kept[lo]!.start < f.end) continue;
    kept.splice(lo, 0, f);
  }
  return kept;
}
