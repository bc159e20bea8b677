/**
 * `retention verify [--full] [--json] [--progress-every SECONDS]`: which check runs, what it prints, and
 * the verification checkpoint it leaves behind (issue 18 item 5).
 *
 *   - no checkpoint in the store: the full check (every leaf re-hashed); no checkpoint is saved, so a
 *     store nobody opted in keeps being fully checked by plain `verify`;
 *   - `--full`: the full check, and on success a checkpoint at the latest signed head;
 *   - a checkpoint exists (and no `--full`): the incremental check (verifyIncremental.ts), and on success
 *     the checkpoint moves to the latest signed head.
 *
 * Progress goes to stderr (every --progress-every seconds, default 5), the rate at the end too; stdout is
 * the result: text, or one JSON object with --json.
 */
import type { KeyObject } from 'node:crypto';
import { EventLog } from './audit/eventLog';
import type { Store } from './store/types';
import { verifyStore, type Problem, type VerifyProgress, type WalkReport } from './verify';
import { checkCheckpointSignature, disposedDispositionIds, latestCheckpoint, saveCheckpoint, signCheckpoint, type UnsignedCheckpoint, type VerifyCheckpoint } from './verifyCheckpoint';
import { verifyIncremental } from './verifyIncremental';
import { verifyEventsFrom, type EventsWalkReport } from './verifyEventsIncremental';

