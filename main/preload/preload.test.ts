import { describe, expect, it, vi, beforeEach } from 'vitest';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ ok: true, value: { phase: 'signed-out' } }));
const on = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, on, send: vi.fn(), sendSync: vi.fn() },
}));

describe('preload (Electron stubbed)', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('./preload');
  });

  it('exposes exactly one object with invoke and on, never ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['approvedIm']);
    const api = exposed.approvedIm as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(JSON.stringify(Object.keys(api))).not.toContain('send');
  });

  it('invokes only contract channels', async () => {
    const api = exposed.approvedIm as { invoke(c: string, r: unknown): Promise<unknown>; on(c: string, l: () => void): unknown };
    await expect(api.invoke('session:getState', {})).resolves.toEqual({ phase: 'signed-out' });
    expect(invoke).toHaveBeenCalledWith('session:getState', {});
    invoke.mockClear();
    await expect(api.invoke('shell:openExternal', { url: 'x' })).rejects.toThrow(/Unknown channel/);
    expect(() => api.on('ipc:raw', () => {})).toThrow(/Unknown event/);
    expect(invoke).not.toHaveBeenCalled();
  });
});
