/**
 * Batch ingest: validate, then in one transaction holding the tree lock: classify every record as new,
 * duplicate (same id and hash: the original receipt) or conflict (same id, different hash), append the
 * new ones as Merkle leaves, raise alerts (hash conflicts, sequence gaps, sequence reuse), sign a tree
 * head if due, and log the batch.
 *
 * Conflicts do not block the rest of the batch: every non-conflicting record is stored and receipted,
 * and the response is 409 listing the conflicts, so the client can drop the stored ones from its spool
 * and quarantine the others. A batch that is malformed, oversized, internally contradictory or whose
 * hashes do not match its records is refused as a whole (400) and nothing is stored.
 */
import {
  type Conflict,
  type JournalBatchConflictResponse,
  type JournalBatchRequest,
  type JournalBatchResponse,
  type Receipt,
} from '../shared/journal/api';
import type { JournalRecord } from '../shared/journal/record';
import { recordJson } from '../shared/journal/recordCheck';
import { parseBatch } from './ingestValidate';
import { sha256Hex } from './hash';
import { bareJid } from '../shared/xmpp/jid';
import { MerkleFrontier, recordLeafHash } from './merkle';
import type { IngestTx, NewAlert, NewRecord, Store } from './store/types';
import { silentLogger, type Logger, type TreeHeads } from './treeHeads';

export type IngestOutcome =
  | { status: 200; body: JournalBatchResponse }
  | { status: 409; body: JournalBatchConflictResponse }
  | { status: 400; body: { error: string } }
  | { status: 403 | 429; body: DeviceRefusalBody };

export interface DeviceRefusalBody {
  error: string;
  reason: string;
  retryAfterSeconds?: number;
}

/**
 * Runs after the batch parsed and every hash matched, before the transaction: the signed-batch checks
 * (server/batchSignature.ts). A refusal stores nothing; an origin is recorded with every stored record.
 */
export type BatchGuard = (
  batch: JournalBatchRequest,
) => Promise<{ ok: true; origin: { deviceId: string; jid: string } } | { ok: false; status: 403 | 429; body: DeviceRefusalBody }>;

export interface Caller {
  tokenId: string;
  tokenName: string;
}

interface Entry {
  index: number;
  record: JournalRecord;
  hash: string;
  json: string;
  sentAtMs: number;
}

