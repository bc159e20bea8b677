/**
 * Encoded binaries in the composer (issue 4). Policy 630-04 allows text messages only, so a file written
 * out as text (base64, hex, data: URIs, uuencode…) is refused before it is sent and when it is pasted,
 * with shared/transfer's explanation. The renderer's check is a courtesy: main runs the same check on
 * the exact body before sending.
 */
import { encodedBinaryRefusal } from '../../shared/transfer/encodedBinary';

/** Longest text checked here; longer bodies are refused by the length limits before this matters. */
const MAX_CHECK = 1_000_000;

/** Why this text may not be sent (it carries an encoded file), or null. */
export function encodedTextRefusal(text: string): string | null {
  if (!text) return null;
  return encodedBinaryRefusal(text.length > MAX_CHECK ? text.slice(0, MAX_CHECK) : text);
}

/** The send path: the draft's refusal, checked before anything is invoked. */
export function sendRefusal(body: string): string | null {
  return encodedTextRefusal(body);
}
