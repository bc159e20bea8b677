import type { PolicyLayer, PolicyLevel, SourceProblem } from '../../../shared/policy/evaluate';
import { POLICY_PRODUCT, findPolicy, type PolicyDefinition } from '../../../shared/policy/schema';
import type { RegData } from '../../../shared/policy/templates/reg';
import { pollWatcher, problem, setOwn, type PolicySource } from './source';

/**
 * Windows group policy: HKLM then HKCU under Software\Policies\ApprovedIM (mandatory) and
 * ...\ApprovedIM\Recommended (recommended). HKLM always beats HKCU (unlike loaders that read HKLM and
 * then let HKCU overwrite it). The registry itself is reached through an injected RegistryReader:
 * production uses `regExeReader()` (reg.exe export, no native module); a native binding such as
 * registry-js can implement the same interface; tests use `regFileReader()` over .reg files.
 */

export type RegistryHive = 'HKLM' | 'HKCU';

export type RegistryValue = RegData | { type: 'REG_BINARY' | 'REG_NONE' | 'REG_UNKNOWN'; data: Uint8Array };

export interface RegistryTree {
  /** The key's own name (last path segment), as stored. */
  name: string;
  values: { name: string; value: RegistryValue }[];
  subkeys: RegistryTree[];
}

export interface RegistryReader {
  /** The key at hive\path with all values and subkeys, or null when the key does not exist. */
  readTree(hive: RegistryHive, path: string): Promise<RegistryTree | null>;
  /** Optional change notification (e.g. RegNotifyChangeKeyValue in a native reader). */
  watch?(onChange: () => void): () => void;
}

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

/** Expand %VAR% from the environment (names case-insensitive, unknown ones left as written). */
export function expandEnvironment(text: string, env: Record<string, string | undefined>): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/%([^%\s]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

function describe(v: RegistryValue): string {
  return v.type;
}

function toNumber(v: RegistryValue): number | string {
  if (v.type === 'REG_DWORD') return v.data;
  if (v.type === 'REG_QWORD') {
    const n = Number(v.data);
    return Number.isSafeInteger(n) ? n : 'the REG_QWORD value is too large';
  }
  if (v.type === 'REG_SZ' && /^\s*-?\d{1,15}\s*$/.test(v.data)) return Number(v.data);
  return `expected REG_DWORD or REG_QWORD, found ${describe(v)}`;
}

function toText(v: RegistryValue, env: Record<string, string | undefined>): string | null {
  if (v.type === 'REG_SZ') return v.data;
  if (v.type === 'REG_EXPAND_SZ') return expandEnvironment(v.data, env);
  if (v.type === 'REG_MULTI_SZ') return v.data.join('\n');
  return null;
}

/** Decode one registry value into the policy's type (validation against the schema happens later). */
export function decodeRegistryValue(def: PolicyDefinition, v: RegistryValue, env: Record<string, string | undefined> = {}): Decoded {
  switch (def.kind) {
    case 'boolean': {
      const n = toNumber(v);
      if (n === 0 || n === 1) return { ok: true, value: n === 1 };
      return { ok: false, message: typeof n === 'number' ? `expected 0 or 1, found ${n}` : `expected REG_DWORD 0 or 1, found ${describe(v)}` };
    }
    case 'integer': {
      const n = toNumber(v);
      return typeof n === 'number' ? { ok: true, value: n } : { ok: false, message: n };
    }
    case 'number': {
      if (v.type === 'REG_SZ') {
        return /^\s*-?\d+(?:\.\d+)?\s*$/.test(v.data) ? { ok: true, value: Number(v.data) } : { ok: false, message: `expected a number such as 0.5, found "${v.data.slice(0, 20)}"` };
      }
      const n = toNumber(v);
      return typeof n === 'number' ? { ok: true, value: n } : { ok: false, message: `expected a number as REG_SZ text, found ${describe(v)}` };
    }
    case 'string-list':
      if (v.type === 'REG_MULTI_SZ') return { ok: true, value: v.data.filter((s) => s !== '') };
      return { ok: false, message: `expected a subkey ${def.name} with one value per entry (or REG_MULTI_SZ), found ${describe(v)}` };
    case 'json': {
      const text = toText(v, {});
      if (text === null) return { ok: false, message: `expected JSON text (REG_SZ), found ${describe(v)}` };
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (err) {
        return { ok: false, message: `not valid JSON (${(err as Error).message})` };
      }
    }
    case 'string':
    case 'enum': {
      const text = toText(v, def.expandable ? env : {});
      return text === null ? { ok: false, message: `expected text (REG_SZ), found ${describe(v)}` } : { ok: true, value: text };
    }
  }
}

/** A list policy stored as a subkey: values "1", "2", … in numeric order (other names after, by name). */
function decodeListKey(def: PolicyDefinition, key: RegistryTree): Decoded {
  const sorted = [...key.values]
    .filter((v) => v.name !== '')
    .sort((a, b) => {
      const na = /^\d+$/.test(a.name) ? Number(a.name) : Infinity;
      const nb = /^\d+$/.test(b.name) ? Number(b.name) : Infinity;
      return na - nb || a.name.localeCompare(b.name);
    });
  const items: string[] = [];
  for (const { name, value } of sorted) {
    if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') {
      return { ok: false, message: `entry "${name}" of ${def.name} is ${describe(value)}, expected REG_SZ` };
    }
    if (value.data !== '') items.push(value.data);
  }
  return { ok: true, value: items };
}

