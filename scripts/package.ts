/**
 * `npm run dist -- [--linux|--win|--mac] [--target T]… [--electron-dist DIR] [--test-build] [--release | --allow-node-abi]`
 *
 * Stages the lean app (scripts/package-stage.ts), runs electron-builder with electron-builder.yml, puts
 * the policy templates beside the packages (release/policy-templates/), then inspects the unpacked app
 * (scripts/package-inspect.ts) and exits non-zero when a check fails.
 *  --target T       electron-builder target(s) for the platform (default: the platform's targets in the yml)
 *  --electron-dist  an unpacked Electron (or the stand-in of scripts/package-standin.ts) instead of a download
 *  --test-build     leaves the inspect fuse on so Playwright can drive the app (CI smoke test only; written to
 *                   release/test-build/, never shipped)
 *  --release        every .node must be built for Electron's ABI (or Node-API): the default
 *  --allow-node-abi a trial build on a machine that cannot build for Electron: Node-ABI modules are warnings
 *  --out DIR        electron-builder's output (default release/ or release/test-build/); --stage DIR the stage (dist/app/)
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stageApp } from './package-stage';
import { formatReport, inspectPackage, loadBudget, unpackedAppDir } from './package-inspect';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface PackageOptions {
  platform: 'linux' | 'win32' | 'darwin';
  targets: string[];
  electronDist?: string;
  testBuild: boolean;
  release: boolean;
  /** Where electron-builder writes (default release/, or release/test-build/ for a test build). */
  outDir?: string;
  stageDir?: string;
  log?: (line: string) => void;
}

/** electron-builder's CLI, run with this Node (node_modules/.bin holds a .cmd shim on Windows). */
const ELECTRON_BUILDER_CLI = join(root, 'node_modules', 'electron-builder', 'cli.js');

const PLATFORM_FLAG = { linux: '--linux', win32: '--win', darwin: '--mac' } as const;

/** Builds the packages and inspects the unpacked app; returns the number of failed checks. */
export async function packageApp(opts: PackageOptions): Promise<{ failures: number; outDir: string; report: string }> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const outDir = opts.outDir ?? join(root, 'release', opts.testBuild ? 'test-build' : '');
  const stage = opts.stageDir ?? join(root, 'dist', 'app');
  log(`Staging the client app in ${stage}`);
  await stageApp({ root, stage, smokeTest: opts.testBuild });
  const args = [PLATFORM_FLAG[opts.platform], ...opts.targets, '--config', join(root, 'electron-builder.yml'), '--publish', 'never'];
  args.push(`-c.directories.app=${stage}`, `-c.directories.output=${outDir}`);
  if (opts.electronDist) args.push(`-c.electronDist=${opts.electronDist}`);
  if (opts.testBuild) args.push('-c.electronFuses.enableNodeCliInspectArguments=true');
  rmSync(outDir, { recursive: true, force: true });
  log(`electron-builder ${args.join(' ')}`);
  const res = spawnSync(process.execPath, [ELECTRON_BUILDER_CLI, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ELECTRON_BUILDER_CACHE: process.env.ELECTRON_BUILDER_CACHE ?? join(root, '.tmp', 'electron-builder-cache') } });
  if (res.status !== 0) throw new Error(`electron-builder failed (exit ${res.status ?? res.signal ?? 'unknown'})`);
  mkdirSync(outDir, { recursive: true });
  cpSync(join(root, 'build', 'policy-templates'), join(outDir, 'policy-templates'), { recursive: true });
  const appDir = unpackedAppDir(outDir, opts.platform);
  if (!existsSync(appDir)) throw new Error(`electron-builder did not write the unpacked app at ${appDir}`);
  const result = inspectPackage({ appDir, platform: opts.platform, release: opts.release, testBuild: opts.testBuild, budget: loadBudget(root), electronAbi: electronAbi() });
  return { failures: result.failures.length, outDir, report: formatReport(result) };
}

/**
 * deb and rpm from an already packed Linux app (`--prepackaged`), with `fpm` (for example the stand-in of
 * scripts/package-standin.ts, which records its arguments in `fpmArgsDir`). Returns the output directory.
 */
export function packageLinuxPackages(opts: { appDir: string; stageDir: string; outDir: string; fpm: string; fpmArgsDir: string }): string {
  const args = ['--linux', 'deb', 'rpm', '--config', join(root, 'electron-builder.yml'), '--publish', 'never', '--prepackaged', opts.appDir, `-c.directories.app=${opts.stageDir}`, `-c.directories.output=${opts.outDir}`];
  mkdirSync(opts.fpmArgsDir, { recursive: true });
  const res = spawnSync(process.execPath, [ELECTRON_BUILDER_CLI, ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CUSTOM_FPM_PATH: opts.fpm, FPM_ARGS_DIR: opts.fpmArgsDir, ELECTRON_BUILDER_CACHE: process.env.ELECTRON_BUILDER_CACHE ?? join(root, '.tmp', 'electron-builder-cache') },
  });
  if (res.status !== 0) throw new Error(`electron-builder --linux deb rpm failed (exit ${res.status ?? res.signal ?? 'unknown'})`);
  return opts.outDir;
}

/** Electron's NODE_MODULE_VERSION, from the installed electron package. */
export function electronAbi(): { abi: number; version: string } {
  const pkg = JSON.parse(readText(join(root, 'node_modules', 'electron', 'package.json'))) as { version: string };
  return { abi: Number(readText(join(root, 'node_modules', 'electron', 'abi_version')).trim()), version: pkg.version };
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      linux: { type: 'boolean' },
      win: { type: 'boolean' },
      mac: { type: 'boolean' },
      target: { type: 'string', multiple: true },
      'electron-dist': { type: 'string' },
      'test-build': { type: 'boolean' },
      release: { type: 'boolean' },
      'allow-node-abi': { type: 'boolean' },
      out: { type: 'string' },
      stage: { type: 'string' },
    },
  });
  const platform = values.linux ? 'linux' : values.win ? 'win32' : values.mac ? 'darwin' : (process.platform as 'linux' | 'win32' | 'darwin');
  packageApp({ platform, targets: values.target ?? [], electronDist: values['electron-dist'], testBuild: values['test-build'] ?? false, release: values.release === true || values['allow-node-abi'] !== true, outDir: values.out ? resolve(values.out) : undefined, stageDir: values.stage ? resolve(values.stage) : undefined }).then(
    ({ failures, report }) => {
      console.log(report);
      process.exit(failures === 0 ? 0 : 1);
    },
    (err: unknown) => {
      console.error(`package: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
