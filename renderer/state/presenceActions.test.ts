import { describe, expect, it } from 'vitest';
import type { RendererApi } from '../../shared/ipc/api';
import { createActions } from './actions';
import { initialState, reducer, type Action, type AppState, type OwnPresence } from './reducer';

function setup(ownPresence: OwnPresence, ownStatus = '') {
  const calls: { channel: string; request: unknown }[] = [];
  const api = {
    invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      return Promise.resolve({});
    },
    on: () => () => undefined,
  } as unknown as RendererApi;
  let state: AppState = {
    ...initialState,
    ownPresence,
    ownStatus,
    session: { phase: 'online', jid: 'alex@x.gov', configErrors: [], configWarnings: [], rememberPasswordAllowed: true, hasSavedPassword: false },
  };
  const actions = createActions(api, (a: Action) => (state = reducer(state, a)), () => state);
  return { actions, calls, get state() { return state; } };
}

describe('automatic idle presence (XEP-0319)', () => {
  it('reports away with idleSince, keeping the status text, then restores the chosen presence', async () => {
    const t = setup('online', 'In the Annex');
    await t.actions.setIdle(new Date('2025-03-10T09:03:00Z'));
    expect(t.state.ownIdleSince).toBe('2025-03-10T09:03:00.000Z');
    expect(t.state.ownPresence).toBe('online');
    await t.actions.setIdle(new Date('2025-03-10T09:20:00Z')); // already idle: nothing more
    await t.actions.setIdle(null);
    await t.actions.setIdle(null);
    expect(t.state.ownIdleSince).toBeNull();
    expect(t.calls).toEqual([
      { channel: 'presence:set', request: { show: 'away', idleSince: '2025-03-10T09:03:00.000Z', status: 'In the Annex' } },
      { channel: 'presence:set', request: { show: 'online', status: 'In the Annex' } },
    ]);
  });

  it.each(['away', 'xa', 'dnd'] as const)('never reports idle over a chosen %s', async (show) => {
    const t = setup(show);
    await t.actions.setIdle(new Date());
    await t.actions.setIdle(null);
    expect(t.calls).toEqual([]);
  });

  it('rename and remove invoke the contact channels', async () => {
    const t = setup('online');
    await t.actions.renameContact('dana@x.gov', '  Dana W.  ');
    await t.actions.removeContact('dana@x.gov');
    expect(t.calls).toEqual([
      { channel: 'contact:rename', request: { jid: 'dana@x.gov', name: 'Dana W.' } },
      { channel: 'contact:remove', request: { jid: 'dana@x.gov' } },
    ]);
  });
});
