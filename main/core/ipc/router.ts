import {
  ipcEventContract,
  ipcInvokeContract,
  isInvokeChannel,
  type EventChannel,
  type EventOf,
  type InvokeChannel,
  type IpcResult,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract';
import type { Logger } from '../log';
import { fastRequests, fastResponses } from './fastPaths';

/** Who is calling; each host fills this in and the router refuses untrusted senders before any handler runs. */
export interface IpcSender {
  /** Origin of the calling frame (Electron) or of the WebSocket page (web host). */
  origin: string;
  /** false for sub-frames: only the top frame may call. */
  isMainFrame: boolean;
}

export type IpcHandlers = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

/** An error whose message is safe to show to the user. */
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export interface IpcRouter {
  dispatch(channel: unknown, request: unknown, sender: IpcSender): Promise<IpcResult<unknown>>;
}

export function createIpcRouter(opts: {
  handlers: IpcHandlers;
  isTrustedSender: (sender: IpcSender) => boolean;
  log: Logger;
}): IpcRouter {
  const { handlers, isTrustedSender, log } = opts;
  return {
    async dispatch(channel, request, sender) {
      if (!isTrustedSender(sender)) {
        log.warn('ipc.refused-sender', { origin: sender.origin, mainFrame: sender.isMainFrame });
        return { ok: false, error: { code: 'forbidden', message: 'This caller may not use the client API.' } };
      }
      if (!isInvokeChannel(channel)) {
        log.warn('ipc.unknown-channel', { channel: String(channel).slice(0, 64) });
        return { ok: false, error: { code: 'unknown-channel', message: 'Unknown request.' } };
      }
      const spec = ipcInvokeContract[channel];
      // A hand check for the hot channels (fastPaths.ts); zod for the rest and whenever it is unsure.
      const fast = fastRequests[channel]?.(request);
      const parsed = fast ? { success: true as const, data: fast.value } : spec.request.safeParse(request);
      if (!parsed.success) {
        // Never log the payload: it may hold a password or a message body.
        log.warn('ipc.invalid-request', { channel, issues: parsed.error.issues.map((i) => i.path.join('.') + ':' + i.code) });
        return {
          ok: false,
          error: { code: 'invalid-request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') },
        };
      }
      try {
        const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
        const value = await handler(parsed.data);
        const fastReply = fastResponses[channel]?.(value);
        if (fastReply) return { ok: true, value: fastReply.value };
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          log.error('ipc.invalid-response', { channel, issues: checked.error.issues.map((i) => i.path.join('.') + ':' + i.code) });
          return { ok: false, error: { code: 'internal', message: 'The client hit an internal error.' } };
        }
        return { ok: true, value: checked.data };
      } catch (err) {
        if (err instanceof UserFacingError) return { ok: false, error: { code: err.code, message: err.message } };
        log.error('ipc.handler-failed', { channel, error: err instanceof Error ? err.name : 'unknown' });
        return { ok: false, error: { code: 'internal', message: 'The client hit an internal error.' } };
      }
    },
  };
}

/** Events from main to the renderer, validated before they are sent. */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

export function validatedEventSink(deliver: (channel: EventChannel, payload: unknown) => void, log: Logger): EventSink {
  return (channel, payload) => {
    const checked = ipcEventContract[channel].safeParse(payload);
    if (!checked.success) {
      log.error('ipc.invalid-event', { channel });
      return;
    }
    deliver(channel, checked.data);
  };
}
