import { useEffect, useId, useState } from 'react';
import type { PolicyView } from '../../shared/ipc/types';
import { settingLock } from '../../shared/policy/view';
import { setNotificationsEnabled, useNotifySettings, type NotifyPermission } from '../notifications';
import { errorText } from '../state/actions';
import { useStore } from '../state/store';
import { LockedSetting } from './LockedSetting';

const NOTIFY_HELP: Record<NotifyPermission, string> = {
  granted: "For new direct messages and mentions in rooms, while Approved IM is in the background or the conversation isn't open. None while you're in Do not disturb.",
  default: 'Turning this on asks your computer for permission to show notifications.',
  denied: 'Desktop notifications are blocked for Approved IM on this computer. Allow them in your system settings, or ask IT.',
  unsupported: "This computer doesn't offer desktop notifications to Approved IM.",
};

const describedBy = (...ids: (string | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/**
 * Settings (issue 3 item 9): what the user may choose, with the settings that group policy manages shown
 * locked ("Managed by your organization"). Desktop notifications are a local choice; the others are
 * backed by policies and read through settingLock().
 */
export function SettingsPage({ onClose, onShowPolicy }: { onClose?: () => void; onShowPolicy?: () => void }) {
  const { api, state } = useStore();
  const session = state.session;
  const [view, setView] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const notify = useNotifySettings();
  const [notifyBusy, setNotifyBusy] = useState(false);
  const ids = { title: useId(), notify: useId(), notifyHelp: useId(), idle: useId(), idleHelp: useId(), remember: useId(), rememberHelp: useId() };

  useEffect(() => {
    let live = true;
    api.invoke('policy:get', {}).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(errorText(err, 'The policy could not be read, so managed settings are not shown. Try again later.')),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const idle = settingLock(view, 'IdleSignOutMinutes');
  const idleMinutes = Number.parseInt(idle.value, 10);
  const idleValue = Number.isFinite(idleMinutes) ? idleMinutes : 0;
  const remember = settingLock(view, 'RememberPasswordAllowed');
  const rememberAllowed = session?.rememberPasswordAllowed ?? remember.value === 'true';
  const notifyOn = notify.enabled && notify.permission === 'granted';
  const notifyUnavailable = notify.permission === 'denied' || notify.permission === 'unsupported';

  return (
    <section className="settings-page" aria-labelledby={ids.title}>
      <header className="settings-head">
        <h1 id={ids.title}>Settings</h1>
        {onClose && (
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      {error && (
        <p role="alert" className="banner banner-error">
          {error}
        </p>
      )}

      <section className="settings-section" aria-labelledby={`${ids.notify}-h`}>
        <h2 id={`${ids.notify}-h`}>Notifications</h2>
        <div className="settings-row">
          <LockedSetting label="Desktop notifications" controlId={ids.notify} locked={false}>
            <input
              id={ids.notify}
              className="settings-switch"
              type="checkbox"
              checked={notifyOn}
              disabled={notifyUnavailable || notifyBusy}
              aria-describedby={ids.notifyHelp}
              onChange={(e) => {
                setNotifyBusy(true);
                void setNotificationsEnabled(e.currentTarget.checked).finally(() => setNotifyBusy(false));
              }}
            />
          </LockedSetting>
          <p id={ids.notifyHelp} className="settings-help">
            {NOTIFY_HELP[notify.permission]}
          </p>
        </div>
      </section>

      <section className="settings-section" aria-labelledby={`${ids.idle}-h`}>
        <h2 id={`${ids.idle}-h`}>Sign-in</h2>
        <div className="settings-row">
          <LockedSetting label="Sign out after idle minutes" controlId={ids.idle} locked={idle.locked} source={idle.source} policy="IdleSignOutMinutes">
            {(control) => (
              <input
                id={ids.idle}
                className="settings-number"
                type="number"
                min={0}
                max={1440}
                value={idleValue}
                // No contract channel saves a user value yet: shown read-only, as in effect.
                readOnly
                disabled={control.disabled}
                aria-describedby={describedBy(control['aria-describedby'], ids.idleHelp)}
              />
            )}
          </LockedSetting>
          <p id={ids.idleHelp} className="settings-help">
            {idleValue === 0 ? 'Off: you stay signed in while idle. ' : `You are signed out after ${idleValue} minutes without activity. `}
            {idle.locked ? '' : "Your own value can't be saved from this version of Approved IM yet."}
          </p>
        </div>
        <div className="settings-row">
          <LockedSetting label="Remember password" controlId={ids.remember} locked={remember.locked} source={remember.source} policy="RememberPasswordAllowed">
            {(control) => (
              <input
                id={ids.remember}
                className="settings-switch"
                type="checkbox"
                checked={Boolean(session?.hasSavedPassword)}
                // Chosen at sign-in; Sign out offers to forget it. Shown here as it stands.
                readOnly
                disabled
                aria-describedby={describedBy(control['aria-describedby'], ids.rememberHelp)}
              />
            )}
          </LockedSetting>
          <p id={ids.rememberHelp} className="settings-help">
            {!rememberAllowed
              ? "Your organization doesn't allow saving passwords on this computer."
              : session?.hasSavedPassword
                ? 'Your password is saved in this computer’s credential store. Sign out to forget it.'
                : 'Choose “Remember password” when you sign in to save it in this computer’s credential store.'}
          </p>
        </div>
      </section>

      {onShowPolicy && (
        <p className="settings-footnote">
          <button type="button" className="btn-link" onClick={onShowPolicy}>
            View all policies
          </button>
        </p>
      )}
    </section>
  );
}
