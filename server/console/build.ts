/**
 * Builds the records console (React, server/console/app/) with esbuild into a folder the server
 * serves at /console: index.html, console.js, console.css. `retention serve` builds it on start into
 * a temporary folder unless given one that already holds a build (--console-dir).
 * The standalone build for --console-dir is scripts/console-build.ts: no "run as main" check here, since
 * this module is bundled into the packaged server (scripts/retention-deb.ts), where such a check would
 * see the bundle as main and build on every command. esbuild is imported only when a build runs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const CONSOLE_INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Records console — Approved IM</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script defer src="/console/assets/console.js"></script>
</head>
<body><div id="root"></div></body>
</html>
`;

export async function buildConsole(outDir: string, opts: { production?: boolean } = {}): Promise<string> {
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { console: join(here, 'app/main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari16'],
    jsx: 'automatic',
    minify: opts.production ?? true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
  writeFileSync(join(outDir, 'index.html'), CONSOLE_INDEX_HTML);
  return outDir;
}

export function isConsoleBuild(dir: string): boolean {
  return ['index.html', 'console.js', 'console.css'].every((f) => existsSync(join(dir, f)));
}
