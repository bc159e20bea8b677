/**
 * A STAND-IN Electron runtime for `electron-builder --linux dir` on machines where Electron's binary
 * cannot be downloaded. It has the file layout of Electron's Linux distribution and an `electron`
 * "executable" that is a shell script saying it is a stand-in, followed by Electron's fuse sentinel and
 * a fuse wire with Electron's own default states, so electron-builder's fuse flipping can be checked.
 * Nothing built with it runs: it proves the layout, the fuses and the contents, never the app itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createPackage } from '@electron/asar';
import { join } from 'node:path';

/** @electron/fuses' sentinel: the fuse wire follows it (version byte, length byte, one byte per fuse). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's default fuse states, in wire order (FuseV1Options): RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, inspect arguments on, ASAR integrity off, only-load-from-ASAR off, browser V8
 * snapshot off, file:// extra privileges on. '1' = enabled, '0' = disabled (ASCII, as Electron stores them).
 */
export const ELECTRON_DEFAULT_WIRE = '10110001';

export const STAND_IN_MARKER = 'STAND-IN ELECTRON RUNTIME';

/** Files of Electron's Linux zip besides the executable (contents are placeholders). */
const LAYOUT = [
  'LICENSE',
  'LICENSES.chromium.html',
  'chrome-sandbox',
  'chrome_100_percent.pak',
  'chrome_200_percent.pak',
  'chrome_crashpad_handler',
  'icudtl.dat',
  'libEGL.so',
  'libGLESv2.so',
  'libffmpeg.so',
  'libvk_swiftshader.so',
  'locales/en-US.pak',
  'resources.pak',
  'snapshot_blob.bin',
  'v8_context_snapshot.bin',
  'vk_swiftshader_icd.json',
];

export async function writeStandInRuntime(dir: string, electronVersion: string): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  for (const file of LAYOUT) writeFileSync(join(dir, file), `${STAND_IN_MARKER} placeholder for ${file}\n`);
  writeFileSync(join(dir, 'version'), electronVersion);
  // Electron ships resources/default_app.asar; electron-builder reads every asar there, so this one is a real (tiny) archive.
  const defaultApp = mkdtempSync(join(tmpdir(), 'stand-in-default-app-'));
  try {
    writeFileSync(join(defaultApp, 'package.json'), JSON.stringify({ name: 'stand-in-default-app', main: 'main.js' }));
    writeFileSync(join(defaultApp, 'main.js'), `// ${STAND_IN_MARKER}\n`);
    await createPackage(defaultApp, join(dir, 'resources', 'default_app.asar'));
  } finally {
    rmSync(defaultApp, { recursive: true, force: true });
  }
  const script = `#!/bin/sh\necho "${STAND_IN_MARKER} (layout for Electron ${electronVersion}): this is not Electron and cannot run the app" >&2\nexit 70\n`;
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'ascii'), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE, 'ascii')]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script), Buffer.from('# fuse wire follows\n'), wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'STAND-IN.txt'), `${STAND_IN_MARKER}\nLayout of Electron ${electronVersion} for Linux x64, for checking packaging only. Built by scripts/package-standin.ts.\n`);
  return dir;
}

/**
 * A STAND-IN for fpm (which electron-builder downloads to make deb and rpm): electron-builder runs it through
 * CUSTOM_FPM_PATH; it records its arguments in $FPM_ARGS_DIR/<target>.args (one per line) and writes a
 * placeholder package, so the deb and rpm configuration (metadata, dependencies, ownership) can be checked.
 */
export function writeStandInFpm(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const script = `#!/bin/sh
# ${STAND_IN_MARKER}: stand-in for fpm; records the arguments electron-builder passes.
t=""; out=""; prev=""
for a in "$@"; do
  case "$prev" in -t) t="$a";; --package) out="$a";; esac
  prev="$a"
done
printf '%s\\n' "$@" > "$FPM_ARGS_DIR/$t.args"
echo "${STAND_IN_MARKER}: placeholder $t package" > "$out"
`;
  const file = join(dir, 'fpm');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}
