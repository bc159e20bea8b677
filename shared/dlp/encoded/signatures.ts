/**
 * File signatures ("magic numbers") as data: what the first bytes of a decoded run say it is. One table
 * for the DLP detector and the transfer guard (shared/transfer/encodedBinary.ts), so both name the same
 * format for the same bytes.
 */

export interface Signature {
  /** Short id used in rule ids, e.g. `encoded.base64.pdf`. */
  readonly id: string;
  /** What the user is told, e.g. "PDF document". */
  readonly format: string;
  readonly test: (b: Uint8Array) => boolean;
}

const at = (b: Uint8Array, offset: number, sig: readonly number[]): boolean => {
  if (b.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
};
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** MZ header whose e_lfanew points at "PE\0\0", or the DOS stub's message. */
function isPe(b: Uint8Array): boolean {
  if (b.length < 64) return false;
  const lfanew = b[60]! | (b[61]! << 8) | (b[62]! << 16) | (b[63]! << 24);
  if (lfanew > 0 && lfanew + 4 <= b.length) return at(b, lfanew, [0x50, 0x45, 0, 0]);
  const stub = ascii('This program');
  for (let i = 64; i + stub.length <= Math.min(b.length, 200); i++) if (at(b, i, stub)) return true;
  return false;
}

export const SIGNATURES: readonly Signature[] = [
  { id: 'pdf', format: 'PDF document', test: (b) => at(b, 0, ascii('%PDF-')) },
  { id: 'zip', format: 'ZIP archive or Office document', test: (b) => at(b, 0, [0x50, 0x4b, 0x03, 0x04]) || at(b, 0, [0x50, 0x4b, 0x05, 0x06]) || at(b, 0, [0x50, 0x4b, 0x07, 0x08]) },
  { id: 'ole', format: 'Office document', test: (b) => at(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { id: 'png', format: 'PNG image', test: (b) => at(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { id: 'jpeg', format: 'JPEG image', test: (b) => at(b, 0, [0xff, 0xd8, 0xff]) && b.length > 3 && b[3]! >= 0xc0 && b[3]! !== 0xff },
  { id: 'gif', format: 'GIF image', test: (b) => at(b, 0, ascii('GIF87a')) || at(b, 0, ascii('GIF89a')) },
  { id: 'bmp', format: 'BMP image', test: (b) => at(b, 0, ascii('BM')) && at(b, 6, [0, 0, 0, 0]) && b.length > 14 && [12, 40, 52, 56, 64, 108, 124].includes(b[14]!) },
  { id: 'tiff', format: 'TIFF image', test: (b) => at(b, 0, [0x49, 0x49, 0x2a, 0x00]) || at(b, 0, [0x4d, 0x4d, 0x00, 0x2a]) },
  { id: 'webp', format: 'WebP image', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WEBP')) },
  { id: 'wav', format: 'WAV audio', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WAVE')) },
  { id: 'avi', format: 'AVI video', test: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('AVI ')) },
  { id: 'mp4', format: 'MP4 or QuickTime media', test: (b) => at(b, 4, ascii('ftyp')) },
  { id: 'mkv', format: 'Matroska or WebM video', test: (b) => at(b, 0, [0x1a, 0x45, 0xdf, 0xa3]) },
  { id: 'ogg', format: 'Ogg media', test: (b) => at(b, 0, ascii('OggS')) },
  { id: 'flac', format: 'FLAC audio', test: (b) => at(b, 0, ascii('fLaC')) },
  { id: 'mp3', format: 'MP3 audio', test: (b) => at(b, 0, ascii('ID3')) && b.length > 4 && b[3]! >= 2 && b[3]! <= 4 && b[4] === 0 },
  { id: 'psd', format: 'Photoshop image', test: (b) => at(b, 0, ascii('8BPS')) },
  { id: 'rtf', format: 'RTF document', test: (b) => at(b, 0, ascii('{\\rtf')) },
  { id: 'ps', format: 'PostScript document', test: (b) => at(b, 0, ascii('%!PS')) },
  { id: 'sqlite', format: 'SQLite database', test: (b) => at(b, 0, ascii('SQLite format 3\0')) },
  // MZ with the PE header it points at, or the DOS header every linker writes ("MZ\x90\0", "MZP\0").
  { id: 'exe', format: 'Windows executable', test: (b) => at(b, 0, [0x4d, 0x5a, 0x90, 0x00]) || at(b, 0, [0x4d, 0x5a, 0x50, 0x00]) || (at(b, 0, ascii('MZ')) && isPe(b)) },
  { id: 'elf', format: 'ELF executable', test: (b) => at(b, 0, [0x7f, 0x45, 0x4c, 0x46]) },
  { id: 'macho', format: 'Mach-O executable', test: (b) => [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]].some((s) => at(b, 0, s)) },
  { id: 'class', format: 'Java class or universal binary', test: (b) => at(b, 0, [0xca, 0xfe, 0xba, 0xbe]) },
  { id: 'dex', format: 'Android DEX file', test: (b) => at(b, 0, ascii('dex\n')) },
  { id: 'wasm', format: 'WebAssembly module', test: (b) => at(b, 0, [0x00, 0x61, 0x73, 0x6d]) },
  { id: 'lnk', format: 'Windows shortcut', test: (b) => at(b, 0, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]) },
  { id: 'cab', format: 'Windows cabinet', test: (b) => at(b, 0, ascii('MSCF')) },
  { id: 'gzip', format: 'gzip archive', test: (b) => at(b, 0, [0x1f, 0x8b, 0x08]) },
  { id: '7z', format: '7-Zip archive', test: (b) => at(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { id: 'rar', format: 'RAR archive', test: (b) => at(b, 0, ascii('Rar!\x1a\x07')) },
  { id: 'bz2', format: 'bzip2 archive', test: (b) => at(b, 0, ascii('BZh')) && b.length > 9 && b[3]! >= 0x31 && b[3]! <= 0x39 && at(b, 4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) },
  { id: 'xz', format: 'xz archive', test: (b) => at(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { id: 'zstd', format: 'Zstandard archive', test: (b) => at(b, 0, [0x28, 0xb5, 0x2f, 0xfd]) },
  { id: 'tar', format: 'tar archive', test: (b) => at(b, 257, ascii('ustar')) },
];

/** First bytes of some signature (tar's is at 257 and has none): a quick reject for most byte strings. */
const FIRST_BYTES = new Set([0x25, 0x50, 0xd0, 0x89, 0xff, 0x47, 0x42, 0x49, 0x4d, 0x52, 0x1a, 0x4f, 0x66, 0x38, 0x7b, 0x53, 0x7f, 0xfe, 0xce, 0xcf, 0xca, 0x64, 0x00, 0x4c, 0x1f, 0x37, 0xfd, 0x28]);

/** Enough bytes for every signature (tar's is at 257). */
export const SIGNATURE_BYTES = 264;

/** The signature these bytes start with, if any. */
export function signatureOf(bytes: Uint8Array): Signature | undefined {
  if (bytes.length === 0) return undefined;
  // Formats whose signature is not at offset 0 (MP4 at 4, tar at 257) are tested whatever the first byte.
  const quick = FIRST_BYTES.has(bytes[0]!);
  for (const s of SIGNATURES) if ((quick || s.id === 'mp4' || s.id === 'tar') && s.test(bytes)) return s;
  return undefined;
}

/** The file format these bytes start with, if a signature says so. */
export function fileFormatOf(bytes: Uint8Array): string | undefined {
  return signatureOf(bytes)?.format;
}
