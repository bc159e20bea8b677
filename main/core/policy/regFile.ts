import type { RegistryHive, RegistryReader, RegistryTree, RegistryValue } from './registry';

/**
 * A parser for Windows .reg files ("Windows Registry Editor Version 5.00" / "REGEDIT4"), as written by
 * regedit and `reg export`: UTF-16LE with a BOM or UTF-8, CRLF or LF, `\` line continuations, `;`
 * comments, `[-KEY]` and `"name"=-` deletions. It backs the test registry, `policy:check FILE.reg` and
 * the `reg export` reader used in production.
 */

export class RegFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegFileError';
  }
}

const HIVES: Record<string, RegistryHive> = {
  hkey_local_machine: 'HKLM',
  hklm: 'HKLM',
  hkey_current_user: 'HKCU',
  hkcu: 'HKCU',
};

interface KeyNode {
  /** Path as written, hive normalised: "HKLM\Software\Policies\ApprovedIM". */
  path: string;
  values: Map<string, { name: string; value: RegistryValue }>;
}

/** Decode .reg bytes: UTF-16LE (BOM or NUL-interleaved) or UTF-8. */
export function decodeRegText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  const b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b.length > 1 && b[1] === 0) return b.toString('utf16le');
  return b.toString('utf8');
}

function normaliseKey(raw: string, line: number): string {
  const parts = raw.split('\\').filter((p) => p !== '');
  const hive = HIVES[(parts[0] ?? '').toLowerCase()];
  if (!hive) throw new RegFileError(`line ${line}: unsupported registry hive in [${raw}]`);
  return [hive, ...parts.slice(1)].join('\\');
}

/** Parse a quoted .reg string starting at `s[i] === '"'`; returns the text and the index after the closing quote. */
function quoted(s: string, i: number, line: number): [string, number] {
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\' && j + 1 < s.length) {
      out += s[++j];
    } else if (c === '"') return [out, j + 1];
    else out += c;
  }
  throw new RegFileError(`line ${line}: unterminated string`);
}

function hexBytes(text: string, line: number): Uint8Array {
  const cleaned = text.replace(/\s+/g, '');
  if (cleaned === '') return new Uint8Array();
  const parts = cleaned.split(',').filter((p) => p !== '');
  if (!parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) throw new RegFileError(`line ${line}: bad hex data`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

function utf16Strings(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 2)).toString('utf16le');
  return text.split('\u0000');
}

function parseData(rhs: string, line: number): RegistryValue | null {
  if (rhs === '-') return null;
  if (rhs.startsWith('"')) {
    const [text, end] = quoted(rhs, 0, line);
    if (rhs.slice(end).trim() !== '') throw new RegFileError(`line ${line}: unexpected text after string`);
    return { type: 'REG_SZ', data: text };
  }
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(rhs);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1]!, 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/is.exec(rhs);
  if (!hex) throw new RegFileError(`line ${line}: unrecognised value data "${rhs.slice(0, 40)}"`);
  const type = hex[1] === undefined ? 3 : parseInt(hex[1], 16);
  const bytes = hexBytes(hex[2]!, line);
  switch (type) {
    case 0:
      return { type: 'REG_NONE', data: bytes };
    case 1:
    case 2: {
      const [first = ''] = utf16Strings(bytes);
      return { type: type === 1 ? 'REG_SZ' : 'REG_EXPAND_SZ', data: first };
    }
    case 3:
      return { type: 'REG_BINARY', data: bytes };
    case 4:
      if (bytes.length !== 4) throw new RegFileError(`line ${line}: REG_DWORD needs 4 bytes`);
      return { type: 'REG_DWORD', data: Buffer.from(bytes).readUInt32LE(0) };
    case 7: {
      const items = utf16Strings(bytes);
      while (items.length && items[items.length - 1] === '') items.pop();
      return { type: 'REG_MULTI_SZ', data: items };
    }
    case 0xb:
      if (bytes.length !== 8) throw new RegFileError(`line ${line}: REG_QWORD needs 8 bytes`);
      return { type: 'REG_QWORD', data: Buffer.from(bytes).readBigUInt64LE(0) };
    default:
      return { type: 'REG_UNKNOWN', data: bytes };
  }
}

