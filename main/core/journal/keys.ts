/**
 * Where the spool key lives. In production: the OS credential store through keytar (the same
 * CredentialStore the password uses, under its own account name). Tests inject memory; the web host
 * (development only) can use a file next to the spool when it runs without an OS keyring.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialStore } from '../credentials/credentialStore';

/** The part of a credential store the spool needs: a secret per account name. */
export type KeyStore = Pick<CredentialStore, 'get' | 'set'>;

/** The credential-store account that holds a spool's key (one per device id). */
export function spoolKeyAccount(deviceId: string): string {
  return `journal-spool-key:${deviceId}`;
}

/**
 * DEVELOPMENT ONLY: keeps the key in a 0600 file. A key beside the data it protects protects nothing
 * against someone who can read the disk; the packaged app always uses the OS credential store.
 */
export function createFileKeyStore(dir: string): KeyStore {
  const file = (account: string) => join(dir, `${account.replace(/[^A-Za-z0-9_-]/g, '_')}.key`);
  return {
    async get(account) {
      try {
        return readFileSync(file(account), 'utf8').trim() || null;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async set(account, secret) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file(account)}.tmp`;
      writeFileSync(tmp, secret, { mode: 0o600, flush: true });
      renameSync(tmp, file(account));
    },
  };
}

/**
 * DEVELOPMENT ONLY (web host): the OS credential store when it works, else the file store, so a
 * machine without a keyring (CI, containers) can still run the client end to end.
 */
export function withFileFallback(primary: KeyStore, fallback: KeyStore, onFallback: () => void): KeyStore {
  return {
    async get(account) {
      try {
        const v = await primary.get(account);
        if (v) return v;
      } catch {
        onFallback();
      }
      return fallback.get(account);
    },
    async set(account, secret) {
      try {
        await primary.set(account, secret);
      } catch {
        onFallback();
        await fallback.set(account, secret);
      }
    },
  };
}
