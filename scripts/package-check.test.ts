/**
 * Runs `npm run package:check` for real (esbuild, electron-builder --linux dir with the stand-in runtime),
 * then doctors copies of the built app to show each check catches what it should. Every negative case
 * has its control: the untouched build passes the same inspection.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackageWithOptions, extractAll, extractFile } from '@electron/asar';
import { buildRenderer } from './build';
import { deploymentRuleErrors, linuxPackageErrors, loadBuilderConfig, schemaErrors } from './package-config';
import { HARDENED_FUSES, REACT_DEV_MARKER, inspectPackage, loadBudget, nodeModuleAbi, readFuseWire, type InspectOptions } from './package-inspect';
import { FUSE_SENTINEL } from './package-standin';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'package-check-'));
const builtApp = join(work, 'release', 'linux-unpacked');
let output = '';
let status: number | null = null;

function options(appDir: string, over: Partial<InspectOptions> = {}): InspectOptions {
  return { appDir, platform: 'linux', release: false, testBuild: false, budget: loadBudget(root), electronAbi: { abi: 150, version: '45.5.0' }, ...over };
}

let copies = 0;
function copyApp(): string {
  const dir = join(work, `copy-${copies++}`);
  cpSync(builtApp, dir, { recursive: true });
  return dir;
}

/** Rewrites a copy's app.asar after `edit` changes its extracted files (.node files stay unpacked). */
async function repack(appDir: string, edit: (extracted: string) => void): Promise<void> {
  const asar = join(appDir, 'resources', 'app.asar');
  const extracted = join(work, `extracted-${copies++}`);
  extractAll(asar, extracted);
  edit(extracted);
  rmSync(asar);
  rmSync(`${asar}.unpacked`, { recursive: true, force: true });
  await createPackageWithOptions(extracted, asar, { unpack: '*.node' });
}

function patchAll(file: string, from: string, to: string): void {
  const buf = readFileSync(file);
  writeFileSync(file, Buffer.from(buf.toString('latin1').split(from).join(to), 'latin1'));
}

