import { useId, type ReactNode } from 'react';

export const MANAGED_TEXT = 'Managed by your organization';

export interface LockedSettingControl {
  /** Disable the control when locked. */
  disabled: boolean;
  /** Point the control's aria-describedby here, so screen readers say why it is locked. */
  'aria-describedby'?: string;
}

export interface LockedSettingProps {
  /** Visible label of the setting. */
  label: string;
  /** id of the control, for the label's htmlFor. */
  controlId: string;
  /** From settingLock(view, policyName) in shared/policy/view.ts. */
  locked: boolean;
  /** Where the managed value comes from (shown as a hint to administrators). */
  source?: string;
  /** The policy name, shown with the source. */
  policy?: string;
  /** The control; receives `disabled` and `aria-describedby` when given as a function. */
  children: ReactNode | ((control: LockedSettingControl) => ReactNode);
}

/**
 * A setting row that shows a policy-managed setting as locked: the control is disabled and the row says
 * "Managed by your organization", with the policy and its source for administrators.
 */
export function LockedSetting({ label, controlId, locked, source, policy, children }: LockedSettingProps) {
  const noteId = useId();
  const control: LockedSettingControl = locked ? { disabled: true, 'aria-describedby': noteId } : { disabled: false };
  return (
    <div className={`pol-setting${locked ? ' pol-setting-locked' : ''}`}>
      <label className="pol-setting-label" htmlFor={controlId}>
        {label}
      </label>
      <div className="pol-setting-control">{typeof children === 'function' ? children(control) : children}</div>
      {locked && (
        <p id={noteId} className="pol-setting-note">
          <svg className="pol-lock" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" focusable="false">
            <path d="M5 7V5a3 3 0 0 1 6 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z" fill="currentColor" />
          </svg>{' '}
          {MANAGED_TEXT}
          {(policy || source) && (
            <span className="pol-muted">
              {' '}
              ({[policy, source].filter(Boolean).join(' from ')})
            </span>
          )}
        </p>
      )}
    </div>
  );
}
