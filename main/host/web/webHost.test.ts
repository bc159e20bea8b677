import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, NonLoopbackBindError } from './webHost';
import { silentLogger } from '../../core/log';
import type { IpcRouter } from '../../core/ipc/router';

const router: IpcRouter = { dispatch: async (channel) => ({ ok: true, value: { echoed: channel } }) };

function staticDir() {
  const dir = mkdtempSync(join(tmpdir(), 'aim-web-'));
  writeFileSync(join(dir, 'index.html'), '<html></html>');
  writeFileSync(join(dir, 'renderer.js'), '1');
  return dir;
}

describe('web host', () => {
  it('refuses to bind anything but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      await expect(startWebHost({ router, staticDir: staticDir(), host, log: silentLogger })).rejects.toBeInstanceOf(NonLoopbackBindError);
    }
  });

  it('serves the page only with the token, and the socket only with the token and our origin', async () => {
    const host = await startWebHost({ router, staticDir: staticDir(), log: silentLogger });
    try {
      expect((await fetch(host.url)).status).toBe(200);
      expect((await fetch(host.url.replace(/token=.*/, 'token=wrong'))).status).toBe(403);
      const base = `ws://127.0.0.1:${host.port}/ipc`;
      const tryConnect = (url: string, origin: string) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(url, { origin });
          ws.on('open', () => {
            ws.close();
            resolve(true);
          });
          ws.on('error', () => resolve(false));
        });
      const origin = `http://127.0.0.1:${host.port}`;
      expect(await tryConnect(`${base}?token=${host.token}`, origin)).toBe(true);
      expect(await tryConnect(`${base}?token=nope`, origin)).toBe(false);
      expect(await tryConnect(`${base}?token=${host.token}`, 'https://evil.example')).toBe(false);
      const res = await fetch(host.url);
      expect(res.headers.get('content-security-policy')).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    } finally {
      await host.close();
    }
  });

  it('is never packaged', async () => {
    const { readFileSync } = await import('node:fs');
    const builder = readFileSync('electron-builder.yml', 'utf8');
    expect(builder).toMatch(/files:\n(\s+- .*\n)+/);
    const files = builder.split('files:')[1]!.split(/\n\w/)[0]!;
    expect(files).not.toMatch(/main\/host\/web|scripts|bridge/);
    // electron-builder packs only the stage (scripts/package-stage.ts: bundled main, preload, production
    // renderer, native runtime files); scripts/package-check.test.ts inspects the packed asar itself and
    // fails when the web host is bundled into it.
    expect(builder).toMatch(/^\s+app: dist\/app$/m);
  });
});
