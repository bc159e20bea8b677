/**
 * The web host's stand-in for the Electron preload: it carries the same IPC contract over a WebSocket
 * to the core on 127.0.0.1 and installs `window.approvedIm`. Loaded before renderer.js.
 * Development and tests only; never packaged.
 */
import { buildRendererApi, type IpcTransport } from '../../../shared/ipc/api';
import type { EventChannel, InvokeChannel, IpcResult } from '../../../shared/ipc/contract';

type ServerFrame =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; channel: EventChannel; payload: unknown };

const token = new URLSearchParams(location.search).get('token') ?? '';
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const pending = new Map<number, (r: IpcResult<unknown>) => void>();
let nextId = 1;
let socket: WebSocket | null = null;
let ready: Promise<WebSocket> | null = null;

function connect(): Promise<WebSocket> {
  if (ready) return ready;
  ready = new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}/ipc?token=${encodeURIComponent(token)}`);
    ws.onopen = () => {
      socket = ws;
      resolve(ws);
    };
    ws.onerror = () => reject(new Error('The client core is not reachable.'));
    ws.onclose = () => {
      socket = null;
      ready = null;
      for (const [, settle] of pending) settle({ ok: false, error: { code: 'disconnected', message: 'The client core closed the connection.' } });
      pending.clear();
      setTimeout(() => void connect().catch(() => {}), 1000);
    };
    ws.onmessage = (ev) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.t === 'result') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame.t === 'event') {
        for (const l of listeners.get(frame.channel) ?? []) l(frame.payload);
      }
    };
  });
  return ready;
}

const transport: IpcTransport = {
  async invoke(channel: InvokeChannel, request: unknown) {
    const ws = socket ?? (await connect());
    const id = nextId++;
    return new Promise<IpcResult<unknown>>((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'invoke', id, channel, request }));
    });
  },
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};

void connect().catch(() => {});
Object.defineProperty(window, 'approvedIm', { value: buildRendererApi(transport), writable: false, configurable: false });
