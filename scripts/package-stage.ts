/**
 * Stages the client app for electron-builder (its two-package.json structure: `directories.app`).
 * The stage holds only what the client runs:
 *   package.json           name, version, homepage…, main, and the native modules as its only dependencies
 *   main/electron.cjs      main process (host + core), bundled by esbuild: every pure-JS dependency is inside
 *   preload/preload.cjs    the sandboxed preload
 *   renderer/              React's production build, minified, no source maps
 *   node_modules/          the native modules' runtime files only: their JS, the .node binary, the licence
 * No server code, no server-only dependencies, no tests, fixtures, web host, source maps or native build
 * leftovers (sources, object files, static libraries). build/README.md says why each native module is here.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { buildAll } from './build';

/** The client's runtime native modules and the files each needs at run time, with its runtime dependencies. */
export const RUNTIME_MODULES: Readonly<Record<string, { readonly files: readonly string[]; readonly dependencies: readonly string[] }>> = {
  keytar: { files: ['lib/keytar.js', 'build/Release/keytar.node'], dependencies: [] },
  'better-sqlite3': { files: ['lib/**', 'build/Release/better_sqlite3.node'], dependencies: ['bindings'] },
  re2: { files: ['re2.js', 'build/Release/re2.node'], dependencies: [] },
  bindings: { files: ['bindings.js'], dependencies: ['file-uri-to-path'] },
  'file-uri-to-path': { files: ['index.js'], dependencies: [] },
};

/** The direct dependencies of the app (the rest are theirs). */
export const NATIVE_MODULES = ['keytar', 'better-sqlite3', 're2'] as const;

interface RootManifest {
  name: string;
  productName?: string;
  version: string;
  description?: string;
  homepage?: string;
  license?: string;
  author?: unknown;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Files under `dir` (relative paths), recursively. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

function expand(moduleDir: string, pattern: string): string[] {
  if (!pattern.endsWith('/**')) return [pattern];
  const base = pattern.slice(0, -3);
  return listFiles(join(moduleDir, base)).map((f) => `${base}/${f}`);
}

/** Strips debug symbols from a Linux/macOS .node file (re2.node drops from ~20 MB to ~1 MB). */
function strip(file: string): void {
  if (process.platform === 'win32') return;
  const args = process.platform === 'darwin' ? ['-x', file] : ['--strip-unneeded', file];
  const res = spawnSync('strip', args, { stdio: 'pipe' });
  if (res.status !== 0) throw new Error(`strip failed on ${file}: ${res.stderr?.toString().trim() ?? res.error?.message ?? 'unknown error'}`);
}

/** Copies a runtime module's runtime files (and its runtime dependencies) into `stage`/node_modules. */
export function stageModule(root: string, stage: string, name: string): void {
  const spec = RUNTIME_MODULES[name];
  if (!spec) throw new Error(`${name} is not a known runtime module of the client (add it to RUNTIME_MODULES and build/README.md)`);
  const from = join(root, 'node_modules', name);
  const to = join(stage, 'node_modules', name);
  const files = spec.files.flatMap((p) => expand(from, p));
  files.push(...readdirSync(from).filter((f) => /^licen[cs]e/i.test(f)));
  for (const rel of files) {
    const src = join(from, rel);
    if (!existsSync(src)) throw new Error(`${name}: ${rel} is missing. Build the native modules first (npm ci, or @electron/rebuild for a release).`);
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    copyFileSync(src, join(to, rel));
    if (rel.endsWith('.node')) {
      chmodSync(join(to, rel), 0o644);
      strip(join(to, rel));
    }
  }
  // The module's manifest, with its install-time dependencies (prebuild-install, node-gyp, nan…) and scripts removed.
  const manifest = readJson<Record<string, unknown>>(join(from, 'package.json'));
  const runtimeDeps = Object.fromEntries(spec.dependencies.map((d) => [d, readJson<{ version: string }>(join(root, 'node_modules', d, 'package.json')).version]));
  const kept = Object.fromEntries(['name', 'version', 'description', 'license', 'main', 'types', 'homepage', 'repository'].filter((k) => k in manifest).map((k) => [k, manifest[k]]));
  writeFileSync(join(to, 'package.json'), `${JSON.stringify({ ...kept, dependencies: runtimeDeps }, null, 2)}\n`);
  for (const dep of spec.dependencies) stageModule(root, stage, dep);
}

/** `smokeTest`: the CI smoke-test build (accepts Playwright's switches; never shipped). */
export async function stageApp(opts: { root: string; stage: string; smokeTest?: boolean }): Promise<string> {
  const { root, stage } = opts;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  await buildAll({ production: true, outDir: stage, smokeTest: opts.smokeTest ?? false });
  const rootManifest = readJson<RootManifest & { dependencies: Record<string, string> }>(join(root, 'package.json'));
  const dependencies = Object.fromEntries(NATIVE_MODULES.map((m) => [m, rootManifest.dependencies[m] ?? readJson<{ version: string }>(join(root, 'node_modules', m, 'package.json')).version]));
  const manifest = {
    name: rootManifest.name,
    productName: rootManifest.productName,
    version: rootManifest.version,
    description: rootManifest.description,
    homepage: rootManifest.homepage,
    license: rootManifest.license,
    author: rootManifest.author,
    main: 'main/electron.cjs',
    // Linux: the window's app id / WM_CLASS, matching the desktop entry (electron-builder linux.syncDesktopName).
    desktopName: 'approved-im.desktop',
    dependencies,
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const name of NATIVE_MODULES) stageModule(root, stage, name);
  return stage;
}
