/**
 * The only bridge into the sandboxed renderer. It exposes `window.approvedIm`, built from the IPC
 * contract: only contract channels can be invoked, only contract events can be heard, and the raw
 * ipcRenderer never crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildRendererApi, type IpcTransport } from '../../shared/ipc/api';
import type { EventChannel, IpcResult } from '../../shared/ipc/contract';
import { EVENT_IPC_CHANNEL } from './channels';

const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_IPC_CHANNEL, (_event, channel: EventChannel, payload: unknown) => {
  for (const l of listeners.get(channel) ?? []) l(payload);
});

const transport: IpcTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request) as Promise<IpcResult<unknown>>,
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};

const api = buildRendererApi(transport);
contextBridge.exposeInMainWorld('approvedIm', { invoke: api.invoke, on: api.on });
