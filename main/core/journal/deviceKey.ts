/**
 * The device's Ed25519 key pair (issue 12). The private key lives in the OS credential store (the same
 * KeyStore as the spool key, under its own account name, one per device id); it signs every batch and
 * the enrollment's proof of possession. A new key replaces it after the server revoked the device.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { KeyStore } from './keys';

export function deviceKeyAccount(deviceId: string): string {
  return `journal-device-key:${deviceId}`;
}

export interface DeviceKey {
  /** base64 SPKI DER, as the server stores it. */
  readonly publicKey: string;
  /** Ed25519 signature over UTF-8 text, base64. */
  sign(text: string): string;
}

function wrap(privateKey: KeyObject): DeviceKey {
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return { publicKey, sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
}

/** The stored key of this device, or null when there is none (or it cannot be read as Ed25519). */
export async function loadDeviceKey(keys: KeyStore, deviceId: string): Promise<DeviceKey | null> {
  const stored = await keys.get(deviceKeyAccount(deviceId));
  if (!stored) return null;
  try {
    const key = createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? wrap(key) : null;
  } catch {
    return null;
  }
}

/** Generate a new key pair and save the private key before it is used. */
export async function newDeviceKey(keys: KeyStore, deviceId: string): Promise<DeviceKey> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await keys.set(deviceKeyAccount(deviceId), privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
  return wrap(privateKey);
}
