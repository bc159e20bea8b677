/**
 * `retention verify-export PATH`: checks a disclosure export offline, with nothing but the package
 * (a .zip, or the folder it unpacks to):
 *   1. the tree head's Ed25519 signature, with the package's public key (and its key id);
 *   2. per record, in the manifest's order: its leaf hash from (record id, hash, stored at), its
 *      inclusion proof against the signed root, and, unless redacted or disposed of, that the record
 *      in records.json hashes to the manifest's hash;
 *   3. the SHA-256 of every other file, and that no file is missing or added.
 * The first problem names the record (or file); later ones follow.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { canonicalJson } from '../../shared/journal/record';
import { sha256Hex } from '../hash';
import { recordLeafHash, verifyInclusion } from '../merkle';
import { keyIdOf, verifyTreeHead } from '../signing';
import { bytesSha256 } from './package';
import { EXPORT_FORMAT, type Manifest } from './types';
import { createPublicKey } from 'node:crypto';

export interface ExportCheck {
  ok: boolean;
  records: number;
  redacted: number;
  disposed: number;
  problems: string[];
  manifest?: Manifest;
}

/** The package's files by name (relative to the folder that holds manifest.json). */
export function readPackage(path: string): Map<string, Uint8Array> {
  const raw = new Map<string, Uint8Array>();
  if (statSync(path).isDirectory()) {
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else raw.set(relative(path, p).split('\\').join('/'), new Uint8Array(readFileSync(p)));
      }
    };
    walk(path);
  } else {
    for (const [name, data] of Object.entries(unzipSync(new Uint8Array(readFileSync(path))))) if (!name.endsWith('/')) raw.set(name, data);
  }
  const manifestPath = [...raw.keys()].filter((n) => n === 'manifest.json' || n.endsWith('/manifest.json')).sort((a, b) => a.length - b.length)[0];
  if (!manifestPath) throw new Error('no manifest.json in the package');
  const prefix = manifestPath.slice(0, -'manifest.json'.length);
  return new Map([...raw].filter(([n]) => n.startsWith(prefix)).map(([n, d]) => [n.slice(prefix.length), d]));
}

export function verifyExport(files: Map<string, Uint8Array>): ExportCheck {
  const problems: string[] = [];
  const text = (name: string) => {
    const d = files.get(name);
    if (!d) throw new Error(`${name} is missing from the package`);
    return strFromU8(d);
  };
  let manifest: Manifest;
  let exported: Record<string, unknown>[];
  try {
    manifest = JSON.parse(text('manifest.json')) as Manifest;
    exported = JSON.parse(text('records.json')) as Record<string, unknown>[];
    if (manifest.format !== EXPORT_FORMAT) throw new Error(`manifest format is ${String(manifest.format)}, expected ${EXPORT_FORMAT}`);
  } catch (err) {
    return { ok: false, records: 0, redacted: 0, disposed: 0, problems: [err instanceof Error ? err.message : String(err)] };
  }
  const head = manifest.treeHead;
  const pem = files.get('public-key.pem');
  if (!pem) problems.push('public-key.pem is missing from the package');
  else {
    const keyPem = strFromU8(pem);
    let keyId = '';
    try {
      keyId = keyIdOf(createPublicKey(keyPem));
    } catch {
      problems.push('public-key.pem is not a public key');
    }
    if (keyId && keyId !== head.keyId) problems.push(`the tree head is signed by key ${head.keyId}, but the package's public key is ${keyId}`);
    else if (keyId && !verifyTreeHead(head, keyPem)) problems.push(`the tree head (size ${head.treeSize}) has an invalid signature`);
  }
  const root = Buffer.from(head.rootHash, 'hex');
  const byId = new Map(exported.map((r) => [String(r.recordId), r]));
  let redacted = 0;
  let disposed = 0;
  for (const m of manifest.records) {
    const bad = (why: string) => problems.push(`record ${m.recordId} (leaf ${m.leafIndex}) does not verify: ${why}`);
    const leaf = recordLeafHash(m.recordId, m.hash, m.storedAt);
    if (leaf.toString('hex') !== m.leafHash) {
      bad('its leaf hash does not match its id, hash and stored-at time');
      continue;
    }
    if (!verifyInclusion(leaf, m.leafIndex, head.treeSize, m.auditPath.map((h) => Buffer.from(h, 'hex')), root)) {
      bad(`its inclusion proof does not lead to the signed root of size ${head.treeSize}`);
      continue;
    }
    const r = byId.get(m.recordId);
    if (!r) {
      bad('it is missing from records.json');
      continue;
    }
    if (r.hash !== m.hash || r.leafIndex !== m.leafIndex || r.storedAt !== m.storedAt) {
      bad('records.json and the manifest disagree on its hash or place in the tree');
      continue;
    }
    if (m.status === 'disposed') disposed++;
    else if (m.status === 'redacted') redacted++;
    else {
      const { hash: _h, leafIndex: _l, storedAt: _s, ...record } = r;
      if (sha256Hex(canonicalJson(record)) !== m.hash) bad('its content does not match its hash');
    }
  }
  for (const [name, want] of Object.entries(manifest.files)) {
    const d = files.get(name);
    if (!d) problems.push(`file ${name} is missing from the package`);
    else if (bytesSha256(d) !== want) problems.push(`file ${name} has been changed: its SHA-256 does not match the manifest`);
  }
  for (const name of files.keys()) {
    if (name !== 'manifest.json' && !(name in manifest.files)) problems.push(`file ${name} is not listed in the manifest`);
  }
  return { ok: problems.length === 0, records: manifest.records.length, redacted, disposed, problems, manifest };
}
