import { createContext, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import type { RendererApi } from '../../shared/ipc/api';
import { createActions, subscribeEvents, type Actions, type SessionClock } from './actions';
import { initialState, reducer, type AppState } from './reducer';

export interface Store {
  state: AppState;
  actions: Actions;
  api: RendererApi;
}

const StoreContext = createContext<Store | null>(null);

/** Quiet time after the last session event before re-reading the session state. */
const SESSION_SETTLE_MS = 400;

/** Owns the app state; the API comes in from the entry point (no globals below main.tsx). */
export function StoreProvider({ api, children }: { api: RendererApi; children: ReactNode }) {
  const [state, dispatch] = useReducer(reducer, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;

  // Shared by actions and events so a late invoke answer never overwrites a newer session event.
  const clock = useMemo<SessionClock>(() => ({ events: 0 }), []);
  const actions = useMemo(() => createActions(api, dispatch, () => stateRef.current, clock), [api, clock]);

  useEffect(() => {
    // Session events can arrive out of order (main computes each one asynchronously): once they settle,
    // ask for the state again so the screen ends on main's current answer.
    let settle: number | undefined;
    const resync = () => {
      window.clearTimeout(settle);
      settle = window.setTimeout(() => void actions.refreshSession().catch(() => undefined), SESSION_SETTLE_MS);
    };
    const off = subscribeEvents(api, dispatch, () => stateRef.current, clock, resync);
    actions.refreshSession().catch(() => undefined);
    return () => {
      window.clearTimeout(settle);
      off();
    };
  }, [api, actions, clock]);

  // Load the roster whenever we come online (first sign-in and after each reconnect), and once when the
  // signed-in screen starts while the connection is down (main keeps the last roster it had).
  const phase = state.session?.phase;
  const noContacts = state.contacts.length === 0;
  useEffect(() => {
    if (phase === 'online' || ((phase === 'reconnecting' || phase === 'offline') && noContacts)) {
      actions.refreshRoster().catch(() => undefined);
      actions.refreshRooms().catch(() => undefined);
    }
  }, [phase, noContacts, actions]);

  // Journal state: asked once per sign-in (events keep it current after that).
  const signedIn = phase === 'online' || phase === 'reconnecting' || phase === 'offline' || phase === 'connecting';
  useEffect(() => {
    if (signedIn) actions.refreshJournal().catch(() => undefined);
  }, [signedIn, actions]);

  const value = useMemo(() => ({ state, actions, api }), [state, actions, api]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}