/**
 * Parse .reg text into keys (full path, hive normalised to HKLM/HKCU) and their values, applied onto
 * `keys` (so a later file's deletions remove what an earlier one set, as importing both would).
 */
export function parseRegFile(input: string | Uint8Array, keys: Map<string, KeyNode> = new Map()): Map<string, KeyNode> {
  const text = decodeRegText(input);
  const physical = text.split(/\r?\n/);
  let current: KeyNode | null = null;
  let sawHeader = false;
  for (let i = 0; i < physical.length; i++) {
    const lineNo = i + 1;
    let line = physical[i]!.trim();
    while (line.endsWith('\\') && i + 1 < physical.length && !line.startsWith('[')) {
      line = line.slice(0, -1) + physical[++i]!.trim();
    }
    if (line === '' || line.startsWith(';')) continue;
    if (!sawHeader) {
      if (line !== 'Windows Registry Editor Version 5.00' && line !== 'REGEDIT4') {
        throw new RegFileError('not a .reg file: the first line must be "Windows Registry Editor Version 5.00"');
      }
      sawHeader = true;
      continue;
    }
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new RegFileError(`line ${lineNo}: unterminated key name`);
      const deletion = line.startsWith('[-');
      const path = normaliseKey(line.slice(deletion ? 2 : 1, -1), lineNo);
      const lower = path.toLowerCase();
      if (deletion) {
        for (const k of [...keys.keys()]) if (k === lower || k.startsWith(`${lower}\\`)) keys.delete(k);
        current = null;
      } else {
        current = keys.get(lower) ?? { path, values: new Map() };
        keys.set(lower, current);
      }
      continue;
    }
    if (!current) throw new RegFileError(`line ${lineNo}: value outside a [key] (or under a deleted key)`);
    let name: string;
    let rest: string;
    if (line.startsWith('@')) {
      name = '';
      rest = line.slice(1);
    } else if (line.startsWith('"')) {
      const [n, end] = quoted(line, 0, lineNo);
      name = n;
      rest = line.slice(end);
    } else throw new RegFileError(`line ${lineNo}: expected "name"=value`);
    rest = rest.trimStart();
    if (!rest.startsWith('=')) throw new RegFileError(`line ${lineNo}: expected = after the value name`);
    const data = parseData(rest.slice(1).trim(), lineNo);
    if (data === null) current.values.delete(name.toLowerCase());
    else current.values.set(name.toLowerCase(), { name, value: data });
  }
  if (!sawHeader) throw new RegFileError('not a .reg file: it is empty');
  return keys;
}

/** The subtree at hive\path from parsed keys, or null when the key does not exist. */
export function treeFromKeys(keys: ReadonlyMap<string, KeyNode>, hive: RegistryHive, path: string): RegistryTree | null {
  const base = `${hive}\\${path}`.toLowerCase();
  const node = keys.get(base);
  const below = [...keys.keys()].filter((k) => k.startsWith(`${base}\\`));
  if (!node && below.length === 0) return null;
  const build = (lower: string, name: string): RegistryTree => {
    const n = keys.get(lower);
    const children = new Map<string, string>();
    for (const k of keys.keys()) {
      if (!k.startsWith(`${lower}\\`)) continue;
      const childLower = k.slice(lower.length + 1).split('\\')[0]!;
      if (!children.has(childLower)) {
        const full = keys.get(`${lower}\\${childLower}`)?.path ?? k;
        children.set(childLower, full.split('\\')[lower.split('\\').length] ?? childLower);
      }
    }
    return {
      name,
      values: n ? [...n.values.values()] : [],
      subkeys: [...children].map(([childLower, childName]) => build(`${lower}\\${childLower}`, childName)),
    };
  };
  return build(base, path.split('\\').pop() ?? path);
}

/** A registry reader over .reg documents (applied in order, as regedit would import them). */
export function regFileReader(files: readonly (string | Uint8Array)[]): RegistryReader {
  const keys = new Map<string, KeyNode>();
  for (const f of files) parseRegFile(f, keys);
  return { readTree: async (hive, path) => treeFromKeys(keys, hive, path) };
}
