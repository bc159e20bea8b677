/**
 * `retention verify`: recompute everything the store claims, leaf by leaf, from the retained record
 * text, and compare it with three independent witnesses:
 *   1. the record's own content hash (SHA-256 of the canonical record JSON it stores);
 *   2. the leaves table, a second append-only copy of (leaf index, record id, hash, stored at, leaf hash);
 *   3. every signed tree head: the RFC 6962 root recomputed at that size, and its Ed25519 signature.
 * A changed row breaks 1 or 2; a deleted row leaves a hole that 2 names; a row deleted from both tables
 * (or a cut-off tail) breaks 3. Problems are reported in leaf order, so the first names the first bad
 * record. Immutability guards (triggers, privileges) that have been removed are reported after them.
 */
import type { KeyObject } from 'node:crypto';
import type { JournalRecord } from '../shared/journal/record';
import { sha256Hex } from './hash';
import { MerkleFrontier, recordLeafHash } from './merkle';
import { keyIdOf, verifyTreeHead, type SignedTreeHead } from './signing';
import type { DisposedLeaf } from './records/store';
import type { LeafRow, RecordRow, Store } from './store/types';
import { canonicalJson } from '../shared/journal/record';

export type ProblemKind = 'missing' | 'altered' | 'tree' | 'signature' | 'guard';

export interface Problem {
  kind: ProblemKind;
  leafIndex?: number;
  recordId?: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  leaves: number;
  headsChecked: number;
  latestHead: SignedTreeHead | undefined;
  problems: Problem[];
  /** True when more problems existed than were collected. */
  truncated: boolean;
  warnings: string[];
  /** Leaves whose content an approved disposition removed (their hashes and leaves are kept). */
  disposed: { dispositionId: string; count: number; firstLeaf: number; lastLeaf: number }[];
}

export interface VerifyOptions {
  /** The signing key this store must be signed with (its latest head); from the key file when known. */
  pinnedKey?: KeyObject;
  chunkSize?: number;
  maxProblems?: number;
  /** Called while leaves are re-hashed, at most every progressEveryMs (default 5000), and once at the end. */
  onProgress?: (p: VerifyProgress) => void;
  progressEveryMs?: number;
}

export interface VerifyProgress {
  /** Leaves re-hashed so far in this run. */
  checked: number;
  /** Leaves this run re-hashes in all. */
  total: number;
  elapsedMs: number;
}

/** Where a walk starts: leaf `size`, with the Merkle frontier of the first `size` leaves. */
export interface WalkStart {
  size: number;
  frontier: MerkleFrontier;
}

/** What a run recomputed at the latest signed head: what the next verification checkpoint binds to. */
export interface HeadFrontier {
  head: SignedTreeHead;
  frontier: string[];
  /** The signed heads this run checked (all of them, in store order) and their digest. */
  headsCount: number;
  headsDigest: string;
}

export interface WalkReport extends VerifyReport {
  /** First leaf re-hashed (0 for a full verify). */
  fromLeaf: number;
  /** Leaves re-hashed in this run. */
  checked: number;
  elapsedMs: number;
  headFrontier: HeadFrontier | undefined;
}

export async function verifyStore(store: Store, options: VerifyOptions = {}): Promise<WalkReport> {
  return verifyFrom(store, { size: 0, frontier: new MerkleFrontier() }, options);
}

/**
 * Re-hash leaves [start.size, extent) onto the start frontier, checking every signed head of size at
 * least start.size (heads below it are the caller's: see verifyIncremental.ts).
 */
