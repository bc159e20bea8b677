/** Byte-level helpers of the encoded-binary scanner: alphabets, decoding, and the "looks binary" test. */

/** base64 values by character code (standard and URL-safe alphabets); -1 outside them. */
export const B64_VALUES: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => (t[ch.charCodeAt(0)] = i));
  t[45] = 62; // '-'
  t[95] = 63; // '_'
  return t;
})();

/** hex digit values by character code; -1 for others. */
export const HEX_VALUES: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  '0123456789abcdef'.split('').forEach((ch, i) => {
    t[ch.charCodeAt(0)] = i;
    t[ch.toUpperCase().charCodeAt(0)] = i;
  });
  return t;
})();

export const b64Value = (c: number): number => (c < 128 ? B64_VALUES[c]! : -1);
export const hexValue = (c: number): number => (c < 128 ? HEX_VALUES[c]! : -1);
export const isWordCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The byte at `i` of bytes[0, n): -1 when plain text (ASCII or valid UTF-8) would not hold it, otherwise
 * how many further bytes its sequence takes. Lead bytes 0xC0, 0xC1 and 0xF5-0xFF never start a valid
 * sequence. Reads bytes up to i + 3 only.
 */
export function badStep(bytes: Uint8Array, i: number, n: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return (b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f ? -1 : 0;
  const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
  let ok = len > 0 && i + len <= n;
  for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
  return ok ? len - 1 : -1;
}

/** Share of bytes that plain text (ASCII or valid UTF-8) would not contain. */
export function binaryRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const step = badStep(bytes, i, bytes.length);
    if (step < 0) bad++;
    else i += step;
  }
  return bad / bytes.length;
}

/** Decodes up to `maxBytes` of the base64 in text[start, end), skipping characters outside the alphabets. */
export function decodeBase64(text: string, start: number, end: number, maxBytes: number): Uint8Array {
  const out = new Uint8Array(Math.min(maxBytes, Math.ceil(((end - start) * 3) / 4)));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start; i < end && n < out.length; i++) {
    const v = b64Value(text.charCodeAt(i));
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
