import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parse as parseXmlPlist, parseBinary, type PlistValue } from 'plist';
import type { PolicyLayer, PolicyLevel, SourceProblem } from '../../../shared/policy/evaluate';
import { POLICY_BY_NAME, POLICY_PRODUCT, type PolicyDefinition } from '../../../shared/policy/schema';
import { readTrustedFile } from './fileTrust';
import type { Decoded } from './registry';
import { pollWatcher, problem, setOwn, type PolicySource } from './source';

/**
 * macOS policy: forced managed preferences in the domain gov.state.approvedim, which an MDM installs
 * from a configuration profile (see build/policy-templates/macos/). macOS materialises them as
 * /Library/Managed Preferences/gov.state.approvedim.plist (device, mandatory machine) and
 * /Library/Managed Preferences/<user>/gov.state.approvedim.plist (user, mandatory user); both are
 * root-owned. Users' own `defaults write` values live elsewhere and are never read. macOS has no
 * "recommended" level here.
 *
 * The files are reached through an injected ManagedPreferencesReader: production uses
 * `managedPreferencesFileReader()`; tests point it at a temporary directory of plist files.
 */

export interface ManagedPreferencesFile {
  level: Extract<PolicyLevel, 'mandatory-machine' | 'mandatory-user'>;
  source: string;
  /** XML or binary (bplist00) property list. */
  bytes: Uint8Array;
}

export interface ManagedPreferencesReader {
  read(): Promise<{ files: ManagedPreferencesFile[]; problems: SourceProblem[] }>;
  watch?(onChange: () => void): () => void;
}

export interface ManagedPreferencesFileOptions {
  /** Default "/Library/Managed Preferences". */
  dir?: string;
  /** Default the current user's short name. */
  user?: string;
  /** Default gov.state.approvedim. */
  domain?: string;
  /** Required owner of the files. Default 0 (root). */
  trustedUid?: number;
}

export const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

export function managedPreferencesFileReader(opts: ManagedPreferencesFileOptions = {}): ManagedPreferencesReader {
  const dir = opts.dir ?? MANAGED_PREFERENCES_DIR;
  const domain = opts.domain ?? POLICY_PRODUCT.macDomain;
  const user = opts.user ?? userInfo().username;
  const candidates: [ManagedPreferencesFile['level'], string][] = [['mandatory-machine', join(dir, `${domain}.plist`)]];
  if (/^[^/\\.][^/\\]*$/.test(user)) candidates.push(['mandatory-user', join(dir, user, `${domain}.plist`)]);
  return {
    async read() {
      const files: ManagedPreferencesFile[] = [];
      const problems: SourceProblem[] = [];
      for (const [level, path] of candidates) {
        const got = await readTrustedFile(path, { trustedUid: opts.trustedUid ?? 0 });
        if (got.ok) files.push({ level, source: path, bytes: got.bytes });
        else if (!got.missing) problems.push(problem(path, level, got.message));
      }
      return { files, problems };
    },
    watch(onChange) {
      const watchers: FSWatcher[] = [];
      for (const d of [dir, join(dir, user)]) {
        try {
          const w = fsWatch(d, { persistent: false }, () => onChange());
          w.on('error', () => undefined);
          watchers.push(w);
        } catch {
          // Not there (no profile installed yet); the poll notices.
        }
      }
      const stop = pollWatcher(60_000)(onChange);
      return () => {
        stop();
        for (const w of watchers) w.close();
      };
    },
  };
}

/** Parse an XML or binary property list. Throws with a readable message. */
export function parsePlistBytes(bytes: Uint8Array): PlistValue {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head === 'bplist00') return parseBinary(bytes);
  const text = Buffer.from(bytes).toString('utf8');
  if (!/<plist[\s>]/.test(text)) throw new Error('not a property list');
  return parseXmlPlist(text);
}

function plistType(v: PlistValue): string {
  if (v === null) return 'nothing';
  if (v instanceof Date) return 'date';
  if (v instanceof Uint8Array) return 'data';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'dictionary' : typeof v;
}

/** Decode one plist value into the policy's type (validation against the schema happens later). */
export function decodePlistValue(def: PolicyDefinition, v: PlistValue): Decoded {
  const wrong = (expected: string): Decoded => ({ ok: false, message: `expected ${expected}, found ${plistType(v)}` });
  switch (def.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : wrong('<true/> or <false/>');
    case 'integer':
      return typeof v === 'number' ? { ok: true, value: v } : wrong('<integer>');
    case 'number':
      return typeof v === 'number' ? { ok: true, value: v } : wrong('<real>');
    case 'string-list':
      return Array.isArray(v) ? { ok: true, value: v } : wrong('an <array> of <string>');
    case 'json':
      if (typeof v === 'string') {
        try {
          return { ok: true, value: JSON.parse(v) };
        } catch (err) {
          return { ok: false, message: `not valid JSON (${(err as Error).message})` };
        }
      }
      return v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)
        ? { ok: true, value: v }
        : wrong('a <dict> or <array>');
    case 'string':
    case 'enum':
      if (typeof v === 'string') return { ok: true, value: v };
      if (v instanceof Date && !Number.isNaN(v.getTime())) return { ok: true, value: v.toISOString().slice(0, 10) };
      return wrong('<string>');
  }
}

/** One managed-preferences dictionary as a layer. Payload* keys (profile metadata) are skipped. */
export function plistLayer(dict: Record<string, PlistValue>, level: PolicyLevel, source: string): PolicyLayer {
  const layer: PolicyLayer = { level, source, values: {}, invalid: {} };
  for (const [key, value] of Object.entries(dict)) {
    if (key.startsWith('Payload')) continue;
    const def = POLICY_BY_NAME.get(key);
    if (!def) {
      setOwn(layer.values, key, value);
      continue;
    }
    const d = decodePlistValue(def, value);
    if (d.ok) layer.values[key] = d.value;
    else layer.invalid![key] = d.message;
  }
  return layer;
}

export function isPlistDict(v: PlistValue): v is Record<string, PlistValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

export function macosManagedPreferencesSource(opts: { reader?: ManagedPreferencesReader } = {}): PolicySource {
  const reader = opts.reader ?? managedPreferencesFileReader();
  return {
    name: `macos:${POLICY_PRODUCT.macDomain}`,
    kind: 'policy',
    async read() {
      const { files, problems } = await reader.read();
      const layers: PolicyLayer[] = [];
      for (const f of files) {
        try {
          const parsed = parsePlistBytes(f.bytes);
          if (!isPlistDict(parsed)) throw new Error('the top level is not a dictionary');
          layers.push(plistLayer(parsed, f.level, f.source));
        } catch (err) {
          problems.push(problem(f.source, f.level, `${f.source} is not a valid property list (${(err as Error).message}).`));
        }
      }
      return { layers, problems };
    },
    watch: reader.watch ? (cb) => reader.watch!(cb) : pollWatcher(60_000),
  };
}
