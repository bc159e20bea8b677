import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hardenSession, hardenWebContents, isTrustedSender, policyOverrideArg, WEB_PREFERENCES, RENDERER_CSP, APP_ORIGIN, type PreventableEvent } from './security';
import { serveRendererFile } from './rendererFiles';
import { createPolicyService } from '../../core/policy/service';

function ev(): PreventableEvent & { prevented: boolean } {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

function stubContents() {
  const handlers: Record<string, (...a: unknown[]) => void> = {};
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  return {
    handlers,
    open: (url: string) => openHandler!({ url }),
    on: (name: string, fn: (...a: unknown[]) => void) => void (handlers[name] = fn),
    setWindowOpenHandler: (fn: typeof openHandler) => void (openHandler = fn),
  };
}

describe('Electron hardening (Electron stubbed: its binary cannot run here)', () => {
  it('uses a sandboxed, isolated renderer without Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false, navigateOnDragDrop: false });
  });

  it('the renderer CSP allows no network', () => {
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).not.toContain('unsafe-inline');
  });

  it('denies navigation away from app://, including file://', () => {
    const c = stubContents();
    const audit = vi.fn();
    hardenWebContents(c as never, { audit });
    for (const url of ['file:///etc/passwd', 'https://evil.example/', 'app://other/index.html', 'javascript:alert(1)']) {
      const e = ev();
      c.handlers['will-navigate']!(e, url);
      expect(e.prevented, url).toBe(true);
    }
    const ok = ev();
    c.handlers['will-navigate']!(ok, `${APP_ORIGIN}/index.html`);
    expect(ok.prevented).toBe(false);
    const wv = ev();
    c.handlers['will-attach-webview']!(wv);
    expect(wv.prevented).toBe(true);
  });

  it('denies every new window; http(s) links go to the confirmed openExternal, others nowhere', () => {
    const c = stubContents();
    const openExternal = vi.fn();
    hardenWebContents(c as never, { audit: vi.fn(), openExternal });
    expect(c.open('https://agency.gov/form')).toEqual({ action: 'deny' });
    expect(c.open('file:///tmp/x.pdf')).toEqual({ action: 'deny' });
    expect(c.open('smb://share/x')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://agency.gov/form');
  });

  it('denies every permission but desktop notifications, and cancels every download', () => {
    let permission: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    let download: ((e: PreventableEvent, item: { cancel(): void; getFilename(): string }) => void) | null = null;
    let request: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    const audit = vi.fn();
    hardenSession(
      {
        setPermissionRequestHandler: (fn: typeof permission) => void (permission = fn),
        setPermissionCheckHandler: (fn: typeof check) => void (check = fn),
        on: (_n: string, fn: typeof download) => void (download = fn),
        webRequest: { onBeforeRequest: (_f: unknown, fn: typeof request) => void (request = fn) },
      } as never,
      { audit },
    );
    for (const p of ['media', 'geolocation', 'clipboard-read', 'fileSystem', 'openExternal', 'display-capture', 'pointerLock']) {
      const cb = vi.fn();
      permission!(null, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!(null, p)).toBe(false);
    }
    const notify = vi.fn();
    permission!(null, 'notifications', notify);
    expect(notify).toHaveBeenCalledWith(true);
    expect(check!(null, 'notifications')).toBe(true);
    const e = ev();
    const item = { cancel: vi.fn(), getFilename: () => 'report.pdf' };
    download!(e, item);
    expect(e.prevented).toBe(true);
    expect(item.cancel).toHaveBeenCalled();
    expect(audit).toHaveBeenCalledWith('download-cancelled', {});
    const blocked = vi.fn();
    request!({ url: 'https://tracker.example/x.js' }, blocked);
    expect(blocked).toHaveBeenCalledWith({ cancel: true });
    const allowed = vi.fn();
    request!({ url: `${APP_ORIGIN}/renderer.js` }, allowed);
    expect(allowed).toHaveBeenCalledWith({ cancel: false });
  });

  it('trusts only the top frame of app://approved-im', () => {
    expect(isTrustedSender({ origin: APP_ORIGIN, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ origin: APP_ORIGIN, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ origin: 'https://evil.example', isMainFrame: true })).toBe(false);
  });

  it('honours --policy only in development builds: a packaged build refuses it without reading the file', async () => {
    expect(policyOverrideArg(['electron', '.', '--policy', '/tmp/p.json'])).toBe('/tmp/p.json');
    expect(policyOverrideArg(['app'])).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'aim-pol-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ XmppDomain: 'evil.example', XmppHost: 'evil.example', XmppCaCertificateFile: '/tmp/evil.pem' }));
    const packaged = await createPolicyService({ sources: [], overrideFile: file, isPackaged: true, watch: false });
    expect(packaged.current().fatal.map((f) => f.policy)).toContain('--policy');
    expect(packaged.current().values.XmppDomain).not.toBe('evil.example');
    const dev = await createPolicyService({ sources: [], overrideFile: file, isPackaged: false, watch: false });
    expect(dev.current().values.XmppDomain).toBe('evil.example');
  });

  it('serves only files inside the renderer directory, with the CSP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aim-r-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'sub', 'a.js'), '1');
    const ok = await serveRendererFile(dir, `${APP_ORIGIN}/index.html`);
    expect(ok.status).toBe(200);
    expect(ok.headers['Content-Security-Policy']).toBe(RENDERER_CSP);
    expect((await serveRendererFile(dir, `${APP_ORIGIN}/sub/a.js`)).status).toBe(200);
    expect((await serveRendererFile(dir, `${APP_ORIGIN}/../../etc/passwd`)).status).toBe(404);
    expect((await serveRendererFile(dir, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await serveRendererFile(dir, 'app://evil/index.html')).status).toBe(404);
  });
});
