export type BinaryEncoding = 'base64' | 'hex' | 'data-uri' | 'uuencode' | 'yenc' | 'ascii85';

/** One span of text that is a file (or binary data) written as text. */
export interface EncodedBinaryFinding {
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
  encoding: BinaryEncoding;
  /** What the bytes are, when a file signature says so, e.g. "PDF document". */
  format?: string;
  confidence: number;
  /** Stable rule id, e.g. `encoded.base64.pdf`, `encoded.hex-dump`, `encoded.uuencode.begin`. */
  rule: string;
}
