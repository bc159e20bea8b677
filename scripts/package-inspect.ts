/**
 * Reads a packaged (unpacked) app and checks what a release engineer would: the layout, the fuses, the
 * asar contents (only what the client runs), the policy templates, the size budget (build/package-budget.json)
 * and the ABI of every .node file. Used by `npm run dist` and `npm run package:check`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { extractFile, listPackage, statFile, uncache } from '@electron/asar';
import { NATIVE_MODULES, RUNTIME_MODULES, listFiles } from './package-stage';
import { FUSE_SENTINEL } from './package-standin';
import { SMOKE_TEST_BUILD_MARKER } from './build';

export type Platform = 'linux' | 'win32' | 'darwin';
export type CheckName = 'layout' | 'fuses' | 'contents' | 'templates' | 'budget' | 'abi';

export interface Finding {
  readonly check: CheckName;
  readonly message: string;
}

export interface Budget {
  /** app.asar, bytes. */
  readonly asarBytes: number;
  /** app.asar.unpacked (the native modules), bytes. */
  readonly unpackedBytes: number;
}

export interface InspectOptions {
  readonly appDir: string;
  readonly platform: Platform;
  /** A release build: every .node must target Electron's ABI or be Node-API. */
  readonly release: boolean;
  /** The CI smoke-test build, whose inspect fuse is left on for Playwright. */
  readonly testBuild: boolean;
  readonly budget: Budget;
  readonly electronAbi: { readonly abi: number; readonly version: string };
}

export interface NodeFile {
  readonly path: string;
  readonly abi: number | 'napi' | 'unknown';
}

export interface InspectResult {
  readonly failures: Finding[];
  readonly warnings: Finding[];
  readonly asarBytes: number;
  readonly unpackedBytes: number;
  readonly asarFiles: string[];
  readonly nodeFiles: NodeFile[];
  readonly budget: Budget;
}

/** The fuses every shipped build has, by wire index (FuseV1Options order). */
export const HARDENED_FUSES: readonly { readonly name: string; readonly on: boolean }[] = [
  { name: 'RunAsNode', on: false },
  { name: 'EnableCookieEncryption', on: true },
  { name: 'EnableNodeOptionsEnvironmentVariable', on: false },
  { name: 'EnableNodeCliInspectArguments', on: false },
  { name: 'EnableEmbeddedAsarIntegrityValidation', on: true },
  { name: 'OnlyLoadAppFromAsar', on: true },
  { name: 'LoadBrowserProcessSpecificV8Snapshot', on: false },
  { name: 'GrantFileProtocolExtraPrivileges', on: false },
];

export const POLICY_TEMPLATES = [
  'windows/ApprovedIM.admx',
  'windows/en-US/ApprovedIM.adml',
  'macos/gov.state.approvedim.mobileconfig',
  'linux/policy.schema.json',
  'linux/sample-policy.json',
  'policy-reference.md',
];

/** Files the asar must have. */
const REQUIRED_IN_ASAR = ['package.json', 'main/electron.cjs', 'preload/preload.cjs', 'renderer/index.html', 'renderer/renderer.js'];

