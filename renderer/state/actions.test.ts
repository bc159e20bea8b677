import { describe, expect, it } from 'vitest';
import type { RendererApi } from '../../shared/ipc/api';
import type { SessionState } from '../../shared/ipc/types';
import { createActions, subscribeEvents, type SessionClock } from './actions';
import { initialState, reducer, type Action, type AppState } from './reducer';

const session = (phase: SessionState['phase'], error?: string): SessionState => ({
  phase,
  jid: 'alice@x.gov',
  configErrors: [],
  configWarnings: [],
  rememberPasswordAllowed: true,
  hasSavedPassword: false,
  ...(error ? { error } : {}),
});

/** A RendererApi whose sign-in emits events before it answers, like main does on a failed sign-in. */
function fakeApi() {
  const listeners = new Map<string, (p: unknown) => void>();
  const api = {
    async invoke(channel: string) {
      if (channel !== 'session:signIn') return {};
      const emit = listeners.get('session:state');
      emit?.(session('offline'));
      emit?.(session('signed-out', 'The address or password is not correct.'));
      return session('connecting'); // computed before the events: stale by the time it arrives
    },
    on(channel: string, listener: (p: unknown) => void) {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  } as unknown as RendererApi;
  return api;
}

describe('session answers and events', () => {
  it('a late invoke answer never overwrites a newer session:state event', async () => {
    let state: AppState = initialState;
    const dispatch = (a: Action) => (state = reducer(state, a));
    const clock: SessionClock = { events: 0 };
    const api = fakeApi();
    subscribeEvents(api, dispatch, () => state, clock);
    const actions = createActions(api, dispatch, () => state, clock);
    await actions.signIn('alice@x.gov', 'nope', false);
    expect(state.session?.phase).toBe('signed-out');
    expect(state.session?.error).toBe('The address or password is not correct.');
  });
});
