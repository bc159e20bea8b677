/** SHA-256 helpers (node:crypto) for record content hashes; see shared/journal/record.ts. */
import { createHash } from 'node:crypto';
import { recordHash, type JournalRecord } from '../shared/journal/record';

/** Lower-case hex SHA-256 of UTF-8 text. */
export function sha256Hex(utf8Text: string): string {
  return createHash('sha256').update(utf8Text, 'utf8').digest('hex');
}

/** The record's content hash: SHA-256 of its canonical JSON. */
export function contentHash(record: JournalRecord): string {
  return recordHash(record, sha256Hex);
}