/** Turn one policy key into a layer. Unknown value names are kept so that evaluation can warn about them. */
export function registryLayer(
  key: RegistryTree,
  level: PolicyLevel,
  source: string,
  env: Record<string, string | undefined>,
  skipSubkey?: string,
): PolicyLayer {
  const layer: PolicyLayer = { level, source, values: {}, invalid: {} };
  const set = (name: string, d: Decoded) => {
    if (d.ok) layer.values[name] = d.value;
    else layer.invalid![name] = d.message;
  };
  for (const { name, value } of key.values) {
    if (name === '') continue;
    const def = findPolicy(name);
    if (!def) setOwn(layer.values, name, `(${value.type})`);
    else set(def.name, decodeRegistryValue(def, value, env));
  }
  for (const sub of key.subkeys) {
    if (skipSubkey && sub.name.toLowerCase() === skipSubkey.toLowerCase()) continue;
    const def = findPolicy(sub.name);
    if (!def) setOwn(layer.values, sub.name, '(registry key)');
    else if (def.kind !== 'string-list') set(def.name, { ok: false, message: `is a registry key; expected a value named ${def.name}` });
    else set(def.name, decodeListKey(def, sub));
  }
  return layer;
}

export interface WindowsSourceOptions {
  reader: RegistryReader;
  /** For REG_EXPAND_SZ. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Re-read interval when the reader has no change notification. Default 30 s. */
  pollMs?: number;
}

const HIVE_LEVELS: readonly [RegistryHive, PolicyLevel, PolicyLevel][] = [
  ['HKLM', 'mandatory-machine', 'recommended-machine'],
  ['HKCU', 'mandatory-user', 'recommended-user'],
];

export function windowsRegistrySource(opts: WindowsSourceOptions): PolicySource {
  const env = opts.env ?? process.env;
  const keyPath = POLICY_PRODUCT.registryKey;
  const rec = POLICY_PRODUCT.registryRecommendedSubkey;
  return {
    name: `registry:${keyPath}`,
    kind: 'policy',
    async read() {
      const layers: PolicyLayer[] = [];
      const problems: SourceProblem[] = [];
      for (const [hive, mandatory, recommended] of HIVE_LEVELS) {
        const source = `${hive}\\${keyPath}`;
        let tree: RegistryTree | null;
        try {
          tree = await opts.reader.readTree(hive, keyPath);
        } catch (err) {
          problems.push(problem(source, mandatory, `Cannot read the registry (${err instanceof Error ? err.message : String(err)}).`));
          continue;
        }
        if (!tree) continue;
        layers.push(registryLayer(tree, mandatory, source, env, rec));
        const recKey = tree.subkeys.find((s) => s.name.toLowerCase() === rec.toLowerCase());
        if (recKey) layers.push(registryLayer(recKey, recommended, `${source}\\${rec}`, env));
      }
      return { layers, problems };
    },
    watch: opts.reader.watch ? (cb) => opts.reader.watch!(cb) : pollWatcher(opts.pollMs ?? 30_000),
  };
}
