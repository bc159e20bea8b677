/**
 * The records console's Fleet page (issue 15) in Chromium: token sign-in, the fleet table with its flags,
 * the "Policy differs only" and "Old version only" filters, and the printable yearly review; a role
 * without the fleet right does not get the page.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/auth';
import { startServer, type RunningServer } from '../../server/serve';
import { sqliteHarness, type OpenedStore } from '../../server/test/fixtures';
import { launchChromium } from '../support/browser';

const SLOW = 180_000;
const harness = sqliteHarness();
let s: OpenedStore;
let server: RunningServer;
let browser: Browser;
const tokens: Record<'admin' | 'legal' | 'client', string> = { admin: '', legal: '', client: '' };

const ev = (n: number, over: Record<string, unknown>) => ({
  type: 'session-start',
  at: new Date(Date.now() - n * 60_000).toISOString(),
  eventId: `e${n}`,
  deviceId: `device-${n}`,
  account: `user${n}@agency.example.gov`,
  clientVersion: '1.4.0',
  policyHash: 'hash-2026',
  policyVersion: '2026.1',
  policyReviewedOn: '2026-01-05',
  backlog: n,
  ...over,
});

beforeAll(async () => {
  s = await harness.open();
  const keyFile = join(s.dir, 'signing-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  server = await startServer({
    store: s.store, signingKeyFile: keyFile, host: '127.0.0.1', port: 0, logLevel: false, treeHeads: { everyRecords: 1000, everyMs: 0 },
    console: { tokenSignIn: true },
    centralAudit: { config: { expectedPolicyHashes: ['hash-2026'] } },
  });
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = (await createToken(s.store, role, `${role} person`)).token;
  const res = await fetch(`${server.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.client}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [ev(1, {}), ev(2, { clientVersion: '1.3.2' }), ev(3, { policyHash: 'hash-2025', policyVersion: '2025.1', policyReviewedOn: '2024-12-01', reviewOverdue: true }), ev(4, { type: 'dlp-block', deviceId: 'device-1', account: 'user1@agency.example.gov', action: 'block', types: 'US_SSN' })] }),
  });
  expect(res.status).toBe(200);
  browser = await launchChromium();
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await s?.cleanup().catch(() => undefined);
});

async function signIn(token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(`${server.url}/console`);
  await page.getByRole('textbox', { name: 'Token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  return page;
}

const rows = (page: Page) => page.getByRole('table', { name: /Devices/ }).locator('tbody tr');

describe('records console: Fleet page', () => {
  it('lists every device with its flags, filters by policy and version, and prints the yearly review', async () => {
    const page = await signIn(tokens.admin);
    await page.getByRole('link', { name: 'Fleet', exact: true }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.getByRole('table', { name: 'Devices (3)' }).waitFor();
    expect(await rows(page).filter({ hasText: 'device-2' }).textContent()).toContain('old version');
    expect(await rows(page).filter({ hasText: 'device-3' }).textContent()).toMatch(/policy differs.*review overdue/);
    expect(await rows(page).filter({ hasText: 'device-1' }).textContent()).not.toMatch(/old version|policy differs/);

    await page.getByRole('checkbox', { name: 'Policy differs only' }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('table', { name: 'Devices (1)' }).waitFor();
    expect(await rows(page).first().textContent()).toContain('device-3');
    await page.getByRole('checkbox', { name: 'Policy differs only' }).uncheck();
    await page.getByRole('checkbox', { name: 'Old version only' }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    // The table before this Apply was also "Devices (1)" (device-3): wait for the new answer, then check it is the only row.
    await rows(page).filter({ hasText: 'device-2' }).waitFor();
    await page.getByRole('table', { name: 'Devices (1)' }).waitFor();
    expect(await rows(page).count()).toBe(1);
    await page.getByRole('table', { name: /DLP and refusals/ }).getByRole('cell', { name: 'dlp-block' }).waitFor();

    const review = await page.request.get(`${server.url}/console/api/review-report.html`);
    expect(review.status()).toBe(200);
    expect(await review.text()).toContain('Approved IM yearly review');
    const printed = await page.context().newPage();
    await printed.goto(`${server.url}/console/api/review-report.html`);
    await printed.getByRole('heading', { name: 'Policy in force' }).waitFor();
    const audit = await s.store.listAudit({ limit: 1000 });
    expect(audit.filter((a) => a.action === 'console.fleet').length).toBeGreaterThanOrEqual(3);
  }, SLOW);

  it('a role without the fleet right gets no Fleet page and no fleet API', async () => {
    const page = await signIn(tokens.legal);
    await page.getByRole('link', { name: 'Holds', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Fleet', exact: true }).count()).toBe(0);
    expect((await page.request.get(`${server.url}/console/api/fleet`)).status()).toBe(403);
  }, SLOW);
});
