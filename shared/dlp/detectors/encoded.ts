/**
 * ENCODED_BINARY: files smuggled as text. The scanning is the one encoded-binary scanner in
 * `../encoded/` (shared with the transfer guard, so both give the same answer on the same text): data:
 * URIs, base64 and hex runs that decode to binary or start with a file signature, hex written as bytes
 * (`\x01\xd7`, "25 50 44 46", xxd and hexdump -C dumps), uuencode, yEnc and Ascii85.
 */
import { findEncodedBinaries } from '../encoded/index.js';
import type { ScanState } from './common.js';

export function detectEncoded(s: ScanState): void {
  for (const f of findEncodedBinaries(s.text)) s.push({ type: 'ENCODED_BINARY', start: f.start, end: f.end, confidence: f.confidence, rule: f.rule });
}
