/**
 * The web host's composition: the shared host boot (main/host/common/boot.ts) behind the WebSocket
 * transport of webHost.ts. `npm run web` (scripts/web.ts) builds the renderer and calls this.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bootClient } from '../common/boot';
import { startWebHost, type WebHost } from './webHost';
import { createFileKeyStore, journalDir, withFileFallback } from '../../core/journal';
import { createKeytarStore, createMemoryStore, type CredentialStore } from '../../core/credentials/credentialStore';
import type { Logger } from '../../core/log';

export interface WebClientOptions {
  staticDir: string;
  dataDir: string;
  log: Logger;
  overrideFile?: string;
  host?: string;
  port?: number;
  /** Keep passwords in memory instead of the OS credential store (tests). */
  memoryCredentials?: boolean;
}

export async function startWebClient(opts: WebClientOptions): Promise<{ host: WebHost; shutdown(): Promise<void> }> {
  mkdirSync(opts.dataDir, { recursive: true });
  const log = opts.log;
  let credentials: CredentialStore;
  let osStore = false;
  try {
    credentials = opts.memoryCredentials ? createMemoryStore() : await createKeytarStore();
    osStore = !opts.memoryCredentials;
  } catch {
    credentials = createMemoryStore();
    log.warn('credentials.keytar-unavailable', {});
  }
  const devKeys = createFileKeyStore(join(journalDir(opts.dataDir), 'dev-keys'));
  let host: WebHost | null = null;
  const client = await bootClient({
    platform: process.platform,
    ...(opts.overrideFile !== undefined ? { overrideFile: opts.overrideFile } : {}),
    isPackaged: false,
    credentials,
    dataDir: opts.dataDir,
    log,
    deliver: (channel, payload) => host?.broadcast(channel, payload),
    isTrustedSender: (s) => s.isMainFrame && s.origin === `http://127.0.0.1:${host?.port ?? 0}`,
    // Without a working OS keyring (development only) the journal key goes to a 0600 file so the spool survives a restart.
    journalKeys: osStore ? withFileFallback(credentials, devKeys, () => log.warn('journal.keyring-unavailable', {})) : devKeys,
  });
  const started = await startWebHost({ router: client.router, staticDir: opts.staticDir, ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}), log });
  host = started;
  return {
    host: started,
    async shutdown() {
      await client.shutdown();
      await started.close();
    },
  };
}
