import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { startWebHostProcess, type RunningWebHost } from '../support/webHost';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { signInThroughUi } from '../support/ui';

let server: ProsodyServer;
let browser: Browser;
const hosts: RunningWebHost[] = [];

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  browser = await launchChromium();
});
afterAll(async () => {
  for (const h of hosts) await h.stop();
  await browser?.close();
  await server?.stop();
});

async function open(policyFile: string) {
  const web = await startWebHostProcess(policyFile);
  hosts.push(web);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(web.url);
  return page;
}

describe('group policy in the client (web host + Chromium)', () => {
  it('fails closed: a missing security-critical policy shows "Configuration error" naming it, and no sign-in', async () => {
    const file = server.policyFile();
    const policy = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete policy.XmppHost;
    writeFileSync(file, JSON.stringify(policy));
    const page = await open(file);
    await page.getByText(/Configuration error/).first().waitFor();
    await expect(page.getByText('XmppHost').first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/e2e-config-error.png' });
  });

  it('a corrupt policy file never crashes the client: it shows the configuration error', async () => {
    const file = join(server.dir, 'corrupt.json');
    writeFileSync(file, '{ "XmppDomain": "approved.test", ');
    const page = await open(file);
    await page.getByText(/Configuration error/).first().waitFor();
    await expect(page.getByText(/not valid JSON|JSON/).first().isVisible()).resolves.toBe(true);
  });

  it('an invalid non-critical value falls back to its default with a visible warning', async () => {
    const file = server.policyFile({ MaxMessageLength: 'lots' });
    const page = await open(file);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect(page.getByText(/MaxMessageLength/).first().isVisible()).resolves.toBe(true);
  });

  it('shows every policy with value, source and status, the hash, review date and Export; applies a runtime change without a restart', async () => {
    const file = server.policyFile({ PolicyVersion: '2026.3', PolicyReviewedOn: '2024-01-15', RetentionServerToken: 'super-secret-token-value', RememberPasswordAllowed: true });
    const page = await open(file);
    await signInThroughUi(page, `alice@${server.domain}`, 'alice-pass-1');
    await page.getByRole('button', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await page.getByText('2026.3').first().waitFor();
    await expect(page.getByText(/Review overdue/i).first().isVisible()).resolves.toBe(true);
    for (const name of ['XmppDomain', 'AllowedContactDomains', 'GroupChatAllowed', 'RetentionFailMode', 'DlpActions', 'DevToolsAllowed']) {
      await expect(page.getByText(name, { exact: true }).first().isVisible(), name).resolves.toBe(true);
    }
    // Sensitive values are masked.
    expect(await page.content()).not.toContain('super-secret-token-value');
    await expect(page.getByRole('button', { name: 'Export' }).isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/e2e-policy.png', fullPage: false });

    // Runtime policy: change MaxMessageLength in the file; the page shows the new value without a restart.
    const policy = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...policy, MaxMessageLength: 1234 }));
    await expect
      .poll(
        async () => {
          const reload = page.getByRole('button', { name: 'Reload' });
          if (await reload.isVisible().catch(() => false)) await reload.click();
          return page.getByText('1234', { exact: true }).count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
  });

  it("saves the user's own idle sign-out minutes from Settings; main warns and then signs the idle session out", { timeout: 180_000 }, async () => {
    const page = await open(server.policyFile({ RememberPasswordAllowed: true }));
    await signInThroughUi(page, `alice@${server.domain}`, 'alice-pass-1');
    await page.getByRole('button', { name: 'Settings' }).click();
    const idle = page.getByRole('spinbutton', { name: 'Sign out after idle minutes' });
    await expect.poll(() => idle.isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await idle.inputValue()).toBe('0');
    await idle.fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // Through main: the Policy page shows the user's value in force.
    await page.getByRole('button', { name: 'View all policies' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await expect.poll(() => page.getByText('Your setting').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // No keyboard or mouse from here on: a 1-minute limit warns for its last 30 s, then main signs out.
    const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await dialog.waitFor({ timeout: 75_000 }); // up to 30 s for the last throttled report, then 30 s
    expect(await dialog.textContent()).toMatch(/You will be signed out in \d+ seconds because of inactivity\./);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/e2e-idle-warning.png' });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 45_000 });
    await page.getByRole('status').filter({ hasText: 'You were signed out after 1 minute without activity.' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Address' }).inputValue()).toBe(`alice@${server.domain}`);
    await page.screenshot({ path: '.tmp/screens/e2e-idle-signed-out.png' });
  });
});
