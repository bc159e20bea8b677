/**
 * `npm run package:check [-- --release]`: what can be checked of the client package on a machine without
 * Electron's binary. Exit 0 only when all of it holds:
 *  1. electron-builder.yml validates against electron-builder's JSON schema and the project's deployment rules;
 *  2. `electron-builder --linux dir` with a STAND-IN Electron runtime (scripts/package-standin.ts, clearly
 *     marked as such; it cannot run) produces the expected layout;
 *  3. the unpacked app passes scripts/package-inspect.ts: fuses, nothing forbidden packed, policy templates,
 *     the size budget (build/package-budget.json), and the native modules' ABI. Node-ABI modules are warnings
 *     here (this machine builds them for Node) and failures with --release.
 * Work files go to .tmp/package-check/ (or --out DIR).
 */
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { deploymentRuleErrors, linuxPackageErrors, loadBuilderConfig, schemaErrors } from './package-config';
import { electronAbi, packageApp, packageLinuxPackages } from './package';
import { writeStandInFpm, writeStandInRuntime } from './package-standin';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function packageCheck(opts: { out: string; release: boolean; log: (line: string) => void }): Promise<number> {
  const { log } = opts;
  const config = loadBuilderConfig(root);
  const problems = [...schemaErrors(config).map((e) => `electron-builder.yml does not match electron-builder's schema: ${e}`), ...deploymentRuleErrors(config).map((e) => `electron-builder.yml: ${e}`)];
  for (const p of problems) log(`FAIL [config] ${p}`);
  if (problems.length > 0) return problems.length;
  log('electron-builder.yml matches electron-builder\'s schema and the deployment rules');

  const { version } = electronAbi();
  const standIn = await writeStandInRuntime(join(opts.out, `electron-stand-in-${version}`), version);
  log(`Using a STAND-IN Electron runtime (layout and fuse wire only; it cannot run the app): ${standIn}`);
  const { failures, report } = await packageApp({
    platform: 'linux',
    targets: ['dir'],
    electronDist: standIn,
    testBuild: false,
    release: opts.release,
    outDir: join(opts.out, 'release'),
    stageDir: join(opts.out, 'app'),
    log,
  });
  log(report);
  if (failures > 0) return failures;

  // deb and rpm: fpm is a download, so a stand-in records what electron-builder asks of it.
  const fpmArgsDir = join(opts.out, 'fpm-args');
  log('deb and rpm with a STAND-IN fpm (records its arguments; the packages are placeholders)');
  packageLinuxPackages({ appDir: join(opts.out, 'release', 'linux-unpacked'), stageDir: join(opts.out, 'app'), outDir: join(opts.out, 'linux-packages'), fpm: writeStandInFpm(join(opts.out, 'fpm')), fpmArgsDir });
  const linux = (['deb', 'rpm'] as const).flatMap((t) => linuxPackageErrors(t, readFileSync(join(fpmArgsDir, `${t}.args`), 'utf8').split('\n')));
  for (const e of linux) log(`FAIL [linux-packages] ${e}`);
  if (linux.length === 0) log('deb and rpm: root-owned, in /opt/Approved IM, with homepage, maintainer and libsecret dependency');
  log(linux.length === 0 ? 'All package checks passed' : `Package checks failed: ${linux.length} problem(s)`);
  return linux.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { release: { type: 'boolean' }, out: { type: 'string' } } });
  const out = resolve(values.out ?? join(root, '.tmp', 'package-check'));
  packageCheck({ out, release: values.release ?? false, log: (line) => console.log(line) }).then(
    (failures) => process.exit(failures === 0 ? 0 : 1),
    (err: unknown) => {
      console.log(`FAIL package:check: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
