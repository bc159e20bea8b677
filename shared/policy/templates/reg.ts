import { ALL_POLICIES, POLICY_PRODUCT, type PolicyDefinition } from '../schema';

/**
 * Policy values as a Windows .reg file ("Windows Registry Editor Version 5.00"), the format regedit
 * imports and `reg export` writes. Used for the sample template and by the round-trip tests. The
 * encoding per kind is the one the registry reader in main expects (see PolicyKind).
 */

export type RegHive = 'HKEY_LOCAL_MACHINE' | 'HKEY_CURRENT_USER';

export type RegData =
  | { type: 'REG_SZ'; data: string }
  | { type: 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD'; data: number }
  | { type: 'REG_QWORD'; data: bigint };

/** How one policy value is stored: a value under the policy key, or a subkey of numbered values. */
export type RegEncoding = { value: RegData } | { subkey: string[] };

export function encodeRegistryValue(def: PolicyDefinition, value: unknown, opts: { qword?: boolean } = {}): RegEncoding {
  switch (def.kind) {
    case 'boolean':
      return { value: { type: 'REG_DWORD', data: value ? 1 : 0 } };
    case 'integer': {
      const n = Number(value);
      if (opts.qword || n > 0xffff_ffff || n < 0) return { value: { type: 'REG_QWORD', data: BigInt.asUintN(64, BigInt(n)) } };
      return { value: { type: 'REG_DWORD', data: n } };
    }
    case 'string-list':
      return { subkey: (value as unknown[]).map(String) };
    case 'json':
      return { value: { type: 'REG_SZ', data: JSON.stringify(value) } };
    case 'number':
      return { value: { type: 'REG_SZ', data: String(value) } };
    case 'string':
    case 'enum': {
      const text = String(value);
      if (def.multiline) return { value: { type: 'REG_MULTI_SZ', data: text.split(/\r?\n/) } };
      return { value: { type: def.expandable ? 'REG_EXPAND_SZ' : 'REG_SZ', data: text } };
    }
  }
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function utf16le(strings: readonly string[], terminator: boolean): number[] {
  const bytes: number[] = [];
  for (const s of strings) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      bytes.push(c & 0xff, c >> 8);
    }
    bytes.push(0, 0);
  }
  if (terminator) bytes.push(0, 0);
  return bytes;
}

/** regedit's hex(n): notation, wrapped at 80 columns with trailing backslashes. */
function hexValue(prefix: string, bytes: readonly number[]): string {
  const parts = bytes.map((b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  let line = prefix;
  parts.forEach((p, i) => {
    const piece = p + (i < parts.length - 1 ? ',' : '');
    if (line.length + piece.length > 78) {
      lines.push(`${line}\\`);
      line = '  ';
    }
    line += piece;
  });
  lines.push(line);
  return lines.join('\r\n');
}

export function regDataLine(name: string, d: RegData): string {
  const lhs = `${quote(name)}=`;
  switch (d.type) {
    case 'REG_SZ':
      return `${lhs}${quote(d.data)}`;
    case 'REG_DWORD':
      return `${lhs}dword:${(d.data >>> 0).toString(16).padStart(8, '0')}`;
    case 'REG_QWORD': {
      const bytes: number[] = [];
      for (let i = 0n; i < 8n; i++) bytes.push(Number((d.data >> (8n * i)) & 0xffn));
      return hexValue(`${lhs}hex(b):`, bytes);
    }
    case 'REG_EXPAND_SZ':
      return hexValue(`${lhs}hex(2):`, utf16le([d.data], false));
    case 'REG_MULTI_SZ':
      return hexValue(`${lhs}hex(7):`, utf16le(d.data, true));
  }
}

export interface RegFileOptions {
  hive?: RegHive;
  recommended?: boolean;
  /** Store integers as REG_QWORD instead of REG_DWORD. */
  qword?: boolean;
  defs?: readonly PolicyDefinition[];
}

/**
 * A .reg document setting the given policy values (unknown names are skipped). List subkeys are deleted
 * first, so importing the file replaces a list instead of merging into it. CRLF line endings.
 */
export function toRegFile(values: Record<string, unknown>, opts: RegFileOptions = {}): string {
  const hive = opts.hive ?? 'HKEY_LOCAL_MACHINE';
  const base = `${hive}\\${POLICY_PRODUCT.registryKey}${opts.recommended ? `\\${POLICY_PRODUCT.registryRecommendedSubkey}` : ''}`;
  const main: string[] = [];
  const subkeys: string[] = [];
  for (const def of opts.defs ?? ALL_POLICIES) {
    if (!Object.prototype.hasOwnProperty.call(values, def.name)) continue;
    const enc = encodeRegistryValue(def, values[def.name], { qword: opts.qword });
    if ('value' in enc) main.push(regDataLine(def.name, enc.value));
    else {
      subkeys.push('', `[-${base}\\${def.name}]`, '', `[${base}\\${def.name}]`);
      enc.subkey.forEach((item, i) => subkeys.push(regDataLine(String(i + 1), { type: 'REG_SZ', data: item })));
    }
  }
  return ['Windows Registry Editor Version 5.00', '', `[${base}]`, ...main, ...subkeys, '', ''].join('\r\n');
}
