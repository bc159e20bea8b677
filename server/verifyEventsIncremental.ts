/**
 * The client-events tree (server/audit/) checked from a verification checkpoint, like the records tree
 * (verifyIncremental.ts): the events part of the checkpoint is bound to a signed events head (frontier →
 * that head's signed root; its signature), the events heads it saw must be unchanged, and only events
 * appended since are re-hashed (checkEvent from server/audit/verifyEvents.ts), folding onto its frontier
 * so every later events head is recomputed. Without a checkpoint it walks from event 0 (the full check).
 * Events are never disposed of, so there is no other sanctioned change to an old row.
 */
import type { KeyObject } from 'node:crypto';
import type { EventLog } from './audit/eventLog';
import { verifyEventHead } from './audit/eventHeads';
import { closingEventChecks, eventHeadsChecker, walkEvents, type EventsVerifyReport } from './audit/verifyEvents';
import { MerkleFrontier } from './merkle';
import { headsDigest, type Problem } from './verify';
import type { VerifyCheckpoint } from './verifyCheckpoint';

export type EventsCheckpoint = NonNullable<VerifyCheckpoint['events']>;

export interface EventsWalkReport extends EventsVerifyReport {
  fromLeaf: number;
  checked: number;
  /** The events tree at the latest signed events head: what the next checkpoint binds to. */
  next: EventsCheckpoint | undefined;
}

export async function verifyEventsFrom(log: EventLog, cp: EventsCheckpoint | undefined, options: { pinnedKey?: KeyObject; chunkSize?: number } = {}): Promise<EventsWalkReport> {
  const chunk = options.chunkSize ?? 5000;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const [extent, heads, keys, state] = await Promise.all([log.extent(), log.heads(), log.store.signingKeys(), log.treeState()]);
  const start = cp?.treeSize ?? 0;
  let frontier = new MerkleFrontier();
  if (cp) {
    const damaged = (why: string) => problems.push({ kind: 'tree', message: `the verification checkpoint's events tree (size ${cp.treeSize}) ${why}; run verify --full` });
    try {
      frontier = MerkleFrontier.fromHex(cp.treeSize, cp.frontier);
    } catch {
      damaged('has a frontier that does not fit its size');
    }
    const pem = keys.get(cp.head.keyId);
    if (frontier.size !== cp.treeSize || frontier.root().toString('hex') !== cp.head.rootHash || cp.head.treeSize !== cp.treeSize) damaged('does not reproduce the root of its signed events head');
    else if (!pem || !verifyEventHead(cp.head, pem)) damaged('is bound to an events head whose signature does not verify');
    if (heads.length < cp.headsCount) problems.push({ kind: 'tree', message: `signed events heads have been removed: the store lists ${heads.length}, the verification checkpoint saw ${cp.headsCount}` });
    else if (headsDigest(heads.slice(0, cp.headsCount)) !== cp.headsDigest) problems.push({ kind: 'tree', message: `the ${cp.headsCount} signed events heads seen by the verification checkpoint have been changed` });
    for (const h of heads.slice(cp.headsCount)) {
      if (h.treeSize < cp.treeSize) problems.push({ kind: 'tree', message: `events head of ${h.timestamp} (size ${h.treeSize}) was added after the verification checkpoint of size ${cp.treeSize}; run verify --full to check it` });
    }
    if (state.size < cp.treeSize) problems.push({ kind: 'missing', leafIndex: state.size, message: `the events tree state says ${state.size} events, fewer than the verification checkpoint's ${cp.treeSize}` });
    if (problems.length > 0) return { events: extent, headsChecked: heads.length, problems, warnings, fromLeaf: start, checked: 0, next: undefined };
  }

  const bindSize = Math.max(-1, ...heads.filter((h) => h.treeSize <= extent).map((h) => h.treeSize));
  const bindHead = heads.findLast((h) => h.treeSize === bindSize);
  const seen = { headsCount: heads.length, headsDigest: headsDigest(heads) };
  let next: EventsCheckpoint | undefined = bindHead && bindSize === start ? { treeSize: start, frontier: frontier.toHex(), head: bindHead, ...seen } : undefined;
  const checkHeads = eventHeadsChecker(heads, keys, state, frontier, problems);
  const checkHeadsAt = (size: number) => {
    checkHeads(size);
    if (bindHead && size === bindSize && size > start) next = { treeSize: size, frontier: frontier.toHex(), head: bindHead, ...seen };
  };

  await walkEvents(log, start, extent, chunk, frontier, problems, checkHeadsAt);
  await closingEventChecks(log, heads, extent, options.pinnedKey, problems, warnings);
  return { events: extent, headsChecked: heads.length, problems, warnings, fromLeaf: start, checked: Math.max(0, extent - start), next };
}
