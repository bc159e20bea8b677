/**
 * Encoded binaries: files smuggled as text (Policy 630-04: text messages only). The renderer runs this on
 * every paste and main runs it again on the exact body before sending.
 *
 * The scanning is the one encoded-binary scanner in shared/dlp/encoded/, which the DLP engine's
 * ENCODED_BINARY detector uses too: the transfer guard and DLP give the same answer for the same text.
 * This module adds the sentence the user sees.
 */
import { findEncodedBinaries, type BinaryEncoding, type EncodedBinaryFinding } from '../dlp/encoded/index.js';

export { fileFormatOf, findEncodedBinaries } from '../dlp/encoded/index.js';
export type { BinaryEncoding, EncodedBinaryFinding } from '../dlp/encoded/index.js';

const ENCODING_WORDS: Record<BinaryEncoding, string> = {
  base64: 'a base64-encoded',
  hex: 'a hex-encoded',
  'data-uri': 'a data: URI',
  uuencode: 'a uuencoded',
  yenc: 'a yEnc-encoded',
  ascii85: 'an Ascii85-encoded',
};

function describeFinding(f: EncodedBinaryFinding): string {
  if (f.encoding === 'data-uri') return f.format ? `a ${f.format} in a data: URI` : 'a data: URI';
  return `${ENCODING_WORDS[f.encoding]} ${f.format ?? 'file'}`;
}

/**
 * The sentence the user sees when a message is refused because it carries an encoded file, or null
 * when the text carries none. Used by the composer (before sending) and by main (authoritative).
 */
export function encodedBinaryRefusal(text: string): string | null {
  const found = findEncodedBinaries(text);
  if (!found.length) return null;
  const first = found[0]!;
  return `This message contains ${describeFinding(first)}. Policy 630-04 allows text messages only: files can't be sent, not even as encoded text. Remove it and send your text.`;
}
