/**
 * The renderer's Content-Security-Policy: one string for every host that serves the renderer (Electron's
 * app:// protocol, the web host, the renderer preview). The only difference a host may make is
 * `connect-src`: the web host carries the IPC contract over its own WebSocket, so it names that one
 * ws:// origin; everywhere else the renderer has no network at all.
 */
export const RENDERER_CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
];

/** The CSP, with `connect-src 'none'` unless a host passes the one origin it needs (a ws:// URL). */
export function rendererCsp(connectSrc?: string): string {
  if (connectSrc !== undefined && !/^wss?:\/\/[A-Za-z0-9.:[\]-]+$/.test(connectSrc)) {
    throw new Error(`connect-src must be a single ws:// origin, not ${JSON.stringify(connectSrc)}`);
  }
  return RENDERER_CSP_DIRECTIVES.map((d) => (connectSrc && d.startsWith('connect-src ') ? `connect-src ${connectSrc}` : d)).join('; ');
}

/** What the Electron host and the preview send: no network. */
export const RENDERER_CSP = rendererCsp();

/** Headers sent with every renderer file, whichever host serves it. */
export function rendererHeaders(csp: string = RENDERER_CSP): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
