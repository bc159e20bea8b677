/**
 * The user's own values for policies marked `userSettable` (today IdleSignOutMinutes): saved by
 * 'settings:set' into the settings store under `policy`, read back by the policy service's
 * userSettingsSource (policy/source.ts), where they rank below every policy level. A policy that sets the
 * value locks it: main refuses to save, whatever the renderer shows.
 */
import type { AuditSink } from './audit';
import type { PolicyProvider } from './ports';
import { UserFacingError, type IpcHandlers } from './ipc/router';
import type { Logger } from './log';
import { setOwn } from './policy/source';
import type { SettingsStore } from './settings';

/** The settings-store key holding the user's policy values. */
export const USER_POLICY_KEY = 'policy';

/** For defaultPolicySources({ userSettings }): the user's values as saved by 'settings:set'. */
export function userPolicyValues(store: SettingsStore): () => Promise<Record<string, unknown>> {
  return async () => {
    const saved = (await store.read())[USER_POLICY_KEY];
    return saved && typeof saved === 'object' && !Array.isArray(saved) ? { ...(saved as Record<string, unknown>) } : {};
  };
}

export const MANAGED_SETTING = 'Your organization manages this setting, so it can’t be changed here.';

export interface UserSettingsDeps {
  settings: SettingsStore;
  policy: PolicyProvider;
  log: Logger;
  audit?: AuditSink;
}

export function createUserSettingsHandlers(deps: UserSettingsDeps): Pick<IpcHandlers, 'settings:set'> {
  const read = userPolicyValues(deps.settings);
  return {
    // The request already passed UserSettingRequestSchema: a userSettable policy and a value its schema accepts.
    'settings:set': async ({ name, value }) => {
      const entry = deps.policy.current().entries.find((e) => e.name === name);
      if (entry && entry.level !== 'default' && entry.level !== 'user-setting') throw new UserFacingError('managed', MANAGED_SETTING);
      const next = await read();
      if (value === null) delete next[name];
      else setOwn(next, name, value);
      await deps.settings.update({ [USER_POLICY_KEY]: next });
      // The user-settings source has no watcher: apply now, so the new value is in force when we answer.
      await deps.policy.refresh?.();
      deps.log.info('settings.changed', { name });
      deps.audit?.record({ type: 'user-setting-changed', name, value: value ?? 'default' });
      return deps.policy.view();
    },
  };
}
