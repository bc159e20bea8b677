import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStaticFile } from './staticFiles';
import { RENDERER_CSP, rendererCsp } from './csp';

function dir() {
  const d = mkdtempSync(join(tmpdir(), 'aim-static-'));
  writeFileSync(join(d, 'index.html'), '<html></html>');
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'a.js'), '1');
  return d;
}

describe('the one static file server', () => {
  it('serves files under the directory with their type; / is index.html', async () => {
    const d = dir();
    const index = await readStaticFile(d, '/');
    expect(index.status).toBe(200);
    expect(index.contentType).toBe('text/html; charset=utf-8');
    expect(String(index.body)).toBe('<html></html>');
    expect((await readStaticFile(d, '/sub/a.js')).contentType).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, encoded traversal, bad escapes, NUL, directories and missing files', async () => {
    const d = dir();
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%E0%A4%A', '/index.html%00.js', '/sub', '/nope.js']) {
      expect((await readStaticFile(d, p)).status, p).toBe(404);
    }
  });
});

describe('the one renderer CSP', () => {
  it('has no network and no inline code; a host may name only one ws:// origin', () => {
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).not.toContain('unsafe');
    const web = rendererCsp('ws://127.0.0.1:4000');
    expect(web).toContain('connect-src ws://127.0.0.1:4000;');
    expect(web.replace('connect-src ws://127.0.0.1:4000', "connect-src 'none'")).toBe(RENDERER_CSP);
    expect(() => rendererCsp("ws://a; script-src 'unsafe-inline'")).toThrow();
  });
});
