/**
 * Policy NotificationShowsText (issue 11 item 7) as the renderer sees it: the value in the policy view
 * ('policy:get'), re-read whenever main pushes a new session state (main pushes one after every runtime
 * policy change). Until the first answer, and whenever reading fails, it is off: no message text leaves
 * for the OS notification store unless policy says so.
 */
import type { RendererApi } from '../shared/ipc/api';
import type { PolicyView } from '../shared/ipc/types';

export const NOTIFICATION_TEXT_POLICY = 'NotificationShowsText';

/** On only when the policy view says exactly `true` (a boolean policy's value is formatted as JSON). */
export function notificationShowsText(view: Pick<PolicyView, 'entries'>): boolean {
  return view.entries.find((e) => e.name === NOTIFICATION_TEXT_POLICY)?.value === 'true';
}

export interface NotificationTextPolicy {
  current: () => boolean;
  off: () => void;
}

export function watchNotificationTextPolicy(api: RendererApi): NotificationTextPolicy {
  let value = false;
  let generation = 0;
  let stopped = false;
  const refresh = () => {
    const mine = ++generation;
    api.invoke('policy:get', {}).then(
      (view) => {
        if (!stopped && mine === generation) value = notificationShowsText(view);
      },
      () => {
        if (!stopped && mine === generation) value = false;
      },
    );
  };
  refresh();
  const offState = api.on('session:state', refresh);
  return {
    current: () => value,
    off: () => {
      stopped = true;
      offState();
    },
  };
}
