/**
 * `npm run web -- --policy FILE [--port N] [--data-dir DIR]`
 * The web host: the same core and renderer as the Electron app, on 127.0.0.1, for development and
 * end-to-end tests. Prints one line `Client UI: <url>`; the URL carries a random access token.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildRenderer } from './build';
import { startWebClient } from '../main/host/web/startWebClient';
import { createLogger } from '../main/core/log';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const { values } = parseArgs({
    options: {
      policy: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'memory-credentials': { type: 'boolean', default: false },
    },
  });
  const log = createLogger();
  const staticDir = await buildRenderer({ outDir: mkdtempSync(join(tmpdir(), 'approved-im-ui-')) });
  await build({ entryPoints: [join(root, 'main/host/web/bridge.ts')], outfile: join(staticDir, 'bridge.js'), bundle: true, format: 'iife', platform: 'browser', target: ['chrome120'], logLevel: 'warning' });

  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'approved-im-web-'));
  // The shared host boot (main/host/common/boot.ts) behind the WebSocket transport; `--policy FILE` replaces the OS sources.
  const { host, shutdown } = await startWebClient({
    staticDir,
    dataDir,
    log,
    ...(values.policy ? { overrideFile: values.policy } : {}),
    host: values.host,
    ...(values.port ? { port: Number(values.port) } : {}),
    memoryCredentials: values['memory-credentials'],
  });
  process.stdout.write(`Client UI: ${host.url}\n`);

  const stop = async () => {
    await shutdown().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
