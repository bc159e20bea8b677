/**
 * Incremental verify (issue 18 item 5) on SQLite and a throwaway PostgreSQL: a full verify saves a
 * checkpoint bound to the latest signed head; the next verify re-hashes only what was appended since
 * (and disposals of new dispositions), names a tampered new record, cannot see a silently edited old one
 * (documented) while `--full` does, and refuses a forged checkpoint. Progress and rate are reported.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CentralAudit } from './audit/centralAudit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ingestor } from './ingest';
import { RecordsService } from './records/service';
import { signerFromPrivateKey } from './signing';
import { batch, harnesses, makeRecord, type OpenedStore } from './test/fixtures';
import { TreeHeads } from './treeHeads';
import { headsDigest, verifyStore, type VerifyProgress } from './verify';
import { verifyCommand, type VerifyCommandResult } from './verifyCommand';
import { latestCheckpoint, signCheckpoint } from './verifyCheckpoint';
import { MerkleFrontier } from './merkle';
import type { SignedTreeHead } from './signing';

const NOW = new Date(Date.UTC(2025, 6, 1));

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`incremental verify on ${harness.title}`, () => {
    let s: OpenedStore;
    let heads: TreeHeads;
    let ingestor: Ingestor;
    let next = 1;
    let keyFile = '';
    let key: KeyObject;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
      const { privateKey } = generateKeyPairSync('ed25519');
      key = privateKey;
      keyFile = join(s.dir, 'signing-key.pem');
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      heads = new TreeHeads(s.store, signerFromPrivateKey(privateKey), { everyRecords: 7, everyMs: 0 });
      await heads.registerKey();
      ingestor = new Ingestor(s.store, heads, () => NOW);
      next = 1;
    });
    afterEach(() => s.cleanup());

    const add = async (n: number) => {
      const recs = Array.from({ length: n }, () => makeRecord(next++));
      expect((await ingestor.ingest(batch(recs, `b-${next}`), { tokenId: 't', tokenName: 'test' })).status).toBe(200);
      await heads.signNow(false);
    };
    /** As `verify` runs with the key file readable: pinned public key, private key to sign checkpoints. */
    const run = async (full = false, signing: KeyObject | null = key): Promise<{ code: number; result: VerifyCommandResult; out: string; err: string }> => {
      let out = '';
      let err = '';
      const keys = { pinnedKey: createPublicKey(key), privateKey: signing ?? undefined };
      const r = await verifyCommand(s.store, { ...keys, full, json: false, progressEveryMs: 5000, out: (t) => (out += t), err: (t) => (err += t) });
      return { ...r, out, err };
    };

    it('plain verify without a checkpoint runs the full check and saves none; --full saves one; the next verify re-hashes only the new records', async () => {
      await add(20);
      const plain = await run();
      expect(plain.code, plain.out).toBe(0);
      expect(plain.result).toMatchObject({ mode: 'full', checked: 20, fromLeaf: 0, checkpoint: { usedId: null, savedId: null } });
      expect(await latestCheckpoint(s.store)).toBeUndefined();

      const full = await run(true);
      expect(full.code, full.out).toBe(0);
      expect(full.result).toMatchObject({ mode: 'full', checked: 20, checkpoint: { savedTreeSize: 20 } });
      expect(full.out).toMatch(/^Store intact: 20 records/);
      expect(full.err).toMatch(/verify: full check re-hashed 20 records in [\d.]+ s \(\d+ records\/s\)/);

      await add(13);
      const inc = await run();
      expect(inc.code, inc.out).toBe(0);
      expect(inc.result).toMatchObject({ ok: true, mode: 'incremental', leaves: 33, checked: 13, fromLeaf: 20, checkpoint: { usedTreeSize: 20, savedTreeSize: 33 } });
      expect(inc.out).toMatch(/^Store intact: 33 records/);
      expect(inc.out).toMatch(/Incremental: 13 records re-hashed \(leaves 20–32\) since the verification checkpoint of \S+ \(size 20\); records before leaf 20 were not re-read \(verify --full re-reads them\)/);

      // Nothing new: nothing re-hashed, still passes.
      const again = await run();
      expect(again.result).toMatchObject({ ok: true, mode: 'incremental', checked: 0, fromLeaf: 33 });
    });

    it('a tampered new record fails the incremental check, naming it (control: before the tampering it passed)', async () => {
      await add(10);
      expect((await run(true)).code).toBe(0);
      await add(10);
      await s.attacker.sqlUnguarded("UPDATE records SET record_json = replace(record_json, 'budget', 'picnic') WHERE record_id = 'device-a/msg-15'");
      const inc = await run();
      expect(inc.code).toBe(1);
      expect(inc.result.mode).toBe('incremental');
      expect(inc.out).toMatch(/^INTEGRITY FAILURE: record device-a\/msg-15 \(leaf 14\) has been altered/);
      // A failed run moves no checkpoint.
      expect((await latestCheckpoint(s.store))?.treeSize).toBe(10);
    });

    it('a silently edited old record is not seen by the incremental check (documented); --full names it', async () => {
      await add(10);
      expect((await run(true)).code).toBe(0);
      await add(5);
      await s.attacker.sqlUnguarded("UPDATE records SET record_json = replace(record_json, 'budget', 'picnic') WHERE record_id = 'device-a/msg-3'");
      const inc = await run();
      expect(inc.code).toBe(0);
      expect(inc.result).toMatchObject({ mode: 'incremental', checked: 5 });
      const full = await run(true);
      expect(full.code).toBe(1);
      expect(full.out).toMatch(/^INTEGRITY FAILURE: record device-a\/msg-3 \(leaf 2\) has been altered/);
    });

    it('a forged checkpoint or removed heads fail; a deleted new leaf is named', async () => {
      await add(10);
      expect((await run(true)).code).toBe(0);
      await add(4);
      const before = await latestCheckpoint(s.store);
      expect(before?.treeSize).toBe(10);
      const forged = { ...before, frontier: before?.frontier.map((h) => h.replace(/^./, (c) => (c === '0' ? '1' : '0'))) };
      delete forged.id;
      await s.attacker.sql('INSERT INTO verify_checkpoints (created_at, mode, tree_size, root_hash, body) VALUES ($1, $2, $3, $4, $5)', [
        new Date().toISOString(), 'full', 10, String(before?.rootHash), JSON.stringify(forged),
      ]);
      const bad = await run();
      expect(bad.code).toBe(1);
      expect(bad.out).toMatch(/INTEGRITY FAILURE: the verification checkpoint of \S+ \(size 10\) has an invalid signature: someone wrote it without the signing key/);
      expect(bad.result.mode).toBe('full'); // the full check ran instead
      // --full ignores checkpoints, passes, and saves a good one; the next incremental run passes.
      expect((await run(true)).code).toBe(0);
      expect((await run()).code).toBe(0);

      // A signed head the checkpoint saw is deleted behind the guards (control: the run just above passed).
      const [firstHead] = await s.store.treeHeads();
      await s.attacker.sqlUnguarded('DELETE FROM tree_heads WHERE tree_size = $1', [firstHead?.treeSize]);
      const gone = await run();
      expect(gone.code).toBe(1);
      expect(gone.out).toMatch(/INTEGRITY FAILURE: signed tree heads have been removed: the store lists \d+, the verification checkpoint of \S+ saw \d+/);
      // The records still match every remaining head, so --full passes and starts a new checkpoint.
      expect((await run(true)).code).toBe(0);

      await add(3);
      await s.attacker.sqlUnguarded("DELETE FROM records WHERE record_id = 'device-a/msg-16'");
      const missing = await run();
      expect(missing.code).toBe(1);
      expect(missing.out).toMatch(/record device-a\/msg-16 \(leaf 15\) is missing/);
    });

    it('a checkpoint written without the signing key is not trusted: the full check runs and names what it would have hidden', async () => {
      await add(10);
      expect((await run(true)).code).toBe(0);
      await add(10);
      // Someone with the database alters a new record, then writes a checkpoint past it: bound to the real
      // latest head (frontier from the leaves table, so it reproduces the signed root), signed with their own key.
      await s.attacker.sqlUnguarded("UPDATE records SET record_json = replace(record_json, 'budget', 'picnic') WHERE record_id = 'device-a/msg-15'");
      const genuine = await latestCheckpoint(s.store);
      const latest = (await s.store.treeHeads()).at(-1);
      const leaves = await s.store.leafRange(0, 20);
      const f = new MerkleFrontier();
      for (const l of leaves) f.append(Buffer.from(l.leafHash, 'hex'));
      expect(f.root().toString('hex')).toBe(latest?.rootHash);
      const allHeads = await s.store.treeHeads();
      const forged = signCheckpoint({
        createdAt: new Date().toISOString(), mode: 'full', treeSize: 20, rootHash: String(latest?.rootHash), frontier: f.toHex(), head: latest as SignedTreeHead,
        headsCount: allHeads.length, headsDigest: headsDigest(allHeads), dispositions: genuine?.dispositions ?? [],
      }, generateKeyPairSync('ed25519').privateKey);
      await s.attacker.sql('INSERT INTO verify_checkpoints (created_at, mode, tree_size, root_hash, body) VALUES ($1, $2, $3, $4, $5)', [
        forged.createdAt, 'full', 20, forged.rootHash, JSON.stringify(forged),
      ]);
      const r = await run();
      expect(r.code).toBe(1);
      expect(r.result.mode).toBe('full');
      expect(r.err).toMatch(/is signed by key [0-9a-f]{64}, not the pinned signing key: running the full check/);
      expect(r.out).toMatch(/^INTEGRITY FAILURE: record device-a\/msg-15 \(leaf 14\) has been altered/);
    });

    it('without the private key a passing verify saves no checkpoint (control: with it, it does)', async () => {
      await add(10);
      const noKey = await run(true, null);
      expect(noKey.code).toBe(0);
      expect(noKey.result.checkpoint.savedId).toBeNull();
      expect(noKey.err).toMatch(/no verification checkpoint saved: it is signed with the tree-head signing key, and verify could not read it/);
      expect(await latestCheckpoint(s.store)).toBeUndefined();
      const withKey = await run(true);
      expect(withKey.result.checkpoint.savedTreeSize).toBe(10);
    });

    it('disposals of a disposition approved after the checkpoint are checked and reported; a forged one is named', async () => {
      await add(6);
      expect((await run(true)).code).toBe(0);
      const svc = new RecordsService(s.store, heads, () => NOW);
      await svc.saveSeries({ id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2 item 020', isDefault: true }, 'admin');
      const d = await svc.propose('transitory', 'schedule expired', { id: 'rm-1', name: 'R One' });
      await svc.approve(d.id, { id: 'rm-2', name: 'R Two' });
      const inc = await run();
      expect(inc.code, inc.out).toBe(0);
      expect(inc.result).toMatchObject({ mode: 'incremental', disposalsChecked: 6, disposed: [{ dispositionId: d.id, count: 6, firstLeaf: 0, lastLeaf: 5 }] });
      expect(inc.out).toMatch(new RegExp(`Disposed of: 6 records' content \\(leaves 0–5\\) by approved disposition ${d.id}`));
      // The full check agrees.
      expect((await verifyStore(s.store)).disposed).toEqual([{ dispositionId: d.id, count: 6, firstLeaf: 0, lastLeaf: 5 }]);

      // Someone with the database blanks an old record behind the guards and marks it disposed by a
      // disposition that was never approved: the incremental check names it.
      await add(4);
      expect((await run()).code).toBe(0);
      await s.attacker.sqlUnguarded("UPDATE records SET record_json = '', body = '' WHERE record_id = 'device-a/msg-8'");
      await s.attacker.sql("INSERT INTO rm_disposed (leaf_index, disposition_id) VALUES (7, 'forged')");
      const forged = await run();
      expect(forged.code).toBe(1);
      expect(forged.out).toMatch(/record device-a\/msg-8 \(leaf 7\) has been altered: its content was removed, but disposition forged was never approved/);
    });

    it('--json stays machine-readable; progress and the rate go to stderr', async () => {
      await add(30);
      let out = '';
      let err = '';
      const { code } = await verifyCommand(s.store, { pinnedKey: createPublicKey(key), privateKey: key, full: true, json: true, progressEveryMs: 5000, out: (t) => (out += t), err: (t) => (err += t) });
      expect(code).toBe(0);
      const parsed = JSON.parse(out) as VerifyCommandResult;
      expect(parsed).toMatchObject({ ok: true, mode: 'full', leaves: 30, checked: 30, problems: [] });
      expect(typeof parsed.recordsPerSecond).toBe('number');
      expect(err).toMatch(/records\/s/);

      let progress = '';
      await verifyCommand(s.store, { full: true, json: true, progressEveryMs: 0, chunkSize: 7, out: () => undefined, err: (t) => (progress += t) });
      expect(progress).toMatch(/^verify: 7 of 30 records re-hashed \(23%\), \d+ records\/s$/m);
      expect(progress).toMatch(/^verify: 28 of 30 records re-hashed \(93%\), \d+ records\/s$/m);

      const seen: VerifyProgress[] = [];
      await verifyStore(s.store, { chunkSize: 7, progressEveryMs: 0, onProgress: (p) => seen.push(p) });
      expect(seen.map((p) => p.checked)).toEqual([7, 14, 21, 28, 30]);
      expect(seen.every((p) => p.total === 30)).toBe(true);
    });

    it('through the CLI: verify --full saves a checkpoint, then verify re-hashes only the new records; --json parses', { timeout: 90_000 }, async () => {
      const cli = (args: string[]) => {
        const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', env: { ...process.env, RETENTION_STATE_DIR: s.dir } });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      await add(12);
      const full = cli(['verify', '--db', s.db, '--signing-key', keyFile, '--full']);
      expect(full.code, full.stdout + full.stderr).toBe(0);
      expect(full.stdout).toMatch(/^Store intact: 12 records/);
      expect(full.stdout).toMatch(/^Checkpoint saved at size 12$/m);
      expect(full.stderr).toMatch(/verify: full check re-hashed 12 records in [\d.]+ s \(\d+ records\/s\)/);
      await add(5);
      const inc = cli(['verify', '--db', s.db, '--signing-key', keyFile, '--json']);
      expect(inc.code, inc.stdout + inc.stderr).toBe(0);
      expect(JSON.parse(inc.stdout)).toMatchObject({ ok: true, mode: 'incremental', leaves: 17, checked: 5, fromLeaf: 12, checkpoint: { usedTreeSize: 12, savedTreeSize: 17 } });
    });

    it('client events: only events appended since the checkpoint are re-hashed; a tampered new one is named, an old one only by --full', async () => {
      const ca = new CentralAudit({ store: s.store, signingKeyFile: keyFile, config: { signEvery: 5 } });
      await ca.migrate();
      let ev = 1;
      const events = async (n: number) => {
        const list = Array.from({ length: n }, () => ({
          type: 'session-start', at: new Date(Date.UTC(2026, 0, 1, 12, 0, ev)).toISOString(), eventId: `ev-${ev++}`, deviceId: 'device-a',
          account: 'alice@agency.example.gov/laptop', clientVersion: '1.2.0', policyHash: 'hash-1', policyVersion: '2026.1',
          policyReviewedOn: '2026-01-01', reviewOverdue: false, backlog: 0,
        }));
        expect((await ca.ingest({ events: list }, 't', undefined)).status).toBe(200);
        await ca.signNow(false);
      };
      await add(5);
      await events(12);
      const full = await run(true);
      expect(full.code, full.out).toBe(0);
      expect(full.result.events).toMatchObject({ events: 12, checked: 12, fromLeaf: 0 });
      expect((await latestCheckpoint(s.store))?.events?.treeSize).toBe(12);

      await events(4);
      const inc = await run();
      expect(inc.code, inc.out).toBe(0);
      expect(inc.result.events).toMatchObject({ events: 16, checked: 4, fromLeaf: 12 });
      expect(inc.out).toMatch(/4 client events re-hashed from events leaf 12/);

      await events(3);
      await s.attacker.sqlUnguarded("UPDATE client_events SET event_json = replace(event_json, '1.2.0', '9.9.9') WHERE leaf_index = $1", [17]);
      const bad = await run();
      expect(bad.code).toBe(1);
      expect(bad.out).toMatch(/client event \S+ \(events leaf 17\) has been altered/);

      // An old event edited behind the guards: not seen incrementally (documented), named by --full.
      await s.attacker.sqlUnguarded("UPDATE client_events SET event_json = replace(event_json, '9.9.9', '1.2.0') WHERE leaf_index = $1", [17]);
      expect((await run()).code).toBe(0);
      await s.attacker.sqlUnguarded("UPDATE client_events SET event_json = replace(event_json, '1.2.0', '9.9.9') WHERE leaf_index = $1", [2]);
      expect((await run()).code).toBe(0);
      const again = await run(true);
      expect(again.code).toBe(1);
      expect(again.out).toMatch(/client event \S+ \(events leaf 2\) has been altered/);
    });
  });
}
