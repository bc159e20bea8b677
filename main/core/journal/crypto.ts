/**
 * Spool entry encryption: AES-256-GCM per entry with a random 96-bit nonce, the entry's identity
 * (device, seq, record id) as additional authenticated data so rows cannot be swapped or replayed,
 * and a SHA-256 checksum over the stored frame so disk corruption is told apart from a wrong key.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'aim-spool-v1';

export interface SealedEntry {
  /** nonce ‖ ciphertext ‖ tag */
  frame: Buffer;
  /** SHA-256 over the identity and the frame (16 bytes kept). */
  checksum: Buffer;
}

export interface EntryIdentity {
  deviceId: string;
  seq: number;
  recordId: string;
}

function aad(id: EntryIdentity): Buffer {
  return Buffer.from(`${FORMAT}\n${id.deviceId}\n${id.seq}\n${id.recordId}`, 'utf8');
}

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** A short value that tells whether a key is the one the spool was created with (not the key itself). */
export function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update(`${FORMAT} key check`).digest('hex').slice(0, 32);
}

export function checksum(id: EntryIdentity, frame: Buffer): Buffer {
  return createHash('sha256').update(aad(id)).update(frame).digest().subarray(0, 16);
}

export function seal(key: Buffer, id: EntryIdentity, plaintext: string): SealedEntry {
  if (key.length !== KEY_BYTES) throw new Error('spool key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(id));
  const frame = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { frame, checksum: checksum(id, frame) };
}

export class CorruptEntryError extends Error {
  constructor(
    readonly seq: number,
    readonly reason: 'checksum' | 'authentication',
  ) {
    super(`spool entry ${seq} failed its ${reason} check`);
    this.name = 'CorruptEntryError';
  }
}

/** Verify the checksum, then decrypt and authenticate. Throws CorruptEntryError. */
export function open(key: Buffer, id: EntryIdentity, sealed: SealedEntry): string {
  const expected = checksum(id, sealed.frame);
  if (sealed.checksum.length !== expected.length || !timingSafeEqual(sealed.checksum, expected)) throw new CorruptEntryError(id.seq, 'checksum');
  if (sealed.frame.length < IV_BYTES + TAG_BYTES) throw new CorruptEntryError(id.seq, 'authentication');
  try {
    const iv = sealed.frame.subarray(0, IV_BYTES);
    const tag = sealed.frame.subarray(sealed.frame.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(id));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.frame.subarray(IV_BYTES, sealed.frame.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new CorruptEntryError(id.seq, 'authentication');
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
