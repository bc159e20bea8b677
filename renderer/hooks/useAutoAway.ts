import { useEffect, useRef, useState } from 'react';
import { createAutoAway } from '../idle';
import type { Actions } from '../state/actions';
import type { AppState } from '../state/reducer';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'pointerdown', 'touchstart'] as const;

/**
 * Reports the user idle (XEP-0319) after 10 minutes without keyboard/mouse activity in the window, or with
 * the window hidden that long, when their chosen presence is 'online'; the next activity restores it.
 * Timing lives in idle.ts; this only wires DOM events and the store.
 */
export function useAutoAway(state: AppState, actions: Actions): void {
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const away = createAutoAway({
      chosen: () => (stateRef.current.session?.phase === 'online' ? stateRef.current.ownPresence : null),
      onIdle: (since) => void actions.setIdle(since).catch(() => undefined),
      onActive: () => void actions.setIdle(null).catch(() => undefined),
    });
    const onActivity = () => away.activity();
    const onVisibility = () => (document.visibilityState === 'hidden' ? away.hidden() : away.activity());
    const opts = { capture: true, passive: true } as const;
    ACTIVITY_EVENTS.forEach((t) => window.addEventListener(t, onActivity, opts));
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      away.stop();
      ACTIVITY_EVENTS.forEach((t) => window.removeEventListener(t, onActivity, opts));
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [actions]);
}

/** The current time, refreshed every `everyMs` (idle times on screen move on each minute). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
