import type { RendererApi } from '../shared/ipc/api';

declare global {
  interface Window {
    /** Injected by the host before renderer.js runs (Electron: the preload; web host: bridge.js). */
    readonly approvedIm?: RendererApi;
  }
}

export {};
