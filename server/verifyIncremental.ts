/**
 * Incremental `verify` (issue 18 item 5): check what changed since the last verification checkpoint.
 *
 *   1. The checkpoint itself: its frontier reproduces its root, which is the signed root of the tree head
 *      it is bound to, whose signature checks against the store's recorded key.
 *   2. The signed heads: the ones the checkpoint saw are still there, unchanged (digest); every head
 *      signed since covers at least the checkpoint's size, and is checked against the recomputed root
 *      (and its signature) as the walk passes its size.
 *   3. Leaves appended since: re-hashed from their stored text exactly as a full verify does (verify.ts),
 *      folded onto the checkpoint's frontier, so every later head's root is recomputed.
 *   4. Rows changed since: the only sanctioned change to an old row is a disposition's removal, and each
 *      is logged in rm_disposed; leaves of dispositions the checkpoint had not seen are checked against
 *      their approved, listing disposition and the leaves table.
 *
 * What it does NOT re-read: records and leaves before the checkpoint that changed without going through
 * a disposition (an edit with the guards bypassed). Only `verify --full` re-hashes those.
 */
import { sqlFor } from './audit/sql';
import { MerkleFrontier } from './merkle';
import { verifyTreeHead } from './signing';
import type { Store } from './store/types';
import { checkDisposedLeaf, checkLeaf, headsDigest, verifyFrom, type Problem, type VerifyOptions, type WalkReport } from './verify';
import type { VerifyCheckpoint } from './verifyCheckpoint';

export interface IncrementalReport extends WalkReport {
  /** Disposed leaves below the checkpoint checked because their disposition is new since it. */
  disposalsChecked: number;
}

export async function verifyIncremental(store: Store, cp: VerifyCheckpoint, options: VerifyOptions = {}): Promise<IncrementalReport> {
  const began = Date.now();
  const pre: Problem[] = [];
  const damaged = (why: string) => pre.push({ kind: 'tree', message: `the verification checkpoint of ${cp.createdAt} (size ${cp.treeSize}) ${why}; run verify --full` });

  let frontier: MerkleFrontier | undefined;
  try {
    frontier = MerkleFrontier.fromHex(cp.treeSize, cp.frontier);
  } catch {
    damaged('has a frontier that does not fit its size');
  }
  const keys = await store.signingKeys();
  const pem = keys.get(cp.head.keyId);
  if (frontier && frontier.root().toString('hex') !== cp.rootHash) damaged('has a frontier that does not reproduce its root');
  else if (cp.head.treeSize !== cp.treeSize || cp.head.rootHash !== cp.rootHash) damaged('is not bound to a signed head of its size and root');
  else if (!pem || !verifyTreeHead(cp.head, pem)) damaged('is bound to a tree head whose signature does not verify');

  const heads = await store.treeHeads();
  if (heads.length < cp.headsCount) {
    pre.push({ kind: 'tree', message: `signed tree heads have been removed: the store lists ${heads.length}, the verification checkpoint of ${cp.createdAt} saw ${cp.headsCount}` });
  } else if (headsDigest(heads.slice(0, cp.headsCount)) !== cp.headsDigest) {
    pre.push({ kind: 'tree', message: `the ${cp.headsCount} signed tree heads seen by the verification checkpoint of ${cp.createdAt} have been changed` });
  }
  for (const h of heads.slice(cp.headsCount)) {
    if (h.treeSize < cp.treeSize) {
      pre.push({ kind: 'tree', message: `tree head of ${h.timestamp} (size ${h.treeSize}) was added after the verification checkpoint of size ${cp.treeSize}; run verify --full to check it` });
    }
  }
  const state = await store.treeState();
  if (state.size < cp.treeSize) pre.push({ kind: 'missing', leafIndex: state.size, message: `the tree state says ${state.size} leaves, fewer than the ${cp.treeSize} of the verification checkpoint of ${cp.createdAt}` });

  const disposals = await checkNewDisposals(store, cp, state.size);
  pre.push(...disposals.problems);

  if (!frontier || pre.some((p) => p.message.startsWith('the verification checkpoint'))) {
    const extent = await store.leafExtent();
    return {
      ok: false, leaves: extent, headsChecked: heads.length, latestHead: heads.at(-1), problems: pre, truncated: false, warnings: [],
      disposed: [], fromLeaf: cp.treeSize, checked: 0, elapsedMs: Date.now() - began, headFrontier: undefined, disposalsChecked: disposals.checked,
    };
  }
  const walked = await verifyFrom(store, { size: cp.treeSize, frontier }, options);
  const problems = [...pre, ...walked.problems];
  return {
    ...walked,
    ok: problems.length === 0,
    problems,
    disposed: mergeDisposed(await disposedSummary(store), walked.disposed),
    elapsedMs: Date.now() - began,
    disposalsChecked: disposals.checked,
  };
}

