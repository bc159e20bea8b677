import { useState } from 'react';
import { dismissNotificationOffer, setNotificationsEnabled, useNotifySettings } from '../notifications';

/**
 * A small offer in the sidebar to turn on desktop notifications. The browser asks for the permission
 * only from a click, once; after that the switch lives in Settings.
 */
export function NotificationOffer() {
  const settings = useNotifySettings();
  const [busy, setBusy] = useState(false);
  if (settings.permission !== 'default' || settings.offerDone || !settings.enabled) return null;
  return (
    <div className="notify-offer">
      <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13L5 14zM8.5 17.5h3" />
      </svg>
      <span className="notify-offer-text">
        <button
          type="button"
          className="btn-link"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void setNotificationsEnabled(true).finally(() => setBusy(false));
          }}
        >
          Enable desktop notifications
        </button>
      </span>
      <button type="button" className="btn-link" onClick={dismissNotificationOffer}>
        Not now
      </button>
    </div>
  );
}
