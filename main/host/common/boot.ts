/**
 * The one host boot, shared by the Electron host and the web host: the settings store, the policy
 * service over the OS sources (or the development `--policy FILE`), and the client core with its IPC
 * router, wired the same way in both. A host adds only its transport (ipcMain or a WebSocket) and its
 * window or page.
 */
import { composeClient, type ComposeOptions } from '../../core/compose';
import { createPolicyService, defaultPolicySources, type PolicyService } from '../../core/policy/service';
import { createSettingsStore, type SettingsStore } from '../../core/settings';
import { userPolicyValues } from '../../core/userSettings';

export interface HostBootOptions extends Pick<ComposeOptions, 'credentials' | 'dataDir' | 'log' | 'deliver' | 'isTrustedSender' | 'journalKeys'> {
  platform: NodeJS.Platform;
  /** `--policy FILE` (development only): the policy service refuses it in a packaged build. */
  overrideFile?: string;
  isPackaged: boolean;
}

export interface BootedClient extends ReturnType<typeof composeClient> {
  policy: PolicyService;
  settings: SettingsStore;
  /** End the session and stop watching policy sources. */
  shutdown(): Promise<void>;
}

export async function bootClient(opts: HostBootOptions): Promise<BootedClient> {
  // One settings store for the policy service and the core: 'settings:set' writes what the user-settings source reads.
  const settings = createSettingsStore(opts.dataDir);
  const policy = await createPolicyService({
    sources: defaultPolicySources(opts.platform, { userSettings: userPolicyValues(settings) }),
    ...(opts.overrideFile !== undefined ? { overrideFile: opts.overrideFile } : {}),
    isPackaged: opts.isPackaged,
    logger: opts.log,
  });
  const client = composeClient({
    policy,
    settings,
    credentials: opts.credentials,
    dataDir: opts.dataDir,
    log: opts.log,
    deliver: opts.deliver,
    isTrustedSender: opts.isTrustedSender,
    ...(opts.journalKeys ? { journalKeys: opts.journalKeys } : {}),
  });
  return {
    ...client,
    policy,
    settings,
    async shutdown() {
      await client.core.shutdown().catch((err: unknown) => opts.log.warn('host.shutdown-failed', { name: err instanceof Error ? err.name : 'unknown' }));
      policy.close();
    },
  };
}
