/**
 * Ed25519 signed tree heads (node:crypto). The private key lives in a PEM file (PKCS#8, mode 0600) next
 * to the SQLite database by default, or wherever --signing-key says; its public half is also recorded in
 * the store so heads stay checkable after a key rotation. `verify` pins the key file when it can read it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { canonicalJson } from '../shared/journal/record';

export interface SignedTreeHead {
  treeSize: number;
  /** Hex RFC 6962 root hash. */
  rootHash: string;
  /** ISO 8601, when the head was signed. */
  timestamp: string;
  /** Hex SHA-256 of the raw Ed25519 public key. */
  keyId: string;
  /** Base64 Ed25519 signature over treeHeadMessage(). */
  signature: string;
}

const CONTEXT = 'approved-im-retention-sth-v1';

/** The exact bytes that are signed: canonical JSON with a context label. */
export function treeHeadMessage(head: Omit<SignedTreeHead, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({ context: CONTEXT, keyId: head.keyId, rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize }),
    'utf8',
  );
}

export interface TreeHeadSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(treeSize: number, rootHash: string, timestamp: string): SignedTreeHead;
}

export function keyIdOf(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(raw).digest('hex');
}

export function signerFromPrivateKey(privateKey: KeyObject): TreeHeadSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The tree-head signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign(treeSize, rootHash, timestamp) {
      const unsigned = { treeSize, rootHash, timestamp, keyId };
      const signature = sign(null, treeHeadMessage(unsigned), privateKey).toString('base64');
      return { ...unsigned, signature };
    },
  };
}

/** Load the key file, creating a new key (mode 0600) if it does not exist and `create` is set. */
export function loadSigningKey(file: string, create: boolean): TreeHeadSigner {
  if (!existsSync(file)) {
    if (!create) throw new Error(`Signing key file not found: ${file}`);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return signerFromPrivateKey(createPrivateKey(readFileSync(file)));
}

/** Public key (PEM) of a private or public key file. */
export function loadPublicKey(file: string): KeyObject {
  const pem = readFileSync(file, 'utf8');
  return pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
}

export function verifyTreeHead(head: SignedTreeHead, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (keyIdOf(key) !== head.keyId) return false;
    return verify(null, treeHeadMessage(head), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
