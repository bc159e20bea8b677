import { describe, expect, it } from 'vitest';
import { samplePolicy } from './dev/sampleData';
import { notificationShowsText, watchNotificationTextPolicy } from './notificationPolicy';
import type { RendererApi } from '../shared/ipc/api';
import type { PolicyView, SessionState } from '../shared/ipc/types';

function viewWith(value: string | null): PolicyView {
  const base = samplePolicy({});
  const entries = base.entries.filter((e) => e.name !== 'NotificationShowsText');
  if (value !== null) entries.push({ ...entries[0]!, name: 'NotificationShowsText', value, level: 'mandatory-machine' });
  return { ...base, entries };
}

function fakeApi(answers: (PolicyView | Error)[]) {
  let listener: ((s: SessionState) => void) | null = null;
  const api = {
    invoke: async () => {
      const next = answers.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no answer');
      return next;
    },
    on: (_c: string, l: (s: SessionState) => void) => {
      listener = l;
      return () => (listener = null);
    },
  } as unknown as RendererApi;
  return { api, pushState: () => listener?.({} as SessionState), listening: () => listener !== null };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('NotificationShowsText in the renderer', () => {
  it('is on only for the value true; absent or false is off', () => {
    expect(notificationShowsText(viewWith('true'))).toBe(true);
    expect(notificationShowsText(viewWith('false'))).toBe(false);
    expect(notificationShowsText(viewWith(null))).toBe(false);
  });

  it('starts off, follows policy:get, re-reads after each session state, and a failed read turns it off', async () => {
    const { api, pushState, listening } = fakeApi([viewWith('true'), viewWith('false'), viewWith('true'), new Error('gone')]);
    const w = watchNotificationTextPolicy(api);
    expect(w.current()).toBe(false);
    await tick();
    expect(w.current()).toBe(true);
    pushState();
    await tick();
    expect(w.current()).toBe(false);
    pushState();
    await tick();
    expect(w.current()).toBe(true);
    pushState();
    await tick();
    expect(w.current()).toBe(false);
    w.off();
    expect(listening()).toBe(false);
  });
});