export class Ingestor {
  constructor(
    private readonly store: Store,
    private readonly treeHeads: TreeHeads,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest(body: unknown, caller: Caller, log: Logger = silentLogger, guard?: BatchGuard): Promise<IngestOutcome> {
    // A hand-checked fast path; the zod schema only when something is wrong, to name it (ingestValidate.ts).
    const parsed = parseBatch(body);
    if (!parsed.success) return { status: 400, body: { error: parsed.error } };
    const { batchId, records } = parsed.data;

    // Hashes must match; an id may repeat only with the same hash. Later repeats reuse the first's receipt.
    const entries: Entry[] = [];
    const firstById = new Map<string, Entry>();
    for (const [index, { record, hash }] of records.entries()) {
      const json = recordJson(record);
      if (sha256Hex(json) !== hash) {
        return { status: 400, body: { error: `records[${index}] (${record.recordId}): hash is not the SHA-256 of the record's canonical JSON` } };
      }
      const first = firstById.get(record.recordId);
      if (first && first.hash !== hash) {
        return { status: 400, body: { error: `records[${index}] (${record.recordId}): the batch holds this record id twice with different hashes` } };
      }
      const entry = { index, record, hash, json, sentAtMs: Date.parse(record.sentAt) };
      entries.push(entry);
      if (!first) firstById.set(record.recordId, entry);
    }
    const unique = [...firstById.values()];
    let origin: { deviceId: string; jid: string } | undefined;
    if (guard) {
      const verdict = await guard(parsed.data);
      if (!verdict.ok) return { status: verdict.status, body: verdict.body };
      origin = verdict.origin;
    }

    const storedAt = this.clock().toISOString();
    const result = await this.store.transaction(async (tx) => {
      let state = await tx.lockTree();
      const existing = await tx.findRecords(unique.map((e) => e.record.recordId));
      const receipts = new Map<string, Receipt>();
      const conflicts: Conflict[] = [];
      const alerts: NewAlert[] = [];
      const fresh: Entry[] = [];
      for (const e of unique) {
        const prior = existing.get(e.record.recordId);
        if (!prior) fresh.push(e);
        else if (prior.hash === e.hash) receipts.set(e.record.recordId, { ...prior, status: 'duplicate' });
        else {
          conflicts.push({ recordId: e.record.recordId, hash: e.hash, status: 'conflict' });
          alerts.push({
            type: 'hash-conflict',
            at: storedAt,
            deviceId: e.record.deviceId,
            recordId: e.record.recordId,
            detail: { storedHash: prior.hash, receivedHash: e.hash, batchId, token: caller.tokenName },
          });
        }
      }

      alerts.push(...(await sequenceAlerts(tx, fresh, storedAt, batchId)));

      const frontier = MerkleFrontier.fromHex(state.size, state.frontier);
      const rows: NewRecord[] = fresh.map((e) => {
        const leafIndex = frontier.size;
        const leaf = recordLeafHash(e.record.recordId, e.hash, storedAt);
        frontier.append(leaf);
        receipts.set(e.record.recordId, { recordId: e.record.recordId, hash: e.hash, status: 'stored', leafIndex, storedAt });
        return {
          recordId: e.record.recordId,
          hash: e.hash,
          leafIndex,
          storedAt,
          record: e.record,
          recordJson: e.json,
          leafHash: leaf.toString('hex'),
          sentAtMs: e.sentAtMs,
          participants: participantsOf(e.record),
          batchId,
          ingestedBy: caller.tokenId,
        };
      });
      if (rows.length > 0) {
        await tx.insertRecords(rows);
        if (origin) {
          const o = origin;
          await tx.insertOrigins(rows.map((r) => ({ leafIndex: r.leafIndex, recordId: r.recordId, deviceId: o.deviceId, jid: o.jid })));
        }
        state = { ...state, size: frontier.size, frontier: frontier.toHex() };
        state = await this.treeHeads.maybeSignInTx(tx, state);
        await tx.saveTree(state);
      }
      if (alerts.length > 0) await tx.insertAlerts(alerts);
      await tx.logBatch({
        batchId,
        receivedAt: storedAt,
        tokenId: caller.tokenId,
        stored: rows.length,
        duplicates: unique.length - rows.length - conflicts.length,
        conflicts: conflicts.length,
      });
      return { receipts, conflicts, alerts, stored: rows.length };
    });

    for (const a of result.alerts) {
      log.warn({ alert: a.type, deviceId: a.deviceId, recordId: a.recordId, ...a.detail }, `retention alert: ${a.type}`);
    }
    log.info(
      { batchId, token: caller.tokenName, records: entries.length, stored: result.stored, conflicts: result.conflicts.length },
      'journal batch ingested',
    );

    const receipts = entries
      .map((e) => {
        const r = result.receipts.get(e.record.recordId);
        // A repeat inside the batch is a duplicate of the copy this batch just stored.
        return r && firstById.get(e.record.recordId) !== e ? { ...r, status: 'duplicate' as const } : r;
      })
      .filter((r): r is Receipt => r !== undefined);
    if (result.conflicts.length > 0) {
      return {
        status: 409,
        body: { error: 'some record ids are already stored with a different hash', batchId, receipts, conflicts: result.conflicts },
      };
    }
    return { status: 200, body: { batchId, receipts } };
  }
}

/** Gaps (a device's seq jumps past max+1) and reuse (a seq already taken by another record id). */
async function sequenceAlerts(
  tx: Pick<IngestTx, 'maxSeqs' | 'recordsAtSeqs'>,
  fresh: Entry[],
  at: string,
  batchId: string,
): Promise<NewAlert[]> {
  if (fresh.length === 0) return [];
  const alerts: NewAlert[] = [];
  const byDevice = new Map<string, Entry[]>();
  for (const e of fresh) {
    const list = byDevice.get(e.record.deviceId);
    if (list) list.push(e);
    else byDevice.set(e.record.deviceId, [e]);
  }
  const maxSeqs = await tx.maxSeqs([...byDevice.keys()]);

  // A stored record can hold (device, seq) only if seq ≤ that device's highest stored seq: only those
  // pairs are looked up (none when a device's numbers just go on, the usual case).
  const taken = new Map<string, string>();
  const reused = fresh.filter((e) => e.record.seq <= (maxSeqs.get(e.record.deviceId) ?? -1));
  const stored = reused.length === 0 ? [] : await tx.recordsAtSeqs(reused.map((e) => ({ deviceId: e.record.deviceId, seq: e.record.seq })));
  for (const r of stored) taken.set(`${r.deviceId}\u0000${r.seq}`, r.recordId);
  for (const [deviceId, list] of byDevice) {
    let max = maxSeqs.get(deviceId) ?? 0;
    for (const e of [...list].sort((a, b) => a.record.seq - b.record.seq)) {
      const key = `${deviceId}\u0000${e.record.seq}`;
      const other = taken.get(key);
      if (other !== undefined && other !== e.record.recordId) {
        alerts.push({ type: 'sequence-reuse', at, deviceId, recordId: e.record.recordId, detail: { seq: e.record.seq, otherRecordId: other, batchId } });
      }
      taken.set(key, e.record.recordId);
      if (e.record.seq > max + 1) {
        alerts.push({ type: 'sequence-gap', at, deviceId, recordId: e.record.recordId, detail: { from: max + 1, to: e.record.seq - 1, batchId } });
      }
      max = Math.max(max, e.record.seq);
    }
  }
  return alerts;
}

/**
 * Lower-cased bare JIDs of sender, conversation and recipients (the participants index), except the
 * conversation's own key: records_conversation already answers for it, and SQLite's participant search
 * looks there too (sqliteSearch.ts). In a 1:1 chat the peer is the conversation, so a record writes one
 * participants row (its owner) instead of two, and not one scattered by peer. PostgreSQL writes the key
 * anyway (pgParticipantsOf in store/postgresSearch.ts says why).
 */
export function participantsOf(r: JournalRecord): string[] {
  const key = r.conversation.toLowerCase();
  return [...new Set([r.sender, r.conversation, ...r.recipients].map(bareJid).filter((j) => j.length > 0 && j !== key))];
}
