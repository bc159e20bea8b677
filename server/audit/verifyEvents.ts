/**
 * `verify` for the client-events tree: each event's hash from its stored text, its leaf hash, its
 * indexed columns against the text, the RFC 6962 root at every signed events head and each head's
 * signature, and the append-only triggers. Problems name the event id (or the leaf when the row is gone).
 */
import type { KeyObject } from 'node:crypto';
import { sha256Hex } from '../hash';
import { MerkleFrontier } from '../merkle';
import { keyIdOf, type SignedTreeHead } from '../signing';
import type { Problem } from '../verify';
import type { StoredEventBody } from './eventInput';
import { eventLeafHash, type EventLog, type EventRow, type EventTreeState } from './eventLog';
import { verifyEventHead } from './eventHeads';
import { eventGuards } from './schema';

export interface EventsVerifyReport {
  events: number;
  headsChecked: number;
  problems: Problem[];
  warnings: string[];
}

export async function verifyEvents(log: EventLog, options: { pinnedKey?: KeyObject; chunkSize?: number } = {}): Promise<EventsVerifyReport> {
  const chunk = options.chunkSize ?? 5000;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const [extent, heads, keys, state] = await Promise.all([log.extent(), log.heads(), log.store.signingKeys(), log.treeState()]);
  const frontier = new MerkleFrontier();
  const checkHeadsAt = eventHeadsChecker(heads, keys, state, frontier, problems);

  await walkEvents(log, 0, extent, chunk, frontier, problems, checkHeadsAt);
  await closingEventChecks(log, heads, extent, options.pinnedKey, problems, warnings);
  return { events: extent, headsChecked: heads.length, problems, warnings };
}

/**
 * Re-hash the client events [from, extent) chunk by chunk, appending each leaf to `frontier` and calling
 * `atSize` at `from` and after every leaf (to check the signed heads of that size). Shared by the full
 * and the incremental check.
 */
/**
 * The check run at each tree size while walking the events: every signed head of that size must match the
 * recomputed root and carry a valid signature by a known key, and the stored tree state must match at its size.
 */
export function eventHeadsChecker(
  heads: SignedTreeHead[],
  keys: Map<string, string>,
  state: EventTreeState,
  frontier: MerkleFrontier,
  problems: Problem[],
): (size: number) => void {
  const bySize = new Map<number, SignedTreeHead[]>();
  for (const h of heads) bySize.set(h.treeSize, [...(bySize.get(h.treeSize) ?? []), h]);
  return (size) => {
    const root = frontier.root().toString('hex');
    for (const h of bySize.get(size) ?? []) {
      if (h.rootHash !== root) problems.push({ kind: 'tree', message: `signed events head of ${h.timestamp} (size ${size}) does not match the client events: root ${h.rootHash}, recomputed ${root}` });
      const pem = keys.get(h.keyId);
      if (!pem) problems.push({ kind: 'signature', message: `events head of ${h.timestamp} (size ${size}) is signed by an unknown key ${h.keyId}` });
      else if (!verifyEventHead(h, pem)) problems.push({ kind: 'signature', message: `events head of ${h.timestamp} (size ${size}) has an invalid signature` });
    }
    if (size === state.size && MerkleFrontier.fromHex(state.size, state.frontier).root().toString('hex') !== root) {
      problems.push({ kind: 'tree', message: `the stored events tree state (size ${size}) does not match the client events` });
    }
  };
}

export async function walkEvents(log: EventLog, from: number, extent: number, chunk: number, frontier: MerkleFrontier, problems: Problem[], atSize: (size: number) => void): Promise<void> {
  atSize(from);
  for (let start = from; start < extent; start += chunk) {
    const to = Math.min(extent, start + chunk);
    const rows = new Map((await log.range(start, to)).map((r) => [r.leafIndex, r]));
    for (let k = start; k < to; k++) {
      frontier.append(checkEvent(k, rows.get(k), problems));
      atSize(k + 1);
    }
  }
}

/** After the walk: heads past the stored events, the latest head's key, unsigned events, and the append-only guards. */
export async function closingEventChecks(log: EventLog, heads: SignedTreeHead[], extent: number, pinnedKey: KeyObject | undefined, problems: Problem[], warnings: string[]): Promise<void> {
  for (const h of heads) {
    if (h.treeSize > extent) problems.push({ kind: 'missing', leafIndex: extent, message: `events head of ${h.timestamp} covers ${h.treeSize} client events but the store holds ${extent}` });
  }
  const latest = heads.at(-1);
  if (pinnedKey && latest && latest.keyId !== keyIdOf(pinnedKey)) {
    problems.push({ kind: 'signature', message: `the latest events head is signed by key ${latest.keyId}, not by the pinned signing key` });
  }
  if (latest && latest.treeSize < extent) warnings.push(`${extent - latest.treeSize} client events are newer than the latest signed events head`);
  if (!latest && extent > 0) warnings.push('no signed events head yet: only the client event hashes were checked');
  const present = await log.existingGuards();
  for (const g of eventGuards(log.sql.kind)) {
    if (!present.has(g)) problems.push({ kind: 'guard', message: `immutability guard missing: trigger ${g} (client events)` });
  }
}

export function checkEvent(k: number, row: EventRow | undefined, problems: Problem[]): Buffer {
  if (!row) {
    problems.push({ kind: 'missing', leafIndex: k, message: `client event at leaf ${k} of the events tree is missing` });
    return Buffer.alloc(32);
  }
  const altered = (why: string) =>
    problems.push({ kind: 'altered', leafIndex: k, recordId: row.eventId, message: `client event ${row.eventId} (events leaf ${k}) has been altered: ${why}` });
  const contentHash = sha256Hex(row.eventJson);
  const leaf = eventLeafHash(row.eventId, contentHash, row.storedAt);
  if (contentHash !== row.hash) altered('its content does not match its hash');
  else if (row.leafHash !== leaf.toString('hex')) altered('its leaf hash does not match');
  else {
    let body: StoredEventBody | undefined;
    try {
      body = JSON.parse(row.eventJson) as StoredEventBody;
    } catch {
      altered('its stored text is not JSON');
    }
    if (body) {
      const c = row.columns;
      if (body.eventId !== row.eventId || body.deviceId !== c.deviceId || body.jid !== c.jid || body.type !== c.type || Date.parse(body.at) !== c.atMs) {
        altered('its indexed columns differ from the stored event');
      }
    }
  }
  return leaf;
}
