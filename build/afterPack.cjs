/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads this hook with require() */
// electron-builder afterPack hook (electron-builder.yml): removes Electron's default_app.asar, which
// electron-builder leaves in place when `electronDist` points at an unpacked Electron (CI caches, the
// stand-in runtime). The onlyLoadAppFromAsar fuse already stops Electron from loading it; this keeps it
// out of the deb, rpm, MSI, NSIS and pkg as well.
const { existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

exports.default = async function afterPack(context) {
  const resources =
    context.electronPlatformName === 'darwin'
      ? join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : join(context.appOutDir, 'resources');
  const defaultApp = join(resources, 'default_app.asar');
  if (existsSync(defaultApp)) rmSync(defaultApp);
};