export async function verifyFrom(store: Store, start: WalkStart, options: VerifyOptions = {}): Promise<WalkReport> {
  const began = Date.now();
  const chunk = options.chunkSize ?? 5000;
  const maxProblems = options.maxProblems ?? 100;
  const progressEvery = options.progressEveryMs ?? 5000;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  let truncated = false;
  const report = (p: Problem) => {
    if (problems.length < maxProblems) problems.push(p);
    else truncated = true;
  };

  const [extent, heads, keys, state] = await Promise.all([store.leafExtent(), store.treeHeads(), store.signingKeys(), store.treeState()]);
  const headsBySize = new Map<number, SignedTreeHead[]>();
  for (const h of heads) headsBySize.set(h.treeSize, [...(headsBySize.get(h.treeSize) ?? []), h]);
  const seen = { headsCount: heads.length, headsDigest: headsDigest(heads) };
  const bindSize = Math.max(-1, ...heads.filter((h) => h.treeSize <= extent).map((h) => h.treeSize));
  const bindHead = heads.findLast((h) => h.treeSize === bindSize);
  let headFrontier: HeadFrontier | undefined = bindHead && bindSize === start.size ? { head: bindHead, frontier: start.frontier.toHex(), ...seen } : undefined;

  const disposed = new Map<string, VerifyReport['disposed'][number]>();
  const noteDisposed = (dispositionId: string, k: number) => {
    const e = disposed.get(dispositionId) ?? { dispositionId, count: 0, firstLeaf: k, lastLeaf: k };
    e.count += 1;
    e.lastLeaf = k;
    disposed.set(dispositionId, e);
  };

  const frontier = start.frontier;
  const checkHeadsAt = (size: number) => {
    const root = frontier.root().toString('hex');
    for (const h of headsBySize.get(size) ?? []) {
      if (h.rootHash !== root) {
        report({ kind: 'tree', message: `signed tree head of ${h.timestamp} (size ${size}) does not match the records: root ${h.rootHash}, recomputed ${root}` });
      }
      const pem = keys.get(h.keyId);
      if (!pem) report({ kind: 'signature', message: `tree head of ${h.timestamp} (size ${size}) is signed by an unknown key ${h.keyId}` });
      else if (!verifyTreeHead(h, pem)) report({ kind: 'signature', message: `tree head of ${h.timestamp} (size ${size}) has an invalid signature` });
    }
    if (size === state.size && MerkleFrontier.fromHex(state.size, state.frontier).root().toString('hex') !== root) {
      report({ kind: 'tree', message: `the stored tree state (size ${size}) does not match the records` });
    }
    if (bindHead && size === bindSize && size > start.size) headFrontier = { head: bindHead, frontier: frontier.toHex(), ...seen };
  };

  const total = Math.max(0, extent - start.size);
  let lastProgress = Date.now();
  checkHeadsAt(start.size);
  for (let from = start.size; from < extent; from += chunk) {
    const to = Math.min(extent, from + chunk);
    const [leafRows, recordRows, disposedRows] = await Promise.all([
      store.leafRange(from, to), store.recordRange(from, to), store.management.disposedRange(from, to),
    ]);
    const leaves = new Map(leafRows.map((l) => [l.leafIndex, l]));
    const records = new Map(recordRows.map((r) => [r.leafIndex, r]));
    const disposedAt = new Map(disposedRows.map((d) => [d.leafIndex, d]));
    for (let k = from; k < to; k++) {
      const d = disposedAt.get(k);
      const row = records.get(k);
      if (d && row && row.recordJson === '') {
        frontier.append(checkDisposedLeaf(k, leaves.get(k), row, d, report));
        if (d.listed && d.approved) noteDisposed(d.dispositionId, k);
        checkHeadsAt(k + 1);
        continue;
      }
      frontier.append(checkLeaf(k, leaves.get(k), row, state.size, report));
      checkHeadsAt(k + 1);
    }
    if (options.onProgress && Date.now() - lastProgress >= progressEvery && to < extent) {
      lastProgress = Date.now();
      options.onProgress({ checked: to - start.size, total, elapsedMs: lastProgress - began });
    }
  }
  options.onProgress?.({ checked: total, total, elapsedMs: Date.now() - began });

  // A head larger than the walked extent is a cut-off tail, unless the store grew while we walked
  // (a live server: heads are read after the extent); re-read the extent to tell them apart.
  const grown = heads.some((h) => h.treeSize > extent) ? await store.leafExtent() : extent;
  for (const h of heads) {
    if (h.treeSize > grown) {
      report({ kind: 'missing', leafIndex: grown, message: `tree head of ${h.timestamp} covers ${h.treeSize} records but the store holds ${grown}: records from leaf ${grown} on are missing` });
    }
  }
  if (state.size < extent) warnings.push(`tree state says ${state.size} leaves but rows exist up to leaf ${extent - 1}`);

  const latestHead = heads.at(-1);
  if (options.pinnedKey && latestHead && latestHead.keyId !== keyIdOf(options.pinnedKey)) {
    report({ kind: 'signature', message: `the latest tree head is signed by key ${latestHead.keyId}, not by the pinned signing key ${keyIdOf(options.pinnedKey)}` });
  }
  if (!options.pinnedKey) warnings.push('no signing key file given: tree-head signatures were checked against the keys recorded in the store only');
  if (heads.length === 0 && extent > 0) warnings.push('no signed tree head yet: only the record hashes and the leaves table were checked');
  if (latestHead && latestHead.treeSize < extent) warnings.push(`${extent - latestHead.treeSize} records are newer than the latest signed tree head`);

  for (const g of await store.missingGuards()) report({ kind: 'guard', message: `immutability guard missing: ${g}` });

  return {
    ok: problems.length === 0,
    leaves: extent,
    headsChecked: heads.length,
    latestHead,
    problems,
    truncated,
    warnings,
    disposed: [...disposed.values()],
    fromLeaf: start.size,
    checked: total,
    elapsedMs: Date.now() - began,
    headFrontier,
  };
}

