/** `retention verify-export PATH`: exit 0 when the package verifies, 1 naming the first bad record, 2 when unreadable. */
import { existsSync } from 'node:fs';
import { readPackage, verifyExport } from './verifyExport';

export function verifyExportCommand(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  const path = args[0];
  if (!path || args.length > 1) {
    err.write('retention: usage: verify-export PATH   (the export .zip, or the folder it unpacks to)\n');
    return 2;
  }
  if (!existsSync(path)) {
    err.write(`retention: verify-export: no such file or folder: ${path}\n`);
    return 2;
  }
  let files;
  try {
    files = readPackage(path);
  } catch (e) {
    out.write(`EXPORT INVALID: the package cannot be read: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const check = verifyExport(files);
  const first = check.problems[0];
  if (first) {
    out.write(`EXPORT INVALID: ${first}\n`);
    for (const p of check.problems.slice(1, 50)) out.write(`  also: ${p}\n`);
    return 1;
  }
  const head = check.manifest?.treeHead;
  out.write(
    `Export verified: ${check.records} records (${check.redacted} redacted, ${check.disposed} disposed of) are in the signed tree head ` +
      `of size ${head?.treeSize} (root ${head?.rootHash}, ${head?.timestamp}, key ${head?.keyId})\n`,
  );
  return 0;
}
