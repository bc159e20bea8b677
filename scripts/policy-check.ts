/**
 * `npm run policy:check -- FILE… [--complete] [--development]`
 *
 * Validates Approved IM policy files for administrators: Linux JSON, Windows .reg exports, macOS .plist
 * or .mobileconfig. Exit 0 when valid; 1 with one line per problem naming the policy (or the file) and
 * the problem; 2 on wrong usage. Several files are checked together, the last one winning, like the
 * files of /etc/approved-im/policies/managed. Required policies that none of the files set are reported
 * as notes, because another file may set them; --complete makes them errors. --development checks with
 * the rules of development builds (RetentionServerUrl may be missing).
 */
import { parseArgs } from 'node:util';
import { checkPolicyFiles } from '../main/core/policy/check';

const USAGE = 'Usage: npm run policy:check -- FILE… [--complete] [--development]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { complete: { type: 'boolean' }, development: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const files = parsed.positionals;
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const result = await checkPolicyFiles(files, { complete: parsed.values.complete, development: parsed.values.development });
  const label = files.join(', ');
  for (const e of result.errors) console.error(`error: ${e.policy}: ${e.message}`);
  for (const n of result.notes) console.log(`note: ${n.policy}: ${n.message} (not set in ${label}; another policy source must set it)`);
  if (!result.ok) {
    console.error(`${label}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; the policy is not valid.`);
    return 1;
  }
  console.log(`OK: ${label} is a valid Approved IM policy (${result.policiesSet} polic${result.policiesSet === 1 ? 'y' : 'ies'} set).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`policy:check failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
