/**
 * Spool entry encryption: AES-256-GCM per entry with a random 96-bit nonce, the entry's identity
 * (device, seq, record id) as additional authenticated data so rows cannot be swapped or replayed,
 * and a SHA-256 checksum over the stored frame so disk corruption is told apart from a wrong key.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

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

/**
 * Random nonces from the CSPRNG, taken from a pool filled 4 KiB at a time (one RAND_bytes call per ~340
 * nonces instead of one per entry, as node's randomUUID does). Each nonce is used once: the pool's bytes
 * are handed out in order and the pool is refilled, never reused.
 */
class NoncePool {
  private pool = Buffer.alloc(0);
  private at = 0;
  next(): Buffer {
    if (this.at + IV_BYTES > this.pool.length) {
      this.pool = randomBytes(IV_BYTES * 341);
      this.at = 0;
    }
    const iv = Buffer.from(this.pool.subarray(this.at, this.at + IV_BYTES));
    this.at += IV_BYTES;
    return iv;
  }
}

/**
 * Seals and opens one spool's entries with its key. The key is imported as a KeyObject once
 * (createCipheriv with a raw Buffer imports it on every call) and nonces come from this sealer's own pool;
 * the spool holds one Sealer, so nothing is shared between spools or kept at module level.
 */
export class Sealer {
  private readonly keyObject: KeyObject;
  private readonly nonces = new NoncePool();

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error('spool key must be 32 bytes');
    this.keyObject = createSecretKey(key);
  }

  seal(id: EntryIdentity, plaintext: string): SealedEntry {
    const iv = this.nonces.next();
    const cipher = createCipheriv('aes-256-gcm', this.keyObject, iv);
    cipher.setAAD(aad(id));
    const frame = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { frame, checksum: checksum(id, frame) };
  }

  /** Verify the checksum, then decrypt and authenticate. Throws CorruptEntryError. */
  open(id: EntryIdentity, sealed: SealedEntry): string {
    const expected = checksum(id, sealed.frame);
    if (sealed.checksum.length !== expected.length || !timingSafeEqual(sealed.checksum, expected)) throw new CorruptEntryError(id.seq, 'checksum');
    if (sealed.frame.length < IV_BYTES + TAG_BYTES) throw new CorruptEntryError(id.seq, 'authentication');
    try {
      const iv = sealed.frame.subarray(0, IV_BYTES);
      const tag = sealed.frame.subarray(sealed.frame.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.keyObject, iv);
      decipher.setAAD(aad(id));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.frame.subarray(IV_BYTES, sealed.frame.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new CorruptEntryError(id.seq, 'authentication');
    }
  }
}

/** One entry sealed with `key` (a Sealer of its own; a spool keeps one Sealer for all its entries). */
export function seal(key: Buffer, id: EntryIdentity, plaintext: string): SealedEntry {
  return new Sealer(key).seal(id, plaintext);
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

/** Verify the checksum, then decrypt and authenticate one entry with `key`. Throws CorruptEntryError. */
export function open(key: Buffer, id: EntryIdentity, sealed: SealedEntry): string {
  return new Sealer(key).open(id, sealed);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
