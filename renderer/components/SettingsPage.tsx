import { useEffect, useId, useState, type FormEvent } from 'react';
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

const IDLE_MAX = 1440;

/** What idle sign-out does at this value, in a sentence. */
function idleSentence(minutes: number): string {
  return minutes === 0 ? 'Off: you stay signed in while idle.' : `You are signed out after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without activity.`;
}

/**
 * Settings (issue 3 item 9): what the user may choose, with the settings that group policy manages shown
 * locked ("Managed by your organization"). Desktop notifications are a local choice; the others are
 * backed by policies and read through settingLock().
 */
export function SettingsPage({ onClose, onShowPolicy }: { onClose?: () => void; onShowPolicy?: () => void }) {
  const { api, state, actions } = useStore();
  const session = state.session;
  const [view, setView] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const notify = useNotifySettings();
  const [notifyBusy, setNotifyBusy] = useState(false);
  const ids = { title: useId(), notify: useId(), notifyHelp: useId(), idle: useId(), idleHelp: useId(), idleStatus: useId(), remember: useId(), rememberHelp: useId() };
  /** The number being typed; null while it shows the value in force. */
  const [idleDraft, setIdleDraft] = useState<string | null>(null);
  const [idleSaving, setIdleSaving] = useState(false);
  const [idleStatus, setIdleStatus] = useState<{ kind: 'saved'; minutes: number } | { kind: 'error'; text: string } | null>(null);

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

  /** Save the user's own value through main ('settings:set'); main refuses if a policy manages it. */
  async function saveIdle(e: FormEvent) {
    e.preventDefault();
    if (idle.locked || idleSaving) return;
    const text = (idleDraft ?? String(idleValue)).trim();
    const minutes = Number(text);
    if (!/^\d+$/.test(text) || minutes > IDLE_MAX) {
      setIdleStatus({ kind: 'error', text: `Enter a whole number of minutes from 0 to ${IDLE_MAX}. 0 turns idle sign-out off.` });
      return;
    }
    setIdleSaving(true);
    setIdleStatus(null);
    try {
      const next = await actions.saveSetting('IdleSignOutMinutes', minutes);
      setView(next);
      setIdleDraft(null);
      setIdleStatus({ kind: 'saved', minutes });
    } catch (err) {
      setIdleStatus({ kind: 'error', text: errorText(err, 'Your setting could not be saved. Try again.') });
    } finally {
      setIdleSaving(false);
    }
  }
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
        <form className="settings-row" onSubmit={(e) => void saveIdle(e)} noValidate>
          <LockedSetting label="Sign out after idle minutes" controlId={ids.idle} locked={idle.locked} source={idle.source} policy="IdleSignOutMinutes">
            {(control) => (
              <span className="settings-inline">
                <input
                  id={ids.idle}
                  className="settings-number"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={IDLE_MAX}
                  step={1}
                  value={idle.locked || idleDraft === null ? idleValue : idleDraft}
                  onChange={(e) => {
                    setIdleDraft(e.currentTarget.value);
                    setIdleStatus(null);
                  }}
                  disabled={control.disabled || !view}
                  aria-invalid={idleStatus?.kind === 'error' || undefined}
                  aria-describedby={describedBy(control['aria-describedby'], ids.idleHelp, idleStatus?.kind === 'error' ? ids.idleStatus : undefined)}
                />
                {!idle.locked && (
                  <button type="submit" className="btn btn-secondary btn-small" disabled={idleSaving || !view}>
                    Save
                  </button>
                )}
              </span>
            )}
          </LockedSetting>
          <p id={ids.idleHelp} className="settings-help">
            {idleSentence(idleValue)}
            {idle.locked ? '' : ` Choose 0 to turn it off, or up to ${IDLE_MAX} minutes.`}
          </p>
          {/* Live regions stay in place so that what is put in them is announced. */}
          <p role="status" className="settings-status">
            {idleStatus?.kind === 'saved' && (
              <>
                Saved.<span className="sr-only"> {idleSentence(idleStatus.minutes)}</span>
              </>
            )}
          </p>
          <p id={ids.idleStatus} role="alert" className="settings-status settings-status-error">
            {idleStatus?.kind === 'error' ? idleStatus.text : ''}
          </p>
        </form>
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
