/**
 * Signed heads of the client-events tree: the server's Ed25519 tree-head key (the same key file as the
 * records tree, so `verify` pins it the same way), over a message with its own context label so an
 * events head can never pass for a records head:
 *   canonicalJson({ context: "approved-im-retention-events-sth-v1", keyId, rootHash, timestamp, treeSize })
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../../shared/journal/record';
import { keyIdOf, type SignedTreeHead } from '../signing';
import type { HeadSigner } from './eventLog';

export const EVENTS_HEAD_CONTEXT = 'approved-im-retention-events-sth-v1';

export function eventHeadMessage(head: Omit<SignedTreeHead, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({ context: EVENTS_HEAD_CONTEXT, keyId: head.keyId, rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize }),
    'utf8',
  );
}

export function eventHeadSignerFromKey(privateKey: KeyObject, clock: () => Date = () => new Date()): HeadSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The tree-head signing key must be an Ed25519 key');
  const keyId = keyIdOf(createPublicKey(privateKey));
  return (treeSize, rootHash) => {
    const unsigned = { treeSize, rootHash, timestamp: clock().toISOString(), keyId };
    return { ...unsigned, signature: sign(null, eventHeadMessage(unsigned), privateKey).toString('base64') };
  };
}

/** The signer for the key file the server signs record heads with (created by then). */
export function eventHeadSigner(signingKeyFile: string): HeadSigner {
  return eventHeadSignerFromKey(createPrivateKey(readFileSync(signingKeyFile)));
}

export function verifyEventHead(head: SignedTreeHead, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (keyIdOf(key) !== head.keyId) return false;
    return verify(null, eventHeadMessage(head), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
