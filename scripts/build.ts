/**
 * Builds the three bundles with esbuild:
 *  - dist/main/electron.cjs     Electron main (host + core), electron and native modules external
 *  - dist/preload/preload.cjs   one CJS file for the sandboxed preload
 *  - dist/renderer/             the React renderer (index.html, renderer.js, renderer.css)
 * `--renderer-only` builds just the renderer (the web host calls this on start).
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p: string) => join(root, 'dist', p);

export async function buildRenderer(opts: { production?: boolean; outDir?: string } = {}): Promise<string> {
  const dir = opts.outDir ?? out('renderer');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: { renderer: join(root, 'renderer/main.tsx') },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: opts.production ?? false,
    sourcemap: opts.production ? false : 'linked',
    define: { 'process.env.NODE_ENV': JSON.stringify(opts.production ? 'production' : 'development') },
    loader: { '.css': 'css', '.woff2': 'file', '.svg': 'file' },
    logLevel: 'warning',
  });
  cpSync(join(root, 'renderer/index.html'), join(dir, 'index.html'));
  return dir;
}

/** Defined only in the CI smoke-test build (scripts/package.ts --test-build); main/host/electron/switches.ts reads it. */
export const SMOKE_TEST_BUILD_MARKER = 'smoke-test build: accepts the switches Playwright adds';

/** `outDir` (default dist/) gets main/, preload/ and renderer/; scripts/package-stage.ts builds into its stage. */
export async function buildAll(opts: { production?: boolean; outDir?: string; smokeTest?: boolean } = {}): Promise<void> {
  const out = (p: string) => join(opts.outDir ?? join(root, 'dist'), p);
  await buildRenderer({ ...opts, outDir: out('renderer') });
  await build({
    entryPoints: [join(root, 'main/preload/preload.ts')],
    outfile: out('preload/preload.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node20'],
    external: ['electron'],
    logLevel: 'warning',
  });
  await build({
    entryPoints: [join(root, 'main/host/electron/main.ts')],
    outfile: out('main/electron.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node20'],
    external: ['electron', 'keytar', 'better-sqlite3', 're2'],
    define: { 'import.meta.url': '__filename_url', ...(opts.smokeTest ? { __APPROVED_IM_SMOKE_TEST_BUILD__: JSON.stringify(SMOKE_TEST_BUILD_MARKER) } : {}) },
    banner: { js: "const __filename_url = require('url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rendererOnly = process.argv.includes('--renderer-only');
  const production = process.argv.includes('--production');
  (rendererOnly ? buildRenderer({ production }) : buildAll({ production })).then(
    () => console.error(`Built ${rendererOnly ? 'renderer' : 'main, preload and renderer'} into dist/`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
