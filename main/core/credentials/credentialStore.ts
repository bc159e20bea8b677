/**
 * Passwords live only in the OS credential store (keytar: libsecret on Linux, Keychain on macOS,
 * Credential Manager on Windows). Never in a file, never in a log.
 */
export interface CredentialStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export const CREDENTIAL_SERVICE = 'Approved IM';

export async function createKeytarStore(service = CREDENTIAL_SERVICE): Promise<CredentialStore> {
  const mod = (await import('keytar')) as typeof import('keytar') & { default?: typeof import('keytar') };
  const keytar = mod.default ?? mod;
  return {
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: (account) => keytar.deletePassword(service, account),
  };
}

/** For tests and for hosts where no OS store is reachable: nothing is remembered across runs. */
export function createMemoryStore(): CredentialStore {
  const map = new Map<string, string>();
  return {
    async get(a) {
      return map.get(a) ?? null;
    },
    async set(a, s) {
      map.set(a, s);
    },
    async delete(a) {
      return map.delete(a);
    },
  };
}
