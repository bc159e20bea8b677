/**
 * Presence and contacts in Debian's Chromium against the fake bridge (scripts/renderer-preview.ts):
 * a contact's idle time, renaming and removing a contact through the "More actions" menu, keyboard use of
 * the menu and dialogs, and axe-core on the new dialogs. Screenshots go to .tmp/screens/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';

const { open, shot, calls, poll, axe } = usePreview();
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');

describe('renderer preview: presence and contacts (Chromium + fake bridge)', () => {
  it('shows a contact idle time in the list and the conversation header', async () => {
    const page = await open('online');
    const marcus = page.getByRole('button', { name: /Marcus Lee/ });
    await poll(() => marcus.textContent()).toContain('Away · idle 25 min');
    await marcus.click();
    await poll(() => page.locator('.conversation-sub').textContent()).toContain('Away · idle 25 min');
    await shot(page, 'contact-idle');
  });

  it('renames a contact through More actions → Rename contact', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: /Dana Whitfield/ }).click();
    const more = page.getByRole('button', { name: 'More actions for Dana Whitfield' });
    await more.click();
    const menu = page.getByRole('menu', { name: 'Actions for Dana Whitfield' });
    await menu.waitFor();
    await shot(page, 'contact-actions-menu');
    await axe(page, 'contact actions menu');
    // Escape closes the menu and puts focus back on its button.
    await page.keyboard.press('Escape');
    await poll(() => menu.count()).toBe(0);
    await poll(() => focusedName(page)).toBe('More actions for Dana Whitfield');

    await more.click();
    await page.getByRole('menuitem', { name: 'Rename contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename contact' });
    await dialog.waitFor();
    const box = dialog.getByRole('textbox', { name: 'Name' });
    await poll(() => box.inputValue()).toBe('Dana Whitfield');
    // An empty name is refused in the dialog, nothing sent.
    await box.fill('  ');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await calls(page, 'contact:rename')).toEqual([]);
    await box.fill('Dana W. (Budget)');
    await shot(page, 'contact-rename-dialog');
    await axe(page, 'rename dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => calls(page, 'contact:rename')).toEqual([{ jid: 'dana.whitfield@agency.example.gov', name: 'Dana W. (Budget)' }]);
    // The roster update arrives through 'roster:changed': list and header show the new name.
    await page.getByRole('heading', { level: 1, name: 'Dana W. (Budget)' }).waitFor();
    await page.getByRole('button', { name: /Dana W\. \(Budget\)/ }).first().waitFor();
    await poll(() => focusedName(page)).toBe('More actions for Dana W. (Budget)');
  });

  it('Escape closes the rename dialog without renaming; the menu works from the keyboard', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: /Janet Okafor/ }).click();
    const more = page.getByRole('button', { name: 'More actions for Janet Okafor' });
    await more.focus();
    await page.keyboard.press('ArrowDown');
    await poll(() => focusedName(page)).toBe('Rename contact');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Rename contact' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await poll(() => focusedName(page)).toBe('More actions for Janet Okafor');
    expect(await calls(page, 'contact:rename')).toEqual([]);
  });

  it('ArrowUp on the menu button opens the menu at its last item; a click outside closes it', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: /Janet Okafor/ }).click();
    const more = page.getByRole('button', { name: 'More actions for Janet Okafor' });
    await more.focus();
    await page.keyboard.press('ArrowUp');
    await poll(() => focusedName(page)).toBe('Remove contact');
    await page.keyboard.press('Escape');
    await poll(() => focusedName(page)).toBe('More actions for Janet Okafor');
    await more.click();
    const menu = page.getByRole('menu', { name: 'Actions for Janet Okafor' });
    await menu.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await page.mouse.click(5, 790);
    await poll(() => menu.count()).toBe(0);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
  });

  it('removes a contact after confirming', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: /Janet Okafor/ }).click();
    const more = page.getByRole('button', { name: 'More actions for Janet Okafor' });
    await more.click();
    await page.getByRole('menuitem', { name: 'Remove contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Janet Okafor?' });
    await dialog.waitFor();
    // Cancel is focused first (the safe choice); Escape closes without removing.
    await poll(() => focusedName(page)).toBe('Cancel');
    await shot(page, 'contact-remove-dialog');
    await axe(page, 'remove dialog');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect(await calls(page, 'contact:remove')).toEqual([]);

    await more.click();
    await page.getByRole('menuitem', { name: 'Remove contact' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => calls(page, 'contact:remove')).toEqual([{ jid: 'janet.okafor@agency.example.gov' }]);
    // Gone from the roster: the header offers to add them again and the actions menu is gone.
    await page.getByRole('button', { name: 'Add to contacts' }).waitFor();
    expect(await page.getByRole('button', { name: 'More actions for Janet Okafor' }).count()).toBe(0);
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('conversation-title');
    await shot(page, 'contact-removed');
  });
});
