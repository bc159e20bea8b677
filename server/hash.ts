/** SHA-256 helpers (node:crypto) for record content hashes; see shared/journal/record.ts. */
import { hash } from 'node:crypto';
import { recordHash, type JournalRecord } from '../shared/journal/record';

/** Lower-case hex SHA-256 of UTF-8 text. */
export function sha256Hex(utf8Text: string): string {
  // One-shot crypto.hash (no Hash object per call): the ingest path hashes every record.
  return hash('sha256', utf8Text, 'hex');
}

/** The record's content hash: SHA-256 of its canonical JSON. */
export function contentHash(record: JournalRecord): string {
  return recordHash(record, sha256Hex);
}
