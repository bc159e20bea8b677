import { readFile } from 'node:fs/promises';
import { evaluatePolicy, type PolicyLayer, type PolicyProblem, type SourceProblem } from '../../../shared/policy/evaluate';
import { POLICY_PRODUCT } from '../../../shared/policy/schema';
import { isPlistDict, parsePlistBytes, plistLayer } from './macosSource';
import { PolicyFileError, parsePolicyJson } from './policyFile';
import { regFileReader, RegFileError } from './regFile';
import { windowsRegistrySource } from './registry';

/**
 * `npm run policy:check -- FILE…`: validate policy files the way the client reads them. Accepts the
 * Linux JSON format, Windows .reg exports, macOS plists and .mobileconfig profiles. Several files are
 * checked together as one policy (the last file wins, like a managed directory).
 */
export interface CheckOptions {
  /** Treat the files as the whole policy: a missing required policy is an error, not a note. */
  complete?: boolean;
  /** Apply development-build rules (RetentionServerUrl may be missing). */
  development?: boolean;
}

export interface CheckResult {
  ok: boolean;
  /** Each names the policy (or the file) and the problem. */
  errors: PolicyProblem[];
  /** Missing required policies when not --complete: another file or source may set them. */
  notes: PolicyProblem[];
  /** Number of known policies the files set. */
  policiesSet: number;
}

type Format = 'json' | 'reg' | 'plist';

export function detectFormat(file: string, bytes: Uint8Array): Format {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.reg')) return 'reg';
  if (lower.endsWith('.plist') || lower.endsWith('.mobileconfig')) return 'plist';
  const head = Buffer.from(bytes.subarray(0, 200)).toString(bytes[1] === 0 ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('Windows Registry Editor') || head.startsWith('REGEDIT4')) return 'reg';
  if (head.startsWith('<?xml') || head.startsWith('<plist') || head.startsWith('bplist')) return 'plist';
  return 'json';
}

/** The layers one file contributes (mandatory machine, or as the .reg file's keys say). */
export async function layersFromFile(file: string): Promise<{ layers: PolicyLayer[]; problems: SourceProblem[] }> {
  const fail = (message: string) => ({ layers: [], problems: [{ source: file, level: 'mandatory-machine' as const, message, fatal: true }] });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    return fail(`Cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const format = detectFormat(file, bytes);
  try {
    if (format === 'json') return { layers: [parsePolicyJson(bytes.toString('utf8'), file)], problems: [] };
    if (format === 'reg') {
      const read = await windowsRegistrySource({ reader: regFileReader([bytes]), env: {} }).read();
      if (read.layers.length === 0 && read.problems.length === 0) {
        return fail(`${file} sets nothing under HKLM or HKCU\\${POLICY_PRODUCT.registryKey}.`);
      }
      return read;
    }
    const top = parsePlistBytes(bytes);
    if (!isPlistDict(top)) return fail(`${file}: the top level of the property list is not a dictionary.`);
    const content = top.PayloadContent;
    if (Array.isArray(content)) {
      const payloads = content.filter((p) => isPlistDict(p) && p.PayloadType === POLICY_PRODUCT.macDomain);
      if (payloads.length === 0) return fail(`${file}: the profile has no payload of type ${POLICY_PRODUCT.macDomain}.`);
      return { layers: payloads.map((p, i) => plistLayer(p as Record<string, never>, 'mandatory-machine', `${file} payload ${i + 1}`)), problems: [] };
    }
    return { layers: [plistLayer(top, 'mandatory-machine', file)], problems: [] };
  } catch (err) {
    if (err instanceof PolicyFileError) return fail(err.message);
    if (err instanceof RegFileError) return fail(`${file} is not a valid .reg file: ${err.message}`);
    return fail(`${file} is not a valid ${format === 'plist' ? 'property list' : format} file (${(err as Error).message}).`);
  }
}

export async function checkPolicyFiles(files: readonly string[], opts: CheckOptions = {}): Promise<CheckResult> {
  const reads = await Promise.all(files.map(layersFromFile));
  // Last file wins within a level: pass it first.
  const layers = reads.flatMap((r) => r.layers).reverse();
  const problems = reads.flatMap((r) => r.problems);
  const effective = evaluatePolicy(layers, { developmentBuild: opts.development ?? false, sourceProblems: problems });
  // Not set anywhere in these files (and not set where it is not allowed either): maybe set elsewhere.
  const missing = new Set(effective.entries.filter((e) => e.level === 'default' && e.conflicts.length === 0).map((e) => e.name as string));
  const errors: PolicyProblem[] = [];
  const notes: PolicyProblem[] = [];
  const classify = (p: PolicyProblem, fatal: boolean) => {
    if (!missing.has(p.policy)) errors.push(p);
    else if (fatal && opts.complete) errors.push(p);
    // A file that could not be read says nothing about what it would have set.
    else if (problems.length === 0) notes.push(p);
  };
  for (const p of effective.fatal) classify(p, true);
  for (const p of effective.warnings) classify(p, false);
  const policiesSet = effective.entries.filter((e) => e.level !== 'default').length;
  return { ok: errors.length === 0, errors, notes, policiesSet };
}
