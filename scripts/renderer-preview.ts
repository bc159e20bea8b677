/**
 * Renderer preview: the real renderer bundle with an in-memory fake bridge (renderer/dev/fakeBridge.ts)
 * as bridge.js, served on 127.0.0.1 with the production CSP. For UI work and screenshots without a host
 * or an XMPP server; the UI tests (renderer/ui.preview.test.ts) use it too. Never packaged.
 *
 *   npx tsx scripts/renderer-preview.ts [--port N] [--out DIR]
 *   then open the printed URL; add #online, #config-error, #saved, #no-remember … (see fakeBridge.ts).
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { RENDERER_CSP, rendererHeaders } from '../main/host/common/csp';
import { readStaticFile } from '../main/host/common/staticFiles';

/** The renderer's CSP as the hosts send it (header, not meta): the one string in main/host/common/csp.ts. */
export { RENDERER_CSP };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Build renderer.js/renderer.css (same options as scripts/build.ts buildRenderer, but into `outDir` so it
 * never races a host's dist/renderer) plus bridge.js from the fake bridge, and index.html.
 */
export async function buildPreview(outDir = join(root, 'dist', 'preview')): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    format: 'iife' as const,
    platform: 'browser' as const,
    target: ['chrome120'],
    jsx: 'automatic' as const,
    sourcemap: 'linked' as const,
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    loader: { '.css': 'css' as const, '.woff2': 'file' as const, '.svg': 'file' as const },
    logLevel: 'warning' as const,
    outdir: outDir,
  };
  await build({ ...common, entryPoints: { renderer: join(root, 'renderer/main.tsx') } });
  await build({ ...common, entryPoints: { bridge: join(root, 'renderer/dev/fakeBridgeEntry.ts') } });
  copyFileSync(join(root, 'renderer/index.html'), join(outDir, 'index.html'));
  return outDir;
}

/** Serve `dir` on 127.0.0.1 (loopback only) through the hosts' static file server, with the renderer CSP. */
export function servePreview(dir: string, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const headers = rendererHeaders(RENDERER_CSP);
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    void readStaticFile(dir, new URL(req.url ?? '/', 'http://127.0.0.1').pathname).then((file) => {
      if (file.status !== 200 || !file.body) res.writeHead(404, headers).end();
      else res.writeHead(200, { ...headers, 'Content-Type': file.contentType ?? 'application/octet-stream' }).end(file.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** A built preview, its server and a Chromium, for the renderer's UI tests. */
export interface PreviewSession {
  /** A fresh browser context on the preview; `hash` picks the fake bridge's modes (e.g. 'online,saved'). */
  open(hash?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** axe-core's serious and critical violations on the page as it is now. */
  seriousA11yViolations(page: Page): Promise<A11yViolation[]>;
  /** Saves .tmp/screens/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** The requests the renderer made on `channel`, as the fake bridge saw them. */
  calls(page: Page, channel: string): Promise<unknown[]>;
  /** Page errors and console errors (CSP violations, React errors) seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function startPreviewSession(): Promise<PreviewSession> {
  const screens = join(root, '.tmp', 'screens');
  mkdirSync(screens, { recursive: true });
  const outDir = join(tmpdir(), `approved-im-preview-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const { server, url } = await servePreview(await buildPreview(outDir));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const problems: string[] = [];
  return {
    problems,
    async open(hash = '', viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce', locale: 'en-US' });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // CSP violations and React errors show up here; the favicon 404 does not matter.
        if (m.type() === 'error' && !m.text().includes('404')) problems.push(`console: ${m.text()}`);
      });
      await page.goto(`${url}${hash ? `#${hash}` : ''}`);
      return page;
    },
    async seriousA11yViolations(page) {
      // Evaluated, not added as a <script>: the page's CSP (rightly) refuses inline scripts.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        type Result = { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
        const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<Result> } };
        const result = await w.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(screens, `${name}.png`) });
    },
    calls(page, channel) {
      return page.evaluate(
        (c) => (window as unknown as { __fakeCalls: { channel: string; request: unknown }[] }).__fakeCalls.filter((x) => x.channel === c).map((x) => x.request),
        channel,
      );
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? '0');
  buildPreview(arg('--out'))
    .then((dir) => servePreview(dir, Number.isFinite(port) ? port : 0))
    .then(({ url }) => {
      console.log(`Renderer preview: ${url}`);
      console.log(`Modes: ${url}#online  ${url}#config-error  ${url}#saved  ${url}#no-remember  ${url}#reconnecting`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
