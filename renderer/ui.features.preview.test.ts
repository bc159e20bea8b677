/**
 * Composer safety features, notifications and the settings page in Debian's Chromium against the fake
 * bridge (scripts/renderer-preview.ts): DLP hints while typing with "Mask sensitive text", encoded
 * binaries refused before sending, and axe-core on each new screen. Screenshots go to .tmp/screens/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreviewSession, type PreviewSession } from '../scripts/renderer-preview';

let preview: PreviewSession;
beforeAll(async () => {
  preview = await startPreviewSession();
});
afterAll(async () => {
  await preview?.close();
});

const open = (hash = '') => preview.open(hash);
const shot = (page: Page, name: string) => preview.screenshot(page, name);
const calls = (page: Page, channel: string) => preview.calls(page, channel);
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });
async function axe(page: Page, name: string): Promise<void> {
  const serious = await preview.seriousA11yViolations(page);
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

async function openDana(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Dana Whitfield/ }).click();
  await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).getByText('Open floor').waitFor();
}

describe('renderer preview: composer safety, notifications, settings (Chromium + fake bridge)', () => {
  it('DLP hints while typing name the finding and the action; Mask replaces it in the draft', async () => {
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await page.keyboard.type('Her SSN 536-22-8147 for the form');
    const panel = page.getByRole('region', { name: 'Sensitive information check' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Looks like a Social Security number');
    expect(await panel.textContent()).toContain('536-22-8147');
    expect(await panel.textContent()).toContain('Blocked');
    await shot(page, 'dlp-hints');
    await axe(page, 'dlp hints');
    // Advisory only: nothing was sent while typing.
    expect(await calls(page, 'chat:send')).toEqual([]);

    await panel.getByRole('button', { name: 'Mask sensitive text' }).click();
    await poll(() => box.inputValue()).toBe('Her SSN •••-••-8147 for the form');
    await poll(() => panel.count()).toBe(0);
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await calls(page, 'chat:send')).toEqual([]);

    // A warn-level finding says a reason will be needed; clearing the draft hides the panel.
    await box.fill('DOB: 03/14/1982');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Looks like a date of birth');
    expect(await panel.textContent()).toContain('Needs a reason');
    await shot(page, 'dlp-hints-warn');
    await box.fill('');
    await poll(() => panel.count()).toBe(0);
    await page.context().close();
  });
});
