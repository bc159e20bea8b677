/**
 * The Electron security checklist, in one place (after Element's webcontents-handler):
 * one function decides what may navigate, open, download or ask for a permission.
 * Written against the small slice of Electron it uses, so it is unit-tested with stubs.
 */
import type { IpcSender } from '../../core/ipc/router';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://approved-im';

/** The one renderer CSP (main/host/common/csp.ts), re-exported for the Electron host's callers. */
export { RENDERER_CSP } from '../common/csp';

/** scheme://host of a URL (WHATWG gives custom schemes an opaque "null" origin, so build it ourselves). */
export function frameOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

export function isAppUrl(url: string): boolean {
  return frameOrigin(url) === APP_ORIGIN;
}

/** Only the top frame of our own app:// page may call main. */
export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isMainFrame && sender.origin === APP_ORIGIN;
}

export interface PreventableEvent {
  preventDefault(): void;
}

interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

interface SessionLike {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
  on(event: 'will-download', listener: (e: PreventableEvent, item: { cancel(): void; getFilename(): string }) => void): unknown;
  webRequest?: { onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void): void };
}

export interface SecurityAudit {
  (event: string, fields: Record<string, string>): void;
}

/** Navigation, new windows and webviews: everything outside our app:// origin is denied. */
export function hardenWebContents(contents: WebContentsLike, opts: { audit: SecurityAudit; openExternal?: (url: string) => void }): void {
  const guard = (e: PreventableEvent, url: string) => {
    if (!isAppUrl(url)) {
      e.preventDefault();
      opts.audit('navigation-denied', { scheme: safeScheme(url) });
    }
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    opts.audit('webview-denied', {});
  });
  contents.setWindowOpenHandler(({ url }) => {
    const scheme = safeScheme(url);
    if ((scheme === 'https:' || scheme === 'http:') && opts.openExternal) opts.openExternal(url);
    else opts.audit('window-denied', { scheme });
    return { action: 'deny' };
  });
}

/** The one permission the renderer may have: desktop notifications for new messages (issue 7). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** Permissions denied but notifications, downloads cancelled (Policy 630-04: no file transfers), no network from the renderer. */
export function hardenSession(session: SessionLike, opts: { audit: SecurityAudit }): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    const allowed = ALLOWED_PERMISSIONS.has(permission);
    if (!allowed) opts.audit('permission-denied', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_wc: unknown, permission: string) => ALLOWED_PERMISSIONS.has(permission));
  session.on('will-download', (e, item) => {
    e.preventDefault();
    item.cancel();
    opts.audit('download-cancelled', {});
  });
  session.webRequest?.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    const ok = isAppUrl(details.url) || details.url.startsWith('devtools://');
    if (!ok) opts.audit('request-blocked', { scheme: safeScheme(details.url) });
    callback({ cancel: !ok });
  });
}

function safeScheme(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return 'invalid';
  }
}

export const WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const;

/**
 * `--policy FILE` from the command line (development override). The policy service refuses it in a
 * packaged build with a fatal configuration error naming `--policy`, and never reads the file.
 */
export function policyOverrideArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--policy');
  if (i === -1) return undefined;
  return argv[i + 1] ?? '';
}
