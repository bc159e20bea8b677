/** Row → domain mappers shared by the SQLite and PostgreSQL stores (both use the same column names). */
import type { Role } from '../../shared/journal/api';
import type { SignedTreeHead } from '../signing';
import type { Row } from './row';
import type { Alert, AuditRow, DeviceSummary, ExistingRecord, LeafRow, RecordRow, StoredRow, TokenRow } from './types';

export type { Row };

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function existingRow(r: Row): ExistingRecord {
  return { recordId: String(r.record_id), hash: String(r.hash), leafIndex: Number(r.leaf_index), storedAt: String(r.stored_at) };
}

export function storedRow(r: Row): StoredRow {
  return { ...existingRow(r), recordJson: String(r.record_json), sentAtMs: Number(r.sent_at_ms) };
}

export function tokenRow(r: Row): TokenRow {
  return {
    id: String(r.id),
    name: String(r.name),
    role: String(r.role) as Role,
    tokenHash: String(r.token_hash),
    createdAt: String(r.created_at),
    revokedAt: str(r.revoked_at),
  };
}

export function auditRow(r: Row): AuditRow {
  return {
    id: Number(r.id),
    at: String(r.at),
    tokenId: str(r.token_id),
    tokenName: str(r.token_name),
    role: str(r.role),
    action: String(r.action),
    query: json(r.query) as Record<string, unknown>,
    resultCount: Number(r.result_count),
    outcome: String(r.outcome) as AuditRow['outcome'],
    remote: str(r.remote),
  };
}

export function alertRow(r: Row): Alert {
  return {
    id: Number(r.id),
    type: String(r.type) as Alert['type'],
    at: String(r.at),
    deviceId: str(r.device_id),
    recordId: str(r.record_id),
    detail: json(r.detail) as Alert['detail'],
  };
}

export function deviceRow(r: Row): DeviceSummary {
  const maxSeq = Number(r.max_seq);
  return {
    deviceId: String(r.device_id),
    records: Number(r.n),
    maxSeq,
    missing: Math.max(0, maxSeq - Number(r.distinct_seqs)),
    firstStoredAt: String(r.first_at),
    lastStoredAt: String(r.last_at),
  };
}

export function headRow(r: Row): SignedTreeHead {
  return {
    treeSize: Number(r.tree_size),
    rootHash: String(r.root_hash),
    timestamp: String(r.timestamp),
    keyId: String(r.key_id),
    signature: String(r.signature),
  };
}

export function recordRow(r: Row): RecordRow {
  return {
    leafIndex: Number(r.leaf_index),
    recordId: String(r.record_id),
    hash: String(r.hash),
    storedAt: String(r.stored_at),
    recordJson: String(r.record_json),
    columns: {
      deviceId: String(r.device_id),
      seq: Number(r.seq),
      conversation: String(r.conversation),
      direction: String(r.direction),
      sender: String(r.sender),
      kind: String(r.kind),
      body: String(r.body),
      sentAtMs: Number(r.sent_at_ms),
    },
  };
}

export function leafRow(r: Row): LeafRow {
  return {
    leafIndex: Number(r.leaf_index),
    recordId: String(r.record_id),
    hash: String(r.hash),
    storedAt: String(r.stored_at),
    leafHash: String(r.leaf_hash),
  };
}

function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}
