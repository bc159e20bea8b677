/**
 * Through the web host and the real core against Prosody (issue 11 items 7 and 9):
 *  - policy NotificationShowsText off (the default): a desktop notification for Bob's message says
 *    "New message from …" and carries none of the text; on (a second web host whose policy sets it): the
 *    same kind of message carries its text — the control for the "off" run;
 *  - the layout check (test/support/layout.ts) on the signed-in screens at 1280×720 and 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { startWebHostProcess, type RunningWebHost } from '../support/webHost';
import { launchChromium } from '../support/browser';
import { signInThroughUi } from '../support/ui';
import { layoutProblems } from '../support/layout';

let server: ProsodyServer;
let browser: Browser;
let bob: ReturnType<typeof makeCore>;
const hosts: RunningWebHost[] = [];

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
  browser = await launchChromium();
  bob = makeCore(server);
  await bob.core.handlers['session:signIn']({ address: `bob@${server.domain}`, password: 'bob-pass-1', remember: false });
});

afterAll(async () => {
  await bob?.core.shutdown();
  await browser?.close();
  for (const h of hosts) await h.stop();
  await server?.stop();
});

type Note = { title: string; body: string };

/** A page whose Notification records what it is asked to show (headless Chromium shows none), permission granted. */
async function pageWithNotifications(url: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: { title: string; body: string }[] };
    w.__notes = [];
    class RecordingNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission(): Promise<NotificationPermission> {
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      onclose: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        w.__notes.push({ title, body: options.body ?? '' });
      }
      close(): void {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
  });
  await page.goto(url);
  return page;
}

const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: Note[] }).__notes);

async function bobWritesAndAliceIsNotified(page: Page, body: string): Promise<Note[]> {
  await bob.core.handlers['chat:send']({ to: `alice@${server.domain}`, body });
  await expect.poll(async () => (await notes(page)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  return notes(page);
}

describe('desktop notifications and layout through the web host (Chromium + real Prosody)', () => {
  it('NotificationShowsText off (default): "New message from <name>", no text; signed-in screens lay out at both sizes', async () => {
    const web = await startWebHostProcess(server.policyFile());
    hosts.push(web);
    const page = await pageWithNotifications(web.url);
    await signInThroughUi(page, `alice@${server.domain}`, 'alice-pass-1');
    const got = await bobWritesAndAliceIsNotified(page, 'The gate code is 4417, keep it to yourself');
    expect(got).toHaveLength(1);
    expect(got[0]!.body).toBe('New message from Bob');
    expect(JSON.stringify(got)).not.toContain('4417');

    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.getByRole('button', { name: /bob/i }).first().waitFor();
      expect(await layoutProblems(page), `main ${size.width}x${size.height}`).toEqual([]);
      await page.getByRole('button', { name: /bob/i }).first().click();
      await page.getByRole('log').getByText('The gate code is 4417', { exact: false }).waitFor();
      expect(await layoutProblems(page), `conversation ${size.width}x${size.height}`).toEqual([]);
      await page.screenshot({ path: `.tmp/screens/e2e-layout-conversation-${size.width}x${size.height}.png` });
    }
    await page.close();
  });

  it('NotificationShowsText on: the notification carries the text (control for the run above)', async () => {
    const web = await startWebHostProcess(server.policyFile({ NotificationShowsText: true }));
    hosts.push(web);
    const page = await pageWithNotifications(web.url);
    await signInThroughUi(page, `alice@${server.domain}`, 'alice-pass-1');
    const got = await bobWritesAndAliceIsNotified(page, 'Lunch at noon?');
    expect(got.map((n) => n.body)).toEqual(['Lunch at noon?']);
    await page.close();
  });
});