export interface VerifyCommandOptions {
  pinnedKey?: KeyObject;
  /** The tree-head signing key, when verify can read it: it signs the checkpoint a passing run saves. */
  privateKey?: KeyObject;
  full: boolean;
  json: boolean;
  progressEveryMs: number;
  /** Leaves read per query (default 5000). */
  chunkSize?: number;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export interface VerifyCommandResult {
  ok: boolean;
  mode: 'full' | 'incremental';
  leaves: number;
  /** Leaves re-hashed in this run, and from which leaf. */
  checked: number;
  fromLeaf: number;
  headsChecked: number;
  latestHead: WalkReport['latestHead'];
  disposed: WalkReport['disposed'];
  /** Disposed leaves below the checkpoint checked because their disposition is new (incremental only). */
  disposalsChecked: number;
  events: { events: number; headsChecked: number; checked: number; fromLeaf: number };
  problems: WalkReport['problems'];
  truncated: boolean;
  warnings: string[];
  elapsedMs: number;
  recordsPerSecond: number;
  checkpoint: { usedId: number | null; usedTreeSize: number | null; usedCreatedAt: string | null; savedId: number | null; savedTreeSize: number | null };
}

export async function verifyCommand(store: Store, o: VerifyCommandOptions): Promise<{ code: number; result: VerifyCommandResult }> {
  const out = o.out ?? ((t: string) => void process.stdout.write(t));
  const err = o.err ?? ((t: string) => void process.stderr.write(t));
  const warnings: string[] = [];
  const problemsBefore: Problem[] = [];
  let cp: VerifyCheckpoint | undefined;
  if (!o.full) {
    try {
      cp = await latestCheckpoint(store);
    } catch (e) {
      warnings.push(`${e instanceof Error ? e.message : String(e)}: running the full check instead`);
    }
  }
  const untrusted = cp ? checkpointTrust(cp, o.pinnedKey) : undefined;
  if (untrusted) {
    if (untrusted.kind === 'problem') problemsBefore.push({ kind: 'signature', message: untrusted.message });
    else warnings.push(untrusted.message);
    cp = undefined;
  }
  const onProgress = (p: VerifyProgress) => {
    if (p.checked >= p.total) return;
    const pct = p.total ? Math.floor((100 * p.checked) / p.total) : 100;
    err(`verify: ${p.checked} of ${p.total} records re-hashed (${pct}%), ${rate(p.checked, p.elapsedMs)} records/s\n`);
  };
  const dispositions = await disposedDispositionIds(store);
  const options = { pinnedKey: o.pinnedKey, onProgress, progressEveryMs: o.progressEveryMs, chunkSize: o.chunkSize };
  const report = cp ? await verifyIncremental(store, cp, options) : { ...(await verifyStore(store, options)), disposalsChecked: 0 };
  const events = await checkEvents(store, o.pinnedKey, cp?.events);
  const problems = [...problemsBefore, ...report.problems, ...events.problems];
  warnings.push(...report.warnings, ...events.warnings);
  const ok = problems.length === 0;
  err(`verify: ${cp ? 'incremental' : 'full'} check re-hashed ${report.checked} records in ${(report.elapsedMs / 1000).toFixed(1)} s (${rate(report.checked, report.elapsedMs)} records/s)\n`);

  let saved: { id: number; treeSize: number } | undefined;
  if (ok && report.headFrontier && (o.full || cp) && !o.privateKey) {
    warnings.push('no verification checkpoint saved: it is signed with the tree-head signing key, and verify could not read it (give --signing-key FILE)');
  } else if (ok && report.headFrontier && (o.full || cp) && o.privateKey) {
    const hf = report.headFrontier;
    const unsigned: UnsignedCheckpoint = {
      createdAt: new Date().toISOString(), mode: cp ? 'incremental' : 'full', treeSize: hf.head.treeSize, rootHash: hf.head.rootHash,
      frontier: hf.frontier, head: hf.head, headsCount: hf.headsCount, headsDigest: hf.headsDigest,
      dispositions: [...new Set([...(cp?.dispositions ?? []), ...dispositions])].sort(),
      ...(events.next ? { events: events.next } : {}),
    };
    const next = signCheckpoint(unsigned, o.privateKey);
    try {
      saved = { id: await saveCheckpoint(store, next), treeSize: next.treeSize };
    } catch (e) {
      warnings.push(`could not save the verification checkpoint (${e instanceof Error ? e.message : String(e)}): the next verify starts from the previous one`);
    }
  }
  if (ok && o.full && !report.headFrontier) warnings.push('no signed tree head yet: no verification checkpoint saved');

  const result: VerifyCommandResult = {
    ok, mode: cp ? 'incremental' : 'full', leaves: report.leaves, checked: report.checked, fromLeaf: report.fromLeaf,
    headsChecked: report.headsChecked, latestHead: report.latestHead, disposed: report.disposed, disposalsChecked: report.disposalsChecked,
    events: { events: events.events, headsChecked: events.headsChecked, checked: events.checked, fromLeaf: events.fromLeaf }, problems, truncated: report.truncated, warnings,
    elapsedMs: report.elapsedMs, recordsPerSecond: rate(report.checked, report.elapsedMs),
    checkpoint: { usedId: cp?.id ?? null, usedTreeSize: cp?.treeSize ?? null, usedCreatedAt: cp?.createdAt ?? null, savedId: saved?.id ?? null, savedTreeSize: saved?.treeSize ?? null },
  };
  if (o.json) {
    out(`${JSON.stringify(result)}\n`);
    return { code: ok ? 0 : 1, result };
  }
  for (const w of warnings) err(`warning: ${w}\n`);
  const first = problems[0];
  if (!first) {
    const head = report.latestHead;
    out(
      `Store intact: ${report.leaves} records, ${report.headsChecked} signed tree heads verified` +
        (head ? ` (latest: size ${head.treeSize}, root ${head.rootHash}, ${head.timestamp})` : '') +
        `; ${events.events} client events, ${events.headsChecked} signed events heads verified\n`,
    );
    if (cp) {
      out(`Incremental: ${report.checked} records re-hashed (leaves ${report.fromLeaf}–${report.leaves - 1}) since the verification checkpoint of ${cp.createdAt} (size ${cp.treeSize})` +
        `${report.disposalsChecked ? `, and ${report.disposalsChecked} disposals of new dispositions` : ''}; records before leaf ${cp.treeSize} were not re-read (verify --full re-reads them)` +
        `; ${events.checked} client events re-hashed from events leaf ${events.fromLeaf}\n`);
    }
    if (saved) out(`Checkpoint saved at size ${saved.treeSize}\n`);
    for (const d of report.disposed) {
      out(`Disposed of: ${d.count} records' content (leaves ${d.firstLeaf}–${d.lastLeaf}) by approved disposition ${d.dispositionId}; their leaves and hashes verified\n`);
    }
    return { code: 0, result };
  }
  out(`INTEGRITY FAILURE: ${first.message}\n`);
  for (const p of problems.slice(1, 50)) out(`  also: ${p.message}\n`);
  if (problems.length > 50 || report.truncated) out('  (more problems not shown)\n');
  return { code: 1, result };
}

/** Why a checkpoint cannot be trusted (then the full check runs), or undefined when it can. */
function checkpointTrust(cp: VerifyCheckpoint, pinnedKey: KeyObject | undefined): { kind: 'warning' | 'problem'; message: string } | undefined {
  const what = `the verification checkpoint of ${cp.createdAt} (size ${cp.treeSize})`;
  if (!pinnedKey) return { kind: 'warning', message: `no signing key file to check ${what} against: running the full check` };
  const sig = checkCheckpointSignature(cp, pinnedKey);
  if (sig === 'other-key') return { kind: 'warning', message: `${what} is signed by key ${cp.keyId}, not the pinned signing key: running the full check` };
  if (sig === 'invalid') return { kind: 'problem', message: `${what} has an invalid signature: someone wrote it without the signing key (the full check ran instead)` };
  return undefined;
}

function rate(n: number, ms: number): number {
  return ms > 0 ? Math.round((n * 1000) / ms) : n;
}

/** Client events (central audit) have a Merkle tree and signed heads of their own: from the checkpoint's events part when there is one. */
async function checkEvents(store: Store, pinnedKey: KeyObject | undefined, from: VerifyCheckpoint['events']): Promise<EventsWalkReport> {
  const eventLog = new EventLog(store);
  const none = { events: 0, headsChecked: 0, fromLeaf: 0, checked: 0, next: undefined };
  if (!(await eventLog.exists())) {
    return { ...none, problems: [], warnings: ['no client events tables yet (the server has not run since central audit was added)'] };
  }
  return verifyEventsFrom(eventLog, from, { pinnedKey }).catch((e: unknown) => ({
    ...none,
    problems: [{ kind: 'missing' as const, message: `the client events tables cannot be read: ${e instanceof Error ? e.message : String(e)}` }],
    warnings: [],
  }));
}
