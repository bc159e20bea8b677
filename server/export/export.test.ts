/**
 * Disclosure exports against SQLite and PostgreSQL: a package of a search or a hold verifies offline
 * (zip and folder); one changed byte, a dropped record or a swapped key makes it fail naming the record;
 * redactions are marked in the export and leave the stored record untouched.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ingestor } from '../ingest';
import { RecordsService } from '../records/service';
import { signerFromPrivateKey } from '../signing';
import { batch, harnesses, makeRecord, type OpenedStore } from '../test/fixtures';
import { TreeHeads } from '../treeHeads';
import { verifyExportCommand } from './command';
import { collectHold, collectSearch } from './collect';
import { buildExport } from './package';
import { readPackage, verifyExport } from './verifyExport';

const sink = () => {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
};

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`disclosure export on ${harness.title}`, () => {
    let s: OpenedStore;
    let heads: TreeHeads;
    let dir: string;

    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
      dir = mkdtempSync(join(tmpdir(), 'export-test-'));
      heads = new TreeHeads(s.store, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey), { everyRecords: 3, everyMs: 0 });
      await heads.registerKey();
      const recs = [1, 2, 3, 4, 5, 6, 7].map((n) =>
        makeRecord(n, n > 4 ? { conversation: 'room@muc.example.gov', conversationType: 'groupchat', sender: 'room@muc.example.gov/alice', recipients: [], body: `room talk ${n} about payroll` } : {}),
      );
      expect((await new Ingestor(s.store, heads).ingest(batch(recs), { tokenId: 't', tokenName: 'test' })).status).toBe(200);
    });
    afterEach(async () => {
      await s.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    const unpack = (zip: Uint8Array) => {
      for (const [name, data] of Object.entries(unzipSync(zip))) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), data);
      }
      return join(dir, Object.keys(unzipSync(zip))[0]?.split('/')[0] ?? '');
    };

    it('a search export verifies offline as a zip and as a folder, and fails naming the record after one byte changes', async () => {
      const rows = await collectSearch(s.store, { terms: ['budget'] });
      expect(rows).toHaveLength(4);
      const pkg = await buildExport(s.store, heads, rows, { reason: 'FOIA 25-12', createdBy: 'legal-1', source: { q: 'budget' }, title: 'FOIA 25-12' });
      expect([...pkg.files.keys()].sort()).toEqual([
        'eml/bob@agency.example.gov_2025-01-01.eml', 'manifest.json', 'public-key.pem', 'records.json', 'transcript.html', 'tree-head.json',
      ]);
      const eml = strFromU8(pkg.files.get('eml/bob@agency.example.gov_2025-01-01.eml') as Uint8Array);
      expect(eml).toMatch(/^From: alice@agency\.example\.gov\r\n/);
      expect(eml).toContain('message number 3 about the quarterly budget');
      const zipFile = join(dir, 'export.zip');
      writeFileSync(zipFile, pkg.zip());
      const ok = sink();
      expect(verifyExportCommand([zipFile], ok.stream)).toBe(0);
      expect(ok.text()).toMatch(/^Export verified: 4 records/);
      const folder = unpack(pkg.zip());
      expect(verifyExportCommand([folder], sink().stream)).toBe(0);

      // One byte of one record's body changed in the unpacked folder.
      const recordsFile = join(folder, 'records.json');
      const text = readFileSync(recordsFile, 'utf8');
      writeFileSync(recordsFile, text.replace('message number 3', 'message number 8'));
      const bad = sink();
      expect(verifyExportCommand([folder], bad.stream)).toBe(1);
      expect(bad.text()).toMatch(/^EXPORT INVALID: record msg-3 \(leaf 2\) does not verify: its content does not match its hash/);
      // One byte changed inside the zip itself.
      const zip = readFileSync(zipFile);
      zip[200] = (zip[200] ?? 0) ^ 0x01;
      writeFileSync(zipFile, zip);
      const broken = sink();
      expect(verifyExportCommand([zipFile], broken.stream)).toBe(1);
      expect(broken.text()).toMatch(/^EXPORT INVALID/);
    });

    it('a changed proof, a forged manifest hash or another key fail; an added file is named', async () => {
      const pkg = await buildExport(s.store, heads, await collectSearch(s.store, {}), { reason: 'r', createdBy: 'x', source: {}, title: 't' });
      const files = () => new Map([...pkg.files].map(([k, v]) => [k, new Uint8Array(v)]));
      expect(verifyExport(files()).problems).toEqual([]);
      const edit = (f: Map<string, Uint8Array>, name: string, fn: (s: string) => string) => f.set(name, strToU8(fn(strFromU8(f.get(name) as Uint8Array))));

      const a = files();
      edit(a, 'manifest.json', (t) => { const m = JSON.parse(t); m.records[4].auditPath[0] = '00'.repeat(32); return JSON.stringify(m); });
      expect(verifyExport(a).problems[0]).toMatch(/record msg-5 \(leaf 4\) does not verify: its inclusion proof/);

      const b = files();
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
      b.set('public-key.pem', strToU8(other));
      expect(verifyExport(b).problems[0]).toMatch(/signed by key .* but the package's public key is/);

      const c = files();
      c.set('eml/extra.eml', strToU8('From: x'));
      expect(verifyExport(c).problems).toEqual(['file eml/extra.eml is not listed in the manifest']);
    });

    it('exports what a hold covers, with redactions marked and the stored record untouched', async () => {
      const svc = new RecordsService(s.store, heads);
      const hold = await svc.placeHold({ matter: 'Payroll inquiry', reason: 'IG request', scope: { conversations: ['room@muc.example.gov'], terms: ['payroll'] } }, 'legal-1');
      const rows = await collectHold(s.store, hold);
      expect(rows.map((r) => r.recordId)).toEqual(['msg-5', 'msg-6', 'msg-7']);
      const pkg = await buildExport(s.store, heads, rows, {
        reason: 'IG request', createdBy: 'legal-1', source: { holdId: hold.id }, title: 'Payroll inquiry',
        redactions: [{ recordId: 'msg-6', text: 'payroll', reason: 'b(6) personal privacy' }],
      });
      const manifest = pkg.manifest;
      expect(manifest.records.map((r) => r.status)).toEqual(['complete', 'redacted', 'complete']);
      const records = JSON.parse(strFromU8(pkg.files.get('records.json') as Uint8Array)) as { recordId: string; body: string; redacted?: unknown }[];
      expect(records[1]).toMatchObject({ body: 'room talk 6 about [REDACTED: b(6) personal privacy]', redacted: { reason: 'b(6) personal privacy' } });
      expect(strFromU8(pkg.files.get('transcript.html') as Uint8Array)).toContain('[REDACTED: b(6) personal privacy]');
      const check = verifyExport(readPackageFromZip(pkg.zip(), dir));
      expect(check).toMatchObject({ ok: true, records: 3, redacted: 1 });
      expect((await s.store.getRecord('msg-6'))?.recordJson).toContain('room talk 6 about payroll');
    });
  });
}

function readPackageFromZip(zip: Uint8Array, dir: string) {
  const file = join(dir, 'p.zip');
  writeFileSync(file, zip);
  return readPackage(file);
}
