/**
 * Builds a disclosure export: records.json, one EML per conversation-day, transcript.html, the signed
 * tree head and its public key, and manifest.json with every record's hash and inclusion proof and the
 * SHA-256 of every other file; zipped into one .zip with fflate. Redactions change only the exported
 * copies (marked in the manifest and the transcript); the stored records are never touched.
 */
import { createHash, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { JournalRecordSchema, type JournalRecord } from '../../shared/journal/record';
import type { HeadSigner } from '../records/service';
import type { Store, StoredRow } from '../store/types';
import { TreeProver } from './proofs';
import { conversationDays, emlFileName, renderEml, renderTranscript } from './render';
import { EXPORT_FORMAT, type ExportRecord, type Manifest, type Redaction } from './types';

export interface ExportRequest {
  reason: string;
  createdBy: string;
  /** What was exported: the search query, or the hold (id and matter). */
  source: Record<string, unknown>;
  title: string;
  redactions?: Redaction[];
}

export interface ExportPackage {
  exportId: string;
  manifest: Manifest;
  files: Map<string, Uint8Array>;
  zip(): Uint8Array;
}

export async function buildExport(store: Store, heads: HeadSigner, rows: StoredRow[], req: ExportRequest, now = new Date()): Promise<ExportPackage> {
  const head = await heads.signNow(false);
  if (!head) throw new Error('no signed tree head: nothing has been stored yet');
  const inTree = rows.filter((r) => r.leafIndex < head.treeSize).sort((a, b) => a.sentAtMs - b.sentAtMs || a.leafIndex - b.leafIndex);
  const publicKeyPem = (await store.signingKeys()).get(head.keyId);
  if (!publicKeyPem) throw new Error(`the public key ${head.keyId} of the latest tree head is not recorded in the store`);

  const disposedBy = new Map<number, string>();
  const gone = inTree.filter((r) => r.recordJson === '');
  if (gone.length > 0) {
    const lo = Math.min(...gone.map((r) => r.leafIndex));
    const hi = Math.max(...gone.map((r) => r.leafIndex)) + 1;
    for (const d of await store.management.disposedRange(lo, hi)) disposedBy.set(d.leafIndex, d.dispositionId);
  }

  const redactions = new Map<string, Redaction[]>();
  for (const r of req.redactions ?? []) redactions.set(r.recordId, [...(redactions.get(r.recordId) ?? []), r]);

  const records: ExportRecord[] = inTree.map((row) => {
    const base = { recordId: row.recordId, leafIndex: row.leafIndex, storedAt: row.storedAt, hash: row.hash };
    if (row.recordJson === '') return { ...base, record: null, disposedBy: disposedBy.get(row.leafIndex) ?? 'unknown' };
    const record = JournalRecordSchema.parse(JSON.parse(row.recordJson));
    const red = redactions.get(row.recordId);
    if (!red) return { ...base, record };
    return { ...base, record: redact(record, red), redaction: { reason: red.map((x) => x.reason).join('; ') } };
  });

  const prover = await TreeProver.load(store, head.treeSize);
  if (prover.root().toString('hex') !== head.rootHash) throw new Error('the leaves do not match the signed tree head: run verify');
  const exportId = randomUUID();
  const files = new Map<string, Uint8Array>();
  const put = (name: string, text: string) => files.set(name, strToU8(text));

  put('records.json', `${JSON.stringify(records.map(exportedRecord), null, 2)}\n`);
  for (const g of conversationDays(records)) put(emlFileName(g.conversation, g.day), renderEml(exportId, g));
  put('transcript.html', renderTranscript({ title: req.title, createdAt: now.toISOString(), reason: req.reason, treeSize: head.treeSize, rootHash: head.rootHash }, records));
  put('public-key.pem', publicKeyPem);
  put('tree-head.json', `${JSON.stringify(head, null, 2)}\n`);

  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    exportId,
    createdAt: now.toISOString(),
    createdBy: req.createdBy,
    reason: req.reason,
    source: req.source,
    treeHead: head,
    records: records.map((r) => ({
      recordId: r.recordId,
      leafIndex: r.leafIndex,
      storedAt: r.storedAt,
      hash: r.hash,
      leafHash: prover.leafHash(r.leafIndex).toString('hex'),
      auditPath: prover.auditPath(r.leafIndex),
      status: r.record === null ? 'disposed' : r.redaction ? 'redacted' : 'complete',
      ...(r.redaction ? { redactionReason: r.redaction.reason } : {}),
      ...(r.disposedBy ? { disposedBy: r.disposedBy } : {}),
    })),
    files: Object.fromEntries([...files].map(([name, data]) => [name, bytesSha256(data)])),
  };
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const folder = `export-${exportId}`;
  return {
    exportId,
    manifest,
    files,
    zip: () => zipSync(Object.fromEntries([...files].map(([name, data]) => [`${folder}/${name}`, data])), { level: 6, mtime: now }),
  };
}

/** records.json entry: the record as stored (or redacted, or gone) with its place in the tree. */
function exportedRecord(r: ExportRecord): Record<string, unknown> {
  const place = { hash: r.hash, leafIndex: r.leafIndex, storedAt: r.storedAt };
  if (r.record === null) return { recordId: r.recordId, ...place, disposed: { disposition: r.disposedBy } };
  return { ...r.record, ...place, ...(r.redaction ? { redacted: { reason: r.redaction.reason } } : {}) };
}

function redact(record: JournalRecord, list: Redaction[]): JournalRecord {
  let body = record.body;
  for (const r of list) {
    const mark = `[REDACTED: ${r.reason}]`;
    body = r.text ? body.split(r.text).join(mark) : mark;
  }
  return { ...record, body };
}

export function bytesSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
