/**
 * The sidebar and the message list at scale (issue 18 item 7) in Debian's Chromium against the fake bridge's
 * `scale` mode: 2,000 contacts and 200 rooms are virtual rows (only those in view are in the DOM), the
 * filter and the keyboard still reach every contact, and a 10,000-message conversation opens at its end.
 * Speed is measured by bench/renderer.bench.ts, not here.
 */
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';
import { SCALE_CONVERSATION, scaleContacts } from './dev/scaleData';

const { open, poll, axe, shot } = usePreview();
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

describe('renderer preview at scale (2,000 contacts, 200 rooms, 10,000 messages)', () => {
  it('renders only the rows in view, yet the filter and the keyboard reach every contact', async () => {
    const page = await open('online,scale');
    const first = page.locator(`[data-contact="${SCALE_CONVERSATION}"]`);
    await first.waitFor();
    const inDom = await page.locator('[data-contact]').count();
    expect(inDom).toBeGreaterThan(3);
    expect(inDom).toBeLessThan(100);
    // Control: the list knows all of them (aria-setsize on the rows), not just those rendered.
    expect(await page.locator('.contacts li').first().getAttribute('aria-setsize')).toBe('2000');

    // Keyboard: End reaches the last contact (never rendered before), Home the first.
    const last = scaleContacts().sort((a, b) => collator.compare(a.name, b.name)).at(-1)!;
    await first.focus();
    await page.keyboard.press('End');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.contact ?? '')).toBe(last.jid);
    await page.keyboard.press('ArrowUp');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.row ?? '')).toBe('1998');
    await page.keyboard.press('Home');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.contact ?? '')).toBe(SCALE_CONVERSATION);

    // The filter searches all 2,000, not only the rendered rows.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(last.name);
    await page.locator(`[data-contact="${last.jid}"]`).waitFor();
    expect(await page.locator('[data-contact]').count()).toBe(1);
    await axe(page, 'scale roster filtered');
    await page.context().close();
  });

  it('opens the 10,000-message conversation at its newest message with a bounded DOM', async () => {
    const page = await open('online,scale');
    await page.locator(`[data-contact="${SCALE_CONVERSATION}"]`).click();
    const log = page.getByRole('log', { name: 'Messages with Aaron Abbott' });
    await log.getByText('(#9999)', { exact: false }).waitFor();
    expect(await log.locator('.log-row').count()).toBeLessThan(100);
    await shot(page, 'scale-conversation');
    await page.context().close();
  });
});
