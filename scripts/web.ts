/**
 * `npm run web -- --policy FILE [--port N] [--data-dir DIR]`
 * The web host: the same core and renderer as the Electron app, on 127.0.0.1, for development and
 * end-to-end tests. Prints one line `Client UI: <url>`; the URL carries a random access token.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildRenderer } from './build';
import { startWebHost, type WebHost } from '../main/host/web/webHost';
import { composeClient } from '../main/core/compose';
import { createFileKeyStore, journalDir, withFileFallback } from '../main/core/journal';
import { createPolicyService, defaultPolicySources } from '../main/core/policy/service';
import { createSettingsStore } from '../main/core/settings';
import { userPolicyValues } from '../main/core/userSettings';
import { createLogger } from '../main/core/log';
import { createKeytarStore, createMemoryStore, type CredentialStore } from '../main/core/credentials/credentialStore';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'memory-credentials': { type: 'boolean', default: false },
    },
  });
  const log = createLogger();
  const staticDir = await buildRenderer({ outDir: mkdtempSync(join(tmpdir(), 'approved-im-ui-')) });
  await build({ entryPoints: [join(root, 'main/host/web/bridge.ts')], outfile: join(staticDir, 'bridge.js'), bundle: true, format: 'iife', platform: 'browser', target: ['chrome120'], logLevel: 'warning' });

  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'approved-im-web-'));
  mkdirSync(dataDir, { recursive: true });
  // One settings store for the policy service and the core: 'settings:set' writes what the user-settings source reads.
  const settings = createSettingsStore(dataDir);

  // The same policy service as the desktop app; `--policy FILE` replaces the OS sources (development only).
  const policy = await createPolicyService({
    sources: defaultPolicySources(process.platform, { userSettings: userPolicyValues(settings) }),
    ...(values.policy ? { overrideFile: values.policy } : {}),
    isPackaged: false,
    logger: log,
  });

  let credentials: CredentialStore;
  let osStore = false;
  try {
    credentials = values['memory-credentials'] ? createMemoryStore() : await createKeytarStore();
    osStore = !values['memory-credentials'];
  } catch {
    credentials = createMemoryStore();
    log.warn('credentials.keytar-unavailable', {});
  }
  const devKeys = createFileKeyStore(join(journalDir(dataDir), 'dev-keys'));
  let host: WebHost | null = null;
  const { core, router } = composeClient({
    policy,
    credentials,
    dataDir,
    settings,
    log,
    deliver: (channel, payload) => host?.broadcast(channel, payload),
    isTrustedSender: (s) => s.isMainFrame && s.origin === `http://127.0.0.1:${host?.port ?? 0}`,
    // Without a working OS keyring (development only) the journal key goes to a 0600 file so the spool survives a restart.
    journalKeys: osStore ? withFileFallback(credentials, devKeys, () => log.warn('journal.keyring-unavailable', {})) : devKeys,
  });
  host = await startWebHost({ router, staticDir, host: values.host, ...(values.port ? { port: Number(values.port) } : {}), log });
  process.stdout.write(`Client UI: ${host.url}\n`);

  const stop = async () => {
    await core.shutdown().catch(() => {});
    policy.close();
    await host?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
