/** The disclosure export package format (see server/README.md, "Disclosure exports"). */
import type { JournalRecord } from '../../shared/journal/record';
import type { SignedTreeHead } from '../signing';

export const EXPORT_FORMAT = 'approved-im-export-v1';

export interface Redaction {
  recordId: string;
  /** Text to blank out; absent = the whole body. */
  text?: string;
  reason: string;
}

/** One record as exported: with its (possibly redacted) content, or none when disposed of. */
export interface ExportRecord {
  recordId: string;
  leafIndex: number;
  storedAt: string;
  hash: string;
  record: JournalRecord | null;
  redaction?: { reason: string };
  disposedBy?: string;
}

export interface ManifestRecord {
  recordId: string;
  leafIndex: number;
  storedAt: string;
  /** SHA-256 of the record's canonical JSON (as stored, before any redaction). */
  hash: string;
  leafHash: string;
  auditPath: string[];
  status: 'complete' | 'redacted' | 'disposed';
  redactionReason?: string;
  disposedBy?: string;
}

export interface Manifest {
  format: typeof EXPORT_FORMAT;
  exportId: string;
  createdAt: string;
  createdBy: string;
  reason: string;
  source: Record<string, unknown>;
  treeHead: SignedTreeHead;
  records: ManifestRecord[];
  /** SHA-256 of every other file in the package (records.json, transcript.html, eml/…, public-key.pem). */
  files: Record<string, string>;
}
