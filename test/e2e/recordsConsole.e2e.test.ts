/**
 * The records console end to end in Chromium, against SQLite and a throwaway PostgreSQL, with a real
 * OpenID provider (oidc-provider) started here: two records officers sign in through OIDC; one
 * searches (with a reason), exports and checks the package offline, places a hold and proposes a
 * disposition; the proposer's own approval is refused; the second officer approves. Held and unexpired
 * records survive, the rest lose their content, `retention verify` passes naming the disposition, and
 * the export fails verification after one byte changes. An auditor signs in with a break-glass token
 * and sees the reasons in the access audit.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/auth';
import { RecordsService } from '../../server/records/service';
import { startServer, type RunningServer } from '../../server/serve';
import { batch, enrollTestDevice, harnesses, makeRecord, rid, type OpenedStore } from '../../server/test/fixtures';
import { launchChromium } from '../support/browser';
import { startOidcProvider, type TestOidcProvider } from '../support/oidcProvider';
import { freePort } from '../support/ports';

const run = promisify(execFile);
const shots = '.tmp/screens';
const DAY = 86_400_000;

async function retentionCli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'server/cli.ts', ...args], { timeout: 60_000 });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : 3, stdout: e.stdout ?? '' };
  }
}

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`records console in Chromium on ${harness.title}`, () => {
    let s: OpenedStore;
    let idp: TestOidcProvider;
    let server: RunningServer;
    let browser: Browser;
    let auditorToken: string;
    const keyFile = () => join(s.dir, 'signing-key.pem');

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      await harness.setup();
      s = await harness.open();
      const port = await freePort();
      const secret = 'console-client-secret-for-tests';
      idp = await startOidcProvider({
        clientId: 'records-console',
        clientSecret: secret,
        redirectUris: [`http://127.0.0.1:${port}/console/oidc/callback`],
        accounts: {
          rita: { name: 'Rita Records', email: 'rita@agency.example.gov', groups: ['staff', 'records-officers'] },
          ron: { name: 'Ron Records', email: 'ron@agency.example.gov', groups: ['records-officers'] },
          val: { name: 'Val Visitor', email: 'val@agency.example.gov', groups: ['staff'] },
        },
      });
      writeFileSync(keyFile(), generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      server = await startServer({
        store: s.store, signingKeyFile: keyFile(), host: '127.0.0.1', port, logLevel: false, treeHeads: { everyRecords: 1000, everyMs: 0 },
        console: {
          tokenSignIn: true,
          oidc: { issuer: idp.issuer, clientId: 'records-console', clientSecret: secret, roleMap: [['records-officers', 'records'], ['auditors', 'auditor']] },
        },
      });
      // Records: bob's conversation in January 2025 (expired under a 30-day schedule), one about payroll;
      // carol's conversation yesterday (not expired). Ingested over HTTP as a batch signed by an enrolled
      // device (the fleet token alone cannot ingest), so record ids are in that device's id space.
      const client = (await createToken(s.store, 'client', 'fleet')).token;
      const device = await enrollTestDevice(s.store, 'device-a');
      const recent = new Date(Date.now() - DAY).toISOString();
      const records = [
        makeRecord(1, { body: 'draft of the quarterly budget' }),
        makeRecord(2, { body: 'payroll numbers for the budget review' }),
        makeRecord(3, { body: 'lunch at noon?' }),
        makeRecord(4, { body: 'final budget is approved' }),
        makeRecord(5, { conversation: 'carol@agency.example.gov', recipients: ['carol@agency.example.gov'], sentAt: recent, recordedAt: recent, body: 'budget meeting moved' }),
      ];
      const body = batch(records);
      const res = await fetch(`${server.url}/v1/journal/batches`, {
        method: 'POST', headers: { authorization: `Bearer ${client}`, 'content-type': 'application/json', ...device.headers(body) }, body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      await new RecordsService(s.store, server.treeHeads).saveSeries(
        { id: 'transitory', name: 'Transitory', retentionDays: 30, citation: 'GRS 5.2 item 020', isDefault: true }, 'setup');
      auditorToken = (await createToken(s.store, 'auditor', 'Audrey Auditor')).token;
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await idp?.stop();
      await s?.cleanup().catch(() => undefined);
      await harness.teardown();
    });

    async function signInWithOidc(login: string): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/console`);
      await page.getByRole('link', { name: 'Sign in with your agency account' }).click();
      await page.getByPlaceholder('Enter any login').fill(login);
      await page.getByPlaceholder('and password').fill('any-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Search', exact: true }).waitFor();
      return page;
    }

    it('two officers: search, export, hold, propose and approve; held records survive and verify passes', async () => {
      const rita = await signInWithOidc('rita');
      expect(await rita.getByText('Rita Records · rita@agency.example.gov').count()).toBe(1);
      for (const name of ['Search', 'Holds', 'Dispositions']) await rita.getByRole('link', { name, exact: true }).waitFor();
      expect(await rita.getByRole('link', { name: 'Audit', exact: true }).count()).toBe(0); // records officers don't read the audit

      // Cookies: HttpOnly, SameSite=Strict (Secure is off only because this is plain HTTP on loopback).
      const cookie = (await rita.context().cookies()).find((c) => c.name === 'aim_console');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });

      // A search needs a reason; with one, results come as a table with the words highlighted.
      await rita.getByRole('textbox', { name: 'Search records' }).fill('budget');
      await rita.getByRole('textbox', { name: 'Reason' }).fill('FOIA request 25-12');
      await rita.getByRole('button', { name: 'Search', exact: true }).click();
      const table = rita.getByRole('table', { name: 'Search results' });
      await table.getByRole('row').nth(4).waitFor();
      expect(await table.getByRole('row').count()).toBe(5); // header + 4 budget records
      expect(await table.locator('mark').first().textContent()).toBe('budget');
      await rita.getByRole('button', { name: `View ${rid(2)} in context` }).click();
      await rita.getByRole('region', { name: 'Conversation in context' }).getByText('lunch at noon?').waitFor();
      await rita.screenshot({ path: `${shots}/console-search-${harness.kind}.png` });

      // Export the search: one .zip that verifies offline, and fails once one byte changes.
      const [download] = await Promise.all([rita.waitForEvent('download'), rita.getByRole('button', { name: 'Export' }).click()]);
      const zipFile = join(s.dir, 'search-export.zip');
      await download.saveAs(zipFile);
      const ok = await retentionCli(['verify-export', zipFile]);
      expect(ok.stdout).toMatch(/^Export verified: 4 records/);
      expect(ok.code).toBe(0);
      const files = unzipSync(new Uint8Array(readFileSync(zipFile)));
      const recordsName = Object.keys(files).find((n) => n.endsWith('/records.json')) as string;
      files[recordsName] = strToU8(strFromU8(files[recordsName] as Uint8Array).replace('final budget is approved', 'final budget is approvee'));
      const tampered = join(s.dir, 'tampered.zip');
      writeFileSync(tampered, zipSync(files));
      const bad = await retentionCli(['verify-export', tampered]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^EXPORT INVALID: record device-a\/msg-4 \(leaf 3\) does not verify: its content does not match its hash/);

      // Place a hold on anything about payroll.
      await rita.getByRole('link', { name: 'Holds', exact: true }).click();
      await rita.getByRole('textbox', { name: 'Matter' }).fill('Smith v. State, No. 24-1234');
      await rita.getByRole('textbox', { name: 'Reason for the hold' }).fill('litigation hold from counsel');
      await rita.getByRole('textbox', { name: 'Search terms' }).fill('payroll');
      await rita.getByRole('button', { name: 'Place hold' }).click();
      await rita.getByRole('cell', { name: /^Smith v\. State/ }).waitFor();
      await rita.screenshot({ path: `${shots}/console-holds-${harness.kind}.png` });

      // Propose a disposition of the expired transitory records; the proposer may not approve it.
      await rita.getByRole('link', { name: 'Dispositions', exact: true }).click();
      await rita.getByRole('button', { name: 'Check eligible records' }).click();
      await rita.getByText(/3 records in 1 conversations are eligible/).waitFor();
      await rita.getByRole('textbox', { name: 'Disposition reason' }).fill('Transitory records past 30 days');
      await rita.getByRole('button', { name: 'Propose disposition' }).click();
      await rita.getByText('Awaiting approval').waitFor();
      await rita.getByRole('button', { name: 'Approve disposition of Transitory' }).click();
      await rita.getByRole('alert').filter({ hasText: 'different person' }).waitFor();
      await rita.screenshot({ path: `${shots}/console-dispositions-${harness.kind}.png` });

      // A hold placed while the disposition is pending wins.
      await rita.getByRole('link', { name: 'Holds', exact: true }).click();
      await rita.getByRole('textbox', { name: 'Matter' }).fill('Records request 25-77');
      await rita.getByRole('textbox', { name: 'Reason for the hold' }).fill('public records request');
      await rita.getByRole('textbox', { name: 'Search terms' }).fill('lunch');
      await rita.getByRole('button', { name: 'Place hold' }).click();
      await rita.getByRole('cell', { name: /^Records request 25-77/ }).waitFor();

      // The second officer approves.
      const ron = await signInWithOidc('ron');
      await ron.getByRole('link', { name: 'Dispositions', exact: true }).click();
      await ron.getByRole('button', { name: 'Approve disposition of Transitory' }).click();
      await ron.getByRole('status').filter({ hasText: 'Approved: 2 records destroyed, 1 kept under legal holds' }).waitFor();
      const [certPage] = await Promise.all([ron.context().waitForEvent('page'), ron.getByRole('link', { name: 'Certificate' }).click()]);
      await certPage.getByRole('heading', { name: 'Certificate of destruction' }).waitFor();
      expect(await certPage.getByRole('row', { name: /Records destroyed/ }).textContent()).toContain('2');
      expect(await certPage.getByRole('row', { name: /Schedule citation/ }).textContent()).toContain('GRS 5.2 item 020');
      expect(await certPage.getByRole('row', { name: /Approved by/ }).textContent()).toContain('Ron Records');
      expect(await certPage.getByRole('row', { name: /Proposed by/ }).textContent()).toContain('Rita Records');
      await certPage.setViewportSize({ width: 1280, height: 720 });
      await certPage.screenshot({ path: `${shots}/console-certificate-${harness.kind}.png` });

      // Held (payroll) and unexpired (carol) records survive; the rest lost their content.
      const content = async (id: string) => (await s.store.getRecord(id))?.recordJson ?? 'missing';
      expect(await content(rid(1))).toBe('');
      expect(await content(rid(4))).toBe('');
      expect(await content(rid(2))).toContain('payroll numbers');
      expect(await content(rid(3))).toContain('lunch at noon?');
      expect(await content(rid(5))).toContain('budget meeting moved');
      // The console's search shows the destroyed ones as destroyed.
      await ron.getByRole('link', { name: 'Search', exact: true }).click();
      await ron.getByRole('textbox', { name: 'Search records' }).fill('budget');
      await ron.getByRole('textbox', { name: 'Reason' }).fill('post-disposition check');
      await ron.getByRole('button', { name: 'Search', exact: true }).click();
      await ron.getByRole('status').filter({ hasText: '2 records' }).waitFor();

      // Export what a hold covers: the held record, complete, verifies offline.
      await ron.getByRole('link', { name: 'Holds', exact: true }).click();
      const [holdDownload] = await Promise.all([ron.waitForEvent('download'), ron.getByRole('button', { name: 'Export Smith v. State, No. 24-1234' }).click()]);
      const holdZip = join(s.dir, 'hold-export.zip');
      await holdDownload.saveAs(holdZip);
      const holdCheck = await retentionCli(['verify-export', holdZip]);
      expect(holdCheck.stdout).toMatch(/^Export verified: 1 records \(0 redacted, 0 disposed of\)/);

      // Series and schedules: the conversations, their series and why.
      await ron.getByRole('link', { name: 'Series', exact: true }).click();
      await ron.getByRole('table', { name: 'Conversations and their series' }).getByRole('cell', { name: 'carol@agency.example.gov chat' }).waitFor();
      await ron.screenshot({ path: `${shots}/console-series-${harness.kind}.png` });

      const verify = await retentionCli(['verify', '--db', s.db, '--signing-key', keyFile()]);
      expect(verify.stdout).toMatch(/^Store intact: 5 records/);
      expect(verify.stdout).toMatch(/Disposed of: 2 records' content \(leaves 0–3\) by approved disposition/);
      expect(verify.code).toBe(0);

      // A person whose groups map to no role is refused.
      const val = await (await browser.newContext()).newPage();
      await val.goto(`${server.url}/console`);
      await val.getByRole('link', { name: 'Sign in with your agency account' }).click();
      await val.getByPlaceholder('Enter any login').fill('val');
      await val.getByPlaceholder('and password').fill('x');
      await val.getByRole('button', { name: 'Sign-in' }).click();
      await val.getByRole('button', { name: 'Continue' }).click();
      await val.getByRole('alert').filter({ hasText: 'not in a group that may use the records console' }).waitFor();
    }, 240_000); // many steps, two browsers and four CLI runs on a shared 2-core machine

    it('break-glass token sign-in: the auditor sees every access with its reason; CSRF and CSP hold', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
      await page.goto(`${server.url}/console`);
      await page.screenshot({ path: `${shots}/console-signin-${harness.kind}.png` });
      await page.getByRole('textbox', { name: 'Token' }).fill('aimr_wrong');
      await page.getByRole('button', { name: 'Sign in with token' }).click();
      await page.getByRole('alert').filter({ hasText: 'unknown, revoked' }).waitFor();
      await page.getByRole('textbox', { name: 'Token' }).fill(auditorToken);
      await page.getByRole('button', { name: 'Sign in with token' }).click();
      await page.getByRole('link', { name: 'Audit', exact: true }).click();
      const audit = page.getByRole('table', { name: 'Audit entries' });
      await audit.getByRole('cell', { name: 'console.search' }).first().waitFor();
      expect(await audit.textContent()).toContain('FOIA request 25-12');
      expect(await audit.textContent()).toContain('disposition.approve');
      await page.screenshot({ path: `${shots}/console-audit-${harness.kind}.png` });
      await page.getByRole('link', { name: 'Status', exact: true }).click();
      await page.getByText('Latest signed tree head').waitFor();
      await page.screenshot({ path: `${shots}/console-status-${harness.kind}.png` });
      expect(violations).toEqual([]);

      // A state-changing request without the CSRF token is refused; the same request with it passes.
      const cookies = await context.cookies();
      const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const me = (await (await fetch(`${server.url}/console/api/session`, { headers: { cookie: cookieHeader } })).json()) as { csrf: string };
      const post = (headers: Record<string, string>) =>
        fetch(`${server.url}/console/api/session/signout`, { method: 'POST', headers: { cookie: cookieHeader, 'content-type': 'application/json', ...headers }, body: '{}' });
      expect((await post({})).status).toBe(403);
      expect((await post({ 'x-csrf-token': me.csrf, origin: 'http://evil.example' })).status).toBe(403);
      expect((await post({ 'x-csrf-token': me.csrf })).status).toBe(200);
      expect((await fetch(`${server.url}/console/api/session`, { headers: { cookie: cookieHeader } })).status).toBe(401);
      const page0 = await fetch(`${server.url}/console`);
      expect(page0.headers.get('content-security-policy')).toContain("script-src 'self'");
    });
  });
}
