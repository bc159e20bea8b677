/**
 * `npm run policy:templates` — writes the group policy templates generated from shared/policy/schema.ts
 * into build/policy-templates/ (ADMX + en-US ADML, sample .reg, macOS .mobileconfig, JSON schema,
 * sample Linux JSON, Markdown reference). `--check` only compares and exits 1 when they are stale.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePolicyTemplates, templateBytes } from '../shared/policy/templates/index';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'policy-templates');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const files = generatePolicyTemplates();
  const expected = new Set([...files.keys()].map((p) => join(OUT, p)));
  const stale: string[] = [];
  for (const [path, text] of files) {
    const target = join(OUT, path);
    const bytes = templateBytes(path, text);
    const current = await readFile(target).catch(() => null);
    if (current && Buffer.compare(current, Buffer.from(bytes)) === 0) continue;
    stale.push(path);
    if (!check) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
  }
  const extra = (await listFiles(OUT)).filter((f) => !expected.has(f));
  for (const f of extra) {
    stale.push(`${relative(OUT, f)} (no longer generated)`);
    if (!check) await rm(f);
  }
  if (check) {
    if (stale.length) {
      console.error(`Policy templates are out of date; run npm run policy:templates:\n  ${stale.join('\n  ')}`);
      return 1;
    }
    console.log('Policy templates are up to date.');
    return 0;
  }
  console.log(`Wrote ${files.size} policy templates to ${relative(process.cwd(), OUT) || OUT}${stale.length ? ` (${stale.length} changed)` : ' (unchanged)'}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`policy:templates failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
