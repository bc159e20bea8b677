/**
 * The storage interface the retention server is written against. Two implementations: SQLite
 * (better-sqlite3, the default) and PostgreSQL (pg, for scale; several stateless servers may share one
 * database because ingest serialises on a row lock of the tree state).
 *
 * Records and tree leaves are append-only in both (triggers; on PostgreSQL also revoked privileges).
 */
import type { JournalRecord } from '../../shared/journal/record';
import type { Role } from '../../shared/journal/api';
import type { DeviceRegistry, RecordOrigin } from './deviceTypes';
import type { RecordsStore } from '../records/store';
import type { SignedTreeHead } from '../signing';

export interface TreeState {
  size: number;
  /** Hex roots of the perfect subtrees (see MerkleFrontier). */
  frontier: string[];
  /** Size of the tree at the last signed head (0 if none). */
  lastHeadSize: number;
}

export interface ExistingRecord {
  recordId: string;
  hash: string;
  leafIndex: number;
  storedAt: string;
}

export interface NewRecord extends ExistingRecord {
  record: JournalRecord;
  /** canonicalRecordJson(record): the exact text that was hashed; the authoritative copy. */
  recordJson: string;
  leafHash: string;
  sentAtMs: number;
  /** Lower-cased bare JIDs of sender, recipients and conversation (for `participant` search). */
  participants: string[];
  batchId: string;
  ingestedBy: string;
}

export type AlertType = 'hash-conflict' | 'sequence-gap' | 'sequence-reuse' | 'device-refused' | 'enrollment-refused' | 'body-mismatch';

export interface NewAlert {
  type: AlertType;
  at: string;
  deviceId: string | null;
  recordId: string | null;
  /** Facts only, never message bodies. */
  detail: Record<string, string | number>;
}

export interface Alert extends NewAlert {
  id: number;
}

export interface BatchLog {
  batchId: string;
  receivedAt: string;
  tokenId: string;
  stored: number;
  duplicates: number;
  conflicts: number;
}

/** Operations that run inside one ingest transaction, holding the tree lock. */
export interface IngestTx {
  lockTree(): Promise<TreeState>;
  findRecords(recordIds: string[]): Promise<Map<string, ExistingRecord>>;
  /** Highest stored seq per device (absent: no records yet). */
  maxSeqs(deviceIds: string[]): Promise<Map<string, number>>;
  /** Stored records that already use one of these (deviceId, seq) pairs. */
  recordsAtSeqs(pairs: { deviceId: string; seq: number }[]): Promise<{ deviceId: string; seq: number; recordId: string }[]>;
  insertRecords(rows: NewRecord[]): Promise<void>;
  saveTree(state: TreeState): Promise<void>;
  insertTreeHead(head: SignedTreeHead): Promise<void>;
  insertAlerts(alerts: NewAlert[]): Promise<void>;
  logBatch(batch: BatchLog): Promise<void>;
  /** The verified device and JID of records a signed batch stored (issue 12). */
  insertOrigins(origins: RecordOrigin[]): Promise<void>;
}

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface RecordQuery {
  /** Lower-cased bare JID. */
  participant?: string;
  /** Lower-cased bare JID. */
  conversation?: string;
  /** Words that must all appear in the body (case-insensitive, whole words). */
  terms?: string[];
  fromMs?: number;
  toMs?: number;
  /** Keyset cursor: records strictly after (sentAtMs, leafIndex). */
  after?: { sentAtMs: number; leafIndex: number };
  limit: number;
  /** Also return records whose content a disposition destroyed (recordJson ''); default false. */
  includeDisposed?: boolean;
}

export interface StoredRow extends ExistingRecord {
  recordJson: string;
  sentAtMs: number;
}

export interface AuditEntry {
  at: string;
  tokenId: string | null;
  tokenName: string | null;
  role: string | null;
  action: string;
  /** The query or target, as given (JSON). */
  query: Record<string, unknown>;
  resultCount: number;
  outcome: 'ok' | 'denied' | 'error';
  remote: string | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

export interface DeviceSummary {
  deviceId: string;
  records: number;
  maxSeq: number;
  /** Sequence numbers in 1..maxSeq with no record. */
  missing: number;
  firstStoredAt: string;
  lastStoredAt: string;
}

export interface SeqGap {
  from: number;
  to: number;
}

/** One leaf as the leaves table has it (the second, independent copy used by verify). */
export interface LeafRow {
  leafIndex: number;
  recordId: string;
  hash: string;
  storedAt: string;
  leafHash: string;
}

/** One record row as the records table has it, with the columns verify cross-checks. */
export interface RecordRow {
  leafIndex: number;
  recordId: string;
  hash: string;
  storedAt: string;
  recordJson: string;
  columns: {
    deviceId: string;
    seq: number;
    conversation: string;
    direction: string;
    sender: string;
    kind: string;
    body: string;
    sentAtMs: number;
  };
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the store is, without credentials. */
  readonly location: string;
  /** Records management: series and rules, holds, dispositions (server/records/). */
  readonly management: RecordsStore;
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Run fn in one transaction; the tree lock is taken by tx.lockTree(). Errors roll back. */
  transaction<T>(fn: (tx: IngestTx) => Promise<T>): Promise<T>;

  createToken(row: TokenRow): Promise<void>;
  findToken(tokenHash: string): Promise<TokenRow | undefined>;
  listTokens(): Promise<TokenRow[]>;
  revokeToken(id: string, at: string): Promise<boolean>;

  searchRecords(query: RecordQuery): Promise<StoredRow[]>;
  getRecord(recordId: string): Promise<StoredRow | undefined>;

  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: { fromMs?: number; toMs?: number; afterId?: number; limit: number }): Promise<AuditRow[]>;
  listAlerts(query: { afterId?: number; limit: number }): Promise<Alert[]>;

  devices(): Promise<DeviceSummary[]>;
  gaps(deviceId: string): Promise<SeqGap[]>;

  treeState(): Promise<TreeState>;
  treeHeads(): Promise<SignedTreeHead[]>;
  latestTreeHead(): Promise<SignedTreeHead | undefined>;
  /** Record a signing key's public half (idempotent). */
  registerSigningKey(keyId: string, publicKeyPem: string, at: string): Promise<void>;
  signingKeys(): Promise<Map<string, string>>;

  /** For verify: leaves and records with leafIndex in [from, to), ordered by leaf index. */
  leafRange(from: number, to: number): Promise<LeafRow[]>;
  recordRange(from: number, to: number): Promise<RecordRow[]>;
  /** Highest leaf index present in either table, plus one (0 if empty). */
  leafExtent(): Promise<number>;
  /** Names of the missing immutability guards (triggers, revoked privileges). */
  missingGuards(): Promise<string[]>;

  /** Enrolled devices, enrollments, record origins and refusal counters (deviceTypes.ts). */
  deviceRegistry(): DeviceRegistry;
}