beforeAll(() => {
  const res = spawnSync('npm', ['run', '-s', 'package:check', '--', '--out', work], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  output = `${res.stdout}\n${res.stderr}`;
  status = res.status;
}, 320_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run package:check', () => {
  it('builds with the stand-in runtime, says so, and exits 0 when every check holds', () => {
    expect(output).toContain('STAND-IN Electron runtime');
    expect(output).toContain("electron-builder.yml matches electron-builder's schema");
    expect(output).toContain('deb and rpm with a STAND-IN fpm');
    expect(output).toContain('deb and rpm: root-owned, in /opt/Approved IM, with homepage, maintainer and libsecret dependency');
    expect(output).toContain('All package checks passed');
    expect(status).toBe(0);
    expect(readFileSync(join(builtApp, 'STAND-IN.txt'), 'utf8')).toContain('STAND-IN ELECTRON RUNTIME');
  });

  it('with --release, exits non-zero naming each module built for Node\'s ABI instead of Electron\'s', () => {
    const res = spawnSync('npm', ['run', '-s', 'package:check', '--', '--release', '--out', join(work, 'release-check')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    expect(res.status).toBe(1);
    // The tests run on Node, so the installed modules are built for Node's ABI (115 for Node.js 20).
    expect(res.stdout).toMatch(new RegExp(`^FAIL \\[abi\\] node_modules/better-sqlite3/build/Release/better_sqlite3\\.node is built for ABI ${process.versions.modules} \\(Node\\.js \\d+\\), not Electron 45\\.5\\.0's ABI 150`, 'm'));
    expect(res.stdout).toMatch(/^FAIL \[abi\] node_modules\/re2\/build\/Release\/re2\.node/m);
    expect(res.stdout).not.toContain('All package checks passed');
  }, 300_000);

  it('produces the expected layout: executable, app.asar with its unpacked natives, templates, no default_app.asar', () => {
    for (const f of ['approved-im', 'chrome-sandbox', 'LICENSE.electron.txt', 'resources/app.asar', 'resources/policy-templates/windows/ApprovedIM.admx', 'resources/policy-templates/macos/gov.state.approvedim.mobileconfig']) {
      expect(existsSync(join(builtApp, f)), f).toBe(true);
    }
    for (const m of ['keytar/build/Release/keytar.node', 'better-sqlite3/build/Release/better_sqlite3.node', 're2/build/Release/re2.node']) {
      expect(existsSync(join(builtApp, 'resources/app.asar.unpacked/node_modules', m)), m).toBe(true);
    }
    expect(existsSync(join(builtApp, 'resources', 'default_app.asar'))).toBe(false);
    expect(existsSync(join(work, 'release', 'policy-templates', 'linux', 'policy.schema.json'))).toBe(true);
  });

  it('packs only the client: the three native modules and their runtime files, no server dependency', () => {
    const r = inspectPackage(options(builtApp));
    expect(r.failures).toEqual([]);
    const modules = new Set(r.asarFiles.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
    expect([...modules].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path', 'keytar', 're2']);
    expect(r.asarFiles.some((f) => /fastify|(^|\/)pg\/|react-dom|\.map$|vendor\//.test(f))).toBe(false);
    // esbuild names each bundled module in a comment; the main-bundle check relies on it, so it must be there.
    expect(extractFile(join(builtApp, 'resources/app.asar'), 'main/electron.cjs').toString('utf8')).toMatch(/^\/\/ main\/host\/electron\/main\.ts$/m);
  });
});

describe('the staged native modules', () => {
  it('load from where the bundled main requires them, with only their runtime files (stripped), and work', () => {
    // Built for Node here (the stand-in check), so Node can load them exactly as Electron's main would.
    const requireFromMain = createRequire(join(work, 'app', 'main', 'electron.cjs'));
    const Database = requireFromMain('better-sqlite3') as new (file: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    expect(db.prepare('select 41 + 1 as answer').get()).toEqual({ answer: 42 });
    db.close();
    const RE2 = requireFromMain('re2') as new (source: string, flags?: string) => { test(text: string): boolean };
    expect(new RE2('^a+$', 'u').test('aaa')).toBe(true);
    const keytar = requireFromMain('keytar') as { getPassword?: unknown; setPassword?: unknown };
    expect(typeof keytar.getPassword).toBe('function');
    expect(typeof keytar.setPassword).toBe('function');
    expect(requireFromMain.resolve('better-sqlite3')).toBe(join(work, 'app', 'node_modules', 'better-sqlite3', 'lib', 'index.js'));
  });
});

describe('the inspection catches what must not ship', () => {
  it("a release build fails on a .node built for Node's ABI, with a clear message; Electron-ABI and Node-API modules pass", () => {
    const r = inspectPackage(options(builtApp, { release: true }));
    const messages = r.failures.map((f) => f.message).join('\n');
    expect(r.failures.every((f) => f.check === 'abi')).toBe(true);
    expect(messages).toMatch(new RegExp(`better_sqlite3\\.node is built for ABI ${process.versions.modules} \\(Node\\.js \\d+\\), not Electron 45\\.5\\.0's ABI 150: rebuild the native modules for Electron`));
    expect(messages).toContain('re2.node');
    expect(messages).not.toContain('keytar.node');
    // Control: the same modules marked for Electron's ABI pass a release build.
    const copy = copyApp();
    for (const m of ['better-sqlite3/build/Release/better_sqlite3.node', 're2/build/Release/re2.node']) {
      patchAll(join(copy, 'resources/app.asar.unpacked/node_modules', m), `node_register_module_v${process.versions.modules}`, 'node_register_module_v150');
    }
    expect(inspectPackage(options(copy, { release: true })).failures).toEqual([]);
  });

  it('reads the ABI of the real modules: keytar is Node-API, better-sqlite3 is ABI-specific', () => {
    expect(nodeModuleAbi(readFileSync(join(root, 'node_modules/keytar/build/Release/keytar.node')))).toBe('napi');
    expect(nodeModuleAbi(readFileSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')))).toBe(Number(process.versions.modules));
  });

  it('names forbidden files packed into the asar', async () => {
    const copy = copyApp();
    await repack(copy, (dir) => {
      mkdirSync(join(dir, 'node_modules/fastify'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/fastify/index.js'), '');
      writeFileSync(join(dir, 'main/electron.cjs.map'), '{}');
      mkdirSync(join(dir, 'test/fixtures'), { recursive: true });
      writeFileSync(join(dir, 'test/fixtures/records.json'), '[]');
      mkdirSync(join(dir, 'node_modules/re2/vendor/re2'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/re2/vendor/re2/re2.cc'), '');
      writeFileSync(join(dir, 'dev-policy.json'), '{}');
      writeFileSync(join(dir, 'main/electron.cjs'), `${readFileSync(join(dir, 'main/electron.cjs'), 'utf8')}\n// server/http.ts\n// main/host/web/server.ts\n`);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, pg: '8.23.1' } }));
    });
    const messages = inspectPackage(options(copy)).failures.map((f) => `${f.check}: ${f.message}`);
    expect(messages).toContain('contents: node_modules/fastify/index.js is packed: fastify is not a runtime module of the client');
    expect(messages).toContain('contents: main/electron.cjs.map is packed: a source map');
    expect(messages).toContain('contents: test/fixtures/records.json is packed: tests or fixtures');
    expect(messages).toContain('contents: node_modules/re2/vendor/re2/re2.cc is packed: a native build leftover');
    expect(messages).toContain('contents: dev-policy.json is packed: a policy file (a development override; policy comes from the OS)');
    expect(messages).toContain('contents: main/electron.cjs bundles retention server code');
    expect(messages).toContain('contents: main/electron.cjs bundles the web host');
    expect(messages).toContain('contents: the packed package.json depends on better-sqlite3, keytar, pg, re2; only the native modules (keytar, better-sqlite3, re2) may be runtime dependencies');
  });

  it("refuses React's development build; the production build passes (control)", async () => {
    const copy = copyApp();
    await repack(copy, () => undefined);
    expect(inspectPackage(options(copy)).failures).toEqual([]);
    const dev = join(work, 'renderer-dev');
    await buildRenderer({ production: false, outDir: dev });
    expect(readFileSync(join(dev, 'renderer.js'), 'utf8')).toContain(REACT_DEV_MARKER);
    await repack(copy, (dir) => cpSync(join(dev, 'renderer.js'), join(dir, 'renderer/renderer.js')));
    expect(inspectPackage(options(copy)).failures.map((f) => f.message)).toContain("renderer/renderer.js is React's development build");
  });

  it('refuses a weakened fuse, except the inspect fuse in the CI test build', () => {
    const copy = copyApp();
    const exe = join(copy, 'approved-im');
    const wire = readFuseWire(readFileSync(exe));
    expect(wire).toEqual(HARDENED_FUSES.map((f) => f.on));
    const buf = readFileSync(exe);
    const inspectFuse = buf.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2 + 3;
    buf[inspectFuse] = 0x31;
    writeFileSync(exe, buf);
    expect(inspectPackage(options(copy)).failures.map((f) => f.message)).toEqual(['fuse EnableNodeCliInspectArguments is on, must be off']);
    // In the test build the inspect fuse is expected on (the bundle check is the only complaint left here).
    expect(inspectPackage(options(copy, { testBuild: true })).failures.map((f) => f.check)).toEqual(['contents']);
  });

  it('refuses a missing policy template and a package over its budget', () => {
    const copy = copyApp();
    rmSync(join(copy, 'resources/policy-templates/windows/ApprovedIM.admx'));
    expect(inspectPackage(options(copy)).failures.map((f) => f.message)).toEqual(['resources/policy-templates/windows/ApprovedIM.admx is missing']);
    const over = inspectPackage(options(builtApp, { budget: { asarBytes: 1_000_000, unpackedBytes: 1_000_000 } })).failures;
    expect(over.map((f) => f.check)).toEqual(['budget', 'budget']);
    expect(over[0]?.message).toMatch(/^app\.asar is \d+\.\d\d MB, over its budget of 0\.95 MB$/);
  });
});

describe('the CI smoke-test build', () => {
  it('leaves the inspect fuse on and accepts Playwright\'s switches; the shipped inspection refuses it', async () => {
    const res = spawnSync('npx', ['tsx', 'scripts/package.ts', '--linux', '--target', 'dir', '--test-build', '--allow-node-abi', '--electron-dist', join(work, 'electron-stand-in-45.5.0'), '--out', join(work, 'test-build'), '--stage', join(work, 'test-stage')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const testApp = join(work, 'test-build', 'linux-unpacked');
    expect(inspectPackage(options(testApp, { testBuild: true })).failures).toEqual([]);
    expect(inspectPackage(options(testApp)).failures.map((f) => f.message)).toEqual([
      'fuse EnableNodeCliInspectArguments is on, must be off',
      'main/electron.cjs is the smoke-test build (it accepts --inspect and --remote-debugging-port); it must never ship',
    ]);
    // Control: the shipped build is not a smoke-test build.
    expect(inspectPackage(options(builtApp, { testBuild: true })).failures.map((f) => f.message)).toEqual(['fuse EnableNodeCliInspectArguments is off, must be on', 'main/electron.cjs is not the smoke-test build, so Playwright cannot drive it']);
  }, 300_000);
});

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema and the deployment rules; a typo or an AppImage target is named", () => {
    const config = loadBuilderConfig(root);
    expect(schemaErrors(config)).toEqual([]);
    expect(deploymentRuleErrors(config)).toEqual([]);
    expect(schemaErrors({ ...config, linux: { ...(config.linux as object), targt: 'deb' } })).toContain('/linux: must NOT have additional properties (targt)');
    const weakened = { ...config, linux: { target: ['deb', 'rpm', 'AppImage'] }, publish: undefined };
    expect(deploymentRuleErrors(weakened)).toEqual([
      'publish must be null: updates come through the agency software distribution, never self-update',
      'linux targets must be deb and rpm (AppImage is user-writable), not deb, rpm, AppImage',
    ]);
  });
});

describe('deb and rpm (the arguments electron-builder gives fpm)', () => {
  const recorded = (t: 'deb' | 'rpm') => readFileSync(join(work, 'fpm-args', `${t}.args`), 'utf8').split('\n');

  it('are root-owned, carry the homepage and depend on libsecret; without them each is named (control: the recorded ones pass)', () => {
    expect(linuxPackageErrors('deb', recorded('deb'))).toEqual([]);
    expect(linuxPackageErrors('rpm', recorded('rpm'))).toEqual([]);
    const stripped = recorded('deb').filter((a, i, all) => !['--deb-user', '--url'].includes(a) && !['--deb-user', '--url'].includes(all[i - 1] ?? ''));
    expect(linuxPackageErrors('deb', stripped)).toEqual(['deb: files must be root-owned (--deb-user root --deb-group root)', 'deb: needs the project homepage (package.json homepage)']);
  });
});