/** Leaves below the checkpoint removed by dispositions the checkpoint had not seen. */
async function checkNewDisposals(store: Store, cp: VerifyCheckpoint, treeSize: number): Promise<{ problems: Problem[]; checked: number }> {
  const problems: Problem[] = [];
  const seen = new Set(cp.dispositions);
  const sql = sqlFor(store);
  const fresh = (await sql.all('SELECT DISTINCT disposition_id FROM rm_disposed')).map((r) => String(r.disposition_id)).filter((id) => !seen.has(id));
  let checked = 0;
  for (const id of fresh) {
    const leaves = (await sql.all('SELECT leaf_index FROM rm_disposed WHERE disposition_id = $1 AND leaf_index < $2 ORDER BY leaf_index', [id, cp.treeSize]))
      .map((r) => Number(r.leaf_index));
    for (const [from, to] of runs(leaves, 5000)) {
      const [leafRows, recordRows, disposedRows] = await Promise.all([store.leafRange(from, to), store.recordRange(from, to), store.management.disposedRange(from, to)]);
      const leafAt = new Map(leafRows.map((l) => [l.leafIndex, l]));
      const rowAt = new Map(recordRows.map((r) => [r.leafIndex, r]));
      for (const d of disposedRows) {
        if (d.dispositionId !== id) continue;
        const row = rowAt.get(d.leafIndex);
        const report = (p: Problem) => problems.push(p);
        if (row && row.recordJson === '') checkDisposedLeaf(d.leafIndex, leafAt.get(d.leafIndex), row, d, report);
        else checkLeaf(d.leafIndex, leafAt.get(d.leafIndex), row, treeSize, report);
        checked += 1;
      }
    }
  }
  return { problems, checked };
}

/** Contiguous runs [from, to) of sorted leaf indexes, each at most `max` long. */
function runs(sorted: number[], max: number): [number, number][] {
  const out: [number, number][] = [];
  for (const k of sorted) {
    const last = out.at(-1);
    if (last && k === last[1] && last[1] - last[0] < max) last[1] = k + 1;
    else out.push([k, k + 1]);
  }
  return out;
}

/** Approved dispositions' listed removals, per disposition (what a full verify counts). */
async function disposedSummary(store: Store): Promise<WalkReport['disposed']> {
  const rows = await sqlFor(store).all(`SELECT d.disposition_id, COUNT(*) AS n, MIN(d.leaf_index) AS lo, MAX(d.leaf_index) AS hi FROM rm_disposed d
    JOIN rm_disposition_items i ON i.disposition_id = d.disposition_id AND i.leaf_index = d.leaf_index
    JOIN rm_disposition_approvals a ON a.disposition_id = d.disposition_id
    JOIN records r ON r.leaf_index = d.leaf_index AND r.record_json = ''
    GROUP BY d.disposition_id ORDER BY MIN(d.leaf_index)`);
  return rows.map((r) => ({ dispositionId: String(r.disposition_id), count: Number(r.n), firstLeaf: Number(r.lo), lastLeaf: Number(r.hi) }));
}

function mergeDisposed(summary: WalkReport['disposed'], walked: WalkReport['disposed']): WalkReport['disposed'] {
  const ids = new Set(summary.map((d) => d.dispositionId));
  return [...summary, ...walked.filter((d) => !ids.has(d.dispositionId))];
}
