import { useEffect, useRef, useState } from 'react';
import { createActivityReporter, createAutoAway } from '../idle';
import type { Actions } from '../state/actions';
import type { AppState } from '../state/reducer';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'pointerdown', 'touchstart'] as const;

/** Keyboard and mouse activity anywhere in the window (captured, passive). Returns the unsubscribe. */
function onWindowActivity(listener: () => void): () => void {
  const opts = { capture: true, passive: true } as const;
  ACTIVITY_EVENTS.forEach((t) => window.addEventListener(t, listener, opts));
  return () => ACTIVITY_EVENTS.forEach((t) => window.removeEventListener(t, listener, opts));
}

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
    const stopActivity = onWindowActivity(() => away.activity());
    const onVisibility = () => (document.visibilityState === 'hidden' ? away.hidden() : away.activity());
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      away.stop();
      stopActivity();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [actions]);
}

const SIGNED_IN = new Set(['connecting', 'online', 'reconnecting', 'offline']);

/**
 * Idle sign-out (IdleSignOutMinutes): tells main about keyboard/mouse activity in the window, throttled
 * (about every 30 s; at once while the sign-out warning shows). Main keeps the timer and signs out.
 */
export function useActivityReports(state: AppState, actions: Actions): void {
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const reporter = createActivityReporter({
      report: () => void actions.reportActivity().catch(() => undefined),
      enabled: () => SIGNED_IN.has(stateRef.current.session?.phase ?? 'signed-out'),
      urgent: () => Boolean(stateRef.current.session?.idleWarning),
    });
    const stop = onWindowActivity(() => reporter.activity());
    return () => {
      reporter.stop();
      stop();
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
