import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type EventChannel,
  type EventOf,
  type InvokeChannel,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from './contract';

/** How a host carries the contract: Electron's ipcRenderer in the preload, a WebSocket in the web host. */
export interface IpcTransport {
  invoke(channel: InvokeChannel, request: unknown): Promise<IpcResult<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export type RendererApi = {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
};

export class IpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

/**
 * Build the renderer's API from the contract. Only contract channels can be called or subscribed;
 * anything else throws before it reaches the transport.
 */
export function buildRendererApi(transport: IpcTransport): RendererApi {
  const invokable = new Set<string>(INVOKE_CHANNELS);
  const events = new Set<string>(EVENT_CHANNELS);
  return Object.freeze({
    async invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      if (!invokable.has(channel)) throw new IpcError('unknown-channel', `Unknown channel ${String(channel)}`);
      const result = await transport.invoke(channel, request);
      if (!result.ok) throw new IpcError(result.error.code, result.error.message);
      return result.value as ResponseOf<C>;
    },
    on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void {
      if (!events.has(channel)) throw new IpcError('unknown-channel', `Unknown event ${String(channel)}`);
      return transport.subscribe(channel, (payload) => listener(payload as EventOf<E>));
    },
  });
}
