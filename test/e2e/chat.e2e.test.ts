import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { startWebHostProcess, type RunningWebHost } from '../support/webHost';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { signInThroughUi } from '../support/ui';

let server: ProsodyServer;
let web: RunningWebHost;
let browser: Browser;
let bob: ReturnType<typeof makeCore>;
const shots = '.tmp/screens';

const signIn = signInThroughUi;

async function expectStatus(page: Page, text: RegExp, timeout = 30_000) {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout });
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
  web = await startWebHostProcess(server.policyFile());
  browser = await launchChromium();
  bob = makeCore(server);
  await bob.core.handlers['session:signIn']({ address: `bob@${server.domain}`, password: 'bob-pass-1', remember: false });
});

afterAll(async () => {
  await bob?.core.shutdown();
  await browser?.close();
  await web?.stop();
  await server?.stop();
});

describe('web host end to end (Chromium + real Prosody)', () => {
  it('refuses the page without the access token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(web.url.replace(/\?token=.*/, ''));
    expect(res?.status()).toBe(403);
    await page.close();
  });

  it('Alice signs in, chats both ways, sees history after signing in again, and survives a Prosody restart', async () => {
    const alice = `alice@${server.domain}`;
    const bobJid = `bob@${server.domain}`;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(web.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/e2e-sign-in.png` });
    await signIn(page, alice, 'alice-pass-1');

    // Start a chat with Bob.
    await page.getByRole('button', { name: 'New chat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Address' }).fill(bobJid);
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    const log = page.getByRole('log');
    await log.waitFor();

    // Alice → Bob, with Enter; the UI shows the delivery state.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Morning Bob, the <b>budget</b> memo is in the shared drive');
    await composer.press('Enter');
    await log.getByText('Morning Bob, the <b>budget</b> memo is in the shared drive').waitFor();
    const got = await bob.waitForEvent('chat:message', (m) => m.body.includes('budget'));
    expect(got.from).toBe(alice);
    await log.getByText(/Delivered/).first().waitFor({ timeout: 15_000 });

    // Bob → Alice
    await bob.core.handlers['chat:send']({ to: alice, body: 'Thanks Alice, reviewing now.' });
    await log.getByText('Thanks Alice, reviewing now.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/e2e-conversation.png` });

    // Shift+Enter adds a line, Send button sends.
    await composer.fill('line one');
    await composer.press('Shift+Enter');
    await composer.type('line two');
    expect(await composer.inputValue()).toBe('line one\nline two');
    await page.getByRole('button', { name: 'Send' }).click();
    await bob.waitForEvent('chat:message', (m) => m.body === 'line one\nline two');

    // Prosody restart: a message sent during the outage arrives exactly once.
    const restarting = server.restart();
    await expectStatus(page, /Reconnecting|Connecting|Offline/i);
    await composer.fill('sent while the server restarts');
    await composer.press('Enter');
    await restarting;
    await expectStatus(page, /Online/, 60_000);
    await bob.waitForEvent('chat:message', (m) => m.body === 'sent while the server restarts');
    await new Promise((r) => setTimeout(r, 1500));
    expect(bob.of('chat:message').filter((m) => m.body === 'sent while the server restarts')).toHaveLength(1);
    await expect(log.getByText('sent while the server restarts').count()).resolves.toBe(1);

    // Sign out and in again: history comes from the server archive.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const confirm = page.getByRole('dialog');
    if (await confirm.isVisible().catch(() => false)) {
      await confirm.getByRole('button').filter({ hasText: /sign out/i }).first().click();
    }
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, alice, 'alice-pass-1');
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Address' }).fill(bobJid);
    await page.getByRole('dialog').getByRole('button', { name: 'Start chat' }).click();
    await log.getByText('Thanks Alice, reviewing now.').waitFor();
    await expect(log.getByText('sent while the server restarts').count()).resolves.toBe(1);
    await page.screenshot({ path: `${shots}/e2e-history.png` });
    await page.close();
  });
});
