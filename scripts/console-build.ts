/**
 * `tsx scripts/console-build.ts DIR`: a production build of the records console for `serve --console-dir DIR`
 * (no esbuild at run time). Kept out of server/console/build.ts, which is bundled into the packaged server.
 */
import { buildConsole } from '../server/console/build';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: tsx scripts/console-build.ts DIR\n');
  process.exit(2);
}
buildConsole(out).then(
  (dir) => process.stderr.write(`Built the records console into ${dir}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