/** Digest of a list of signed heads (a verification checkpoint keeps the one it checked). */
export function headsDigest(heads: readonly SignedTreeHead[]): string {
  return sha256Hex(canonicalJson(heads.map((h) => ({ ...h }))));
}

/**
 * A leaf whose content was removed: allowed only by an approved disposition that listed it. The hash
 * and stored-at in the records row must still agree with the leaves table, whose leaf hash is folded in.
 */
export function checkDisposedLeaf(k: number, leaf: LeafRow | undefined, r: RecordRow, d: DisposedLeaf, report: (p: Problem) => void): Buffer {
  const altered = (why: string) =>
    report({ kind: 'altered', leafIndex: k, recordId: r.recordId, message: `record ${r.recordId} (leaf ${k}) has been altered: ${why}` });
  if (!d.approved) altered(`its content was removed, but disposition ${d.dispositionId} was never approved`);
  else if (!d.listed) altered(`its content was removed, but disposition ${d.dispositionId} did not list it`);
  if (!leaf) {
    altered('its entry in the leaves table is missing');
    return recordLeafHash(r.recordId, r.hash, r.storedAt);
  }
  if (leaf.recordId !== r.recordId || leaf.hash !== r.hash || leaf.storedAt !== r.storedAt) {
    altered(`the leaves table records ${leaf.recordId} with hash ${leaf.hash} stored ${leaf.storedAt}`);
  } else if (leaf.leafHash !== recordLeafHash(leaf.recordId, leaf.hash, leaf.storedAt).toString('hex')) {
    altered('its leaf hash does not match');
  }
  return recordLeafHash(leaf.recordId, leaf.hash, leaf.storedAt);
}

/** Check one leaf position; returns the leaf hash to fold into the recomputed tree. */
export function checkLeaf(k: number, leaf: LeafRow | undefined, row: RecordRow | undefined, treeSize: number, report: (p: Problem) => void): Buffer {
  if (!leaf && !row) {
    report({ kind: 'missing', leafIndex: k, message: `leaf ${k} is missing from both the records and the leaves table (record id unknown)` });
    return Buffer.alloc(32);
  }
  if (leaf && !row) {
    report({ kind: 'missing', leafIndex: k, recordId: leaf.recordId, message: `record ${leaf.recordId} (leaf ${k}) is missing` });
    return recordLeafHash(leaf.recordId, leaf.hash, leaf.storedAt);
  }
  const r = row as RecordRow;
  const altered = (why: string) =>
    report({ kind: 'altered', leafIndex: k, recordId: r.recordId, message: `record ${r.recordId} (leaf ${k}) has been altered: ${why}` });
  const contentHash = sha256Hex(r.recordJson);
  if (contentHash !== r.hash) altered('its content does not match its hash');
  else if (!leaf) altered('its entry in the leaves table is missing');
  else if (leaf.recordId !== r.recordId || leaf.hash !== r.hash || leaf.storedAt !== r.storedAt) {
    altered(`the leaves table records ${leaf.recordId} with hash ${leaf.hash} stored ${leaf.storedAt}`);
  } else if (leaf.leafHash !== recordLeafHash(leaf.recordId, leaf.hash, leaf.storedAt).toString('hex')) {
    altered('its leaf hash does not match');
  } else {
    const why = columnMismatch(r);
    if (why) altered(why);
  }
  if (k >= treeSize) report({ kind: 'tree', leafIndex: k, recordId: r.recordId, message: `record ${r.recordId} (leaf ${k}) is outside the tree (size ${treeSize})` });
  return recordLeafHash(r.recordId, contentHash, r.storedAt);
}

/**
 * The indexed columns (what search uses) must say what the retained record says. Called only once the
 * text's hash is known good, so the text is exactly what was validated and hashed at ingest.
 */
function columnMismatch(r: RecordRow): string | undefined {
  let record: JournalRecord;
  try {
    record = JSON.parse(r.recordJson) as JournalRecord;
  } catch {
    return 'its retained text is not JSON';
  }
  if (record.recordId !== r.recordId) return 'its record id column differs from the retained record';
  const c = r.columns;
  const expected: Record<keyof RecordRow['columns'], string | number> = {
    deviceId: record.deviceId,
    seq: record.seq,
    conversation: record.conversation,
    direction: record.direction,
    sender: record.sender,
    kind: record.kind,
    body: record.body,
    sentAtMs: Date.parse(record.sentAt),
  };
  const bad = (Object.keys(expected) as (keyof RecordRow['columns'])[]).filter((key) => c[key] !== expected[key]);
  return bad.length ? `its indexed column(s) ${bad.join(', ')} differ from the retained record` : undefined;
}