/** Paths that must never be packed, each with the reason given when one is. */
const FORBIDDEN: readonly { readonly test: RegExp; readonly why: string }[] = [
  { test: /\.map$/, why: 'a source map' },
  { test: /(^|\/)(test|tests|__tests__|fixtures?)\//, why: 'tests or fixtures' },
  { test: /\.(test|spec)\.[cm]?[jt]sx?$/, why: 'a test' },
  { test: /\.(c|cc|cpp|h|hpp|gyp|gypi|o|a|lib|obj|pdb|mk|tlog|ilk|exp|iobj|ipdb)$/i, why: 'a native build leftover' },
  { test: /(^|\/)(src|deps|vendor|obj|obj\.target|\.deps)\//, why: 'native sources or build leftovers' },
  { test: /(^|\/)(binding\.gyp|Makefile|config\.gypi)$/, why: 'a native build leftover' },
  { test: /\.[cm]?tsx?$/, why: 'TypeScript source (only bundles ship)' },
  { test: /(^|\/)(server|host\/web)\//, why: 'server or web-host code' },
  { test: /polic(y|ies)[^/]*\.json$/i, why: 'a policy file (a development override; policy comes from the OS)' },
];

/** Module paths esbuild names in an unminified bundle that must never be in the client's main bundle. */
const FORBIDDEN_IN_MAIN: readonly { readonly marker: RegExp; readonly why: string }[] = [
  { marker: /^\/\/ (\.\.\/)*server\//m, why: 'retention server code' },
  { marker: /^\/\/ (\.\.\/)*main\/host\/web\//m, why: 'the web host' },
  { marker: /^\/\/ (\.\.\/)*(test|scripts)\//m, why: 'test or script code' },
  { marker: /^\/\/ (\.\.\/)*node_modules\/(fastify|pg|@fastify|openid-client)\//m, why: 'a server-only dependency' },
];

/** A message only React's development build carries (checked absent from the renderer). */
export const REACT_DEV_MARKER = 'Each child in a list should have a unique';

const NODE_BY_ABI: Readonly<Record<number, string>> = { 108: 'Node.js 18', 115: 'Node.js 20', 127: 'Node.js 22', 131: 'Node.js 23', 137: 'Node.js 24', 141: 'Node.js 25' };

/** The ABI a native module was built for: Node-API modules are ABI-independent. */
export function nodeModuleAbi(binary: Buffer): NodeFile['abi'] {
  const text = binary.toString('latin1');
  const match = /node_register_module_v(\d+)/.exec(text);
  if (match?.[1]) return Number(match[1]);
  if (text.includes('napi_register_module_v1')) return 'napi';
  return 'unknown';
}

/** The fuse wire of an Electron binary ('0'/'1' per fuse), or undefined without a sentinel. */
export function readFuseWire(binary: Buffer): boolean[] | undefined {
  const at = binary.indexOf(FUSE_SENTINEL, 0, 'ascii');
  if (at === -1) return undefined;
  const pos = at + FUSE_SENTINEL.length;
  const length = binary[pos + 1] ?? 0;
  return Array.from({ length }, (_, i) => binary[pos + 2 + i] === 0x31);
}

export function unpackedAppDir(outDir: string, platform: Platform): string {
  if (platform === 'linux') return join(outDir, 'linux-unpacked');
  if (platform === 'win32') return join(outDir, 'win-unpacked');
  const macDir = ['mac', 'mac-arm64', 'mac-universal'].map((d) => join(outDir, d)).find((d) => existsSync(d)) ?? join(outDir, 'mac');
  const app = existsSync(macDir) ? readdirSync(macDir).find((f) => f.endsWith('.app')) : undefined;
  return join(macDir, app ?? 'Approved IM.app');
}

/** @electron/asar looks entries up by the OS's separator. */
const nativePath = (file: string) => file.split('/').join(sep);

function paths(appDir: string, platform: Platform) {
  const resources = platform === 'darwin' ? join(appDir, 'Contents', 'Resources') : join(appDir, 'resources');
  const fuseFile =
    platform === 'linux' ? join(appDir, 'approved-im') : platform === 'win32' ? join(appDir, 'Approved IM.exe') : join(appDir, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  return { resources, asar: join(resources, 'app.asar'), unpacked: join(resources, 'app.asar.unpacked'), fuseFile };
}

function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return listFiles(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

export function loadBudget(root: string): Budget {
  return JSON.parse(readFileSync(join(root, 'build', 'package-budget.json'), 'utf8')) as Budget;
}

export function inspectPackage(opts: InspectOptions): InspectResult {
  const failures: Finding[] = [];
  const warnings: Finding[] = [];
  const fail = (check: CheckName, message: string) => failures.push({ check, message });
  const p = paths(opts.appDir, opts.platform);

  // Layout.
  for (const required of [p.fuseFile, p.asar]) if (!existsSync(required)) fail('layout', `missing ${required}`);
  if (existsSync(join(p.resources, 'default_app.asar'))) fail('layout', "Electron's default_app.asar is still in resources/");
  if (existsSync(join(p.resources, 'app'))) fail('layout', 'resources/app/ exists: the app must be loaded from app.asar only');
  if (failures.length > 0) return { failures, warnings, asarBytes: 0, unpackedBytes: 0, asarFiles: [], nodeFiles: [], budget: opts.budget };

  // Fuses.
  const wire = readFuseWire(readFileSync(p.fuseFile));
  if (!wire) fail('fuses', `no fuse wire in ${p.fuseFile}`);
  else
    HARDENED_FUSES.forEach((fuse, i) => {
      const expected = opts.testBuild && fuse.name === 'EnableNodeCliInspectArguments' ? true : fuse.on;
      if (wire[i] !== expected) fail('fuses', `fuse ${fuse.name} is ${wire[i] ? 'on' : 'off'}, must be ${expected ? 'on' : 'off'}`);
    });

  // Contents of the asar: the allow-listed runtime modules, no forbidden paths, the production renderer.
  uncache(p.asar); // @electron/asar caches headers by path; the archive may have been rebuilt since
  const asarFiles = listPackage(p.asar, { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, ''));
  const fileSet = new Set(asarFiles);
  for (const required of REQUIRED_IN_ASAR) if (!fileSet.has(required)) fail('layout', `app.asar has no ${required}`);
  for (const file of asarFiles) {
    const isDir = statFile(p.asar, nativePath(file), false) as { files?: unknown };
    if (isDir.files) continue;
    const forbidden = FORBIDDEN.find((f) => f.test.test(file));
    if (forbidden) fail('contents', `${file} is packed: ${forbidden.why}`);
    const mod = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
    if (mod && !(mod in RUNTIME_MODULES)) fail('contents', `${file} is packed: ${mod} is not a runtime module of the client`);
  }
  if (fileSet.has('package.json')) {
    const manifest = JSON.parse(extractFile(p.asar, nativePath('package.json')).toString('utf8')) as { dependencies?: Record<string, string>; main?: string };
    const deps = Object.keys(manifest.dependencies ?? {}).sort();
    if (deps.join() !== [...NATIVE_MODULES].sort().join()) fail('contents', `the packed package.json depends on ${deps.join(', ') || 'nothing'}; only the native modules (${NATIVE_MODULES.join(', ')}) may be runtime dependencies`);
    if (manifest.main !== 'main/electron.cjs') fail('layout', `the packed package.json's main is ${manifest.main ?? 'missing'}`);
  }
  if (fileSet.has('main/electron.cjs')) {
    const main = extractFile(p.asar, nativePath('main/electron.cjs')).toString('utf8');
    for (const f of FORBIDDEN_IN_MAIN) if (f.marker.test(main)) fail('contents', `main/electron.cjs bundles ${f.why}`);
    const smokeTest = main.includes(SMOKE_TEST_BUILD_MARKER);
    if (smokeTest && !opts.testBuild) fail('contents', 'main/electron.cjs is the smoke-test build (it accepts --inspect and --remote-debugging-port); it must never ship');
    if (!smokeTest && opts.testBuild) fail('contents', 'main/electron.cjs is not the smoke-test build, so Playwright cannot drive it');
  }
  if (fileSet.has('renderer/renderer.js') && extractFile(p.asar, nativePath('renderer/renderer.js')).toString('utf8').includes(REACT_DEV_MARKER)) fail('contents', "renderer/renderer.js is React's development build");

  // Native modules: unpacked (a .node cannot load from inside an asar), and built for Electron's ABI.
  const nodeFiles: NodeFile[] = [];
  for (const file of asarFiles.filter((f) => f.endsWith('.node'))) {
    const unpackedPath = join(p.unpacked, file);
    if (!existsSync(unpackedPath)) {
      fail('layout', `${file} is inside app.asar, not app.asar.unpacked`);
      continue;
    }
    const abi = nodeModuleAbi(readFileSync(unpackedPath));
    nodeFiles.push({ path: file, abi });
    if (abi === 'napi' || abi === opts.electronAbi.abi) continue;
    const built = abi === 'unknown' ? 'an unknown ABI (no Node-API or node_register_module symbol)' : `ABI ${abi}${NODE_BY_ABI[abi] ? ` (${NODE_BY_ABI[abi]})` : ''}`;
    const message = `${file} is built for ${built}, not Electron ${opts.electronAbi.version}'s ABI ${opts.electronAbi.abi}: rebuild the native modules for Electron (npx electron-rebuild --version ${opts.electronAbi.version} --force --only ${NATIVE_MODULES.join(',')}) and package again`;
    if (opts.release) fail('abi', message);
    else warnings.push({ check: 'abi', message: `${message} (fails a release build)` });
  }

  // Policy templates inside the package.
  for (const t of POLICY_TEMPLATES) if (!existsSync(join(p.resources, 'policy-templates', t))) fail('templates', `resources/policy-templates/${t} is missing`);

  // Size budget.
  const asarBytes = statSync(p.asar).size;
  const unpackedBytes = dirBytes(p.unpacked);
  if (asarBytes > opts.budget.asarBytes) fail('budget', `app.asar is ${mb(asarBytes)}, over its budget of ${mb(opts.budget.asarBytes)}`);
  if (unpackedBytes > opts.budget.unpackedBytes) fail('budget', `app.asar.unpacked is ${mb(unpackedBytes)}, over its budget of ${mb(opts.budget.unpackedBytes)}`);

  return { failures, warnings, asarBytes, unpackedBytes, asarFiles, nodeFiles, budget: opts.budget };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function formatReport(r: InspectResult): string {
  const lines = [
    `app.asar ${mb(r.asarBytes)} (budget ${mb(r.budget.asarBytes)}), app.asar.unpacked ${mb(r.unpackedBytes)} (budget ${mb(r.budget.unpackedBytes)}), ${r.asarFiles.length} entries`,
    ...r.nodeFiles.map((n) => `native: ${n.path} (${n.abi === 'napi' ? 'Node-API' : `ABI ${n.abi}`})`),
    ...r.warnings.map((w) => `WARNING [${w.check}] ${w.message}`),
    ...r.failures.map((f) => `FAIL [${f.check}] ${f.message}`),
    r.failures.length === 0 ? 'Package checks passed' : `Package checks failed: ${r.failures.length} problem(s)`,
  ];
  return lines.join('\n');
}
