/**
 * `npm run retention:deb [-- --out DIR]`: the retention server as a Debian package, built with dpkg-deb.
 *
 *   /usr/bin/approved-im-retention                   the CLI (same subcommands as `npm run retention --`)
 *   /usr/lib/approved-im-retention/retention.mjs     server/cli.ts bundled by esbuild into one file
 *   /usr/lib/approved-im-retention/node_modules/     its native dependency (better-sqlite3), runtime files only
 *   /lib/systemd/system/approved-im-retention.service  hardened unit (build/server-deb/)
 *   /usr/lib/approved-im-retention/console/          the records console, prebuilt (when the server has one)
 *   /etc/approved-im-retention/retention.env         settings (a conffile)
 *   /var/lib/approved-im-retention                   state, owned by the approved-im-retention system user
 * It runs on the system's Node.js (Depends: nodejs of the major it was built with: the native module's ABI).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { listFiles, stageModule } from './package-stage';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEB_NAME = 'approved-im-retention';
const LIB = `usr/lib/${DEB_NAME}`;

/** Native modules the server loads at run time (everything else is inside the bundle). */
export const SERVER_NATIVE_MODULES = ['better-sqlite3'] as const;

function run(cmd: string, args: string[]): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(res.stderr || res.error?.message || '').trim()}`);
  return res.stdout.trim();
}

export async function bundleServer(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(root, 'server', 'cli.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    // Native modules stay files on disk; pg's optional native binding is never used.
    // esbuild: the records console's on-demand build, never used here (the package ships a prebuilt console).
    external: [...SERVER_NATIVE_MODULES, 'pg-native', 'esbuild'],
    // CommonJS dependencies (fastify, pg…) call require(); give the ES module one.
    // …and __filename/__dirname, which some of them read (the bundle's own path).
    banner: {
      js: [
        "import { createRequire as __approvedImCreateRequire } from 'node:module';",
        "import { fileURLToPath as __approvedImFileURLToPath } from 'node:url';",
        "import { dirname as __approvedImDirnameOf } from 'node:path';",
        'const require = __approvedImCreateRequire(import.meta.url);',
        'const __approvedImFilename = __approvedImFileURLToPath(import.meta.url);',
        'const __approvedImDirname = __approvedImDirnameOf(__approvedImFilename);',
      ].join(' '),
    },
    define: { __filename: '__approvedImFilename', __dirname: '__approvedImDirname' },
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

/**
 * The records console (React, server/console/) prebuilt into `dir`, when the server has one: the server
 * otherwise builds it with esbuild from its sources on first use, and the package has neither.
 */
async function prebuildConsole(dir: string): Promise<boolean> {
  const source = join(root, 'server', 'console', 'build.ts');
  if (!existsSync(source)) return false;
  const mod = (await import(pathToFileURL(source).href)) as { buildConsole?: (outDir: string, opts?: { production?: boolean }) => Promise<string> };
  if (typeof mod.buildConsole !== 'function') return false;
  await mod.buildConsole(dir, { production: true });
  return true;
}

/** The control file's Depends: the Node.js major the native module was built for. */
export function nodeDepends(nodeVersion: string): string {
  const major = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  return `nodejs (>= ${major}), nodejs (<< ${major + 1}), adduser`;
}

export async function buildRetentionDeb(opts: { outDir: string; workDir: string }): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; homepage?: string; author?: string };
  const arch = run('dpkg', ['--print-architecture']);
  const pkg = join(opts.workDir, `${DEB_NAME}_${manifest.version}_${arch}`);
  rmSync(pkg, { recursive: true, force: true });
  const res = (rel: string) => join(root, 'build', 'server-deb', rel);
  const put = (from: string, to: string, mode: number) => {
    mkdirSync(dirname(join(pkg, to)), { recursive: true });
    copyFileSync(from, join(pkg, to));
    chmodSync(join(pkg, to), mode);
  };

  await bundleServer(join(pkg, LIB, 'retention.mjs'));
  writeFileSync(join(pkg, LIB, 'package.json'), `${JSON.stringify({ name: DEB_NAME, version: manifest.version, private: true, type: 'module' }, null, 2)}\n`);
  for (const m of SERVER_NATIVE_MODULES) stageModule(root, join(pkg, LIB), m);
  // `approved-im-retention serve` passes --console-dir when this prebuilt console is there (build/server-deb/).
  await prebuildConsole(join(pkg, LIB, 'console'));
  put(res('approved-im-retention'), 'usr/bin/approved-im-retention', 0o755);
  put(res('approved-im-retention.service'), `lib/systemd/system/${DEB_NAME}.service`, 0o644);
  put(res('retention.env'), `etc/${DEB_NAME}/retention.env`, 0o640);
  put(join(root, 'server', 'README.md'), `usr/share/doc/${DEB_NAME}/README.md`, 0o644);
  writeFileSync(join(pkg, `usr/share/doc/${DEB_NAME}/copyright`), `Approved IM retention server\nCopyright: State of Alabama\nLicense: ${'UNLICENSED'} (state-internal software)\nBundled third-party licences: /usr/lib/${DEB_NAME}/retention.mjs (end of file) and node_modules/*/LICENSE.\n`);

  mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) put(res(script), `DEBIAN/${script}`, 0o755);
  writeFileSync(join(pkg, 'DEBIAN', 'conffiles'), `/etc/${DEB_NAME}/retention.env\n`);
  const installedKb = Math.ceil(listFiles(pkg).reduce((sum, f) => sum + statSync(join(pkg, f)).size, 0) / 1024);
  const control = [
    `Package: ${DEB_NAME}`,
    `Version: ${manifest.version}`,
    `Architecture: ${arch}`,
    `Maintainer: ${manifest.author ?? 'State IT <it@state.gov>'}`,
    `Depends: ${nodeDepends(process.version)}`,
    'Recommends: postgresql-client',
    'Section: net',
    'Priority: optional',
    `Installed-Size: ${installedKb}`,
    `Homepage: ${manifest.homepage ?? 'https://it.state.gov/approved-im'}`,
    'Description: Approved IM retention server',
    ' Receives the journal every Approved IM client keeps, stores it so it cannot be',
    ' changed (Merkle tree, signed tree heads), and serves it to authorised records',
    ' staff with an access audit. Runs as a hardened systemd service.',
  ];
  writeFileSync(join(pkg, 'DEBIAN', 'control'), `${control.join('\n')}\n`);

  mkdirSync(opts.outDir, { recursive: true });
  const deb = join(opts.outDir, `${DEB_NAME}_${manifest.version}_${arch}.deb`);
  run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', pkg, deb]);
  return deb;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = resolve(values.out ?? join(root, 'dist'));
  buildRetentionDeb({ outDir, workDir: join(root, '.tmp', 'retention-deb') }).then(
    (deb) => console.log(`Wrote ${deb}`),
    (err: unknown) => {
      console.error(`retention:deb: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
