/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<Record<string, unknown>>`)
 * and prints one JSON object keyed by bench name. Each bench reports ratios against a baseline measured
 * in the same run, so results compare across noisy machines. `npm run bench -- xmpp dlp` runs a subset.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only.length || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const results: Record<string, unknown> = { machine: { node: process.version, platform: process.platform, arch: process.arch }, startedAt: new Date().toISOString() };
let failed = false;
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<Record<string, unknown>> };
    results[name] = await mod.run();
  } catch (err) {
    failed = true;
    results[name] = { error: err instanceof Error ? err.message : String(err) };
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exit(failed ? 1 : 0);
